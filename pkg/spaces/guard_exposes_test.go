package spaces

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// fakeConfirmer answers the guard's question and records it.
type fakeConfirmer struct {
	answer bool
	title  string
}

func (f *fakeConfirmer) Confirm(_ context.Context, title, _ string) (bool, error) {
	f.title = title
	return f.answer, nil
}
func (f *fakeConfirmer) ConfirmTyped(context.Context, string, string) (bool, error) {
	return false, errors.New("not asked for a typed name")
}

// Making a private (or protected: the Hub reports both as private) Space public is planned as an
// exposure, and the guard asks for it like data loss, even on persistent storage.
func TestMakingAPrivateSpacePublicIsGuarded(t *testing.T) {
	st := existing(true)
	st.Info.Private = true
	p, err := NewPlan(Spec{Space: "acme/x", Visibility: "public"}, st, PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 1 || !p.Changes[0].Exposes || p.Changes[0].LosesData || !p.Exposes() {
		t.Fatalf("changes: %+v", p.Changes)
	}
	err = Guard(context.Background(), p, false, nil)
	var ce *ConfirmationError
	if !errors.As(err, &ce) || len(ce.Exposures) != 1 || len(ce.Reasons) != 0 {
		t.Fatalf("guard without a terminal: %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "it exposes the Space") || strings.Contains(msg, "lose data") ||
		!strings.Contains(msg, "anyone can join its Argilla") || !strings.Contains(msg, "--yes") {
		t.Fatalf("message: %s", msg)
	}
	if err := Guard(context.Background(), p, true, nil); err != nil {
		t.Fatalf("--yes: %v", err)
	}
	c := &fakeConfirmer{answer: false}
	var de *DeclinedError
	if err := Guard(context.Background(), p, false, c); !errors.As(err, &de) || !strings.Contains(c.title, "makes acme/x public") {
		t.Fatalf("declined: %v, asked %q", err, c.title)
	}
	c.answer = true
	if err := Guard(context.Background(), p, false, c); err != nil {
		t.Fatalf("confirmed: %v", err)
	}
}

// Making a Space private, keeping it public, or creating a public Space exposes nothing.
func TestNoExposureWithoutAPrivateSpaceMadePublic(t *testing.T) {
	pub := existing(true)
	for name, tc := range map[string]struct {
		spec Spec
		st   *State
	}{
		"public to private": {Spec{Space: "acme/x", Visibility: "private"}, pub},
		"public stays":      {Spec{Space: "acme/x", Visibility: "public"}, pub},
		"new public Space":  {Spec{Space: "acme/x", Visibility: "public"}, &State{ID: ID{"acme", "x"}}},
	} {
		p, err := NewPlan(tc.spec, tc.st, PlanOptions{Template: &Template{}})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.Exposes() {
			t.Errorf("%s: planned as an exposure: %+v", name, p.Changes)
		}
		if err := Guard(context.Background(), p, false, nil); err != nil {
			t.Errorf("%s: guarded: %v", name, err)
		}
	}
}

// Data loss and exposure together: one refusal that names both kinds.
func TestExposureAndLossTogether(t *testing.T) {
	st := existing(false)
	st.Info.Private = true
	p, err := NewPlan(Spec{Space: "acme/x", Visibility: "public"}, st, PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	err = Guard(context.Background(), p, false, nil)
	var ce *ConfirmationError
	if !errors.As(err, &ce) || len(ce.Reasons) != 1 || len(ce.Exposures) != 1 {
		t.Fatalf("guard: %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "it can lose data") || !strings.Contains(msg, "and it exposes the Space") ||
		!strings.Contains(msg, "storage set bucket") {
		t.Fatalf("message: %s", msg)
	}
}
