package main

import (
	"errors"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// jsonError is what a failed command prints on stdout with -o json, so a pipeline can parse a failure
// as it parses a success (the text stays on stderr): {"error": {"message", "exitCode", "hint"}}.
type jsonError struct {
	Error jsonErrorBody `json:"error"`
}

type jsonErrorBody struct {
	Message  string `json:"message"`
	ExitCode int    `json:"exitCode"`
	Hint     string `json:"hint,omitempty"`
}

// exitHints say what to do next for each exit code, when the message itself does not.
var exitHints = map[int]string{
	exitUsage:       "fix the input the message names (see the command's --help)",
	exitAuth:        "check the token (hf auth login, or HF_TOKEN), your role in the namespace and its plan",
	exitSpaceFailed: "argilla-space logs --build (or logs) shows why; argilla-space wait follows it again",
	exitConfirm:     "pass --yes to confirm",
	exitChanges:     "argilla-space apply makes the Spaces match",
}

// newJSONError is the JSON form of a failure: its message (already redacted), code and hint.
func newJSONError(msg string, code int, err error) jsonError {
	hint := exitHints[code]
	var ce *spaces.ConfirmationError
	if errors.As(err, &ce) && ce.Hint != "" {
		hint = ce.Hint
	}
	return jsonError{Error: jsonErrorBody{Message: strings.TrimSpace(msg), ExitCode: code, Hint: hint}}
}
