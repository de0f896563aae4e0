package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseDotenv(t *testing.T) {
	src := "\uFEFF# team secrets\n" +
		"\n" +
		"PLAIN=value\n" +
		"export EXPORTED = spaced value   # trailing comment\n" +
		"HASH=a#b\n" +
		"SINGLE='lit \\n $HOME # kept'\n" +
		"DOUBLE=\"tab\\there \\\"q\\\" back\\\\slash\" # c\n" +
		"MULTI=\"line one\n" +
		"line two\"\r\n" +
		"  INDENTED=x\n" +
		"LAST=end"
	got, err := parseDotenv(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []envEntry{
		{"PLAIN", "value", 3},
		{"EXPORTED", "spaced value", 4},
		{"HASH", "a#b", 5},
		{"SINGLE", `lit \n $HOME # kept`, 6},
		{"DOUBLE", "tab\there \"q\" back\\slash", 7},
		{"MULTI", "line one\nline two", 8},
		{"INDENTED", "x", 10},
		{"LAST", "end", 11},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %#v\nwant %#v", got, want)
	}
}

func TestParseDotenvErrorsNameTheLineNotTheValue(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"no equals", "A=1\nhunter2secret\n", "line 2: expected KEY=VALUE"},
		{"bad key", "A=1\n\n1BAD=hunter2secret\n", `line 3: invalid key "1BAD"`},
		{"dash key", "MY-KEY=hunter2secret", `invalid key "MY-KEY"`},
		{"empty", "A=\n", "line 1: A has an empty value"},
		{"empty quotes", "A=''\n", "line 1: A has an empty value"},
		{"duplicate", "A=hunter2secret\nB=2\nA=3\n", "line 3: A is already set on line 1"},
		{"unclosed", "A=\"hunter2secret\nB=2\n", "line 1: the value of A has no closing \""},
		{"junk after quote", "A='x'hunter2secret\n", "line 1: unexpected text after the closing quote of A"},
		{"nothing", "# only a comment\n\n", "no KEY=VALUE line found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseDotenv(tc.src)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("error %q shows the value", err)
			}
		})
	}
}

// renderDotenv writes entries back in the double-quoted form the parser reads.
func renderDotenv(es []envEntry) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r", `\r`)
	var b strings.Builder
	for _, e := range es {
		b.WriteString(e.Key + `="` + r.Replace(e.Value) + "\"\n")
	}
	return b.String()
}

// FuzzParseDotenv: the parser never panics, accepts only valid keys and non-empty values, and what it
// accepts survives a round trip through the quoted form.
func FuzzParseDotenv(f *testing.F) {
	for _, s := range []string{
		"A=1", "export B = two # c", "C='x y'\nD=\"a\\nb\"", "E=\"multi\nline\"", "# c\n\nF=#notcomment",
		"G=\"\\", "H='", "=x", "export=1", "I=\"x\" y", "J=a\r\nK=b\r\n", "\uFEFFL=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		es, err := parseDotenv(src)
		if err != nil {
			return
		}
		for i, e := range es {
			if e.Value == "" || !keyOK(e.Key) || e.Line < 1 || i > 0 && e.Line <= es[i-1].Line {
				t.Fatalf("bad entry %d: key %q, %d bytes, line %d", i, e.Key, len(e.Value), e.Line)
			}
		}
		again, err := parseDotenv(renderDotenv(es))
		if err != nil {
			t.Fatalf("round trip: %v", err)
		}
		if len(again) != len(es) {
			t.Fatalf("round trip: %d entries, want %d", len(again), len(es))
		}
		for i := range es {
			if again[i].Key != es[i].Key || again[i].Value != es[i].Value {
				t.Fatalf("round trip of %s changed it", es[i].Key)
			}
		}
	})
}

func keyOK(k string) bool {
	if k == "" || !(k[0] >= 'a' && k[0] <= 'z' || k[0] >= 'A' && k[0] <= 'Z') {
		return false
	}
	for _, c := range k {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
