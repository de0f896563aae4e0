package hubtest

import (
	"net/http"
	"strings"
	"testing"
)

// Issue 15, item 8: DNS rebinding. A web page whose own name now resolves to 127.0.0.1 sends its
// requests with that name as Host: the debug API (which shows every secret) refuses them; requests to
// a loopback host get their answer.
func TestDebugAPIAnswersOnlyLoopbackHosts(t *testing.T) {
	srv, err := NewServer(Options{BuildTime: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	for host, want := range map[string]int{
		"":                            200, // the URL's own 127.0.0.1
		"localhost" + port:            200,
		"[::1]" + port:                200,
		"127.0.0.1":                   200,
		"attacker.example.com":        403,
		"attacker.example.com" + port: 403,
		"10.0.0.7" + port:             403,
		"127.0.0.1.nip.io" + port:     403,
	} {
		req, _ := http.NewRequest("GET", srv.URL+"/_emulator/requests", nil)
		if host != "" {
			req.Host = host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %q: %d, want %d", host, resp.StatusCode, want)
		}
	}
}
