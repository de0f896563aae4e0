//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestModeFromTheFirstByte(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "secret")
	p, err := Create(path, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	fi, err := os.Stat(p.Name())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("temporary file mode %v before any write, want 0600", fi.Mode().Perm())
	}
	p.Write([]byte("key"))
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestFIFOIsRefusedNotWaitedOn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip(err)
	}
	var nr *NotRegularError
	if _, err := ReadFile(path); !errors.As(err, &nr) {
		t.Fatalf("ReadFile of a FIFO: %v", err)
	}
	if err := WriteFile(path, []byte("x"), 0o600); !errors.As(err, &nr) {
		t.Fatalf("WriteFile over a FIFO: %v", err)
	}
}
