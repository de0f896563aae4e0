package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/internal/config"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// createApp is a CI-like run of the command (no terminal) against hub, in a fresh directory and
// config dir.
func createApp(t *testing.T, hub string) (*app, config.Dirs, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	home := t.TempDir()
	env := map[string]string{"HF_ENDPOINT": hub, "HF_TOKEN": "hf_alice", "HOME": home, "CI": "true",
		"ARGILLA_SPACE_CONFIG_DIR": filepath.Join(home, "cfg"), "ARGILLA_PASSWORD": "correct-horse-battery"}
	var out, errb bytes.Buffer
	a := newApp(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	os.Chdir(home)
	return a, config.Dirs{Config: env["ARGILLA_SPACE_CONFIG_DIR"]}, &out, &errb
}

// When the Hub accepts the create but the check after it fails, the Space exists with the API key we
// generated: that key must be kept for `connect`, and the spec file written, before the error.
func TestCreateKeepsTheKeyWhenTheCheckAfterCreateFails(t *testing.T) {
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	dropVolumes := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && r.URL.Path == "/api/repos/create" {
			var body map[string]any
			json.NewDecoder(r.Body).Decode(&body)
			delete(body, "volumes")
			b, _ := json.Marshal(body)
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		}
		srv.Emulator.ServeHTTP(w, r)
	}))
	t.Cleanup(dropVolumes.Close)

	a, dirs, _, errb := createApp(t, dropVolumes.URL)
	if code := a.execute(context.Background(), []string{"create", "lost", "--public", "--no-wait"}); code != exitFailure {
		t.Fatalf("exit %d, want %d: %s", code, exitFailure, errb)
	}
	if !strings.Contains(errb.String(), "NOT persistent") {
		t.Fatalf("the missing storage is not said loudly: %s", errb)
	}
	sp, ok := srv.Space("alice/lost")
	if !ok {
		t.Fatal("the Space was not created")
	}
	cred, ok, err := dirs.LoadCredential(dropVolumes.URL, "alice/lost")
	if err != nil || !ok {
		t.Fatalf("no stored credential for the created Space: ok=%v err=%v", ok, err)
	}
	if cred.APIKey == "" || cred.APIKey != sp.Secrets["API_KEY"] {
		t.Fatal("the stored API key is not the Space's")
	}
	if _, err := os.Stat(specFileName); err != nil {
		t.Fatalf("no spec file for the created Space: %v", err)
	}
}

// An interrupt while waiting for a new Space exits 130, says the Space exists and how to follow it,
// and keeps its key and spec file.
func TestCreateInterruptedWhileWaitingSaysTheSpaceExists(t *testing.T) {
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	a, dirs, _, errb := createApp(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			if _, ok := srv.Space("alice/slow"); ok {
				time.Sleep(50 * time.Millisecond)
				cancel()
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	if code := a.execute(ctx, []string{"create", "slow", "--public"}); code != exitInterrupted {
		t.Fatalf("exit %d, want %d: %s", code, exitInterrupted, errb)
	}
	if !strings.Contains(errb.String(), "argilla-space wait --space alice/slow") {
		t.Fatalf("the interrupt does not say how to follow the new Space: %s", errb)
	}
	if _, ok, _ := dirs.LoadCredential(srv.URL, "alice/slow"); !ok {
		t.Fatal("no stored credential for the created Space")
	}
	if _, err := os.Stat(specFileName); err != nil {
		t.Fatalf("no spec file for the created Space: %v", err)
	}
}

// A wait that times out exits 4; the Space exists, so its spec file is written and the hint names it,
// and `wait` run as suggested from the same directory finds it.
func TestCreateWaitTimeoutLeavesAWayToFollow(t *testing.T) {
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	a, _, _, errb := createApp(t, srv.URL)
	if code := a.execute(context.Background(), []string{"create", "slow", "--public", "--timeout", "1s"}); code != exitSpaceFailed {
		t.Fatalf("exit %d, want %d: %s", code, exitSpaceFailed, errb)
	}
	if !strings.Contains(errb.String(), "argilla-space wait --space alice/slow --timeout 2s") {
		t.Fatalf("the timeout does not say how to keep waiting: %s", errb)
	}
	data, err := os.ReadFile(specFileName)
	if err != nil || !strings.Contains(string(data), "alice/slow") {
		t.Fatalf("no spec file for the created Space: %v", err)
	}
}

// interruptAfterCreate is a Hub whose create request is carried out, but whose answer never arrives:
// the person presses Ctrl-C while it is in flight (cancel is called once the Hub has acted).
func interruptAfterCreate(t *testing.T, cancel func()) (*hubtest.Server, string) {
	t.Helper()
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && r.URL.Path == "/api/repos/create" {
			srv.Emulator.ServeHTTP(httptest.NewRecorder(), r)
			cancel()
			<-r.Context().Done()
			return
		}
		srv.Emulator.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return srv, front.URL
}

// Interrupted while the create request was in flight: the Hub made the Space, so its key and spec
// file are kept and the note says how to follow it.
func TestCreateInterruptedDuringTheCreateRequestKeepsTheKey(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	srv, url := interruptAfterCreate(t, cancel)
	a, dirs, _, errb := createApp(t, url)
	if code := a.execute(ctx, []string{"create", "inflight", "--public"}); code != exitInterrupted {
		t.Fatalf("exit %d, want %d: %s", code, exitInterrupted, errb)
	}
	sp, ok := srv.Space("alice/inflight")
	if !ok {
		t.Fatal("the Hub did not create the Space")
	}
	cred, ok, _ := dirs.LoadCredential(url, "alice/inflight")
	if !ok || cred.APIKey != sp.Secrets["API_KEY"] {
		t.Fatal("the key of the Space the Hub created was not kept")
	}
	if _, err := os.Stat(specFileName); err != nil {
		t.Fatalf("no spec file: %v", err)
	}
	if !strings.Contains(errb.String(), "argilla-space wait --space alice/inflight") {
		t.Fatalf("no note on how to follow the Space: %s", errb)
	}
}

// The same for apply: a Space it created keeps its key whatever fails next.
func TestApplyInterruptedDuringTheCreateRequestKeepsTheKey(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	srv, url := interruptAfterCreate(t, cancel)
	a, dirs, _, errb := createApp(t, url)
	os.WriteFile(specFileName, []byte("space: alice/fleet1\nvisibility: public\n"), 0o644)
	if code := a.execute(ctx, []string{"apply"}); code != exitInterrupted {
		t.Fatalf("exit %d, want %d: %s", code, exitInterrupted, errb)
	}
	sp, ok := srv.Space("alice/fleet1")
	if !ok {
		t.Fatal("the Hub did not create the Space")
	}
	cred, ok, _ := dirs.LoadCredential(url, "alice/fleet1")
	if !ok || cred.APIKey != sp.Secrets["API_KEY"] {
		t.Fatal("the key of the Space the Hub created was not kept")
	}
}
