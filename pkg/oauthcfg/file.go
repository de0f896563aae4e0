package oauthcfg

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"sync"

	"go.yaml.in/yaml/v3"
)

// File is a parsed OAuth file. It keeps the whole YAML document (comments, key
// order, keys it does not know) so that an edit changes only what it must.
type File struct {
	doc *yaml.Node // the DocumentNode; doc.Content[0] is the top-level mapping
	src []byte     // the parsed text, used by Bytes to restore blank lines
}

// Parse reads an OAuth file. It fails, with line numbers, on a YAML syntax
// error, on more than one document, on an empty or null document and when the
// top level is not a mapping (all of which stop the server). It does not apply
// the other rules: use Validate for those.
func Parse(data []byte) (*File, error) {
	doc, problem := decodeDocument(data)
	if problem != nil {
		return nil, &ValidationError{Problems: []Problem{*problem}}
	}
	return &File{doc: doc, src: bytes.Clone(data)}, nil
}

// decodeDocument returns the single document of data with a mapping at the top.
func decodeDocument(data []byte) (*yaml.Node, *Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Problem{Msg: "the file is empty; the server cannot start with an empty OAuth file"}
		}
		return nil, syntaxProblem(err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		line := next.Line
		if len(next.Content) > 0 {
			line = next.Content[0].Line
		}
		return nil, &Problem{Line: line, Msg: "more than one YAML document; the server reads exactly one"}
	case !errors.Is(err, io.EOF):
		return nil, syntaxProblem(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, &Problem{Msg: "the file is empty; the server cannot start with an empty OAuth file"}
	}
	root := doc.Content[0]
	if root.Kind == yaml.AliasNode {
		root = root.Alias
	}
	if root.Kind == yaml.ScalarNode && pyType(root) == typeNull {
		return nil, &Problem{Line: root.Line, Msg: "the document is null; the server cannot start with it"}
	}
	if root.Kind != yaml.MappingNode {
		return nil, &Problem{Line: root.Line, Msg: "the top level must be a mapping (providers:, allowed_workspaces:)"}
	}
	return &doc, nil
}

// yamlLine finds the line number in a yaml/v3 error message.
var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

// syntaxProblem turns a yaml/v3 decode error into a Problem with its line.
func syntaxProblem(err error) *Problem {
	msg := err.Error()
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Problem{Line: line, Msg: "invalid YAML: " + m[2]}
	}
	return &Problem{Msg: "invalid YAML: " + msg}
}

// root returns the top-level mapping (Parse guarantees there is one).
func (f *File) root() *yaml.Node {
	r := f.doc.Content[0]
	if r.Kind == yaml.AliasNode {
		return r.Alias
	}
	return r
}

// lookup returns the value of key in mapping m (the first one if repeated),
// following an alias, or nil.
func lookup(m *yaml.Node, key string) *yaml.Node {
	if i := keyIndex(m, key); i >= 0 {
		return deref(m.Content[i+1])
	}
	return nil
}

// keyIndex returns the index in m.Content of key's key node, or -1.
func keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return i
		}
	}
	return -1
}

// deref follows an alias to its anchored node.
func deref(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}
