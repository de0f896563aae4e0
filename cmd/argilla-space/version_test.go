package main

import (
	"bytes"
	"encoding/json"
	"os"
	"runtime"
	"strings"
	"testing"
)

// withLinkerValues sets what the release's -ldflags -X would, for one test.
func withLinkerValues(t *testing.T, v, c, d string) {
	old := [3]string{version, commit, date}
	version, commit, date = v, c, d
	t.Cleanup(func() { version, commit, date = old[0], old[1], old[2] })
}

func runVersion(t *testing.T, args ...string) (stdout string, code int, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := newApp(strings.NewReader(""), &out, &errOut, os.Getenv)
	code = a.execute(t.Context(), args)
	return out.String(), code, errOut.String()
}

func TestVersionJSON(t *testing.T) {
	withLinkerValues(t, "v1.2.3", "abc1234", "2026-11-30T10:00:00Z")
	out, code, stderr := runVersion(t, "version", "-o", "json")
	if code != 0 || stderr != "" {
		t.Fatalf("exit code %d, stderr %q", code, stderr)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	want := map[string]string{"version": "1.2.3", "commit": "abc1234", "date": "2026-11-30T10:00:00Z",
		"goVersion": runtime.Version(), "platform": runtime.GOOS + "/" + runtime.GOARCH}
	if len(got) != len(want) {
		t.Errorf("keys %v, want %v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}

func TestVersionText(t *testing.T) {
	withLinkerValues(t, "1.2.3", "abc1234", "2026-11-30T10:00:00Z")
	out, code, _ := runVersion(t, "version")
	want := "argilla-space 1.2.3 (abc1234, 2026-11-30T10:00:00Z)\nbuilt with " + runtime.Version() + " for " +
		runtime.GOOS + "/" + runtime.GOARCH + "\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, output %q, want %q", code, out, want)
	}
	// --version (answered before the command tree exists) and cobra's own flag say the same first line.
	if first := strings.SplitAfter(out, "\n")[0]; versionLine() != first {
		t.Errorf("--version prints %q, version prints %q", versionLine(), first)
	}
}

func TestVersionWithoutLinkerValues(t *testing.T) {
	withLinkerValues(t, "", "", "")
	v := buildInfo()
	// A test binary has no module version: "dev", never an empty string a bug report would show.
	if v.Version == "" || v.GoVersion != runtime.Version() {
		t.Errorf("%+v", v)
	}
	if _, code, stderr := runVersion(t, "version", "extra"); code != exitUsage || !strings.Contains(stderr, "--help") {
		t.Errorf("version with an argument: exit %d, want %d; stderr %q", code, exitUsage, stderr)
	}
}
