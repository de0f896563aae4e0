package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/backup"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

func (a *app) backupCmd() *cobra.Command {
	var space, out string
	c := &cobra.Command{
		Use:   "backup --out DIR|FILE.tar.gz",
		Short: "Back up Argilla's users, workspaces, datasets and records (with responses) to a directory or .tar.gz",
		Long: `Back up everything Argilla's API gives: users (names and roles; never passwords or API keys),
workspaces and memberships, datasets with their settings, and records with responses, suggestions and
vectors, in a versioned format with a SHA-256 for every file (see the README). The backup is written
under a temporary name and renamed at the end: an interrupted backup never looks complete.

Needs the Argilla owner's API key: ARGILLA_API_KEY, else the one create stored for the Space.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("--out is required: a new directory, or a FILE.tar.gz")
			}
			ctx := c.Context()
			hub, st, err := a.existingSpace(ctx, space, false)
			if err != nil {
				return err
			}
			app, err := a.argillaFor(hub, st)
			if err != nil {
				return err
			}
			p := a.newProgress("backup")
			m, err := backup.Write(ctx, app, out, backup.WriteOptions{Space: st.ID.String(),
				Tool: "argilla-space " + buildVersion(), Progress: p.report})
			p.finish()
			if err != nil {
				return a.argillaError(err, st)
			}
			return a.printBackup(st, out, m, p)
		},
	}
	spaceFlag(c.Flags(), &space)
	c.Flags().StringVar(&out, "out", "", "where to write the backup: a new `DIR`, or FILE.tar.gz")
	return c
}

// argillaFor is the client of the Space's Argilla, with the owner's key from ARGILLA_API_KEY or the
// credentials file, and the HF token for a private Space.
func (a *app) argillaFor(hub *hfapi.Client, st *spaces.State) (*argilla.Client, error) {
	if st.Stage() != "RUNNING" {
		return nil, fmt.Errorf("%s is %s, not RUNNING, so Argilla cannot answer: start it (`argilla-space restart --space %s`) and `argilla-space wait`", st.ID, orDash(st.Stage()), st.ID)
	}
	key := a.ownerKey(hub, st.ID)
	if key == "" {
		return nil, usagef("no Argilla API key for %s: set ARGILLA_API_KEY to the owner's key (create stores it in %s; Argilla shows it under My Settings)", st.ID, a.credentialsPath())
	}
	return a.appClient(hub, st.Host(), st.Visibility() == "private", key)
}

// argillaError gives backup's and restore's errors their exit codes: bad input 2, a key that is not
// the owner's or is refused 3.
func (a *app) argillaError(err error, st *spaces.State) error {
	var (
		ie *backup.InputError
		ce *backup.ConflictError
		no *backup.NotOwnerError
	)
	switch {
	case errors.As(err, &ie), errors.As(err, &ce):
		return &usageError{msg: a.redact(err.Error()), reason: err}
	case errors.As(err, &no):
		return authf("%s", err)
	case errors.Is(err, argilla.ErrUnauthorized):
		return authf("Argilla on %s refuses the API key (%v): set ARGILLA_API_KEY to the owner's key, or rotate it with `argilla-space owner set`", st.ID, a.redact(err.Error()))
	case errors.Is(err, argilla.ErrPrivateSpace), errors.Is(err, argilla.ErrForbidden):
		return authf("%s", a.redact(err.Error()))
	}
	return err
}

type backupResult struct {
	Space         string           `json:"space"`
	Out           string           `json:"out"`
	Records       int              `json:"records"`
	Consistent    bool             `json:"consistent"`
	Changes       []string         `json:"changes"`
	Seconds       float64          `json:"seconds"`
	RecordsPerSec float64          `json:"recordsPerSecond"`
	Manifest      *backup.Manifest `json:"manifest"` // as in manifest.json
}

func (a *app) printBackup(st *spaces.State, out string, m *backup.Manifest, p *progress) error {
	secs := p.elapsed().Seconds()
	res := backupResult{Space: st.ID.String(), Out: out, Records: m.Records(), Consistent: len(m.Changes) == 0,
		Changes: append([]string{}, m.Changes...), Seconds: secs, RecordsPerSec: rate(m.Records(), secs), Manifest: m}
	for _, ch := range m.Changes {
		fmt.Fprintln(a.stderr, "warning: "+ch+"; the backup holds the last reading")
	}
	if a.output == "json" {
		return a.writeJSON(res)
	}
	w := a.stdout
	fmt.Fprintf(w, "Backed up %s (Argilla %s) to %s\n", res.Space, orDash(m.ArgillaVersion), out)
	fmt.Fprintf(w, "  %s, %s, %s, %s, %s\n", plural(m.Users, "user"), plural(m.Workspaces, "workspace"),
		plural(m.Memberships, "membership"), plural(len(m.Datasets), "dataset"), plural(res.Records, "record"))
	for _, d := range m.Datasets {
		fmt.Fprintf(w, "  %s/%s (%s): %s (%d completed), responses: %d submitted, %d discarded, %d draft\n",
			d.Workspace, d.Name, d.Status, plural(d.Records, "record"), d.RecordStatus["completed"], d.Responses["submitted"], d.Responses["discarded"], d.Responses["draft"])
	}
	fmt.Fprintln(w, "Not in a backup: passwords and API keys (Argilla never gives them out); restore gives users new random passwords")
	return nil
}

func rate(n int, secs float64) float64 {
	if secs <= 0 {
		return 0
	}
	return float64(int(float64(n)/secs*10)) / 10
}

// progress shows records done and the rate on stderr, when stderr is a terminal; elsewhere it only
// keeps time.
type progress struct {
	w     io.Writer
	verb  string
	start time.Time
	last  time.Time
	shown bool
}

func (a *app) newProgress(verb string) *progress {
	p := &progress{verb: verb, start: time.Now()}
	if f, ok := a.stderr.(*os.File); ok && a.output != "json" && term.IsTerminal(f.Fd()) {
		p.w = f
	}
	return p
}

func (p *progress) report(pr backup.Progress) {
	if p.w == nil || (time.Since(p.last) < 200*time.Millisecond && pr.Records < pr.Total) {
		return
	}
	p.last, p.shown = time.Now(), true
	fmt.Fprintf(p.w, "\r\x1b[K%s: %s %d/%d records (%.0f records/s)", p.verb, pr.Dataset, pr.Records, pr.Total,
		rate(pr.All, time.Since(p.start).Seconds()))
}

func (p *progress) finish() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

func (p *progress) elapsed() time.Duration { return time.Since(p.start) }
