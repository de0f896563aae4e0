// Package input reads what a user hands argilla-space as a file or on stdin (spec files, secret
// values, dotenv files, OAuth files), bounded: a named file must be a regular file (a FIFO or a
// device is refused, never waited on or read forever), and no input may exceed MaxSize.
package input

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// MaxSize is the largest input read: 1 MiB, far above any real spec, secret, dotenv or OAuth file,
// and small enough that a mistaken path (a log, an image, /dev/zero) fails at once.
const MaxSize = 1 << 20

// ErrTooLarge is matched by errors.Is on an input over MaxSize.
var ErrTooLarge = errors.New("larger than 1 MiB")

// ReadFile reads the regular file at path (symlinks followed), at most MaxSize bytes. The file is
// opened without blocking, so a FIFO is refused rather than waited on.
func ReadFile(path string) ([]byte, error) {
	if nonBlock == 0 { // no non-blocking open here: look before opening
		fi, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if err := regular(path, fi); err != nil {
			return nil, err
		}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat() // what was opened, not what the path named a moment ago
	if err != nil {
		return nil, err
	}
	if err := regular(path, fi); err != nil {
		return nil, err
	}
	b, err := ReadAll(f)
	if errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%s is %w: not a file argilla-space reads", path, ErrTooLarge)
	}
	return b, err
}

func regular(path string, fi os.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	kind := "not a regular file"
	switch m := fi.Mode(); {
	case m.IsDir():
		kind = "a directory"
	case m&os.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&os.ModeDevice != 0, m&os.ModeCharDevice != 0:
		kind = "a device"
	case m&os.ModeSocket != 0:
		kind = "a socket"
	}
	return fmt.Errorf("%s is %s, not a regular file: give a file, or pipe the content to stdin", path, kind)
}

// ReadAll reads r to its end, at most MaxSize bytes: more is ErrTooLarge (after reading one byte
// past the limit, never more).
func ReadAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxSize {
		return nil, ErrTooLarge
	}
	return b, nil
}
