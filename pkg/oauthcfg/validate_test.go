package oauthcfg

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateAcceptsGoodFiles(t *testing.T) {
	for _, src := range []string{
		templateDefault,
		templateDisabled,
		"providers: []\n",
		"allowed_workspaces: []\n",
		"enabled: no\nallow_http_redirect: false\nextra_backends: [a.b.C]\nunknown: 1\n",
		"providers:\n  - name: github\n    client_id: x\n    client_secret: 'y'\n    scope: [openid, email]\n" +
			"    redirect_uri: /cb\n    sync_user: true\n  - name: keycloak\n    scope: openid profile\n" +
			"  - name: google-oauth2\nallowed_workspaces:\n  - name: argilla\n  - name: \"123\"\n  - name: a_b-1\n",
	} {
		if err := Validate([]byte(src)); err != nil {
			t.Errorf("Validate(%q) = %v", src, err)
		}
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []Problem // Msg holds a substring
	}{
		{"empty", "", []Problem{{0, "empty"}}},
		{"null doc", "null\n", []Problem{{1, "null"}}},
		{"top list", "[]\n", []Problem{{1, "top level must be a mapping"}}},
		{"bad yaml", "providers: [\n", []Problem{{1, "invalid YAML"}}},
		{"providers null", "providers:\n", []Problem{{1, "providers must be a list"}}},
		{"providers scalar", "providers: huggingface\n", []Problem{{1, "providers must be a list"}}},
		{"provider scalar", "providers:\n  - huggingface\n", []Problem{{2, "must be a mapping"}}},
		{"provider no name", "providers:\n  - scope: x\n", []Problem{{2, "needs a name"}}},
		{"provider int name", "providers:\n  - name: 3\n", []Problem{{2, "must be a string"}}},
		{"unknown provider", "providers:\n  - name: gitlab\n", []Problem{{2, `unknown provider "gitlab"`}}},
		{"unknown provider key", "providers:\n  - name: github\n    secret: x\n",
			[]Problem{{3, `unknown provider key "secret"`}}},
		{"sync_user string", "providers:\n  - name: github\n    sync_user: 'true'\n",
			[]Problem{{3, "sync_user must be true or false"}}},
		{"scope map", "providers:\n  - name: github\n    scope: {a: b}\n", []Problem{{3, "scope must be"}}},
		{"ws not list", "allowed_workspaces: argilla\n", []Problem{{1, "allowed_workspaces must be a list"}}},
		{"ws null", "allowed_workspaces: ~\n", []Problem{{1, "allowed_workspaces must be a list"}}},
		{"ws scalar entry", "allowed_workspaces:\n  - argilla\n", []Problem{{2, "exactly `- name: WORKSPACE`"}}},
		{"ws extra key", "allowed_workspaces:\n  - name: a\n    id: 1\n", []Problem{{2, "exactly"}}},
		{"ws other key", "allowed_workspaces:\n  - title: a\n", []Problem{{2, "exactly"}}},
		{"ws int", "allowed_workspaces:\n  - name: 123\n", []Problem{{2, "must be a string"}}},
		{"ws yaml11 bool", "allowed_workspaces:\n  - name: on\n", []Problem{{2, "must be a string"}}},
		{"ws date", "allowed_workspaces:\n  - name: 2024-01-01\n", []Problem{{2, "must be a string"}}},
		{"ws empty", "allowed_workspaces:\n  - name: ''\n", []Problem{{2, "empty"}}},
		{"ws upper", "allowed_workspaces:\n  - name: Team\n", []Problem{{2, `"Team"`}}},
		{"ws leading dash", "allowed_workspaces:\n  - name: '-a'\n", []Problem{{2, "not starting with"}}},
		{"ws duplicate", "allowed_workspaces:\n  - name: a\n  - name: a\n", []Problem{{3, "listed twice"}}},
		{"redirect not bool", "allow_http_redirect: 1\n", []Problem{{1, "allow_http_redirect must be true or false"}}},
		{"enabled not bool", "enabled: 'false'\n", []Problem{{1, "enabled must be true or false"}}},
		{"extra_backends", "extra_backends: a.b\n", []Problem{{1, "extra_backends must be a list of strings"}}},
		{"duplicate key", "providers: []\nproviders: []\n", []Problem{{2, "appears twice"}}},
		{"python tag", "providers: []\nx: !!python/object:os.system {}\n", []Problem{{2, "cannot be read"}}},
		{"several", "providers:\n  - name: gitlab\nallowed_workspaces:\n  - name: A\n  - b\nenabled: maybe\n",
			[]Problem{{2, "unknown provider"}, {4, `"A"`}, {5, "exactly"}, {6, "enabled must be"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate([]byte(tc.src))
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want *ValidationError", err)
			}
			if len(ve.Problems) != len(tc.want) {
				t.Fatalf("problems = %v, want %d", ve.Problems, len(tc.want))
			}
			for i, w := range tc.want {
				if p := ve.Problems[i]; p.Line != w.Line || !strings.Contains(p.Msg, w.Msg) {
					t.Errorf("problem %d = %v, want line %d with %q", i, p, w.Line, w.Msg)
				}
			}
		})
	}
}

func TestValidationErrorMessageListsLines(t *testing.T) {
	err := Validate([]byte("providers:\n  - name: gitlab\nallowed_workspaces:\n  - b\n"))
	msg := err.Error()
	if !strings.Contains(msg, "2 problems") || !strings.Contains(msg, "line 2: unknown provider") ||
		!strings.Contains(msg, "line 4: a workspace entry") {
		t.Errorf("message = %q", msg)
	}
}

func TestWarnings(t *testing.T) {
	got := Warnings([]byte("enabled: false\nproviders:\n  - name: huggingface\n    client_secret: s\n" +
		"allowed_workspace:\n  - name: a\n"))
	want := []string{"line 1: `enabled` is ignored", "line 4: client_secret is in the file",
		`line 5: unknown key "allowed_workspace"`}
	if len(got) != len(want) {
		t.Fatalf("Warnings = %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
	for _, w := range got {
		if strings.Contains(w, ": s") || strings.HasSuffix(w, " s") {
			t.Errorf("warning leaks the secret value: %q", w)
		}
	}
	if got := Warnings([]byte(templateDefault)); got != nil {
		t.Errorf("Warnings(template) = %q", got)
	}
	if got := Warnings([]byte("providers: [\n")); got != nil {
		t.Errorf("Warnings(bad yaml) = %q", got)
	}
}

func TestValidateWorkspaceName(t *testing.T) {
	for _, ok := range []string{"argilla", "community-initiative", "a", "0", "a_b", "team-1", "1-x"} {
		if err := ValidateWorkspaceName(ok); err != nil {
			t.Errorf("ValidateWorkspaceName(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "-a", "_a", "A", "a b", "a.b", "a/b", "é", "a\n"} {
		if err := ValidateWorkspaceName(bad); !errors.Is(err, ErrInvalidWorkspaceName) {
			t.Errorf("ValidateWorkspaceName(%q) = %v, want ErrInvalidWorkspaceName", bad, err)
		}
	}
}

func TestQuoteString(t *testing.T) {
	for in, want := range map[string]string{
		"argilla": "argilla", "acme/argilla": "acme/argilla", "cpu-basic": "cpu-basic", "2h": "2h",
		"never": "never", "v2.8.0": "v2.8.0",
		"123": `"123"`, "yes": `"yes"`, "On": `"On"`, "y": `"y"`, "null": `"null"`, "": `""`,
		"1e3": `"1e3"`, "0o17": `"0o17"`, "0b1_0": `"0b1_0"`, "2024-01-01": `"2024-01-01"`, ".5": `".5"`,
		"a b": `"a b"`, "${X}": `"${X}"`, "a: b": `"a: b"`, "#x": `"#x"`, "line\nbreak": `"line\nbreak"`,
	} {
		if got := QuoteString(in); got != want {
			t.Errorf("QuoteString(%q) = %s, want %s", in, got, want)
		}
	}
}
