// Package atomicfile writes the files argilla-space keeps (the credentials file, argilla-space.yaml, the
// in-process emulator's state, backups) so that concurrent writers and crashes never lose an entry nor
// leave a torn file.
//
// Every write goes to a temporary file in the target's directory, which is fsynced, renamed over the
// target, and then the directory is fsynced too: a reader sees the old file or the new one, never a part,
// and after a crash the rename is either on disk or not. rename(2) replaces a symbolic link at the target
// instead of writing through it, and Update refuses to read through one, so a link planted where we write
// cannot redirect the write elsewhere.
//
// Update adds an exclusive lock held across read-modify-write (flock on Unix, LockFileEx on Windows), in
// a hidden lock file beside the target (".NAME.lock"), which is left in place: removing it would let two
// writers hold locks on two different files.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Unchanged, returned by an Update function, leaves the file as it is; Update then returns nil.
var Unchanged = errors.New("atomicfile: unchanged")

// NotRegularError means the target exists but is not a regular file (a symbolic link, a FIFO, a device,
// a directory): we neither read nor write through it.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	what := "not a regular file"
	if e.Mode&fs.ModeSymlink != 0 {
		what = "a symbolic link"
	}
	return fmt.Sprintf("%s is %s, which argilla-space does not read or write through: replace it with a regular file (or remove it)", e.Path, what)
}

// Pending is a new version of a file being written; nothing is visible at the target until Commit.
// Close without Commit discards it. It suits large files written as a stream, such as backups.
type Pending struct {
	f      *os.File
	path   string
	done   bool
	synced bool
}

// Create starts a new version of path with mode perm (set before the first byte is written, so a
// secret is never readable by others, whatever the umask). The directory must exist.
func Create(path string, perm fs.FileMode) (*Pending, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(perm); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &Pending{f: f, path: path}, nil
}

// Write appends to the new version.
func (p *Pending) Write(b []byte) (int, error) { return p.f.Write(b) }

// Name is the temporary file's path (for messages; it is gone after Commit or Close).
func (p *Pending) Name() string { return p.f.Name() }

// Commit makes the new version the file: fsync, rename over the target, fsync the directory. A target
// that exists and is not a regular file is refused (*NotRegularError) and left alone.
func (p *Pending) Commit() error {
	if p.done {
		return errors.New("atomicfile: Commit after Commit or Close")
	}
	p.done = true
	tmp := p.f.Name()
	err := p.f.Sync()
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = checkRegular(p.path)
	}
	if err == nil {
		err = os.Rename(tmp, p.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(p.path))
}

// Close discards an uncommitted new version; after Commit it does nothing.
func (p *Pending) Close() error {
	if p.done {
		return nil
	}
	p.done = true
	p.f.Close()
	return os.Remove(p.f.Name())
}

// WriteFile replaces path with data, atomically and durably, with mode perm.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	p, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer p.Close()
	if _, err := p.Write(data); err != nil {
		return err
	}
	return p.Commit()
}

// WriteNew creates path with data only if nothing is there, atomically and durably: the new file is
// written aside, fsynced and hard-linked into place, which fails (fs.ErrExist) when anything, a link
// included, holds the name, so two writers never both create it and no lock file is left behind.
// Where hard links are not supported it falls back to the lock Update takes.
func WriteNew(path string, data []byte, perm fs.FileMode) error {
	p, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer p.Close()
	if _, err := p.Write(data); err == nil {
		err = p.f.Sync()
	}
	if err != nil {
		return err
	}
	err = os.Link(p.f.Name(), path)
	switch {
	case err == nil:
		return syncDir(filepath.Dir(path))
	case errors.Is(err, fs.ErrExist):
		return &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
	}
	return Update(path, perm, func(old []byte) ([]byte, error) {
		if old != nil {
			return nil, &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
		}
		return data, nil
	})
}

// Update reads path, passes its content to fn (nil when the file does not exist, so an empty file is
// told apart) and writes what fn returns, holding an exclusive lock meanwhile, so that concurrent
// updates, in this process or others, each see the previous one's result: no update is lost. fn
// returning Unchanged leaves the file alone; any other error is returned as it is. The directory must
// exist.
func Update(path string, perm fs.FileMode, fn func(old []byte) ([]byte, error)) error {
	unlock, err := Lock(path)
	if err != nil {
		return err
	}
	defer unlock()
	old, err := ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		old, err = nil, nil
	}
	if err != nil {
		return err
	}
	data, err := fn(old)
	if errors.Is(err, Unchanged) {
		return nil
	}
	if err != nil {
		return err
	}
	return WriteFile(path, data, perm)
}

// Lock takes the exclusive lock Update takes for path, waiting for it, and returns its release. Use it
// when a read-modify-write needs more than Update gives (several files under one lock).
func Lock(path string) (unlock func(), err error) {
	dir, base := filepath.Split(path)
	unlock, err = LockFile(filepath.Join(dir, "."+base+".lock"))
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return unlock, nil
}

// LockFile takes an exclusive lock on lockPath itself (created if needed, never through a link),
// waiting for it, and returns its release: for callers that name their own lock file.
func LockFile(lockPath string) (unlock func(), err error) {
	if err := checkRegular(lockPath); err != nil {
		return nil, err
	}
	return lockFile(lockPath)
}

// ReadFile reads path without following a symbolic link there (*NotRegularError), and refuses FIFOs and
// devices instead of waiting on them.
func ReadFile(path string) ([]byte, error) {
	if err := checkRegular(path); err != nil {
		return nil, err
	}
	f, err := openNoFollow(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	return io.ReadAll(f)
}

// checkRegular is nil when path is missing or a regular file.
func checkRegular(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	return nil
}
