//go:build unix

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
)

// runWithStdin is terminalSession.run with stdin given.
func (s *terminalSession) runWithStdin(stdin io.Reader, args ...string) (int, string) {
	var out, errb bytes.Buffer
	a := newApp(stdin, &out, &errb, func(k string) string { return s.env[k] })
	no := false
	a.promptOK = &no
	code := a.execute(context.Background(), args)
	return code, out.String() + errb.String()
}

// Issue 15, item 6: inputs are bounded. A FIFO or a device named as a file is refused at once (it
// would wait for a writer, or never end); a file or stdin over 1 MiB is refused; each is exit 2 and
// sends nothing.
func TestInputsAreBounded(t *testing.T) {
	s := newTerminalSession(t, nil)
	if code, out := s.run(false, "create", "acme/bounded", "--private"); code != 0 {
		t.Fatalf("create: %d\n%s", code, out)
	}
	for _, name := range []string{"fifo.yaml", "secret.fifo", "oauth.fifo", "env.fifo"} {
		if err := syscall.Mkfifo(name, 0o600); err != nil {
			t.Skip(err)
		}
	}
	big := strings.Repeat("# padding\n", 110_000) // 1.1 MB
	os.WriteFile("big.yaml", []byte("space: acme/bounded\n"+big), 0o644)
	s.srv.ResetRequests()
	for _, tc := range []struct {
		stdin io.Reader
		args  []string
		want  string
	}{
		{nil, []string{"plan", "-f", "fifo.yaml"}, "fifo.yaml is a named pipe (FIFO), not a regular file"},
		{nil, []string{"plan", "-f", "big.yaml"}, "big.yaml is larger than 1 MiB"},
		{nil, []string{"secrets", "set", "K", "--from-file", "secret.fifo", "--space", "acme/bounded", "--yes"}, "named pipe"},
		{nil, []string{"secrets", "set", "K", "--from-file", "/dev/zero", "--space", "acme/bounded", "--yes"}, "/dev/zero is a device"},
		{nil, []string{"secrets", "set", "--env-file", "env.fifo", "--space", "acme/bounded", "--yes"}, "named pipe"},
		{nil, []string{"oauth", "push", "oauth.fifo", "--space", "acme/bounded", "--yes"}, "named pipe"},
		{strings.NewReader(big), []string{"secrets", "set", "K", "--space", "acme/bounded", "--yes"}, "on stdin is larger than 1 MiB"},
		{strings.NewReader(big), []string{"oauth", "push", "-", "--space", "acme/bounded", "--yes"}, "on stdin is larger than 1 MiB"},
	} {
		in := tc.stdin
		if in == nil {
			in = strings.NewReader("")
		}
		code, out := s.runWithStdin(in, tc.args...)
		if code != exitUsage || !strings.Contains(out, tc.want) {
			t.Errorf("%s: exit %d, want %d saying %q:\n%s", strings.Join(tc.args, " "), code, exitUsage, tc.want, out)
		}
	}
	if n := countMutations(s.srv.Requests()); n != 0 {
		t.Errorf("%d mutating requests, want 0", n)
	}
}
