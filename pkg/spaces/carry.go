package spaces

import (
	"context"
	"fmt"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// Carrier backs a Space's Argilla up and restores a backup into it: the backup package, behind an
// interface so that migrate and upgrade are tested without it.
type Carrier interface {
	// Backup writes everything Argilla holds to a new backup and returns where it is; reason names the
	// operation it is taken for ("migrate", "upgrade").
	Backup(ctx context.Context, st *State, reason string) (path string, err error)
	// Restore puts the backup at path into the Space's Argilla, then checks it against the backup's
	// manifest. A second run changes nothing that is already there.
	Restore(ctx context.Context, st *State, path string) error
}

// CarryError is a migration or upgrade that failed after its backup was taken: the backup is kept,
// and the message names the one command that finishes the job.
type CarryError struct {
	Space  string
	Step   string // what failed: "attaching the bucket", ...
	Backup string // "" when no backup was taken (--no-backup)
	Hint   string // what else to do first, if anything
	Err    error
}

func (e *CarryError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed: %v", e.Step, e.Err)
	if e.Hint != "" {
		b.WriteString("\n" + e.Hint)
	}
	if e.Backup != "" {
		fmt.Fprintf(&b, "\nThe backup taken before is kept at %s. %s finishes the job.", e.Backup, RestoreCommand(e.Space, e.Backup))
	}
	return b.String()
}

// Unwrap gives the cause, so a failed Space still exits 4 and a refused token 3.
func (e *CarryError) Unwrap() error { return e.Err }

// RestoreCommand is the command that restores a backup into a Space, quoted for a POSIX shell.
func RestoreCommand(space, path string) string {
	return fmt.Sprintf("`argilla-space restore %s --space %s`", shellQuote(path), space)
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%=,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// keepOwnerKey makes the owner keep the API key we reach Argilla with across a restart that starts it
// on a new database: the image creates the owner from the API_KEY secret, and without one it generates
// a key nobody can read back (reference §16.1), so the restore after the restart could not sign in.
// Nil when the secret is there (its value is write-only: we trust it is this key, as Wait checks).
func keepOwnerKey(st *State, key string) *OwnerSpec {
	if _, ok := st.SecretKeys[SecretAPIKey]; ok || key == "" {
		return nil
	}
	return &OwnerSpec{APIKey: key}
}

// CarryOptions are what migrate and upgrade share.
type CarryOptions struct {
	Carrier Carrier
	Access  ArgillaAccess // the owner's key: kept across the restart, and Wait checks it
	Wait    WaitOptions
	DryRun  bool
	// NotFound is the error for a Space that is not there (the CLI's, with its exit code).
	NotFound func(ID) error
	required bool // the migration was asked for: carry whatever there is, or refuse
}

// MigrateResult is what Migrate did.
type MigrateResult struct {
	Space    string `json:"space"`
	DryRun   bool   `json:"dryRun"`
	Plan     *Plan  `json:"plan"`
	Backup   string `json:"backup,omitempty"`
	Restored bool   `json:"restored"`
	Stage    string `json:"stage,omitempty"`
}

// Migrate makes a Space persistent without losing what Argilla holds: the engine, with Carry, backs it
// up, attaches the bucket, and once Argilla answers on the new storage restores the backup and
// verifies it. The guard asks once, before the backup, for the whole operation. If anything fails after
// the backup, the backup is kept and the error names the restore command that finishes the job.
func Migrate(ctx context.Context, e *Engine, id ID, bucket string, o CarryOptions) (*MigrateResult, error) {
	res := &MigrateResult{Space: id.String(), DryRun: o.DryRun}
	o.required = true
	c := *e
	c.Carry = &o
	out, err := c.Run(ctx, Request{ID: id, DryRun: o.DryRun, Desire: func(ctx context.Context, st *State) (Spec, PlanOptions, error) {
		if !st.Exists {
			return Spec{}, PlanOptions{}, o.NotFound(id)
		}
		return Spec{Space: id.String(), Storage: &StorageSpec{Type: StorageBucket, Bucket: bucket}}, PlanOptions{}, nil
	}})
	if out != nil {
		res.Plan, res.Backup, res.Restored = out.Plan, out.Backup, out.Restored
		if out.State != nil {
			res.Stage = out.State.Stage()
		}
	}
	return res, err
}

// startsOnNewStorage reports whether the plan restarts Argilla on storage that does not hold its data
// yet, and that persists: what a migration carries the data over.
func startsOnNewStorage(p *Plan) bool {
	for _, c := range p.Changes {
		if (c.Kind == KindSetVolumes || c.Kind == KindSetStorageTier) && c.LosesData && p.PersistentAfter {
			return true
		}
	}
	return false
}

// planCarry decides, on the first attempt of a run with Engine.Carry, whether the run carries Argilla's
// data over to new storage: when the plan starts Argilla on it and Argilla holds something (counted; a
// migration asked for by name carries whatever there is). Then the plan says so, and keeps the owner's
// API key across the restart. When Argilla does not answer, nothing can be backed up: a migration asked
// for is refused, an apply goes on as without Carry, with a warning.
func (e *Engine) planCarry(ctx context.Context, st *State, spec Spec, opts PlanOptions, p *Plan, out *Outcome) (Spec, PlanOptions, *Plan, error) {
	if e.Carry == nil || !startsOnNewStorage(p) {
		return spec, opts, p, nil
	}
	var stakes *argilla.Stakes
	if !out.carry {
		cctx, cancel := context.WithTimeout(ctx, stakesTimeout)
		s, err := e.Carry.Access.CountStakes(cctx, st)
		cancel()
		switch {
		case err != nil && e.Carry.required:
			return spec, opts, p, refusedf(err, "cannot migrate %s: Argilla cannot be read (%v), so nothing can be backed up; nothing was changed. Make it answer (`argilla-space restart --space %s --wait`; ARGILLA_API_KEY set to the owner's key), or attach the bucket without the data (`argilla-space storage set bucket`)", st.ID, err, st.ID)
		case err != nil:
			p.Warnings = append(p.Warnings, fmt.Sprintf("Argilla did not answer (%v), so its data cannot be carried over to the new storage", err))
			return spec, opts, p, nil
		case !e.Carry.required && s.Datasets == 0 && s.Users <= 1:
			return spec, opts, p, nil // nothing but the owner, whom the secrets create again
		}
		stakes, out.carry = s, true
	}
	opts.CarryData = true
	if owner := keepOwnerKey(st, e.Carry.Access.key(st.ID)); owner != nil {
		merged := OwnerSpec{}
		if spec.Owner != nil {
			merged = *spec.Owner
		}
		if merged.APIKey == "" {
			merged.APIKey = owner.APIKey
			spec.Owner = &merged
		}
	}
	np, err := NewPlan(spec, st, opts)
	if err != nil {
		return spec, opts, p, err
	}
	if stakes != nil {
		np.AtStake = stakes
	} else {
		np.AtStake = p.AtStake
	}
	return spec, opts, np, nil
}

// backupToCarry takes the backup of a run that carries the data, once (a retry after a concurrent
// commit keeps the first).
func (e *Engine) backupToCarry(ctx context.Context, st *State, out *Outcome) error {
	if !out.carry || out.Backup != "" {
		return nil
	}
	path, err := e.Carry.Carrier.Backup(ctx, st, "migrate")
	if err != nil {
		return fmt.Errorf("backing up %s before changing its storage failed, so nothing was changed: %w", st.ID, err)
	}
	out.Backup = path
	return nil
}

// carryFailed keeps the backup of a failed run that carries data, naming the command that finishes it.
func (e *Engine) carryFailed(id ID, out *Outcome, step string, err error) error {
	if out.Backup == "" {
		return err
	}
	return &CarryError{Space: id.String(), Step: step, Backup: out.Backup, Err: err}
}

// restoreCarried waits for Argilla on its new storage and restores the run's backup into it.
func (e *Engine) restoreCarried(ctx context.Context, id ID, out *Outcome) error {
	if out.Backup == "" {
		return nil
	}
	res := &MigrateResult{}
	err := restoreAfterRestart(ctx, e, id, out.Backup, *e.Carry, res)
	out.Restored = res.Restored
	return err
}

// restoreAfterRestart waits for Argilla on its new storage and restores the backup at path into it.
func restoreAfterRestart(ctx context.Context, e *Engine, id ID, path string, o CarryOptions, res *MigrateResult) error {
	w, err := Wait(ctx, e.Hub, id, o.Wait)
	if w != nil {
		res.Stage = w.Stage
	}
	if err != nil {
		return &CarryError{Space: id.String(), Step: "waiting for Argilla to start", Backup: path, Err: err}
	}
	st, err := Observe(ctx, e.Hub, id, ObserveOptions{})
	if err != nil {
		return &CarryError{Space: id.String(), Step: "reading the Space", Backup: path, Err: err}
	}
	e.say("restoring the backup " + path)
	if err := o.Carrier.Restore(ctx, st, path); err != nil {
		return &CarryError{Space: id.String(), Step: "restoring the backup", Backup: path, Err: err}
	}
	res.Restored = true
	return nil
}

// key is the owner's API key of the Space, "" when none is known.
func (c ArgillaAccess) key(id ID) string {
	if c.APIKey == nil {
		return ""
	}
	return c.APIKey(id)
}
