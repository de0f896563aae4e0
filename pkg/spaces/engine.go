package spaces

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// Engine runs every change to a Space the same way: Observe, Plan, Guard, Apply, then observe again and
// verify. Commands only say what they want (Request.Desire).
type Engine struct {
	Hub         *hfapi.Client
	Confirm     Confirmer     // nil when nobody can be asked
	Yes         bool          // --yes: data-losing plans are confirmed
	Progress    func(string)  // one line per step; nil = silent
	MaxAttempts int           // plans made after a concurrent change (HTTP 412 on a commit, 409 on a create); 0 = 5
	Stakes      StakesCounter // counts what a data-losing plan would wipe, for the guard; nil = not counted
	// Carry, when set, carries Argilla's data over a change that starts it on new persistent storage:
	// backup before, restore after (carry.go). nil = such a change starts Argilla empty.
	Carry *CarryOptions
}

// Request is one command's wish for one Space.
type Request struct {
	ID     ID
	Files  bool // the wish involves the OAuth file: read it (and the Dockerfile)
	DryRun bool // plan only: no mutating request
	// Desire turns the observed state into the desired spec. It is called again after a concurrent
	// commit, on the fresh state, so an edit such as "allow workspace X" is re-applied, never lost.
	Desire func(ctx context.Context, st *State) (Spec, PlanOptions, error)
}

// Outcome is what Run did.
type Outcome struct {
	Plan     *Plan
	Applied  *Applied
	State    *State // after the changes (before them on a dry run)
	Attempts int
	// Backup is the backup taken to carry Argilla's data to new storage (Engine.Carry), Restored
	// whether it was restored there.
	Backup   string
	Restored bool
	carry    bool // this run carries the data over
}

// NotAppliedError means the Hub answered OK but the Space does not show the change: a setting the Hub
// silently ignored (it has done so before, hence the check).
type NotAppliedError struct {
	Space   string
	Missing []Change
}

func (e *NotAppliedError) Error() string {
	var parts []string
	storage := false
	for _, c := range e.Missing {
		parts = append(parts, c.Summary)
		storage = storage || c.Kind == KindSetVolumes || c.Kind == KindSetStorageTier
	}
	msg := fmt.Sprintf("the Hub accepted the changes to %s but did not apply: %s", e.Space, strings.Join(parts, "; "))
	if storage {
		msg = fmt.Sprintf("%s is NOT persistent: no storage is attached at %s, so the next restart wipes all Argilla data.\n%s\nAttach it with `argilla-space storage set bucket --space %s` before anyone annotates.", e.Space, DataMount, msg, e.Space)
	}
	return msg
}

// Run plans and, unless it is a dry run, guards, applies and verifies.
func (e *Engine) Run(ctx context.Context, r Request) (*Outcome, error) {
	max := e.MaxAttempts
	if max <= 0 {
		max = 5
	}
	out := &Outcome{}
	for attempt := 1; ; attempt++ {
		out.Attempts = attempt
		st, err := Observe(ctx, e.Hub, r.ID, ObserveOptions{Files: r.Files})
		if err != nil {
			return out, err
		}
		out.State = st
		spec, opts, err := r.Desire(ctx, st)
		if err != nil {
			return out, err
		}
		if spec.Space == "" {
			spec.Space = st.ID.String() // the Hub's spelling once the Space exists
		}
		plan, err := NewPlan(spec, st, opts)
		if err != nil {
			return out, err
		}
		if spec, opts, plan, err = e.planCarry(ctx, st, spec, opts, plan, out); err != nil {
			return out, err
		}
		out.Plan = plan
		if r.DryRun || plan.Empty() {
			return out, nil
		}
		e.countStakes(ctx, st, plan)
		if err := Guard(ctx, plan, e.Yes, e.Confirm); err != nil {
			return out, err
		}
		if err := e.backupToCarry(ctx, st, out); err != nil {
			return out, err
		}
		e.Hub.Redact(spec.SecretValues()...)
		applied, err := Apply(ctx, e.Hub, plan, e.Progress)
		out.Applied = applied
		if conflict := errors.Is(err, ErrStaleHead) || errors.Is(err, ErrLostRace); conflict && attempt < max {
			// What this attempt planned and sent is superseded by the next plan, made on the fresh state.
			out.Plan, out.Applied = nil, nil
			if errors.Is(err, ErrLostRace) {
				e.say("someone else created the Space meanwhile: reading it and planning again")
			} else {
				e.say("someone else changed the Space repo meanwhile: reading it again and re-applying the edit")
			}
			continue
		} else if conflict {
			return out, &ConflictError{Space: r.ID.String(), Attempts: attempt, Err: err}
		}
		if err == nil {
			err = e.verify(ctx, r, spec, opts, out)
		}
		if err != nil {
			return out, e.carryFailed(r.ID, out, "changing the storage", err)
		}
		return out, e.restoreCarried(ctx, r.ID, out)
	}
}

func (e *Engine) verify(ctx context.Context, r Request, spec Spec, opts PlanOptions, out *Outcome) error {
	st, err := Observe(ctx, e.Hub, r.ID, ObserveOptions{Files: r.Files})
	if err != nil {
		return fmt.Errorf("changes applied, but reading %s back failed: %w", r.ID, err)
	}
	out.State = st
	if opts.Operation == OpDelete {
		if st.Exists {
			return &NotAppliedError{Space: r.ID.String(), Missing: out.Plan.Changes}
		}
		return nil
	}
	if !st.Exists {
		return fmt.Errorf("%s was not found after the changes", r.ID)
	}
	check := PlanOptions{GenerateSecret: func() string { return "" }, AnyArgillaVersion: opts.AnyArgillaVersion,
		NewSpace: out.Plan.creates()}
	again, err := NewPlan(spec, st, check)
	if err != nil {
		return err
	}
	if !again.Empty() && out.Plan.creates() && onlyCommits(again) {
		// A Hub that ignores `files` beside `template` made the Space from the template alone: commit
		// our OAuth file once, on the head just read, rather than fail. It costs one more build.
		e.say(fmt.Sprintf("the Hub created %s without the OAuth file sent with it: committing it now (one more build)", r.ID))
		applied, err := Apply(ctx, e.Hub, again, e.Progress)
		if out.Applied != nil && applied != nil {
			out.Applied.Done += applied.Done
			out.Applied.Commits += applied.Commits
		}
		if err != nil {
			return err
		}
		if st, err = Observe(ctx, e.Hub, r.ID, ObserveOptions{Files: r.Files}); err != nil {
			return fmt.Errorf("changes applied, but reading %s back failed: %w", r.ID, err)
		}
		out.State = st
		if again, err = NewPlan(spec, st, check); err != nil {
			return err
		}
	}
	if !again.Empty() {
		return &NotAppliedError{Space: r.ID.String(), Missing: again.Changes}
	}
	return nil
}

// creates reports a plan that creates the Space.
func (p *Plan) creates() bool {
	for _, c := range p.Changes {
		if c.Kind == KindCreateSpace {
			return true
		}
	}
	return false
}

// onlyCommits reports a plan made of file commits only.
func onlyCommits(p *Plan) bool {
	for _, c := range p.Changes {
		if c.Kind != KindCommitFile {
			return false
		}
	}
	return true
}

func (e *Engine) say(s string) {
	if e.Progress != nil {
		e.Progress(s)
	}
}

// Created reports whether this run created the Space, even when runErr says the run failed after, or
// while, sending the create request. The Hub finishes a request whose client went away (Ctrl-C, a
// dropped connection), so an unanswered create is settled with one read, on a context of its own
// since the run's may be cancelled.
func Created(ctx context.Context, hub *hfapi.Client, out *Outcome, runErr error) bool {
	if out == nil || out.Plan == nil || out.Plan.Exists || out.Applied == nil || errors.Is(runErr, ErrLostRace) {
		return false
	}
	for i, c := range out.Plan.Changes {
		if c.Kind != KindCreateSpace {
			continue
		}
		if i != out.Applied.Done || runErr == nil || hfapi.StatusOf(runErr) != 0 {
			return i < out.Applied.Done // sent and answered, or never sent, or refused
		}
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_, err := hub.SpaceInfo(rctx, out.Plan.Space)
		return err == nil
	}
	return false
}
