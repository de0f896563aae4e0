package hubtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// ndjson builds an NDJSON commit body.
func ndjson(lines ...map[string]any) string {
	var b strings.Builder
	for _, l := range lines {
		data, _ := json.Marshal(l)
		b.Write(data)
		b.WriteByte('\n')
	}
	return b.String()
}

func header(summary, parent string) map[string]any {
	v := map[string]any{"summary": summary, "description": ""}
	if parent != "" {
		v["parentCommit"] = parent
	}
	return map[string]any{"key": "header", "value": v}
}

func fileOp(path, content string) map[string]any {
	return map[string]any{"key": "file", "value": map[string]any{"path": path,
		"content": base64.StdEncoding.EncodeToString([]byte(content)), "encoding": "base64"}}
}

func TestCommitFlow(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "repo", nil))
	base := "/api/spaces/alice/repo/"
	head := h.space("alice/repo").HeadCommit

	pre := h.must(200, req{method: "POST", path: base + "preupload/main", token: "hf_alice",
		body: map[string]any{"files": []map[string]any{{"path": ".oauth.yaml", "size": 10, "sample": ""}, {"path": "new.txt", "size": 1, "sample": ""}}}}).JSON(t)
	eq(t, "commitOid", pre["commitOid"], any(head))
	files := pre["files"].([]any)
	eq(t, "existing oid", files[0].(map[string]any)["oid"], any(blobSHA([]byte(TemplateFiles()[".oauth.yaml"]))))
	eq(t, "uploadMode", files[0].(map[string]any)["uploadMode"], any("regular"))
	eq(t, "shouldIgnore", files[0].(map[string]any)["shouldIgnore"], any(false))
	if _, ok := files[1].(map[string]any)["oid"]; ok {
		t.Error("a new path must not have an oid")
	}

	body := ndjson(header("allow team", head[:7]), fileOp(".oauth.yaml", "providers: []\n"))
	r := h.must(200, req{method: "POST", path: base + "commit/main", token: "hf_alice", body: body, contentType: "application/x-ndjson"}).JSON(t)
	eq(t, "success", r["success"], any(true))
	eq(t, "hookOutput", r["hookOutput"], any(""))
	oid := r["commitOid"].(string)
	eq(t, "commitUrl", r["commitUrl"], any(h.srv.URL+"/spaces/alice/repo/commit/"+oid))
	s := h.space("alice/repo")
	eq(t, "head", s.HeadCommit, oid)
	eq(t, "content", s.Files[".oauth.yaml"], "providers: []\n")
	eq(t, "commit restarts", s.Restarts, 1)
	eq(t, "commits", s.Commits, 2)

	stale := h.must(412, req{method: "POST", path: base + "commit/main", token: "hf_alice",
		body: ndjson(header("late", head), fileOp("x", "y")), contentType: "application/x-ndjson"})
	eq(t, "412 message", stale.Header.Get("X-Error-Message"), "The branch was updated since you opened this page. Please refresh and try again.")
	eq(t, "no commit on 412", h.space("alice/repo").Commits, 2)

	h.must(400, req{method: "POST", path: base + "commit/main", token: "hf_alice", body: ndjson(header("", "")), contentType: "application/x-ndjson"})
	h.must(400, req{method: "POST", path: base + "commit/main", token: "hf_alice", body: ndjson(fileOp("a", "b"), header("s", "")), contentType: "application/x-ndjson"})
	h.must(400, req{method: "POST", path: base + "commit/main", token: "hf_alice", body: ndjson(header("s", "xyz")), contentType: "application/x-ndjson"})
	h.must(403, req{method: "POST", path: base + "commit/main", token: "hf_alice_read", body: ndjson(header("s", "")), contentType: "application/x-ndjson"})
	h.must(404, req{method: "POST", path: base + "commit/dev", token: "hf_alice", body: ndjson(header("s", "")), contentType: "application/x-ndjson"})
	missing := h.must(404, req{method: "POST", path: base + "commit/main", token: "hf_alice",
		body: ndjson(header("rm", ""), map[string]any{"key": "deletedFile", "value": map[string]any{"path": "nope"}}), contentType: "application/x-ndjson"})
	eq(t, "delete missing code", missing.Header.Get("X-Error-Code"), "EntryNotFound")

	// Legacy JSON form, with a delete.
	h.must(200, req{method: "POST", path: base + "commit/main", token: "hf_alice", body: map[string]any{
		"summary": "legacy", "files": []map[string]string{{"path": "dir/a.txt", "content": "A"}},
		"deletedEntries": []map[string]string{{"path": "README.md"}}}})
	s = h.space("alice/repo")
	eq(t, "legacy add", s.Files["dir/a.txt"], "A")
	if _, ok := s.Files["README.md"]; ok {
		t.Error("legacy delete ignored")
	}

	// Resolve: HEAD and GET with ETag, X-Repo-Commit, Content-Length.
	hd := h.must(200, req{method: "HEAD", path: "/spaces/alice/repo/resolve/main/dir/a.txt"})
	eq(t, "ETag", hd.Header.Get("ETag"), `"`+blobSHA([]byte("A"))+`"`)
	eq(t, "X-Repo-Commit", hd.Header.Get("X-Repo-Commit"), s.HeadCommit)
	eq(t, "Content-Length", hd.Header.Get("Content-Length"), "1")
	eq(t, "HEAD body", len(hd.Body), 0)
	eq(t, "GET body", string(h.must(200, req{method: "GET", path: "/spaces/alice/repo/resolve/main/dir/a.txt"}).Body), "A")
	old := h.must(200, req{method: "GET", path: "/spaces/alice/repo/resolve/" + oid + "/.oauth.yaml"})
	eq(t, "by sha", string(old.Body), "providers: []\n")
	eq(t, "missing entry", h.must(404, req{method: "GET", path: "/spaces/alice/repo/resolve/main/none"}).Header.Get("X-Error-Code"), "EntryNotFound")
	eq(t, "missing rev", h.must(404, req{method: "GET", path: "/spaces/alice/repo/resolve/refs%2Fpr%2F9/README.md"}).Header.Get("X-Error-Code"), "RevisionNotFound")

	// History and tree.
	var commits []map[string]any
	c := h.must(200, req{method: "GET", path: base + "commits/main?limit=2"})
	json.Unmarshal(c.Body, &commits)
	eq(t, "X-Total-Count", c.Header.Get("X-Total-Count"), "3")
	eq(t, "newest first", commits[0]["title"], any("legacy"))
	if !strings.Contains(c.Header.Get("Link"), `rel="next"`) {
		t.Errorf("Link = %q", c.Header.Get("Link"))
	}
	var tree []map[string]any
	json.Unmarshal(h.must(200, req{method: "GET", path: base + "tree/main"}).Body, &tree)
	var paths []string
	for _, it := range tree {
		paths = append(paths, fmt.Sprint(it["type"], ":", it["path"]))
	}
	eq(t, "tree", strings.Join(paths, ","), "file:.gitattributes,file:.oauth.yaml,file:Dockerfile,directory:dir")
	json.Unmarshal(h.must(200, req{method: "GET", path: base + "tree/main/dir"}).Body, &tree)
	eq(t, "subtree", fmt.Sprint(tree[0]["path"]), "dir/a.txt")
}

func TestPrivateFilesNeedAccess(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "p", map[string]any{"visibility": "private"}))
	h.must(401, req{method: "GET", path: "/spaces/alice/p/resolve/main/Dockerfile"})
	h.must(404, req{method: "HEAD", path: "/spaces/alice/p/resolve/main/Dockerfile", token: "hf_bob"})
	h.must(200, req{method: "GET", path: "/spaces/alice/p/resolve/main/Dockerfile", token: "hf_alice_read"})
}

func TestCommitTwiceSameContentDiffers(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "c", nil))
	body := ndjson(header("same", ""), fileOp("a", "1"))
	a := h.must(200, req{method: "POST", path: "/api/spaces/alice/c/commit/main", token: "hf_alice", body: body, contentType: "application/x-ndjson"}).JSON(t)
	b := h.must(200, req{method: "POST", path: "/api/spaces/alice/c/commit/main", token: "hf_alice", body: body, contentType: "application/x-ndjson"}).JSON(t)
	if a["commitOid"] == b["commitOid"] {
		t.Error("two commits on different parents share a sha")
	}
}
