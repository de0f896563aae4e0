package backup

import (
	"fmt"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// InputError is a problem with what the user gave: a damaged or newer backup, a destination that
// exists, a dataset that conflicts. Nothing was sent to Argilla because of it (unless Partial).
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputf(format string, args ...any) error { return &InputError{Msg: fmt.Sprintf(format, args...)} }

// NotOwnerError: the API key is not an owner's, and only an owner can read every user and dataset or
// create users. It matches argilla.ErrForbidden.
type NotOwnerError struct {
	Username, Role, Op string
}

func (e *NotOwnerError) Error() string {
	return fmt.Sprintf("%s needs the Argilla owner's API key, but this key belongs to %s (role %s): use the owner's key (ARGILLA_API_KEY, or the one `create` stored; `argilla-space owner set` rotates it)",
		e.Op, e.Username, e.Role)
}

// Unwrap makes the error a permission error.
func (e *NotOwnerError) Unwrap() error { return argilla.ErrForbidden }

// ConflictError: datasets exist in the target with other settings; restore refuses before writing
// anything, unless told to merge.
type ConflictError struct{ Conflicts []string }

func (e *ConflictError) Error() string {
	return "restore refused, nothing was written: " + strings.Join(e.Conflicts, "; ") +
		". Restore into another Space, delete or rename those datasets, or pass --merge to add the backup's records into them"
}

// VerifyError: after the restore, the target does not hold what the manifest lists.
type VerifyError struct{ Differences []string }

func (e *VerifyError) Error() string {
	return "restore done, but the check against the manifest found differences: " + strings.Join(e.Differences, "; ") +
		". Run the same restore again (it is idempotent); if the difference stays, the target was changed meanwhile"
}
