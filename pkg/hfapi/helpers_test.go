package hfapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

const testToken = "hf_testTOKEN0123456789"

// seen is one request as the fake Hub received it.
type seen struct {
	Method     string
	Path       string // decoded
	RequestURI string // as sent, with escapes
	Query      map[string][]string
	Header     http.Header
	Body       []byte
}

// fakeHub is an httptest server that records requests and answers through
// a test-provided handler.
type fakeHub struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func newFakeHub(t *testing.T, h http.HandlerFunc) *fakeHub {
	t.Helper()
	f := &fakeHub{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body)) // the handler may read it too
		f.mu.Lock()
		f.reqs = append(f.reqs, seen{r.Method, r.URL.Path, r.RequestURI, r.URL.Query(), r.Header.Clone(), body})
		f.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeHub) requests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.reqs...)
}

// count returns how many requests had this method and path.
func (f *fakeHub) count(method, path string) int {
	n := 0
	for _, r := range f.requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// sleeps records the delays the client asked for, without sleeping; advance, when set, moves a test
// clock on by each of them.
type sleeps struct {
	mu      sync.Mutex
	d       []time.Duration
	advance func(time.Duration)
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	adv := s.advance
	s.mu.Unlock()
	if adv != nil {
		adv(d)
	}
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// newClient returns a client of f with an injected sleep.
func newClient(t *testing.T, f *fakeHub, mod ...func(*hfapi.Options)) (*hfapi.Client, *sleeps) {
	t.Helper()
	s := &sleeps{}
	opts := hfapi.Options{Endpoint: f.URL + "/", Token: testToken, Sleep: s.sleep, UserAgent: "argilla-space/test; go/x"}
	for _, m := range mod {
		m(&opts)
	}
	return hfapi.New(opts), s
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// drop closes the connection without an answer (a lost response).
func drop(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("cannot hijack")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	conn.Close()
}

// jsonEqual compares a JSON body with the expected JSON text.
func jsonEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %q: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("body = %s\nwant   %s", got, want)
	}
}

func durations(secs ...int) []time.Duration {
	out := make([]time.Duration, len(secs))
	for i, s := range secs {
		out[i] = time.Duration(s) * time.Second
	}
	return out
}

func ptr[T any](v T) *T { return &v }
