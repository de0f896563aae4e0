package oauthcfg

import (
	"bytes"
	"errors"

	"go.yaml.in/yaml/v3"
)

// Bytes encodes the file with a 2-space indent and sequences indented under
// their key ("  - name: x"), as the template writes them, with its comments and
// blank lines. An unedited file of that style comes back byte for byte.
//
// The output is checked by parsing it again: it always holds the same data as
// the File. Where yaml/v3 cannot write a document faithfully, Bytes retries
// with empty nulls spelled `null`, then without blank lines, then without
// comments, and fails only if none of these holds the same data.
func (f *File) Bytes() ([]byte, error) {
	for _, v := range []struct {
		spellNulls, stripComments, blankLines bool
	}{
		{false, false, true}, {false, false, false},
		{true, false, true}, {true, false, false},
		{true, true, false},
	} {
		doc := f.doc
		if v.spellNulls || v.stripComments {
			doc = copyTree(f.doc, v.spellNulls, v.stripComments)
		}
		out, err := encode(doc)
		if err != nil {
			continue
		}
		if v.blankLines {
			out = restoreBlankLines(f.src, out)
		}
		if sameData(f.doc, out) {
			return out, nil
		}
	}
	return nil, errors.New("oauth file: cannot encode the document faithfully")
}

// encode writes doc with yaml/v3 at the template's indent.
func encode(doc *yaml.Node) (out []byte, err error) {
	defer func() {
		// yaml/v3's emitter panics on a few node shapes it cannot write.
		if r := recover(); r != nil {
			out, err = nil, errors.New("oauth file: yaml encoder failed")
		}
	}()
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sameData reports whether text parses to the same data as doc, comparing
// values, server-side (YAML 1.1) types, anchors and aliases, not comments.
func sameData(doc *yaml.Node, text []byte) bool {
	got, problem := decodeDocument(text)
	return problem == nil && sameNode(doc, got, 0)
}

// sameNode compares two trees; depth bounds recursion on hostile input.
func sameNode(a, b *yaml.Node, depth int) bool {
	if depth > 10000 || a.Kind != b.Kind || a.Anchor != b.Anchor || len(a.Content) != len(b.Content) {
		return false
	}
	switch a.Kind {
	case yaml.ScalarNode:
		if pyType(a) != pyType(b) || a.ShortTag() != b.ShortTag() {
			return false
		}
		if a.Value != b.Value && pyType(a) != typeNull { // `~`, `null` and `` are one value
			return false
		}
	case yaml.AliasNode:
		// Comparing the anchor name is enough: its target is compared where it is defined.
		return a.Value == b.Value
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i], depth+1) {
			return false
		}
	}
	return true
}

// copyTree returns a deep copy of n, optionally without comments and with
// empty nulls spelled `null` (yaml/v3 writes an empty null key, or an empty
// null in a flow mapping, as the string ”). Aliases point into the copy.
func copyTree(n *yaml.Node, spellNulls, stripComments bool) *yaml.Node {
	copies := map[*yaml.Node]*yaml.Node{}
	var walk func(*yaml.Node) *yaml.Node
	walk = func(n *yaml.Node) *yaml.Node {
		if c, ok := copies[n]; ok {
			return c
		}
		c := *n
		copies[n] = &c
		if stripComments {
			c.HeadComment, c.LineComment, c.FootComment = "", "", ""
		}
		if spellNulls && c.Kind == yaml.ScalarNode && c.Value == "" && c.ShortTag() == "!!null" {
			c.Value = "null"
		}
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, ch := range n.Content {
			c.Content[i] = walk(ch)
		}
		if n.Alias != nil {
			c.Alias = walk(n.Alias)
		}
		return &c
	}
	return walk(n)
}
