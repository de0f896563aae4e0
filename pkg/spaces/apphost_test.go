package spaces

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

func TestCheckAppHost(t *testing.T) {
	const real, emu = "https://huggingface.co", "http://127.0.0.1:8080"
	for _, tc := range []struct {
		host, endpoint string
		ok             bool
	}{
		{"https://acme-demo.hf.space", real, true},
		{"https://acme-demo.hf.space/", real, true},
		{"https://acme-demo.hf.space:443", real, true},
		{"http://acme-demo.hf.space", real, false}, // the token in clear
		{"https://hf.space", real, false},          // not a Space's subdomain
		{"https://acme-demo.hf.space.evil.com", real, false},
		{"https://evil.com/acme-demo.hf.space", real, false},
		{"https://acme-demo.hf.space:8443", real, false},
		{"https://u:p@acme-demo.hf.space", real, false},
		{"https://acme-demo.hf.space/api?x=1", real, false},
		{"http://acme-demo.localhost:8080", emu, true},   // the emulator
		{"http://acme-demo.localhost:8080", real, false}, // a real Hub never answers that
		{"http://localhost:8080", emu, false},
		{"https://evil.example.com", emu, false},
		{"not a url", real, false},
		{"", real, false},
	} {
		err := CheckAppHost(tc.host, tc.endpoint)
		if (err == nil) != tc.ok {
			t.Errorf("CheckAppHost(%q, %q) = %v, want ok=%v", tc.host, tc.endpoint, err, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "refusing") {
			t.Errorf("%q: the error does not say what happens: %v", tc.host, err)
		}
	}
}

// The HF token goes to the app of a private Space only; a public Space's app gets none.
func TestNewAppSendsTheTokenOnlyToAPrivateSpace(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		w.Write([]byte(`{"version":"2.8.0"}`))
	}))
	defer srv.Close()
	host := strings.Replace(srv.URL, "127.0.0.1", "acme-x.localhost", 1)
	hc := &http.Client{Transport: hfapi.NewTransport()}
	for _, private := range []bool{false, true} {
		got = ""
		app, err := NewApp(host, srv.URL, private, argilla.Options{HFToken: "hf_tok", HTTPClient: hc})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Version(context.Background()); err != nil {
			t.Fatal(err)
		}
		if want := map[bool]string{true: "Bearer hf_tok", false: ""}[private]; got != want {
			t.Errorf("private=%v: Authorization %q, want %q", private, got, want)
		}
	}
}
