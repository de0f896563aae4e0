package hfapi

import "github.com/argilla-space/argilla-space/internal/redact"

// redactedMark replaces every registered secret in debug output and error text.
const redactedMark = redact.Mark

// redactor remembers secret values (the token, secrets sent to the Hub, values passed to
// Client.Redact) and scrubs them, in every form they take in output, from text before it is shown.
type redactor = redact.Redactor

func newRedactor() *redactor { return redact.New() }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
