package oauthcfg

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// templateDefault is the template Space's `.oauth.yaml` (reference §1.2).
const templateDefault = "# Change to `true` to enable HF auth integration\n" +
	"# enabled: false\n" +
	"\n" +
	"providers:\n" +
	"  - name: huggingface\n" +
	"\n" +
	"# Allowed workspaces must exists\n" +
	"allowed_workspaces:\n" +
	"  - name: argilla\n"

// templateDisabled is templateDefault after Disable(false).
const templateDisabled = "# Change to `true` to enable HF auth integration\n" +
	"# enabled: false\n" +
	"\n" +
	"# OAuth is off: nobody can sign in with Hugging Face.\n" +
	"# The owner signs in with the USERNAME and PASSWORD secrets of the Space.\n" +
	"providers: []\n" +
	"\n" +
	"# Allowed workspaces must exists\n" +
	"allowed_workspaces:\n" +
	"  - name: argilla\n"

func mustParse(t *testing.T, s string) *File {
	t.Helper()
	f, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

func mustBytes(t *testing.T, f *File) string {
	t.Helper()
	b, err := f.Bytes()
	if err != nil {
		t.Fatalf("Bytes: %v", err)
	}
	return string(b)
}

func TestRoundTripIsByteIdentical(t *testing.T) {
	for name, src := range map[string]string{
		"template":  templateDefault,
		"disabled":  templateDisabled,
		"no blanks": "providers:\n  - name: huggingface\nallowed_workspaces:\n  - name: argilla\n",
		"comments": "# top\n\n\nproviders: [] # off\n# foot of providers\n\n# head of ws\n" +
			"allowed_workspaces:\n  # first\n  - name: argilla # the default\n\n  - name: b\nextra: 1\n",
		"flow entry": "providers:\n  - {name: github, scope: [a, b]}\nallowed_workspaces: []\n",
		"block scalar": "providers: []\nnote: |\n  line one\n\n  line three\nallowed_workspaces:\n" +
			"  - name: argilla\n",
	} {
		t.Run(name, func(t *testing.T) {
			if got := mustBytes(t, mustParse(t, src)); got != src {
				t.Errorf("round trip changed the file:\n got %q\nwant %q", got, src)
			}
		})
	}
}

func TestBytesReindentsToTwoSpaces(t *testing.T) {
	f := mustParse(t, "providers:\n    -   name: huggingface\nallowed_workspaces:\n- name: argilla\n")
	want := "providers:\n  - name: huggingface\nallowed_workspaces:\n  - name: argilla\n"
	if got := mustBytes(t, f); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, msg string
		line           int
	}{
		{"empty", "", "empty", 0},
		{"only comments", "# nothing\n", "empty", 0},
		{"null", "~\n", "null", 1},
		{"list", "- name: a\n", "top level must be a mapping", 1},
		{"scalar", "\n\nhello\n", "top level must be a mapping", 3},
		{"syntax", "providers:\n  - name: a\n b: [\n", "invalid YAML", 2},
		{"two docs", "providers: []\n---\nproviders: []\n", "more than one YAML document", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) != 1 {
				t.Fatalf("err = %v, want one *ValidationError problem", err)
			}
			p := ve.Problems[0]
			if !strings.Contains(p.Msg, tc.msg) || p.Line != tc.line {
				t.Errorf("problem = %+v, want line %d and %q", p, tc.line, tc.msg)
			}
		})
	}
}

func TestReaders(t *testing.T) {
	f := mustParse(t, templateDefault)
	if got := f.Providers(); !slices.Equal(got, []string{"huggingface"}) {
		t.Errorf("Providers = %q", got)
	}
	if got := f.Workspaces(); !slices.Equal(got, []string{"argilla"}) {
		t.Errorf("Workspaces = %q", got)
	}
	if !f.OAuthEnabled() {
		t.Error("OAuthEnabled = false for the template")
	}

	// `enabled: false` is ignored since v2.7, so providers decide; malformed
	// entries and non-string names are skipped.
	f = mustParse(t, "enabled: false\nproviders:\n  - name: github\n  - oops\n"+
		"allowed_workspaces:\n  - name: a\n  - name: 12\n  - {name: '12'}\n  - [x]\n")
	if !f.OAuthEnabled() {
		t.Error("OAuthEnabled = false with a provider and enabled: false")
	}
	if got := f.Providers(); !slices.Equal(got, []string{"github"}) {
		t.Errorf("Providers = %q", got)
	}
	if got := f.Workspaces(); !slices.Equal(got, []string{"a", "12"}) {
		t.Errorf("Workspaces = %q", got)
	}
	for _, src := range []string{"providers: []\n", "allowed_workspaces: []\n", "providers: huggingface\n"} {
		if mustParse(t, src).OAuthEnabled() {
			t.Errorf("OAuthEnabled = true for %q", src)
		}
	}
}
