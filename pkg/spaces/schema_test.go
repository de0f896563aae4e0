package spaces

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestSchemaShape(t *testing.T) {
	s := Schema()
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" || s["additionalProperties"] != false {
		t.Errorf("top: $schema %v, additionalProperties %v", s["$schema"], s["additionalProperties"])
	}
	if !reflect.DeepEqual(s["required"], []string{"space"}) {
		t.Errorf("required = %v, want [space]", s["required"])
	}
	var top []string
	for k := range s["properties"].(map[string]any) {
		top = append(top, k)
	}
	sort.Strings(top)
	want := []string{"argillaVersion", "env", "hardware", "oauth", "owner", "secrets", "sleepTime", "space", "storage", "variables", "visibility"}
	if !reflect.DeepEqual(top, want) {
		t.Errorf("properties = %v, want %v", top, want)
	}
	storage := schemaProp(t, s, "storage")
	if !reflect.DeepEqual(storage["required"], []string{"type"}) || storage["additionalProperties"] != false {
		t.Errorf("storage: %v", storage)
	}
	if got := schemaProp(t, storage, "type")["enum"]; !reflect.DeepEqual(got, []string{"bucket", "ephemeral", "small", "medium", "large"}) {
		t.Errorf("storage.type enum = %v", got)
	}
	if got := schemaProp(t, s, "visibility")["enum"]; !reflect.DeepEqual(got, []string{"public", "private", "protected"}) {
		t.Errorf("visibility enum = %v", got)
	}
	if _, ok := schemaProp(t, schemaProp(t, s, "oauth"), "content")["type"]; ok {
		t.Error("oauth.content is yaml:\"-\" and must not be in the schema")
	}
	b, err := SchemaJSON()
	if err != nil || !json.Valid(b) || !strings.HasSuffix(string(b), "}\n") {
		t.Fatalf("SchemaJSON: %v", err)
	}
}

func schemaProp(t *testing.T, s map[string]any, name string) map[string]any {
	t.Helper()
	p, _ := s["properties"].(map[string]any)[name].(map[string]any)
	if p == nil {
		return map[string]any{}
	}
	return p
}

// TestSchemaDescribesEveryField: every field has a description, and every note names a real path
// (a renamed field would otherwise lose its notes silently).
func TestSchemaDescribesEveryField(t *testing.T) {
	used := map[string]bool{}
	var walk func(path string, s map[string]any)
	walk = func(path string, s map[string]any) {
		if path != "" {
			used[path] = true
			if d, _ := s["description"].(string); d == "" {
				t.Errorf("%s has no description", path)
			}
		}
		if props, ok := s["properties"].(map[string]any); ok {
			for k, v := range props {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, v.(map[string]any))
			}
		}
		if items, ok := s["items"].(map[string]any); ok {
			walk(path+"[]", items)
		}
		if ap, ok := s["additionalProperties"].(map[string]any); ok {
			walk(path+".*", ap)
		}
	}
	walk("", Schema())
	for p := range schemaNotes {
		if !used[p] {
			t.Errorf("schemaNotes[%q] names no field", p)
		}
	}
}

// TestSchemaAgreesWithParser: documents the parser accepts are valid against the schema, and the
// ones it refuses for a reason a schema can express are invalid, checked with a small validator of
// the keywords the schema uses.
func TestSchemaAgreesWithParser(t *testing.T) {
	cases := []struct {
		name, doc string
		ok        bool
	}{
		{"issue example", schemaIssueExample, true},
		{"minimal", "space: acme/argilla\n", true},
		{"sleep seconds", "space: acme/a\nhardware: cpu-upgrade\nsleepTime: 3600\n", true},
		{"legacy tier", "space: acme/a\nstorage:\n  type: small\n", true},
		{"unknown key", "space: acme/a\ncolour: red\n", false},
		{"unknown nested key", "space: acme/a\nowner:\n  name: x\n", false},
		{"no space", "visibility: private\n", false},
		{"bad visibility", "space: acme/a\nvisibility: secret\n", false},
		{"bad storage", "space: acme/a\nstorage:\n  type: disk\n", false},
		{"storage without type", "space: acme/a\nstorage:\n  bucket: acme/b\n", false},
		{"literal secret", "space: acme/a\nsecrets:\n  HF_TOKEN: hf_abc\n", false},
		{"literal password", "space: acme/a\nowner:\n  password: hunter22\n", false},
		{"bad key", "space: acme/a\nvariables:\n  1X: a\n", false},
		{"bad sleep", "space: acme/a\nsleepTime: soon\n", false},
		{"id without owner", "space: argilla\n", false},
		{"list for a string", "space: acme/a\nhardware: [a]\n", false},
		{"env list", "space: acme/a\nenv: [BUILD, HF_TOKEN]\nvariables:\n  B: ${BUILD}\nsecrets:\n  T: ${HF_TOKEN}\n", true},
		{"bad env name", "space: acme/a\nenv: [BUILD-ID]\n", false},
	}
	schema := Schema()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, perr := ParseSpecs([]byte(tc.doc))
			if (perr == nil) != tc.ok {
				t.Fatalf("parser: %v, want ok=%v", perr, tc.ok)
			}
			var doc any
			if err := yaml.Unmarshal([]byte(tc.doc), &doc); err != nil {
				t.Fatal(err)
			}
			errs := schemaValidate(schema, doc, "")
			if (len(errs) == 0) != tc.ok {
				t.Errorf("schema: %v, want ok=%v", errs, tc.ok)
			}
		})
	}
}

const schemaIssueExample = `space: acme/argilla          # OWNER/NAME
visibility: private          # public | private | protected
hardware: cpu-upgrade
sleepTime: never             # or a duration like 2h
storage:
  type: bucket               # bucket (optional bucket: ns/name) | ephemeral | small | medium | large
owner:
  username: alice
  password: ${ARGILLA_PASSWORD}
  apiKey: ${ARGILLA_API_KEY}
variables:
  ARGILLA_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING: "false"
secrets:
  HF_TOKEN: ${HF_TOKEN}
env: [HF_TOKEN]                # copying the Hub token into the Space is opted into, visibly
oauth:
  enabled: true
  allowedWorkspaces: [argilla, community-initiative]
`

// validate checks v against the subset of JSON Schema that Schema uses.
func schemaValidate(s map[string]any, v any, at string) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	if t, ok := s["type"]; ok && !schemaTypeMatches(t, v) {
		fail("type %v, got %T", t, v)
		return errs
	}
	if enum, ok := s["enum"].([]string); ok {
		if str, _ := v.(string); !contains(enum, str) {
			fail("%v not in %v", v, enum)
		}
	}
	if p, ok := s["pattern"].(string); ok {
		if str, isStr := v.(string); isStr && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
	}
	if n, ok := s["minLength"].(int); ok {
		if str, isStr := v.(string); isStr && len(str) < n {
			fail("shorter than %d", n)
		}
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]string)
		for _, r := range req {
			if _, ok := x[r]; !ok {
				fail("missing %s", r)
			}
		}
		for k, val := range x {
			if pn, ok := s["propertyNames"].(map[string]any); ok {
				errs = append(errs, schemaValidate(pn, k, at+"."+k+"(name)")...)
			}
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, schemaValidate(ps, val, at+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					fail("unknown key %s", k)
				}
			case map[string]any:
				errs = append(errs, schemaValidate(ap, val, at+"."+k)...)
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, item := range x {
				errs = append(errs, schemaValidate(items, item, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

func schemaTypeMatches(t any, v any) bool {
	types, ok := t.([]string)
	if !ok {
		types = []string{t.(string)}
	}
	for _, ty := range types {
		switch v.(type) {
		case string:
			if ty == "string" {
				return true
			}
		case bool:
			if ty == "boolean" {
				return true
			}
		case int, int64, uint64:
			if ty == "integer" || ty == "number" {
				return true
			}
		case float64:
			if ty == "number" {
				return true
			}
		case map[string]any:
			if ty == "object" {
				return true
			}
		case []any:
			if ty == "array" {
				return true
			}
		}
	}
	return false
}
