package hfapi_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// TestNewTransportLocalhost: "<sub>.localhost" reaches 127.0.0.1.
func TestNewTransportLocalhost(t *testing.T) {
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(r.Host)) })
	u, _ := url.Parse(f.URL)
	target := "http://alice-x.localhost:" + u.Port() + "/api/v1/status"
	req, _ := http.NewRequestWithContext(context.Background(), "GET", target, nil)
	resp, err := (&http.Client{Transport: hfapi.NewTransport()}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if got := f.requests()[0].Path; got != "/api/v1/status" {
		t.Errorf("path = %q", got)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.HasPrefix(string(body), "alice-x.localhost:") {
		t.Errorf("Host seen by the server = %q", body)
	}
}

func TestDefaultUserAgent(t *testing.T) {
	ua := hfapi.DefaultUserAgent("1.2.3")
	if !regexp.MustCompile(`^argilla-space/1\.2\.3; go/\S+$`).MatchString(ua) {
		t.Errorf("UA = %q", ua)
	}
	if want := strings.TrimPrefix(runtime.Version(), "go"); !strings.HasSuffix(ua, "go/"+want) && !strings.HasPrefix(runtime.Version(), "devel") {
		t.Errorf("UA = %q, want go/%s", ua, want)
	}
}

func TestClientDefaults(t *testing.T) {
	c := hfapi.New(hfapi.Options{})
	if c.Endpoint() != hfapi.DefaultEndpoint || c.Token() != "" {
		t.Errorf("defaults = %q %q", c.Endpoint(), c.Token())
	}
	c = hfapi.New(hfapi.Options{Endpoint: "http://x//", Token: "tok"})
	if c.Endpoint() != "http://x" || c.Token() != "tok" {
		t.Errorf("got %q %q", c.Endpoint(), c.Token())
	}
}
