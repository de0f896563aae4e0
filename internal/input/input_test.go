package input

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReadFileRegular(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "spec.yaml")
	os.WriteFile(p, []byte("space: acme/a\n"), 0o600)
	if b, err := ReadFile(p); err != nil || string(b) != "space: acme/a\n" {
		t.Fatalf("ReadFile = %q, %v", b, err)
	}
	link := filepath.Join(dir, "link.yaml")
	os.Symlink(p, link)
	if _, err := ReadFile(link); err != nil {
		t.Fatalf("a symlink to a regular file: %v", err)
	}
	if _, err := ReadFile(dir); err == nil || !strings.Contains(err.Error(), "a directory") {
		t.Fatalf("directory: %v", err)
	}
}

// A file one byte over the limit is refused; one at the limit is read.
func TestReadFileTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big")
	os.WriteFile(p, make([]byte, MaxSize), 0o600)
	if b, err := ReadFile(p); err != nil || len(b) != MaxSize {
		t.Fatalf("at the limit: %d, %v", len(b), err)
	}
	os.WriteFile(p, make([]byte, MaxSize+1), 0o600)
	if _, err := ReadFile(p); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Fatalf("over the limit: %v", err)
	}
}

// The attack: a FIFO (or /dev/zero, /dev/stdin) given as a secret or spec file. It is refused at once,
// not waited on for a writer nor read forever.
func TestReadFileRefusesFIFOsAndDevices(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	fifo := filepath.Join(t.TempDir(), "secret")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() { _, err := ReadFile(fifo); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "named pipe") {
			t.Fatalf("FIFO: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ReadFile waited on a FIFO")
	}
	if _, err := ReadFile("/dev/zero"); err == nil || !strings.Contains(err.Error(), "a device") {
		t.Fatalf("/dev/zero: %v", err)
	}
}

func TestReadAllBounded(t *testing.T) {
	if _, err := ReadAll(strings.NewReader(strings.Repeat("x", MaxSize+10))); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("ReadAll: %v", err)
	}
}
