package oauthcfg

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// offComment is written above `providers: []` by Disable (and by the
// template's OAuth-off file) and removed again by Enable.
const offComment = "# OAuth is off: nobody can sign in with Hugging Face.\n" +
	"# The owner signs in with the USERNAME and PASSWORD secrets of the Space."

// defaultProvider is the provider the template Space uses.
const defaultProvider = "huggingface"

// Allow appends each name that is not yet an allowed workspace, in order, and
// reports whether the file changed. Names must pass ValidateWorkspaceName.
// It fails, changing nothing, when allowed_workspaces is not a list.
func (f *File) Allow(names ...string) (changed bool, err error) {
	for _, name := range names {
		if err := ValidateWorkspaceName(name); err != nil {
			return false, err
		}
	}
	key, seq, err := f.workspaceList(true)
	if err != nil {
		return false, err
	}
	present := entryNames(seq)
	for _, name := range names {
		if slices.Contains(present, name) {
			continue
		}
		if len(seq.Content) == 0 {
			toBlock(key, seq) // `[]` becomes a block list, as in the template
		}
		seq.Content = append(seq.Content, nameEntry(name))
		present = append(present, name)
		changed = true
	}
	return changed, nil
}

// Disallow removes the named workspaces and reports whether the file changed,
// and which names were not allowed in the first place (in argument order). It
// fails, changing nothing, when allowed_workspaces is not a list.
func (f *File) Disallow(names ...string) (changed bool, absent []string, err error) {
	_, seq, err := f.workspaceList(false)
	if err != nil {
		return false, nil, err
	}
	present := entryNames(seq)
	for _, name := range names {
		if !slices.Contains(present, name) && !slices.Contains(absent, name) {
			absent = append(absent, name)
		}
	}
	if seq == nil {
		return false, absent, nil
	}
	kept := seq.Content[:0:0]
	for _, item := range seq.Content {
		if name, ok := entryName(item); ok && slices.Contains(names, name) {
			changed = true
			continue
		}
		kept = append(kept, item)
	}
	seq.Content = kept
	return changed, absent, nil
}

// workspaceList returns the allowed_workspaces key and list. With create, a
// missing key is appended and a null value replaced by an empty list; without
// it, the list is nil for both.
func (f *File) workspaceList(create bool) (key, seq *yaml.Node, err error) {
	root := f.root()
	i := keyIndex(root, keyAllowedWorkspaces)
	if i < 0 {
		if !create {
			return nil, nil, nil
		}
		key, seq = strNode(keyAllowedWorkspaces), emptyList(0)
		root.Content = append(root.Content, key, seq)
		return key, seq, nil
	}
	key, v := root.Content[i], deref(root.Content[i+1])
	switch {
	case v.Kind == yaml.SequenceNode:
		return key, v, nil
	case v.Kind == yaml.ScalarNode && pyType(v) == typeNull:
		if !create {
			return key, nil, nil
		}
		seq := emptyList(0)
		keepComments(seq, v)
		root.Content[i+1] = seq
		return key, seq, nil
	}
	return nil, nil, fmt.Errorf("oauth file line %d: allowed_workspaces is not a list; fix it by hand", v.Line)
}

// Enable turns sign-in with Hugging Face on: if providers is empty, missing
// or not a list it becomes [{name: huggingface}] (a non-empty list is kept as
// it is). It also removes `enabled: false`, which servers before v2.7 obey,
// and the "OAuth is off" comment Disable wrote.
func (f *File) Enable() (changed bool) {
	root := f.root()
	if i := keyIndex(root, keyEnabled); i >= 0 {
		if v := deref(root.Content[i+1]); v.Kind == yaml.ScalarNode && isFalse(v) {
			root.Content = slices.Delete(root.Content, i, i+2)
			changed = true
		}
	}
	if f.OAuthEnabled() {
		return changed
	}
	item := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map",
		Content: []*yaml.Node{strNode(keyName), strNode(defaultProvider)}}
	i := keyIndex(root, keyProviders)
	if i < 0 {
		seq := emptyList(0)
		seq.Content = []*yaml.Node{item}
		root.Content = slices.Insert(root.Content, 0, strNode(keyProviders), seq)
		return true
	}
	key := root.Content[i]
	key.HeadComment = removeComment(key.HeadComment, offComment)
	seq := emptyList(0)
	keepComments(seq, root.Content[i+1])
	toBlock(key, seq)
	seq.Content = []*yaml.Node{item}
	root.Content[i+1] = seq
	return true
}

// Disable turns provider sign-in off the v2.7+ way, `providers: []`, and
// with legacyEnabledKey also writes `enabled: false` for servers before v2.7.
// The file is kept (not renamed), because the Space's Dockerfile copies it.
func (f *File) Disable(legacyEnabledKey bool) (changed bool) {
	root := f.root()
	i := keyIndex(root, keyProviders)
	switch {
	case i < 0:
		key := strNode(keyProviders)
		key.HeadComment = offComment
		root.Content = slices.Insert(root.Content, 0, key, emptyList(yaml.FlowStyle))
		changed = true
	case !isEmptyList(deref(root.Content[i+1])):
		key := root.Content[i]
		if !strings.Contains(key.HeadComment, offComment) {
			key.HeadComment = joinComments(key.HeadComment, offComment)
		}
		seq := emptyList(yaml.FlowStyle)
		keepComments(seq, root.Content[i+1])
		root.Content[i+1] = seq
		changed = true
	}
	if !legacyEnabledKey {
		return changed
	}
	j := keyIndex(root, keyEnabled)
	if j < 0 {
		root.Content = slices.Insert(root.Content, 0, strNode(keyEnabled), falseNode())
		return true
	}
	if v := deref(root.Content[j+1]); v.Kind != yaml.ScalarNode || !isFalse(v) {
		n := falseNode()
		keepComments(n, v)
		root.Content[j+1] = n
		changed = true
	}
	return changed
}

// isEmptyList reports whether n is a list with no entries.
func isEmptyList(n *yaml.Node) bool {
	return n.Kind == yaml.SequenceNode && len(n.Content) == 0
}

// isFalse reports whether the scalar n is false for the server (YAML 1.1).
func isFalse(n *yaml.Node) bool {
	if pyType(n) != typeBool {
		return false
	}
	switch strings.ToLower(n.Value) {
	case "false", "no", "off":
		return true
	}
	return false
}

// nameEntry builds a list entry {name: NAME}.
func nameEntry(name string) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map",
		Content: []*yaml.Node{strNode(keyName), strNode(name)}}
}

// strNode builds a string scalar, double-quoted when the server or yaml/v3
// would otherwise read it as something else (a workspace called 123 or on).
func strNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if QuoteString(s) != s {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// falseNode builds the boolean false.
func falseNode() *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"}
}

// emptyList builds an empty list in the given style.
func emptyList(style yaml.Style) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: style}
}

// toBlock turns seq (the value of key) into a block list. yaml/v3 does not
// write the line comment of a block list, so it moves to the key's line.
func toBlock(key, seq *yaml.Node) {
	seq.Style &^= yaml.FlowStyle
	if seq.LineComment != "" && key.LineComment == "" {
		key.LineComment, seq.LineComment = seq.LineComment, ""
	}
}

// keepComments moves the comments of a replaced value onto its replacement.
func keepComments(to, from *yaml.Node) {
	to.HeadComment, to.LineComment, to.FootComment = from.HeadComment, from.LineComment, from.FootComment
}

// joinComments puts comment b after comment a.
func joinComments(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

// removeComment deletes the lines of comment c from the comment block s.
func removeComment(s, c string) string {
	s = strings.Replace(s, c, "", 1)
	s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	return strings.Trim(s, "\n")
}
