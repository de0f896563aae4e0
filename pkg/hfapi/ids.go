package hfapi

import (
	"fmt"
	"net/url"
	"strings"
)

// splitRepoID splits "ns/name". Both parts must be non-empty and must not be
// "." or "..", which a server would read as path navigation.
func splitRepoID(id string) (ns, name string, err error) {
	ns, name, ok := strings.Cut(id, "/")
	if !ok || !validSegment(ns) || !validSegment(name) || strings.Contains(name, "/") {
		return "", "", fmt.Errorf("hfapi: invalid repo id %q: want namespace/name", id)
	}
	return ns, name, nil
}

func validSegment(s string) bool { return s != "" && s != "." && s != ".." }

// escapedID returns "ns/name" with each part path-escaped.
func escapedID(id string) (string, error) {
	ns, name, err := splitRepoID(id)
	if err != nil {
		return "", err
	}
	return url.PathEscape(ns) + "/" + url.PathEscape(name), nil
}

// spaceAPI returns {endpoint}/api/spaces/{ns}/{name}[/suffix]; suffix is a
// fixed path written by this package, never user input.
func (c *Client) spaceAPI(id, suffix string) (string, error) {
	eid, err := escapedID(id)
	if err != nil {
		return "", err
	}
	u := c.endpoint + "/api/spaces/" + eid
	if suffix != "" {
		u += "/" + suffix
	}
	return u, nil
}

// escapeRev escapes a revision as one segment: "refs/pr/1" -> "refs%2Fpr%2F1".
// An empty revision means "main".
func escapeRev(rev string) string {
	if rev == "" {
		rev = "main"
	}
	return url.PathEscape(rev)
}

// escapeFilePath escapes each segment of a file path and keeps the slashes.
func escapeFilePath(p string) (string, error) {
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, s := range segs {
		if !validSegment(s) {
			return "", fmt.Errorf("hfapi: invalid file path %q", p)
		}
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/"), nil
}

// repoTypeOrSpace defaults an empty repo type to "space": this client exists
// to manage Spaces, and the Hub's own default ("model") would be a surprise.
func repoTypeOrSpace(t string) string {
	if t == "" {
		return "space"
	}
	return t
}

// repoAPIPrefix maps a repo type to its /api/{type}s path segment.
func repoAPIPrefix(repoType string) (string, error) {
	switch repoTypeOrSpace(repoType) {
	case "space":
		return "spaces", nil
	case "model":
		return "models", nil
	case "dataset":
		return "datasets", nil
	}
	return "", fmt.Errorf("hfapi: unsupported repo type %q", repoType)
}

// repoWebURL returns the repo's page: {endpoint}/spaces/ns/name for a Space,
// /datasets/... for a dataset, /ns/name for a model.
func (c *Client) repoWebURL(repoType, id string) string {
	switch repoTypeOrSpace(repoType) {
	case "space":
		return c.endpoint + "/spaces/" + id
	case "dataset":
		return c.endpoint + "/datasets/" + id
	}
	return c.endpoint + "/" + id
}
