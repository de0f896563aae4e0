package hfapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// File is a file read from a Space repo.
type File struct {
	Content []byte // nil for HeadFile
	Commit  string // X-Repo-Commit: the commit of the revision that was read
	ETag    string // X-Linked-Etag, else ETag; quotes and W/ removed (the git blob id for regular files)
}

// resolveURL returns {endpoint}/spaces/{ns}/{name}/resolve/{rev}/{path}.
func (c *Client) resolveURL(repoID, rev, path string) (string, error) {
	eid, err := escapedID(repoID)
	if err != nil {
		return "", err
	}
	ep, err := escapeFilePath(path)
	if err != nil {
		return "", err
	}
	return c.endpoint + "/spaces/" + eid + "/resolve/" + escapeRev(rev) + "/" + ep, nil
}

// GetFile downloads a file of a Space repo ("" rev = main). Redirects (LFS
// files to a CDN) are followed; Commit and ETag then come from the final
// answer. A GET: retried. A missing file is IsNotFound.
func (c *Client) GetFile(ctx context.Context, repoID, rev, path string) (*File, error) {
	u, err := c.resolveURL(repoID, rev, path)
	if err != nil {
		return nil, err
	}
	resp, _, err := c.send(ctx, &call{method: "GET", url: u}, retryIdempotent)
	if err != nil {
		return nil, err
	}
	return &File{Content: resp.Body(), Commit: resp.Header().Get("X-Repo-Commit"), ETag: fileETag(resp.Header())}, nil
}

// maxRelativeRedirects bounds HeadFile's redirect following.
const maxRelativeRedirects = 5

// HeadFile reads a file's commit and ETag without its content, as
// huggingface_hub does (HEAD with Accept-Encoding: identity). Like it, only
// relative redirects (a renamed repo) are followed; an absolute one (a CDN)
// is the answer. A HEAD: retried.
func (c *Client) HeadFile(ctx context.Context, repoID, rev, path string) (*File, error) {
	u, err := c.resolveURL(repoID, rev, path)
	if err != nil {
		return nil, err
	}
	for range maxRelativeRedirects {
		cl := &call{method: "HEAD", url: u, noRedirect: true, header: map[string]string{"Accept-Encoding": "identity"}}
		resp, _, err := c.send(ctx, cl, retryIdempotent)
		if err != nil {
			return nil, err
		}
		h := resp.Header()
		if next, ok := relativeRedirect(u, resp.StatusCode(), h.Get("Location")); ok {
			u = next
			continue
		}
		return &File{Commit: h.Get("X-Repo-Commit"), ETag: fileETag(h)}, nil
	}
	return nil, fmt.Errorf("hfapi: HEAD %s: too many redirects", c.red.String(u))
}

// relativeRedirect returns the next URL when status is a redirect to a
// location on the same host.
func relativeRedirect(current string, status int, location string) (string, bool) {
	if status < 300 || status > 399 || location == "" {
		return "", false
	}
	loc, err := url.Parse(location)
	if err != nil || loc.Host != "" {
		return "", false
	}
	base, err := url.Parse(current)
	if err != nil {
		return "", false
	}
	return base.ResolveReference(loc).String(), true
}

// fileETag normalises the file's ETag the way huggingface_hub does.
func fileETag(h http.Header) string {
	e := h.Get("X-Linked-Etag")
	if e == "" {
		e = h.Get("ETag")
	}
	return strings.Trim(strings.TrimPrefix(e, "W/"), `"`)
}
