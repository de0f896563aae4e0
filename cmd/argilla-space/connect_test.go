package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// connect --env is safe to eval (issue 15 item 7): a hostile API URL from the Hub's answer and a key
// with quotes and $(…) come back out of a real shell byte for byte, and nothing in them runs.
func TestConnectEnvIsSafeToEval(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	canary := filepath.Join(dir, "pwned")
	hostile := []string{
		"http://x.localhost:1/$(touch " + canary + ")",
		"http://x.localhost:1/`touch " + canary + "`;touch " + canary,
		"it's'; touch " + canary + "; echo '",
		"a\nexport ARGILLA_API_KEY=stolen\n",
		`"$HOME" \ ${PATH} !! * ~`,
		"",
	}
	for _, url := range hostile {
		for _, key := range []string{"k'ey$(touch " + canary + ")", "plain-key-0123456789"} {
			var out, errb bytes.Buffer
			env := map[string]string{"ARGILLA_SPACE_CONFIG_DIR": dir}
			a := newApp(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
			r := &spaceResult{Space: "acme/x", APIURL: url, Private: true}
			if err := a.printConnect(r, key, connectOptions{env: true, showKey: true}); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(out.String(), "export "); n < 2 || strings.Contains(out.String(), "import ") || strings.Contains(out.String(), "HF_TOKEN") {
				t.Fatalf("--env printed more than the two export lines:\n%s", out.String())
			}
			script := out.String() + "\nprintf '%s\\n--\\n%s' \"$ARGILLA_API_URL\" \"$ARGILLA_API_KEY\""
			got, err := exec.Command(sh, "-c", script).Output()
			if err != nil {
				t.Fatalf("eval of %q failed: %v", out.String(), err)
			}
			if want := url + "\n--\n" + key; string(got) != want {
				t.Errorf("eval gave %q, want %q", got, want)
			}
			if _, err := os.Stat(canary); err == nil {
				t.Fatalf("eval of connect --env ran a command from its values:\n%s", out.String())
			}
		}
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"":            "''",
		"abc":         "'abc'",
		"it's":        `'it'\''s'`,
		"$(x) `y` \\": "'$(x) `y` \\'",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
