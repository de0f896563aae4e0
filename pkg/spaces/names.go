package spaces

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// Repo-id rules as huggingface_hub's validate_repo_id states them (reference §14); the server's own
// rules are private, so we keep to the strictest reading: ASCII only, 1–96 characters.
var (
	repoNameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_.-]{1,96}$`) })
	keyRe      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z][_A-Za-z0-9]*$`) })
)

// DefaultSpaceName is the name `create` gives a Space when none is given: the name Argilla's own
// deploy_on_spaces uses (repo_name="argilla" in argilla/src/argilla/_helpers/_deploy.py, v2.8.0), so
// the Space is where Argilla's users expect it.
const DefaultSpaceName = "argilla"

// ValidateRepoName checks one part of a Space id (the owner or the name).
func ValidateRepoName(part string) error {
	switch {
	case part == "":
		return fmt.Errorf("empty name")
	case len(part) > 96:
		return fmt.Errorf("%q is %d characters long; the Hub allows at most 96", part, len(part))
	case !repoNameRe().MatchString(part):
		return fmt.Errorf("%q may only contain ASCII letters, digits, '-', '_' and '.'", part)
	case strings.HasPrefix(part, "-") || strings.HasPrefix(part, "."):
		return fmt.Errorf("%q must not start with '-' or '.'", part)
	case strings.HasSuffix(part, "-") || strings.HasSuffix(part, "."):
		return fmt.Errorf("%q must not end with '-' or '.'", part)
	case strings.Contains(part, "--") || strings.Contains(part, ".."):
		return fmt.Errorf("%q must not contain '--' or '..'", part)
	case strings.HasSuffix(part, ".git"):
		return fmt.Errorf("%q must not end with '.git'", part)
	}
	return nil
}

// ID is a validated Space id, OWNER/NAME.
type ID struct {
	Owner string
	Name  string
}

// String gives "OWNER/NAME".
func (id ID) String() string { return id.Owner + "/" + id.Name }

// ParseID parses "OWNER/NAME", or "NAME" when defaultOwner is not empty.
func ParseID(s, defaultOwner string) (ID, error) { return parseRepoID("Space", s, defaultOwner) }

// ParseBucketID parses a storage bucket id, OWNER/NAME; buckets follow the repo-id rules too.
func ParseBucketID(s string) (ID, error) { return parseRepoID("bucket", s, "") }

// parseRepoID parses OWNER/NAME for a repo of this kind, named in its errors.
func parseRepoID(kind, s, defaultOwner string) (ID, error) {
	if s == "" {
		return ID{}, fmt.Errorf("no %s named: give OWNER/NAME", kind)
	}
	owner, name, found := strings.Cut(s, "/")
	if !found {
		owner, name = defaultOwner, s
		if owner == "" {
			return ID{}, fmt.Errorf("%s %q has no owner: give OWNER/NAME", kind, s)
		}
	}
	if strings.Contains(name, "/") {
		return ID{}, fmt.Errorf("%s id %q has more than one '/': give OWNER/NAME", kind, s)
	}
	if err := ValidateRepoName(owner); err != nil {
		return ID{}, fmt.Errorf("invalid owner in %q: %v", s, err)
	}
	if err := ValidateRepoName(name); err != nil {
		return ID{}, fmt.Errorf("invalid %s name in %q: %v", kind, s, err)
	}
	return ID{Owner: owner, Name: name}, nil
}

// ValidateKey checks a secret or variable key against the Hub's pattern ^[A-Za-z][_A-Za-z0-9]*$ (§4).
func ValidateKey(key string) error {
	if !keyRe().MatchString(key) {
		return fmt.Errorf("invalid key %q: a key starts with a letter and has only letters, digits and '_'", key)
	}
	return nil
}

// Argilla's own length rules for the owner credentials (argilla-on-spaces §0.7): a shorter value makes
// the Space crash at start-up, so we refuse it before anything is sent.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 100
	MinAPIKeyLen   = 8
)

// ValidatePassword applies Argilla's 8–100 character rule to the owner password.
func ValidatePassword(p string) error {
	if n := len([]rune(p)); n < MinPasswordLen || n > MaxPasswordLen {
		return fmt.Errorf("the owner password must be %d to %d characters (got %d); Argilla fails to start otherwise", MinPasswordLen, MaxPasswordLen, n)
	}
	// A line break or other control character is a reading mistake (two lines on stdin, a file read
	// with its newline), and nobody could type it at Argilla's sign-in form.
	if strings.IndexFunc(p, unicode.IsControl) >= 0 {
		return fmt.Errorf("the owner password must be one line without control characters (a line break or tab was found)")
	}
	return nil
}

// ValidateAPIKey applies Argilla's minimum length to the owner API key.
func ValidateAPIKey(k string) error {
	if len([]rune(k)) < MinAPIKeyLen {
		return fmt.Errorf("the Argilla API key must be at least %d characters; Argilla fails to start otherwise", MinAPIKeyLen)
	}
	if strings.ContainsAny(k, " \t\r\n") {
		return fmt.Errorf("the Argilla API key must not contain white space")
	}
	return nil
}
