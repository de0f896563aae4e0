package hfapi_test

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// lockedBuffer is a bytes.Buffer safe for the client's concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDebugRedaction: the debug log has one line per attempt and retry, and
// never the token, a secret value, a Redact-ed value, headers or bodies, even
// when the Hub echoes them back.
func TestDebugRedaction(t *testing.T) {
	const secret = "s3cr3t-Value-Argilla"
	const extra = "extra-redacted-value"
	var mu sync.Mutex
	n := 0
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		i := n
		mu.Unlock()
		switch i {
		case 1: // the secret POST: fail once, echoing everything back
			w.Header().Set("X-Error-Message", "bad "+testToken+" "+secret)
			w.WriteHeader(503)
		case 2:
			writeJSON(w, 200, map[string]any{})
		default:
			w.WriteHeader(400)
			_, _ = w.Write([]byte("rejected " + extra + " and " + secret + " and " + testToken))
		}
	})
	var buf lockedBuffer
	c, _ := newClient(t, f, func(o *hfapi.Options) { o.Debug = &buf })
	c.Redact(extra)
	ctx := context.Background()
	if err := c.AddSecret(ctx, "alice/x", hfapi.KeyValue{Key: "PASSWORD", Value: secret}); err != nil {
		t.Fatal(err)
	}
	_, err := c.SpaceRuntime(ctx, "alice/x")
	if err == nil {
		t.Fatal("no error")
	}
	log := buf.String()
	for _, leak := range []string{testToken, secret, extra, "Bearer", "PASSWORD"} {
		if strings.Contains(log, leak) {
			t.Errorf("debug log contains %q:\n%s", leak, log)
		}
		if strings.Contains(err.Error(), leak) && leak != "PASSWORD" {
			t.Errorf("error text contains %q: %v", leak, err)
		}
	}
	if !strings.Contains(err.Error(), "[REDACTED]") {
		t.Errorf("error text = %v", err)
	}
	lines := strings.Split(strings.TrimSpace(log), "\n")
	want := []*regexp.Regexp{
		regexp.MustCompile(`^hfapi: POST http://127\.0\.0\.1:\d+/api/spaces/alice/x/secrets -> 503 Service Unavailable \([\d.]+[mµ]?s\)$`),
		regexp.MustCompile(`^hfapi: retry in 1s \(503\)$`),
		regexp.MustCompile(`^hfapi: POST http://127\.0\.0\.1:\d+/api/spaces/alice/x/secrets -> 200 OK \([\d.]+[mµ]?s\)$`),
		regexp.MustCompile(`^hfapi: GET http://127\.0\.0\.1:\d+/api/spaces/alice/x/runtime -> 400 Bad Request \([\d.]+[mµ]?s\)$`),
	}
	if len(lines) != len(want) {
		t.Fatalf("debug log:\n%s", log)
	}
	for i, re := range want {
		if !re.MatchString(lines[i]) {
			t.Errorf("line %d = %q, want %s", i, lines[i], re)
		}
	}
}

// TestDebugRedactsTokenInURL: a token that ends up in a URL is scrubbed.
func TestDebugRedactsTokenInURL(t *testing.T) {
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) })
	var buf lockedBuffer
	c, _ := newClient(t, f, func(o *hfapi.Options) { o.Debug = &buf })
	_, err := c.SpaceRuntime(context.Background(), "alice/"+testToken)
	if strings.Contains(buf.String(), testToken) || strings.Contains(err.Error(), testToken) {
		t.Errorf("token leaked: %s / %v", buf.String(), err)
	}
}

// TestHTTPClientSharesTransport: the app client gets the UA and debug line
// but no Authorization.
func TestHTTPClientSharesTransport(t *testing.T) {
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	var buf lockedBuffer
	c, _ := newClient(t, f, func(o *hfapi.Options) { o.Debug = &buf })
	resp, err := c.HTTPClient().Get(f.URL + "/api/v1/status")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	r := f.requests()[0]
	if r.Header.Get("User-Agent") != "argilla-space/test; go/x" || r.Header.Get("Authorization") != "" {
		t.Errorf("headers = %v", r.Header)
	}
	if !strings.Contains(buf.String(), "GET "+f.URL+"/api/v1/status -> 204 No Content") {
		t.Errorf("debug log = %q", buf.String())
	}
}
