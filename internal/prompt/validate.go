package prompt

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Space names follow the Hub's repo-name rule as the brief states it (the
// huggingface_hub validator: 1-96 of [A-Za-z0-9._-], no leading or trailing
// '-' or '.', no "--" or "..", no ".git" suffix).
const maxSpaceNameLen = 96

// Argilla refuses owner passwords outside 8-100 characters and the Space then
// crashes at start (argilla-on-spaces.md §1 item 7). Argilla counts Python
// characters, i.e. code points, so runes are counted here, not bytes.
const (
	minPasswordLen = 8
	maxPasswordLen = 100
)

// ValidateSpaceName reports why name is not a valid Space name (without the
// owner part), or nil.
func ValidateSpaceName(name string) error {
	switch {
	case name == "":
		return errors.New("a Space name is required")
	case len(name) > maxSpaceNameLen:
		return fmt.Errorf("a Space name has at most %d characters", maxSpaceNameLen)
	}
	for _, r := range name {
		if !isNameChar(r) {
			return fmt.Errorf("a Space name may only contain letters, digits, '-', '_' and '.', not %q", r)
		}
	}
	switch {
	case strings.ContainsAny(name[:1], "-.") || strings.ContainsAny(name[len(name)-1:], "-."):
		return errors.New("a Space name cannot start or end with '-' or '.'")
	case strings.Contains(name, "--") || strings.Contains(name, ".."):
		return errors.New("a Space name cannot contain '--' or '..'")
	case strings.HasSuffix(name, ".git"):
		return errors.New("a Space name cannot end with '.git'")
	}
	return nil
}

// isNameChar reports whether r is allowed in a Space name (ASCII only).
func isNameChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		r == '-' || r == '_' || r == '.'
}

// ValidateWorkspaceName reports why name is not a portable Argilla workspace
// name, or nil. Argilla before v2.4 required ^(?!-|_)[a-z0-9-_]+$ and later
// versions accept anything non-empty, so the older, stricter rule is used
// (argilla-on-spaces.md §2.3).
func ValidateWorkspaceName(name string) error {
	if name == "" {
		return errors.New("a workspace name cannot be empty")
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("workspace %q: use lowercase letters, digits, '-' and '_' only", name)
		}
	}
	if name[0] == '-' || name[0] == '_' {
		return fmt.Errorf("workspace %q cannot start with '-' or '_'", name)
	}
	return nil
}

// ParseWorkspaces splits a comma-separated list of workspace names, trimming
// spaces and dropping duplicates and empty items, and validates each name. At
// least one workspace is required: new Hugging Face users join these.
func ParseWorkspaces(s string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for item := range strings.SplitSeq(s, ",") {
		name := strings.TrimSpace(item)
		if name == "" || seen[name] {
			continue
		}
		if err := ValidateWorkspaceName(name); err != nil {
			return nil, err
		}
		seen[name] = true
		out = append(out, name)
	}
	if len(out) == 0 {
		return nil, errors.New("give at least one workspace, e.g. argilla")
	}
	return out, nil
}

// ValidatePassword reports why p is not an acceptable Argilla owner password
// (8 to 100 characters), or nil. It never includes p in the error.
func ValidatePassword(p string) error {
	if n := utf8.RuneCountInString(p); n < minPasswordLen || n > maxPasswordLen {
		return fmt.Errorf("the password must be %d to %d characters long", minPasswordLen, maxPasswordLen)
	}
	return nil
}

// validateUsername checks the Argilla owner username. The reference gives no
// pattern, so only what is certainly wrong is refused: empty or whitespace.
func validateUsername(u string) error {
	if u == "" {
		return errors.New("a username is required")
	}
	if strings.ContainsAny(u, " \t\r\n") {
		return errors.New("a username cannot contain spaces")
	}
	return nil
}
