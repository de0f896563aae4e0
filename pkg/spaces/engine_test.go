package spaces

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

func newHub(t *testing.T, h http.Handler) *hfapi.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return hfapi.New(hfapi.Options{Endpoint: srv.URL, Token: "hf_alice", MaxRetries: -1})
}

func emulator(t *testing.T) *hubtest.Emulator {
	t.Helper()
	e, err := hubtest.New(hubtest.Options{BuildTime: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func createSpec(id string) Spec {
	on := true
	return Spec{Space: id, Visibility: "private", Storage: &StorageSpec{Type: StorageBucket},
		Owner: &OwnerSpec{Username: "alice", APIKey: "an-api-key-123"},
		OAuth: &OAuthSpec{Enabled: &on, AllowedWorkspaces: []string{"argilla"}}}
}

func createRequest(hub *hfapi.Client, spec Spec) Request {
	id, _ := ParseID(spec.Space, "")
	return Request{ID: id, Files: true, Desire: func(ctx context.Context, st *State) (Spec, PlanOptions, error) {
		if st.Exists {
			return spec, PlanOptions{}, nil
		}
		tmpl, err := LoadTemplate(ctx, hub)
		return spec, PlanOptions{Template: tmpl}, err
	}}
}

// A Hub that accepts the create but silently drops the bucket must not pass for persistent storage.
func TestVerifyCatchesAnIgnoredVolume(t *testing.T) {
	emu := emulator(t)
	dropVolumes := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && r.URL.Path == "/api/repos/create" {
			var body map[string]any
			json.NewDecoder(r.Body).Decode(&body)
			delete(body, "volumes")
			b, _ := json.Marshal(body)
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		}
		emu.ServeHTTP(w, r)
	})
	hub := newHub(t, dropVolumes)
	_, err := (&Engine{Hub: hub}).Run(context.Background(), createRequest(hub, createSpec("acme/lost")))
	var na *NotAppliedError
	if !errors.As(err, &na) {
		t.Fatalf("want NotAppliedError, got %v", err)
	}
	if !strings.Contains(err.Error(), "NOT persistent") {
		t.Fatalf("the error does not say loudly that storage is missing: %v", err)
	}
}

// A second identical run plans nothing and sends nothing.
func TestSecondRunIsEmpty(t *testing.T) {
	emu := emulator(t)
	hub := newHub(t, emu)
	spec := createSpec("acme/twice")
	if _, err := (&Engine{Hub: hub}).Run(context.Background(), createRequest(hub, spec)); err != nil {
		t.Fatal(err)
	}
	emu.ResetRequests()
	out, err := (&Engine{Hub: hub}).Run(context.Background(), createRequest(hub, spec))
	if err != nil {
		t.Fatal(err)
	}
	if !out.Plan.Empty() {
		t.Fatalf("second plan: %+v", out.Plan.Changes)
	}
	for _, r := range emu.Requests() {
		if r.Method != "GET" && r.Method != "HEAD" {
			t.Fatalf("mutating request on the second run: %+v", r)
		}
	}
}

// When someone commits between our read and our commit (412), the engine reads again and re-applies
// the same edit: both edits survive.
func TestConcurrentCommitIsRetriedNotLost(t *testing.T) {
	emu := emulator(t)
	var hub *hfapi.Client
	sneaked := false
	racing := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && strings.Contains(r.URL.Path, "/commit/") && !sneaked {
			sneaked = true
			// Another person's edit lands first.
			f, _ := hubOAuth(emu, "acme/race")
			body := "{\"key\":\"header\",\"value\":{\"summary\":\"other edit\"}}\n" +
				"{\"key\":\"file\",\"value\":{\"path\":\".oauth.yaml\",\"encoding\":\"utf-8\",\"content\":" + jsonString(strings.Replace(f, "  - name: argilla\n", "  - name: argilla\n  - name: theirs\n", 1)) + "}}\n"
			req := httptest.NewRequest("POST", "/api/spaces/acme/race/commit/main", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-ndjson")
			req.Header.Set("Authorization", "Bearer hf_alice")
			rec := httptest.NewRecorder()
			emu.ServeHTTP(rec, req)
			if rec.Code != 200 {
				t.Errorf("the other edit failed: %d %s", rec.Code, rec.Body)
			}
		}
		emu.ServeHTTP(w, r)
	})
	hub = newHub(t, racing)
	spec := createSpec("acme/race")
	if _, err := (&Engine{Hub: hub}).Run(context.Background(), createRequest(hub, spec)); err != nil {
		t.Fatal(err)
	}
	id, _ := ParseID("acme/race", "")
	allowMine := Request{ID: id, Files: true, Desire: func(_ context.Context, st *State) (Spec, PlanOptions, error) {
		f := mustParseWorkspaces(t, st.OAuthFile)
		return Spec{Space: "acme/race", OAuth: &OAuthSpec{AllowedWorkspaces: append(f, "mine")}}, PlanOptions{}, nil
	}}
	out, err := (&Engine{Hub: hub}).Run(context.Background(), allowMine)
	if err != nil {
		t.Fatal(err)
	}
	if out.Attempts != 2 {
		t.Fatalf("attempts %d, want 2 (one 412, one retry)", out.Attempts)
	}
	f, _ := hubOAuth(emu, "acme/race")
	for _, ws := range []string{"argilla", "theirs", "mine"} {
		if !strings.Contains(f, "name: "+ws+"\n") {
			t.Fatalf("workspace %s lost:\n%s", ws, f)
		}
	}
}

func hubOAuth(emu *hubtest.Emulator, id string) (string, bool) {
	sp, ok := emu.Space(id)
	if !ok {
		return "", false
	}
	return sp.Files[".oauth.yaml"], true
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// A hardware switch and a new sleep time go to the Hub as one request (reference §6), and the Space
// ends with both.
func TestHardwareAndSleepInOneRequest(t *testing.T) {
	emu := emulator(t)
	hub := newHub(t, emu)
	ctx := context.Background()
	spec := createSpec("acme/switch")
	if _, err := (&Engine{Hub: hub}).Run(ctx, createRequest(hub, spec)); err != nil {
		t.Fatal(err)
	}
	emu.ResetRequests()
	spec.Hardware, spec.SleepTime = "cpu-upgrade", "2h"
	out, err := (&Engine{Hub: hub}).Run(ctx, createRequest(hub, spec))
	if err != nil {
		t.Fatal(err)
	}
	if kindsOf(out.Plan) != "set-hardware,set-sleep-time" || out.Applied.Done != 2 {
		t.Fatalf("plan %s, %d done", kindsOf(out.Plan), out.Applied.Done)
	}
	var writes []string
	for _, r := range emu.Requests() {
		if r.Method != "GET" && r.Method != "HEAD" {
			writes = append(writes, r.Method+" "+r.Path)
		}
	}
	if len(writes) != 1 || writes[0] != "POST /api/spaces/acme/switch/hardware" {
		t.Fatalf("writes: %q", writes)
	}
	if out.State.Hardware() != "cpu-upgrade" || out.State.SleepSeconds() != 7200 {
		t.Fatalf("after: %s, %d s", out.State.Hardware(), out.State.SleepSeconds())
	}
}
