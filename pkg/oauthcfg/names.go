package oauthcfg

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// DefaultWorkspace is the workspace the template allows. Keep it: the SDK's
// WORKSPACE secret and the users who already signed in rely on it.
const DefaultWorkspace = "argilla"

// ErrInvalidWorkspaceName is wrapped by every error of ValidateWorkspaceName.
var ErrInvalidWorkspaceName = errors.New("invalid workspace name")

// workspaceName is the rule of Argilla servers before v2.4
// (`^(?!-|_)[a-z0-9-_]+$`); later servers accept any non-empty string, so the
// stricter rule works on every version.
var workspaceName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`) })

// ValidateWorkspaceName reports whether name is a portable workspace name:
// lowercase letters, digits, `-` and `_`, not starting with `-` or `_`.
func ValidateWorkspaceName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: empty", ErrInvalidWorkspaceName)
	}
	if !workspaceName().MatchString(name) {
		return fmt.Errorf("%w %q: use lowercase letters, digits, '-' and '_', not starting with '-' or '_'",
			ErrInvalidWorkspaceName, name)
	}
	return nil
}

// plainSafe are strings that can be written unquoted if both YAML 1.1 and 1.2
// read them back as the same string (checked below by type resolution).
var plainSafe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_./-]*$`) })

// yaml12Special are plain words YAML 1.2 (yaml/v3, our own spec parser) reads
// as non-strings, or that older parsers read as booleans (y, n).
var yaml12Special = map[string]bool{
	"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true,
	"true": true, "false": true, "null": true,
}

// QuoteString returns s as a YAML scalar that YAML 1.1 (the server's PyYAML)
// and YAML 1.2 (yaml/v3) both read back as the string s: plain when that is
// unambiguous (argilla, acme/argilla, cpu-basic, 2h), double-quoted otherwise
// ("123", "yes", "1e3", "a b"). Templates use it for every value they write.
// Invalid UTF-8 cannot be written in YAML: those bytes become U+FFFD.
func QuoteString(s string) string {
	if plainSafe().MatchString(s) && plainType(s) == typeStr && !yaml12Special[strings.ToLower(s)] &&
		!looksNumeric(s) && yaml12String(s) {
		return s
	}
	return doubleQuote(s)
}

// doubleQuote writes s as a YAML double-quoted scalar, escaping what is not
// printable (YAML forbids raw control characters even inside quotes). Invalid
// UTF-8 cannot be written in YAML at all; such bytes become U+FFFD.
func doubleQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r >= 0x20 && r < 0x7f, r >= 0xa0 && unicode.IsPrint(r) && r != 0xfeff:
			b.WriteRune(r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// yaml12String reports whether yaml/v3 reads the plain scalar s as a string.
func yaml12String(s string) bool {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(s), &n); err != nil || len(n.Content) != 1 {
		return false
	}
	v := n.Content[0]
	return v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" && v.Value == s
}

// looksNumeric catches YAML 1.2 numbers that YAML 1.1 reads as strings
// (1e3, 0o17, .5): a digit, sign or dot followed only by number characters.
func looksNumeric(s string) bool {
	if s == "" {
		return false
	}
	if !strings.ContainsAny(s[:1], "0123456789.") {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789._eExXoObBaAcCdDfF", r) {
			return false
		}
	}
	return true
}
