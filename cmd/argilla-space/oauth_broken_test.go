package main

import (
	"os"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// A broken OAuth file on the Space (committed there by hand): `plan` of a spec with OAuth settings says
// what is wrong with it, on the one line plan shows, and how to repair it; `oauth allow` refuses the
// same way (exit 2) and sends nothing.
func TestPlanOnABrokenOAuthFileSaysWhy(t *testing.T) {
	s := newTerminalSession(t, nil)
	s.spaceEditedByHand("acme/broken",
		hfapi.CommitOp{Path: ".oauth.yaml", Content: []byte("providers: [{name: nosuchprovider}]\n")})
	if err := os.WriteFile("spec.yaml", []byte("space: acme/broken\noauth:\n  allowedWorkspaces: [a]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.srv.ResetRequests()
	_, out := s.run(false, "plan", "-f", "spec.yaml")
	for _, want := range []string{
		`acme/broken: cannot plan (the Space's OAuth file .oauth.yaml is not valid (line 1: unknown provider "nosuchprovider"`,
		"nothing was pushed", "replace the whole file with `argilla-space oauth push FILE`",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
	code, out := s.run(false, "oauth", "allow", "a", "--space", "acme/broken")
	if code != exitUsage || !strings.Contains(out, `unknown provider "nosuchprovider"`) || !strings.Contains(out, "oauth push FILE") {
		t.Errorf("oauth allow: exit %d, want %d with the problem and the repair\n%s", code, exitUsage, out)
	}
	if n := countMutations(s.srv.Requests()); n != 0 {
		t.Errorf("%d mutating requests, want 0", n)
	}
}
