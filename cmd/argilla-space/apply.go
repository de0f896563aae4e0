package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// fleetOptions are the flags of `plan` and `apply`.
type fleetOptions struct {
	file          string
	parallel      int
	rotateSecrets bool
	exitCode      bool // plan: 6 when there are changes
	dryRun        bool // apply: plan only
	noWait        bool
	wait          bool // --wait, on by default as for create; --wait=false is --no-wait
	timeout       time.Duration
}

func fleetFlags(c *cobra.Command, o *fleetOptions) {
	f := c.Flags()
	f.StringVarP(&o.file, "file", "f", specFileName, "spec file (several YAML documents allowed) or directory of *.yaml/*.yml spec files")
	f.IntVar(&o.parallel, "parallel", 4, "Spaces worked on at once; one rate limiter is shared by all")
	f.BoolVar(&o.rotateSecrets, "rotate-secrets", false, "send every secret of the specs again, not only the missing ones")
}

func (a *app) planCmd() *cobra.Command {
	o := &fleetOptions{}
	c := &cobra.Command{
		Use:   "plan [-f FILE|DIR]",
		Short: "Show what apply would change on each Space of a spec file or directory",
		Long: `Compare each Space with its spec (argilla-space.yaml, a file of several YAML documents, or a
directory of them) and print what ` + "`apply`" + ` would do: create the Space, or change each setting,
secret key, variable, storage and the OAuth file (as a diff), marking what restarts the Space and what
can lose data. Changes made outside this tool (the web UI, another command) show up as drift.

Secrets are write-only on the Hub: a secret is planned when its key is missing, or always with
--rotate-secrets. ${NAME} values are read from the environment as apply would read them; a secret the
Space already has needs no value. Nothing is changed. With --exit-code the exit status is 0 when
every Space matches and 6 when there are changes.`,
		Example: `  argilla-space plan
  argilla-space plan -f spaces/ --exit-code -o json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return a.runPlan(c.Context(), o)
		},
	}
	fleetFlags(c, o)
	c.Flags().BoolVar(&o.exitCode, "exit-code", false, "exit 6 when there are changes, 0 when there are none")
	return c
}

func (a *app) applyCmd() *cobra.Command {
	o := &fleetOptions{}
	c := &cobra.Command{
		Use:   "apply [-f FILE|DIR]",
		Short: "Make each Space of a spec file or directory match its spec: create, change, verify, wait",
		Long: `Run the plan of each Space through the data-loss guard, apply it with the fewest Hub requests,
read the Space back to verify it, and wait until Argilla answers (unless --no-wait). A Space that
does not exist is created as ` + "`create`" + ` would (bucket OWNER/NAME-data, the Argilla template, the owner's
secrets; an API key is generated and saved when the spec names none). A Space that already matches
costs no change at all.

A fleet runs --parallel Spaces at once; when the Hub says "too many requests", every worker pauses
until the Hub's limit resets. A failure in one Space is reported and does not stop or undo the
others. Variables and secrets not in a spec are left alone: apply never deletes them.

On a terminal, apply first shows the whole fleet's plan and asks one yes/no (as terraform apply);
--yes skips the question. Without a terminal nothing is asked but what the data-loss guard asks.

Exit status: for one Space, that Space's (2 input, 3 permission or plan, 4 Space failed, 5 the guard
needs --yes); for a fleet, 1 when any Space failed.`,
		Example: `  ARGILLA_PASSWORD=... argilla-space apply
  argilla-space apply -f spaces/ --parallel 8 --no-wait -o json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if o.dryRun {
				return a.runPlan(c.Context(), o)
			}
			return a.runApply(c.Context(), o)
		},
	}
	fleetFlags(c, o)
	f := c.Flags()
	f.BoolVar(&o.dryRun, "dry-run", false, "print the plan (as the plan command does); send no change")
	f.BoolVar(&o.noWait, "no-wait", false, "return once the Hub accepted the changes, without waiting for Argilla")
	f.BoolVar(&o.wait, "wait", true, "after a create or restart, wait until Argilla answers (--wait=false is --no-wait)")
	f.DurationVar(&o.timeout, "timeout", 20*time.Minute, "how long to wait for each Space")
	return c
}

func (a *app) schemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of argilla-space.yaml (for editors and CI checks)",
		Long: `Print the JSON Schema (draft 2020-12) of the spec file, generated from the types apply reads.
Editors that speak YAML language server pick it up from a first line such as
  # yaml-language-server: $schema=./argilla-space.schema.json`,
		Example: `  argilla-space schema > argilla-space.schema.json`,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			b, err := spaces.SchemaJSON()
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(b)
			return err
		},
	}
}

// fleetResult is the stable JSON shape of one Space in `plan` and `apply` (README, "Spec files").
type fleetResult struct {
	Space   string       `json:"space"`
	File    string       `json:"file"`
	Result  string       `json:"result"`  // plan: create|change|none|failed; apply: created|updated|unchanged|failed
	Changes int          `json:"changes"` // plan: planned; apply: applied
	Seconds float64      `json:"seconds,omitempty"`
	Stage   string       `json:"stage,omitempty"`
	Error   string       `json:"error,omitempty"`
	Plan    *spaces.Plan `json:"plan"`

	err error
}

// fleetReport is the JSON answer of `plan` and `apply`.
type fleetReport struct {
	Spaces  []*fleetResult `json:"spaces"`
	Summary fleetSummary   `json:"summary"`
}

// fleetSummary counts the Spaces of a plan or an apply under the same keys: what apply did, or, for
// a plan, what applying it would do (create counts as created, change as updated, none as unchanged).
type fleetSummary struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Failed    int `json:"failed"`
}

// count adds one Space with the result of a plan or of an apply.
func (s *fleetSummary) count(result string) {
	switch result {
	case "create", "created":
		s.Created++
	case "change", "updated":
		s.Updated++
	case "none", "unchanged":
		s.Unchanged++
	default:
		s.Failed++
	}
}

// fleetRun holds what the workers of one plan or apply share: one Hub client (with one rate gate),
// the template, the hardware list, and a lock around the terminal (the credentials file locks itself).
type fleetRun struct {
	a   *app
	o   *fleetOptions
	hub *hfapi.Client

	mu        sync.Mutex // guards the lazily read template and hardware list
	template  *spaces.Template
	flavors   map[string]error // checked hardware flavors: nil = offered by the Hub
	confirmMu sync.Mutex       // one question on the terminal at a time
}

// startFleet reads the specs and prepares the shared client. Bad specs fail here, before any request.
func (a *app) startFleet(o *fleetOptions) (*fleetRun, []spaces.FleetEntry, error) {
	if o.parallel < 1 {
		return nil, nil, usagef("--parallel must be at least 1")
	}
	entries, err := spaces.LoadFleet(o.file)
	if errors.Is(err, os.ErrNotExist) && o.file == specFileName {
		return nil, nil, usagef("no %s here: pass -f FILE|DIR, or write one with `argilla-space create`", specFileName)
	}
	if err != nil {
		return nil, nil, usagef("%v", err)
	}
	hub, err := a.client()
	if err != nil {
		return nil, nil, err
	}
	hub.SetGate(&hfapi.RateGate{})
	if _, err := a.userDirs(); err != nil { // resolved once here: the workers only read it
		return nil, nil, err
	}
	if a.canPrompt() {
		a.prompts()
	}
	return &fleetRun{a: a, o: o, hub: hub, flavors: map[string]error{}}, entries, nil
}

// each runs fn for every entry, o.parallel at a time, and returns the results in the entries' order.
func (r *fleetRun) each(ctx context.Context, entries []spaces.FleetEntry, fn func(context.Context, spaces.FleetEntry) *fleetResult) []*fleetResult {
	out := make([]*fleetResult, len(entries))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(r.o.parallel, len(entries)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				start := time.Now()
				res := fn(ctx, entries[i])
				res.Seconds = time.Since(start).Round(10 * time.Millisecond).Seconds()
				out[i] = res
			}
		}()
	}
	for i := range entries {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// engine is the app's engine with progress lines that name the Space, and one question at a time.
func (r *fleetRun) engine(id spaces.ID) *spaces.Engine {
	e := r.a.engine(r.hub)
	e.Progress = func(s string) { r.a.progress(id.String() + ": " + s) }
	// A spec that makes an ephemeral Space with data persistent carries the data over (migrate).
	carry := r.a.carryOptions(r.hub, id, r.o.timeout, false)
	e.Carry = &carry
	if e.Confirm != nil {
		e.Confirm = &lockedConfirmer{c: e.Confirm, mu: &r.confirmMu}
	}
	return e
}

// lockedConfirmer lets one worker at a time ask the person at the terminal.
type lockedConfirmer struct {
	c  spaces.Confirmer
	mu *sync.Mutex
}

func (l *lockedConfirmer) Confirm(ctx context.Context, title, description string) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.c.Confirm(ctx, title, description)
}

func (l *lockedConfirmer) ConfirmTyped(ctx context.Context, title, want string) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.c.ConfirmTyped(ctx, title, want)
}

// spaceWish is what desire learned about one Space, for the steps after the engine.
type spaceWish struct {
	spec    spaces.Spec // resolved: real values, create defaults filled in
	madeKey string      // the API key generated for a new Space, kept if desire runs again
	apply   bool        // not a plan: a new Space's key is kept pending before the create
}

// desire turns the file's spec into the desired state of the observed Space: values from the
// environment (only those that will be sent), then for a new Space the same checks and defaults as
// `create`. It may run again after a concurrent commit; a generated key is kept across runs.
func (r *fleetRun) desire(e spaces.FleetEntry, w *spaceWish) func(context.Context, *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
	return func(ctx context.Context, st *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
		opts := spaces.PlanOptions{RotateSecrets: r.o.rotateSecrets}
		spec, err := e.Spec.Resolve(st, r.a.getenv, r.o.rotateSecrets)
		if err == nil {
			err = spec.CheckTokenCopy(r.hub.Token())
		}
		if err != nil {
			return spec, opts, usagef("%v", err)
		}
		r.hub.Redact(spec.SecretValues()...)
		if err := r.checkHardware(ctx, spec, st); err != nil {
			var unknown *usageError
			if errors.As(err, &unknown) { // the file's value: say where it is
				err = usagef("%s: %v", e.KeyAt("hardware"), err)
			}
			return spec, opts, err
		}
		if !st.Exists {
			if err := e.NeedsVisibility(); err != nil {
				return spec, opts, usagef("%v", err)
			}
			if opts.Template, err = r.createDefaults(ctx, &spec, w); err != nil {
				return spec, opts, err
			}
		}
		w.spec = spec
		return spec, opts, nil
	}
}

// createDefaults applies create's rules to a new Space: the namespace must allow a Docker Space, the
// owner defaults to the token's user, and a missing API key is generated (and saved after the create).
func (r *fleetRun) createDefaults(ctx context.Context, spec *spaces.Spec, w *spaceWish) (*spaces.Template, error) {
	id, _ := spaces.ParseID(spec.Space, "")
	who, err := whoami(ctx, r.hub)
	if err != nil {
		return nil, err
	}
	bucket := ""
	if spec.Storage != nil {
		bucket = spec.Storage.Bucket
	}
	if err := preflight(who, id.Owner, spec.Visibility, bucket); err != nil {
		return nil, err
	}
	owner := spaces.OwnerSpec{}
	if spec.Owner != nil {
		owner = *spec.Owner
	}
	if owner.Username == "" {
		owner.Username = who.Name
	}
	if owner.APIKey == "" {
		store := r.a.keyStore(r.hub)
		if w.madeKey == "" {
			w.madeKey, _ = spaces.KeyForNewSpace(store, id)
			r.hub.Redact(w.madeKey)
		}
		owner.APIKey = w.madeKey
		if w.apply {
			if err := spaces.KeepBeforeCreate(store, id, w.madeKey, owner.Username); err != nil {
				return nil, err
			}
		}
	}
	spec.Owner = &owner
	return r.loadTemplate(ctx)
}

func (r *fleetRun) loadTemplate(ctx context.Context) (*spaces.Template, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.template == nil {
		t, err := spaces.LoadTemplate(ctx, r.hub)
		if err != nil {
			return nil, err
		}
		r.template = t
	}
	return r.template, nil
}

// checkHardware checks a flavor that would change against the Hub's live list (read once per run).
// A sleep time the hardware would ignore is the plan's to refuse.
func (r *fleetRun) checkHardware(ctx context.Context, spec spaces.Spec, st *spaces.State) error {
	if spec.Hardware != "" && spec.Hardware != st.Hardware() {
		return r.knownFlavor(ctx, spec.Hardware)
	}
	return nil
}

func (r *fleetRun) knownFlavor(ctx context.Context, flavor string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err, ok := r.flavors[flavor]; ok {
		return err
	}
	err := checkHardware(ctx, r.hub, flavor)
	var unknown *usageError
	if err == nil || errors.As(err, &unknown) {
		r.flavors[flavor] = err // the Hub's answer, good or bad; a failed read is tried again
	}
	return err
}

// fail records err on res with what to do, the way single commands explain it.
func (r *fleetRun) fail(ctx context.Context, res *fleetResult, err error) *fleetResult {
	err = r.a.explainHubError(ctx, err)
	res.Result, res.err, res.Error = "failed", err, r.a.redact(err.Error())
	return res
}

// finish turns the results into the command's error: for one Space its own (so exit codes mean what
// they mean everywhere); for a fleet, exit 1 when any Space failed, each failure printed on stderr.
func (r *fleetRun) finish(ctx context.Context, results []*fleetResult) error {
	if ctx.Err() != nil {
		return context.Canceled
	}
	var failed []*fleetResult
	for _, res := range results {
		if res.err != nil {
			failed = append(failed, res)
		}
	}
	switch {
	case len(failed) == 0:
		return nil
	case len(results) == 1:
		return failed[0].err
	}
	for _, res := range failed {
		fmt.Fprintf(r.a.stderr, "error: %s (%s): %s\n", res.Space, res.File, res.Error)
	}
	return &exitError{code: exitFailure, msg: fmt.Sprintf("%d of %s failed", len(failed), plural(len(results), "Space"))}
}

// setPlan records the plan, with `"changes": []` rather than null in JSON when there are none.
func (res *fleetResult) setPlan(p *spaces.Plan) {
	if p.Changes == nil {
		p.Changes = []spaces.Change{}
	}
	res.Plan, res.Changes = p, len(p.Changes)
}

func newFleetResult(e spaces.FleetEntry) *fleetResult {
	return &fleetResult{Space: e.Spec.Space, File: e.Where()}
}

func (a *app) runPlan(ctx context.Context, o *fleetOptions) error {
	r, entries, err := a.startFleet(o)
	if err != nil {
		return err
	}
	results := r.each(ctx, entries, r.planOne)
	rep := planReport(results)
	if a.output == "json" {
		if err := a.writeJSON(rep); err != nil {
			return err
		}
	} else if err := a.printFleetPlans(rep); err != nil {
		return err
	}
	if err := r.finish(ctx, results); err != nil {
		return err
	}
	if o.exitCode && rep.Summary.Created+rep.Summary.Updated > 0 {
		return &exitError{code: exitChanges}
	}
	return nil
}

// planReport sums up the plans of a fleet.
func planReport(results []*fleetResult) fleetReport {
	rep := fleetReport{Spaces: results}
	for _, res := range results {
		rep.Summary.count(res.Result)
		res.Seconds = 0 // a plan's timing is noise in a document meant for diffs and CI
	}
	return rep
}

// planOne plans one Space: observe and plan, nothing sent.
func (r *fleetRun) planOne(ctx context.Context, e spaces.FleetEntry) *fleetResult {
	res := newFleetResult(e)
	id, _ := spaces.ParseID(e.Spec.Space, "")
	w := &spaceWish{}
	out, err := r.engine(id).Run(ctx, spaces.Request{ID: id, Files: e.Spec.ReadsFiles(), DryRun: true, Desire: r.desire(e, w)})
	if err != nil {
		return r.fail(ctx, res, err)
	}
	res.setPlan(out.Plan)
	switch {
	case !out.Plan.Exists:
		res.Result = "create"
	case out.Plan.Empty():
		res.Result = "none"
	default:
		res.Result = "change"
	}
	return res
}

func (a *app) printFleetPlans(rep fleetReport) error {
	for i, res := range rep.Spaces {
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		if res.Plan == nil {
			fmt.Fprintf(a.stdout, "%s: cannot plan (%s)\n", res.Space, firstLine(res.Error))
			continue
		}
		if err := a.printPlan(res.Plan); err != nil {
			return err
		}
	}
	s := rep.Summary
	line := fmt.Sprintf("Plan: %d to create, %d to change, %d unchanged", s.Created, s.Updated, s.Unchanged)
	if s.Failed > 0 {
		line += fmt.Sprintf(", %d failed", s.Failed)
	}
	if len(rep.Spaces) > 1 {
		fmt.Fprintln(a.stdout)
	}
	fmt.Fprintln(a.stdout, line+".")
	return nil
}

func (a *app) runApply(ctx context.Context, o *fleetOptions) error {
	if o.timeout <= 0 {
		return usagef("--timeout must be positive")
	}
	r, entries, err := a.startFleet(o)
	if err != nil {
		return err
	}
	if err := a.confirmFleet(ctx, r, entries); err != nil {
		return err
	}
	results := r.each(ctx, entries, r.applyOne)
	rep := fleetReport{Spaces: results}
	for _, res := range results {
		rep.Summary.count(res.Result)
	}
	if a.output == "json" {
		if err := a.writeJSON(rep); err != nil {
			return err
		}
	} else {
		a.printApplyTable(rep)
	}
	return r.finish(ctx, results)
}

// applyOne makes one Space match its spec: the engine guards, applies and verifies; then the API key
// of a new Space is saved for `connect`, and a restarted Space is waited for.
func (r *fleetRun) applyOne(ctx context.Context, e spaces.FleetEntry) *fleetResult {
	res := newFleetResult(e)
	id, _ := spaces.ParseID(e.Spec.Space, "")
	w := &spaceWish{apply: true}
	out, err := r.engine(id).Run(ctx, spaces.Request{ID: id, Files: e.Spec.ReadsFiles(), Desire: r.desire(e, w)})
	if out != nil && out.Plan != nil {
		res.setPlan(out.Plan)
		res.Changes = 0 // apply counts what was applied; the plan in JSON lists what was planned
	}
	if out != nil && out.Applied != nil {
		res.Changes = out.Applied.Done
	}
	created := spaces.Created(ctx, r.hub, out, err)
	if created {
		r.saveKey(id, w.spec) // whatever fails next, the Space exists with this key
	} else if w.madeKey != "" {
		_ = r.a.keyStore(r.hub).DropPending(id, w.madeKey) // another run created it, with its own key
	} else if out != nil && out.State != nil && out.State.Exists {
		// Created by an interrupted apply here: its key was pending, and is the owner's.
		key, ok, kerr := spaces.ResumeKey(r.a.keyStore(r.hub), id, "")
		if kerr != nil && err == nil {
			err = kerr
		}
		if ok {
			w.madeKey = key // its mark ends with this run, below
		}
	}
	if err != nil {
		return r.fail(ctx, res, r.a.explainCreateFailure(ctx, err, id, created))
	}
	for _, warn := range out.Plan.Warnings {
		fmt.Fprintf(r.a.stderr, "warning: %s: %s\n", id, warn)
	}
	switch {
	case created:
		res.Result = "created"
	case out.Plan.Empty():
		res.Result = "unchanged"
	default:
		res.Result = "updated"
	}
	if out.State != nil {
		res.Stage = out.State.Stage()
	}
	defer func() {
		if res.err == nil && w.madeKey != "" {
			_ = r.a.keyStore(r.hub).DropPending(id, w.madeKey) // done: nothing left to resume
		}
	}()
	if r.o.noWait || !r.o.wait || !(created || out.Plan.Restarts()) {
		return res
	}
	// A new Space's key is the owner's; after an update Argilla keeps the owner it has (secrets take
	// effect only once), so only its answering is checked.
	key := ""
	if created && w.spec.Owner != nil {
		key = w.spec.Owner.APIKey
	}
	opts := r.a.waitOptions(r.hub, key, r.o.timeout)
	opts.Progress = func(s string) { r.a.progress(id.String() + ": " + s) }
	wr, err := spaces.Wait(ctx, r.hub, id, opts)
	if wr != nil {
		res.Stage = wr.Stage
	}
	if err != nil {
		return r.fail(ctx, res, err)
	}
	return res
}

// saveKey keeps a new Space's owner API key for `connect`, as `create` does.
func (r *fleetRun) saveKey(id spaces.ID, spec spaces.Spec) {
	if spec.Owner == nil || spec.Owner.APIKey == "" {
		return
	}
	if err := r.a.saveKey(r.hub, id, spec.Owner.APIKey, spec.Owner.Username); err != nil {
		fmt.Fprintf(r.a.stderr, "note: %s: could not save the API key: %v\n", id, err)
	}
}

// printApplyTable is the summary at the end of apply: one row per Space.
func (a *app) printApplyTable(rep fleetReport) {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SPACE\tRESULT\tCHANGES\tSECONDS\tNOTE")
	for _, res := range rep.Spaces {
		note := res.Stage
		if res.Error != "" {
			note = firstLine(res.Error)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.1f\t%s\n", res.Space, res.Result, res.Changes, res.Seconds, note)
	}
	tw.Flush()
	s := rep.Summary
	fmt.Fprintf(a.stdout, "%s: %d created, %d updated, %d unchanged, %d failed\n",
		plural(len(rep.Spaces), "Space"), s.Created, s.Updated, s.Unchanged, s.Failed)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
