package argilla

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinels matched by errors.Is on an *Error.
var (
	ErrUnauthorized = errors.New("argilla: not authenticated (check the API key)")
	ErrForbidden    = errors.New("argilla: not allowed for this user's role")
	ErrNotFound     = errors.New("argilla: not found")
	ErrExists       = errors.New("argilla: already exists")
	// ErrInvalid is a 422: the request broke a schema or business rule (reference §1.4).
	ErrInvalid = errors.New("argilla: the request was refused as invalid")
	// ErrPrivateSpace: a 404 that is not an Argilla answer, sent without an
	// HF token; a private Space's proxy answers that way (argilla#5317).
	ErrPrivateSpace = errors.New("argilla: the Space answered 404 without Argilla; a private Space needs the HF token")
)

// Error is a non-2xx answer.
type Error struct {
	Method, Path string // the request, path below /api/v1
	Status       int    // HTTP status code
	Detail       string // Argilla's "detail" (structured details as compact JSON), secrets redacted
	// Shape is which of Argilla's three error bodies came back (reference §1.4): "coded"
	// {"detail":{"code","params"}}, "plain" {"detail":"..."}, "code-message" {"code","message"}, or
	// "" when the body is none of them.
	Shape string
	// Code is the error's code: "argilla.api.errors::ValidationError" in a coded body,
	// "missing_vector" in a code-message body.
	Code string
	// Message is the human part: params.detail or params.message of a coded body, the string of a
	// plain body, the message of a code-message body, or the msg of each schema error; redacted.
	Message string
	// NotArgilla is set when the body is not Argilla's {"detail": ...} JSON:
	// the answer came from the Hub's proxy (an HTML page) or something else.
	NotArgilla bool
	// HFTokenSent records whether the request carried an HF token.
	HFTokenSent bool
	// Location is where a 3xx pointed to (never followed).
	Location string
}

// Error says what happened and, for the cases users hit, what to do.
func (e *Error) Error() string {
	msg := fmt.Sprintf("argilla: %s /api/v1%s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	switch {
	case e.Status == http.StatusNotFound && e.NotArgilla && !e.HFTokenSent:
		return msg + ": the answer is not from Argilla; if the Space is private, " +
			"pass an HF token that can read it (sent as Authorization: Bearer)"
	case e.Status == http.StatusNotFound && e.NotArgilla:
		return msg + ": the answer is not from Argilla; the Space host may be wrong, " +
			"the Space may not be running, or the HF token cannot read this private Space"
	case e.Status >= 300 && e.Status < 400:
		return msg + ": redirected to " + e.Location + " (not followed); " +
			"use the Space's direct host (https://OWNER-NAME.hf.space) and, for a private Space, an HF token"
	case e.Status == http.StatusUnauthorized && e.Detail == "":
		return msg + ": check the Argilla API key"
	case e.Message != "":
		return msg + ": " + e.Message
	case e.Detail != "":
		return msg + ": " + e.Detail
	}
	return msg
}

// Unwrap maps the status to a sentinel for errors.Is.
func (e *Error) Unwrap() error {
	switch e.Status {
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusConflict:
		return ErrExists
	case http.StatusUnprocessableEntity:
		return ErrInvalid
	case http.StatusNotFound:
		if e.NotArgilla && !e.HFTokenSent {
			return ErrPrivateSpace
		}
		return ErrNotFound
	}
	return nil
}

// NotReadyError is returned by Status while the server does not answer 200.
type NotReadyError struct {
	StatusCode int
	Err        *Error
}

// Error reports the status code.
func (e *NotReadyError) Error() string {
	return "argilla is not ready: " + e.Err.Error()
}

// Unwrap gives access to the answer, so errors.Is(err, ErrPrivateSpace) works.
func (e *NotReadyError) Unwrap() error { return e.Err }

// maxDetail bounds the detail kept in an error message.
const maxDetail = 500

// newError builds the *Error for a non-2xx answer.
func (c *Client) newError(method, path string, resp *http.Response, body []byte) *Error {
	e := &Error{Method: method, Path: path, Status: resp.StatusCode, HFTokenSent: c.hfToken != ""}
	if e.Status >= 300 && e.Status < 400 {
		e.Location = c.redact(resp.Header.Get("Location"))
	}
	b := parseBody(body)
	e.NotArgilla = b.shape == ""
	e.Shape, e.Code = b.shape, c.redact(b.code)
	e.Detail, e.Message = c.redact(b.detail), c.redact(b.message)
	return e
}

// body is what an error answer says.
type body struct {
	shape, code, detail, message string
}

// parseBody reads Argilla's three error shapes (reference §1.4). detail is the "detail" value (a
// string as is, an object as compact JSON), message the part a person reads. Nothing is cut here:
// newError redacts each text and then bounds it (a secret cut in two would no longer be found).
func parseBody(data []byte) body {
	var v struct {
		Detail  json.RawMessage `json:"detail"`
		Code    *string         `json:"code"`
		Message *string         `json:"message"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return body{}
	}
	if len(v.Detail) == 0 || string(v.Detail) == "null" {
		if v.Code != nil && v.Message != nil { // shape C: MissingVectorError
			return body{shape: "code-message", code: *v.Code, message: *v.Message}
		}
		return body{}
	}
	var s string
	if err := json.Unmarshal(v.Detail, &s); err == nil {
		return body{shape: "plain", detail: s, message: s}
	}
	var b bytes.Buffer
	if err := json.Compact(&b, v.Detail); err != nil {
		return body{}
	}
	out := body{shape: "plain", detail: b.String()}
	var coded struct {
		Code   string `json:"code"`
		Params struct {
			Detail  any `json:"detail"`
			Message any `json:"message"`
			Errors  []struct {
				Loc []any  `json:"loc"`
				Msg string `json:"msg"`
			} `json:"errors"`
		} `json:"params"`
	}
	if json.Unmarshal(v.Detail, &coded) != nil || coded.Code == "" {
		return out
	}
	out.shape, out.code = "coded", coded.Code
	var parts []string
	for _, m := range []any{coded.Params.Detail, coded.Params.Message} {
		if s, ok := m.(string); ok && s != "" {
			parts = append(parts, s)
		}
	}
	for _, e := range coded.Params.Errors {
		loc := make([]string, len(e.Loc))
		for i, l := range e.Loc {
			loc[i] = fmt.Sprint(l)
		}
		parts = append(parts, strings.Join(loc, ".")+": "+e.Msg)
	}
	out.message = strings.Join(parts, "; ")
	return out
}

// parseDetail reads Argilla's error body {"detail": ...}. A string detail is
// returned as is, a structured one as compact JSON. ok is false when the body
// is not such JSON.
func parseDetail(data []byte) (detail string, ok bool) {
	b := parseBody(data)
	return b.detail, b.shape == "plain" || b.shape == "coded"
}

// redact removes every secret the client knows (its own credentials, in every form, and those of
// Options.Redact) from server-provided text, in case a server or proxy echoes them back, and then
// bounds its length: in that order, as a cut secret would no longer be recognised.
func (c *Client) redact(s string) string {
	s = c.red.String(s)
	if c.extra != nil {
		s = c.extra(s)
	}
	return c.red.Cut(s, maxDetail)
}
