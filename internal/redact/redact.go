// Package redact scrubs secret values from text before it is shown: debug lines, error messages,
// log lines. A secret is registered once and then found in every form it can take in output: as is,
// URL-escaped, JSON-escaped (a server echoing a request body), and base64 (commit payloads carry file
// contents so), including inside a longer base64 text. URLs lose their user:password@ part.
//
// Text must be redacted before it is cut to length (Cut does both in that order): a cut secret no
// longer matches and its first characters would show.
package redact

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Mark replaces every registered secret.
const Mark = "[REDACTED]"

// MinLen is the shortest secret scrubbed, in bytes. A one to three character value would turn letters
// inside ordinary words into Mark (a secret "abc" in "abcdef"), making every message unreadable while
// hiding next to nothing: such a value is guessed in a few thousand tries whatever we print. Every
// secret argilla-space itself makes or requires is far longer (Argilla wants 8+ characters for a
// password; tokens and keys are 32+), so 4 scrubs all real secrets.
const MinLen = 4

// minBase64Inner is the shortest secret whose base64 forms at an arbitrary offset inside a longer
// base64 text are scrubbed: those forms lose up to two characters at each end, and short ones would
// match by chance in unrelated base64 text.
const minBase64Inner = 8

// Redactor remembers secrets and scrubs them from text. The zero value is ready; it is safe for
// concurrent use.
type Redactor struct {
	mu     sync.RWMutex
	values []string // every form of every secret, longest first: a secret inside another goes whole
}

// New returns an empty Redactor.
func New() *Redactor { return &Redactor{} }

// Add registers secrets; values shorter than MinLen are ignored (see MinLen).
func (r *Redactor) Add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range values {
		if len(v) < MinLen {
			continue
		}
		for _, f := range Forms(v) {
			if len(f) >= MinLen && !contains(r.values, f) {
				r.values = append(r.values, f)
			}
		}
	}
	sort.SliceStable(r.values, func(i, j int) bool { return len(r.values[i]) > len(r.values[j]) })
}

// String returns s with every form of every registered secret replaced by Mark and URLs without
// their user information.
func (r *Redactor) String(s string) string {
	if r != nil {
		r.mu.RLock()
		for _, v := range r.values {
			s = strings.ReplaceAll(s, v, Mark)
		}
		r.mu.RUnlock()
	}
	return StripUserinfo(s)
}

// Cut redacts s and then bounds it to max bytes (cut on a rune boundary, "..." appended).
func (r *Redactor) Cut(s string, max int) string {
	s = r.String(s)
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// Forms lists the forms of v that may appear in output: v itself, its URL escapes (query and path),
// its JSON string escapes (with and without escaping <, > and &, as Go and most other encoders differ;
// the quoted form contains these), and its base64 encodings, whole and at any offset inside a longer
// base64 text.
func Forms(v string) []string {
	out := []string{v, url.QueryEscape(v), url.PathEscape(v)}
	for _, html := range []bool{true, false} {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(html)
		_ = enc.Encode(v) // a string always encodes
		q := strings.TrimSuffix(b.String(), "\n")
		out = append(out, q[1:len(q)-1])
	}
	encs := []*base64.Encoding{base64.StdEncoding, base64.URLEncoding}
	for _, e := range encs {
		out = append(out, e.EncodeToString([]byte(v)), e.WithPadding(base64.NoPadding).EncodeToString([]byte(v)))
	}
	if len(v) >= minBase64Inner {
		for _, e := range encs {
			out = append(out, base64Inner(e.WithPadding(base64.NoPadding), v)...)
		}
	}
	return out
}

// base64Inner is the part of v's encoding that does not depend on its neighbours, for v starting at
// each of the three byte offsets of a base64 group: the characters whose six bits all come from v.
func base64Inner(e *base64.Encoding, v string) []string {
	var out []string
	for k := 0; k < 3; k++ {
		enc := e.EncodeToString(append(make([]byte, k), v...))
		first := (8*k + 5) / 6       // first character whose bits start at or after v's first bit
		last := 8 * (k + len(v)) / 6 // characters before this one end at or before v's last bit
		if last > len(enc) {
			last = len(enc)
		}
		if last-first >= MinLen {
			out = append(out, enc[first:last])
		}
	}
	return out
}

var userinfoRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@"'<>]*@`)
})

// StripUserinfo removes user:password@ from every URL in s.
func StripUserinfo(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return userinfoRe().ReplaceAllString(s, "$1")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
