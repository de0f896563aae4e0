package prompt

import "github.com/charmbracelet/x/term"

// isTerminal is a variable so tests can exercise the terminal branch without
// allocating a PTY.
var isTerminal = term.IsTerminal

// CanPrompt reports whether a form may be shown: stdin and stdout are
// terminals, noInput (--no-input) is false, and CI is unset or empty in getenv
// (nil getenv counts as an empty environment). Values without an Fd method,
// such as buffers in tests, are never terminals.
func CanPrompt(stdin, stdout any, noInput bool, getenv func(string) string) bool {
	if noInput {
		return false
	}
	if getenv != nil && getenv("CI") != "" {
		return false
	}
	return isTTY(stdin) && isTTY(stdout)
}

// isTTY reports whether v has a file descriptor that is a terminal.
func isTTY(v any) bool {
	f, ok := v.(interface{ Fd() uintptr })
	if !ok || f == nil {
		return false
	}
	return isTerminal(f.Fd())
}
