package spaces

import (
	"context"
	"fmt"
	"strings"
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

// Migrate makes a Space persistent without losing what Argilla holds: back it up, attach the bucket
// (the plan engine's storage change), wait for Argilla on the new storage, restore the backup and
// verify it. The guard asks once, before the backup, for the whole operation. If anything fails after
// the backup, the backup is kept and the error names the restore command that finishes the job.
func Migrate(ctx context.Context, e *Engine, id ID, bucket string, o CarryOptions) (*MigrateResult, error) {
	res := &MigrateResult{Space: id.String(), DryRun: o.DryRun}
	var desired Spec
	desire := func(ctx context.Context, st *State) (Spec, PlanOptions, error) {
		if !st.Exists {
			return Spec{}, PlanOptions{}, o.NotFound(id)
		}
		if desired.Space == "" { // decided once, on the Space as it was before the backup
			desired = Spec{Space: id.String(), Storage: &StorageSpec{Type: StorageBucket, Bucket: bucket}}
			desired.Owner = keepOwnerKey(st, o.Access.key(id))
		}
		return desired, PlanOptions{CarryData: true}, nil
	}
	dry, err := e.Run(ctx, Request{ID: id, DryRun: true, Desire: desire})
	if err != nil {
		return res, err
	}
	res.Plan, res.Stage = dry.Plan, dry.State.Stage()
	if dry.Plan.Empty() || o.DryRun {
		return res, nil
	}
	if !hasChange(dry.Plan, KindSetVolumes) && !hasChange(dry.Plan, KindSetStorageTier) {
		return res, fmt.Errorf("internal: a migration to a bucket planned no storage change: %s", kindsList(dry.Plan))
	}
	e.countStakes(ctx, dry.State, dry.Plan)
	if err := Guard(ctx, dry.Plan, e.Yes, e.Confirm); err != nil {
		return res, err
	}
	path, err := o.Carrier.Backup(ctx, dry.State, "migrate")
	if err != nil {
		return res, fmt.Errorf("backing up %s before the migration failed, so nothing was changed: %w", id, err)
	}
	res.Backup = path
	fail := func(step string, err error) error {
		return &CarryError{Space: id.String(), Step: step, Backup: path, Err: err}
	}
	confirmed := *e
	confirmed.Yes = true // the guard asked for the whole operation
	out, err := confirmed.Run(ctx, Request{ID: id, Desire: desire})
	if out != nil && out.Plan != nil {
		res.Plan = out.Plan
	}
	if err != nil {
		return res, fail("attaching the bucket", err)
	}
	if err := restoreAfterRestart(ctx, e, id, path, o, res); err != nil {
		return res, err
	}
	return res, nil
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

func hasChange(p *Plan, kind ChangeKind) bool {
	for _, c := range p.Changes {
		if c.Kind == kind {
			return true
		}
	}
	return false
}

func kindsList(p *Plan) string {
	var out []string
	for _, c := range p.Changes {
		out = append(out, string(c.Kind))
	}
	return strings.Join(out, ", ")
}

// key is the owner's API key of the Space, "" when none is known.
func (c ArgillaAccess) key(id ID) string {
	if c.APIKey == nil {
		return ""
	}
	return c.APIKey(id)
}
