package hfapi

import (
	"net/url"
	"sort"
	"strings"
	"sync"
)

// redactedMark replaces every registered secret in debug output and error text.
const redactedMark = "[REDACTED]"

// redactor remembers secret values (the token, secrets sent to the Hub, values
// passed to Client.Redact) and scrubs them from text before it is shown.
type redactor struct {
	mu     sync.RWMutex
	values []string // longest first, so a secret containing another is scrubbed whole
}

func newRedactor() *redactor { return &redactor{} }

// minRedactLen is the shortest value scrubbed. Shorter ones would mangle
// every message they happen to occur in (a secret "v" in "have") while
// protecting nothing; real secrets are longer (Argilla wants >= 8 chars).
const minRedactLen = 4

// add registers values, plus their URL-escaped forms, since a value could
// appear inside a URL in an error message.
func (r *redactor) add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range values {
		if len(v) < minRedactLen {
			continue
		}
		for _, form := range []string{v, url.QueryEscape(v), url.PathEscape(v)} {
			if !contains(r.values, form) {
				r.values = append(r.values, form)
			}
		}
	}
	sort.SliceStable(r.values, func(i, j int) bool { return len(r.values[i]) > len(r.values[j]) })
}

// redact returns s with every registered value replaced by redactedMark.
func (r *redactor) redact(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, v := range r.values {
		s = strings.ReplaceAll(s, v, redactedMark)
	}
	return s
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
