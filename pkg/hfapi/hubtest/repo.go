package hubtest

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// maxRegularFile is the largest regular (non-LFS) file a commit may carry (reference §10).
const maxRegularFile = 10 << 20

// lookupRevision finds a visible Space and one of its revisions, or answers the error (404/401 for the
// Space, 404 RevisionNotFound for the revision) and returns a nil commit.
func (c *call) lookupRevision(ns, name, rev string) (*space, *commit) {
	sp := c.lookup(ns, name, false)
	if sp == nil {
		return nil, nil
	}
	cm, ok := sp.revision(rev)
	if !ok {
		hubError(c.w, http.StatusNotFound, "RevisionNotFound", "Invalid rev id: "+rev)
		return sp, nil
	}
	return sp, cm
}

// resolveFile answers HEAD/GET /spaces/{ns}/{name}/resolve/{rev}/{path} with the content, a quoted
// ETag (the git blob sha), X-Repo-Commit and Content-Length (reference §9, addendum); a file that
// .gitattributes stores in LFS is a redirect to the CDN instead (redirectLFS).
func (c *call) resolveFile(ns, name, rev, p string) {
	sp, cm := c.lookupRevision(ns, name, rev)
	if cm == nil {
		return
	}
	sha, ok := cm.Tree[p]
	if !ok {
		hubError(c.w, http.StatusNotFound, "EntryNotFound", fmt.Sprintf("Entry not found: %s", p))
		return
	}
	if sp.tracksLFS(cm.Tree, p) {
		c.redirectLFS(sp, cm.Sha, sha)
		return
	}
	content := sp.Blobs[sha]
	h := c.w.Header()
	h.Set("ETag", `"`+sha+`"`)
	h.Set("X-Repo-Commit", cm.Sha)
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(content)))
	c.w.WriteHeader(http.StatusOK)
	if c.r.Method == http.MethodGet {
		c.w.Write(content)
	}
}

// branch resolves the only writable revision, main; anything else is RevisionNotFound.
func (c *call) branch(sp *space, rev string) bool {
	if rev != "main" {
		hubError(c.w, http.StatusNotFound, "RevisionNotFound", "Invalid rev id: "+rev+" (the emulator only has main)")
		return false
	}
	return true
}

// preupload answers POST .../preupload/{rev}: "lfs" for a path the head's .gitattributes stores in LFS,
// else "regular", with the existing blob's oid when the path exists, plus commitOid = the head. A
// malformed body is a 422.
func (c *call) preupload(ns, name, rev string) {
	sp := c.lookup(ns, name, true)
	if sp == nil || !c.branch(sp, rev) {
		return
	}
	var req struct {
		Files []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	if err := json.Unmarshal(c.body, &req); err != nil || len(req.Files) > 1000 {
		hubError(c.w, http.StatusUnprocessableEntity, "", "invalid preupload request: files must be a list of at most 1000 {path, size, sample}")
		return
	}
	type fileOut struct {
		Path         string `json:"path"`
		UploadMode   string `json:"uploadMode"`
		ShouldIgnore bool   `json:"shouldIgnore"`
		OID          string `json:"oid,omitempty"`
	}
	out := []fileOut{}
	head := sp.head()
	for _, f := range req.Files {
		mode := "regular"
		if sp.tracksLFS(head.Tree, f.Path) {
			mode = "lfs"
		}
		out = append(out, fileOut{Path: f.Path, UploadMode: mode, OID: head.Tree[f.Path]})
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"files": out, "commitOid": head.Sha})
}

// commit answers POST .../commit/{rev} in the NDJSON or the legacy JSON form (reference §10). A
// parentCommit that is not a prefix of the head is a 412. The commit rebuilds and restarts the Space.
func (c *call) commit(ns, name, rev string) {
	sp := c.lookup(ns, name, true)
	if sp == nil || !c.branch(sp, rev) {
		return
	}
	if c.r.URL.Query().Get("create_pr") != "" {
		c.badRequest("pull requests are not supported by the emulator")
		return
	}
	mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	var req commitRequest
	var err error
	switch mt {
	case "application/x-ndjson":
		req, err = parseNDJSONCommit(c.body)
	case "application/json":
		req, err = parseJSONCommit(c.body)
	default:
		err = fmt.Errorf("Content-Type must be application/x-ndjson (or the legacy application/json)")
	}
	if err != nil {
		c.badRequest("Bad request for commit endpoint: %v", err)
		return
	}
	head := sp.head()
	if req.Parent != "" && !strings.HasPrefix(head.Sha, strings.ToLower(req.Parent)) {
		hubError(c.w, http.StatusPreconditionFailed, "", "The branch was updated since you opened this page. Please refresh and try again.")
		return
	}
	files, status, err := applyOps(sp.files(head), req.Ops)
	if err != nil {
		code := ""
		if status == http.StatusNotFound {
			code = "EntryNotFound"
		}
		hubError(c.w, status, code, err.Error())
		return
	}
	cm := sp.addCommit(files, req.Summary, req.Description, c.user.Name, c.now)
	c.e.restartSpace(c.st, sp, c.now)
	writeJSON(c.w, http.StatusOK, map[string]any{"success": true, "commitOid": cm.Sha,
		"commitUrl": c.baseURL() + "/spaces/" + sp.ID + "/commit/" + cm.Sha, "hookOutput": ""})
}

// applyOps applies commit operations to a snapshot. Deleting a missing file or folder is a 404
// EntryNotFound (as huggingface_hub's delete_file documents); a regular file over 10 MiB is a 400.
func applyOps(files map[string][]byte, ops []commitOp) (map[string][]byte, int, error) {
	for _, op := range ops {
		switch op.Kind {
		case "file":
			if len(op.Content) > maxRegularFile {
				return nil, http.StatusBadRequest, fmt.Errorf("Your push was rejected because it contains files larger than 10 MiB (%s). Use LFS/Xet", op.Path)
			}
			if op.OldPath != "" {
				if _, ok := files[op.OldPath]; !ok {
					return nil, http.StatusNotFound, fmt.Errorf("Entry not found: %s", op.OldPath)
				}
				delete(files, op.OldPath)
			}
			files[op.Path] = op.Content
		case "deletedFile":
			if _, ok := files[op.Path]; !ok {
				return nil, http.StatusNotFound, fmt.Errorf("Entry not found: %s", op.Path)
			}
			delete(files, op.Path)
		case "deletedFolder":
			n := 0
			for p := range files {
				if strings.HasPrefix(p, op.Path+"/") {
					delete(files, p)
					n++
				}
			}
			if n == 0 {
				return nil, http.StatusNotFound, fmt.Errorf("Entry not found: %s/", op.Path)
			}
		}
	}
	return files, http.StatusOK, nil
}

// listCommits answers GET .../commits/{rev}?p=&limit= (newest first; X-Total-Count, Link rel="next").
func (c *call) listCommits(ns, name, rev string) {
	sp, cm := c.lookupRevision(ns, name, rev)
	if cm == nil {
		return
	}
	var history []commit
	for i := len(sp.Commits) - 1; i >= 0; i-- {
		if len(history) == 0 && sp.Commits[i].Sha != cm.Sha {
			continue
		}
		history = append(history, sp.Commits[i])
	}
	limit := min(max(c.queryInt("limit", 50), 1), 1000)
	page := max(c.queryInt("p", 0), 0)
	type author struct {
		User   string `json:"user"`
		Avatar string `json:"avatar"`
	}
	type item struct {
		ID      string   `json:"id"`
		Title   string   `json:"title"`
		Message string   `json:"message"`
		Authors []author `json:"authors"`
		Date    string   `json:"date"`
	}
	out := []item{}
	for i := page * limit; i < len(history) && i < (page+1)*limit; i++ {
		h := history[i]
		out = append(out, item{ID: h.Sha, Title: h.Title, Message: h.Message, Date: hubTime(h.Date),
			Authors: []author{{User: h.Author, Avatar: c.baseURL() + "/avatars/" + h.Author + ".svg"}}})
	}
	c.w.Header().Set("X-Total-Count", strconv.Itoa(len(history)))
	if (page+1)*limit < len(history) {
		next := fmt.Sprintf("%s/api/spaces/%s/commits/%s?p=%d&limit=%d", c.baseURL(), sp.ID, rev, page+1, limit)
		c.w.Header().Set("Link", "<"+next+`>; rel="next"`)
	}
	writeJSON(c.w, http.StatusOK, out)
}

// tree answers GET .../tree/{rev}[/{path}][?recursive=true]: {type, oid, size, path} items, files and
// directories (a directory's oid is a hash of its listing). A missing path is EntryNotFound.
func (c *call) tree(ns, name, rev, dir string) {
	sp, cm := c.lookupRevision(ns, name, rev)
	if cm == nil {
		return
	}
	recursive := c.r.URL.Query().Get("recursive") == "true" || c.r.URL.Query().Get("recursive") == "1"
	type item struct {
		Type string `json:"type"`
		OID  string `json:"oid"`
		Size int    `json:"size"`
		Path string `json:"path"`
	}
	prefix := ""
	if dir != "" {
		prefix = strings.TrimSuffix(dir, "/") + "/"
	}
	out := []item{}
	dirs := map[string]bool{}
	found := dir == ""
	for _, p := range sortedKeys(cm.Tree) {
		rel, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		found = true
		parts := strings.Split(rel, "/")
		for i := 1; i < len(parts); i++ {
			d := prefix + strings.Join(parts[:i], "/")
			if !dirs[d] && (recursive || i == 1) {
				dirs[d] = true
				out = append(out, item{Type: "directory", OID: blobSHA([]byte("tree " + d)), Path: d})
			}
		}
		if recursive || len(parts) == 1 {
			sha := cm.Tree[p]
			out = append(out, item{Type: "file", OID: sha, Size: len(sp.Blobs[sha]), Path: p})
		}
	}
	if !found {
		hubError(c.w, http.StatusNotFound, "EntryNotFound", "Entry not found: "+dir)
		return
	}
	writeJSON(c.w, http.StatusOK, out)
}
