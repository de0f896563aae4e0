package prompt

import (
	"context"

	"charm.land/huh/v2"
)

// passwordField says how the password inputs behave.
type passwordField struct {
	title string
	// optional accepts an empty password (typed empty twice); a typed one is
	// still checked.
	optional bool
	// unread, when not nil, is cleared once the first input stored what was
	// typed. Accessible mode without a TTY never does, which tells "left
	// empty" from "could not be read".
	unread *bool
}

// passwordFields returns a masked password input bound to pw and, when
// confirm is not nil, a second masked input that must repeat it.
func passwordFields(f passwordField, pw, confirm *string) []huh.Field {
	title, desc, again := f.title, "8 to 100 characters.", "Repeat the password"
	if f.optional {
		// Accessible mode prints only the title, so it says "optional" too.
		title += " (optional: Enter for none)"
		desc = "Optional: Sign in with Hugging Face is on, so the owner can sign in with their Hugging Face account. " +
			"Leave both empty for no password, or type 8 to 100 characters."
		again += " (Enter if none)"
	}
	var acc huh.Accessor[string] = huh.NewPointerAccessor(pw)
	if f.unread != nil {
		acc = &readAccessor{value: pw, unread: f.unread}
	}
	fields := []huh.Field{huh.NewInput().Key("password").
		Title(title).
		Description(desc).
		EchoMode(huh.EchoModePassword).
		Accessor(acc).Validate(func(s string) error {
		if f.optional && s == "" {
			return nil
		}
		return validatePassword(s)
	})}
	if confirm != nil {
		fields = append(fields, huh.NewInput().Key("password-confirm").
			Title(again).
			EchoMode(huh.EchoModePassword).
			Value(confirm).Validate(func(s string) error {
			if s != *pw {
				return ErrPasswordMismatch
			}
			return nil
		}))
	}
	return fields
}

// readAccessor stores a value and notes that it was stored.
type readAccessor struct {
	value  *string
	unread *bool
}

// Get returns the value.
func (r *readAccessor) Get() string { return *r.value }

// Set stores the value and clears *unread.
func (r *readAccessor) Set(s string) {
	*r.value = s
	*r.unread = false
}

// passwordState holds what a password form writes.
type passwordState struct {
	password, confirm string
	twice             bool
}

// buildPasswordForm builds the form Password runs.
func buildPasswordForm(title string, twice bool) (*huh.Form, *passwordState) {
	st := &passwordState{twice: twice}
	var confirm *string
	if twice {
		confirm = &st.confirm
	}
	return huh.NewForm(huh.NewGroup(passwordFields(passwordField{title: title}, &st.password, confirm)...)), st
}

// Password asks a masked password and checks it after the form returns,
// because accessible mode returns "" without a TTY.
func (p *huhPrompter) Password(ctx context.Context, title string, twice bool) (string, error) {
	form, st := buildPasswordForm(title, twice)
	if err := p.run(ctx, form); err != nil {
		return "", err
	}
	if err := checkPassword(st.password, st.confirm, st.twice); err != nil {
		return "", err
	}
	return st.password, nil
}

// checkPassword reports an empty, badly sized or mismatched password.
func checkPassword(pw, confirm string, twice bool) error {
	if pw == "" {
		return ErrEmptySecret
	}
	if err := validatePassword(pw); err != nil {
		return err
	}
	if twice && confirm != pw {
		return ErrPasswordMismatch
	}
	return nil
}
