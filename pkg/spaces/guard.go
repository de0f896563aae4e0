package spaces

import (
	"context"
	"fmt"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// Confirmer asks the person at the terminal. The CLI passes nil when it cannot prompt.
type Confirmer interface {
	Confirm(ctx context.Context, title, description string) (bool, error)
	ConfirmTyped(ctx context.Context, title, want string) (bool, error)
}

// ConfirmationError is returned when a plan can lose data, or exposes the Space, and nobody confirmed
// it (exit code 5).
type ConfirmationError struct {
	Space   string
	Reasons []string // what can be lost
	// Exposures are the other kind of reason: what the plan makes public.
	Exposures []string
	// AtStake is what Argilla holds now, when it answered; nil otherwise.
	AtStake *argilla.Stakes
	// Uncounted says why nothing was counted ("" when counting was not tried).
	Uncounted string
	Hint      string
}

func (e *ConfirmationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "refusing to change %s without confirmation: ", e.Space)
	if len(e.Reasons) > 0 {
		b.WriteString("it can lose data:\n")
		for _, r := range e.Reasons {
			fmt.Fprintf(&b, "  - %s\n", r)
		}
	}
	if len(e.Exposures) > 0 {
		if len(e.Reasons) > 0 {
			b.WriteString("and ")
		}
		b.WriteString("it exposes the Space:\n")
		for _, r := range e.Exposures {
			fmt.Fprintf(&b, "  - %s\n", r)
		}
	}
	if s := stakesLine(e.Space, e.AtStake, e.Uncounted); s != "" {
		b.WriteString(s + "\n")
	}
	b.WriteString(e.Hint)
	return b.String()
}

// stakesLine says what is at stake in numbers and how to keep it, or why it could not be counted.
func stakesLine(space string, s *argilla.Stakes, uncounted string) string {
	switch {
	case s != nil:
		return fmt.Sprintf("At stake now: %s. `argilla-space backup --space %s` saves them first.", s, space)
	case uncounted != "":
		return "What is at stake could not be counted: Argilla did not answer (" + uncounted + ")."
	}
	return ""
}

// exposureReason is what a change that makes the Space public gives away.
func exposureReason(p *Plan, ch Change) string {
	return fmt.Sprintf("%s: %s becomes visible to anyone, and with Sign in with Hugging Face on, anyone can join its Argilla as an annotator", ch.Summary, p.Space)
}

// DeclinedError is returned when the person answered no.
type DeclinedError struct{ Space string }

func (e *DeclinedError) Error() string { return "nothing changed on " + e.Space + ": not confirmed" }

// Guard refuses a plan that can lose data, or that makes a private Space public, unless it is
// confirmed: by yes (--yes), or by the person through c (a typed Space name where a change asks for
// one). With neither it returns a *ConfirmationError that names what would be lost or exposed, and how
// to make the Space persistent first.
func Guard(ctx context.Context, p *Plan, yes bool, c Confirmer) error {
	var reasons, exposures []string
	typed := ""
	for _, ch := range p.Changes {
		if ch.Exposes {
			exposures = append(exposures, exposureReason(p, ch))
		}
		if !ch.LosesData {
			continue
		}
		reasons = append(reasons, lossReason(p, ch))
		if ch.ConfirmName != "" {
			typed = p.Space // OWNER/NAME: the Confirmer accepts it or the NAME alone (issue 10 item 12)
		}
	}
	if len(reasons)+len(exposures) == 0 || yes {
		return nil
	}
	if c == nil {
		hint := "Pass --yes to accept this."
		if len(reasons) > 0 && !p.PersistentBefore && !p.deletes() { // persistence does not save a Space from deletion
			hint = fmt.Sprintf("Make the Space persistent first: `argilla-space storage set bucket --migrate --space %s` backs Argilla up, attaches a bucket and restores it there. Or pass --yes to accept the loss.", p.Space)
		}
		return &ConfirmationError{Space: p.Space, Reasons: reasons, Exposures: exposures, AtStake: p.AtStake,
			Uncounted: errText(p.stakesErr), Hint: hint}
	}
	desc := strings.Join(append(reasons, exposures...), "\n")
	if s := stakesLine(p.Space, p.AtStake, errText(p.stakesErr)); s != "" {
		desc += "\n" + s
	}
	title := "This can lose data on " + p.Space + ". Go ahead?"
	if len(reasons) == 0 {
		title = "This makes " + p.Space + " public. Go ahead?"
	}
	var ok bool
	var err error
	if typed != "" {
		ok, err = c.ConfirmTyped(ctx, fmt.Sprintf("%s\nType the Space name (%s or %s) to confirm", desc, typed, typedName(typed)), typed)
	} else {
		ok, err = c.Confirm(ctx, title, desc)
	}
	if err != nil {
		return err
	}
	if !ok {
		return &DeclinedError{Space: p.Space}
	}
	return nil
}

func lossReason(p *Plan, ch Change) string {
	switch {
	case ch.Kind == KindDeleteSpace || ch.ConfirmName != "":
		return ch.Summary
	case ch.Kind == KindSetVolumes || ch.Kind == KindSetStorageTier:
		return ch.Summary
	case ch.Kind == KindPause:
		return "pausing stops the container: its storage is ephemeral, so every Argilla user, dataset and annotation is lost"
	default:
		return fmt.Sprintf("%s: the Space restarts, and its storage is ephemeral: every Argilla user, dataset and annotation is wiped", strings.TrimSuffix(ch.Summary, "; the Space rebuilds"))
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// deletes reports whether the plan deletes the Space.
func (p *Plan) deletes() bool {
	for _, c := range p.Changes {
		if c.Kind == KindDeleteSpace {
			return true
		}
	}
	return false
}

// typedName is the NAME of an OWNER/NAME id, which also confirms a typed-back prompt.
func typedName(id string) string {
	_, name, _ := strings.Cut(id, "/")
	return name
}
