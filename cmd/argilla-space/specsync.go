package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/argilla-space/argilla-space/internal/atomicfile"
	"github.com/argilla-space/argilla-space/pkg/spaces"
	"github.com/argilla-space/argilla-space/pkg/specfile"
)

// keepSpecTrue updates ./argilla-space.yaml after a day-2 change to the Space it describes, so that a
// later `apply` does not revert the change (issue 10 item 4). Only fields the file manages change, its
// comments and order kept (pkg/specfile); stderr says which, as `go get` says it edited go.mod. It never
// fails the command, which has already changed the Space: a file it cannot update is a warning.
func (a *app) keepSpecTrue(id spaces.ID, change spaces.Spec) {
	if _, err := os.Lstat(specFileName); err != nil {
		return // no spec file here: nothing to keep true (and no lock file left behind)
	}
	var fields []string
	var editErr error
	err := writeSpecFile(specFileName, func(old []byte) ([]byte, error) {
		if old == nil {
			return nil, atomicfile.Unchanged
		}
		out, f, err := specfile.Update(old, id.String(), change)
		if err != nil || len(f) == 0 {
			editErr = err
			return nil, atomicfile.Unchanged
		}
		fields = f
		return out, nil
	})
	if err == nil {
		err = editErr
	}
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(a.stderr, "warning: %s was not updated (%v): bring it in line by hand, or `argilla-space apply` will undo this change\n", specFileName, err)
	case len(fields) > 0:
		fmt.Fprintf(a.stderr, "%s: updated %s to match %s (--no-save leaves the file alone)\n", specFileName, strings.Join(fields, ", "), id)
	}
}

// writeSpecFile is the one way a command rewrites an existing spec file: under the lock, atomically,
// never through a link (internal/atomicfile).
func writeSpecFile(path string, edit func(old []byte) ([]byte, error)) error {
	return atomicfile.Update(path, 0o644, edit)
}
