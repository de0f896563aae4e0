package prompt

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/huh/v2"
)

// buildConfirmForm builds a yes/no question whose answer starts at No, so a
// stray Enter never approves a data-losing action.
func buildConfirmForm(title, description string) (*huh.Form, *bool) {
	answer := new(bool)
	field := huh.NewConfirm().Key("confirm").
		Title(title).
		Description(description).
		Affirmative("Yes").Negative("No").
		Value(answer)
	return huh.NewForm(huh.NewGroup(field)), answer
}

// Confirm asks a yes/no question; the default is No.
func (p *huhPrompter) Confirm(ctx context.Context, title, description string) (bool, error) {
	form, answer := buildConfirmForm(title, description)
	if err := p.run(ctx, form); err != nil {
		return false, err
	}
	return *answer, nil
}

// buildConfirmTypedForm builds a field where want must be typed. A wrong
// answer is not refused by a validator: it simply means "no".
func buildConfirmTypedForm(title, want string) (*huh.Form, *string) {
	typed := new(string)
	field := huh.NewInput().Key("confirm-typed").
		Title(title).
		Description(fmt.Sprintf("Type %s to confirm.", typedHint(want))).
		Value(typed)
	return huh.NewForm(huh.NewGroup(field)), typed
}

// ConfirmTyped asks the user to type want and reports whether they did.
// Surrounding spaces are ignored (accessible mode trims them anyway); nothing
// else is: case and every character must match.
func (p *huhPrompter) ConfirmTyped(ctx context.Context, title, want string) (bool, error) {
	if want == "" {
		return false, errors.New("prompt: ConfirmTyped needs a non-empty text to type")
	}
	form, typed := buildConfirmTypedForm(title, want)
	if err := p.run(ctx, form); err != nil {
		return false, err
	}
	return TypedMatches(*typed, want), nil
}

// TypedMatches reports whether typed confirms want: exactly want, surrounding spaces aside; when want
// is a Space id OWNER/NAME, its NAME alone confirms too (people type back what they call the Space).
// Case and every other character must match: another owner's NAME is not this Space.
func TypedMatches(typed, want string) bool {
	typed = strings.TrimSpace(typed)
	if want == "" || typed == "" {
		return false
	}
	if typed == want {
		return true
	}
	owner, name, ok := strings.Cut(want, "/")
	return ok && owner != "" && typed == name
}

// typedHint says what may be typed for want.
func typedHint(want string) string {
	if _, name, ok := strings.Cut(want, "/"); ok && name != "" {
		return want + " (or " + name + ")"
	}
	return want
}
