package spaces

import (
	"strings"
	"testing"
)

// Issue 10 item 9: spec errors in the user's words: no Go type names; an unknown key names its line
// and column and the nearest known key; a value of the wrong kind says what was expected.
func TestSpecErrorsInTheUsersWords(t *testing.T) {
	_, err := ParseSpecs([]byte("space: a/b\nhardwre: cpu-upgrade\nstorage:\n  typ: bucket\noauth:\n  allowedWorkspaces: argilla\nvisibility: [x]\nzzzzzz: 1\n"))
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		"line 2, column 1: unknown key `hardwre`: did you mean `hardware`?",
		"line 4, column 3: unknown key `typ`: did you mean `type`? (known here: type, bucket)",
		"allowedWorkspaces (line 6, column 22): expected a list, found text (argilla)",
		"visibility (line 7, column 13): expected text, found a list",
		"line 8, column 1: unknown key `zzzzzz` (known here: space,",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
	for _, goWord := range []string{"spaces.", "[]string", "!!", "unmarshal"} {
		if strings.Contains(msg, goWord) {
			t.Errorf("Go words %q in:\n%s", goWord, msg)
		}
	}
}

// Issue 10 item 9: every value error names the key, its line and its column (the file is named by
// whoever read it: TestScripts/spec_value_errors), and a malformed ${...} is a bad reference.
func TestSpecValueErrorsSayWhere(t *testing.T) {
	doc := "# a comment\n" +
		"space: acme/a\n" +
		"visibility: secret\n" +
		"hardware: CPU Basic\n" +
		"sleepTime: 10 minutes\n" +
		"storage:\n" +
		"  type: huge\n" +
		"oauth:\n" +
		"  allowedWorkspaces: [argilla, Bad_Name]\n" +
		"secrets:\n" +
		"  OPENAI: ${OPENAI KEY}\n" +
		"  UNCLOSED: ${OPENAI_KEY\n" +
		"owner:\n" +
		"  password: ${1PASS}\n" +
		"variables:\n" +
		"  V: ${NOT VALID}\n" +
		"  'bad key': x\n"
	_, err := ParseSpecs([]byte(doc))
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		`visibility (line 3, column 13): "secret" is not one of public, private, protected`,
		`hardware (line 4, column 11): "CPU Basic" is not a hardware flavor`,
		`sleepTime (line 5, column 12): sleep time "10 minutes" is not a duration`,
		`storage.type (line 7, column 9): "huge" is not one of`,
		`oauth.allowedWorkspaces.1 (line 9, column 32): invalid workspace name "Bad_Name"`,
		`secrets.OPENAI (line 11, column 11): ${OPENAI KEY} is not a valid reference`,
		`secrets.UNCLOSED (line 12, column 13): a reference starts with ${ but is not one`,
		`owner.password (line 14, column 13): ${1PASS} is not a valid reference`,
		`variables.V (line 16, column 6): ${NOT VALID} is not a valid reference`,
		`variables.bad key (line 17, column 14): invalid key "bad key"`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
	// a malformed reference is never taken for a literal secret, and an unclosed one is not echoed
	for _, never := range []string{"literal", "${OPENAI_KEY\n", "${OPENAI_KEY\""} {
		if strings.Contains(msg, never) {
			t.Errorf("%q in:\n%s", never, msg)
		}
	}
}

// A variable's literal text may hold ${ anywhere but as the whole value; a secret may not.
func TestBadRef(t *testing.T) {
	for _, tc := range []struct {
		v      string
		secret bool
		bad    bool
	}{
		{"${OK_1}", true, false}, {"${OK_1}", false, false}, {"plain", false, false}, {"prefix ${V}", false, false},
		{"${A B}", false, true}, {"${A B}", true, true}, {"${}", true, true}, {"${A", false, false}, {"${A", true, true},
		{"${A}${B}", true, true}, {"${A}${B}", false, false},
	} {
		if got := badRef(tc.v, tc.secret) != ""; got != tc.bad {
			t.Errorf("badRef(%q, secret=%v) bad = %v, want %v", tc.v, tc.secret, got, tc.bad)
		}
	}
}

func TestNearestKey(t *testing.T) {
	known := specKeys("Spec")
	for typed, want := range map[string]string{"Hardware": "hardware", "sleeptime": "sleepTime", "visiblity": "visibility", "oath": "oauth", "x": "", "completelyelse": ""} {
		if got := nearest(typed, known); got != want {
			t.Errorf("nearest(%q) = %q, want %q", typed, got, want)
		}
	}
}
