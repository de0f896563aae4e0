package hfapi_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

var oauthContent = []byte("providers: []\n")

func commitRequest(parent string) hfapi.CommitRequest {
	return hfapi.CommitRequest{Summary: "Update OAuth", Description: "by argilla-space", ParentCommit: parent,
		Ops: []hfapi.CommitOp{{Path: ".oauth.yaml", Content: oauthContent}, {Path: "old.txt", Delete: true}}}
}

// regularPreupload answers preupload as the Hub does for small text files (each "regular") and passes
// every other request to next.
func regularPreupload(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Path, "/preupload/") {
			next(w, r)
			return
		}
		var body struct {
			Files []hfapi.PreuploadFile `json:"files"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		var files []any
		for _, f := range body.Files {
			files = append(files, map[string]any{"path": f.Path, "uploadMode": "regular", "shouldIgnore": false})
		}
		writeJSON(w, 200, map[string]any{"files": files, "commitOid": "head1"})
	}
}

// commits lists the requests to the commit endpoint.
func (f *fakeHub) commits() []seen {
	var out []seen
	for _, r := range f.requests() {
		if strings.Contains(r.Path, "/commit/") {
			out = append(out, r)
		}
	}
	return out
}

// TestCommitWire checks the preupload first, then the NDJSON body line by line.
func TestCommitWire(t *testing.T) {
	f := newFakeHub(t, regularPreupload(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"success": true, "commitOid": "new1", "commitUrl": "https://hub/spaces/alice/x/commit/new1", "hookOutput": ""})
	}))
	c, _ := newClient(t, f)
	got, err := c.Commit(context.Background(), "alice/x", "refs/pr/1", commitRequest("abc12"))
	if err != nil {
		t.Fatal(err)
	}
	want := &hfapi.CommitInfo{Success: true, CommitOid: "new1", CommitURL: "https://hub/spaces/alice/x/commit/new1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("commit = %+v", got)
	}
	pre := f.requests()[0]
	if pre.Method != "POST" || pre.RequestURI != "/api/spaces/alice/x/preupload/refs%2Fpr%2F1" {
		t.Errorf("first request = %s %s, want the preupload", pre.Method, pre.RequestURI)
	}
	jsonEqual(t, pre.Body, `{"files":[{"path":".oauth.yaml","size":14,"sample":"cHJvdmlkZXJzOiBbXQo="}]}`)
	r := f.requests()[1]
	if r.Method != "POST" || r.RequestURI != "/api/spaces/alice/x/commit/refs%2Fpr%2F1" {
		t.Errorf("request = %s %s", r.Method, r.RequestURI)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Errorf("Content-Type = %q", ct)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(r.Body))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	wantLines := []string{
		`{"key":"header","value":{"summary":"Update OAuth","description":"by argilla-space","parentCommit":"abc12"}}`,
		`{"key":"file","value":{"path":".oauth.yaml","content":"cHJvdmlkZXJzOiBbXQo=","encoding":"base64"}}`,
		`{"key":"deletedFile","value":{"path":"old.txt"}}`,
	}
	if len(lines) != len(wantLines) {
		t.Fatalf("lines = %q", lines)
	}
	for i := range lines {
		jsonEqual(t, []byte(lines[i]), wantLines[i])
	}
}

// TestCommitWithoutParentNoParentCommitField checks parentCommit is omitted.
func TestCommitWithoutParentField(t *testing.T) {
	f := newFakeHub(t, regularPreupload(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"success": true}) }))
	c, _ := newClient(t, f)
	if _, err := c.Commit(context.Background(), "alice/x", "", hfapi.CommitRequest{Summary: "s", Ops: []hfapi.CommitOp{{Path: "a", Content: nil}}}); err != nil {
		t.Fatal(err)
	}
	r := f.commits()[0]
	first, _, _ := bytes.Cut(r.Body, []byte("\n"))
	jsonEqual(t, first, `{"key":"header","value":{"summary":"s","description":""}}`)
	if r.RequestURI != "/api/spaces/alice/x/commit/main" {
		t.Errorf("uri = %s", r.RequestURI)
	}
}

// TestCommitRetries covers the commit retry policy.
func TestCommitRetries(t *testing.T) {
	t.Run("no parent: 503 is not retried", func(t *testing.T) {
		f := newFakeHub(t, regularPreupload(script(t, status(503))))
		c, _ := newClient(t, f)
		req := commitRequest("")
		if _, err := c.Commit(context.Background(), "alice/x", "main", req); hfapi.StatusOf(err) != 503 {
			t.Errorf("err = %v", err)
		}
		if n := len(f.commits()); n != 1 {
			t.Errorf("%d requests", n)
		}
	})
	t.Run("no parent: 429 is retried", func(t *testing.T) {
		f := newFakeHub(t, regularPreupload(script(t, status(429, "Retry-After", "1"), func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, map[string]any{"success": true, "commitOid": "n"})
		})))
		c, s := newClient(t, f)
		if _, err := c.Commit(context.Background(), "alice/x", "main", commitRequest("")); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(s.got(), durations(2)) {
			t.Errorf("sleeps = %v", s.got())
		}
	})
	t.Run("stale parent on first attempt is returned", func(t *testing.T) {
		f := newFakeHub(t, regularPreupload(script(t, status(412))))
		c, _ := newClient(t, f)
		if _, err := c.Commit(context.Background(), "alice/x", "main", commitRequest("abc12")); !hfapi.IsPreconditionFailed(err) {
			t.Errorf("err = %v", err)
		}
		if n := len(f.commits()); n != 1 {
			t.Errorf("%d requests", n)
		}
	})
	t.Run("applied commit with lost answer is recognised", func(t *testing.T) {
		h := &commitHub{oauthOid: hfapi.GitBlobOid(oauthContent), oldExists: false}
		f := newFakeHub(t, h.handler(t))
		c, s := newClient(t, f)
		got, err := c.Commit(context.Background(), "alice/x", "main", commitRequest("abc12"))
		if err != nil {
			t.Fatal(err)
		}
		want := &hfapi.CommitInfo{Success: true, CommitOid: "head2", CommitURL: f.URL + "/spaces/alice/x/commit/head2"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("commit = %+v", got)
		}
		if h.commits != 2 || !reflect.DeepEqual(s.got(), durations(1)) {
			t.Errorf("commits %d sleeps %v", h.commits, s.got())
		}
		if n := f.count("HEAD", "/spaces/alice/x/resolve/head2/old.txt"); n != 1 {
			t.Errorf("deleted file checked %d times at the head", n)
		}
	})
	t.Run("someone else's commit keeps the 412", func(t *testing.T) {
		h := &commitHub{oauthOid: "0000", oldExists: false}
		f := newFakeHub(t, h.handler(t))
		c, _ := newClient(t, f)
		if _, err := c.Commit(context.Background(), "alice/x", "main", commitRequest("abc12")); !hfapi.IsPreconditionFailed(err) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("deleted file still there keeps the 412", func(t *testing.T) {
		h := &commitHub{oauthOid: hfapi.GitBlobOid(oauthContent), oldExists: true}
		f := newFakeHub(t, h.handler(t))
		c, _ := newClient(t, f)
		if _, err := c.Commit(context.Background(), "alice/x", "main", commitRequest("abc12")); !hfapi.IsPreconditionFailed(err) {
			t.Errorf("err = %v", err)
		}
	})
}

// commitHub applies the first commit and loses its answer; the replay gets
// 412; preupload and HEAD describe the head.
type commitHub struct {
	mu        sync.Mutex
	commits   int
	oauthOid  string
	oldExists bool
}

func (h *commitHub) handler(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		defer h.mu.Unlock()
		switch {
		case r.URL.Path == "/api/spaces/alice/x/commit/main":
			h.commits++
			if h.commits == 1 {
				drop(t, w)
				return
			}
			writeJSON(w, 412, map[string]any{"error": "The branch was updated since you opened this page. Please refresh and try again."})
		case r.URL.Path == "/api/spaces/alice/x/preupload/main":
			var body struct {
				Files []hfapi.PreuploadFile `json:"files"`
			}
			_ = json.NewDecoder(r.Body).Decode(&body)
			if len(body.Files) != 1 || body.Files[0].Path != ".oauth.yaml" {
				t.Errorf("preupload files = %+v", body.Files)
			}
			writeJSON(w, 200, map[string]any{"commitOid": "head2",
				"files": []any{map[string]any{"path": ".oauth.yaml", "uploadMode": "regular", "oid": h.oauthOid}}})
		case r.Method == "HEAD" && r.URL.Path == "/spaces/alice/x/resolve/head2/old.txt":
			if h.oldExists {
				w.Header().Set("X-Repo-Commit", "head2")
				return
			}
			w.Header().Set("X-Error-Code", "EntryNotFound")
			w.WriteHeader(404)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
	}
}

// TestCommitHonoursUploadMode: the Hub's preupload verdict decides; a file it wants in LFS, or that
// the Space's .gitignore drops, is a clear error and no commit is sent (never a silent regular upload).
func TestCommitHonoursUploadMode(t *testing.T) {
	for _, tc := range []struct {
		verdict map[string]any
		want    string
	}{
		{map[string]any{"path": ".oauth.yaml", "uploadMode": "lfs", "shouldIgnore": false}, `as "lfs"`},
		{map[string]any{"path": ".oauth.yaml", "uploadMode": "regular", "shouldIgnore": true}, ".gitignore"},
	} {
		f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, map[string]any{"files": []any{tc.verdict}, "commitOid": "head1"})
		})
		c, _ := newClient(t, f)
		_, err := c.Commit(context.Background(), "alice/x", "main", commitRequest("abc12"))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), ".oauth.yaml") {
			t.Errorf("verdict %v: err = %v, want one naming the file and %q", tc.verdict, err, tc.want)
		}
		if n := len(f.commits()); n != 0 {
			t.Errorf("verdict %v: %d commits sent", tc.verdict, n)
		}
	}
}

// TestCommitPaths: paths as huggingface_hub's _validate_path_in_repo leaves them (no leading "/" or
// "./"); "..", and anything under .git/ or .cache/, refused before a request.
func TestCommitPaths(t *testing.T) {
	f := newFakeHub(t, regularPreupload(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"success": true}) }))
	c, _ := newClient(t, f)
	for in, want := range map[string]string{"/.oauth.yaml": ".oauth.yaml", "./conf/a.yaml": "conf/a.yaml", "/./b": "b"} {
		if _, err := c.Commit(context.Background(), "alice/x", "main", hfapi.CommitRequest{Summary: "s", Ops: []hfapi.CommitOp{{Path: in, Content: []byte("x")}}}); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		cm := f.commits()
		lines := bytes.Split(bytes.TrimSpace(cm[len(cm)-1].Body), []byte("\n"))
		var op struct {
			Value struct {
				Path string `json:"path"`
			} `json:"value"`
		}
		if err := json.Unmarshal(lines[1], &op); err != nil || op.Value.Path != want {
			t.Errorf("%s sent as %q, want %q", in, op.Value.Path, want)
		}
	}
	before := len(f.requests())
	for _, bad := range []string{".git/config", "a/.git/HEAD", ".cache/x", "..", "../x", ".", "a/../b"} {
		if _, err := c.Commit(context.Background(), "alice/x", "main", hfapi.CommitRequest{Summary: "s", Ops: []hfapi.CommitOp{{Path: bad, Content: []byte("x")}}}); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if n := len(f.requests()) - before; n != 0 {
		t.Errorf("%d requests for refused paths", n)
	}
}

func TestGitBlobOid(t *testing.T) {
	// `printf 'hello\n' | git hash-object --stdin`
	if got := hfapi.GitBlobOid([]byte("hello\n")); got != "ce013625030ba8dba906f756967f9e9ca394464a" {
		t.Errorf("oid = %s", got)
	}
	if got := hfapi.GitBlobOid(nil); got != "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391" {
		t.Errorf("empty oid = %s", got)
	}
}
