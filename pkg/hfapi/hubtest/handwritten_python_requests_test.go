package hubtest_test

// Hand-written replays of the requests huggingface_hub v1.28 builds: the official Python client cannot
// be installed here, so each request below is written out, byte for byte as the client builds it, and
// sent with raw net/http; the test checks that the emulator accepts it and answers as the reference
// (hub-api.md §2-§12 and its two addenda) says the Hub does. These are our reading of the client's code,
// not recordings: the real Hub's recorded answers are replayed by cassette_replay_test.go. Nothing here
// uses pkg/hfapi.
//
// How the Python client encodes bodies:
//   - `json=` bodies go through httpx. Before httpx 0.28 that is json.dumps with its defaults
//     ({"a": 1}: a space after ':' and ',', non-ASCII escaped as \uXXXX); since httpx 0.28 (changelog
//     0.28.0, "JSON request bodies use a compact representation", encode/httpx#3363) it is compact.
//     huggingface_hub accepts both httpx versions, so every JSON body is sent both ways (pySession).
//   - The commit's NDJSON body is built by huggingface_hub itself: json.dumps(item) per line, default
//     separators, then "\n" (hf_api.py create_commit, _payload_as_ndjson), sent with
//     Content-Type: application/x-ndjson. Its "file" value lists content, path, encoding (base64),
//     in that order (_commit_api.py _prepare_commit_payload).

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// pyUserAgent is what huggingface_hub sends when no library is named (reference §13).
const pyUserAgent = "unknown/None; hf_hub/1.28.0; python/3.12.3"

// pySession replays one client's requests.
type pySession struct {
	t       *testing.T
	srv     *hubtest.Server
	token   string
	compact bool // httpx >= 0.28
	n       int  // request counter, for X-Amzn-Trace-Id
}

// pyAnswer is one answer, fully read.
type pyAnswer struct {
	status int
	header http.Header
	body   []byte
}

// send sends a request the way huggingface_hub does: its User-Agent, `authorization: Bearer`, its own
// X-Amzn-Trace-Id, and no redirect followed unless the caller does it.
func (p *pySession) send(method, path, contentType, body string, header ...string) pyAnswer {
	p.t.Helper()
	if contentType == "application/json" && p.compact {
		body = httpxCompact(p.t, body)
	}
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, p.srv.URL+path, r)
	if err != nil {
		p.t.Fatal(err)
	}
	p.n++
	req.Header.Set("User-Agent", pyUserAgent)
	req.Header.Set("X-Amzn-Trace-Id", fmt.Sprintf("0b1a2c3d-0000-4000-8000-%012x", p.n))
	if p.token != "" {
		req.Header.Set("Authorization", "Bearer "+p.token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		p.t.Errorf("%s %s: no X-Request-Id (the client prints it in errors)", method, path)
	}
	return pyAnswer{status: resp.StatusCode, header: resp.Header, body: data}
}

// expect sends and fails the test unless the status is want.
func (p *pySession) expect(want int, method, path, contentType, body string, header ...string) pyAnswer {
	p.t.Helper()
	a := p.send(method, path, contentType, body, header...)
	if a.status != want {
		p.t.Fatalf("%s %s: %d, want %d; body %s", method, path, a.status, want, a.body)
	}
	return a
}

// object decodes a JSON object answer (and checks it is declared as JSON).
func (a pyAnswer) object(t *testing.T) map[string]any {
	t.Helper()
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want JSON", ct)
	}
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("answer %q is not a JSON object: %v", a.body, err)
	}
	return m
}

// hubError checks the Hub's error shape (§12): {"error": msg}, X-Error-Message, X-Error-Code.
func (a pyAnswer) hubError(t *testing.T, code, msgPart string) {
	t.Helper()
	m := a.object(t)
	msg, _ := m["error"].(string)
	if !strings.Contains(msg, msgPart) || a.header.Get("X-Error-Message") != msg || a.header.Get("X-Error-Code") != code {
		t.Errorf("error answer %s, X-Error-Message %q, X-Error-Code %q; want a message with %q and code %q",
			a.body, a.header.Get("X-Error-Message"), a.header.Get("X-Error-Code"), msgPart, code)
	}
}

// conflictError checks the 409 that names an existing repo: {"error", "url"} and, as the recorded create
// 409 shows (testdata/cassettes), no X-Error-Message; the client reads the message from the body.
func (a pyAnswer) conflictError(t *testing.T) {
	t.Helper()
	m := a.object(t)
	if msg, _ := m["error"].(string); !strings.Contains(msg, "already") || m["url"] == nil || a.header.Get("X-Error-Message") != "" {
		t.Errorf("409 answer %s, X-Error-Message %q; want {error: ...already..., url} and no X-Error-Message", a.body, a.header.Get("X-Error-Message"))
	}
}

// httpxCompact turns a json.dumps body into what httpx >= 0.28 sends: no insignificant whitespace, and
// non-ASCII characters as UTF-8 rather than \uXXXX escapes (ensure_ascii=False).
func httpxCompact(t *testing.T, body string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(body)); err != nil {
		t.Fatalf("bad JSON in the test: %v", err)
	}
	return nonASCIIEscape.ReplaceAllStringFunc(buf.String(), func(esc string) string {
		r, _ := strconv.ParseUint(esc[2:], 16, 32)
		if r < 0x80 || (r >= 0xd800 && r < 0xe000) {
			return esc // ASCII control characters stay escaped; no surrogates in these bodies
		}
		return string(rune(r))
	})
}

var nonASCIIEscape = regexp.MustCompile(`\\u[0-9a-fA-F]{4}`)

// ndjson renders commit lines as huggingface_hub does: json.dumps per line + "\n".
func ndjson(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func newSession(t *testing.T, compact bool) *pySession {
	t.Helper()
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return &pySession{t: t, srv: srv, token: "hf_alice", compact: compact}
}

// encodings runs f once per body encoding huggingface_hub may send.
func encodings(t *testing.T, f func(t *testing.T, p *pySession)) {
	for _, enc := range []struct {
		name    string
		compact bool
	}{{"json.dumps defaults (httpx<0.28)", false}, {"compact (httpx>=0.28)", true}} {
		t.Run(enc.name, func(t *testing.T) { f(t, newSession(t, enc.compact)) })
	}
}

var hexSha = regexp.MustCompile(`^[0-9a-f]{40}$`)

// TestHandwrittenPythonCreateFromTemplate: `create_repo("alice/demo", repo_type="space",
// space_template="argilla/argilla-template-space", private=True, space_hardware="cpu-basic",
// space_secrets=[...], space_variables=[...])` as v1.28 sends it (addendum).
func TestHandwrittenPythonCreateFromTemplate(t *testing.T) {
	encodings(t, func(t *testing.T, p *pySession) {
		// It may probe agent harnesses first; a 404 is fine and it carries on.
		p.expect(404, "GET", "/api/agent-harnesses", "", "")

		tmpl := p.expect(200, "GET", "/api/spaces/templates", "", "").object(t)
		found := false
		for _, x := range tmpl["templates"].([]any) {
			m := x.(map[string]any)
			for _, k := range []string{"name", "repoId", "sdk", "preferredPrivate"} {
				if _, ok := m[k]; !ok {
					t.Errorf("template %v lacks %s", m, k)
				}
			}
			if m["repoId"] == "argilla/argilla-template-space" && m["sdk"] == "docker" {
				found = true
			}
		}
		if !found {
			t.Fatalf("templates %s lack the Argilla one", p.send("GET", "/api/spaces/templates", "", "").body)
		}

		// organization is the namespace as given, even the caller's own name.
		created := p.expect(200, "POST", "/api/repos/create", "application/json",
			`{"name": "demo", "organization": "alice", "visibility": "private", "type": "space", "sdk": "docker", `+
				`"template": "argilla/argilla-template-space", "hardware": "cpu-basic", `+
				`"secrets": [{"key": "PASSWORD", "value": "a-long-password"}, {"key": "API_KEY", "value": "owner.api.key.123"}], `+
				`"variables": [{"key": "ARGILLA_ENABLE_TELEMETRY", "value": "0", "description": "caf\u00e9"}]}`).object(t)
		if created["url"] != p.srv.URL+"/spaces/alice/demo" || created["name"] != "alice/demo" {
			t.Errorf("create answered %v", created)
		}
		if id, _ := created["id"].(string); !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(id) {
			t.Errorf("id %q, want 24 hex", created["id"])
		}
		s, _ := p.srv.Space("alice/demo")
		if s.Visibility != "private" || s.Secrets["API_KEY"] != "owner.api.key.123" || s.Builds != 1 ||
			s.Files["Dockerfile"] != hubtest.TemplateFiles()["Dockerfile"] {
			t.Errorf("Space: visibility %s, builds %d, secret keys %v", s.Visibility, s.Builds, len(s.Secrets))
		}
		vars := p.expect(200, "GET", "/api/spaces/alice/demo/variables", "", "").object(t)
		if v := vars["ARGILLA_ENABLE_TELEMETRY"].(map[string]any); v["value"] != "0" || v["description"] != "café" {
			t.Errorf("variable = %v (the \\u escape must decode)", v)
		}

		// exist_ok: a second create is a 409 whose body carries url, which the client returns.
		again := p.expect(409, "POST", "/api/repos/create", "application/json",
			`{"name": "demo", "organization": "alice", "visibility": "private", "type": "space", "sdk": "docker", "template": "argilla/argilla-template-space"}`)
		if m := again.object(t); m["url"] != p.srv.URL+"/spaces/alice/demo" || m["error"] == "" {
			t.Errorf("409 body = %s", again.body)
		}

		// organization null means the caller.
		other := p.expect(200, "POST", "/api/repos/create", "application/json",
			`{"name": "notes", "organization": null, "visibility": "public", "type": "space", "sdk": "static"}`).object(t)
		if other["name"] != "alice/notes" {
			t.Errorf("create with organization null answered %v", other)
		}
		// private and visibility together are refused; private alone (before v1.8) still works.
		p.expect(400, "POST", "/api/repos/create", "application/json",
			`{"name": "both", "organization": "alice", "private": true, "visibility": "public", "type": "space", "sdk": "static"}`)
		p.expect(200, "POST", "/api/repos/create", "application/json",
			`{"name": "legacy", "organization": "alice", "private": true, "type": "space", "sdk": "static"}`)
		if s, _ := p.srv.Space("alice/legacy"); s.Visibility != "private" {
			t.Errorf("private: true made a %s Space", s.Visibility)
		}
	})
}

// TestHandwrittenPythonSpaceManagement: whoami, space_info, get_space_runtime, secrets, variables,
// hardware, sleep time, settings, volumes, buckets, pause, restart, duplicate, delete.
func TestHandwrittenPythonSpaceManagement(t *testing.T) {
	encodings(t, func(t *testing.T, p *pySession) {
		who := p.expect(200, "GET", "/api/whoami-v2", "", "").object(t)
		if who["name"] != "alice" || who["isPro"] != true {
			t.Errorf("whoami = %v", who)
		}
		p.expect(200, "POST", "/api/buckets/alice/demo-data", "application/json", `{"private": true}`)
		p.expect(200, "POST", "/api/repos/create", "application/json",
			`{"name": "demo", "organization": "alice", "visibility": "public", "type": "space", "sdk": "docker", "template": "argilla/argilla-template-space", `+
				`"volumes": [{"type": "bucket", "source": "alice/demo-data", "mountPath": "/data"}]}`)

		info := p.expect(200, "GET", "/api/spaces/alice/demo?expand=sha&expand=runtime", "", "").object(t)
		if sha, _ := info["sha"].(string); !hexSha.MatchString(sha) || info["runtime"] == nil || info["_id"] == nil || len(info) != 4 {
			t.Errorf("space_info(expand=[sha, runtime]) = %v", info)
		}
		rt := p.expect(200, "GET", "/api/spaces/alice/demo/runtime", "", "").object(t)
		hw := rt["hardware"].(map[string]any)
		if rt["stage"] != "RUNNING" || hw["requested"] != "cpu-basic" || rt["gcTimeout"] != float64(172800) {
			t.Errorf("runtime = %v", rt)
		}

		// Secrets: POST answers {}, DELETE carries a JSON body, listing never shows values.
		if m := p.expect(200, "POST", "/api/spaces/alice/demo/secrets", "application/json",
			`{"key": "HF_TOKEN", "value": "hf_secret_value", "description": "for the app"}`).object(t); len(m) != 0 {
			t.Errorf("add secret answered %v, want {}", m)
		}
		list := p.expect(200, "GET", "/api/spaces/alice/demo/secrets", "", "")
		if bytes.Contains(list.body, []byte("hf_secret_value")) || !bytes.Contains(list.body, []byte(`"HF_TOKEN"`)) {
			t.Errorf("secrets list = %s", list.body)
		}
		p.expect(200, "DELETE", "/api/spaces/alice/demo/secrets", "application/json", `{"key": "HF_TOKEN"}`)
		p.expect(200, "DELETE", "/api/spaces/alice/demo/secrets", "application/json", `{"key": "HF_TOKEN"}`) // missing: still 200

		// Variables: POST and DELETE answer the whole map.
		all := p.expect(200, "POST", "/api/spaces/alice/demo/variables", "application/json", `{"key": "MODEL", "value": "x"}`).object(t)
		if v, ok := all["MODEL"].(map[string]any); !ok || v["value"] != "x" || v["updatedAt"] == nil {
			t.Errorf("add variable answered %v", all)
		}
		if rest := p.expect(200, "DELETE", "/api/spaces/alice/demo/variables", "application/json", `{"key": "MODEL"}`).object(t); len(rest) != 0 {
			t.Errorf("delete variable answered %v, want the remaining (empty) map", rest)
		}

		// Hardware, sleep time: field names exactly as the client sends them.
		rt = p.expect(200, "POST", "/api/spaces/alice/demo/hardware", "application/json", `{"flavor": "cpu-upgrade", "sleepTimeSeconds": 3600}`).object(t)
		if rt["hardware"].(map[string]any)["requested"] != "cpu-upgrade" || rt["gcTimeout"] != float64(3600) {
			t.Errorf("request_space_hardware answered %v", rt)
		}
		if rt = p.expect(200, "POST", "/api/spaces/alice/demo/sleeptime", "application/json", `{"seconds": 7200}`).object(t); rt["gcTimeout"] != float64(7200) {
			t.Errorf("set_space_sleep_time answered %v", rt)
		}

		// Settings: visibility (v1.8+), private (older clients), never both.
		if m := p.expect(200, "PUT", "/api/spaces/alice/demo/settings", "application/json", `{"visibility": "private"}`).object(t); m["private"] != true {
			t.Errorf("settings answered %v", m)
		}
		p.expect(400, "PUT", "/api/spaces/alice/demo/settings", "application/json", `{"private": false, "visibility": "public"}`)
		p.expect(200, "PUT", "/api/spaces/alice/demo/settings", "application/json", `{"private": false}`)
		if s, _ := p.srv.Space("alice/demo"); s.Visibility != "public" {
			t.Errorf("visibility %s after private: false", s.Visibility)
		}

		// Volumes: PUT replaces the list, DELETE (no body) removes them all.
		rt = p.expect(200, "PUT", "/api/spaces/alice/demo/volumes", "application/json",
			`{"volumes": [{"type": "bucket", "source": "alice/demo-data", "mountPath": "/data"}, {"type": "model", "source": "acme/m", "mountPath": "/m", "readOnly": true}]}`).object(t)
		if vols, _ := rt["volumes"].([]any); len(vols) != 2 || vols[0].(map[string]any)["mountPath"] != "/data" {
			t.Errorf("runtime volumes after PUT = %v", rt["volumes"])
		}
		p.expect(200, "DELETE", "/api/spaces/alice/demo/volumes", "", "")
		p.expect(400, "DELETE", "/api/spaces/alice/demo/volumes", "", "") // none left

		// Pause, then restart with factory=true (a query parameter).
		if rt = p.expect(200, "POST", "/api/spaces/alice/demo/pause", "", "").object(t); rt["stage"] != "PAUSED" {
			t.Errorf("pause answered %v", rt)
		}
		if rt = p.expect(200, "POST", "/api/spaces/alice/demo/restart?factory=true", "", "").object(t); rt["stage"] != "RUNNING" {
			t.Errorf("restart answered %v", rt)
		}

		// duplicate_repo: {url} (the target's URL); variables come along, secrets do not.
		dup := p.expect(200, "POST", "/api/spaces/alice/demo/duplicate", "application/json",
			`{"repository": "acme/copy", "visibility": "private", "hardware": "cpu-basic", "secrets": [{"key": "PASSWORD", "value": "another-password"}]}`).object(t)
		if dup["url"] != p.srv.URL+"/spaces/acme/copy" {
			t.Errorf("duplicate answered %v", dup)
		}
		p.expect(409, "POST", "/api/spaces/alice/demo/duplicate", "application/json", `{"repository": "acme/copy"}`).conflictError(t)

		// delete_repo: JSON body on DELETE, 200 text/plain "OK"; a second time 404 RepoNotFound.
		del := p.expect(200, "DELETE", "/api/repos/delete", "application/json", `{"name": "copy", "organization": "acme", "type": "space"}`)
		if string(del.body) != "OK" || !strings.HasPrefix(del.header.Get("Content-Type"), "text/plain") {
			t.Errorf("delete answered %q (%s)", del.body, del.header.Get("Content-Type"))
		}
		p.expect(404, "DELETE", "/api/repos/delete", "application/json", `{"name": "copy", "organization": "acme", "type": "space"}`).
			hubError(t, "RepoNotFound", "")
	})
}

// TestHandwrittenPythonUploadAndDownload: upload_file (preupload, then the NDJSON commit), the HEAD of
// hf_hub_download that needs ETag and X-Repo-Commit, the 412 of a stale parent_commit, deletions,
// and the legacy JSON commit form.
func TestHandwrittenPythonUploadAndDownload(t *testing.T) {
	encodings(t, func(t *testing.T, p *pySession) {
		p.expect(200, "POST", "/api/repos/create", "application/json",
			`{"name": "demo", "organization": "alice", "visibility": "public", "type": "space", "sdk": "docker", "template": "argilla/argilla-template-space"}`)
		s, _ := p.srv.Space("alice/demo")
		head := s.HeadCommit

		// 1. preupload: the server says how each file goes, and gives the head.
		content := "providers:\n  - name: huggingface\nallowed_workspaces:\n  - name: team\n"
		pre := p.expect(200, "POST", "/api/spaces/alice/demo/preupload/main", "application/json",
			`{"files": [{"path": ".oauth.yaml", "sample": "`+b64(content)+`", "size": `+itoa(len(content))+`}]}`).object(t)
		files := pre["files"].([]any)
		f0 := files[0].(map[string]any)
		if pre["commitOid"] != head || len(files) != 1 || f0["path"] != ".oauth.yaml" || f0["uploadMode"] != "regular" || f0["shouldIgnore"] != false {
			t.Errorf("preupload answered %v", pre)
		}
		if oid, _ := f0["oid"].(string); !hexSha.MatchString(oid) {
			t.Errorf("preupload oid %v, want the existing blob's sha1", f0["oid"])
		}

		// 2. the NDJSON commit, with its Content-Type; no parentCommit by default.
		ci := p.expect(200, "POST", "/api/spaces/alice/demo/commit/main", "application/x-ndjson", ndjson(
			`{"key": "header", "value": {"summary": "Upload .oauth.yaml with huggingface_hub", "description": ""}}`,
			`{"key": "file", "value": {"content": "`+b64(content)+`", "path": ".oauth.yaml", "encoding": "base64"}}`)).object(t)
		oid, _ := ci["commitOid"].(string)
		if ci["success"] != true || !hexSha.MatchString(oid) || ci["commitUrl"] != p.srv.URL+"/spaces/alice/demo/commit/"+oid {
			t.Errorf("commit answered %v", ci)
		}

		// 3. hf_hub_download's HEAD: ETag and X-Repo-Commit (the new head), no redirect for a small file.
		h := p.expect(200, "HEAD", "/spaces/alice/demo/resolve/main/.oauth.yaml", "", "", "Accept-Encoding", "identity")
		etag := h.header.Get("ETag")
		if h.header.Get("X-Repo-Commit") != oid || !regexp.MustCompile(`^"[0-9a-f]{40}"$`).MatchString(etag) || len(h.body) != 0 {
			t.Errorf("HEAD: X-Repo-Commit %q (want %s), ETag %q, body %q", h.header.Get("X-Repo-Commit"), oid, etag, h.body)
		}
		if n := h.header.Get("Content-Length"); n != itoa(len(content)) {
			t.Errorf("HEAD Content-Length %q, want %d (the client reads the size from it)", n, len(content))
		}
		g := p.expect(200, "GET", "/spaces/alice/demo/resolve/main/.oauth.yaml", "", "")
		if string(g.body) != content || g.header.Get("ETag") != etag {
			t.Errorf("GET: %q, ETag %q", g.body, g.header.Get("ETag"))
		}
		p.expect(404, "HEAD", "/spaces/alice/demo/resolve/main/nope.txt", "", "", "Accept-Encoding", "identity")
		miss := p.send("GET", "/spaces/alice/demo/resolve/main/nope.txt", "", "")
		miss.hubError(t, "EntryNotFound", "nope.txt")

		// 4. parent_commit: the old head is stale (412, the message the client's test expects), the new
		//    one works, in short form too.
		stale := p.expect(412, "POST", "/api/spaces/alice/demo/commit/main", "application/x-ndjson", ndjson(
			`{"key": "header", "value": {"summary": "late", "description": "", "parentCommit": "`+head+`"}}`,
			`{"key": "file", "value": {"content": "`+b64("x")+`", "path": "x.txt", "encoding": "base64"}}`))
		stale.hubError(t, "", "The branch was updated since you opened this page. Please refresh and try again.")
		ci = p.expect(200, "POST", "/api/spaces/alice/demo/commit/main", "application/x-ndjson", ndjson(
			`{"key": "header", "value": {"summary": "Delete README.md with huggingface_hub", "description": "", "parentCommit": "`+oid[:7]+`"}}`,
			`{"key": "deletedFile", "value": {"path": "README.md"}}`)).object(t)
		s, _ = p.srv.Space("alice/demo")
		if _, ok := s.Files["README.md"]; ok || s.HeadCommit != ci["commitOid"] {
			t.Errorf("after deletedFile: files %v, head %s, commit %v", len(s.Files), s.HeadCommit, ci["commitOid"])
		}

		// 5. The legacy application/json form: one object.
		p.expect(200, "POST", "/api/spaces/alice/demo/commit/main", "application/json",
			`{"summary": "legacy", "description": "", "files": [{"path": "notes/a.txt", "content": "a", "encoding": "utf-8"}], "deletedEntries": [], "lfsFiles": []}`)
		if s, _ := p.srv.Space("alice/demo"); s.Files["notes/a.txt"] != "a" || s.Commits != 4 {
			t.Errorf("legacy commit: notes/a.txt %q, %d commits", s.Files["notes/a.txt"], s.Commits)
		}

		// A header line that is not first, or an empty summary, is a 400.
		p.expect(400, "POST", "/api/spaces/alice/demo/commit/main", "application/x-ndjson", ndjson(
			`{"key": "file", "value": {"content": "`+b64("x")+`", "path": "x.txt", "encoding": "base64"}}`,
			`{"key": "header", "value": {"summary": "late header", "description": ""}}`))
		p.expect(400, "POST", "/api/spaces/alice/demo/commit/main", "application/x-ndjson", ndjson(
			`{"key": "header", "value": {"summary": "", "description": ""}}`,
			`{"key": "file", "value": {"content": "`+b64("x")+`", "path": "x.txt", "encoding": "base64"}}`))
	})
}

// TestHandwrittenPythonDeleteFolder: delete_folder / CommitOperationDelete("notes/") sends the folder path
// with its trailing "/" (huggingface_hub _commit_api.py: a path ending in "/" is a folder; its
// docstring's example is "checkpoints/1fec34a/").
func TestHandwrittenPythonDeleteFolder(t *testing.T) {
	p := newSession(t, false)
	p.expect(200, "POST", "/api/repos/create", "application/json",
		`{"name": "demo", "organization": "alice", "visibility": "public", "type": "space", "sdk": "static", `+
			`"files": [{"path": "notes/a.txt", "content": "a"}, {"path": "notes/b.txt", "content": "b"}]}`)
	a := p.send("POST", "/api/spaces/alice/demo/commit/main", "application/x-ndjson", ndjson(
		`{"key": "header", "value": {"summary": "Delete folder notes with huggingface_hub", "description": ""}}`,
		`{"key": "deletedFolder", "value": {"path": "notes/"}}`))
	if a.status != 200 {
		t.Fatalf("delete folder: %d %s", a.status, a.body)
	}
	s, _ := p.srv.Space("alice/demo")
	for f := range s.Files {
		if strings.HasPrefix(f, "notes/") {
			t.Errorf("%s survived the folder deletion", f)
		}
	}
}

// TestHandwrittenPythonLogs: fetch_space_logs reads the SSE stream and parses only lines starting with
// "data: {" as {"data", "timestamp"} (§11).
func TestHandwrittenPythonLogs(t *testing.T) {
	p := newSession(t, false)
	p.expect(200, "POST", "/api/repos/create", "application/json",
		`{"name": "demo", "organization": "alice", "visibility": "public", "type": "space", "sdk": "docker", "template": "argilla/argilla-template-space"}`)
	req, _ := http.NewRequest("GET", p.srv.URL+"/api/spaces/alice/demo/logs/build", nil)
	req.Header.Set("Authorization", "Bearer hf_alice")
	req.Header.Set("User-Agent", pyUserAgent)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("logs: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The stream never ends by itself: read until the build's last line, then hang up.
	var got []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() && (len(got) == 0 || got[len(got)-1] != "DONE") {
		line := sc.Text()
		if !strings.HasPrefix(line, "data: {") {
			continue
		}
		var ev struct {
			Data      string `json:"data"`
			Timestamp string `json:"timestamp"`
		}
		if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev); err != nil || ev.Timestamp == "" {
			t.Fatalf("event line %q: %v", line, err)
		}
		got = append(got, ev.Data)
	}
	if len(got) < 4 || got[1] != "--> FROM argilla/argilla-hf-spaces:v2.8.0" || got[len(got)-1] != "DONE" {
		t.Errorf("build log = %q", got)
	}
}

// TestHandwrittenPythonErrors: how the Hub refuses, as hf_raise_for_status reads it (§12).
func TestHandwrittenPythonErrors(t *testing.T) {
	p := newSession(t, false)
	p.expect(200, "POST", "/api/repos/create", "application/json",
		`{"name": "priv", "organization": "alice", "visibility": "private", "type": "space", "sdk": "static"}`)

	// A bad token: 401 with exactly this X-Error-Message (the only 401 that means "bad token").
	bad := &pySession{t: t, srv: p.srv, token: "hf_wrong"}
	bad.expect(401, "GET", "/api/whoami-v2", "", "").hubError(t, "", "Invalid credentials in Authorization header")

	// Missing and private repos look the same: 401 to anonymous callers, 404 to others.
	anon := &pySession{t: t, srv: p.srv}
	anon.expect(401, "GET", "/api/spaces/alice/priv", "", "").hubError(t, "RepoNotFound", "")
	anon.expect(401, "GET", "/api/spaces/alice/missing", "", "").hubError(t, "RepoNotFound", "")
	anon.expect(401, "HEAD", "/spaces/alice/priv/resolve/main/README.md", "", "", "Accept-Encoding", "identity")
	bob := &pySession{t: t, srv: p.srv, token: "hf_bob"}
	bob.expect(404, "GET", "/api/spaces/alice/priv", "", "").hubError(t, "RepoNotFound", "")
	p.expect(404, "GET", "/api/spaces/alice/missing", "", "").hubError(t, "RepoNotFound", "")

	// A missing revision: RevisionNotFound.
	p.expect(404, "GET", "/spaces/alice/priv/resolve/"+strings.Repeat("0", 40)+"/README.md", "", "").hubError(t, "RevisionNotFound", "")

	// A read token writing: 403. A free user's docker Space: 402.
	ro := &pySession{t: t, srv: p.srv, token: "hf_alice_read"}
	ro.expect(403, "POST", "/api/spaces/alice/priv/secrets", "application/json", `{"key": "K", "value": "v"}`)
	bob.expect(402, "POST", "/api/repos/create", "application/json",
		`{"name": "x", "organization": "bob", "visibility": "public", "type": "space", "sdk": "docker"}`)

	// Over the rate limit, a 429 carries the IETF headers the client's backoff reads.
	srv, err := hubtest.NewServer(hubtest.Options{RateLimit: 1, RateWindow: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	limited := &pySession{t: t, srv: srv, token: "hf_alice"}
	limited.expect(200, "GET", "/api/whoami-v2", "", "")
	a := limited.expect(429, "GET", "/api/whoami-v2", "", "")
	if !regexp.MustCompile(`^"api";r=0;t=\d+$`).MatchString(a.header.Get("RateLimit")) || a.header.Get("Retry-After") == "" ||
		a.header.Get("RateLimit-Policy") != `"fixed window";"api";q=1;w=3600` {
		t.Errorf("429 headers: RateLimit %q, Retry-After %q, RateLimit-Policy %q",
			a.header.Get("RateLimit"), a.header.Get("Retry-After"), a.header.Get("RateLimit-Policy"))
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
