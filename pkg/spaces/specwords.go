package spaces

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The YAML decoder's words for a spec's mistakes name Go types ("field hardwre not found in type
// spaces.Spec", "cannot unmarshal !!seq into string"); a person wrote YAML. specWords says the same in
// the file's terms: the key's line and column, the nearest known key, the kind of value expected.
var (
	unknownFieldRe = regexp.MustCompile(`^line (\d+): field (.+) not found in type \S+\.(\w+)$`)
	goTypeRe       = regexp.MustCompile(`(?:into|in type) \S+`)
	wrongKindRe    = regexp.MustCompile(`^line (\d+): cannot unmarshal (\S+)(?: ` + "`" + `(.*)` + "`" + `)? into (.+)$`)
)

// specKeys are the keys each part of a spec takes, from the yaml tags the decoder reads.
func specKeys(typeName string) []string {
	var t reflect.Type
	switch typeName {
	case "Spec":
		t = reflect.TypeOf(Spec{})
	case "StorageSpec":
		t = reflect.TypeOf(StorageSpec{})
	case "OwnerSpec":
		t = reflect.TypeOf(OwnerSpec{})
	case "OAuthSpec":
		t = reflect.TypeOf(OAuthSpec{})
	default:
		return nil
	}
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}

// specWords rewrites a decoding error of a spec document in the file's terms; other errors pass.
func specWords(err error, doc *yaml.Node) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	lines := make([]string, 0, len(te.Errors))
	for _, e := range te.Errors {
		lines = append(lines, specWord(e, doc))
	}
	return errors.New(strings.Join(lines, "\n  "))
}

func specWord(e string, doc *yaml.Node) string {
	if m := unknownFieldRe.FindStringSubmatch(e); m != nil {
		line, _ := strconv.Atoi(m[1])
		known := specKeys(m[3])
		msg := fmt.Sprintf("%s: unknown key `%s`", position(doc, line, m[2]), m[2])
		if near := nearest(m[2], known); near != "" {
			msg += fmt.Sprintf(": did you mean `%s`?", near)
		}
		return msg + " (known here: " + strings.Join(known, ", ") + ")"
	}
	if m := wrongKindRe.FindStringSubmatch(e); m != nil {
		line, _ := strconv.Atoi(m[1])
		found := map[string]string{"!!seq": "a list", "!!map": "a mapping", "!!str": "text", "!!int": "a number",
			"!!float": "a number", "!!bool": "true or false", "!!null": "nothing"}[m[2]]
		if found == "" {
			found = "a value"
		}
		if m[3] != "" {
			found += " (" + m[3] + ")"
		}
		want := map[string]string{"string": "text", "[]string": "a list", "bool": "true or false", "*bool": "true or false"}[m[4]]
		if want == "" {
			want = "a mapping"
		}
		where := fmt.Sprintf("line %d", line)
		if k, v := findValue(doc, line); v != nil {
			where = fmt.Sprintf("%s (line %d, column %d)", k.Value, v.Line, v.Column)
		}
		return fmt.Sprintf("%s: expected %s, found %s", where, want, found)
	}
	return strings.ReplaceAll(goTypeRe.ReplaceAllString(e, "here"), "unmarshal", "read") // never Go's words
}

// position is "line L, column C" of key on line in doc, or "line L" when it is not found.
func position(doc *yaml.Node, line int, key string) string {
	if n := findKey(doc, line, key); n != nil {
		return fmt.Sprintf("line %d, column %d", n.Line, n.Column)
	}
	return fmt.Sprintf("line %d", line)
}

func findKey(n *yaml.Node, line int, key string) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Line == line && k.Value == key {
				return k
			}
		}
	}
	for _, c := range n.Content {
		if f := findKey(c, line, key); f != nil {
			return f
		}
	}
	return nil
}

// findValue is the key and value of the first mapping entry of doc written on line (key and value).
func findValue(n *yaml.Node, line int) (key, value *yaml.Node) {
	if n == nil {
		return nil, nil
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k, v := n.Content[i], n.Content[i+1]; k.Line == line && v.Line == line {
				return k, v
			}
		}
	}
	for _, c := range n.Content {
		if k, v := findValue(c, line); v != nil {
			return k, v
		}
	}
	return nil, nil
}

// nearest is the known key closest to typed (case aside), when it is close enough to be a typo.
func nearest(typed string, known []string) string {
	best, bestD := "", max(2, len(typed)/3+1) // a typo, not another word
	for _, k := range known {
		if d := editDistance(strings.ToLower(typed), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
