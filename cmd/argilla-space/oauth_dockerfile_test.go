package main

import (
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
)

// A Space whose Dockerfile copies .oauth.yml (the name the docs use) while Argilla reads .oauth.yaml:
// `oauth allow` must not create a .oauth.yaml nobody copies and rebuild the Space for nothing. It is
// refused before any change (exit 2), saying what Argilla reads, what the Dockerfile copies and how
// to fix it; once ARGILLA_AUTH_OAUTH_CFG points at the copied file, the edit goes to that file.
func TestOAuthEditOfAFileTheDockerfileDoesNotCopyIsRefused(t *testing.T) {
	s := newTerminalSession(t, nil)
	yml := "# Allowed workspaces must exists\nproviders:\n  - name: huggingface\nallowed_workspaces:\n  - name: argilla\n"
	s.spaceEditedByHand("acme/yml",
		hfapi.CommitOp{Path: "Dockerfile", Content: []byte("FROM argilla/argilla-hf-spaces:v2.8.0\nCOPY .oauth.yml /home/argilla/\n")},
		hfapi.CommitOp{Path: ".oauth.yml", Content: []byte(yml)},
		hfapi.CommitOp{Path: ".oauth.yaml", Delete: true})
	before, _ := s.srv.Space("acme/yml")

	s.srv.ResetRequests()
	code, out := s.run(false, "oauth", "allow", "newone", "--space", "acme/yml")
	if code != exitUsage {
		t.Fatalf("oauth allow: exit %d, want %d\n%s", code, exitUsage, out)
	}
	for _, want := range []string{"Argilla reads /home/argilla/.oauth.yaml", "`COPY .oauth.yml /home/argilla/`",
		"nothing was pushed", "argilla-space vars set ARGILLA_AUTH_OAUTH_CFG .oauth.yml"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := countMutations(s.srv.Requests()); n != 0 {
		t.Errorf("%d mutating requests, want 0", n)
	}
	code, out = s.run(false, "oauth", "allow", "newone", "--space", "acme/yml", "--dry-run")
	if code != exitUsage || !strings.Contains(out, "Argilla reads /home/argilla/.oauth.yaml") {
		t.Errorf("--dry-run: exit %d, want %d with the reason\n%s", code, exitUsage, out)
	}
	if after, _ := s.srv.Space("acme/yml"); after.Commits != before.Commits || after.Files[".oauth.yaml"] != "" {
		t.Fatalf("commits %d -> %d, .oauth.yaml %q: nothing should have been committed", before.Commits, after.Commits, after.Files[".oauth.yaml"])
	}

	// The fix the message gives, then the edit lands in the file the image copies.
	if code, out := s.run(false, "vars", "set", "ARGILLA_AUTH_OAUTH_CFG", ".oauth.yml", "--space", "acme/yml"); code != 0 {
		t.Fatalf("vars set: exit %d\n%s", code, out)
	}
	if code, out := s.run(false, "oauth", "allow", "newone", "--space", "acme/yml"); code != 0 {
		t.Fatalf("oauth allow after the fix: exit %d\n%s", code, out)
	}
	after, _ := s.srv.Space("acme/yml")
	f, err := oauthcfg.Parse([]byte(after.Files[".oauth.yml"]))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.Workspaces(), ","); got != "argilla,newone" {
		t.Errorf(".oauth.yml allows %q, want argilla,newone", got)
	}
	if _, ok := after.Files[".oauth.yaml"]; ok {
		t.Errorf("a .oauth.yaml nobody copies was created")
	}
}
