package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/argilla-space/argilla-space/internal/prompt"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// Exit codes (DESIGN.md, Conventions); `argilla-space help exit-codes` lists them.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitAuth        = 3
	exitSpaceFailed = 4
	exitConfirm     = 5
	exitChanges     = 6
	exitInterrupted = 130
)

const exitCodesHelp = `Exit codes:
  0    success
  1    failure
  2    invalid usage or input (the message names the flag to fix)
  3    authentication, permission or plan (HTTP 401, 402, 403)
  4    the Space failed (BUILD_ERROR, RUNTIME_ERROR) or a wait timed out
  5    a confirmation was needed but not given (data-loss guard; pass --yes)
  6    plan --exit-code found changes
  130  interrupted
`

// exitCodesJSON is `exit-codes -o json`: an object, as every command's JSON is, listing each code and
// its meaning in the order exitCodesHelp gives them.
func exitCodesJSON() map[string]any {
	type code struct {
		Code    int    `json:"code"`
		Meaning string `json:"meaning"`
	}
	var codes []code
	for _, l := range strings.Split(strings.TrimSpace(exitCodesHelp), "\n")[1:] {
		var c code
		if _, err := fmt.Sscan(l, &c.Code); err == nil {
			c.Meaning = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), strconv.Itoa(c.Code)))
			codes = append(codes, c)
		}
	}
	return map[string]any{"exitCodes": codes}
}

// usageError is bad input: exit 2.
type usageError struct {
	msg    string
	reason error // what kind of input error, for callers that handle one (errSpaceNotFound)
}

func (e *usageError) Error() string { return e.msg }

func (e *usageError) Unwrap() error { return e.reason }

// errSpaceNotFound marks the input error of a Space that is not there (or not visible to the token).
var errSpaceNotFound = errors.New("Space not found")

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// authError is a missing or refused token, missing rights or plan: exit 3.
type authError struct{ msg string }

func (e *authError) Error() string { return e.msg }

func authf(format string, args ...any) error { return &authError{msg: fmt.Sprintf(format, args...)} }

// exitError carries an explicit code (plan --exit-code).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func exitCode(err error) int {
	var (
		ue *usageError
		ae *authError
		ee *exitError
		ce *spaces.ConfirmationError
		de *spaces.DeclinedError
		fe *spaces.SpaceFailedError
		te *spaces.WaitTimeoutError
		le *spaces.LegacyStorageError
		xe *spaces.ExistsError
		re *spaces.RefusedError
		me *spaces.MissingEnvError
		pe *spaces.PermissionError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, prompt.ErrCancelled), errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &ue), errors.As(err, &le), errors.As(err, &xe), errors.As(err, &re), errors.As(err, &me):
		return exitUsage
	case errors.As(err, &ce), errors.As(err, &de):
		return exitConfirm
	case errors.As(err, &fe), errors.As(err, &te):
		return exitSpaceFailed
	case errors.As(err, &ae), errors.As(err, &pe):
		return exitAuth
	}
	switch hfapi.StatusOf(err) {
	case 401, 402, 403:
		return exitAuth
	}
	return exitFailure
}
