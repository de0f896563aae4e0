package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

func (a *app) storageCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "storage",
		Short: "Show, attach or remove the storage that keeps Argilla's data across restarts",
		Long: `Argilla keeps every user, dataset and annotation in SQLite under /data. Only storage mounted there
survives a restart: a Storage Bucket (the Hub's way since 2026), or one of the retired legacy tiers.
Without it, every restart (a settings change, a push, the 48 h sleep, Hub maintenance) starts Argilla
empty.`,
	}
	c.AddCommand(a.storageShowCmd(), a.storageSetCmd(), a.storageRemoveCmd())
	return c
}

// storageResult is the JSON shape of `storage show`.
type storageResult struct {
	Space        string          `json:"space"`
	Kind         string          `json:"storage"` // bucket | small | medium | large | ephemeral: status's name for it
	Bucket       string          `json:"bucket,omitempty"`
	MountPath    string          `json:"mountPath,omitempty"`
	Persistent   bool            `json:"persistent"`
	RestartCost  string          `json:"restartCost"`
	OtherVolumes []storageVolume `json:"otherVolumes"`
}

// storageVolume is a volume that does not hold Argilla's data (another mount path, or read-only).
type storageVolume struct {
	Type      string `json:"type"`
	Source    string `json:"source"`
	MountPath string `json:"mountPath"`
	ReadOnly  bool   `json:"readOnly"`
}

func storageOf(st *spaces.State) storageResult {
	r := storageResult{Space: st.ID.String(), Kind: st.StorageKind(), Persistent: st.Persistent(), OtherVolumes: []storageVolume{}}
	data, hasData := st.DataVolume()
	switch {
	case hasData:
		r.Bucket, r.MountPath = data.Source, spaces.DataMount
		r.RestartCost = "nothing: Argilla's data is in bucket " + data.Source
	case r.Persistent:
		r.MountPath = spaces.DataMount
		r.RestartCost = "nothing: Argilla's data is on the legacy " + r.Kind + " storage tier"
	default:
		r.RestartCost = "ALL Argilla users, datasets and annotations (everything since the last start)"
	}
	if st.Runtime != nil {
		for _, v := range st.Runtime.Volumes {
			if hasData && v == data {
				continue
			}
			r.OtherVolumes = append(r.OtherVolumes, storageVolume{Type: v.Type, Source: v.Source, MountPath: v.MountPath, ReadOnly: v.ReadOnly})
		}
	}
	return r
}

func (a *app) storageShowCmd() *cobra.Command {
	var space string
	c := &cobra.Command{
		Use:   "show",
		Short: "Where Argilla's data lives, whether it survives a restart, and what a restart would cost now",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			id, hub, err := a.readOnlyTarget(space)
			if err != nil {
				return err
			}
			st, err := a.observeExisting(c.Context(), hub, id, false)
			if err != nil {
				return err
			}
			r := storageOf(st)
			if a.output == "json" {
				return a.writeJSON(r)
			}
			a.printStorage(r)
			return nil
		},
	}
	spaceFlag(c.Flags(), &space)
	return c
}

func (a *app) printStorage(r storageResult) {
	w := a.stdout
	fmt.Fprintf(w, "Space:         %s\n", r.Space)
	switch {
	case r.Bucket != "":
		fmt.Fprintf(w, "Storage:       bucket %s mounted at %s\n", r.Bucket, r.MountPath)
	case r.Persistent:
		fmt.Fprintf(w, "Storage:       legacy storage tier %s at %s (tiers were retired in 2026)\n", r.Kind, r.MountPath)
	default:
		fmt.Fprintf(w, "Storage:       ephemeral (nothing persistent is mounted at %s)\n", spaces.DataMount)
	}
	if r.Persistent {
		fmt.Fprintln(w, "Persistent:    yes: users, datasets and annotations survive a restart")
	} else {
		fmt.Fprintln(w, "Persistent:    no: every restart starts Argilla empty")
	}
	fmt.Fprintf(w, "Restart cost:  %s\n", r.RestartCost)
	for _, v := range r.OtherVolumes {
		mode := "read-write"
		if v.ReadOnly {
			mode = "read-only"
		}
		fmt.Fprintf(w, "Other volume:  %s %s at %s (%s; not where Argilla keeps its data)\n", v.Type, v.Source, v.MountPath, mode)
	}
	if !r.Persistent {
		fmt.Fprintf(a.stderr, "hint: `argilla-space storage set bucket --space %s` makes it persistent; that restart itself starts Argilla empty, so export what you need first\n", r.Space)
	}
}

func (a *app) storageSetCmd() *cobra.Command {
	var m mutation
	var bucket string
	var migrate bool
	c := &cobra.Command{
		Use:   "set bucket|small|medium|large",
		Short: "Make Argilla's data persistent: mount a Storage Bucket at /data (or request a retired legacy tier)",
		Long: `Mount a Storage Bucket at /data (default OWNER/NAME-data, created private if missing; --bucket picks
another), or request a legacy storage tier, which the Hub retired in 2026 and is expected to refuse.

Attaching storage restarts the Space on the new, empty storage: data that lives only in the container
today is not carried over, so on an ephemeral Space this asks for confirmation (or --yes). From then
on, restarts keep the data.

--migrate carries today's data over: it backs Argilla up into your state directory, attaches the
bucket, waits for Argilla on it, restores the backup and verifies it, asking once for the whole
operation. If a step after the backup fails, the backup is kept and the message names the restore
command that finishes the job.`,
		Example: `  argilla-space storage set bucket --migrate --yes
  argilla-space storage set bucket --bucket acme/annotations-data --dry-run`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: append([]string{spaces.StorageBucket}, spaces.LegacyTiers...),
		RunE: func(c *cobra.Command, args []string) error {
			kind := args[0]
			if err := checkStorageArgs(kind, bucket); err != nil {
				return err
			}
			if spaces.IsLegacyTier(kind) {
				fmt.Fprintln(a.stderr, "note: the Hub retired the legacy storage tiers in 2026 and is expected to refuse this; `argilla-space storage set bucket` is the way that works today")
			}
			if migrate {
				if kind != spaces.StorageBucket {
					return usagef("--migrate goes with `storage set bucket`: the legacy tiers were retired")
				}
				return a.migrate(c.Context(), m, bucket)
			}
			m.desire = fixed(spaces.Spec{Storage: &spaces.StorageSpec{Type: kind, Bucket: bucket}}, spaces.PlanOptions{})
			_, err := a.mutate(c.Context(), m)
			return explainStorageError(err)
		},
	}
	c.Flags().StringVar(&bucket, "bucket", "", "the bucket to mount, OWNER/NAME (default OWNER/NAME-data of the Space)")
	c.Flags().BoolVar(&migrate, "migrate", false, "carry today's data over: back up, attach the bucket, wait, restore and verify")
	mutationFlags(c, &m)
	return c
}

func checkStorageArgs(kind, bucket string) error {
	switch {
	case kind == spaces.StorageEphemeral:
		return usagef("to make the Space ephemeral, run `argilla-space storage remove`")
	case kind != spaces.StorageBucket && !spaces.IsLegacyTier(kind):
		return usagef("storage kind must be bucket, small, medium or large, not %q", kind)
	case bucket != "" && kind != spaces.StorageBucket:
		return usagef("--bucket only goes with `storage set bucket`")
	case bucket != "":
		if _, err := spaces.ParseBucketID(bucket); err != nil {
			return usagef("--bucket: %v", err)
		}
	}
	return nil
}

// explainStorageError gives the refusals of `storage set` their exit code and the way out.
func explainStorageError(err error) error {
	var le *spaces.LegacyStorageError
	var ce *spaces.ConfirmationError
	switch {
	case errors.As(err, &le):
		return usagef("the Hub refused the legacy storage tier (%v): persistent storage tiers were retired in 2026; run `argilla-space storage set bucket`, which mounts a Storage Bucket at /data", le.Err)
	case errors.As(err, &ce):
		// The guard's usual advice ("make the Space persistent first") is this very command.
		ce.Hint = "Attaching storage restarts the Space on the new storage, and what lives only in the container today is not copied there: add --migrate to carry it over (backup, attach, restore), or pass --yes to start empty."
		return ce
	case err != nil && strings.Contains(err.Error(), "can only be upgraded"):
		return usagef("%v", err)
	}
	return err
}

func (a *app) storageRemoveCmd() *cobra.Command {
	var m mutation
	c := &cobra.Command{
		Use:   "remove",
		Short: "Unmount Argilla's persistent storage (asks for the Space name typed back, or --yes); the bucket is kept",
		Long: `Make the Space ephemeral again: unmount the bucket at /data (or delete a legacy tier, which deletes
its data for good). Argilla restarts empty, and every later restart wipes it again.

On a terminal this asks for the Space's name typed back; elsewhere it needs --yes. A bucket itself is
kept, with its data: ` + "`argilla-space storage set bucket --bucket OWNER/NAME`" + ` mounts it again.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			m.desire = fixed(spaces.Spec{Storage: &spaces.StorageSpec{Type: spaces.StorageEphemeral}}, spaces.PlanOptions{})
			out, err := a.mutate(c.Context(), m)
			var ce *spaces.ConfirmationError
			if errors.As(err, &ce) {
				ce.Hint = "On a terminal you confirm by typing the Space name; elsewhere pass --yes."
			}
			if err != nil || out == nil || out.Plan == nil {
				return err
			}
			if out.Plan.Empty() {
				fmt.Fprintf(a.stderr, "note: %s has no persistent storage: nothing to remove\n", out.Plan.Space)
			}
			for _, ch := range out.Plan.Changes {
				if ch.Kind == spaces.KindDeleteVolumes || ch.Kind == spaces.KindSetVolumes {
					verb := "is kept"
					if m.dryRun {
						verb = "would be kept"
					}
					fmt.Fprintf(a.stderr, "note: bucket %s %s, with its data: `argilla-space storage set bucket --bucket %s` mounts it again; delete it on the Hub when you no longer need it\n", ch.Target, verb, ch.Target)
				}
			}
			return nil
		},
	}
	mutationFlags(c, &m)
	return c
}

// migrate is `storage set bucket --migrate`: the orchestration is spaces.Migrate's.
func (a *app) migrate(ctx context.Context, m mutation, bucket string) error {
	if m.timeout <= 0 {
		return usagef("--timeout must be positive")
	}
	id, err := a.targetSpace(m.space)
	if err != nil {
		return err
	}
	hub, err := a.client()
	if err != nil {
		return err
	}
	res, err := spaces.Migrate(ctx, a.engine(hub), id, bucket, a.carryOptions(hub, id, m.timeout, m.dryRun))
	var ce *spaces.ConfirmationError
	if errors.As(err, &ce) {
		ce.Hint = "On a terminal you confirm once for the whole migration; elsewhere pass --yes."
	}
	if err != nil {
		return a.explainHubError(ctx, err)
	}
	if a.output == "json" {
		return a.writeJSON(res)
	}
	switch {
	case res.Plan.Empty():
		fmt.Fprintf(a.stdout, "%s: no changes (its data is on a bucket already: nothing to migrate)\n", id)
		return nil
	case res.DryRun:
		if err := a.printPlan(res.Plan); err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, "With --migrate: Argilla is backed up first, and the backup is restored on the bucket and verified.")
		return nil
	}
	fmt.Fprintf(a.stdout, "%s: migrated to persistent storage\n", id)
	for _, c := range res.Plan.Changes {
		fmt.Fprintf(a.stdout, "  - %s\n", c.Summary)
	}
	fmt.Fprintf(a.stdout, "Backup (kept): %s\nRestored and verified: Argilla's data now survives restarts\n", res.Backup)
	return nil
}
