package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

func (a *app) upgradeCmd() *cobra.Command {
	var space, to string
	var anyVersion, noBackup, dryRun bool
	var timeout time.Duration
	c := &cobra.Command{
		Use:   "upgrade [--to vX.Y.Z]",
		Short: "Move the Space to another Argilla release: backup, the new FROM line in one commit, wait, check",
		Long: `Upgrade the Argilla the Space runs: the tag of its Dockerfile's FROM argilla/argilla-hf-spaces:TAG.
Without --to it goes to the newest release argilla-space knows (` + spaces.NewestArgillaVersion().Tag() + `).

It shows from -> to, refuses a downgrade (Argilla migrates its database forward at start, and the
migrations do not run backwards), backs Argilla up into your state directory (unless --no-backup),
commits the new FROM line (one build), waits until Argilla answers, and checks GET /api/v1/version.
On ephemeral storage the rebuild starts Argilla empty, so the backup is restored into it (and the guard
asks first, or needs --yes). If the new version does not start, the log tail and the exact restore
command are printed.`,
		Example: `  argilla-space upgrade --dry-run
  argilla-space upgrade --to v2.8.0 --space acme/annotations`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if timeout <= 0 {
				return usagef("--timeout must be positive")
			}
			id, err := a.targetSpace(space)
			if err != nil {
				return err
			}
			hub, err := a.client()
			if err != nil {
				return err
			}
			o := spaces.UpgradeOptions{CarryOptions: a.carryOptions(hub, id, timeout, dryRun), To: to, AnyVersion: anyVersion, NoBackup: noBackup}
			res, err := spaces.Upgrade(c.Context(), a.engine(hub), id, o)
			if err != nil {
				return a.explainHubError(c.Context(), err)
			}
			return a.printUpgrade(res)
		},
	}
	f := c.Flags()
	spaceFlag(f, &space)
	f.StringVar(&to, "to", "", "the Argilla `version` to go to, vX.Y.Z (default: the newest known, "+spaces.NewestArgillaVersion().Tag()+")")
	f.BoolVar(&anyVersion, "any-version", false, "allow a version argilla-space does not know (a newer release)")
	f.BoolVar(&noBackup, "no-backup", false, "upgrade without backing Argilla up first")
	f.BoolVar(&dryRun, "dry-run", false, "print from -> to and the plan; send no change, take no backup")
	f.DurationVar(&timeout, "timeout", 20*time.Minute, "how long to wait for the new version to answer")
	return c
}

func (a *app) printUpgrade(r *spaces.UpgradeResult) error {
	if a.output == "json" {
		return a.writeJSON(r)
	}
	w := a.stdout
	fmt.Fprintf(w, "%s: Argilla %s -> %s", r.Space, r.From, r.To)
	if r.Running == "" {
		fmt.Fprintf(w, " (Argilla does not answer; the Dockerfile pins %s)", r.Pinned)
	}
	fmt.Fprintln(w)
	switch {
	case r.Plan == nil || r.Plan.Empty():
		fmt.Fprintf(w, "%s runs Argilla %s already: nothing to do\n", r.Space, r.To)
		return nil
	case r.DryRun:
		return a.printPlan(r.Plan)
	}
	if r.Backup != "" {
		fmt.Fprintf(w, "Backup taken before: %s\n", r.Backup)
	}
	fmt.Fprintf(w, "Argilla answers version %s\n", r.After)
	if r.Restored {
		fmt.Fprintln(w, "The Space's storage is ephemeral: the rebuild started Argilla empty, and the backup was restored into it")
	}
	return nil
}

// carryOptions are what migrate and upgrade need from the command line: the owner's key (to reach
// Argilla, to keep it across a restart and to check it after), where backups go, how to wait.
func (a *app) carryOptions(hub *hfapi.Client, id spaces.ID, timeout time.Duration, dryRun bool) spaces.CarryOptions {
	access := a.argillaAccess(hub)
	return spaces.CarryOptions{
		Access: access,
		Carrier: spaces.BackupCarrier{Access: access, Tool: "argilla-space " + buildVersion(), Progress: a.progress,
			Dir: func(id spaces.ID) (string, error) {
				d, err := a.userDirs()
				if err != nil {
					return "", err
				}
				return filepath.Join(d.State, "backups", id.Owner, id.Name), nil
			}},
		Wait:     a.waitOptions(hub, access.APIKey(id), timeout),
		DryRun:   dryRun,
		NotFound: notFound,
	}
}

// argillaAccess reaches a Space's Argilla as its owner; the guard counts through it too.
func (a *app) argillaAccess(hub *hfapi.Client) spaces.ArgillaAccess {
	return spaces.ArgillaAccess{APIKey: func(id spaces.ID) string { return a.ownerKey(hub, id) }, HFToken: hub.Token(),
		Endpoint: hub.Endpoint(), HTTP: hub.HTTPClient()}
}

// ownerKey is the Argilla owner's API key of a Space: ARGILLA_API_KEY, else the one create stored;
// "" when neither is there. It is redacted from everything printed.
func (a *app) ownerKey(hub *hfapi.Client, id spaces.ID) string {
	if key := a.getenv("ARGILLA_API_KEY"); key != "" {
		hub.Redact(key)
		return key
	}
	return a.storedKey(hub, id)
}
