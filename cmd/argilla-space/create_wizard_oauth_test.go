package main

import (
	"context"
	"testing"

	"github.com/argilla-space/argilla-space/internal/prompt"
)

// With OAuth on, the wizard is told the password is optional, and an empty one makes a Space whose
// owner signs in with Hugging Face (no PASSWORD secret).
func TestCreateWizardPasswordOptionalWithOAuth(t *testing.T) {
	p := &fakePrompter{answers: prompt.CreateAnswers{Name: "wiz", Owner: "alice", Visibility: "private",
		Storage: "bucket", Username: "alice", Workspaces: []string{"argilla"}}}
	a, srv, _, errb := wizardApp(t, p, true)
	if code := a.execute(context.Background(), []string{"create", "--no-wait"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if p.asked == nil || !p.asked.AskPassword || !p.asked.PasswordOptional {
		t.Fatalf("the wizard was not asked an optional password: %+v", p.asked)
	}
	sp, ok := srv.Space("alice/wiz")
	if !ok {
		t.Fatal("alice/wiz was not created")
	}
	if _, set := sp.Secrets["PASSWORD"]; set || sp.Secrets["USERNAME"] != "alice" {
		t.Fatalf("secrets %v: want USERNAME and no PASSWORD", keys(sp.Secrets))
	}
}

// With --no-oauth the password stays required: the wizard is told so, and an empty answer creates nothing.
func TestCreateWizardPasswordRequiredWithoutOAuth(t *testing.T) {
	p := &fakePrompter{answers: prompt.CreateAnswers{Name: "wiz", Owner: "alice", Visibility: "private",
		Storage: "bucket", Username: "alice"}}
	a, srv, _, _ := wizardApp(t, p, true)
	if code := a.execute(context.Background(), []string{"create", "--no-oauth", "--no-wait"}); code == 0 {
		t.Fatal("an empty password with --no-oauth was accepted")
	}
	if p.asked == nil || !p.asked.AskPassword || p.asked.PasswordOptional {
		t.Fatalf("with --no-oauth the password must be asked as required: %+v", p.asked)
	}
	if _, ok := srv.Space("alice/wiz"); ok {
		t.Fatal("a Space was created anyway")
	}
}
