package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// mutation is one day-2 change to an existing Space. Every mutating command fills one and calls
// a.mutate, which runs it through the plan engine (Observe, Plan, Guard, Apply, verify), so --dry-run,
// -o json, the data-loss guard and the verification work the same everywhere.
type mutation struct {
	space   string
	dryRun  bool
	wait    bool
	timeout time.Duration
	noSave  bool // leave ./argilla-space.yaml as it is
	files   bool // the change reads or edits the OAuth file
	// desire turns the Space as observed into what the command wants. It runs again on fresh state
	// after a concurrent commit, so edits are re-applied, never lost.
	desire desireFunc
	// after runs once the change is applied (and waited for, with --wait): extra checks.
	after func(ctx context.Context, hub *hfapi.Client, out *spaces.Outcome) error
}

// desireFunc is what a command wants of a Space, given the Space as observed.
type desireFunc = func(ctx context.Context, st *spaces.State) (spaces.Spec, spaces.PlanOptions, error)

// fixed wants the same thing whatever the Space looks like now.
func fixed(spec spaces.Spec, opts spaces.PlanOptions) desireFunc {
	return func(context.Context, *spaces.State) (spaces.Spec, spaces.PlanOptions, error) { return spec, opts, nil }
}

// mutationCmd finishes a mutating command: the shared flags, and RunE handing run the command's
// mutation to fill and pass to a.mutate.
func mutationCmd(c *cobra.Command, run func(c *cobra.Command, args []string, m *mutation) error) *cobra.Command {
	var m mutation
	c.RunE = func(cc *cobra.Command, args []string) error { return run(cc, args, &m) }
	mutationFlags(c, &m)
	return c
}

// mutationFlags adds the flags every mutating command shares.
func mutationFlags(c *cobra.Command, m *mutation) {
	f := c.Flags()
	spaceFlag(f, &m.space)
	f.BoolVar(&m.dryRun, "dry-run", false, "print the plan (and what the guard would ask); send no change")
	f.BoolVar(&m.wait, "wait", false, "after a restart, wait until Argilla answers again (as create and apply do by default)")
	f.DurationVar(&m.timeout, "timeout", 20*time.Minute, "how long --wait waits")
	f.BoolVar(&m.noSave, "no-save", false, "do not update the fields argilla-space.yaml manages for this Space")
}

// mutationResult is the JSON shape of every day-2 command's answer, dry run or not (a dry run: dryRun
// true, applied 0, stage as observed before).
type mutationResult struct {
	Space   string       `json:"space"`
	DryRun  bool         `json:"dryRun"`
	Applied int          `json:"applied"`
	Plan    *spaces.Plan `json:"plan"`
	Stage   string       `json:"stage,omitempty"`
	Missing bool         `json:"missing,omitempty"` // delete --missing-ok: there was no Space (plan is null)
}

func (a *app) mutate(ctx context.Context, m mutation) (*spaces.Outcome, error) {
	id, err := a.targetSpace(m.space)
	if err != nil {
		return nil, err
	}
	hub, err := a.client()
	if err != nil {
		return nil, err
	}
	if m.timeout <= 0 {
		return nil, usagef("--timeout must be positive")
	}
	var wanted spaces.Spec // what was applied, for the spec file
	out, err := a.engine(hub).Run(ctx, spaces.Request{ID: id, Files: m.files, DryRun: m.dryRun,
		Desire: func(ctx context.Context, st *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
			if !st.Exists {
				return spaces.Spec{}, spaces.PlanOptions{}, notFound(id)
			}
			spec, opts, err := m.desire(ctx, st)
			spec.Space = id.String()
			wanted = spec
			return spec, opts, err
		}})
	if err != nil {
		return out, a.explainHubError(ctx, err)
	}
	if !m.dryRun && !m.noSave {
		a.keepSpecTrue(id, wanted)
	}
	res := mutationResult{Space: id.String(), DryRun: m.dryRun, Plan: out.Plan}
	if out.Applied != nil {
		res.Applied = out.Applied.Done
	}
	if out.State != nil {
		res.Stage = out.State.Stage()
	}
	if m.dryRun {
		// JSON: the same object as a real run, so a script reads .plan either way and .dryRun tells.
		if a.output == "json" {
			return out, a.writeJSON(res)
		}
		return out, a.printPlan(out.Plan)
	}
	if m.wait && out.Plan.Restarts() && out.Plan.Changes[len(out.Plan.Changes)-1].Kind != spaces.KindDeleteSpace {
		w, err := spaces.Wait(ctx, hub, id, a.waitOptions(hub, a.storedKey(hub, id), m.timeout))
		if w != nil {
			res.Stage = w.Stage
		}
		if err != nil {
			return out, err
		}
	}
	if m.after != nil {
		if err := m.after(ctx, hub, out); err != nil {
			return out, err
		}
	}
	if a.output == "json" {
		return out, a.writeJSON(res)
	}
	if out.Plan.Empty() {
		fmt.Fprintf(a.stdout, "%s: no changes\n", id)
		return out, nil
	}
	fmt.Fprintf(a.stdout, "%s: %s applied\n", id, plural(res.Applied, "change"))
	for _, c := range out.Plan.Changes {
		fmt.Fprintf(a.stdout, "  - %s\n", c.Summary)
	}
	if out.Plan.Restarts() && !m.wait {
		fmt.Fprintf(a.stdout, "The Space restarts; `argilla-space wait --space %s` follows it.\n", id)
	}
	return out, nil
}

// explainHubError adds what to do to the Hub's refusals of a change. A 403 for a read-only token gets
// the message `create` gives before any request (spaces.ReadOnlyToken); whoami is asked only then, so
// a command that succeeds sends no extra request.
func (a *app) explainHubError(ctx context.Context, err error) error {
	switch {
	case hfapi.IsForbidden(err):
		if hub, cerr := a.client(); cerr == nil {
			if who, werr := hub.WhoAmI(ctx); werr == nil {
				if rerr := spaces.ReadOnlyToken(who); rerr != nil {
					return rerr
				}
			}
		}
		return authf("%v: your token cannot change this Space (it needs write access to its owner)", err)
	case hfapi.IsPaymentRequired(err):
		return authf("%v: this needs a paid plan or billing on the Space's owner", err)
	}
	return err
}
