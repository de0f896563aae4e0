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

// GetFile downloads a file of a Space repo ("" rev = main). Commit and ETag come
// from the Hub's own answer, never from a CDN's: same-host redirects (a renamed
// repo) are followed with the token, and a redirect to another host (an LFS
// file on the CDN) gives the headers, then its content is fetched there without
// the token. huggingface_hub reads those headers with a HEAD first
// (file_download.py); a GET the Hub answers directly carries the same headers,
// so only a redirect costs a second request. A GET: retried. A missing file is
// IsNotFound.
func (c *Client) GetFile(ctx context.Context, repoID, rev, path string) (*File, error) {
	u, err := c.resolveURL(repoID, rev, path)
	if err != nil {
		return nil, err
	}
	for range maxRelativeRedirects {
		resp, _, err := c.send(ctx, &call{method: "GET", url: u, noRedirect: true}, retryIdempotent)
		if err != nil {
			return nil, err
		}
		h := resp.Header()
		f := &File{Commit: h.Get("X-Repo-Commit"), ETag: fileETag(h)}
		if next, ok := relativeRedirect(u, resp.StatusCode(), h.Get("Location")); ok {
			u = next
			continue
		}
		if loc := h.Get("Location"); isRedirect(resp.StatusCode()) && loc != "" {
			next, err := resp.RawResponse.Request.URL.Parse(loc)
			if err != nil {
				return nil, fmt.Errorf("hfapi: GET %s: bad redirect: %w", c.red.String(u), err)
			}
			cdn, _, err := c.send(ctx, &call{method: "GET", url: next.String(), noAuth: true}, retryIdempotent)
			if err != nil {
				return nil, err
			}
			f.Content = cdn.Body()
			return f, nil
		}
		f.Content = resp.Body()
		return f, nil
	}
	return nil, fmt.Errorf("hfapi: GET %s: too many redirects", c.red.String(u))
}

// maxRelativeRedirects bounds HeadFile's redirect following.
const maxRelativeRedirects = 5

// HeadFile reads a file's commit and ETag without its content, as
// huggingface_hub does (HEAD with Accept-Encoding: identity). Like it, only
// same-host redirects (a renamed repo) are followed; one to another host (a
// CDN) is the answer. A HEAD: retried.
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
// location on the same host (relative, or absolute with the same scheme and host).
func relativeRedirect(current string, status int, location string) (string, bool) {
	if !isRedirect(status) || location == "" {
		return "", false
	}
	loc, err := url.Parse(location)
	if err != nil {
		return "", false
	}
	base, err := url.Parse(current)
	if err != nil {
		return "", false
	}
	next := base.ResolveReference(loc)
	if next.Scheme != base.Scheme || next.Host != base.Host {
		return "", false
	}
	return next.String(), true
}

func isRedirect(status int) bool { return status >= 300 && status <= 399 }

// fileETag normalises the file's ETag the way huggingface_hub does.
func fileETag(h http.Header) string {
	e := h.Get("X-Linked-Etag")
	if e == "" {
		e = h.Get("ETag")
	}
	return strings.Trim(strings.TrimPrefix(e, "W/"), `"`)
}
