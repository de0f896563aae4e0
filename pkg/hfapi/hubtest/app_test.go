package hubtest

import (
	"strings"
	"testing"
	"time"
)

// appReq builds a request to a Space's app.
func (h *hub) app(id, method, path, apiKey string, body any) req {
	r := req{method: method, path: path, host: h.appHost(id), body: body, header: map[string]string{}}
	if apiKey != "" {
		r.header["X-Argilla-Api-Key"] = apiKey
	}
	return r
}

func TestLifecycleStages(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "life", map[string]any{
		"secrets": []map[string]string{{"key": "API_KEY", "value": "key-12345678"}}}))
	id := "alice/life"
	status := h.app(id, "GET", "/api/v1/status", "", nil)

	eq(t, "stage", h.space(id).Stage, "BUILDING")
	r := h.must(503, status)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("503 content type %q", r.Header.Get("Content-Type"))
	}
	h.clock.Advance(9 * time.Second)
	eq(t, "stage at 9s", h.space(id).Stage, "BUILDING")
	h.clock.Advance(time.Second)
	eq(t, "stage at 10s", h.space(id).Stage, "APP_STARTING")
	h.must(503, status)
	h.clock.Advance(5 * time.Second)
	eq(t, "stage at 15s", h.space(id).Stage, "RUNNING")
	eq(t, "version", h.must(200, status).JSON(t)["version"], any("2.8.0"))
	eq(t, "version endpoint", h.must(200, h.app(id, "GET", "/api/v1/version", "", nil)).JSON(t)["version"], any("2.8.0"))

	me := h.must(200, h.app(id, "GET", "/api/v1/me", "key-12345678", nil)).JSON(t)
	eq(t, "owner username", me["username"], any("alice")) // the creator, no USERNAME secret
	eq(t, "owner role", me["role"], any("owner"))
	bad := h.must(401, h.app(id, "GET", "/api/v1/me", "wrong", nil)).JSON(t)
	if bad["detail"] == nil {
		t.Error("401 without detail")
	}
	prov := h.must(200, h.app(id, "GET", "/api/v1/oauth2/providers", "", nil)).JSON(t)
	eq(t, "providers", len(prov["items"].([]any)), 1)
	h.must(404, h.app(id, "GET", "/api/v1/nothing", "key-12345678", nil))
}

func TestAppDataWipedWithoutStorage(t *testing.T) {
	h := newHub(t, Options{})
	h.must(200, req{method: "POST", path: "/api/buckets/alice/keep-data", token: "hf_alice"})
	h.createSpace("hf_alice", argillaBody("alice", "ephemeral", map[string]any{
		"secrets": []map[string]string{{"key": "API_KEY", "value": "key-12345678"}}}))
	h.createSpace("hf_alice", argillaBody("alice", "kept", map[string]any{
		"secrets": []map[string]string{{"key": "API_KEY", "value": "key-12345678"}},
		"volumes": []map[string]any{{"type": "bucket", "source": "alice/keep-data", "mountPath": "/data"}}}))
	h.settle()
	for _, id := range []string{"alice/ephemeral", "alice/kept"} {
		ws := h.must(201, h.app(id, "POST", "/api/v1/workspaces", "key-12345678", map[string]string{"name": "labels"})).JSON(t)
		eq(t, id+" workspace", ws["name"], any("labels"))
		h.must(409, h.app(id, "POST", "/api/v1/workspaces", "key-12345678", map[string]string{"name": "labels"}))
		h.must(422, h.app(id, "POST", "/api/v1/workspaces", "key-12345678", map[string]string{}))
		// A secret change restarts the Space.
		h.must(200, req{method: "POST", path: "/api/spaces/" + id + "/secrets", token: "hf_alice",
			body: map[string]string{"key": "API_KEY", "value": "another-key-123"}})
	}
	h.settle()

	eph := h.space("alice/ephemeral")
	eq(t, "ephemeral wipes", eph.Wipes, 1)
	eq(t, "ephemeral restarts", eph.Restarts, 1)
	eq(t, "ephemeral workspaces", strings.Join(eph.Workspaces, ","), "argilla")
	eq(t, "new key after wipe", eph.Owner.APIKey, "another-key-123")
	h.must(401, h.app("alice/ephemeral", "GET", "/api/v1/me", "key-12345678", nil))

	kept := h.space("alice/kept")
	eq(t, "kept wipes", kept.Wipes, 0)
	eq(t, "kept restarts", kept.Restarts, 1)
	eq(t, "kept workspaces", strings.Join(kept.Workspaces, ","), "argilla,labels")
	// Secrets only count the first time: the owner keeps its original key.
	eq(t, "kept key", kept.Owner.APIKey, "key-12345678")
	items := h.must(200, h.app("alice/kept", "GET", "/api/v1/me/workspaces", "key-12345678", nil)).JSON(t)["items"].([]any)
	eq(t, "listed workspaces", len(items), 2)

	// Removing the bucket starts the app on empty data: a wipe.
	h.must(200, req{method: "DELETE", path: "/api/spaces/alice/kept/volumes", token: "hf_alice"})
	eq(t, "wipe on bucket removal", h.space("alice/kept").Wipes, 1)
}

func TestPrivateAppNeedsBearer(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("acme", "secret-app", map[string]any{"visibility": "private"}))
	h.createSpace("hf_alice", argillaBody("acme", "prot-app", map[string]any{"visibility": "protected"}))
	h.settle()
	status := h.app("acme/secret-app", "GET", "/api/v1/status", "", nil)
	r := h.must(404, status)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("private app 404 should be HTML, got %q", r.Header.Get("Content-Type"))
	}
	status.token = "hf_bob" // read member of acme
	h.must(200, status)
	status.token = "hf_nope"
	h.must(404, status)
	h.must(200, h.app("acme/prot-app", "GET", "/api/v1/status", "", nil))
	h.must(404, req{method: "GET", path: "/api/v1/status", host: "nobody-here.localhost:" + h.port()})
}

func TestStartupFailures(t *testing.T) {
	h := newHub(t, Options{})
	short := argillaBody("alice", "short", map[string]any{"secrets": []map[string]string{{"key": "PASSWORD", "value": "1234"}}})
	h.createSpace("hf_alice", short)
	badOAuth := argillaBody("alice", "oauth", map[string]any{
		"volumes": nil,
		"files":   []map[string]string{{"path": ".oauth.yaml", "content": "providers:\n  - name: gitlab\n"}}})
	h.createSpace("hf_alice", badOAuth)
	badCopy := argillaBody("alice", "copy", map[string]any{
		"files": []map[string]string{{"path": "Dockerfile", "content": "FROM argilla/argilla-hf-spaces:v2.8.0\nCOPY .oauth.yml /home/argilla/\n"}}})
	h.createSpace("hf_alice", badCopy)
	h.createSpace("hf_alice", argillaBody("alice", "nullprov", map[string]any{
		"files": []map[string]string{{"path": ".oauth.yaml", "content": "providers:\n"}}}))
	h.createSpace("hf_alice", argillaBody("alice", "customcfg", map[string]any{
		"variables": []map[string]string{{"key": "ARGILLA_AUTH_OAUTH_CFG", "value": "/home/argilla/auth.yaml"}},
		"files": []map[string]string{{"path": "Dockerfile", "content": "FROM argilla/argilla-hf-spaces:v2.8.0\nCOPY auth.yaml /home/argilla/\n"},
			{"path": "auth.yaml", "content": "providers: []\nallowed_workspaces:\n  - name: a\n    extra: 1\n"}}}))

	h.clock.Advance(10 * time.Second)
	eq(t, "bad COPY", h.space("alice/copy").Stage, "BUILD_ERROR")
	eq(t, "short password starts", h.space("alice/short").Stage, "APP_STARTING")
	h.settle()
	for id, want := range map[string]string{"alice/short": "PASSWORD", "alice/oauth": "gitlab", "alice/copy": ".oauth.yml",
		"alice/nullprov": "providers", "alice/customcfg": "workspace"} {
		s := h.space(id)
		wantStage := "RUNTIME_ERROR"
		if id == "alice/copy" {
			wantStage = "BUILD_ERROR"
		}
		eq(t, id+" stage", s.Stage, wantStage)
		if !strings.Contains(s.ErrorMessage, want) {
			t.Errorf("%s errorMessage %q lacks %q", id, s.ErrorMessage, want)
		}
		rt := h.must(200, req{method: "GET", path: "/api/spaces/" + id + "/runtime"}).JSON(t)
		eq(t, id+" runtime errorMessage", rt["errorMessage"], any(s.ErrorMessage))
	}
	// The bad OAuth file fails after the owner was created (start-up order).
	if h.space("alice/oauth").Owner == nil {
		t.Error("owner should exist before the OAuth file is read")
	}
	if h.space("alice/short").Owner != nil {
		t.Error("owner must not be created with a short password")
	}

	// Fixing the file with a commit brings the Space up.
	h.must(200, req{method: "POST", path: "/api/spaces/alice/oauth/commit/main", token: "hf_alice",
		body: ndjson(header("fix", ""), fileOp(".oauth.yaml", "providers: []\n")), contentType: "application/x-ndjson"})
	h.settle()
	eq(t, "fixed", h.space("alice/oauth").Stage, "RUNNING")
	eq(t, "no providers", len(h.must(200, h.app("alice/oauth", "GET", "/api/v1/oauth2/providers", "", nil)).JSON(t)["items"].([]any)), 0)
}

func TestForcedFailure(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "f", nil))
	h.must(400, req{method: "POST", path: "/_emulator/spaces/alice/f/fail", body: map[string]string{"stage": "RUNNING"}})
	h.must(404, req{method: "POST", path: "/_emulator/spaces/alice/none/fail", body: map[string]string{"stage": "BUILD_ERROR"}})
	h.must(200, req{method: "POST", path: "/_emulator/spaces/alice/f/fail", body: map[string]string{"stage": "RUNTIME_ERROR", "message": "boom"}})
	h.settle()
	eq(t, "unaffected until the next start", h.space("alice/f").Stage, "RUNNING")
	h.must(200, req{method: "POST", path: "/api/spaces/alice/f/restart", token: "hf_alice"})
	h.settle()
	s := h.space("alice/f")
	eq(t, "forced stage", s.Stage, "RUNTIME_ERROR")
	eq(t, "forced message", s.ErrorMessage, "boom")
	h.must(200, req{method: "POST", path: "/api/spaces/alice/f/restart", token: "hf_alice"})
	h.settle()
	eq(t, "only once", h.space("alice/f").Stage, "RUNNING")
}

func TestNoDockerfile(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", map[string]any{"name": "empty", "type": "space", "sdk": "docker"})
	eq(t, "stage", h.space("alice/empty").Stage, "NO_APP_FILE")
}
