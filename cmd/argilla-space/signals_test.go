//go:build unix

package main

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// Issue 15, item 6: the first Ctrl-C (or SIGTERM) cancels the command's context; when the command does
// not stop (stuck in a read), a second one ends the process at once. The test runs itself as the
// child: withInterrupts around work that ignores its context.
func TestSecondSignalEndsTheProcess(t *testing.T) {
	if os.Getenv("ARGILLA_SPACE_SIGNAL_CHILD") == "1" {
		withInterrupts(func(ctx context.Context) int {
			os.Stdout.WriteString("ready\n")
			<-ctx.Done()
			os.Stdout.WriteString("cancelled\n")
			select {} // stuck: only the second signal can end this
		})
		return
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSecondSignalEndsTheProcess$")
		cmd.Env = append(os.Environ(), "ARGILLA_SPACE_SIGNAL_CHILD=1")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewReader(out)
		if l, _ := lines.ReadString('\n'); l != "ready\n" { // the handler is in place
			t.Fatalf("%v: child said %q", sig, l)
		}
		cmd.Process.Signal(sig)
		if l, _ := lines.ReadString('\n'); l != "cancelled\n" { // the first signal only cancels
			t.Fatalf("%v: first signal: child said %q", sig, l)
		}
		cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
				t.Fatalf("%v: child ended with %v, want exit %d", sig, err, exitInterrupted)
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: a second signal did not end the process", sig)
		}
	}
}
