package prompt

import (
	"slices"
	"strings"
	"testing"
)

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
			if validateWorkspaceName(w) != nil || seen[w] {
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
