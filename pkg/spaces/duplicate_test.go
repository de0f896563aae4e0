package spaces

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// refuseCreateForm answers POST /api/repos/create that carries a template with a 400 whose message is
// msg, as a Hub without the template form would (createSpace's fallback trigger); the rest goes to emu.
func refuseCreateForm(emu *hubtest.Emulator, msg string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && r.URL.Path == "/api/repos/create" {
			b, _ := io.ReadAll(r.Body)
			var body map[string]any
			json.Unmarshal(b, &body)
			if _, ok := body["template"]; ok {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				json.NewEncoder(w).Encode(map[string]string{"error": msg})
				return
			}
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		}
		emu.ServeHTTP(w, r)
	})
}

func sentTo(emu *hubtest.Emulator, method, pathSuffix string) int {
	n := 0
	for _, r := range emu.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, pathSuffix) && r.Status < 300 {
			n++
		}
	}
	return n
}

// A Hub that refuses the template form gets the duplicate-and-commit path: the Space ends up with the
// same settings and files as the one-request create would have given it.
func TestDuplicateFallbackBuildsTheSameSpace(t *testing.T) {
	emu := emulator(t)
	hub := newHub(t, refuseCreateForm(emu, "Invalid parameter: template is not supported"))
	spec := createSpec("acme/dup")
	spec.OAuth.AllowedWorkspaces = []string{"team"} // differs from the template's .oauth.yaml: a file to commit
	out, err := (&Engine{Hub: hub}).Run(context.Background(), createRequest(hub, spec))
	if err != nil {
		t.Fatal(err)
	}
	if n := sentTo(emu, "POST", "/argilla-template-space/duplicate"); n != 1 {
		t.Fatalf("%d successful duplicate requests, want 1", n)
	}
	if n := sentTo(emu, "POST", "/api/spaces/acme/dup/commit/main"); n != 1 || out.Applied.Commits < 1 {
		t.Fatalf("%d commits sent, %d counted: the configured files were not committed after the duplicate", n, out.Applied.Commits)
	}
	sp, ok := emu.Space("acme/dup")
	if !ok {
		t.Fatal("no Space after the fallback")
	}
	if sp.Visibility != "private" || !sp.Persistent || sp.Secrets["API_KEY"] != "an-api-key-123" {
		t.Fatalf("settings lost in the fallback: visibility %s, persistent %v, secrets %d", sp.Visibility, sp.Persistent, len(sp.Secrets))
	}
	if !strings.Contains(sp.Files[".oauth.yaml"], "team") {
		t.Fatalf("the configured .oauth.yaml was not committed: %q", sp.Files[".oauth.yaml"])
	}
	if out.Applied.URL == "" {
		t.Fatal("the duplicate's URL was not kept")
	}
}

// A 400 that does not name the template form is the user's error, said as is: no duplicate is tried.
func TestDuplicateFallbackOnlyForTheTemplateForm(t *testing.T) {
	emu := emulator(t)
	hub := newHub(t, refuseCreateForm(emu, "Invalid parameter: sdk"))
	_, err := (&Engine{Hub: hub}).Run(context.Background(), createRequest(hub, createSpec("acme/nodup")))
	if err == nil || !strings.Contains(err.Error(), "sdk") {
		t.Fatalf("want the Hub's 400 said, got %v", err)
	}
	if n := sentTo(emu, "POST", "/duplicate"); n != 0 {
		t.Fatalf("%d duplicate requests for an unrelated 400", n)
	}
	if _, ok := emu.Space("acme/nodup"); ok {
		t.Fatal("a Space was created although the Hub refused the create")
	}
}
