package argilla

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

const (
	testKey   = "argilla.apikey-0123456789"
	testToken = "hf_secret_token_abcdef"
)

// server runs handler and records the last request.
func server(t *testing.T, handler http.HandlerFunc) (*httptest.Server, *http.Request) {
	t.Helper()
	last := &http.Request{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*last = *r.Clone(context.Background())
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, last
}

func jsonReply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func TestHeadersPublicAndPrivateSpace(t *testing.T) {
	srv, last := server(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 200, map[string]string{"version": "2.8.0"})
	})
	ctx := context.Background()

	if _, err := New(Options{BaseURL: srv.URL + "/", APIKey: testKey}).Version(ctx); err != nil {
		t.Fatal(err)
	}
	if last.URL.Path != "/api/v1/version" || last.Method != "GET" {
		t.Errorf("request = %s %s", last.Method, last.URL.Path)
	}
	if got := last.Header.Get("X-Argilla-Api-Key"); got != testKey {
		t.Errorf("X-Argilla-Api-Key = %q", got)
	}
	if got := last.Header.Get("Authorization"); got != "" {
		t.Errorf("Authorization sent without an HF token: %q", got)
	}

	c := New(Options{BaseURL: srv.URL + "/api/v1", APIKey: testKey, HFToken: testToken, HTTPClient: srv.Client()})
	if v, err := c.Version(ctx); err != nil || v != "2.8.0" {
		t.Fatalf("Version = %q, %v", v, err)
	}
	if last.URL.Path != "/api/v1/version" {
		t.Errorf("base URL with /api/v1 gave path %q", last.URL.Path)
	}
	if got := last.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("Authorization = %q", got)
	}
	if got := last.Header.Get("X-Argilla-Api-Key"); got != testKey {
		t.Errorf("X-Argilla-Api-Key = %q", got)
	}
}

func TestStatus(t *testing.T) {
	code := http.StatusServiceUnavailable
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/status" {
			t.Errorf("path %q", r.URL.Path)
		}
		if code != 200 {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(code)
			fmt.Fprint(w, "<html>starting</html>")
			return
		}
		jsonReply(w, 200, map[string]any{"version": "2.8.0", "search_engine": map[string]any{}, "memory": map[string]any{}})
	})
	c := New(Options{BaseURL: srv.URL})
	_, err := c.Status(context.Background())
	var nr *NotReadyError
	if !errors.As(err, &nr) || nr.StatusCode != 503 {
		t.Fatalf("Status = %v, want *NotReadyError 503", err)
	}
	code = 200
	s, err := c.Status(context.Background())
	if err != nil || s.Version != "2.8.0" {
		t.Fatalf("Status = %+v, %v", s, err)
	}
}

func TestStatusTransportErrorIsNotNotReady(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	_, err := New(Options{BaseURL: srv.URL}).Status(context.Background())
	var nr *NotReadyError
	if err == nil || errors.As(err, &nr) {
		t.Errorf("Status on a closed server = %v", err)
	}
}

func TestMeKeepsNoAPIKey(t *testing.T) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/me" {
			t.Errorf("path %q", r.URL.Path)
		}
		jsonReply(w, 200, map[string]any{"id": "u-1", "first_name": "Alice", "last_name": nil, "username": "alice",
			"role": "owner", "api_key": testKey, "inserted_at": "2025-01-01T00:00:00", "updated_at": "2025-01-02T00:00:00"})
	})
	u, err := New(Options{BaseURL: srv.URL, APIKey: testKey}).Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != "u-1" || u.Username != "alice" || u.Role != "owner" || u.FirstName != "Alice" || u.LastName != "" ||
		u.InsertedAt != "2025-01-01T00:00:00" {
		t.Errorf("Me = %#v", u)
	}
	if !u.APIKeyMatches(testKey) || u.APIKeyMatches("other-key") || u.APIKeyMatches("") {
		t.Error("APIKeyMatches is wrong")
	}
	b, _ := json.Marshal(u)
	for _, s := range []string{u.String(), fmt.Sprintf("%v %+v %#v %s", u, u, u, *u), string(b)} {
		if strings.Contains(s, testKey) || strings.Contains(s, "api") {
			t.Errorf("user printed with its key: %s", s)
		}
	}
	var noKey User
	if err := json.Unmarshal([]byte(`{"id":"x","username":"bob"}`), &noKey); err != nil || noKey.APIKeyMatches("") {
		t.Errorf("user without key: %v, matches empty = %v", err, noKey.APIKeyMatches(""))
	}
}

func TestWorkspacesAndCreate(t *testing.T) {
	var created map[string]any
	srv, last := server(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "GET" && r.URL.Path == "/api/v1/me/workspaces":
			jsonReply(w, 200, map[string]any{"items": []map[string]string{
				{"id": "w-1", "name": "argilla", "inserted_at": "t1", "updated_at": "t2"}}})
		case r.Method == "POST" && r.URL.Path == "/api/v1/workspaces":
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			_ = json.NewDecoder(r.Body).Decode(&created)
			if created["name"] == "argilla" {
				jsonReply(w, 409, map[string]any{"detail": map[string]any{
					"code": "argilla.api.errors::NotUniqueError", "params": map[string]string{"field": "name"}}})
				return
			}
			jsonReply(w, 201, map[string]string{"id": "w-2", "name": created["name"].(string)})
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
	})
	c := New(Options{BaseURL: srv.URL, APIKey: testKey})
	ws, err := c.Workspaces(context.Background())
	if err != nil || len(ws) != 1 || ws[0] != (Workspace{"w-1", "argilla", "t1", "t2"}) {
		t.Fatalf("Workspaces = %+v, %v", ws, err)
	}
	w, err := c.CreateWorkspace(context.Background(), "community-initiative")
	if err != nil || w.ID != "w-2" || w.Name != "community-initiative" || len(created) != 1 {
		t.Fatalf("CreateWorkspace = %+v, %v (sent %v)", w, err, created)
	}
	_, err = c.CreateWorkspace(context.Background(), "argilla")
	var e *Error
	if !errors.Is(err, ErrExists) || !errors.As(err, &e) || e.Status != 409 || e.NotArgilla ||
		e.Detail != `{"code":"argilla.api.errors::NotUniqueError","params":{"field":"name"}}` {
		t.Errorf("duplicate: %v (%+v)", err, e)
	}
	if last.Header.Get("X-Argilla-Api-Key") != testKey {
		t.Error("POST without API key")
	}
	if _, err := c.CreateWorkspace(context.Background(), ""); err == nil {
		t.Error("empty name accepted")
	}
}

func TestErrorMapping(t *testing.T) {
	for _, tc := range []struct {
		name        string
		status      int
		ctype, body string
		token       string
		is          error
		contains    string
	}{
		{"401", 401, "application/json", `{"detail":"Could not validate credentials"}`, "", ErrUnauthorized,
			"401 Unauthorized: Could not validate credentials"},
		{"403", 403, "application/json", `{"detail":"Forbidden"}`, "", ErrForbidden, "403"},
		{"404 argilla", 404, "application/json", `{"detail":"Not Found"}`, "", ErrNotFound, "Not Found"},
		{"404 html no token", 404, "text/html", "<!DOCTYPE html><html>404</html>", "", ErrPrivateSpace,
			"if the Space is private, pass an HF token"},
		{"404 html with token", 404, "text/html", "<html>404</html>", testToken, ErrNotFound,
			"the HF token cannot read"},
		{"422", 422, "application/json", `{"detail":[{"loc":["body","name"],"msg":"bad"}]}`, "", nil,
			`[{"loc":["body","name"],"msg":"bad"}]`},
		{"302", 302, "text/html", "", "", nil, "redirected to https://huggingface.co/login (not followed)"},
		{"500 text", 500, "text/plain", "boom", "", nil, "500 Internal Server Error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.ctype)
				if tc.status == 302 {
					w.Header().Set("Location", "https://huggingface.co/login")
				}
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			})
			_, err := New(Options{BaseURL: srv.URL, APIKey: testKey, HFToken: tc.token, Retries: -1}).Me(context.Background())
			var e *Error
			if !errors.As(err, &e) || e.Status != tc.status {
				t.Fatalf("err = %v", err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("message %q lacks %q", err, tc.contains)
			}
		})
	}
}

func TestErrorsNeverContainCredentials(t *testing.T) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		// A misbehaving server or proxy echoing the credentials back.
		w.Header().Set("Location", "https://x/?k="+r.Header.Get("X-Argilla-Api-Key"))
		jsonReply(w, 401, map[string]string{"detail": "bad key " + r.Header.Get("X-Argilla-Api-Key") +
			" and " + r.Header.Get("Authorization")})
	})
	c := New(Options{BaseURL: srv.URL, APIKey: testKey, HFToken: testToken, Retries: -1})
	_, err := c.Me(context.Background())
	_, err2 := c.Status(context.Background())
	for _, e := range []error{err, err2} {
		if e == nil {
			t.Fatal("no error")
		}
		msg := fmt.Sprintf("%v %+v %#v", e, e, e)
		if strings.Contains(msg, testKey) || strings.Contains(msg, testToken) {
			t.Errorf("credential in error: %s", msg)
		}
		if !strings.Contains(e.Error(), "[REDACTED]") {
			t.Errorf("detail not kept (redacted): %v", e)
		}
	}
}

func TestNoRedirectFollowed(t *testing.T) {
	var followed bool
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { followed = true }))
	defer target.Close()
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL, http.StatusTemporaryRedirect)
	})
	_, err := New(Options{BaseURL: srv.URL, APIKey: testKey}).Version(context.Background())
	var e *Error
	if !errors.As(err, &e) || e.Status != 307 || followed || e.Location != target.URL {
		t.Errorf("err = %v, followed = %v", err, followed)
	}
}

func TestNonJSONSuccessIsAnError(t *testing.T) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html>hello</html>") })
	if _, err := New(Options{BaseURL: srv.URL}).Version(context.Background()); err == nil ||
		!strings.Contains(err.Error(), "is "+srv.URL+" an Argilla server") {
		t.Errorf("err = %v", err)
	}
}

func TestContextCancel(t *testing.T) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, map[string]string{}) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New(Options{BaseURL: srv.URL}).Me(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func FuzzParseDetail(f *testing.F) {
	for _, s := range []string{`{"detail":"x"}`, `{"detail":{"code":"c"}}`, `{"detail":null}`, `<html>`, ``,
		`{"detail":[1,2]}`, `{"detail":"` + strings.Repeat("é", 400) + `"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		detail, ok := parseDetail(body)
		if !ok && detail != "" {
			t.Fatalf("detail %q without ok", detail)
		}
		c := New(Options{APIKey: "fuzz-api-key"})
		if kept := c.redact(detail); len(kept) > maxDetail+3 || !utf8.ValidString(kept) && utf8.ValidString(detail) {
			t.Fatalf("detail kept badly: %d bytes", len(kept))
		}
		var u User
		_ = json.Unmarshal(body, &u) // must not panic
	})
}

// A server that echoes the request's credentials (as FastAPI's 422 echoes its input) in a long
// detail: nothing of them survives, in any form, even where the 500-byte cut would split them, and
// secrets the caller knows (Options.Redact) are scrubbed before the cut as well.
func TestEchoedCredentialsNeverShow(t *testing.T) {
	const other = "other-secret-0123456789"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		echo := map[string]string{"key": r.Header.Get("X-Argilla-Api-Key"), "auth": r.Header.Get("Authorization"), "other": other}
		b, _ := json.Marshal(echo)
		w.WriteHeader(422)
		json.NewEncoder(w).Encode(map[string]any{"detail": strings.Repeat(".", 480) + string(b)})
	}))
	defer srv.Close()
	extra := New(Options{APIKey: other}) // a redactor that knows the other secret
	c := New(Options{BaseURL: srv.URL, APIKey: `key"<&>-0123456789`, HFToken: "hf_token_0123456789", Redact: extra.red.String})
	_, err := c.Me(context.Background())
	if err == nil {
		t.Fatal("no error")
	}
	for _, piece := range []string{`key\"`, "hf_", "other-", "0123"} {
		if strings.Contains(err.Error(), piece) {
			t.Fatalf("%q leaked: %v", piece, err)
		}
	}
}
