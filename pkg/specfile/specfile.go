// Package specfile keeps a spec file (argilla-space.yaml) true after a day-2 command changed the Space
// it describes: the fields the file already manages are updated in place, its comments, key order and
// other documents kept, as `go get` edits go.mod. A field the file leaves out is not managed, so it
// stays out.
package specfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// Update returns data with the document that describes space brought in line with change (the Spec a
// day-2 command applied), and the fields it updated. Nothing updated (no document for the Space, or
// nothing it manages changed) is data as it is and no fields. The result is parsed back as a spec:
// an edit the file's own rules would refuse is an error, and the caller leaves the file alone.
func Update(data []byte, space string, change spaces.Spec) ([]byte, []string, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	var updated []string
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return data, nil, err
		}
		if top := topMapping(&doc); top != nil && strings.EqualFold(scalar(top, "space"), space) {
			updated = append(updated, edit(top, change)...)
		}
		docs = append(docs, &doc)
	}
	if len(updated) == 0 {
		return data, nil, nil
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			return data, nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return data, nil, err
	}
	out := keepLines(data, b.Bytes())
	if _, err := spaces.ParseSpecs(out); err != nil {
		return data, nil, fmt.Errorf("the updated file would not be a valid spec: %w", err)
	}
	return out, updated, nil
}

// edit applies change to the fields the document manages and names those it changed.
func edit(top *yaml.Node, c spaces.Spec) []string {
	var done []string
	set := func(m *yaml.Node, key, path, v string) {
		if v != "" && setScalar(m, key, v, "!!str") {
			done = append(done, path)
		}
	}
	set(top, "visibility", "visibility", c.Visibility)
	set(top, "hardware", "hardware", c.Hardware)
	set(top, "sleepTime", "sleepTime", c.SleepTime)
	if st := mapping(top, "storage"); st != nil && c.Storage != nil {
		set(st, "type", "storage.type", c.Storage.Type)
		if c.Storage.Bucket != "" {
			set(st, "bucket", "storage.bucket", c.Storage.Bucket)
		} else if c.Storage.Type != spaces.StorageBucket && deleteKey(st, "bucket") {
			done = append(done, "storage.bucket")
		}
	}
	if vars := mapping(top, "variables"); vars != nil {
		for _, k := range sortedKeys(c.Variables) {
			if putKey(vars, k, c.Variables[k]) {
				done = append(done, "variables."+k)
			}
		}
		for _, k := range c.DeleteVariables {
			if deleteKey(vars, k) {
				done = append(done, "variables."+k)
			}
		}
	}
	if secrets := mapping(top, "secrets"); secrets != nil {
		// Key names only: a secret's value is never written, its reference names the variable of the
		// same name, and one already there (with the name the user chose) is kept.
		for _, k := range sortedKeys(c.Secrets) {
			if value(secrets, k) == nil && putKey(secrets, k, spaces.EnvRef(k)) {
				done = append(done, "secrets."+k)
			}
		}
		for _, k := range c.DeleteSecrets {
			if deleteKey(secrets, k) {
				done = append(done, "secrets."+k)
			}
		}
	}
	if o := mapping(top, "oauth"); o != nil && c.OAuth != nil {
		if c.OAuth.Enabled != nil && setScalar(o, "enabled", fmt.Sprint(*c.OAuth.Enabled), "!!bool") {
			done = append(done, "oauth.enabled")
		}
		if ws := value(o, "allowedWorkspaces"); ws != nil && ws.Kind == yaml.SequenceNode {
			if editList(ws, c.OAuth.Allow, c.OAuth.Disallow) {
				done = append(done, "oauth.allowedWorkspaces")
			}
		}
	}
	return done
}

func topMapping(doc *yaml.Node) *yaml.Node {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	return n
}

// value is the value node of key in mapping m, or nil.
func value(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func mapping(m *yaml.Node, key string) *yaml.Node {
	if v := value(m, key); v != nil && v.Kind == yaml.MappingNode {
		return v
	}
	return nil
}

func scalar(m *yaml.Node, key string) string {
	if v := value(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// setScalar changes the value of a key the mapping has (tag !!str or !!bool); a key it does not have
// is not managed.
func setScalar(m *yaml.Node, key, v, tag string) bool {
	n := value(m, key)
	if n == nil || n.Kind != yaml.ScalarNode || n.Value == v {
		return false
	}
	n.Value, n.Tag = v, tag
	if tag == "!!str" {
		n.Style = styleFor(v, n.Style)
	}
	return true
}

// styleFor keeps a quoted string quoted, and quotes one YAML would read as something else than that
// string (a number, a boolean, null).
func styleFor(v string, old yaml.Style) yaml.Style {
	if old&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return old
	}
	var probe any
	if yaml.Unmarshal([]byte(v), &probe) != nil {
		return yaml.DoubleQuotedStyle
	}
	if s, ok := probe.(string); !ok || s != v {
		return yaml.DoubleQuotedStyle
	}
	return 0
}

// putKey sets key to v in m, adding it at the end when it is not there.
func putKey(m *yaml.Node, key, v string) bool {
	if n := value(m, key); n != nil {
		return setScalar(m, key, v, "!!str")
	}
	if len(m.Content) == 0 {
		m.Style &^= yaml.FlowStyle // `secrets: {}` gains its first key as a block, as people write it
	}
	m.Content = append(m.Content,
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Style: styleFor(v, 0)})
	return true
}

func deleteKey(m *yaml.Node, key string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = slices.Delete(m.Content, i, i+2)
			return true
		}
	}
	return false
}

// editList adds the allowed names not in the sequence and removes the disallowed ones.
func editList(seq *yaml.Node, add, remove []string) bool {
	changed := false
	for _, w := range add {
		if !slices.ContainsFunc(seq.Content, func(n *yaml.Node) bool { return n.Value == w }) {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: w})
			changed = true
		}
	}
	for _, w := range remove {
		before := len(seq.Content)
		seq.Content = slices.DeleteFunc(seq.Content, func(n *yaml.Node) bool { return n.Value == w })
		changed = changed || len(seq.Content) != before
	}
	return changed
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

var commentGap = regexp.MustCompile(`\s+#`)

// keepLines gives back the original spelling of every line the encoder wrote unchanged but for the
// spaces before a comment (yaml re-aligns `key: value   # comment` to one space): only edited lines
// look different from before.
func keepLines(orig, encoded []byte) []byte {
	norm := func(l string) string { return commentGap.ReplaceAllString(strings.TrimRight(l, " \t"), " #") }
	pending := map[string][]string{}
	for _, l := range strings.Split(string(orig), "\n") {
		pending[norm(l)] = append(pending[norm(l)], l)
	}
	origLines := strings.Split(string(orig), "\n")
	lines := strings.Split(string(encoded), "\n")
	for i, l := range lines {
		if q := pending[norm(l)]; len(q) > 0 {
			lines[i], pending[norm(l)] = q[0], q[1:]
		} else {
			lines[i] = alignComment(l, origLines)
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// alignComment puts an edited line's comment back in the column it had: the original line is the one
// with the same key and the same comment.
func alignComment(l string, orig []string) string {
	key, _, ok := strings.Cut(l, ":")
	at := strings.Index(l, " #")
	if !ok || at < 0 {
		return l
	}
	body, comment := l[:at], l[at+1:]
	for _, o := range orig {
		okey, _, _ := strings.Cut(o, ":")
		gap := strings.Index(o, " #")
		if okey != key || gap < 0 || strings.TrimLeft(o[gap:], " ") != comment {
			continue
		}
		if hash := strings.Index(o[gap:], "#") + gap; len(body) < hash {
			return body + strings.Repeat(" ", hash-len(body)) + comment
		}
	}
	return l
}
