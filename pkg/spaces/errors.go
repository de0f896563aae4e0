package spaces

import "fmt"

// RefusedError is a change refused before anything was sent, because of what was asked: an OAuth file
// that would not be valid (Argilla would not start) or that leaves nobody able to sign in, a sleep time
// on cpu-basic, a storage tier downgrade. It is bad input, not a Hub failure (the CLI exits 2).
type RefusedError struct {
	msg string
	err error
}

func (e *RefusedError) Error() string { return e.msg }

// Unwrap gives the cause, such as an *oauthcfg.ValidationError with line numbers.
func (e *RefusedError) Unwrap() error { return e.err }

func refusedf(err error, format string, args ...any) error {
	return &RefusedError{msg: fmt.Sprintf(format, args...), err: err}
}
