package oauthcfg

import "go.yaml.in/yaml/v3"

// Top-level keys the server knows (reference §2.2).
const (
	keyProviders         = "providers"
	keyAllowedWorkspaces = "allowed_workspaces"
	keyEnabled           = "enabled"
	keyAllowHTTPRedirect = "allow_http_redirect"
	keyExtraBackends     = "extra_backends"
	keyName              = "name"
)

// Providers returns the provider names in file order, skipping malformed
// entries (Validate reports those).
func (f *File) Providers() []string {
	return entryNames(lookup(f.root(), keyProviders))
}

// Workspaces returns the allowed workspace names in file order, skipping
// malformed entries (Validate reports those).
func (f *File) Workspaces() []string {
	return entryNames(lookup(f.root(), keyAllowedWorkspaces))
}

// OAuthEnabled reports whether sign-in through a provider is on: providers is
// a non-empty list. Servers since v2.7 ignore `enabled`, so this does too.
func (f *File) OAuthEnabled() bool {
	p := lookup(f.root(), keyProviders)
	return p != nil && p.Kind == yaml.SequenceNode && len(p.Content) > 0
}

// entryNames returns the string `name` of each mapping in the list seq.
func entryNames(seq *yaml.Node) []string {
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return nil
	}
	var names []string
	for _, item := range seq.Content {
		if name, ok := entryName(item); ok {
			names = append(names, name)
		}
	}
	return names
}

// entryName returns the `name` of a list entry {name: ...} if it is a string.
func entryName(item *yaml.Node) (string, bool) {
	item = deref(item)
	if item.Kind != yaml.MappingNode {
		return "", false
	}
	v := lookup(item, keyName)
	if v == nil || v.Kind != yaml.ScalarNode || pyType(v) != typeStr {
		return "", false
	}
	return v.Value, true
}
