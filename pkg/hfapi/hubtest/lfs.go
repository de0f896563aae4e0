package hubtest

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
)

// lfsTracked reports whether the .gitattributes content routes p through Git LFS (a line whose
// pattern matches p and that has filter=lfs). Patterns without "/" match the base name, as git does;
// "dir/**" patterns match everything under dir.
func lfsTracked(gitattributes []byte, p string) bool {
	for _, line := range strings.Split(string(gitattributes), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") || !slices.Contains(f[1:], "filter=lfs") {
			continue
		}
		pat := f[0]
		var ok bool
		switch {
		case strings.Contains(pat, "**"):
			ok = strings.HasPrefix(p, strings.SplitN(pat, "**", 2)[0])
		case !strings.Contains(pat, "/"):
			ok, _ = path.Match(pat, path.Base(p))
		default:
			ok, _ = path.Match(strings.TrimPrefix(pat, "/"), p)
		}
		if ok {
			return true
		}
	}
	return false
}

// tracksLFS reports whether the tree's .gitattributes routes p through LFS.
func (sp *space) tracksLFS(tree map[string]string, p string) bool {
	return lfsTracked(sp.Blobs[tree[".gitattributes"]], p)
}

// redirectLFS answers a resolve of an LFS-stored file as the Hub does (reference §9, pitfall 19): a
// 302 to a CDN on another host, carrying X-Repo-Commit, the pointer's ETag, and X-Linked-Etag (the
// content's sha256) and X-Linked-Size. The emulator's CDN is itself, reached under another host name
// (127.0.0.1 and localhost swap), so a client drops its Authorization header there, as it must.
func (c *call) redirectLFS(sp *space, commitSha, blob string) {
	content := sp.Blobs[blob]
	sum := sha256.Sum256(content)
	host, port, err := net.SplitHostPort(c.r.Host)
	if err != nil {
		host, port = c.r.Host, ""
	}
	cdn := "127.0.0.1"
	if host == "127.0.0.1" {
		cdn = "localhost"
	}
	if port != "" {
		cdn = net.JoinHostPort(cdn, port)
	}
	h := c.w.Header()
	h.Set("Location", "http://"+cdn+"/_cdn/"+sp.ID+"/"+blob)
	h.Set("X-Repo-Commit", commitSha)
	h.Set("ETag", `"`+blob+`"`)
	h.Set("X-Linked-Etag", `"`+hex.EncodeToString(sum[:])+`"`)
	h.Set("X-Linked-Size", strconv.Itoa(len(content)))
	c.w.WriteHeader(http.StatusFound)
}

// cdnBlob answers GET/HEAD /_cdn/{ns}/{name}/{blob}: the content of an LFS-stored file, without auth
// (the Hub's CDN links are signed; the emulator's are just unguessable enough for tests).
func (c *call) cdnBlob(ns, name, blob string) {
	sp := c.st.findSpaceFold(ns + "/" + name)
	var content []byte
	ok := false
	if sp != nil {
		content, ok = sp.Blobs[blob]
	}
	if !ok {
		writeText(c.w, http.StatusNotFound, "Not Found")
		return
	}
	c.w.Header().Set("Content-Type", "application/octet-stream")
	c.w.Header().Set("Content-Length", strconv.Itoa(len(content)))
	c.w.WriteHeader(http.StatusOK)
	if c.r.Method == http.MethodGet {
		c.w.Write(content)
	}
}
