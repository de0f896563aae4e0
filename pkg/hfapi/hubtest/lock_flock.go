//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package hubtest

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on path (created if needed) and returns its release function.
// flock is per open file description, so it also serializes goroutines of one process that each open
// the file, and other processes sharing the state file.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
