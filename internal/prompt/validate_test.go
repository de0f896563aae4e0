package prompt

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestValidateSpaceName(t *testing.T) {
	valid := []string{"a", "my-space", "My_Space.v2", "_x", "x_", "a.b-c_d", strings.Repeat("a", 96), "1", "git", "a.gitx"}
	invalid := []string{
		"", strings.Repeat("a", 97), "-a", "a-", ".a", "a.", "a--b", "a..b", "a.git", "x/y",
		"a b", "é", "a\x00", "name.git",
	}
	for _, n := range valid {
		if err := ValidateSpaceName(n); err != nil {
			t.Errorf("%q refused: %v", n, err)
		}
	}
	for _, n := range invalid {
		if ValidateSpaceName(n) == nil {
			t.Errorf("%q accepted", n)
		}
	}
}

func TestParseWorkspaces(t *testing.T) {
	got, err := ParseWorkspaces(" argilla, team-a ,,team_b,argilla,9lives ")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"argilla", "team-a", "team_b", "9lives"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, bad := range []string{"", " , ", "Argilla", "-x", "_x", "a b", "ok,bad!", "café"} {
		if ws, err := ParseWorkspaces(bad); err == nil {
			t.Errorf("%q accepted as %q", bad, ws)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	for _, p := range []string{"12345678", strings.Repeat("x", 100), strings.Repeat("é", 100), "pass word"} {
		if err := ValidatePassword(p); err != nil {
			t.Errorf("%d runes refused: %v", utf8.RuneCountInString(p), err)
		}
	}
	for _, p := range []string{"", "1234567", strings.Repeat("x", 101), strings.Repeat("é", 7)} {
		if err := ValidatePassword(p); err == nil {
			t.Errorf("%d runes accepted", utf8.RuneCountInString(p))
		} else if p != "" && strings.Contains(err.Error(), p) {
			t.Errorf("error leaks the password: %v", err)
		}
	}
}

func TestValidateUsername(t *testing.T) {
	if err := validateUsername("alice"); err != nil {
		t.Error(err)
	}
	for _, u := range []string{"", "a b", "a\tb"} {
		if validateUsername(u) == nil {
			t.Errorf("%q accepted", u)
		}
	}
}

// FuzzValidateSpaceName checks accepted names against the rule written out
// independently.
func FuzzValidateSpaceName(f *testing.F) {
	for _, s := range []string{"my-space", "a", "-a", "a..b", "x.git", "", "é", strings.Repeat("z", 97)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if ValidateSpaceName(name) != nil {
			return
		}
		if len(name) < 1 || len(name) > 96 {
			t.Fatalf("accepted length %d", len(name))
		}
		if strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") != "" {
			t.Fatalf("accepted %q with other characters", name)
		}
		first, last := name[0], name[len(name)-1]
		if first == '-' || first == '.' || last == '-' || last == '.' ||
			strings.Contains(name, "--") || strings.Contains(name, "..") || strings.HasSuffix(name, ".git") {
			t.Fatalf("accepted %q", name)
		}
	})
}

// FuzzParseWorkspaces checks that accepted lists are valid, unique and
// parse back to themselves.
func FuzzParseWorkspaces(f *testing.F) {
	for _, s := range []string{"argilla", "a, b,a", " , ", "A", "-x", "ok,bad!", "x_1,y-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws, err := ParseWorkspaces(s)
		if err != nil {
			if ws != nil {
				t.Fatalf("error %v with result %q", err, ws)
			}
			return
		}
		if len(ws) == 0 {
			t.Fatal("accepted an empty list")
		}
		seen := map[string]bool{}
		for _, w := range ws {
			if ValidateWorkspaceName(w) != nil || seen[w] {
				t.Fatalf("bad or duplicate workspace %q in %q", w, ws)
			}
			seen[w] = true
		}
		again, err := ParseWorkspaces(strings.Join(ws, ","))
		if err != nil || !slices.Equal(again, ws) {
			t.Fatalf("round trip of %q gave %q, %v", ws, again, err)
		}
	})
}
