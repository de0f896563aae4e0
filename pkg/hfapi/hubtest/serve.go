package hubtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxBody bounds request bodies (commits carry files inline; the Hub refuses regular files over 10 MiB).
const maxBody = 64 << 20

// call is one Hub or app request being handled inside a state transaction.
type call struct {
	e    *Emulator
	st   *state
	w    http.ResponseWriter
	r    *http.Request
	body []byte
	now  time.Time
	seg  []string // unescaped path segments
	tok  *Token   // nil when anonymous
	user *User
}

// RequestRecord is one entry of the request log (GET /_emulator/requests). Status 0 means the
// connection was dropped by an injected fault.
type RequestRecord struct {
	Method string `json:"method"`
	Host   string `json:"host"`
	Path   string `json:"path"`
	Status int    `json:"status"`
}

// ServeHTTP dispatches by Host: "{subdomain}.localhost[:port]" is a Space's Argilla app, anything else
// is the Hub (including /_emulator, the debug API).
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-Id", e.requestID())
	sub, isApp := appSubdomain(r.Host)
	if !isApp && (r.URL.Path == "/_emulator" || strings.HasPrefix(r.URL.Path, "/_emulator/")) {
		e.serveDebug(w, r)
		return
	}
	if !e.sleep(r.Context(), e.opts.Latency) {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return // the client went away
	}
	if len(body) > maxBody {
		hubError(w, http.StatusRequestEntityTooLarge, "", "request body too large")
		return
	}
	seg := splitPath(r.URL)
	if isApp {
		e.serveApp(w, r, sub, seg, body)
		return
	}
	if v := e.admit(r); v.refused {
		e.record(r, http.StatusTooManyRequests)
		v.write(w)
		return
	}
	f := e.drawFault()
	if f.before {
		e.record(r, f.statusForLog())
		f.write(w)
		return
	}
	if ns, name, kind, ok := logsRoute(r.Method, seg); ok {
		e.serveLogs(w, r, ns, name, kind, f)
		return
	}
	out := newBufWriter()
	err = e.tx(func(st *state) {
		c := &call{e: e, st: st, w: out, r: r, body: body, now: e.now(), seg: seg}
		if c.authenticate() {
			c.routeHub()
		}
		status := out.code()
		if f.dropAfter {
			status = 0
		}
		st.logRequest(RequestRecord{Method: r.Method, Host: r.Host, Path: r.URL.Path, Status: status})
	})
	if err != nil {
		hubError(w, http.StatusInternalServerError, "", "emulator state: "+err.Error())
		return
	}
	if f.dropAfter {
		dropConnection(w)
		return
	}
	out.flushTo(w, r.Method == http.MethodHead)
}

// record logs a request handled outside a transaction (injected faults).
func (e *Emulator) record(r *http.Request, status int) {
	e.tx(func(st *state) {
		st.logRequest(RequestRecord{Method: r.Method, Host: r.Host, Path: r.URL.Path, Status: status})
	})
}

// requestID returns a fresh X-Request-Id value.
func (e *Emulator) requestID() string {
	return fmt.Sprintf("Root=1-%08x-%016x%08x", e.seed&0xffffffff, e.reqSeq.Add(1), time.Now().UnixNano()&0xffffffff)
}

// sleep waits d unless the request or the emulator ends first; it reports whether to carry on.
func (e *Emulator) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-e.done:
		return false
	}
}

// splitPath splits the escaped path into unescaped segments, so an encoded "/" (refs%2Fpr%2F1) stays
// inside its segment.
func splitPath(u *url.URL) []string {
	parts := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		s, err := url.PathUnescape(p)
		if err != nil {
			s = p
		}
		out = append(out, s)
	}
	return out
}

// authenticate resolves the bearer token. A token that is present but unknown (or not Bearer) is a 401
// with the exact X-Error-Message the clients test for (reference §12, surprise 4).
func (c *call) authenticate() bool {
	h := c.r.Header.Get("Authorization")
	if h == "" {
		return true
	}
	scheme, tok, _ := strings.Cut(h, " ")
	t := c.st.World.token(strings.TrimSpace(tok))
	if !strings.EqualFold(scheme, "Bearer") || t == nil {
		hubError(c.w, http.StatusUnauthorized, "", "Invalid credentials in Authorization header")
		return false
	}
	c.tok, c.user = t, c.st.World.user(t.User)
	return true
}

// baseURL is the Hub's own URL as the client reached it.
func (c *call) baseURL() string { return "http://" + c.r.Host }

// is reports whether the path is exactly want and the method matches.
func (c *call) is(method string, want ...string) bool {
	if c.r.Method != method || len(c.seg) != len(want) {
		return false
	}
	for i := range want {
		if c.seg[i] != want[i] {
			return false
		}
	}
	return true
}

// routeHub dispatches a Hub request. Unknown paths (and known paths with another method) are 404.
func (c *call) routeHub() {
	s := c.seg
	switch {
	case c.is("GET", "api", "whoami-v2"):
		c.whoami()
	case c.is("POST", "api", "repos", "create"):
		c.createRepo()
	case c.is("DELETE", "api", "repos", "delete"):
		c.deleteRepo()
	case c.is("GET", "api", "spaces", "hardware"):
		writeJSON(c.w, http.StatusOK, publicHardware)
	case c.is("GET", "api", "spaces", "templates"):
		c.listTemplates()
	case len(s) == 4 && s[0] == "api" && s[1] == "buckets" && c.r.Method == "POST":
		c.createBucket(s[2], s[3])
	case len(s) == 4 && s[0] == "api" && s[1] == "buckets" && c.r.Method == "GET":
		c.bucketInfo(s[2], s[3])
	case len(s) == 4 && s[0] == "api" && s[1] == "buckets" && c.r.Method == "DELETE":
		c.deleteBucket(s[2], s[3])
	case len(s) >= 4 && s[0] == "api" && s[1] == "spaces":
		c.routeSpace(s[2], s[3], s[4:])
	case len(s) == 4 && s[0] == "_cdn" && (c.r.Method == "GET" || c.r.Method == "HEAD"):
		c.cdnBlob(s[1], s[2], s[3])
	case len(s) >= 6 && s[0] == "spaces" && s[3] == "resolve" && (c.r.Method == "GET" || c.r.Method == "HEAD"):
		c.resolveFile(s[1], s[2], s[4], strings.Join(s[5:], "/"))
	default:
		c.notFound()
	}
}

// routeSpace dispatches /api/spaces/{ns}/{name}/...
func (c *call) routeSpace(ns, name string, rest []string) {
	m := c.r.Method
	op := ""
	if len(rest) > 0 {
		op = rest[0]
	}
	switch {
	case len(rest) == 0 && m == "GET":
		c.spaceInfo(ns, name, "main")
	case op == "revision" && len(rest) == 2 && m == "GET":
		c.spaceInfo(ns, name, rest[1])
	case op == "runtime" && len(rest) == 1 && m == "GET":
		c.getRuntime(ns, name)
	case op == "hardware" && len(rest) == 1 && m == "POST":
		c.requestHardware(ns, name)
	case op == "sleeptime" && len(rest) == 1 && m == "POST":
		c.setSleepTime(ns, name)
	case op == "pause" && len(rest) == 1 && m == "POST":
		c.pause(ns, name)
	case op == "restart" && len(rest) == 1 && m == "POST":
		c.restart(ns, name)
	case op == "secrets" && len(rest) == 1:
		c.secrets(ns, name)
	case op == "variables" && len(rest) == 1:
		c.variables(ns, name)
	case op == "volumes" && len(rest) == 1 && (m == "PUT" || m == "DELETE"):
		c.volumes(ns, name)
	case op == "storage" && len(rest) == 1 && (m == "POST" || m == "DELETE"):
		c.storage(ns, name)
	case op == "settings" && len(rest) == 1 && m == "PUT":
		c.settings(ns, name)
	case op == "duplicate" && len(rest) == 1 && m == "POST":
		c.duplicate(ns, name)
	case op == "preupload" && len(rest) == 2 && m == "POST":
		c.preupload(ns, name, rest[1])
	case op == "commit" && len(rest) == 2 && m == "POST":
		c.commit(ns, name, rest[1])
	case op == "commits" && len(rest) == 2 && m == "GET":
		c.listCommits(ns, name, rest[1])
	case op == "tree" && len(rest) >= 2 && m == "GET":
		c.tree(ns, name, rest[1], strings.Join(rest[2:], "/"))
	default:
		c.notFound()
	}
}

// logsRoute recognizes GET /api/spaces/{ns}/{name}/logs/{build|run}, which streams outside a transaction.
func logsRoute(method string, s []string) (ns, name, kind string, ok bool) {
	if method != "GET" || len(s) != 6 || s[0] != "api" || s[1] != "spaces" || s[4] != "logs" {
		return "", "", "", false
	}
	if s[5] != "build" && s[5] != "run" {
		return "", "", "", false
	}
	return s[2], s[3], s[5], true
}

func (c *call) notFound() { hubError(c.w, http.StatusNotFound, "", "Not Found") }

// badRequest is a 400 with the Hub's error shape.
func (c *call) badRequest(format string, args ...any) {
	hubError(c.w, http.StatusBadRequest, "", fmt.Sprintf(format, args...))
}

// queryInt reads an integer query parameter with a default.
func (c *call) queryInt(key string, def int) int {
	if v, err := strconv.Atoi(c.r.URL.Query().Get(key)); err == nil {
		return v
	}
	return def
}
