package oauthcfg

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one reason the server would refuse the file.
type Problem struct {
	Line int    // 1-based line in the file; 0 when it applies to the whole file
	Msg  string // what is wrong and, where useful, how to fix it
}

// String formats the problem as "line N: msg".
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
	}
	return p.Msg
}

// ValidationError lists every problem found in an OAuth file, in file order.
type ValidationError struct {
	Problems []Problem
}

// Error joins the problems on one line each.
func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	if len(lines) == 1 {
		return "invalid oauth file: " + lines[0]
	}
	return fmt.Sprintf("invalid oauth file (%d problems):\n  %s", len(lines), strings.Join(lines, "\n  "))
}

// knownProviders are the server's built-in backends; any other name stops it.
var knownProviders = []string{"huggingface", "github", "google-oauth2", "keycloak"}

// providerKeys are the keys a provider entry may have; any other stops it.
var providerKeys = []string{"name", "client_id", "client_secret", "scope", "redirect_uri", "sync_user"}

// knownTopKeys are the top-level keys of v2.7+ plus v1.x-v2.6's `enabled`.
var knownTopKeys = []string{keyProviders, keyAllowedWorkspaces, keyAllowHTTPRedirect, keyExtraBackends, keyEnabled}

// Validate checks data against every rule whose violation stops the Argilla
// server at startup (reference §2.2-2.3), plus the portable workspace-name
// rule. It returns nil or a *ValidationError listing all problems.
func Validate(data []byte) error {
	doc, problem := decodeDocument(data)
	if problem != nil {
		return &ValidationError{Problems: []Problem{*problem}}
	}
	v := &validator{}
	v.top(deref(doc.Content[0]))
	v.tags(doc, 0)
	if len(v.problems) == 0 {
		return nil
	}
	slices.SortStableFunc(v.problems, func(a, b Problem) int { return a.Line - b.Line })
	return &ValidationError{Problems: v.problems}
}

// validator collects problems.
type validator struct {
	problems []Problem
}

// addf records a problem at the line of node n.
func (v *validator) addf(n *yaml.Node, format string, args ...any) {
	v.problems = append(v.problems, Problem{Line: n.Line, Msg: fmt.Sprintf(format, args...)})
}

// top checks the top-level mapping.
func (v *validator) top(root *yaml.Node) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, val := root.Content[i], deref(root.Content[i+1])
		if seen[k.Value] {
			v.addf(k, "key %q appears twice; keep one", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case keyProviders:
			v.providers(val)
		case keyAllowedWorkspaces:
			v.workspaces(val)
		case keyAllowHTTPRedirect, keyEnabled:
			v.boolean(k.Value, val)
		case keyExtraBackends:
			v.stringList(k.Value, val)
		}
	}
}

// providers checks the providers list and each entry.
func (v *validator) providers(seq *yaml.Node) {
	if seq.Kind != yaml.SequenceNode {
		v.addf(seq, "providers must be a list (write `providers: []` to turn OAuth off), not %s", describe(seq))
		return
	}
	for _, item := range seq.Content {
		item = deref(item)
		if item.Kind != yaml.MappingNode {
			v.addf(item, "a provider must be a mapping like `- name: huggingface`, not %s", describe(item))
			continue
		}
		v.provider(item)
	}
}

// provider checks one provider entry.
func (v *validator) provider(m *yaml.Node) {
	if keyIndex(m, keyName) < 0 {
		v.addf(m, "a provider needs a name (one of %s)", strings.Join(knownProviders, ", "))
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, val := m.Content[i], deref(m.Content[i+1])
		switch k.Value {
		case "name":
			switch {
			case !isString(val):
				v.addf(val, "provider name must be a string, not %s", describe(val))
			case !slices.Contains(knownProviders, val.Value):
				v.addf(val, "unknown provider %q: use one of %s", val.Value, strings.Join(knownProviders, ", "))
			}
		case "client_id", "client_secret", "redirect_uri":
			if !isString(val) {
				v.addf(val, "provider %s must be a string, not %s", k.Value, describe(val))
			}
		case "scope":
			if !isString(val) && !isStringList(val) {
				v.addf(val, "provider scope must be a string or a list of strings, not %s", describe(val))
			}
		case "sync_user":
			v.boolean("sync_user", val)
		default:
			v.addf(k, "unknown provider key %q: allowed are %s", k.Value, strings.Join(providerKeys, ", "))
		}
	}
}

// workspaces checks allowed_workspaces.
func (v *validator) workspaces(seq *yaml.Node) {
	if seq.Kind != yaml.SequenceNode {
		v.addf(seq, "allowed_workspaces must be a list of `- name: WORKSPACE`, not %s", describe(seq))
		return
	}
	seen := map[string]bool{}
	for _, item := range seq.Content {
		item = deref(item)
		if item.Kind != yaml.MappingNode || len(item.Content) != 2 || item.Content[0].Value != keyName {
			v.addf(item, "a workspace entry must be exactly `- name: WORKSPACE`, not %s", describe(item))
			continue
		}
		name := deref(item.Content[1])
		if !isString(name) {
			v.addf(name, "workspace name must be a string, not %s (quote it)", describe(name))
			continue
		}
		if err := ValidateWorkspaceName(name.Value); err != nil {
			v.addf(name, "%v", err)
		}
		if seen[name.Value] {
			v.addf(name, "workspace %q is listed twice", name.Value)
		}
		seen[name.Value] = true
	}
}

// boolean checks that a value is true or false as the server reads it.
func (v *validator) boolean(key string, val *yaml.Node) {
	if val.Kind != yaml.ScalarNode || pyType(val) != typeBool {
		v.addf(val, "%s must be true or false, not %s", key, describe(val))
	}
}

// stringList checks a list of strings.
func (v *validator) stringList(key string, val *yaml.Node) {
	if !isStringList(val) {
		v.addf(val, "%s must be a list of strings, not %s", key, describe(val))
	}
}

// builtinTags are the tags PyYAML's safe_load can construct; any other
// explicit tag (such as !!python/object) makes it fail.
var builtinTags = []string{"!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp",
	"!!binary", "!!map", "!!seq", "!!omap", "!!pairs", "!!set", "!!merge", "!!value"}

// tags reports explicit tags safe_load refuses, anywhere in the document.
func (v *validator) tags(n *yaml.Node, depth int) {
	if depth > 10000 {
		return
	}
	if n.Style&yaml.TaggedStyle != 0 && !slices.Contains(builtinTags, n.ShortTag()) {
		v.addf(n, "tag %s cannot be read by the server", n.Tag)
	}
	for _, c := range n.Content {
		v.tags(c, depth+1)
	}
}

// isString reports whether n is a string for the server.
func isString(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && pyType(n) == typeStr
}

// isStringList reports whether n is a list of strings.
func isStringList(n *yaml.Node) bool {
	if n.Kind != yaml.SequenceNode {
		return false
	}
	for _, item := range n.Content {
		if !isString(deref(item)) {
			return false
		}
	}
	return true
}

// describe names what a node is, for messages ("null", "a mapping", "the int 3").
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		t := pyType(n)
		if t == typeNull {
			return "null (empty)"
		}
		return fmt.Sprintf("the %s %q", t, truncate(n.Value, 40))
	}
	return "an alias"
}

// truncate shortens s for a message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// Warnings lists things in a file that are accepted but probably not meant:
// unknown top-level keys (ignored since v2.7, fatal before), `enabled` (ignored
// since v2.7), and client credentials written in the file (the Space supplies
// them; a file in the Space repo is readable by whoever can read the repo).
// It returns nil when data cannot be parsed: Validate reports that.
func Warnings(data []byte) []string {
	doc, problem := decodeDocument(data)
	if problem != nil {
		return nil
	}
	root := deref(doc.Content[0])
	var found []Problem
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		switch {
		case k.Value == keyEnabled:
			found = append(found, Problem{k.Line, "`enabled` is ignored by Argilla v2.7 and later; " +
				"OAuth is off only with `providers: []`"})
		case !slices.Contains(knownTopKeys, k.Value):
			found = append(found, Problem{k.Line, fmt.Sprintf("unknown key %q is ignored by Argilla v2.7 "+
				"and later and stops servers before v2.7", k.Value)})
		}
	}
	if p := lookup(root, keyProviders); p != nil && p.Kind == yaml.SequenceNode {
		for _, item := range p.Content {
			item = deref(item)
			for _, key := range []string{"client_id", "client_secret"} {
				if i := keyIndex(item, key); i >= 0 && item.Kind == yaml.MappingNode {
					found = append(found, Problem{item.Content[i].Line, key +
						" is in the file; on a Space leave it out (the Space provides it)"})
				}
			}
		}
	}
	slices.SortStableFunc(found, func(a, b Problem) int { return a.Line - b.Line })
	var out []string
	for _, p := range found {
		out = append(out, p.String())
	}
	return out
}
