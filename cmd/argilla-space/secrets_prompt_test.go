package main

import (
	"context"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/internal/prompt"
)

// secretPrompter is a person at a terminal who types a secret value at the masked prompt.
type secretPrompter struct {
	answeringPrompter
	value  string
	titles []string
}

func (p *secretPrompter) Secret(_ context.Context, title string) (string, error) {
	p.titles = append(p.titles, title)
	if p.value == "" {
		return "", prompt.ErrEmptySecret
	}
	return p.value, nil
}

// Issue 10 item 7: `secrets set KEY` on a terminal asks for the value, masked, instead of refusing;
// the value reaches the Space and never the output.
func TestSecretsSetPromptsOnATerminal(t *testing.T) {
	p := &secretPrompter{value: "typed-secret-value-42"}
	s := newTerminalSession(t, p)
	if code, out := s.run(false, "create", "acme/typed", "--private", "--no-wait"); code != 0 {
		t.Fatalf("create: %d\n%s", code, out)
	}
	code, out := s.run(true, "secrets", "set", "S3_KEY", "--space", "acme/typed", "--yes")
	if code != 0 {
		t.Fatalf("secrets set: exit %d\n%s", code, out)
	}
	if len(p.titles) != 1 || !strings.Contains(p.titles[0], "S3_KEY") {
		t.Fatalf("prompted %v", p.titles)
	}
	sp, _ := s.srv.Space("acme/typed")
	if sp.Secrets["S3_KEY"] != "typed-secret-value-42" {
		t.Fatalf("the typed value did not reach the Space: %v", keys(sp.Secrets))
	}
	if strings.Contains(out, "typed-secret-value-42") {
		t.Fatal("the typed value was printed")
	}

	// Nothing typed: nothing sent.
	p.value = ""
	if code, _ := s.run(true, "secrets", "set", "OTHER", "--space", "acme/typed", "--yes"); code == 0 {
		t.Fatal("an empty typed value was accepted")
	}
	if sp, _ := s.srv.Space("acme/typed"); sp.Secrets["OTHER"] != "" {
		t.Fatal("OTHER was set")
	}

	// --from-env stays, and does not prompt.
	p.titles = nil
	s.env["MY_VALUE"] = "from-the-environment-1"
	if code, out := s.run(true, "secrets", "set", "FROM_ENV", "--from-env", "MY_VALUE", "--space", "acme/typed", "--yes"); code != 0 || len(p.titles) != 0 {
		t.Fatalf("--from-env: exit %d, prompted %v\n%s", code, p.titles, out)
	}
}
