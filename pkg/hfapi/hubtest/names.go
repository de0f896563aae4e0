package hubtest

import (
	"net"
	"regexp"
	"strings"
	"sync"
)

// keyPattern is the rule for secret and variable keys (reference §2, §4).
var keyPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z][_a-zA-Z0-9]*$`) })

// repoNamePattern holds the characters allowed in a repo or namespace name (reference §14, ASCII form).
var repoNamePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_.-]{1,96}$`) })

// validRepoName applies huggingface_hub's validate_repo_id rules to one part of an id (reference §14):
// 1-96 of [A-Za-z0-9_.-], no leading/trailing '-' or '.', no "--" or "..", no ".git" suffix.
func validRepoName(name string) bool {
	if !repoNamePattern().MatchString(name) {
		return false
	}
	if strings.HasPrefix(name, "-") || strings.HasPrefix(name, ".") ||
		strings.HasSuffix(name, "-") || strings.HasSuffix(name, ".") {
		return false
	}
	return !strings.Contains(name, "--") && !strings.Contains(name, "..") && !strings.HasSuffix(name, ".git")
}

// splitRepoID splits "ns/name" and reports whether both halves are non-empty and there is exactly one '/'.
func splitRepoID(id string) (ns, name string, ok bool) {
	ns, name, ok = strings.Cut(id, "/")
	if !ok || ns == "" || name == "" || strings.Contains(name, "/") {
		return "", "", false
	}
	return ns, name, true
}

// subdomainPart sanitizes an owner or a name the way reference §14 describes: every character outside
// [A-Za-z0-9-] becomes '-', the result is lowercased and leading/trailing '-' are trimmed.
func subdomainPart(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
		if !ok {
			b[i] = '-'
		}
	}
	return strings.Trim(strings.ToLower(string(b)), "-")
}

// subdomainOf is the Space's app subdomain: sanitized owner and name joined with '-'.
func subdomainOf(id string) string {
	ns, name, _ := strings.Cut(id, "/")
	return subdomainPart(ns) + "-" + subdomainPart(name)
}

// appSubdomain reports whether host (a Host header) names a Space app, i.e. has the form
// "{subdomain}.localhost[:port]", and returns the lowercased subdomain.
func appSubdomain(host string) (string, bool) {
	h := hostOnly(host)
	sub, ok := strings.CutSuffix(strings.ToLower(h), ".localhost")
	if !ok || sub == "" || strings.Contains(sub, ".") {
		return "", false
	}
	return sub, true
}

// hostOnly strips an optional port from a Host header value.
func hostOnly(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return host
}

// portOf returns the port of a Host header value, or "" when it has none.
func portOf(host string) string {
	if _, p, err := net.SplitHostPort(host); err == nil {
		return p
	}
	return ""
}
