package prompt

import (
	"bytes"
	"os"
	"testing"
)

// fdFile is any value with a file descriptor.
type fdFile uintptr

func (f fdFile) Fd() uintptr { return uintptr(f) }

func TestCanPromptNonTerminal(t *testing.T) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	var nilFile *os.File
	noEnv := func(string) string { return "" }
	for name, in := range map[string]any{
		"buffer": new(bytes.Buffer), "devnull": devnull, "nil": nil, "nil file": nilFile,
	} {
		if CanPrompt(in, in, false, noEnv) {
			t.Errorf("%s: CanPrompt = true for a non-terminal", name)
		}
	}
}

func TestCanPromptRules(t *testing.T) {
	ttys := map[uintptr]bool{3: true, 4: true}
	old := isTerminal
	isTerminal = func(fd uintptr) bool { return ttys[fd] }
	t.Cleanup(func() { isTerminal = old })

	env := func(ci string) func(string) string {
		return func(k string) string {
			if k == "CI" {
				return ci
			}
			return ""
		}
	}
	tests := []struct {
		name          string
		stdin, stdout any
		noInput       bool
		getenv        func(string) string
		want          bool
	}{
		{"terminals", fdFile(3), fdFile(4), false, env(""), true},
		{"nil getenv", fdFile(3), fdFile(4), false, nil, true},
		{"CI=true", fdFile(3), fdFile(4), false, env("true"), false},
		{"CI=1", fdFile(3), fdFile(4), false, env("1"), false},
		{"--no-input", fdFile(3), fdFile(4), true, env(""), false},
		{"stdin piped", fdFile(5), fdFile(4), false, env(""), false},
		{"stdout redirected", fdFile(3), fdFile(5), false, env(""), false},
		{"stdout buffer", fdFile(3), new(bytes.Buffer), false, env(""), false},
	}
	for _, tt := range tests {
		if got := CanPrompt(tt.stdin, tt.stdout, tt.noInput, tt.getenv); got != tt.want {
			t.Errorf("%s: CanPrompt = %v, want %v", tt.name, got, tt.want)
		}
	}
}
