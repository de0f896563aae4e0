package hfapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// Issue 15, item 4: the Hub answers with a redirect to another origin (another host, another port,
// or the same host over plain http): the token must not follow. A redirect within the endpoint's own
// origin keeps it.
func TestRedirectKeepsTheTokenOnlyOnTheSameOrigin(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]string{} // path -> Authorization received
	record := func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.Host+r.URL.Path] = r.Header.Get("Authorization")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"type":"user","name":"alice"}`))
	}
	other := httptest.NewServer(http.HandlerFunc(record))
	defer other.Close()
	// the same host as the Hub (127.0.0.1) but another port: another origin
	otherPort := strings.TrimPrefix(other.URL, "http://")
	var target string
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/whoami-v2":
			http.Redirect(w, r, target, http.StatusFound)
		default:
			record(w, r)
		}
	}))
	defer hub.Close()
	hubHost := strings.TrimPrefix(hub.URL, "http://")
	for _, tc := range []struct {
		to, key string
		keep    bool
	}{
		{hub.URL + "/moved", hubHost + "/moved", true},
		{other.URL + "/stolen", otherPort + "/stolen", false},
		{strings.Replace(other.URL, "127.0.0.1", "evil.localhost", 1) + "/sub", strings.Replace(otherPort, "127.0.0.1", "evil.localhost", 1) + "/sub", false},
	} {
		target = tc.to
		c := hfapi.New(hfapi.Options{Endpoint: hub.URL, Token: "hf_secret_token", MaxRetries: -1, Transport: hfapi.NewTransport()})
		if _, err := c.WhoAmI(context.Background()); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		got, ok := seen[tc.key]
		mu.Unlock()
		if !ok {
			t.Fatalf("%s: not reached (seen %v)", tc.to, seen)
		}
		if (got != "") != tc.keep {
			t.Errorf("redirect to %s: Authorization %q, want kept=%v", tc.to, got, tc.keep)
		}
	}
}

func TestCheckEndpoint(t *testing.T) {
	for _, tc := range []struct {
		endpoint string
		insecure bool
		want     string // "" = accepted
	}{
		{"https://huggingface.co", false, ""},
		{"http://127.0.0.1:8080", false, ""},
		{"http://[::1]:8080", false, ""},
		{"http://localhost:9", false, ""},
		{"http://hub.localhost:9", false, ""},
		{"http://hub.example.com", false, "plain http to another machine"},
		{"http://10.0.0.5:8080", false, "--insecure-http"},
		{"http://hub.example.com", true, ""},
		{"ftp://hub", false, "is not a URL"},
		{"huggingface.co", false, "is not a URL"},
		{"https://user:pa55word@hub.example.com", false, "user name or password"},
	} {
		err := hfapi.CheckEndpoint(tc.endpoint, tc.insecure)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.endpoint, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want %q", tc.endpoint, err, tc.want)
		case err != nil && strings.Contains(err.Error(), "pa55word"):
			t.Errorf("%s: the password is in the error: %v", tc.endpoint, err)
		}
	}
}
