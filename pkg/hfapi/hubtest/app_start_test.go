package hubtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// dockerfile is the template's Dockerfile with another FROM tag.
func dockerfile(tag string) string {
	return strings.Replace(argillaDockerfile, "argilla-hf-spaces:v2.8.0", "argilla-hf-spaces:"+tag, 1)
}

// The app reports the version of the Dockerfile's FROM tag; latest is the newest known; an unknown
// tag fails the build the way Docker does (so an upgrade to a bad tag can be tested).
func TestAppVersionFromDockerfile(t *testing.T) {
	h := newHub(t, Options{})
	for name, tag := range map[string]string{"old": "v2.7.1", "bare": "2.5.0", "latest": "latest", "bad": "v9.9.9"} {
		h.createSpace("hf_alice", argillaBody("alice", name, map[string]any{
			"files": []map[string]string{{"path": "Dockerfile", "content": dockerfile(tag)}}}))
	}
	h.settle()
	for name, want := range map[string]string{"old": "2.7.1", "bare": "2.5.0", "latest": "2.8.0"} {
		v := h.must(200, h.app("alice/"+name, "GET", "/api/v1/version", "", nil)).JSON(t)["version"]
		eq(t, name+" version", v, any(want))
		eq(t, name+" status version", h.must(200, h.app("alice/"+name, "GET", "/api/v1/status", "", nil)).JSON(t)["version"], any(want))
	}
	bad := h.space("alice/bad")
	eq(t, "unknown tag", bad.Stage, "BUILD_ERROR")
	eq(t, "manifest unknown", bad.ErrorMessage,
		"Build failed: manifest for argilla/argilla-hf-spaces:v9.9.9 not found: manifest unknown: manifest unknown")

	// An upgrade is a commit of the FROM line: the next start runs the new version.
	h.must(200, req{method: "POST", path: "/api/spaces/alice/old/commit/main", token: "hf_alice",
		body: ndjson(header("upgrade", ""), fileOp("Dockerfile", dockerfile("v2.8.0"))), contentType: "application/x-ndjson"})
	h.settle()
	eq(t, "upgraded", h.must(200, h.app("alice/old", "GET", "/api/v1/version", "", nil)).JSON(t)["version"], any("2.8.0"))
	h.must(200, req{method: "POST", path: "/api/spaces/alice/bad/commit/main", token: "hf_alice",
		body: ndjson(header("fix", ""), fileOp("Dockerfile", dockerfile("v2.8.0"))), contentType: "application/x-ndjson"})
	h.settle()
	eq(t, "fixed", h.space("alice/bad").Stage, "RUNNING")
}

// Every start creates the OAuth file's allowed_workspaces if missing; WORKSPACE only with the owner,
// who becomes its member (argilla-api §16.1, §16.4).
func TestAppStartWorkspaces(t *testing.T) {
	h := newHub(t, Options{})
	h.must(200, req{method: "POST", path: "/api/buckets/alice/data", token: "hf_alice"})
	h.createSpace("hf_alice", argillaBody("alice", "ws", map[string]any{
		"secrets": []map[string]string{{"key": "API_KEY", "value": ownerKey}, {"key": "WORKSPACE", "value": "team"}},
		"volumes": []map[string]any{{"type": "bucket", "source": "alice/data", "mountPath": "/data"}}}))
	h.settle()
	a := &argillaApp{hub: h, id: "alice/ws"}
	eq(t, "workspaces", strings.Join(h.space("alice/ws").Workspaces, ","), "team,argilla")
	var team string
	for _, w := range a.list("GET", "/me/workspaces", ownerKey) {
		if w["name"] == "team" {
			team = w["id"].(string)
		}
	}
	members := a.list("GET", "/workspaces/"+team+"/users", ownerKey)
	eq(t, "owner is a member of WORKSPACE", len(members), 1)
	// Deleted workspaces: argilla comes back at the next start, team does not (the owner exists).
	for _, w := range a.list("GET", "/me/workspaces", ownerKey) {
		a.call(200, "DELETE", "/workspaces/"+w["id"].(string), ownerKey, nil)
	}
	h.must(200, req{method: "POST", path: "/api/spaces/alice/ws/restart", token: "hf_alice"})
	h.settle()
	eq(t, "after restart", strings.Join(h.space("alice/ws").Workspaces, ","), "argilla")
}

// The debug OAuth sign-in creates the user as the server does (§14.5).
func TestAppOAuthSignin(t *testing.T) {
	a := newArgillaApp(t, "oauth", map[string]any{
		"secrets": []map[string]string{{"key": "API_KEY", "value": ownerKey}, {"key": "USERNAME", "value": "boss"}}})
	signin := func(want int, name string) map[string]any {
		t.Helper()
		return a.must(want, req{method: "POST", path: "/_emulator/spaces/alice/oauth/argilla/oauth-signin",
			body: map[string]string{"username": name}}).JSON(t)
	}
	carol := signin(200, "carol")
	eq(t, "annotator", carol["role"], any("annotator"))
	eq(t, "first name", carol["first_name"], any("carol"))
	me := a.obj(200, "GET", "/me", carol["api_key"].(string), nil)
	eq(t, "key works", me["username"], any("carol"))
	eq(t, "joined allowed workspaces", len(a.list("GET", "/me/workspaces", carol["api_key"].(string))), 1)
	eq(t, "same account on a second sign-in", signin(200, "carol")["id"], carol["id"])
	// USERNAME exists already as the owner created at start: signing in as it finds that user.
	eq(t, "USERNAME", signin(200, "boss")["role"], any("owner"))
	a.must(404, req{method: "POST", path: "/_emulator/spaces/alice/none/argilla/oauth-signin", body: map[string]string{"username": "x"}})
	a.must(400, req{method: "POST", path: "/_emulator/spaces/alice/oauth/argilla/oauth-signin", body: map[string]string{}})
}

// With a state file the app data round-trips through JSON between requests; the id and external_id
// maps are rebuilt after each load, and older state files (users and workspaces only) still load.
func TestAppStateFileRoundTrip(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHub(t, Options{StateFile: file})
	h.createSpace("hf_alice", argillaBody("alice", "saved", map[string]any{
		"secrets": []map[string]string{{"key": "API_KEY", "value": ownerKey}}}))
	h.settle()
	a := &argillaApp{hub: h, id: "alice/saved"}
	ann, _ := a.user("ann", "annotator")
	ws := a.workspace("w")
	ds, q := a.sampleDataset(ws, "d", false)
	items := records(0, 2, func(_ int, item map[string]any) {
		item["responses"] = []map[string]any{{"user_id": ann, "status": "submitted", "values": map[string]any{"label": map[string]any{"value": "a"}}}}
		item["suggestions"] = []map[string]any{{"question_id": q["rating"], "value": 2, "score": 0.25}}
		item["vectors"] = map[string]any{"emb": []float64{0.5, 1.5, 2}}
		item["metadata"] = map[string]any{"n": 7}
	})
	created := a.obj(201, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": items})["items"].([]any)
	id := created[0].(map[string]any)["id"].(string)
	respID := created[0].(map[string]any)["responses"].([]any)[0].(map[string]any)["id"].(string)

	got := a.obj(200, "GET", "/records/"+id, ownerKey, nil)
	want, _ := json.Marshal(created[0])
	have, _ := json.Marshal(got)
	eq(t, "record after a reload", string(have), string(want))
	a.call(200, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": items})
	eq(t, "upsert by external_id after a reload", a.obj(200, "GET", "/datasets/"+ds+"/records", ownerKey, nil)["total"], any(float64(2)))
	a.call(200, "PUT", "/responses/"+respID, ownerKey, map[string]any{"status": "discarded"})

	// An older state file: app data with only users and workspaces, no members, datasets or clock.
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	json.Unmarshal(data, &raw)
	sp := raw["spaces"].(map[string]any)["alice/saved"].(map[string]any)
	sp["ephemeral"] = map[string]any{
		"users":      []any{map[string]any{"id": "6fe01bb5-273e-4b47-828e-ad71c3a1a68b", "username": "alice", "firstName": "alice", "role": "owner", "apiKey": "old-key-123456", "createdAt": "2026-09-01T12:00:00Z"}},
		"workspaces": []any{map[string]any{"id": "7fe01bb5-273e-4b47-828e-ad71c3a1a68b", "name": "argilla", "createdAt": "2026-09-01T12:00:00Z"}}}
	data, _ = json.Marshal(raw)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	me := a.obj(200, "GET", "/me", "old-key-123456", nil)
	eq(t, "old user", me["updated_at"], any("2026-09-01T12:00:00"))
	eq(t, "old workspace", a.list("GET", "/me/workspaces", "old-key-123456")[0]["name"], any("argilla"))
	a.call(201, "POST", "/workspaces", "old-key-123456", map[string]any{"name": "new"})
}

// POST /token gives a JWT that authenticates as Bearer until it expires, its user is deleted, or the
// Space restarts (a new key each start, §1.2, §16.3).
func TestAppToken(t *testing.T) {
	h := newHub(t, Options{})
	h.must(200, req{method: "POST", path: "/api/buckets/alice/data", token: "hf_alice"})
	h.createSpace("hf_alice", argillaBody("alice", "jwt", map[string]any{
		"secrets": []map[string]string{{"key": "API_KEY", "value": ownerKey}},
		"volumes": []map[string]any{{"type": "bucket", "source": "alice/data", "mountPath": "/data"}}}))
	h.settle()
	a := &argillaApp{hub: h, id: "alice/jwt"}
	id, _ := a.user("ann", "annotator")
	form := func(body string) resp {
		return a.do(req{method: "POST", path: "/api/v1/token", host: a.appHost(a.id), body: body, contentType: "application/x-www-form-urlencoded"})
	}
	tok := form("username=ann&password=password-ann")
	eq(t, "token status", tok.Status, 201)
	eq(t, "token type", tok.JSON(t)["token_type"], any("bearer"))
	bearer := func(want int) resp {
		t.Helper()
		return a.must(want, req{method: "GET", path: "/api/v1/me", host: a.appHost(a.id),
			header: map[string]string{"Authorization": "Bearer " + tok.JSON(t)["access_token"].(string)}})
	}
	eq(t, "bearer user", bearer(200).JSON(t)["username"], any("ann"))
	eq(t, "wrong password", form("username=ann&password=nope").Status, 401)
	_, params := coded(t, form("username=ann"))
	contains(t, "missing password", fmt.Sprint(params["errors"]), "[body password]")

	h.clock.Advance(25 * time.Hour)
	_, params = coded(t, bearer(401))
	eq(t, "expired", params["detail"], any("Invalid token"))
	tok = form("username=ann&password=password-ann")
	bearer(200)
	h.must(200, req{method: "POST", path: "/api/spaces/alice/jwt/restart", token: "hf_alice"})
	h.settle()
	_, params = coded(t, bearer(401))
	eq(t, "after a restart", params["detail"], any("Invalid token"))
	tok = form("username=ann&password=password-ann")
	a.call(200, "DELETE", "/users/"+id, ownerKey, nil)
	_, params = coded(t, bearer(401))
	eq(t, "deleted user", params["detail"], any("Could not validate credentials"))
}
