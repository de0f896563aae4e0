//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package atomicfile

import "os"

// lockFile does nothing where neither flock nor LockFileEx exists: updates are then only safe from one
// process at a time.
func lockFile(string) (func(), error) { return func() {}, nil }

// openNoFollow opens path; the caller checked with Lstat that it is no link.
func openNoFollow(path string) (*os.File, error) { return os.Open(path) }

// syncDir is best effort here.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	d.Sync()
	return d.Close()
}
