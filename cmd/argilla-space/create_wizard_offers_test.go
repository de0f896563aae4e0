package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/internal/prompt"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// The wizard offers the namespaces where preflight lets alice create a Docker Space (herself, PRO, and
// acme, a team), lists freeorg (no plan, cannot pay) with its reason, and ends on a summary to confirm.
func TestCreateWizardOffersOnlyCreatableOwners(t *testing.T) {
	p := &fakePrompter{answers: prompt.CreateAnswers{Name: "wiz", Owner: "acme", Visibility: "private",
		Storage: "bucket", Username: "alice", Workspaces: []string{"argilla"}}}
	a, _, _, errb := wizardApp(t, p, true)
	if code := a.execute(context.Background(), []string{"create", "--no-wait"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	q := p.asked
	if q == nil || !slices.Equal(q.Owners, []string{"alice", "acme"}) || q.Self != "alice" || !q.Confirm {
		t.Fatalf("questions: %+v", q)
	}
	if len(q.Unavailable) != 1 || !strings.Contains(q.Unavailable["freeorg"], "no paid plan") {
		t.Fatalf("unavailable = %q, want freeorg with its reason", q.Unavailable)
	}
}

// bob (free plan; read role in acme) can create nowhere: the preflight message, exit 3, before any
// question and with nothing created.
func TestCreateWizardNowhereToCreate(t *testing.T) {
	p := &fakePrompter{}
	a, srv, _, errb := wizardAppAs(t, p, true, "hf_bob")
	if code := a.execute(context.Background(), []string{"create"}); code != exitAuth {
		t.Fatalf("exit %d, want %d: %s", code, exitAuth, errb)
	}
	if p.asked != nil {
		t.Fatalf("the wizard asked: %+v", p.asked)
	}
	if !strings.Contains(errb.String(), "Docker Spaces need a paid plan: bob has none") {
		t.Errorf("stderr: %s", errb)
	}
	assertOnlyReads(t, srv.Requests())
}

// No at the wizard's final question sends nothing: exit 5, as a declined plan.
func TestCreateWizardSummaryDeclined(t *testing.T) {
	p := &fakePrompter{err: prompt.ErrNotConfirmed}
	a, srv, _, errb := wizardApp(t, p, true)
	if code := a.execute(context.Background(), []string{"create"}); code != exitConfirm {
		t.Fatalf("exit %d, want %d: %s", code, exitConfirm, errb)
	}
	if !strings.Contains(errb.String(), "not confirmed") {
		t.Errorf("stderr: %s", errb)
	}
	assertOnlyReads(t, srv.Requests())
}

// assertOnlyReads fails on any request that could change the Hub.
func assertOnlyReads(t *testing.T, reqs []hubtest.RequestRecord) {
	t.Helper()
	for _, r := range reqs {
		if r.Method != "GET" {
			t.Errorf("a write was sent: %s %s", r.Method, r.Path)
		}
	}
}
