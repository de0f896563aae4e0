package hfapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Messages and codes the Hub uses (reference §12).
const (
	invalidTokenMessage = "Invalid credentials in Authorization header"
	conflictInProgress  = "another conflicting operation is in progress"
)

// Error is a Hub answer with status >= 400.
type Error struct {
	Status    int
	Code      string // X-Error-Code
	Message   string // X-Error-Message and the body's messages, merged as huggingface_hub does; else status text
	RequestID string // X-Request-Id > X-Amzn-Trace-Id > X-Amz-Cf-Id
	Method    string
	URL       string

	// RepoURL is the `url` field of the body, when present: on a 409 from
	// create, duplicate or bucket creation it names the existing repo.
	RepoURL string
	// RetryAfter is the wait the Hub asked for before a retry (RateLimit
	// `t`+1 s on a 429 with r=0, else Retry-After+1 s); 0 when it said nothing.
	RetryAfter time.Duration
}

// Error formats the failure; secrets were redacted when the Error was built.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.URL, e.Status, http.StatusText(e.Status))
	if e.Message != "" && e.Message != http.StatusText(e.Status) {
		b.WriteString(": " + e.Message)
	}
	if e.Code != "" {
		b.WriteString(" (" + e.Code + ")")
	}
	if e.RequestID != "" {
		b.WriteString(" [request id " + e.RequestID + "]")
	}
	return b.String()
}

// newError builds an *Error from a response, scrubbing registered secrets from
// every text field (the Hub could echo a value back in a message).
func newError(method, rawURL string, status int, h http.Header, body []byte, red *redactor) *Error {
	e := &Error{
		Status:    status,
		Code:      h.Get("X-Error-Code"),
		Message:   h.Get("X-Error-Message"),
		RequestID: firstHeader(h, "X-Request-Id", "X-Amzn-Trace-Id", "X-Amz-Cf-Id"),
		Method:    method,
		URL:       red.String(rawURL),
	}
	e.Message = mergeMessages(append([]string{e.Message}, parseErrorBody(h.Get("Content-Type"), body)...))
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	// redacted before it is cut: a secret cut in two would no longer be recognised
	e.Message = red.Cut(e.Message, maxErrorMessage)
	e.RepoURL = red.Cut(bodyURL(body), maxErrorMessage)
	e.Code = red.Cut(e.Code, maxErrorMessage)
	e.RequestID = red.Cut(e.RequestID, maxErrorMessage)
	e.RetryAfter = retryAfter(status, h)
	return e
}

func firstHeader(h http.Header, names ...string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// maxErrorMessage bounds each server-provided text kept in an error (message, code, request id).
const maxErrorMessage = 500

// mergeMessages joins the non-empty messages, trimmed, each once and in order, as huggingface_hub's
// _format (utils/_http.py) merges X-Error-Message with the body's messages; "; " keeps it on one line.
func mergeMessages(msgs []string) string {
	var out []string
	seen := map[string]bool{}
	for _, m := range msgs {
		m = strings.TrimSpace(m)
		if m == "" || seen[m] {
			continue
		}
		seen[m] = true
		out = append(out, m)
	}
	return strings.Join(out, "; ")
}

// parseErrorBody extracts the server's messages from an error body, reading the shapes
// huggingface_hub's _format reads (reference §12): {"error": "msg"}, {"error": ["a","b"]}, OAuth-style
// {"error","error_description"} (as "error: description"), {"error_description"} alone,
// {"errors": [{"message"}]}; a body that is not JSON counts as plain text unless it is HTML.
func parseErrorBody(contentType string, body []byte) []string {
	trimmed := strings.TrimSpace(string(body))
	if trimmed == "" {
		return nil
	}
	if !json.Valid(body) {
		if strings.Contains(strings.ToLower(contentType), "html") || strings.HasPrefix(trimmed, "<") {
			return nil
		}
		return []string{trimmed} // cut by newError, after redaction
	}
	var data struct {
		Error            json.RawMessage `json:"error"`
		ErrorDescription *string         `json:"error_description"`
		Errors           []struct {
			Message *string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &data) != nil {
		return nil // JSON of another shape (a bare string or array): nothing we know
	}
	var parts []string
	var one string
	var many []string
	switch {
	case json.Unmarshal(data.Error, &many) == nil:
		parts = append(parts, many...)
	case json.Unmarshal(data.Error, &one) == nil && data.ErrorDescription != nil:
		parts = append(parts, one+": "+*data.ErrorDescription)
	case json.Unmarshal(data.Error, &one) == nil:
		parts = append(parts, one)
	case data.ErrorDescription != nil:
		parts = append(parts, *data.ErrorDescription)
	}
	for _, e := range data.Errors {
		if e.Message != nil {
			parts = append(parts, *e.Message)
		}
	}
	return parts
}

// bodyURL returns the top-level "url" string of a JSON body, or "".
func bodyURL(body []byte) string {
	var v struct {
		URL string `json:"url"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	return v.URL
}

// asError returns err as an *Error, or nil.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// repoURLPattern matches the URLs on which huggingface_hub reads a 401 as
// "repository not found" (REPO_API_REGEX in utils/_http.py): /api/{models,
// datasets,spaces}/... and .../resolve/... . Unlike it, any scheme is accepted
// so the local emulator (http) behaves like the Hub.
var repoURLPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(/api/(models|datasets|spaces)/.+|/.+/resolve/.+)$`)
})

// IsNotFound reports a missing (or invisible) repo, revision or file: a 404, an
// X-Error-Code RepoNotFound/EntryNotFound/RevisionNotFound, or a 401 on a repo
// URL that is not the invalid-token one (the Hub answers 401 to anonymous
// callers for missing and private repos alike).
func IsNotFound(err error) bool {
	e := asError(err)
	if e == nil {
		return false
	}
	switch {
	case e.Status == http.StatusNotFound:
		return true
	case e.Code == "RepoNotFound" || e.Code == "EntryNotFound" || e.Code == "RevisionNotFound":
		return true
	case e.Status == http.StatusUnauthorized && !strings.Contains(e.Message, invalidTokenMessage):
		u, perr := url.Parse(e.URL)
		return perr == nil && repoURLPattern().MatchString(u.Path)
	}
	return false
}

// IsInvalidToken reports a 401 whose message says the token itself is bad.
func IsInvalidToken(err error) bool {
	e := asError(err)
	return e != nil && e.Status == http.StatusUnauthorized && strings.Contains(e.Message, invalidTokenMessage)
}

// IsUnauthorized reports any 401.
func IsUnauthorized(err error) bool { return StatusOf(err) == http.StatusUnauthorized }

// IsForbidden reports a 403 (token scope, or no write access).
func IsForbidden(err error) bool { return StatusOf(err) == http.StatusForbidden }

// IsPaymentRequired reports a 402 (Docker/Gradio Spaces need a paid plan).
func IsPaymentRequired(err error) bool { return StatusOf(err) == http.StatusPaymentRequired }

// IsConflict reports a 409 (repo exists, or a concurrent operation).
func IsConflict(err error) bool { return StatusOf(err) == http.StatusConflict }

// IsPreconditionFailed reports a 412 (stale parentCommit).
func IsPreconditionFailed(err error) bool { return StatusOf(err) == http.StatusPreconditionFailed }

// IsRateLimited reports a 429.
func IsRateLimited(err error) bool { return StatusOf(err) == http.StatusTooManyRequests }

// IsBadRequest reports a 400 or 422 (invalid request).
func IsBadRequest(err error) bool {
	s := StatusOf(err)
	return s == http.StatusBadRequest || s == http.StatusUnprocessableEntity
}

// StatusOf returns the HTTP status of an *Error in err's chain, else 0.
func StatusOf(err error) int {
	if e := asError(err); e != nil {
		return e.Status
	}
	return 0
}
