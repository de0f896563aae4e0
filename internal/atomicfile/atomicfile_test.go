package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// appendLine is an Update function that loses lines unless updates are serialized.
func appendLine(line string) func([]byte) ([]byte, error) {
	return func(old []byte) ([]byte, error) {
		return append(append([]byte{}, old...), line+"\n"...), nil
	}
}

func countLines(t *testing.T, path string) map[string]int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		seen[l]++
	}
	return seen
}

func TestUpdateConcurrentGoroutinesLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- Update(path, 0o600, appendLine(fmt.Sprint("line", i)))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	seen := countLines(t, path)
	if len(seen) != n {
		t.Fatalf("%d distinct lines, want %d: %v", len(seen), n, seen)
	}
	for l, c := range seen {
		if c != 1 {
			t.Fatalf("line %q written %d times", l, c)
		}
	}
}

// TestUpdateConcurrentProcessesLoseNothing runs this test binary as several writer processes.
func TestUpdateConcurrentProcessesLoseNothing(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" && runtime.GOOS != "windows" {
		t.Skip("no file lock on this system")
	}
	if path := os.Getenv("ATOMICFILE_WRITER"); path != "" {
		id := os.Getenv("ATOMICFILE_ID")
		for j := range 10 {
			if err := Update(path, 0o600, appendLine(id+"-"+strconv.Itoa(j))); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		os.Exit(0)
	}
	path := filepath.Join(t.TempDir(), "f")
	const procs = 6
	cmds := make([]*exec.Cmd, procs)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^TestUpdateConcurrentProcessesLoseNothing$")
		cmds[i].Env = append(os.Environ(), "ATOMICFILE_WRITER="+path, "ATOMICFILE_ID="+strconv.Itoa(i))
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	if seen := countLines(t, path); len(seen) != procs*10 {
		t.Fatalf("%d distinct lines, want %d", len(seen), procs*10)
	}
}

func TestUpdateUnchangedAndErrorsLeaveTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := WriteFile(path, []byte("v1"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Update(path, 0o644, func([]byte) ([]byte, error) { return nil, Unchanged }); err != nil {
		t.Fatalf("Unchanged gave %v", err)
	}
	boom := errors.New("boom")
	if err := Update(path, 0o644, func([]byte) ([]byte, error) { return []byte("v2"), boom }); !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "v1" {
		t.Fatalf("file is %q, want v1", b)
	}
	var got []byte
	missing := filepath.Join(filepath.Dir(path), "missing")
	Update(missing, 0o644, func(old []byte) ([]byte, error) { got = old; return nil, Unchanged })
	if got != nil {
		t.Fatalf("a missing file read as %q, want nil", got)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("Unchanged created the file")
	}
	assertNoTemp(t, filepath.Dir(path))
}

func TestPendingCloseDiscards(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "backup.tar.gz")
	WriteFile(path, []byte("old backup"), 0o600)
	p, err := Create(path, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	p.Write([]byte("half a new backup"))
	// A crash here leaves the old file whole; Close (or the next run) drops the temporary file.
	if b, _ := os.ReadFile(path); string(b) != "old backup" {
		t.Fatalf("target changed before Commit: %q", b)
	}
	p.Close()
	if err := p.Commit(); err == nil {
		t.Fatal("Commit after Close succeeded")
	}
	if b, _ := os.ReadFile(path); string(b) != "old backup" {
		t.Fatalf("target is %q after Close", b)
	}
	assertNoTemp(t, dir)
}

func TestSymlinkAtTargetIsNeverFollowed(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("precious"), 0o644)
	link := filepath.Join(dir, "argilla-space.yaml")
	if err := os.Symlink(victim, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	var nr *NotRegularError
	if err := WriteFile(link, []byte("space: a/b\n"), 0o644); !errors.As(err, &nr) || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("WriteFile through a link: %v", err)
	}
	if err := Update(link, 0o644, appendLine("x")); !errors.As(err, &nr) {
		t.Fatalf("Update through a link: %v", err)
	}
	if _, err := ReadFile(link); !errors.As(err, &nr) {
		t.Fatalf("ReadFile through a link: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Fatalf("the link's target was written: %q", b)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced")
	}
	// A link planted as the lock file is refused too.
	lockLink := filepath.Join(dir, ".creds.lock")
	os.Symlink(victim, lockLink)
	if err := Update(filepath.Join(dir, "creds"), 0o600, appendLine("x")); !errors.As(err, &nr) {
		t.Fatalf("Update with a linked lock file: %v", err)
	}
	assertNoTemp(t, dir)
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Fatalf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestWriteNewCreatesOnceAndNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "argilla-space.yaml")
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = WriteNew(path, []byte(fmt.Sprintf("space: acme/s%d\n", i)), 0o644)
		}()
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won >= 0:
			t.Fatalf("writers %d and %d both created the file", won, i)
		case err == nil:
			won = i
		case !errors.Is(err, os.ErrExist):
			t.Fatalf("writer %d: %v", i, err)
		}
	}
	if b, _ := os.ReadFile(path); string(b) != fmt.Sprintf("space: acme/s%d\n", won) {
		t.Fatalf("file is %q, written by %d", b, won)
	}
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("precious"), 0o644)
	link := filepath.Join(dir, "link.yaml")
	if os.Symlink(victim, link) == nil {
		if err := WriteNew(link, []byte("x"), 0o644); !errors.Is(err, os.ErrExist) {
			t.Fatalf("WriteNew over a link: %v", err)
		}
		if b, _ := os.ReadFile(victim); string(b) != "precious" {
			t.Fatal("WriteNew wrote through a link")
		}
	}
	assertNoTemp(t, dir)
}
