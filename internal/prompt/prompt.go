// Package prompt asks the user for missing inputs with huh v2 forms.
//
// Callers decide first whether prompting is allowed at all (CanPrompt): huh's
// TUI fails without a terminal and its accessible mode silently returns empty
// or default answers on EOF, so a form must never be the way a script or CI
// job supplies values. Every form is built by a separate function so tests can
// drive the real Bubble Tea loop with piped keystrokes (gh's pattern).
package prompt

import (
	"context"
	"errors"
	"fmt"
	"io"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// ErrCancelled is returned when the user aborts a form (Ctrl-C). The CLI maps
// it to exit code 130.
var ErrCancelled = errors.New("cancelled")

// ErrEmptySecret is returned when a secret that was asked for came back empty.
// huh's accessible mode returns "" with no error when a password field has no
// TTY to read from, so every form that asks a secret is checked afterwards.
var ErrEmptySecret = errors.New("empty secret: a password must be typed on a terminal")

// ErrPasswordMismatch is returned when a password typed twice differs. The
// forms already refuse a mismatch; this catches answers that bypassed the
// validators (accessible mode skips them on EOF).
var ErrPasswordMismatch = errors.New("the two passwords do not match")

// Prompter asks questions on a terminal. Commands depend on this interface so
// their tests can use a fake instead of driving huh. Cancelling ctx ends a
// TUI form; accessible mode cannot be interrupted that way (huh reads lines
// without a context).
type Prompter interface {
	// CreateWizard asks the create questions marked in q and returns the
	// answers, with q.Defaults for everything not asked.
	CreateWizard(ctx context.Context, q CreateQuestions) (CreateAnswers, error)
	// Confirm asks a yes/no question; the default answer is No.
	Confirm(ctx context.Context, title, description string) (bool, error)
	// ConfirmTyped asks the user to type want (e.g. a Space id) and reports
	// whether they did; for an OWNER/NAME want, NAME alone is accepted too
	// (TypedMatches).
	ConfirmTyped(ctx context.Context, title, want string) (bool, error)
	// Password asks a masked password of 8 to 100 characters; with twice it
	// must be typed a second time and match.
	Password(ctx context.Context, title string, twice bool) (string, error)
}

// Options configures the huh-backed Prompter.
type Options struct {
	// In is where keystrokes come from; nil means huh's default (stdin).
	// Pass os.Stdin itself, not a wrapper: accessible password fields read
	// only from a value with a terminal file descriptor.
	In io.Reader
	// Out is where forms are drawn; nil means huh's default (stderr for the
	// TUI, stdout in accessible mode), so callers that keep stdout clean for
	// --json should pass os.Stderr.
	Out io.Writer
	// Accessible selects huh's line-based accessible mode. huh does not read
	// ACCESSIBLE itself; the CLI sets this from ACCESSIBLE=1.
	Accessible bool
	// Width of the form in columns; 0 lets huh size it from the terminal.
	Width int
}

// New returns a Prompter backed by huh v2 forms.
func New(o Options) Prompter {
	return &huhPrompter{opts: o}
}

// huhPrompter runs forms with the configured IO.
type huhPrompter struct {
	opts Options
	// onView, set only by tests, is called on every render from Bubble Tea's
	// event loop, so tests can wait for form state instead of sleeping.
	onView func(*huh.Form)
}

// run applies the options to form, runs it and maps huh's errors to ours.
func (p *huhPrompter) run(ctx context.Context, form *huh.Form) error {
	if p.opts.In != nil {
		form = form.WithInput(p.opts.In)
	}
	if p.opts.Out != nil {
		form = form.WithOutput(p.opts.Out)
	}
	if p.opts.Width > 0 {
		form = form.WithWidth(p.opts.Width)
	}
	form = form.WithAccessible(p.opts.Accessible)
	if p.onView != nil {
		form = form.WithViewHook(func(v tea.View) tea.View {
			p.onView(form)
			return v
		})
	}
	return mapRunError(ctx, form.RunWithContext(ctx))
}

// mapRunError turns huh's errors into this package's: Ctrl-C becomes
// ErrCancelled, and a cancelled context is reported as such (huh would call it
// a timeout).
func mapRunError(ctx context.Context, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, huh.ErrUserAborted):
		return ErrCancelled
	case ctx.Err() != nil:
		return ctx.Err()
	default:
		return fmt.Errorf("prompt: %w", err)
	}
}
