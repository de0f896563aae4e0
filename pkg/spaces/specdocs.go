package spaces

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"

	"go.yaml.in/yaml/v3"
)

// VisibilityRequired says why a new Space needs its visibility chosen: it is the user's decision, never
// a default. create and a spec that creates a Space give the same reason.
const VisibilityRequired = "who can see a new Space is your decision: a public Argilla with Sign in with Hugging Face lets anyone join it as an annotator"

// specDoc is one parsed document of a spec file and the YAML node it came from, for positions.
type specDoc struct {
	Spec Spec
	Node *yaml.Node // the document's top mapping
}

// Line is the line of the document's first key (its `space:` key when it has one).
func (d specDoc) Line() int {
	if v := d.key("space"); v != nil {
		return v.Line
	}
	return d.Node.Line
}

// key is the key node of a top-level key of the document, or nil.
func (d specDoc) key(name string) *yaml.Node {
	n := d.Node
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == name {
			return n.Content[i]
		}
	}
	return nil
}

// parseSpecDocs reads every non-empty YAML document of a spec file, strictly (unknown keys are errors
// that name their line), keeping each document's node. Two decoders walk the same documents in step:
// yaml's Node.Decode has no strict mode, so the strict one decodes the Spec and the other keeps positions.
func parseSpecDocs(data []byte) ([]specDoc, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	nodes := yaml.NewDecoder(bytes.NewReader(data))
	var out []specDoc
	for {
		var s Spec
		err := dec.Decode(&s)
		if errors.Is(err, io.EOF) {
			break
		}
		var doc yaml.Node
		if nodes.Decode(&doc) != nil {
			doc = yaml.Node{} // a syntax error, which dec reports with its line; or errors go without a column
		}
		if err != nil {
			return nil, fmt.Errorf("invalid spec: %w", specWords(err, &doc))
		}
		if reflect.ValueOf(s).IsZero() {
			continue // an empty document between separators (every field unset, whatever fields Spec grows)
		}
		if err := s.validate(func(path ...string) (int, int) { return posOf(&doc, path...) }); err != nil {
			return nil, err
		}
		top := &doc
		if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
			top = doc.Content[0]
		}
		out = append(out, specDoc{Spec: s, Node: top})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no spec found: the file needs at least `space: OWNER/NAME`")
	}
	return out, nil
}
