//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package hubtest

// lockFile is a no-op where neither flock nor LockFileEx exists: the state file is then only safe for
// one process at a time (the in-process mutex still serializes requests).
func lockFile(string) (func(), error) { return func() {}, nil }
