package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// inProcess runs argilla-space commands in this process against srv, with the client's backoff sleeps
// skipped so retries under injected faults cost no wall time.
type inProcess struct {
	t   *testing.T
	env map[string]string
}

func newInProcess(t *testing.T, srv *hubtest.Server) *inProcess {
	home := t.TempDir()
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	os.Chdir(home)
	return &inProcess{t: t, env: map[string]string{"HF_ENDPOINT": srv.URL, "HF_TOKEN": "hf_alice", "HOME": home, "CI": "true",
		"ARGILLA_SPACE_CONFIG_DIR": filepath.Join(home, "cfg"), "SECRET_VALUE": "a-secret-value-123"}}
}

func (p *inProcess) run(args ...string) (int, string) {
	var out, errb bytes.Buffer
	a := newApp(strings.NewReader(""), &out, &errb, func(k string) string { return p.env[k] })
	a.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	no := false
	a.promptOK = &no
	code := a.execute(context.Background(), args)
	return code, out.String() + errb.String()
}

// successfulMutations counts the Hub's 2xx answers to requests that change something, and the
// injected faults (any request the emulator answered with a 5xx or a dropped connection; a 429 from a
// rate limit counts too).
func successfulMutations(reqs []hubtest.RequestRecord) (n int, faults int) {
	for _, r := range reqs {
		if r.Status == 0 || r.Status == 429 || r.Status >= 500 {
			faults++
		}
		if r.Method == "GET" || r.Method == "HEAD" || strings.Contains(r.Path, "/preupload/") || strings.Contains(r.Host, ".localhost") {
			continue
		}
		if r.Status >= 200 && r.Status < 300 {
			n++
		}
	}
	return n, faults
}

// With one Hub request in five failing (500/502/503, dropped connections before or after the Hub
// acted; 429s come from the emulator's rate limit, covered in pkg/hfapi's fault tests), 50 mixed edits all succeed, and each lands as exactly one commit or one
// settings call: the Space restarts once per edit, so no retry made the Hub act twice.
func TestMixedEditsUnderFaults(t *testing.T) {
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: -1, FaultRate: 0.2, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	p := newInProcess(t, srv)
	if code, out := p.run("create", "acme/faulty", "--public", "--no-wait"); code != 0 {
		t.Fatalf("create under faults: exit %d\n%s", code, out)
	}
	start, _ := srv.Space("acme/faulty")
	faultsSeen := 0
	for i := 0; i < 50; i++ {
		var args []string
		switch i % 5 {
		case 0:
			args = []string{"oauth", "allow", fmt.Sprintf("ws-%d", i)}
		case 1:
			args = []string{"vars", "set", fmt.Sprintf("VAR_%d", i), fmt.Sprintf("value-%d", i)}
		case 2:
			args = []string{"secrets", "set", fmt.Sprintf("SECRET_%d", i), "--from-env", "SECRET_VALUE"}
		case 3:
			// making it public exposes it, which the guard asks for: --yes, as a pipeline would pass
			args = []string{"visibility", map[bool]string{true: "private", false: "public"}[i%2 == 1], "--yes"}
		case 4:
			args = []string{"hardware", map[bool]string{true: "cpu-upgrade", false: "cpu-basic"}[(i/5)%2 == 0]}
		}
		srv.ResetRequests()
		before, _ := srv.Space("acme/faulty")
		code, out := p.run(append(args, "--space", "acme/faulty")...)
		if code != 0 {
			t.Fatalf("edit %d (%s): exit %d\n%s", i, strings.Join(args, " "), code, out)
		}
		n, f := successfulMutations(srv.Requests())
		faultsSeen += f
		after, _ := srv.Space("acme/faulty")
		if restarts := after.Restarts - before.Restarts; restarts != 1 {
			t.Errorf("edit %d (%s): the Space restarted %d times, want 1: %v", i, strings.Join(args, " "), restarts, srv.Requests())
		}
		if n > 1 {
			t.Errorf("edit %d (%s): %d successful mutating requests, want at most 1 (a lost answer leaves 0): %v", i, strings.Join(args, " "), n, srv.Requests())
		}
	}
	sp, _ := srv.Space("acme/faulty")
	if got := sp.Commits - start.Commits; got != 10 {
		t.Errorf("%d commits for 10 OAuth edits", got)
	}
	for i := 0; i < 50; i += 5 {
		if !strings.Contains(sp.Files[".oauth.yaml"], fmt.Sprintf("name: ws-%d\n", i)) {
			t.Errorf("workspace ws-%d missing", i)
		}
		if sp.Variables[fmt.Sprintf("VAR_%d", i+1)] != fmt.Sprintf("value-%d", i+1) {
			t.Errorf("variable VAR_%d missing", i+1)
		}
		if sp.Secrets[fmt.Sprintf("SECRET_%d", i+2)] != "a-secret-value-123" {
			t.Errorf("secret SECRET_%d missing", i+2)
		}
	}
	if faultsSeen < 10 {
		t.Fatalf("only %d injected faults hit the edits: the test did not test retries", faultsSeen)
	}
	t.Logf("50 edits, %d injected faults, %d commits, %d restarts", faultsSeen, sp.Commits-start.Commits, sp.Restarts-start.Restarts)
}
