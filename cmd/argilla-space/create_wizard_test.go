package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/internal/prompt"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// fakePrompter answers the wizard like a person would, and records what it was asked.
type fakePrompter struct {
	answers prompt.CreateAnswers
	asked   *prompt.CreateQuestions
	err     error
}

func (f *fakePrompter) CreateWizard(_ context.Context, q prompt.CreateQuestions) (prompt.CreateAnswers, error) {
	f.asked = &q
	return f.answers, f.err
}
func (f *fakePrompter) Confirm(context.Context, string, string) (bool, error)      { return false, nil }
func (f *fakePrompter) ConfirmTyped(context.Context, string, string) (bool, error) { return false, nil }
func (f *fakePrompter) Password(context.Context, string, bool) (string, error)     { return "", nil }

func wizardApp(t *testing.T, p prompt.Prompter, yes bool) (*app, *hubtest.Server, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	return wizardAppAs(t, p, yes, "hf_alice")
}

// wizardAppAs is wizardApp with another token.
func wizardAppAs(t *testing.T, p prompt.Prompter, yes bool, token string) (*app, *hubtest.Server, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	home := t.TempDir()
	env := map[string]string{"HF_ENDPOINT": srv.URL, "HF_TOKEN": token, "HOME": home,
		"ARGILLA_SPACE_CONFIG_DIR": filepath.Join(home, "cfg")}
	var out, errb bytes.Buffer
	a := newApp(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	a.prompter, a.promptOK = p, &yes
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	os.Chdir(home)
	return a, srv, &out, &errb
}

// On a terminal with the name missing, the wizard asks; its answers make the Space.
func TestCreateWizardAnswersMakeTheSpace(t *testing.T) {
	p := &fakePrompter{answers: prompt.CreateAnswers{Name: "wiz", Owner: "acme", Visibility: "private",
		Storage: "bucket", Username: "alice", Password: "wizard-password-1", Workspaces: []string{"argilla", "team-b"}}}
	a, srv, _, errb := wizardApp(t, p, true)
	if code := a.execute(context.Background(), []string{"create"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	q := p.asked
	if q == nil || !q.AskName || !q.AskOwner || !q.AskVisibility || !q.AskPassword || !q.AskWorkspaces {
		t.Fatalf("the wizard did not ask for the missing inputs: %+v", q)
	}
	if len(q.Owners) < 2 || q.Owners[0] != "alice" || !contains(q.Owners, "acme") || contains(q.Owners, "stranger") {
		t.Fatalf("owners offered: %v", q.Owners)
	}
	sp, ok := srv.Space("acme/wiz")
	if !ok {
		t.Fatal("acme/wiz was not created")
	}
	if sp.Visibility != "private" || sp.Secrets["PASSWORD"] != "wizard-password-1" || sp.Secrets["USERNAME"] != "alice" {
		t.Fatalf("space: visibility %s, secrets %v", sp.Visibility, keys(sp.Secrets))
	}
	if !strings.Contains(sp.Files[".oauth.yaml"], "name: team-b") {
		t.Fatalf("oauth file: %s", sp.Files[".oauth.yaml"])
	}
}

// An empty secret out of the form (accessible mode without a TTY does that) is refused.
func TestCreateWizardEmptySecretRefused(t *testing.T) {
	p := &fakePrompter{answers: prompt.CreateAnswers{Name: "wiz", Owner: "alice", Visibility: "public", Storage: "bucket", Username: "alice"}}
	a, srv, _, _ := wizardApp(t, p, true)
	code := a.execute(context.Background(), []string{"create", "--no-oauth"})
	if code == 0 {
		t.Fatal("an empty password with --no-oauth was accepted")
	}
	if _, ok := srv.Space("alice/wiz"); ok {
		t.Fatal("a Space was created anyway")
	}
}

// Without a terminal, nothing prompts: a missing name is the default one (issue 14), and stderr says
// which Space that makes.
func TestCreateWithoutTerminalUsesTheDefaultName(t *testing.T) {
	p := &fakePrompter{err: errors.New("must not be called")}
	a, srv, _, errb := wizardApp(t, p, false)
	if code := a.execute(context.Background(), []string{"create", "--private"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if p.asked != nil {
		t.Fatal("prompted without a terminal")
	}
	if _, ok := srv.Space("alice/argilla"); !ok {
		t.Fatal("alice/argilla was not created")
	}
	if !strings.Contains(errb.String(), "no name given: creating alice/argilla\n") {
		t.Fatalf("stderr: %s", errb)
	}
}

// On a terminal the wizard proposes the default name.
func TestCreateWizardProposesTheDefaultName(t *testing.T) {
	p := &fakePrompter{answers: prompt.CreateAnswers{Name: "argilla", Owner: "acme", Visibility: "private",
		Storage: "bucket", Username: "alice", Workspaces: []string{"argilla"}}}
	a, srv, _, errb := wizardApp(t, p, true)
	if code := a.execute(context.Background(), []string{"create"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if p.asked == nil || !p.asked.AskName || p.asked.Defaults.Name != "argilla" {
		t.Fatalf("the wizard did not propose argilla: %+v", p.asked)
	}
	if _, ok := srv.Space("acme/argilla"); !ok {
		t.Fatal("acme/argilla was not created")
	}
	if strings.Contains(errb.String(), "no name given") {
		t.Fatalf("the name was chosen in the wizard, yet stderr says none was given: %s", errb)
	}
}

// Ctrl-C in the wizard is an interruption (exit 130), and nothing is created.
func TestCreateWizardCancelled(t *testing.T) {
	p := &fakePrompter{err: prompt.ErrCancelled}
	a, srv, _, _ := wizardApp(t, p, true)
	if code := a.execute(context.Background(), []string{"create"}); code != exitInterrupted {
		t.Fatalf("exit %d, want %d", code, exitInterrupted)
	}
	if len(srv.Requests()) > 2 {
		t.Fatalf("requests after a cancelled wizard: %v", srv.Requests())
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// On a terminal, a name without a visibility flag makes the wizard ask for the visibility alone
// (private preselected), not for everything.
func TestCreateWizardAsksOnlyTheMissingVisibility(t *testing.T) {
	p := &fakePrompter{answers: prompt.CreateAnswers{Visibility: "protected"}}
	a, srv, _, errb := wizardApp(t, p, true)
	if code := a.execute(context.Background(), []string{"create", "acme/chosen", "--no-wait"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	q := p.asked
	if q == nil || !q.AskVisibility || q.Defaults.Visibility != "private" {
		t.Fatalf("the wizard did not ask for the visibility, private preselected: %+v", q)
	}
	if q.AskName || q.AskOwner || q.AskStorage || q.AskUsername || q.AskPassword || q.AskWorkspaces {
		t.Fatalf("the wizard asked for more than the visibility: %+v", q)
	}
	if sp, ok := srv.Space("acme/chosen"); !ok || sp.Visibility != "protected" {
		t.Fatalf("acme/chosen: %v %+v", ok, sp.Visibility)
	}
}
