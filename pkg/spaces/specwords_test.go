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
		"line 6: expected a list, found text (argilla)",
		"line 7: expected text, found a list",
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

func TestNearestKey(t *testing.T) {
	known := specKeys("Spec")
	for typed, want := range map[string]string{"Hardware": "hardware", "sleeptime": "sleepTime", "visiblity": "visibility", "oath": "oauth", "x": "", "completelyelse": ""} {
		if got := nearest(typed, known); got != want {
			t.Errorf("nearest(%q) = %q, want %q", typed, got, want)
		}
	}
}
