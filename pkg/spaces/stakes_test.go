package spaces

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// fakeCounter answers the guard's count without an Argilla server.
type fakeCounter struct {
	stakes *argilla.Stakes
	err    error
	block  bool // wait for the context to end
	calls  int
}

func (f *fakeCounter) CountStakes(ctx context.Context, st *State) (*argilla.Stakes, error) {
	f.calls++
	if f.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return f.stakes, f.err
}

// runEphemeralChange asks the engine for a restart-causing change of an ephemeral Space, in CI (nobody
// to ask), and returns the guard's refusal.
func runEphemeralChange(t *testing.T, c StakesCounter, yes bool) (*Outcome, error) {
	t.Helper()
	emu := emulator(t)
	hub := newHub(t, emu)
	ctx := context.Background()
	spec := createSpec("acme/eph")
	spec.Storage = &StorageSpec{Type: StorageEphemeral}
	if _, err := (&Engine{Hub: hub}).Run(ctx, createRequest(hub, spec)); err != nil {
		t.Fatal(err)
	}
	spec.Variables = map[string]string{"A": "1"}
	return (&Engine{Hub: hub, Stakes: c, Yes: yes}).Run(ctx, createRequest(hub, spec))
}

func TestGuardCountsWhatIsAtStake(t *testing.T) {
	c := &fakeCounter{stakes: &argilla.Stakes{Datasets: 3, Records: 12400, Responses: 5100, Users: 7}}
	out, err := runEphemeralChange(t, c, false)
	var ce *ConfirmationError
	if !errors.As(err, &ce) || ce.AtStake == nil || c.calls != 1 {
		t.Fatalf("%v (%d counts)", err, c.calls)
	}
	msg := err.Error()
	for _, want := range []string{"At stake now: 3 datasets, 12,400 records, 5,100 responses, 7 users.",
		"`argilla-space backup --space acme/eph`", "`argilla-space storage set bucket --migrate --space acme/eph`", "--yes"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal lacks %q:\n%s", want, msg)
		}
	}
	if out.Plan.AtStake == nil || out.Applied != nil {
		t.Fatalf("plan %+v applied %+v", out.Plan, out.Applied)
	}
}

func TestGuardSaysWhenArgillaDidNotAnswer(t *testing.T) {
	c := &fakeCounter{err: errors.New("the Space is BUILDING, not running")}
	_, err := runEphemeralChange(t, c, false)
	var ce *ConfirmationError
	if !errors.As(err, &ce) || ce.AtStake != nil || !strings.Contains(err.Error(), "could not be counted: Argilla did not answer (the Space is BUILDING, not running)") {
		t.Fatalf("%v", err)
	}
	if strings.Contains(err.Error(), "At stake now") {
		t.Fatalf("numbers without an answer: %v", err)
	}
}

// A count that does not come back in time is given up, and the guard still answers.
func TestGuardCountIsBounded(t *testing.T) {
	defer func(d time.Duration) { stakesTimeout = d }(stakesTimeout)
	stakesTimeout = 10 * time.Millisecond
	c := &fakeCounter{block: true}
	_, err := runEphemeralChange(t, c, false)
	var ce *ConfirmationError
	if !errors.As(err, &ce) || !strings.Contains(ce.Uncounted, "no answer within 10ms") {
		t.Fatalf("%v", err)
	}
}

// --yes accepts the loss: nothing to count, no request to Argilla.
func TestGuardDoesNotCountWhenConfirmed(t *testing.T) {
	c := &fakeCounter{stakes: &argilla.Stakes{Datasets: 1}}
	if _, err := runEphemeralChange(t, c, true); err != nil {
		t.Fatal(err)
	}
	if c.calls != 0 {
		t.Fatalf("counted %d times", c.calls)
	}
}

func TestArgillaAccessNeedsARunningSpaceAndAKey(t *testing.T) {
	st := existing(false)
	st.Runtime.Stage = "BUILDING"
	if _, err := (ArgillaAccess{}).CountStakes(context.Background(), st); err == nil || !strings.Contains(err.Error(), "BUILDING") {
		t.Fatalf("building: %v", err)
	}
	st.Runtime.Stage = "RUNNING"
	st.Info.Host = "https://acme-x.hf.space"
	c := ArgillaAccess{APIKey: func(ID) string { return "" }}
	if _, err := c.CountStakes(context.Background(), st); err == nil || !strings.Contains(err.Error(), "ARGILLA_API_KEY") {
		t.Fatalf("no key: %v", err)
	}
}

// capturingConfirmer says no and keeps what it was shown.
type capturingConfirmer struct{ shown string }

func (c *capturingConfirmer) Confirm(_ context.Context, title, description string) (bool, error) {
	c.shown = title + "\n" + description
	return false, nil
}

func (c *capturingConfirmer) ConfirmTyped(_ context.Context, title, _ string) (bool, error) {
	c.shown = title
	return false, nil
}

// On a terminal the question shows the same numbers the CI refusal gives.
func TestGuardQuestionShowsWhatIsAtStake(t *testing.T) {
	emu := emulator(t)
	hub := newHub(t, emu)
	ctx := context.Background()
	spec := ephemeralSpec("acme/ask")
	if _, err := (&Engine{Hub: hub}).Run(ctx, createRequest(hub, spec)); err != nil {
		t.Fatal(err)
	}
	spec.Variables = map[string]string{"A": "1"}
	c := &capturingConfirmer{}
	counter := &fakeCounter{stakes: &argilla.Stakes{Datasets: 2, Records: 1000, Responses: 10, Users: 3}}
	_, err := (&Engine{Hub: hub, Confirm: c, Stakes: counter}).Run(ctx, createRequest(hub, spec))
	var de *DeclinedError
	if !errors.As(err, &de) || !strings.Contains(c.shown, "At stake now: 2 datasets, 1,000 records, 10 responses, 3 users.") {
		t.Fatalf("%v; shown %q", err, c.shown)
	}
}
