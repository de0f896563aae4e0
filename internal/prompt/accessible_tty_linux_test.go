package prompt

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal: huh's accessible mode reads a password only from a terminal, so
// the optional password's accessible path needs one. Typed text goes to the master; the form reads
// the slave. The terminal's echo is drained.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	ioctl := func(req uintptr, arg unsafe.Pointer) error {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), req, uintptr(arg)); e != 0 {
			return e
		}
		return nil
	}
	var unlock int32
	var n uint32
	if err := ioctl(syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		m.Close()
		t.Skipf("unlockpt: %v", err)
	}
	if err := ioctl(syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		m.Close()
		t.Skipf("ptsname: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("open pts: %v", err)
	}
	go func() { _, _ = io.Copy(io.Discard, m) }() // ends with EIO once the slave is closed
	t.Cleanup(func() {
		_ = s.Close()
		_ = m.Close()
	})
	return m, s
}

// runOnTTY runs the wizard in accessible mode on a terminal where keys were typed in advance (a
// terminal in canonical mode hands over one line per read, so each field gets its own line).
func runOnTTY(t *testing.T, q CreateQuestions, keys string) (CreateAnswers, string, error) {
	t.Helper()
	master, slave := openPTY(t)
	if _, err := io.WriteString(master, keys); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	p := New(Options{In: slave, Out: &out, Accessible: true})
	got, err := p.CreateWizard(context.Background(), q)
	return got, out.String(), err
}

// Accessible mode on a terminal, OAuth on: Enter at both password prompts is no password, and the
// prompt says it is optional (accessible mode prints the title only).
func TestCreateWizardAccessibleOptionalPasswordOnTTY(t *testing.T) {
	q := CreateQuestions{AskUsername: true, AskPassword: true, AskWorkspaces: true, PasswordOptional: true,
		Defaults: CreateAnswers{Username: "alice", Workspaces: []string{"argilla"}}}
	got, out, err := runOnTTY(t, q, "\n\n\n\n")
	if err != nil {
		t.Fatalf("CreateWizard: %v\n%s", err, out)
	}
	assertAnswers(t, got, CreateAnswers{Username: "alice", Workspaces: []string{"argilla"}})
	for _, want := range []string{"Owner password (optional: Enter for none)", "Repeat the password (Enter if none)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output does not show %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "8 to 100") {
		t.Errorf("an empty optional password was refused:\n%s", out)
	}

	// A typed one is checked: too short is asked again, then it must be repeated alike.
	got, out, err = runOnTTY(t, q, "\nshort\nlong-enough-1\nlong-enough-1\n\n")
	if err != nil {
		t.Fatalf("CreateWizard: %v\n%s", err, out)
	}
	if got.Password != "long-enough-1" {
		t.Errorf("password differs (got %d chars)", len(got.Password))
	}
	if !strings.Contains(out, "8 to 100") {
		t.Errorf("a short password was not refused:\n%s", out)
	}
}

// OAuth off: the password is required, so Enter is refused and the prompt asks again.
func TestCreateWizardAccessibleRequiredPasswordOnTTY(t *testing.T) {
	q := CreateQuestions{AskPassword: true}
	got, out, err := runOnTTY(t, q, "\nlong-enough-1\nlong-enough-1\n")
	if err != nil {
		t.Fatalf("CreateWizard: %v\n%s", err, out)
	}
	if got.Password != "long-enough-1" {
		t.Errorf("password differs (got %d chars)", len(got.Password))
	}
	if strings.Contains(out, "optional") || !strings.Contains(out, "8 to 100") {
		t.Errorf("the empty required password was not refused, or was called optional:\n%s", out)
	}
}
