package main

import (
	"context"
	"os"
	"strings"
	"testing"
)

// yesPrompter answers the yes/no question with yes, and counts it.
type yesPrompter struct {
	answeringPrompter
	yes bool
}

func (p *yesPrompter) Confirm(context.Context, string, string) (bool, error) {
	p.askedConfirm++
	return p.yes, nil
}

const twoSpaces = "space: acme/one\nvisibility: private\n---\nspace: acme/two\nvisibility: private\n"

// Issue 10 item 3: on a terminal, apply shows the whole fleet's plan once and asks one yes/no; no
// changes nothing (exit 5), yes applies, --yes skips the question.
func TestApplyAsksOnceOnATerminal(t *testing.T) {
	p := &yesPrompter{}
	s := newTerminalSession(t, p)
	if err := os.WriteFile(specFileName, []byte(twoSpaces), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := s.run(true, "apply", "--no-wait")
	if code != exitConfirm || p.askedConfirm != 1 {
		t.Fatalf("declined: exit %d, asked %d times\n%s", code, p.askedConfirm, out)
	}
	for _, want := range []string{"Plan for acme/one (create", "Plan for acme/two (create", "Plan: 2 to create, 0 to change, 0 unchanged."} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan shown lacks %q:\n%s", want, out)
		}
	}
	if _, ok := s.srv.Space("acme/one"); ok {
		t.Fatal("acme/one was created without a yes")
	}

	p.yes, p.askedConfirm = true, 0
	if code, out := s.run(true, "apply", "--no-wait"); code != 0 || p.askedConfirm != 1 {
		t.Fatalf("accepted: exit %d, asked %d times\n%s", code, p.askedConfirm, out)
	}
	if _, ok := s.srv.Space("acme/two"); !ok {
		t.Fatal("acme/two was not created")
	}

	// Nothing left to change: no question.
	p.askedConfirm = 0
	if code, out := s.run(true, "apply", "--no-wait"); code != 0 || p.askedConfirm != 0 {
		t.Fatalf("unchanged: exit %d, asked %d times\n%s", code, p.askedConfirm, out)
	}

	// --yes skips the question; so does the absence of a terminal.
	os.WriteFile(specFileName, []byte(strings.ReplaceAll(twoSpaces, "private", "protected")+"---\nspace: acme/three\nvisibility: private\n"), 0o644)
	p.yes, p.askedConfirm = false, 0
	if code, out := s.run(true, "apply", "--no-wait", "--yes"); code != 0 || p.askedConfirm != 0 {
		t.Fatalf("--yes: exit %d, asked %d times\n%s", code, p.askedConfirm, out)
	}
	os.WriteFile(specFileName, []byte("space: acme/four\nvisibility: private\n"), 0o644)
	if code, out := s.run(false, "apply", "--no-wait"); code != 0 || p.askedConfirm != 0 {
		t.Fatalf("no terminal: exit %d, asked %d times\n%s", code, p.askedConfirm, out)
	}
}
