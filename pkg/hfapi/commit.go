package hfapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// CommitOp adds or updates a file (Content, sent base64) or deletes it.
type CommitOp struct {
	Path    string
	Content []byte
	Delete  bool
}

// CommitRequest is a commit of small files.
type CommitRequest struct {
	Summary      string // required, non-empty
	Description  string
	ParentCommit string // the head that was read; makes a stale write a 412
	Ops          []CommitOp
}

// CommitInfo is the answer of the commit endpoint.
type CommitInfo struct {
	Success    bool   `json:"success"`
	CommitOid  string `json:"commitOid"`
	CommitURL  string `json:"commitUrl"`
	HookOutput string `json:"hookOutput"`
}

// ndjsonLine is one line of the commit body: {"key": kind, "value": {...}}.
type ndjsonLine struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
}

// commitBody renders the NDJSON body (§10): the header line first, then one
// "file" (base64) or "deletedFile" line per op.
func commitBody(req CommitRequest) ([]byte, error) {
	type header struct {
		Summary      string `json:"summary"`
		Description  string `json:"description"`
		ParentCommit string `json:"parentCommit,omitempty"`
	}
	type file struct {
		Path     string `json:"path"`
		Content  string `json:"content"`
		Encoding string `json:"encoding"`
	}
	type deleted struct {
		Path string `json:"path"`
	}
	lines := []ndjsonLine{{"header", header{req.Summary, req.Description, req.ParentCommit}}}
	for _, op := range req.Ops {
		if op.Delete {
			lines = append(lines, ndjsonLine{"deletedFile", deleted{op.Path}})
		} else {
			lines = append(lines, ndjsonLine{"file", file{op.Path, base64.StdEncoding.EncodeToString(op.Content), "base64"}})
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf) // one object per line
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// Commit commits small files to a Space repo as huggingface_hub's create_commit does: paths as its
// _validate_path_in_repo leaves them (no leading "/" or "./"; "..", .git/ and .cache/ refused), then a
// preupload of the added files, whose verdict is honoured (an "lfs" or ignored file is an error: this
// client only sends small text files inline), then POST .../commit/{rev} (NDJSON).
//
// Retries: without ParentCommit a replay could commit twice, so only a 429 or
// a failed dial is retried. With ParentCommit a replay is safe: if the first
// attempt was applied, the replay gets 412. On a 412 after a lost answer or
// 5xx, the head is checked (preupload oids for added files, HEAD 404 for
// deleted ones): if it holds exactly our content, the commit is reported as
// done with the head's oid (CommitURL is built, HookOutput is empty).
// Otherwise the 412 is returned (IsPreconditionFailed) for the caller to
// re-read and re-apply.
func (c *Client) Commit(ctx context.Context, repoID, rev string, req CommitRequest) (*CommitInfo, error) {
	if req.Summary == "" {
		return nil, errors.New("hfapi: commit: empty summary")
	}
	if len(req.Ops) == 0 {
		return nil, errors.New("hfapi: commit: no operations")
	}
	ops := make([]CommitOp, len(req.Ops))
	for i, op := range req.Ops {
		p, err := repoPath(op.Path)
		if err != nil {
			return nil, err
		}
		op.Path = p
		ops[i] = op
	}
	req.Ops = ops
	if err := c.checkUploadModes(ctx, repoID, rev, ops); err != nil {
		return nil, err
	}
	u, err := c.spaceAPI(repoID, "commit/"+escapeRev(rev))
	if err != nil {
		return nil, err
	}
	body, err := commitBody(req)
	if err != nil {
		return nil, fmt.Errorf("hfapi: encoding commit: %w", err)
	}
	cl := &call{method: "POST", url: u, body: body, contentType: "application/x-ndjson", accept: "application/json", needAnswer: true}
	mode := retryUnprocessed
	if req.ParentCommit != "" {
		mode = retryIdempotent
	}
	resp, res, err := c.send(ctx, cl, mode)
	if err != nil {
		if res.replayed && IsPreconditionFailed(err) && ctx.Err() == nil {
			if head, ok := c.headHolds(ctx, repoID, rev, req.Ops); ok {
				return &CommitInfo{Success: true, CommitOid: head, CommitURL: c.repoWebURL("space", repoID) + "/commit/" + head}, nil
			}
		}
		return nil, err
	}
	var out CommitInfo
	if err := decodeJSON(cl, resp.Body(), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// checkUploadModes asks preupload how each added file must be uploaded (huggingface_hub always does,
// reference §10: the Hub, not the client, decides) and refuses what an inline "file" line cannot carry.
func (c *Client) checkUploadModes(ctx context.Context, repoID, rev string, ops []CommitOp) error {
	var adds []PreuploadFile
	for _, op := range ops {
		if !op.Delete {
			adds = append(adds, NewPreuploadFile(op.Path, op.Content))
		}
	}
	if len(adds) == 0 {
		return nil
	}
	pre, err := c.Preupload(ctx, repoID, rev, adds)
	if err != nil {
		return err
	}
	for _, f := range pre.Files {
		switch {
		case f.ShouldIgnore:
			return fmt.Errorf("hfapi: commit: the Space's .gitignore excludes %s, so the Hub would drop it: remove the rule from .gitignore first", f.Path)
		case f.UploadMode != "" && f.UploadMode != "regular":
			return fmt.Errorf("hfapi: commit: the Hub wants %s uploaded as %q (a .gitattributes rule or its size or content): this tool commits only small text files inline; change the Space's .gitattributes so %s is a regular file", f.Path, f.UploadMode, f.Path)
		}
	}
	return nil
}

// repoPath normalises a path in the repo as huggingface_hub's _validate_path_in_repo does (no leading
// "/" or "./") and refuses "." and ".." and, like it, anything under a .git/ or .cache/ folder.
func repoPath(p string) (string, error) {
	p = strings.TrimPrefix(p, "/")
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return "", fmt.Errorf("hfapi: invalid file path %q", p)
	}
	p = strings.TrimPrefix(p, "./")
	for _, part := range strings.Split(p, "/") {
		if part == ".git" || part == ".cache" {
			return "", fmt.Errorf("hfapi: invalid file path %q: files under a %s/ folder cannot be committed", p, part)
		}
	}
	if _, err := escapeFilePath(p); err != nil {
		return "", err
	}
	return p, nil
}

// headHolds reports whether the head of rev already has every op applied,
// and returns the head commit.
func (c *Client) headHolds(ctx context.Context, repoID, rev string, ops []CommitOp) (string, bool) {
	var adds []PreuploadFile
	want := map[string]string{}
	for _, op := range ops {
		if op.Delete {
			continue
		}
		adds = append(adds, NewPreuploadFile(op.Path, op.Content))
		want[op.Path] = GitBlobOid(op.Content)
	}
	pre, err := c.Preupload(ctx, repoID, rev, adds)
	if err != nil || pre.CommitOid == "" {
		return "", false
	}
	for _, f := range pre.Files {
		if oid, ok := want[f.Path]; ok && f.Oid == oid {
			delete(want, f.Path)
		}
	}
	if len(want) > 0 {
		return "", false
	}
	for _, op := range ops {
		if !op.Delete {
			continue
		}
		// Read at the head just seen, so a later commit cannot confuse us.
		if _, err := c.HeadFile(ctx, repoID, pre.CommitOid, op.Path); !IsNotFound(err) {
			return "", false
		}
	}
	return pre.CommitOid, true
}
