package lcs

import (
	"strings"
	"testing"
)

func TestAlign(t *testing.T) {
	a := strings.Split("a b c d e", " ")
	b := strings.Split("a x c e f", " ")
	got := Align(a, b)
	want := [][2]int{{0, 0}, {2, 2}, {4, 3}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if len(Align(nil, b)) != 0 || len(Align(a, nil)) != 0 {
		t.Fatal("empty side aligned")
	}
}

func FuzzAlign(f *testing.F) {
	f.Add("a b c", "b c d")
	f.Fuzz(func(t *testing.T, x, y string) {
		a, b := strings.Fields(x), strings.Fields(y)
		pi, pj := -1, -1
		for _, p := range Align(a, b) {
			if p[0] <= pi || p[1] <= pj || a[p[0]] != b[p[1]] {
				t.Fatalf("bad pair %v in %q / %q", p, a, b)
			}
			pi, pj = p[0], p[1]
		}
	})
}
