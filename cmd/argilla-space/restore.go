package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/backup"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

func (a *app) restoreCmd() *cobra.Command {
	var space string
	var merge bool
	c := &cobra.Command{
		Use:   "restore DIR|FILE.tar.gz",
		Short: "Restore a backup into a running Space's Argilla (idempotent, verified)",
		Long: `Restore a backup into the Space's Argilla, in the order Argilla needs: users, workspaces,
memberships, datasets with their settings, then records with responses and suggestions. Users and
workspaces keep their ids; those that exist (the Space's owner, OAuth users, the workspaces the Space
makes at start) are mapped by name. Restored users get new random passwords that are never shown: they
sign in with Hugging Face (OAuth), or the owner sets a password for them.

Running it again, or after an interrupted run, adds only what is missing. The backup and every checksum
are checked before anything is sent (a damaged or newer backup: exit 2), a dataset that exists with other
settings is refused before anything is written (exit 2) unless --merge, and the result is compared with
the backup's manifest at the end.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			src, err := backup.Open(args[0]) // checked before anything goes out
			if err != nil {
				return &usageError{msg: err.Error(), reason: err}
			}
			defer src.Close()
			hub, st, err := a.existingSpace(ctx, space, false)
			if err != nil {
				return err
			}
			app, err := a.argillaFor(hub, st)
			if err != nil {
				return err
			}
			if merge && !a.yes {
				return &exitError{code: exitConfirm, msg: fmt.Sprintf("--merge adds the backup's records into datasets of %s that exist with other settings, and overwrites the fields and metadata of their records whose external_id matches: pass --yes to confirm", st.ID)}
			}
			if !st.Persistent() {
				fmt.Fprintf(a.stderr, "warning: %s has ephemeral storage: the next restart wipes what this restore writes; `argilla-space storage set bucket` makes it persistent\n", st.ID)
			}
			p := a.newProgress("restore")
			rep, err := backup.RestoreFrom(ctx, app, src, backup.RestoreOptions{Merge: merge, Progress: p.report})
			p.finish()
			if rep != nil && err != nil && len(rep.UsersCreated) > 0 {
				a.noteSignIn(rep)
			}
			if err != nil {
				return a.argillaError(err, st)
			}
			return a.printRestore(st, src.Manifest, rep, p)
		},
	}
	spaceFlag(c.Flags(), &space)
	c.Flags().BoolVar(&merge, "merge", false, "add into datasets that exist with other settings (needs --yes)")
	return c
}

type restoreResult struct {
	Space  string `json:"space"`
	Source struct {
		Space          string `json:"space"`
		ArgillaVersion string `json:"argillaVersion"`
		CreatedAt      string `json:"createdAt"`
	} `json:"source"`
	*backup.Report
	Seconds       float64 `json:"seconds"`
	RecordsPerSec float64 `json:"recordsPerSecond"`
}

func (a *app) printRestore(st *spaces.State, m *backup.Manifest, rep *backup.Report, p *progress) error {
	secs := p.elapsed().Seconds()
	res := restoreResult{Space: st.ID.String(), Report: rep, Seconds: secs, RecordsPerSec: rate(rep.Records, secs)}
	res.Source.Space, res.Source.ArgillaVersion, res.Source.CreatedAt = m.Space, m.ArgillaVersion, m.CreatedAt.Format("2006-01-02T15:04:05Z")
	if len(rep.UsersCreated) > 0 {
		a.noteSignIn(rep)
	}
	if a.output == "json" {
		return a.writeJSON(res)
	}
	w := a.stdout
	fmt.Fprintf(w, "Restored the backup of %s (%s) into %s, verified against its manifest\n", orDash(m.Space), res.Source.CreatedAt, st.ID)
	fmt.Fprintf(w, "  users: %d created, %d already there\n", len(rep.UsersCreated), len(rep.UsersExisting))
	fmt.Fprintf(w, "  workspaces: %d created, %d already there; %s added\n", len(rep.WorkspacesCreated), len(rep.WorkspacesExist), plural(rep.MembershipsAdded, "membership"))
	for _, d := range rep.Datasets {
		how := "created"
		if !d.Created {
			how = "already there"
		}
		fmt.Fprintf(w, "  %s/%s (%s): %s (%d completed), responses: %d submitted, %d discarded, %d draft\n",
			d.Workspace, d.Name, how, plural(d.Records, "record"), d.RecordStatus["completed"], d.Responses["submitted"], d.Responses["discarded"], d.Responses["draft"])
	}
	return nil
}

// noteSignIn says how users restored with random passwords sign in.
func (a *app) noteSignIn(rep *backup.Report) {
	were := plural(len(rep.UsersCreated), "user") + " were created, each with a new random password"
	if len(rep.UsersCreated) == 1 {
		were = "1 user was created with a new random password"
	}
	fmt.Fprintf(a.stderr, "note: %s, never shown (%s): they sign in with Hugging Face if the Space's OAuth allows it, or the owner sets a password for them (Argilla SDK, or PATCH /api/v1/users/{id} with a password)\n",
		were, strings.Join(rep.UsersCreated, ", "))
}
