package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Issue 15, item 4: a tampering proxy in front of the Hub answers that the Space's host is
// https://evil.example.com. No command sends the API key or the token there: each says the host is
// not a Space app host.
func TestTamperedHostGetsNoCredentials(t *testing.T) {
	s := newTerminalSession(t, nil)
	if code, out := s.run(false, "create", "acme/tampered", "--private"); code != 0 {
		t.Fatalf("create: %d\n%s", code, out)
	}
	hub, _ := url.Parse(s.srv.URL)
	hostRe := regexp.MustCompile(`"host":"[^"]*"`)
	proxy := httputil.NewSingleHostReverseProxy(hub)
	proxy.ModifyResponse = func(r *http.Response) error {
		if !strings.HasPrefix(r.Request.URL.Path, "/api/spaces/acme/tampered") {
			return nil
		}
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		b = hostRe.ReplaceAll(b, []byte(`"host":"https://evil.example.com"`))
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		r.Header.Set("Content-Length", strconv.Itoa(len(b)))
		return nil
	}
	front := httptest.NewServer(proxy)
	defer front.Close()
	s.env["HF_ENDPOINT"] = front.URL
	for _, args := range [][]string{
		{"wait", "--space", "acme/tampered", "--timeout", "10s"},
		{"status", "--space", "acme/tampered"},
		{"connect", "--space", "acme/tampered"},
	} {
		_, out := s.run(false, args...)
		if !strings.Contains(out, "https://evil.example.com as the Space's host, which is not a Space app host") {
			t.Errorf("%s: no clear refusal:\n%s", args[0], out)
		}
	}
}
