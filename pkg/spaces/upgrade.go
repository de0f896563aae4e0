package spaces

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// UpgradeOptions tune Upgrade.
type UpgradeOptions struct {
	CarryOptions
	To         string // the version to go to; "" = NewestArgillaVersion
	AnyVersion bool   // --any-version: a tag argilla-space does not know
	NoBackup   bool   // --no-backup
}

// UpgradeResult is what Upgrade did.
type UpgradeResult struct {
	Space string `json:"space"`
	// From is the version the Space's database has reached: what Argilla reports running, else the
	// Dockerfile's pin.
	From    string `json:"from"`
	Pinned  string `json:"pinned"`            // the Dockerfile's tag before
	Running string `json:"running,omitempty"` // GET /api/v1/version before ("" when Argilla did not answer)
	To      string `json:"to"`
	DryRun  bool   `json:"dryRun"`
	Plan    *Plan  `json:"plan"`
	Backup  string `json:"backup,omitempty"`
	// Restored: the Space's storage is ephemeral, so the rebuild started Argilla empty and the backup was
	// restored into it.
	Restored bool   `json:"restored"`
	After    string `json:"after,omitempty"` // GET /api/v1/version after
	Stage    string `json:"stage,omitempty"`
}

// versionTimeout bounds the read of the running version before an upgrade.
const versionTimeout = 15 * time.Second

// Upgrade moves a Space to another Argilla release: it reads the version the Space runs, refuses a
// downgrade, asks the guard once, takes a backup (unless NoBackup), commits the new FROM line through
// the plan engine (one build), waits, and checks GET /api/v1/version. On a Space without persistent
// storage the rebuild starts Argilla empty, so the backup is restored into it. A failure after the
// backup keeps it and names the restore command; a failed build also names the way back.
func Upgrade(ctx context.Context, e *Engine, id ID, o UpgradeOptions) (*UpgradeResult, error) {
	res := &UpgradeResult{Space: id.String(), DryRun: o.DryRun}
	st, err := Observe(ctx, e.Hub, id, ObserveOptions{Files: true})
	if err != nil {
		return res, err
	}
	if !st.Exists {
		return res, o.NotFound(id)
	}
	res.Stage = st.Stage()
	ref, ok := FindArgillaImage(st.Dockerfile)
	if !ok {
		return res, notArgillaImage(ref)
	}
	pinned, err := ref.Version()
	if err != nil {
		return res, refusedf(err, "cannot tell which Argilla version %s runs: its Dockerfile builds FROM %s (%v); edit the FROM line by hand", id, ref, err)
	}
	res.Pinned, res.From = orNone(ref.Tag), pinned.String()
	from := pinned
	if running, ok := runningVersion(ctx, st, o.Access); ok {
		res.Running = running.String()
		if running.Compare(from) > 0 {
			from = running
		}
		res.From = from.String()
	}
	to := NewestArgillaVersion()
	if o.To != "" {
		if to, err = CheckArgillaVersion(o.To, o.AnyVersion); err != nil {
			return res, err
		}
	}
	res.To = to.String()
	e.say(fmt.Sprintf("%s: Argilla %s -> %s", id, res.From, res.To))
	if to.Compare(from) < 0 && (res.Running != "" || st.Stage() != "BUILD_ERROR") {
		de := &DowngradeError{Space: id.String(), From: from, To: to}
		return res, refusedf(de, "%s", de.Error())
	}
	desire := func(ctx context.Context, st *State) (Spec, PlanOptions, error) {
		if !st.Exists {
			return Spec{}, PlanOptions{}, o.NotFound(id)
		}
		return Spec{Space: id.String(), ArgillaVersion: to.Tag()}, PlanOptions{AnyArgillaVersion: o.AnyVersion}, nil
	}
	dry, err := e.Run(ctx, Request{ID: id, Files: true, DryRun: true, Desire: desire})
	if dry != nil {
		res.Plan = dry.Plan
	}
	if err != nil || dry.Plan.Empty() || o.DryRun {
		return res, err
	}
	ephemeral := !dry.Plan.PersistentBefore
	e.countStakes(ctx, dry.State, dry.Plan)
	if err := Guard(ctx, dry.Plan, e.Yes, e.Confirm); err != nil {
		return res, err
	}
	if !o.NoBackup {
		if o.Access.key(id) == "" {
			return res, refusedf(nil, "no owner API key is known for %s, so no backup can be taken before the upgrade; nothing was changed. Set ARGILLA_API_KEY to the owner's key, or pass --no-backup", id)
		}
		if res.Running == "" {
			return res, refusedf(nil, "Argilla on %s does not answer (stage %s), so no backup can be taken before the upgrade; nothing was changed. Start it first (`argilla-space restart --space %s --wait`), or pass --no-backup", id, orNone(st.Stage()), id)
		}
		if res.Backup, err = o.Carrier.Backup(ctx, dry.State, "upgrade"); err != nil {
			return res, fmt.Errorf("backing up %s before the upgrade failed, so nothing was changed: %w", id, err)
		}
	}
	fail := func(step, hint string, err error) error {
		return &CarryError{Space: id.String(), Step: step, Backup: res.Backup, Hint: hint, Err: err}
	}
	// The owner's key must survive a restart on an empty database (ephemeral storage) for the restore.
	if ephemeral && !o.NoBackup {
		if owner := keepOwnerKey(dry.State, o.Access.key(id)); owner != nil {
			desire = withOwner(desire, owner)
		}
	}
	confirmed := *e
	confirmed.Yes = true // the guard asked for the whole operation
	out, err := confirmed.Run(ctx, Request{ID: id, Files: true, Desire: desire})
	if out != nil && out.Plan != nil {
		res.Plan = out.Plan
	}
	if err != nil {
		return res, fail("committing the new FROM line", "", err)
	}
	w, err := Wait(ctx, e.Hub, id, o.Wait)
	if w != nil {
		res.Stage = w.Stage
	}
	if err != nil {
		hint := ""
		var fe *SpaceFailedError
		if errors.As(err, &fe) && fe.Stage == "BUILD_ERROR" {
			hint = fmt.Sprintf("Argilla %s never ran, so its database is as %s left it: go back with `argilla-space upgrade --space %s --to %s`.", to.Tag(), from, id, from.Tag())
		}
		return res, fail(fmt.Sprintf("starting Argilla %s", to), hint, err)
	}
	app, err := st.appClient(o.Access)
	if err != nil {
		return res, fail("checking Argilla's version", "", err)
	}
	after, err := app.Version(ctx)
	if err != nil {
		return res, fail("checking Argilla's version", "", err)
	}
	res.After = after
	if v, err := ParseVersion(after); err != nil || v != to {
		return res, fail("checking Argilla's version", "", fmt.Errorf("Argilla answers version %q, not %s", after, to))
	}
	if ephemeral && res.Backup != "" {
		mres := &MigrateResult{}
		if err := restoreAfterRestart(ctx, e, id, res.Backup, o.CarryOptions, mres); err != nil {
			return res, err
		}
		res.Restored = true
	}
	return res, nil
}

// withOwner adds owner credentials to what desire wants.
func withOwner(desire func(context.Context, *State) (Spec, PlanOptions, error), owner *OwnerSpec) func(context.Context, *State) (Spec, PlanOptions, error) {
	return func(ctx context.Context, st *State) (Spec, PlanOptions, error) {
		spec, opts, err := desire(ctx, st)
		spec.Owner = owner
		return spec, opts, err
	}
}

// runningVersion asks Argilla which version it runs (GET /api/v1/version, no credentials needed:
// reference §2), within versionTimeout. ok is false when the Space does not run or Argilla does not
// answer a version.
func runningVersion(ctx context.Context, st *State, a ArgillaAccess) (Version, bool) {
	if st.Stage() != "RUNNING" || st.Host() == "" {
		return Version{}, false
	}
	ctx, cancel := context.WithTimeout(ctx, versionTimeout)
	defer cancel()
	app, err := st.appClient(a)
	if err != nil {
		return Version{}, false
	}
	s, err := app.Version(ctx)
	if err != nil {
		return Version{}, false
	}
	v, err := ParseVersion(s)
	return v, err == nil
}

// appClient is a client for the Space's Argilla without an API key: enough for /version and /status.
// It comes from NewApp, so the host is checked and the HF token goes only to a private Space's app.
func (st *State) appClient(a ArgillaAccess) (*argilla.Client, error) {
	return NewApp(st.Host(), a.Endpoint, st.Visibility() == "private", argilla.Options{HFToken: a.HFToken, HTTPClient: a.HTTP})
}
