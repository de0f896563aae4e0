package hfapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// A hostile (or merely careless) server echoes every request body back in its error, in each shape
// the client reads: plain text (cut at 500 bytes), {"error": ...}, and the X-Error-Message header,
// with the secret placed so that a cut at 500 would split it. No form of a secret may reach the error
// text or the debug log: raw, JSON-escaped, URL-escaped, or base64 as a commit carries file contents.
func TestSecretsNeverEchoBack(t *testing.T) {
	const token = "hf_echo_token_0123456789"
	const secret = `s3cret/"<value>"&+é-0123456789`
	for _, shape := range []string{"plain", "json", "header", "padded"} {
		t.Run(shape, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				echo := r.Method + " " + r.URL.String() + " auth=" + r.Header.Get("Authorization") + " body=" + string(body)
				switch shape {
				case "plain":
					w.Header().Set("Content-Type", "text/plain")
					w.WriteHeader(400)
					io.WriteString(w, echo)
				case "padded": // the secret straddles the 500-byte cut
					w.Header().Set("Content-Type", "text/plain")
					w.WriteHeader(400)
					i := strings.Index(echo, "s3cret")
					if i < 0 {
						i = strings.Index(echo, "czNjcmV0") // base64 of "s3cret"
					}
					pad := 490 - i
					if pad < 0 {
						pad = 0
					}
					io.WriteString(w, strings.Repeat(".", pad)+echo)
				case "json":
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(400)
					json.NewEncoder(w).Encode(map[string]string{"error": echo})
				case "header":
					w.Header().Set("X-Error-Message", strings.NewReplacer("\n", " ", "\r", " ").Replace(echo))
					w.WriteHeader(400)
				}
			}))
			defer srv.Close()
			var debug bytes.Buffer
			c := hfapi.New(hfapi.Options{Endpoint: srv.URL, Token: token, MaxRetries: -1, Debug: &debug})
			c.Redact(secret)
			ctx := context.Background()
			errs := []error{
				c.AddSecret(ctx, "acme/x", hfapi.KeyValue{Key: "S", Value: secret}),
				func() error {
					_, err := c.Commit(ctx, "acme/x", "main", hfapi.CommitRequest{Summary: "s",
						Ops: []hfapi.CommitOp{{Path: ".oauth.yaml", Content: []byte("# config\nclient_secret: " + secret + "\n")}}})
					return err
				}(),
				func() error {
					_, err := c.AddVariable(ctx, "acme/x", hfapi.KeyValue{Key: "V", Value: "x" + secret})
					return err
				}(),
			}
			for i, err := range errs {
				if err == nil {
					t.Fatalf("call %d: no error", i)
				}
				checkNoSecretForm(t, err.Error(), token, secret)
			}
			checkNoSecretForm(t, debug.String(), token, secret)
		})
	}
}

// checkNoSecretForm fails when text holds any recognisable piece of the secrets: a run of their
// characters, or of their base64 (shifted any way), long enough to mean something.
func checkNoSecretForm(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		for _, piece := range []string{s[:8], s[len(s)-8:], "czNjcmV0L", "aGZfZWNob", "0123456789", `\"\u003cvalue`, "%2F%22%3Cvalue"} {
			if strings.Contains(text, piece) {
				t.Fatalf("%q leaked:\n%s", piece, text)
			}
		}
	}
}

// An endpoint given with user:password@ never prints them: not in --debug lines, not in errors.
func TestURLsPrintWithoutUserinfo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		io.WriteString(w, "upstream http://proxyuser:proxy-pass-42@10.0.0.1/ failed")
	}))
	defer srv.Close()
	var debug bytes.Buffer
	c := hfapi.New(hfapi.Options{Endpoint: strings.Replace(srv.URL, "://", "://me:hunter2-pass@", 1), MaxRetries: -1, Debug: &debug})
	_, err := c.SpaceInfo(context.Background(), "acme/x")
	if err == nil {
		t.Fatal("no error")
	}
	for _, text := range []string{err.Error(), debug.String()} {
		if strings.Contains(text, "hunter2") || strings.Contains(text, "proxy-pass") || strings.Contains(text, "me:") {
			t.Fatalf("userinfo printed: %s", text)
		}
	}
}
