package hubtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is an injectable clock for lifecycle tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// hub is a running emulator with a fake clock, for raw HTTP tests.
type hub struct {
	t     *testing.T
	srv   *Server
	clock *fakeClock
}

// newHub starts a server; by default builds take 10s and starts 5s on the fake clock.
func newHub(t *testing.T, opts Options) *hub {
	t.Helper()
	clock := newClock()
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	if opts.BuildTime == 0 {
		opts.BuildTime = 10 * time.Second
	}
	if opts.StartTime == 0 {
		opts.StartTime = 5 * time.Second
	}
	srv, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	srv.Emulator.keepAlive = 50 * time.Millisecond
	return &hub{t: t, srv: srv, clock: clock}
}

// resp is a fully read response.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic map (failing the test otherwise).
func (r resp) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.Body, err)
	}
	return m
}

// req is a request description.
type req struct {
	method, path, token string
	body                any    // marshalled as JSON unless it is a string
	contentType         string // default application/json when there is a body
	host                string // Host header override (Space apps)
	header              map[string]string
}

// do sends a request and reads the whole answer.
func (h *hub) do(r req) resp {
	h.t.Helper()
	var body io.Reader
	if r.body != nil {
		if s, ok := r.body.(string); ok {
			body = strings.NewReader(s)
		} else {
			data, err := json.Marshal(r.body)
			if err != nil {
				h.t.Fatal(err)
			}
			body = bytes.NewReader(data)
		}
	}
	hr, err := http.NewRequest(r.method, h.srv.URL+r.path, body)
	if err != nil {
		h.t.Fatal(err)
	}
	if r.body != nil {
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	if r.host != "" {
		hr.Host = r.host
	}
	res, err := http.DefaultClient.Do(hr)
	if err != nil {
		h.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp{Status: res.StatusCode, Header: res.Header, Body: data}
}

// must sends a request and fails the test unless the status is want.
func (h *hub) must(want int, r req) resp {
	h.t.Helper()
	got := h.do(r)
	if got.Status != want {
		h.t.Fatalf("%s %s: status %d, want %d; body %s", r.method, r.path, got.Status, want, got.Body)
	}
	return got
}

// port is the server's port, for app Host headers.
func (h *hub) port() string { return portOf(strings.TrimPrefix(h.srv.URL, "http://")) }

// appHost is the Host header of a Space's app.
func (h *hub) appHost(id string) string { return subdomainOf(id) + ".localhost:" + h.port() }

// space reads the debug state of a Space.
func (h *hub) space(id string) *SpaceState {
	h.t.Helper()
	s, ok := h.srv.Space(id)
	if !ok {
		h.t.Fatalf("space %s does not exist", id)
	}
	return s
}

// createSpace creates a Space with a JSON body, expecting 200.
func (h *hub) createSpace(token string, body map[string]any) {
	h.t.Helper()
	h.must(200, req{method: "POST", path: "/api/repos/create", token: token, body: body})
}

// settle advances the clock past a build and a start.
func (h *hub) settle() { h.clock.Advance(time.Minute) }

// argillaBody is a create body for an Argilla Space from the template.
func argillaBody(org, name string, extra map[string]any) map[string]any {
	b := map[string]any{"name": name, "organization": org, "type": "space", "sdk": "docker",
		"template": argillaTemplateID, "visibility": "public"}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
