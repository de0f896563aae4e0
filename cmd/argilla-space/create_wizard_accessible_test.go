package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/internal/prompt"
)

// oneLine reads like a terminal: one line per Read, so each of huh's accessible prompts (a new
// scanner each) gets its own line.
type oneLine struct{ rest string }

func (l *oneLine) Read(b []byte) (int, error) {
	if l.rest == "" {
		return 0, io.EOF
	}
	n := strings.IndexByte(l.rest, '\n') + 1
	if n == 0 {
		n = len(l.rest)
	}
	n = copy(b, l.rest[:n])
	l.rest = l.rest[n:]
	return n, nil
}

// The real wizard in accessible mode (ACCESSIBLE=1): after the name, Enter at every question keeps
// its default, including the owner username (the token's user) and the allowed workspaces (argilla),
// and the prompts say what those defaults are; then the summary, and y creates the Space. The password comes from ARGILLA_PASSWORD: accessible
// mode reads a typed one only from a terminal (the prompt package tests that on a pseudo-terminal).
func TestCreateAccessibleWizardKeepsDefaults(t *testing.T) {
	var shown bytes.Buffer
	p := prompt.New(prompt.Options{In: &oneLine{rest: "wiz\n\n\n\n\n\ny\n"}, Out: &shown, Accessible: true})
	a, srv, _, errb := wizardApp(t, p, true)
	env := a.getenv
	a.getenv = func(k string) string {
		if k == "ARGILLA_PASSWORD" {
			return "wizard-password-1"
		}
		return env(k)
	}
	if code := a.execute(context.Background(), []string{"create", "--no-wait"}); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errb, shown.String())
	}
	for _, want := range []string{"Owner username (default: alice)", "Allowed workspaces (default: argilla)",
		"Space:           alice/wiz", "Create this Space? [y/N]"} {
		if !strings.Contains(shown.String(), want) {
			t.Errorf("the wizard did not show %q:\n%s", want, shown.String())
		}
	}
	sp, ok := srv.Space("alice/wiz")
	if !ok {
		t.Fatalf("alice/wiz was not created:\n%s", shown.String())
	}
	if sp.Secrets["USERNAME"] != "alice" || sp.Secrets["PASSWORD"] != "wizard-password-1" || sp.Visibility != "private" {
		t.Fatalf("space: visibility %s, secrets %v", sp.Visibility, keys(sp.Secrets))
	}
	if !strings.Contains(sp.Files[".oauth.yaml"], "name: argilla") {
		t.Fatalf("oauth file: %s", sp.Files[".oauth.yaml"])
	}
}
