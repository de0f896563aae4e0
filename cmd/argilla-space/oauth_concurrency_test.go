package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
)

// Two people allow 20 workspaces each on one Space at the same time, every edit its own process: no
// edit is lost (each commit names the head it read; a 412 makes the engine read again and re-apply
// the edit), and no edit is committed twice.
func TestConcurrentOAuthAllowsKeepEveryEdit(t *testing.T) {
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	// testscript.Main (TestMain) put this test binary on PATH under the command's name; run that way,
	// it is argilla-space.
	exe, err := exec.LookPath("argilla-space")
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	env := append(os.Environ(), "HF_ENDPOINT="+srv.URL, "HF_TOKEN=hf_alice", "CI=true", "HOME="+home,
		"ARGILLA_SPACE_CONFIG_DIR="+filepath.Join(home, "config"), "ARGILLA_SPACE_STATE_DIR="+filepath.Join(home, "state"),
		"ARGILLA_SPACE=acme/busy")
	run := func(args ...string) error {
		cmd := exec.Command(exe, args...)
		cmd.Env, cmd.Dir = env, home
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("argilla-space %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := run("create", "acme/busy", "--public", "--no-wait"); err != nil {
		t.Fatal(err)
	}
	before, _ := srv.Space("acme/busy")

	const people, edits = 2, 20
	var wg sync.WaitGroup
	errs := make(chan error, people*edits)
	for p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range edits {
				if err := run("oauth", "allow", fmt.Sprintf("p%d-ws%02d", p, i)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	after, _ := srv.Space("acme/busy")
	f, err := oauthcfg.Parse([]byte(after.Files[".oauth.yaml"]))
	if err != nil {
		t.Fatal(err)
	}
	got := f.Workspaces()
	for p := range people {
		for i := range edits {
			if w := fmt.Sprintf("p%d-ws%02d", p, i); !slices.Contains(got, w) {
				t.Errorf("workspace %s lost", w)
			}
		}
	}
	if len(got) != 1+people*edits || got[0] != "argilla" {
		t.Errorf("workspaces %q, want argilla and the %d new ones once each", got, people*edits)
	}
	if !strings.Contains(after.Files[".oauth.yaml"], "# Allowed workspaces must exists\n") {
		t.Errorf("comment lost:\n%s", after.Files[".oauth.yaml"])
	}
	if want := before.Commits + people*edits; after.Commits != want {
		t.Errorf("commits %d, want %d: one per edit, none for a retried one", after.Commits, want)
	}
	stale := 0
	for _, r := range srv.Requests() {
		if r.Status == 412 {
			stale++
		}
	}
	t.Logf("%d edits in %d processes, %d commits refused as stale (HTTP 412) and retried", people*edits, people*edits, stale)
}
