package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// `logs -f` never ends by itself, so it is tested here rather than in a script: the test watches
// stdout and interrupts the command (a cancelled context, as Ctrl-C does) once it has seen enough.

// syncBuffer is a bytes.Buffer the command writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testClock is the emulator's clock, moved by the test.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// followRun is one `argilla-space logs -f ...` running in the background.
type followRun struct {
	stdout, stderr syncBuffer
	cancel         context.CancelFunc
	code           chan int
}

// startFollow runs the command against srv as alice, until stopped.
func startFollow(t *testing.T, srv *hubtest.Server, args ...string) *followRun {
	t.Helper()
	home := t.TempDir()
	env := map[string]string{"HF_ENDPOINT": srv.URL, "HF_TOKEN": "hf_alice", "HOME": home, "CI": "true",
		"ARGILLA_SPACE_CONFIG_DIR": home + "/config", "ARGILLA_SPACE_STATE_DIR": home + "/state"}
	r := &followRun{code: make(chan int, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	a := newApp(strings.NewReader(""), &r.stdout, &r.stderr, func(k string) string { return env[k] })
	go func() { r.code <- a.execute(ctx, append([]string{"logs"}, args...)) }()
	t.Cleanup(cancel)
	return r
}

// waitFor waits until stdout contains want; the deadline only bounds a broken test.
func (r *followRun) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(r.stdout.String(), want) {
		select {
		case code := <-r.code:
			t.Fatalf("logs -f ended (exit %d) before printing %q\nstdout:\n%s\nstderr:\n%s", code, want, r.stdout.String(), r.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("logs -f did not print %q\nstdout:\n%s\nstderr:\n%s", want, r.stdout.String(), r.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// interrupt cancels the command as Ctrl-C does and returns its exit code.
func (r *followRun) interrupt(t *testing.T) int {
	t.Helper()
	r.cancel()
	select {
	case code := <-r.code:
		return code
	case <-time.After(20 * time.Second):
		t.Fatal("logs -f did not stop after the interrupt")
	}
	return 0
}

// newLogsHub starts an emulator whose builds take 10 s and starts 5 s on a clock the test moves,
// with the Argilla Space acme/annot just created (BUILDING).
func newLogsHub(t *testing.T) (*hubtest.Server, *testClock) {
	t.Helper()
	clock := &testClock{t: time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)}
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: 10 * time.Second, StartTime: 5 * time.Second, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	hub := hfapi.New(hfapi.Options{Endpoint: srv.URL, Token: "hf_alice"})
	_, err = hub.CreateRepo(context.Background(), hfapi.CreateRepoRequest{Name: "annot", Organization: "acme",
		SDK: "docker", Template: "argilla/argilla-template-space", Visibility: "public"})
	if err != nil {
		t.Fatal(err)
	}
	return srv, clock
}

func TestLogsFollowStreamsNewLinesUntilInterrupted(t *testing.T) {
	srv, clock := newLogsHub(t)
	r := startFollow(t, srv, "--space", "acme/annot", "--build", "-f")

	// At the start of the build only the first line is due.
	r.waitFor(t, "Build Queued at ")
	if out := r.stdout.String(); strings.Contains(out, "DONE") {
		t.Fatalf("the build finished before the clock moved:\n%s", out)
	}

	// The build runs: the open stream delivers the rest, in order, without a reconnect.
	clock.Advance(time.Minute)
	r.waitFor(t, "\nDONE\n")
	if code := r.interrupt(t); code != exitInterrupted {
		t.Errorf("exit code %d after an interrupt, want %d", code, exitInterrupted)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout.String(), "\n"), "\n")
	want := []string{"--> FROM argilla/argilla-hf-spaces:v2.8.0", "DONE step 1/2", "--> COPY .oauth.yaml /home/argilla/",
		"DONE step 2/2", "--> Pushing image", "DONE"}
	if len(lines) != len(want)+1 {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want)+1, r.stdout.String())
	}
	for i, w := range want {
		if lines[i+1] != w {
			t.Errorf("line %d = %q, want %q", i+2, lines[i+1], w)
		}
	}
	if err := r.stderr.String(); !strings.Contains(err, "following the build logs of acme/annot") || !strings.Contains(err, "interrupted") {
		t.Errorf("stderr = %q, want the follow notice and \"interrupted\"", err)
	}
	if n := countLogRequests(srv, "/api/spaces/acme/annot/logs/build"); n != 1 {
		t.Errorf("%d requests to the build log, want 1 (one stream, no reconnect)", n)
	}
}

func TestLogsFollowWithTail(t *testing.T) {
	srv, clock := newLogsHub(t)
	clock.Advance(time.Minute) // RUNNING: the whole run log is due

	r := startFollow(t, srv, "--space", "acme/annot", "-f", "--tail", "1", "-o", "json")
	r.waitFor(t, "Uvicorn running")
	if code := r.interrupt(t); code != exitInterrupted {
		t.Errorf("exit code %d after an interrupt, want %d", code, exitInterrupted)
	}
	// --tail 1 keeps the last line of what was there, so the first (and only) line is the last one of
	// the run log; then -f goes on with new lines.
	got := r.stdout.String()
	if strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, `{"timestamp":"2026-09-01T12:00:`) ||
		!strings.Contains(got, `"data":"INFO:     Uvicorn running on http://0.0.0.0:6900 (Press CTRL+C to quit)"}`) {
		t.Errorf("stdout = %q, want the last run line as one JSON object", got)
	}
	if r.stderr.String() != "interrupted\n" {
		t.Errorf("stderr = %q: with -o json only the interrupt notice belongs there", r.stderr.String())
	}
}

func countLogRequests(srv *hubtest.Server, path string) int {
	n := 0
	for _, rec := range srv.Requests() {
		if rec.Method == "GET" && rec.Path == path {
			n++
		}
	}
	return n
}
