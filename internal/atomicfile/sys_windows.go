//go:build windows

package atomicfile

import (
	"os"
	"syscall"
	"unsafe"
)

// The stdlib syscall package does not wrap LockFileEx, so it is loaded from kernel32 directly.
var (
	kernel32         = syscall.NewLazyDLL("kernel32.dll")
	procLockFileEx   = kernel32.NewProc("LockFileEx")
	procUnlockFileEx = kernel32.NewProc("UnlockFileEx")
)

const lockfileExclusiveLock = 0x2

// lockFile takes an exclusive LockFileEx lock on the first byte of path (created if needed).
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	var ol syscall.Overlapped
	r, _, callErr := procLockFileEx.Call(f.Fd(), lockfileExclusiveLock, 0, 1, 0, uintptr(unsafe.Pointer(&ol)))
	if r == 0 {
		f.Close()
		return nil, callErr
	}
	return func() {
		var ol syscall.Overlapped
		procUnlockFileEx.Call(f.Fd(), 0, 1, 0, uintptr(unsafe.Pointer(&ol)))
		f.Close()
	}, nil
}

// openNoFollow opens path for reading; the caller checked with Lstat that it is no link (Windows has
// no O_NOFOLLOW, and creating links there needs a privilege).
func openNoFollow(path string) (*os.File, error) { return os.Open(path) }

// syncDir does nothing: Go cannot open a directory for FlushFileBuffers on Windows; NTFS journals the
// rename itself, so this is the best Windows offers without extra privileges.
func syncDir(string) error { return nil }
