package prompt

import (
	"context"

	"charm.land/huh/v2"
)

// SecretAsker asks for any secret value, masked, as `gh secret set` does. It is apart from Prompter so
// that Prompter's fakes need not change; the huh-backed Prompter implements it.
type SecretAsker interface {
	// Secret asks one masked value; empty is ErrEmptySecret.
	Secret(ctx context.Context, title string) (string, error)
}

// buildSecretForm builds the form Secret runs: one masked input, no rules on the value but non-empty.
func buildSecretForm(title string, v *string) *huh.Form {
	return huh.NewForm(huh.NewGroup(huh.NewInput().Key("secret").Title(title).
		Description("Typed characters are not shown.").EchoMode(huh.EchoModePassword).Value(v).
		Validate(func(s string) error {
			if s == "" {
				return ErrEmptySecret
			}
			return nil
		})))
}

// Secret asks one masked value. The value is checked after the form too: accessible mode without a TTY
// returns "" without running the validator.
func (p *huhPrompter) Secret(ctx context.Context, title string) (string, error) {
	var v string
	if err := p.run(ctx, buildSecretForm(title, &v)); err != nil {
		return "", err
	}
	if v == "" {
		return "", ErrEmptySecret
	}
	return v, nil
}
