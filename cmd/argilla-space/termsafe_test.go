package main

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// hostile is what a Space owner (or anyone who can write to the Space) plants for the terminal of
// whoever runs argilla-space on it: an OSC 52 clipboard write, hidden text, an 8-bit CSI, a bidi
// override, and a line that pretends to be output of ours.
const hostile = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b[8mhidden\x1b[0m \u009b2J \u202eevil\nStage:      RUNNING"

// Issue 15, item 3: nothing a Space, the Hub or Argilla wrote reaches the terminal with its control
// characters in text mode (logs, wait's error and log tail, variable values, the OAuth file, status,
// errors); `logs --raw` keeps the bytes for a pipe.
func TestHostileTextReachesNoTerminal(t *testing.T) {
	s := newTerminalSession(t, nil)
	s.spaceEditedByHand("acme/hostile", hfapi.CommitOp{Path: ".oauth.yaml",
		Content: []byte("# " + hostile + "\nproviders:\n  - name: huggingface\n")})
	hub := hfapi.New(hfapi.Options{Endpoint: s.srv.URL, Token: "hf_alice", MaxRetries: -1})
	if _, err := hub.AddVariable(context.Background(), "acme/hostile", hfapi.KeyValue{Key: "NOTE", Value: hostile}); err != nil {
		t.Fatal(err)
	}
	body := strings.NewReader(`{"stage":"RUNTIME_ERROR","message":"` + strings.NewReplacer("\x1b", `\u001b`, "\x07", `\u0007`, "\n", `\n`).Replace(hostile) + `"}`)
	resp, err := http.Post(s.srv.URL+"/_emulator/spaces/acme/hostile/fail", "application/json", body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("planting the failure: %v %v", err, resp)
	}
	resp.Body.Close()
	if code, out := s.run(false, "restart", "--space", "acme/hostile", "--yes"); code != 0 {
		t.Fatalf("restart: %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"logs", "--idle", "300ms"},
		{"wait", "--timeout", "20s"},
		{"vars", "list"},
		{"oauth", "show"},
		{"status"},
	} {
		_, out := s.run(false, append(args, "--space", "acme/hostile")...)
		if i := strings.IndexAny(out, "\x1b\x07\u009b\u202e"); i >= 0 {
			t.Errorf("%s: a control character reached the terminal:\n%q", args[0], out)
		}
		if args[0] != "status" && !strings.Contains(out, `\x1b]52;c;`) {
			t.Errorf("%s: the hostile text is not shown escaped:\n%s", args[0], out)
		}
		if strings.Contains(out, "\nStage:      RUNNING") && args[0] != "status" && args[0] != "oauth" { // a file has lines
			t.Errorf("%s: a hostile line passes for ours:\n%s", args[0], out)
		}
	}
	// A table cell stays on its line: the planted newline is shown, not obeyed.
	if _, out := s.run(false, "vars", "list", "--space", "acme/hostile"); !strings.Contains(out, `evil\nStage:`) {
		t.Errorf("vars list: a value's newline is not kept on its line:\n%s", out)
	}
	if _, out := s.run(false, "logs", "--raw", "--idle", "300ms", "--space", "acme/hostile"); !strings.Contains(out, "\x1b]52;c;") {
		t.Errorf("logs --raw: the bytes are not kept:\n%q", out)
	}
}
