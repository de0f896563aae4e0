package hubtest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestWhoami(t *testing.T) {
	h := newHub(t, Options{})
	r := h.must(200, req{method: "GET", path: "/api/whoami-v2", token: "hf_alice"})
	if r.Header.Get("X-Request-Id") == "" {
		t.Error("missing X-Request-Id")
	}
	var w whoamiUser
	if err := json.Unmarshal(r.Body, &w); err != nil {
		t.Fatal(err)
	}
	eq(t, "name", w.Name, "alice")
	eq(t, "type", w.Type, "user")
	eq(t, "isPro", w.IsPro, true)
	eq(t, "token role", w.Auth.AccessToken.Role, "write")
	if len(w.Orgs) != 2 || w.Orgs[0].Name != "acme" || w.Orgs[0].Plan != "team" || w.Orgs[0].RoleInOrg != "admin" ||
		w.Orgs[1].Name != "freeorg" || w.Orgs[1].Plan != "" {
		t.Errorf("orgs = %+v", w.Orgs)
	}
	r = h.must(200, req{method: "GET", path: "/api/whoami-v2", token: "hf_alice_read"})
	if !strings.Contains(string(r.Body), `"role":"read"`) {
		t.Errorf("read token role missing: %s", r.Body)
	}

	bad := h.must(401, req{method: "GET", path: "/api/whoami-v2", token: "hf_nope"})
	eq(t, "X-Error-Message", bad.Header.Get("X-Error-Message"), "Invalid credentials in Authorization header")
	none := h.must(401, req{method: "GET", path: "/api/whoami-v2"})
	if none.Header.Get("X-Error-Message") == "Invalid credentials in Authorization header" {
		t.Error("anonymous 401 must not claim a bad token")
	}
}

func TestCatalogEndpoints(t *testing.T) {
	h := newHub(t, Options{})
	var tl struct {
		Templates []templateJSON `json:"templates"`
	}
	json.Unmarshal(h.must(200, req{method: "GET", path: "/api/spaces/templates"}).Body, &tl)
	if len(tl.Templates) < 3 || tl.Templates[0].RepoID != argillaTemplateID || tl.Templates[0].SDK != "docker" {
		t.Errorf("templates = %+v", tl.Templates)
	}
	var hw []hardwareFlavor
	json.Unmarshal(h.must(200, req{method: "GET", path: "/api/spaces/hardware"}).Body, &hw)
	eq(t, "flavors", len(hw), 17)
	eq(t, "first", hw[0].Name, "cpu-basic")
	h.must(404, req{method: "GET", path: "/api/agent-harnesses"})
	h.must(404, req{method: "GET", path: "/api/nothing/here"})
}

func TestTemplateSpaceFiles(t *testing.T) {
	h := newHub(t, Options{})
	for path, want := range TemplateFiles() {
		r := h.must(200, req{method: "GET", path: "/spaces/" + argillaTemplateID + "/resolve/main/" + path})
		eq(t, path, string(r.Body), want)
		eq(t, path+" ETag", r.Header.Get("ETag"), `"`+blobSHA([]byte(want))+`"`)
	}
	eq(t, "oauth file", TemplateFiles()[".oauth.yaml"],
		"# Change to `true` to enable HF auth integration\n# enabled: false\n\nproviders:\n  - name: huggingface\n\n# Allowed workspaces must exists\nallowed_workspaces:\n  - name: argilla\n")
	if !strings.HasPrefix(TemplateFiles()["Dockerfile"], "FROM argilla/argilla-hf-spaces:v2.8.0\nCOPY .oauth.yaml /home/argilla/\n") {
		t.Error("Dockerfile differs from the template")
	}
	// Nobody can write to the template.
	h.must(403, req{method: "POST", path: "/api/spaces/" + argillaTemplateID + "/restart", token: "hf_alice"})
}

// The server checks token, rights, plan, protected, existence, then validation (reference §2).
func TestCreateCheckOrder(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("acme", "taken", nil))
	h.createSpace("hf_bob", map[string]any{"name": "static-one", "type": "space", "sdk": "static"})

	cases := []struct {
		name, token string
		body        map[string]any
		status      int
		msg         string
	}{
		{"anonymous", "", argillaBody("acme", "x", nil), 401, ""},
		{"read token", "hf_alice_read", argillaBody("alice", "x", nil), 403, ""},
		{"read role beats existence", "hf_bob", argillaBody("acme", "taken", nil), 403, ""},
		{"free user docker", "hf_bob", argillaBody("bob", "static-one", nil), 402, "PRO"},
		{"free org docker", "hf_alice", argillaBody("freeorg", "x", nil), 402, "Team or Enterprise"},
		{"free protected static", "hf_bob", map[string]any{"name": "p", "type": "space", "sdk": "static", "visibility": "protected"}, 402, "Protected"},
		{"exists beats validation", "hf_alice", argillaBody("acme", "taken", map[string]any{"hardware": "nope"}), 409, "already created"},
		{"both visibility and private", "hf_alice", argillaBody("alice", "x", map[string]any{"private": true}), 400, "both"},
		{"unknown hardware", "hf_alice", argillaBody("alice", "x", map[string]any{"hardware": "h100"}), 400, "hardware"},
		{"zero needs gradio", "hf_alice", argillaBody("alice", "x", map[string]any{"hardware": "zero-a10g"}), 400, "gradio"},
		{"sleep zero", "hf_alice", argillaBody("alice", "x", map[string]any{"sleepTimeSeconds": 0}), 400, "sleepTimeSeconds"},
		{"bad secret key", "hf_alice", argillaBody("alice", "x", map[string]any{"secrets": []map[string]string{{"key": "1BAD", "value": "v"}}}), 400, "secret key"},
		{"missing bucket", "hf_alice", argillaBody("alice", "x", map[string]any{"volumes": []map[string]string{{"type": "bucket", "source": "alice/none", "mountPath": "/data"}}}), 400, "bucket alice/none not found"},
		{"relative mount", "hf_alice", argillaBody("alice", "x", map[string]any{"volumes": []map[string]string{{"type": "model", "source": "a/b", "mountPath": "data"}}}), 400, "mountPath"},
		{"storage tier", "hf_alice", argillaBody("alice", "x", map[string]any{"storageTier": "small"}), 400, "no longer available"},
		{"unknown template", "hf_alice", argillaBody("alice", "x", map[string]any{"template": "nope/nope"}), 400, "unknown template"},
		{"no sdk", "hf_alice", map[string]any{"name": "x", "type": "space"}, 400, "sdk"},
		{"bad name", "hf_alice", argillaBody("alice", "bad--name", nil), 400, "invalid repo name"},
		{"bad file encoding", "hf_alice", argillaBody("alice", "x", map[string]any{"files": []map[string]string{{"path": "a", "content": "x", "encoding": "latin1"}}}), 400, "encoding"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := h.must(c.status, req{method: "POST", path: "/api/repos/create", token: c.token, body: c.body})
			if c.msg != "" && !strings.Contains(string(r.Body), c.msg) {
				t.Errorf("body %s lacks %q", r.Body, c.msg)
			}
			// The recorded 409 carries its message in the body only (testdata/cassettes).
			if hasHeader := r.Header.Get("X-Error-Message") != ""; c.status >= 400 && hasHeader != (c.status != 409) {
				t.Errorf("X-Error-Message %q on a %d", r.Header.Get("X-Error-Message"), c.status)
			}
			if c.status == 409 {
				eq(t, "409 url", r.JSON(t)["url"], any(h.srv.URL+"/spaces/acme/taken"))
			}
		})
	}
	if _, ok := h.srv.Space("alice/x"); ok {
		t.Error("a refused create left a Space behind")
	}
}

func TestCreateOrganizationForms(t *testing.T) {
	h := newHub(t, Options{})
	// organization null, missing, and equal to the caller's own name all mean the caller.
	h.createSpace("hf_alice", map[string]any{"name": "a", "organization": nil, "type": "space", "sdk": "static"})
	h.createSpace("hf_alice", map[string]any{"name": "b", "type": "space", "sdk": "static"})
	r := h.must(200, req{method: "POST", path: "/api/repos/create", token: "hf_alice",
		body: map[string]any{"name": "c", "organization": "alice", "type": "space", "sdk": "static", "private": true}})
	m := r.JSON(t)
	eq(t, "url", m["url"], any(h.srv.URL+"/spaces/alice/c"))
	eq(t, "name", m["name"], any("alice/c"))
	if id, _ := m["id"].(string); len(id) != 24 {
		t.Errorf("id %q is not 24 hex", id)
	}
	for _, id := range []string{"alice/a", "alice/b"} {
		eq(t, id+" visibility", h.space(id).Visibility, "public")
	}
	eq(t, "legacy private", h.space("alice/c").Visibility, "private")
	// A case variant of an existing name conflicts.
	h.must(409, req{method: "POST", path: "/api/repos/create", token: "hf_alice",
		body: map[string]any{"name": "C", "type": "space", "sdk": "static"}})
}

// One create request builds a complete Argilla Space: template + inline files, secrets, variables,
// a bucket volume, hardware and sleep time, in one commit and one build.
func TestCreateFullArgillaSpace(t *testing.T) {
	h := newHub(t, Options{})
	b := h.must(200, req{method: "POST", path: "/api/buckets/acme/team-data", token: "hf_alice", body: map[string]any{"private": true}})
	eq(t, "bucket name", b.JSON(t)["name"], any("acme/team-data"))
	conflict := h.must(409, req{method: "POST", path: "/api/buckets/acme/team-data", token: "hf_alice", body: map[string]any{}})
	if m := conflict.JSON(t); m["url"] == nil || m["id"] == nil || m["error"] == nil {
		t.Errorf("bucket 409 body = %v", m)
	}
	h.must(403, req{method: "POST", path: "/api/buckets/acme/other", token: "hf_bob"})

	oauth := "providers:\n  - name: huggingface\nallowed_workspaces:\n  - name: argilla\n  - name: team\n"
	h.createSpace("hf_alice", argillaBody("acme", "annotate", map[string]any{
		"visibility": "private", "hardware": "cpu-upgrade", "sleepTimeSeconds": 3600,
		"secrets": []map[string]string{{"key": "USERNAME", "value": "alice"}, {"key": "PASSWORD", "value": "s3cret-pass"},
			{"key": "API_KEY", "value": "owner.api.key.123"}},
		"variables": []map[string]string{{"key": "ARGILLA_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING", "value": "false"}},
		"volumes":   []map[string]any{{"type": "bucket", "source": "acme/team-data", "mountPath": "/data"}},
		"files":     []map[string]string{{"path": ".oauth.yaml", "content": oauth}},
	}))
	s := h.space("acme/annotate")
	eq(t, "commits", s.Commits, 1)
	eq(t, "builds", s.Builds, 1)
	eq(t, "restarts", s.Restarts, 0)
	eq(t, "oauth file", s.Files[".oauth.yaml"], oauth)
	eq(t, "Dockerfile from template", s.Files["Dockerfile"], TemplateFiles()["Dockerfile"])
	eq(t, "secret", s.Secrets["API_KEY"], "owner.api.key.123")
	eq(t, "persistent", s.Persistent, true)
	eq(t, "sleep", *s.SleepTimeSeconds, 3600)
	eq(t, "stage", s.Stage, "BUILDING")

	rt := h.must(200, req{method: "GET", path: "/api/spaces/acme/annotate/runtime", token: "hf_alice"}).JSON(t)
	hw := rt["hardware"].(map[string]any)
	if hw["current"] != nil || hw["requested"] != "cpu-upgrade" {
		t.Errorf("hardware during first build = %v", hw)
	}
	eq(t, "gcTimeout", rt["gcTimeout"], any(float64(3600)))
	vols := rt["volumes"].([]any)
	eq(t, "volume mountPath", vols[0].(map[string]any)["mountPath"], any("/data"))
	eq(t, "volume readOnly", vols[0].(map[string]any)["readOnly"], any(false))

	h.clock.Advance(10 * time.Second)
	eq(t, "stage after build", h.space("acme/annotate").Stage, "APP_STARTING")
	h.clock.Advance(5 * time.Second)
	s = h.space("acme/annotate")
	eq(t, "stage after start", s.Stage, "RUNNING")
	eq(t, "owner", *s.Owner, Owner{Username: "alice", APIKey: "owner.api.key.123"})
	eq(t, "workspaces", strings.Join(s.Workspaces, ","), "argilla,team")
	rt = h.must(200, req{method: "GET", path: "/api/spaces/acme/annotate/runtime", token: "hf_alice"}).JSON(t)
	eq(t, "current hardware", rt["hardware"].(map[string]any)["current"], any("cpu-upgrade"))
}

func TestDuplicate(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "src", map[string]any{
		"variables": []map[string]string{{"key": "V", "value": "1"}},
		"secrets":   []map[string]string{{"key": "S", "value": "secret"}}}))
	r := h.must(200, req{method: "POST", path: "/api/spaces/alice/src/duplicate", token: "hf_alice",
		body: map[string]any{"repository": "acme/copy", "visibility": "private",
			"secrets": []map[string]string{{"key": "API_KEY", "value": "abcdefgh1"}}}})
	eq(t, "url", r.JSON(t)["url"], any(h.srv.URL+"/spaces/acme/copy"))
	s := h.space("acme/copy")
	eq(t, "variable copied", s.Variables["V"], "1")
	eq(t, "secret not copied", s.Secrets["S"], "")
	eq(t, "own secret", s.Secrets["API_KEY"], "abcdefgh1")
	eq(t, "files", s.Files["Dockerfile"], TemplateFiles()["Dockerfile"])
	eq(t, "visibility", s.Visibility, "private")
	eq(t, "hardware", s.Hardware, "cpu-basic")

	c := h.must(409, req{method: "POST", path: "/api/spaces/alice/src/duplicate", token: "hf_alice",
		body: map[string]any{"repository": "acme/copy"}})
	eq(t, "409 url", c.JSON(t)["url"], any(h.srv.URL+"/spaces/acme/copy"))
	h.must(402, req{method: "POST", path: "/api/spaces/" + argillaTemplateID + "/duplicate", token: "hf_bob",
		body: map[string]any{"repository": "bob/argilla"}})
	h.must(403, req{method: "POST", path: "/api/spaces/alice/src/duplicate", token: "hf_bob",
		body: map[string]any{"repository": "acme/other"}})
	h.must(400, req{method: "POST", path: "/api/spaces/alice/src/duplicate", token: "hf_alice", body: map[string]any{}})
	h.must(404, req{method: "POST", path: "/api/spaces/alice/none/duplicate", token: "hf_alice",
		body: map[string]any{"repository": "alice/x"}})
}

func TestDeleteRepo(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("acme", "gone", nil))
	h.must(403, req{method: "DELETE", path: "/api/repos/delete", token: "hf_bob",
		body: map[string]any{"name": "gone", "organization": "acme", "type": "space"}})
	r := h.must(200, req{method: "DELETE", path: "/api/repos/delete", token: "hf_alice",
		body: map[string]any{"name": "gone", "organization": "acme", "type": "space"}})
	eq(t, "body", string(r.Body), "OK")
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("content type %q", r.Header.Get("Content-Type"))
	}
	nf := h.must(404, req{method: "DELETE", path: "/api/repos/delete", token: "hf_alice",
		body: map[string]any{"name": "gone", "organization": "acme", "type": "space"}})
	eq(t, "X-Error-Code", nf.Header.Get("X-Error-Code"), "RepoNotFound")
}
