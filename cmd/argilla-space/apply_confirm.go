package main

import (
	"context"
	"fmt"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// confirmFleet shows, on a terminal, the whole fleet's plan once and asks one yes/no before anything
// is sent, as `terraform apply` does (issue 10 item 3). --yes skips it; without a terminal nothing is
// asked here (the guard still refuses what can lose data or expose a Space). A change the guard
// stands for is asked again by the guard: a yes here is to the plan, not to a loss.
func (a *app) confirmFleet(ctx context.Context, r *fleetRun, entries []spaces.FleetEntry) error {
	if a.yes || !a.canPrompt() {
		return nil
	}
	rep := planReport(r.each(ctx, entries, r.planOne))
	if rep.Summary.Created+rep.Summary.Updated == 0 {
		return nil // nothing to apply: the run reports each Space as it is
	}
	if a.output == "json" { // stdout is for the one JSON document: the plan a person reads goes to stderr
		out, format := a.stdout, a.output
		a.stdout, a.output = a.stderr, "text"
		defer func() { a.stdout, a.output = out, format }()
	}
	if err := a.printFleetPlans(rep); err != nil {
		return err
	}
	what := fmt.Sprintf("%d to create, %d to change", rep.Summary.Created, rep.Summary.Updated)
	ok, err := a.prompts().Confirm(ctx, "Apply this plan ("+what+")?", "Only yes goes ahead; --yes skips this question.")
	if err != nil {
		return err
	}
	if !ok {
		return &spaces.DeclinedError{Space: entriesName(entries)}
	}
	return nil
}

// entriesName names a fleet for messages: its one Space, or how many.
func entriesName(entries []spaces.FleetEntry) string {
	if len(entries) == 1 {
		return entries[0].Spec.Space
	}
	return fmt.Sprintf("%d Spaces", len(entries))
}
