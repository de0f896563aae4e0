package main

import (
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// A Hub whose whoami lacks isPro, canPay, plan and roleInOrg gives preflight no evidence: the create is
// sent, and the Hub's 402 or 403 becomes the same exit-3 message preflight gives, with nothing left
// behind (the bucket made for the Space is removed again).
func TestCreateWithoutPlanFieldsTranslatesHubRefusal(t *testing.T) {
	srv, p := hubWith(t, hubtest.Options{WhoamiWithoutPlan: true})
	cases := []struct {
		token, space, storage, want string
		status                      int
	}{
		{"hf_alice", "freeorg/annot", "bucket", "Docker Spaces need a paid plan: freeorg has none", 402},
		{"hf_bob", "bob/annot", "bucket", "Docker Spaces need a paid plan: bob has none", 402},
		// bob only reads acme: its bucket is refused (and none he could use exists), then, without one,
		// the Space.
		{"hf_bob", "acme/annot", "bucket", "the Hub refused to create the storage bucket acme/annot-data, and the token cannot use an existing bucket of that name", 403},
		{"hf_bob", "acme/annot", "ephemeral", "the token needs write access to acme", 403},
	}
	for _, c := range cases {
		p.env["HF_TOKEN"] = c.token
		srv.ResetRequests()
		code, out := p.run("create", c.space, "--private", "--no-wait", "--storage", c.storage, "--yes")
		if code != exitAuth || !strings.Contains(out, c.want) || !strings.Contains(out, "nothing was created") {
			t.Errorf("create %s as %s: exit %d, want %d with %q:\n%s", c.space, c.token, code, exitAuth, c.want, out)
		}
		sent := false
		for _, r := range srv.Requests() {
			sent = sent || (r.Path == "/api/repos/create" && r.Status == c.status)
		}
		if c.status == 402 && !sent {
			t.Errorf("create %s: the Hub was not asked (requests %v)", c.space, srv.Requests())
		}
		if _, ok := srv.Space(c.space); ok {
			t.Errorf("%s exists after a refused create", c.space)
		}
	}
	if b := srv.Emulator.Buckets(); len(b) != 0 {
		t.Errorf("buckets left behind: %v", b)
	}
}

// A Hub that ignores `files` beside `template` creates the Space from the template alone: create then
// commits its OAuth file once, on the head it read, says so, and succeeds (one more build).
func TestCreateCommitsOAuthFileTheHubIgnored(t *testing.T) {
	srv, p := hubWith(t, hubtest.Options{IgnoreFilesWithTemplate: true})
	code, out := p.run("create", "acme/annot", "--private", "--allow-workspace", "team-a", "--no-wait")
	if code != 0 || !strings.Contains(out, "without the OAuth file sent with it: committing it now (one more build)") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	sp, ok := srv.Space("acme/annot")
	if !ok || !strings.Contains(sp.Files[".oauth.yaml"], "name: team-a") {
		t.Fatalf("OAuth file %q", sp.Files[".oauth.yaml"])
	}
	if sp.Builds != 2 || sp.Commits != 2 {
		t.Errorf("builds %d, commits %d: want the create and the one commit", sp.Builds, sp.Commits)
	}
}

// hubWith starts an emulator with instant builds and opts, and a CLI that talks to it as alice.
func hubWith(t *testing.T, opts hubtest.Options) (*hubtest.Server, *inProcess) {
	t.Helper()
	opts.BuildTime = -1
	srv, err := hubtest.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	p := newInProcess(t, srv)
	p.env["ARGILLA_PASSWORD"] = "correct-horse-battery"
	return srv, p
}
