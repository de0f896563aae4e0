package main

import (
	"strings"
	"testing"
)

// On a terminal, `owner set` with nothing given asks for the password (masked) and sends it; without a
// terminal it asks nothing and says what to give.
func TestOwnerSetPromptsForThePasswordOnATerminal(t *testing.T) {
	p := &answeringPrompter{password: "typed-password-1"}
	s := newTerminalSession(t, p)
	if code, out := s.run(false, "create", "acme/kept", "--public"); code != 0 {
		t.Fatalf("create: exit %d\n%s", code, out)
	}
	code, out := s.run(false, "owner", "set", "--space", "acme/kept")
	if code != exitUsage || !strings.Contains(out, "nothing to set") || p.askedPasswd != 0 {
		t.Fatalf("without a terminal: exit %d, asked %d times\n%s", code, p.askedPasswd, out)
	}
	code, out = s.run(true, "owner", "set", "--space", "acme/kept")
	if code != 0 || p.askedPasswd != 1 {
		t.Fatalf("on a terminal: exit %d, asked %d times\n%s", code, p.askedPasswd, out)
	}
	if strings.Contains(out, p.password) {
		t.Fatal("the password was printed")
	}
	sp, _ := s.srv.Space("acme/kept")
	if got := sp.Secrets["PASSWORD"]; got != p.password {
		t.Fatalf("PASSWORD secret is %d bytes long, not the typed password", len(got))
	}
}
