package oauthcfg

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fuzzSeeds are OAuth files, good and bad, shared by the fuzz tests.
var fuzzSeeds = []string{
	templateDefault,
	templateDisabled,
	"",
	"~\n",
	"providers:\n",
	"providers: [{name: github, scope: [a]}]\nallowed_workspaces: [{name: a}, {name: '1'}]\n",
	"a: &x [1]\nb: *x\nproviders: *x\n",
	"# c\n\n\nproviders: [] # off\n# foot\n\nallowed_workspaces:\n  # i\n  - name: a # x\n",
	"note: |\n  one\n\n  two\nallowed_workspaces: ~\n",
	"providers: [\n",
	"- a\n- b\n",
	"x: !!python/object:os.system {}\n",
	"a: 1\n---\nb: 2\n",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, err := Parse([]byte(src))
		if err != nil {
			return
		}
		providers, workspaces := file.Providers(), file.Workspaces()
		out, err := file.Bytes()
		if err != nil {
			t.Fatalf("Bytes failed on a parsed file: %v", err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("Bytes output does not parse: %v\n%q", err, out)
		}
		if !slices.Equal(again.Providers(), providers) || !slices.Equal(again.Workspaces(), workspaces) {
			t.Fatalf("round trip changed the data: %q %q -> %q %q",
				providers, workspaces, again.Providers(), again.Workspaces())
		}
		// An edit must survive encoding as well.
		if _, err := again.Allow("fuzz-ws"); err != nil {
			return
		}
		out, err = again.Bytes()
		if err != nil {
			t.Fatalf("Bytes after Allow: %v", err)
		}
		edited, err := Parse(out)
		if err != nil || !slices.Contains(edited.Workspaces(), "fuzz-ws") {
			t.Fatalf("Allow did not survive encoding: %v\n%q", err, out)
		}
	})
}

func FuzzValidate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		err := Validate([]byte(src))
		_ = Warnings([]byte(src))
		if err != nil {
			if ve, ok := err.(*ValidationError); !ok || len(ve.Problems) == 0 {
				t.Fatalf("Validate returned %T %v, want a non-empty *ValidationError", err, err)
			}
			return
		}
		// A valid file parses, and its workspaces are valid, distinct names.
		file, perr := Parse([]byte(src))
		if perr != nil {
			t.Fatalf("Validate accepted what Parse refuses: %v", perr)
		}
		ws := file.Workspaces()
		for i, name := range ws {
			if ValidateWorkspaceName(name) != nil || slices.Contains(ws[:i], name) {
				t.Fatalf("Validate accepted workspace %q in %q", name, ws)
			}
		}
	})
}

func FuzzValidateWorkspaceName(f *testing.F) {
	for _, s := range []string{"argilla", "community-initiative", "", "-a", "_a", "A", "123", "on", "0b1_0", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		// QuoteString must read back as the same string, for any valid UTF-8.
		if !utf8.ValidString(name) {
			return
		}
		var n yaml.Node
		if err := yaml.Unmarshal([]byte("k: "+QuoteString(name)), &n); err != nil {
			t.Fatalf("QuoteString(%q) = %s does not parse: %v", name, QuoteString(name), err)
		}
		if v := n.Content[0].Content[1]; v.Value != name || pyType(v) != typeStr {
			t.Fatalf("QuoteString(%q) = %s reads back as %s %q", name, QuoteString(name), pyType(v), v.Value)
		}
		if ValidateWorkspaceName(name) != nil {
			return
		}
		if name == "" || strings.IndexFunc(name, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_')
		}) >= 0 || name[0] == '-' || name[0] == '_' {
			t.Fatalf("ValidateWorkspaceName accepted %q", name)
		}
		// A valid name added to the template gives a valid file that reads it back.
		file, _ := Parse([]byte(templateDefault))
		if _, err := file.Allow(name); err != nil {
			t.Fatalf("Allow(%q): %v", name, err)
		}
		out, err := file.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if err := Validate(out); err != nil {
			t.Fatalf("Allow(%q) produced an invalid file: %v\n%s", name, err, out)
		}
		if again, _ := Parse(out); !slices.Contains(again.Workspaces(), name) {
			t.Fatalf("workspace %q lost:\n%s", name, out)
		}
	})
}
