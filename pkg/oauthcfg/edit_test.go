package oauthcfg

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestAllowOnTemplateAddsOneLine(t *testing.T) {
	f := mustParse(t, templateDefault)
	changed, err := f.Allow("community-initiative")
	if err != nil || !changed {
		t.Fatalf("Allow = %v, %v; want true, nil", changed, err)
	}
	want := strings.Replace(templateDefault, "  - name: argilla\n",
		"  - name: argilla\n  - name: community-initiative\n", 1)
	if got := mustBytes(t, f); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if err := Validate([]byte(want)); err != nil {
		t.Errorf("Validate(result) = %v", err)
	}
}

func TestAllowKeepsOrderAndSkipsPresent(t *testing.T) {
	f := mustParse(t, templateDefault)
	changed, err := f.Allow("b", "argilla", "a", "b")
	if err != nil || !changed {
		t.Fatalf("Allow = %v, %v", changed, err)
	}
	if got := f.Workspaces(); !slices.Equal(got, []string{"argilla", "b", "a"}) {
		t.Errorf("Workspaces = %q", got)
	}
	changed, err = f.Allow("argilla", "a")
	if err != nil || changed {
		t.Errorf("Allow(present) = %v, %v; want false, nil", changed, err)
	}
}

func TestAllowQuotesNamesTheServerWouldMisread(t *testing.T) {
	f := mustParse(t, "allowed_workspaces: []\n")
	if _, err := f.Allow("123", "on", "0b1_0", "team-a"); err != nil {
		t.Fatal(err)
	}
	got := mustBytes(t, f)
	want := "allowed_workspaces:\n  - name: \"123\"\n  - name: \"on\"\n  - name: \"0b1_0\"\n  - name: team-a\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if err := Validate([]byte(got)); err != nil {
		t.Errorf("Validate = %v", err)
	}
}

func TestAllowCreatesOrRefusesTheList(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"providers: []\n", "providers: []\nallowed_workspaces:\n  - name: a\n"},
		{"providers: []\nallowed_workspaces:\n", "providers: []\nallowed_workspaces:\n  - name: a\n"},
		{"allowed_workspaces: [] # none yet\n", "allowed_workspaces: # none yet\n  - name: a\n"},
	} {
		f := mustParse(t, tc.src)
		if changed, err := f.Allow("a"); err != nil || !changed {
			t.Fatalf("%q: Allow = %v, %v", tc.src, changed, err)
		}
		if got := mustBytes(t, f); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.src, got, tc.want)
		}
	}
	f := mustParse(t, "allowed_workspaces: argilla\n")
	if _, err := f.Allow("a"); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("Allow on a scalar list: err = %v, want an error naming line 1", err)
	}
}

func TestAllowRejectsBadNames(t *testing.T) {
	f := mustParse(t, templateDefault)
	for _, name := range []string{"", "Team", "-x", "_x", "a b", "a/b"} {
		changed, err := f.Allow("ok", name)
		if !errors.Is(err, ErrInvalidWorkspaceName) || changed {
			t.Errorf("Allow(%q) = %v, %v; want false, ErrInvalidWorkspaceName", name, changed, err)
		}
	}
	if got := mustBytes(t, f); got != templateDefault {
		t.Errorf("a refused Allow changed the file: %q", got)
	}
}

func TestDisallow(t *testing.T) {
	f := mustParse(t, templateDefault)
	if _, err := f.Allow("a", "b"); err != nil {
		t.Fatal(err)
	}
	changed, absent, err := f.Disallow("a", "zz", "a", "yy")
	if err != nil || !changed || !slices.Equal(absent, []string{"zz", "yy"}) {
		t.Fatalf("Disallow = %v, %q, %v", changed, absent, err)
	}
	want := strings.Replace(templateDefault, "  - name: argilla\n", "  - name: argilla\n  - name: b\n", 1)
	if got := mustBytes(t, f); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	changed, absent, err = f.Disallow("nope")
	if err != nil || changed || !slices.Equal(absent, []string{"nope"}) {
		t.Errorf("Disallow(absent) = %v, %q, %v", changed, absent, err)
	}

	f = mustParse(t, "allowed_workspaces:\n  - name: argilla\n")
	if changed, _, _ := f.Disallow("argilla"); !changed {
		t.Error("Disallow(last) = false")
	}
	if got := mustBytes(t, f); got != "allowed_workspaces: []\n" {
		t.Errorf("empty list written as %q", got)
	}

	f = mustParse(t, "providers: []\n")
	if changed, absent, err := f.Disallow("a"); changed || err != nil || !slices.Equal(absent, []string{"a"}) {
		t.Errorf("Disallow without list = %v, %q, %v", changed, absent, err)
	}
	f = mustParse(t, "allowed_workspaces: {name: a}\n")
	if _, _, err := f.Disallow("a"); err == nil {
		t.Error("Disallow on a mapping: no error")
	}
}

func TestDisableThenEnableRestoresTemplate(t *testing.T) {
	f := mustParse(t, templateDefault)
	if !f.Disable(false) {
		t.Fatal("Disable = false")
	}
	got := mustBytes(t, f)
	if got != templateDisabled {
		t.Fatalf("Disable:\n%s\nwant:\n%s", got, templateDisabled)
	}
	if f.OAuthEnabled() || f.Disable(false) {
		t.Error("Disable is not idempotent or OAuth still on")
	}
	if err := Validate([]byte(got)); err != nil {
		t.Errorf("Validate(disabled) = %v", err)
	}

	f = mustParse(t, got)
	if !f.Enable() {
		t.Fatal("Enable = false")
	}
	if got := mustBytes(t, f); got != templateDefault {
		t.Errorf("Enable:\n%s\nwant:\n%s", got, templateDefault)
	}
	if f.Enable() {
		t.Error("Enable on an enabled file reported a change")
	}
}

func TestDisableLegacyKey(t *testing.T) {
	f := mustParse(t, templateDefault)
	if !f.Disable(true) {
		t.Fatal("Disable(true) = false")
	}
	want := strings.Replace(templateDisabled, "\n# OAuth is off", "\nenabled: false\n# OAuth is off", 1)
	if got := mustBytes(t, f); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if f.Disable(true) {
		t.Error("second Disable(true) reported a change")
	}

	// An existing `enabled: true` is flipped in place, keeping its comment.
	f = mustParse(t, "enabled: true # legacy\nproviders: []\n")
	if !f.Disable(true) {
		t.Fatal("Disable(true) = false")
	}
	if got := mustBytes(t, f); got != "enabled: false # legacy\nproviders: []\n" {
		t.Errorf("got %q", got)
	}
}

func TestEnableOnV1Template(t *testing.T) {
	// The v1.23 template had `enabled: false` and no active provider.
	f := mustParse(t, "enabled: false\n\nproviders: []\n\nallowed_workspaces:\n  - name: admin\n")
	if !f.Enable() {
		t.Fatal("Enable = false")
	}
	want := "providers:\n  - name: huggingface\n\nallowed_workspaces:\n  - name: admin\n"
	if got := mustBytes(t, f); got != want {
		t.Errorf("got %q, want %q", got, want)
	}

	f = mustParse(t, "allowed_workspaces:\n  - name: a\n")
	if !f.Enable() || !slices.Equal(f.Providers(), []string{"huggingface"}) {
		t.Fatalf("Enable without providers: %q", f.Providers())
	}
	if got := mustBytes(t, f); got != "providers:\n  - name: huggingface\nallowed_workspaces:\n  - name: a\n" {
		t.Errorf("got %q", got)
	}
	// A provider list that already has entries is left alone.
	f = mustParse(t, "providers:\n  - name: github\n")
	if f.Enable() || !slices.Equal(f.Providers(), []string{"github"}) {
		t.Errorf("Enable changed a non-empty provider list: %q", f.Providers())
	}
}

func TestDisableWithoutProvidersKey(t *testing.T) {
	f := mustParse(t, "allowed_workspaces:\n  - name: a\n")
	if !f.Disable(false) {
		t.Fatal("Disable = false")
	}
	want := "# OAuth is off: nobody can sign in with Hugging Face.\n" +
		"# The owner signs in with the USERNAME and PASSWORD secrets of the Space.\n" +
		"providers: []\nallowed_workspaces:\n  - name: a\n"
	if got := mustBytes(t, f); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
