package prompt

import (
	"context"

	"charm.land/huh/v2"
)

// passwordFields returns a masked password input bound to pw and, when
// confirm is not nil, a second masked input that must repeat it.
func passwordFields(title string, pw, confirm *string) []huh.Field {
	fields := []huh.Field{huh.NewInput().Key("password").
		Title(title).
		Description("8 to 100 characters.").
		EchoMode(huh.EchoModePassword).
		Value(pw).Validate(validatePassword)}
	if confirm != nil {
		fields = append(fields, huh.NewInput().Key("password-confirm").
			Title("Repeat the password").
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
	return huh.NewForm(huh.NewGroup(passwordFields(title, &st.password, confirm)...)), st
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
