package hfapi

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseRateLimit(t *testing.T) {
	cases := []struct {
		in   string
		r, t int64
		ok   bool
	}{
		{`"api";r=0;t=55`, 0, 55, true},
		{`"resolvers" ; r = 12 ; t = 3`, 12, 3, true},
		{`x "api";r=1;t=2 y`, 1, 2, true},
		{`"api";t=2;r=1`, 0, 0, false},
		{`api;r=0;t=5`, 0, 0, false},
		{``, 0, 0, false},
		{`"api";r=99999999999999999999;t=1`, 0, 0, false},
	}
	for _, tc := range cases {
		r, tt, ok := parseRateLimit(tc.in)
		if r != tc.r || tt != tc.t || ok != tc.ok {
			t.Errorf("parseRateLimit(%q) = %d %d %v", tc.in, r, tt, ok)
		}
	}
}

func TestRetryAfterHeader(t *testing.T) {
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	cases := []struct {
		status int
		h      http.Header
		want   time.Duration
	}{
		{429, h("RateLimit", `"api";r=0;t=9`, "Retry-After", "100"), 10 * time.Second},
		{429, h("RateLimit", `"api";r=4;t=9`, "Retry-After", "2"), 3 * time.Second},
		{503, h("RateLimit", `"api";r=0;t=9`), 0},
		{503, h("Retry-After", " 5 "), 6 * time.Second},
		{429, h("Retry-After", "-1"), 0},
		{429, h("Retry-After", "Fri, 31 Dec 1999 23:59:59 GMT"), 0},
		{429, h("RateLimit", `"api";r=0;t=999999`), maxServerWait},
	}
	for i, tc := range cases {
		if got := retryAfter(tc.status, tc.h); got != tc.want {
			t.Errorf("case %d: retryAfter = %v, want %v", i, got, tc.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	var got []time.Duration
	for n := range 7 {
		got = append(got, backoff(n))
	}
	want := []time.Duration{1, 2, 4, 8, 8, 8, 8}
	for i := range want {
		if got[i] != want[i]*time.Second {
			t.Fatalf("backoff = %v", got)
		}
	}
}

func TestParseErrorBody(t *testing.T) {
	cases := []struct{ ct, body, want string }{
		{"application/json", `{"error":"msg"}`, "msg"},
		{"application/json", `{"error":["a","b"]}`, "a; b"},
		{"application/json", `{"error":"invalid_grant","error_description":"expired"}`, "invalid_grant: expired"},
		{"application/json", `{"error_description":"expired"}`, "expired"},
		{"application/json", `{"error":["a"," a ","b"],"errors":[{"message":"b"},{"message":"c"}]}`, "a; b; c"},
		{"application/json", `{"errors":[{"message":"x"},{"code":1},{"message":"y"}]}`, "x; y"},
		{"application/json", `{"error":{"code":"c","message":"nested"}}`, ""},
		{"application/json", `["not an object"]`, ""},
		{"text/plain", "plain failure\n", "plain failure"},
		{"text/html", "<html>oops</html>", ""},
		{"", "<!DOCTYPE html>", ""},
		{"", "", ""},
		{"text/plain", strings.Repeat("x", 600), strings.Repeat("x", 600)}, // newError cuts it, after redaction
	}
	for _, tc := range cases {
		if got := mergeMessages(parseErrorBody(tc.ct, []byte(tc.body))); got != tc.want {
			t.Errorf("parseErrorBody(%q, %q) = %q, want %q", tc.ct, tc.body, got, tc.want)
		}
	}
}

// TestErrorMessageMergesHeaderAndBody: X-Error-Message first, then the body's messages, each once
// (huggingface_hub utils/_http.py _format), so a decision on the text sees both.
func TestErrorMessageMergesHeaderAndBody(t *testing.T) {
	cases := []struct {
		header, ct, body, want string
	}{
		{"Repo not found", "application/json", `{"error":"Repo not found"}`, "Repo not found"},
		{"Bad request", "application/json", `{"error":"template argilla/x cannot be used with files"}`, "Bad request; template argilla/x cannot be used with files"},
		{"", "application/json", `{"error":"You already created this space repo","url":"u"}`, "You already created this space repo"},
		{"Conflict", "text/plain", "Cannot create repo: another conflicting operation is in progress", "Conflict; Cannot create repo: another conflicting operation is in progress"},
		{"", "text/html", "<html>502</html>", "Bad Gateway"},
	}
	for _, tc := range cases {
		h := http.Header{"Content-Type": {tc.ct}}
		if tc.header != "" {
			h.Set("X-Error-Message", tc.header)
		}
		status := 400
		if tc.ct == "text/html" {
			status = 502
		}
		if got := newError("POST", "http://x/api/repos/create", status, h, []byte(tc.body), newRedactor()).Message; got != tc.want {
			t.Errorf("header %q body %q: message %q, want %q", tc.header, tc.body, got, tc.want)
		}
	}
	e := newError("POST", "http://x/api/repos/create", 409, http.Header{"X-Error-Message": {"Conflict"}},
		[]byte(`{"error":"Cannot create repo: another conflicting operation is in progress"}`), newRedactor())
	if !isConflictInProgress(e) {
		t.Errorf("the in-progress text in the body, beside another header, is not seen: %q", e.Message)
	}
	bad := newError("GET", "http://x/api/spaces/a/b", 401, http.Header{"X-Error-Message": {invalidTokenMessage}},
		[]byte(`{"error":"Invalid username or password."}`), newRedactor())
	if !IsInvalidToken(bad) || IsNotFound(bad) {
		t.Errorf("invalid token beside another body message: IsInvalidToken %v IsNotFound %v", IsInvalidToken(bad), IsNotFound(bad))
	}
}

func TestParseSSELine(t *testing.T) {
	cases := []struct {
		line string
		want LogEvent
		ok   bool
	}{
		{`data: {"data": "hello\n", "timestamp": "2026-01-01T00:00:00Z"}`, LogEvent{"hello\n", "2026-01-01T00:00:00Z"}, true},
		{`data:`, LogEvent{}, false},
		{`data: `, LogEvent{}, false},
		{`data:{"data":"x"}`, LogEvent{}, false}, // huggingface_hub wants "data: {"
		{`data: {broken`, LogEvent{}, false},
		{`event: ping`, LogEvent{}, false},
		{`data: "string"`, LogEvent{}, false},
	}
	for _, tc := range cases {
		got, ok := parseSSELine(tc.line)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseSSELine(%q) = %+v %v", tc.line, got, ok)
		}
	}
}

func TestEscaping(t *testing.T) {
	if got := escapeRev("refs/pr/1"); got != "refs%2Fpr%2F1" {
		t.Errorf("escapeRev = %q", got)
	}
	if got := escapeRev(""); got != "main" {
		t.Errorf("escapeRev empty = %q", got)
	}
	if got, err := escapeFilePath("dir/a b/c?.txt"); err != nil || got != "dir/a%20b/c%3F.txt" {
		t.Errorf("escapeFilePath = %q, %v", got, err)
	}
	for _, bad := range []string{"", "a//b", "../x", "a/./b"} {
		if _, err := escapeFilePath(bad); err == nil {
			t.Errorf("escapeFilePath(%q) accepted", bad)
		}
	}
	if got, err := escapedID("my org/x y"); err != nil || got != "my%20org/x%20y" {
		t.Errorf("escapedID = %q, %v", got, err)
	}
}

func TestRedactor(t *testing.T) {
	r := newRedactor()
	r.Add("abc", "secret/value", "secret")
	got := r.String("abc secret/value secret%2Fvalue secret")
	if got != "abc [REDACTED] [REDACTED] [REDACTED]" {
		t.Errorf("redact = %q", got)
	}
}
