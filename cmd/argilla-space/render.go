package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/argilla-space/argilla-space/internal/atomicfile"
	"github.com/argilla-space/argilla-space/internal/termsafe"
	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
	"github.com/argilla-space/argilla-space/pkg/spaces"
	"github.com/argilla-space/argilla-space/templates"
)

type oauthSummary struct {
	Path       string   `json:"path"`
	Exists     bool     `json:"exists"`
	Enabled    bool     `json:"enabled"`
	Providers  []string `json:"providers"`
	Workspaces []string `json:"workspaces"`
	Problem    string   `json:"problem,omitempty"`
}

type statusResult struct {
	*spaceResult
	// SecretsHidden: the token cannot list secrets (a read token), so secretKeys is not the list.
	SecretsHidden bool         `json:"secretsHidden,omitempty"`
	OAuth         oauthSummary `json:"oauth"`
	Argilla       struct {
		Reachable bool   `json:"reachable"`
		Version   string `json:"argillaVersion,omitempty"` // what Argilla reports running: one name in every output
		// Pinned is the tag of the Dockerfile's FROM argilla/argilla-hf-spaces:TAG ("" when it has none).
		Pinned string `json:"pinned,omitempty"`
		Error  string `json:"error,omitempty"`
	} `json:"argilla"`
}

func summarizeOAuth(st *spaces.State) oauthSummary {
	s := oauthSummary{Path: st.OAuthPath, Exists: st.OAuthFile != nil, Providers: []string{}, Workspaces: []string{}}
	if st.OAuthFile == nil {
		s.Problem = "missing: Argilla shows only the username/password form"
		return s
	}
	f, err := oauthcfg.Parse(st.OAuthFile)
	if err != nil {
		s.Problem = err.Error()
		return s
	}
	s.Enabled, s.Providers, s.Workspaces = f.OAuthEnabled(), f.Providers(), f.Workspaces()
	if err := oauthcfg.Validate(st.OAuthFile); err != nil {
		s.Problem = err.Error()
	}
	return s
}

func (a *app) printStatus(ctx context.Context, hub *hfapi.Client, st *spaces.State, r *spaceResult) error {
	res := statusResult{spaceResult: r, SecretsHidden: st.SecretsHidden, OAuth: summarizeOAuth(st)}
	if r.APIURL != "" {
		app, err := a.appClient(hub, r.APIURL, r.Private, "")
		var s *argilla.Status
		if err == nil {
			s, err = app.Status(ctx)
		}
		if err == nil {
			res.Argilla.Reachable, res.Argilla.Version = true, s.Version
		} else {
			res.Argilla.Error = a.redact(err.Error())
		}
	}
	if ref, ok := spaces.FindArgillaImage(st.Dockerfile); ok {
		res.Argilla.Pinned = ref.Tag
		if ref.Tag == "" {
			res.Argilla.Pinned = "latest" // what Docker takes for an untagged image
		}
	}
	if a.output == "json" {
		return a.writeJSON(res)
	}
	w := a.stdout
	l := termsafe.Line // every field is one line, whatever the Hub or Argilla answered
	fmt.Fprintf(w, "Space:      %s (%s)\n", l(r.Space), l(r.Visibility))
	fmt.Fprintf(w, "Stage:      %s\n", l(r.Stage))
	fmt.Fprintf(w, "Hub URL:    %s\n", l(r.URL))
	fmt.Fprintf(w, "API URL:    %s\n", l(r.APIURL))
	fmt.Fprintf(w, "Hardware:   %s (sleep: %s)\n", l(orDash(r.Hardware)), l(orDash(r.SleepTime)))
	fmt.Fprintf(w, "Storage:    %s\n", l(r.storageLine()))
	if res.SecretsHidden {
		fmt.Fprintln(w, "Secrets:    (not listed: the token can read the Space but not its secrets)")
	} else {
		fmt.Fprintf(w, "Secrets:    %s\n", l(orDash(strings.Join(r.SecretKeys, ", "))))
	}
	o := res.OAuth
	switch {
	case o.Problem != "":
		fmt.Fprintf(w, "OAuth:      %s: %s\n", l(o.Path), l(o.Problem))
	case !o.Enabled:
		fmt.Fprintf(w, "OAuth:      %s: off (owner signs in with USERNAME/PASSWORD)\n", l(o.Path))
	default:
		fmt.Fprintf(w, "OAuth:      %s: %s; workspaces %s\n", l(o.Path), l(strings.Join(o.Providers, ", ")), l(workspacesText(o.Workspaces)))
	}
	if res.Argilla.Reachable {
		fmt.Fprintf(w, "Argilla:    reachable, version %s\n", l(res.Argilla.Version))
	} else {
		fmt.Fprintf(w, "Argilla:    not reachable (%s)\n", l(orDash(res.Argilla.Error)))
	}
	fmt.Fprintf(w, "Version:    %s\n", argillaVersionLine(res.Argilla.Pinned, res.Argilla.Version))
	if !r.Persistent {
		fmt.Fprintln(a.stderr, "warning: storage is ephemeral: the next restart wipes all data; `argilla-space storage set bucket` makes it persistent")
	}
	return nil
}

// appClient is the client of a Space's Argilla at host, made by spaces.NewApp: the host checked,
// the HF token sent only to a private Space's app, the Hub client's secrets redacted from its errors.
func (a *app) appClient(hub *hfapi.Client, host string, private bool, apiKey string) (*argilla.Client, error) {
	return spaces.NewApp(host, hub.Endpoint(), private, argilla.Options{APIKey: apiKey, HFToken: hub.Token(),
		HTTPClient: hub.HTTPClient(), Redact: hub.RedactString})
}

// workspacesText lists the allowed workspaces, or says plainly that there are none (an empty list in
// .oauth.yaml: who signs in joins no workspace until the owner adds them).
func workspacesText(ws []string) string {
	if len(ws) == 0 {
		return "none (who signs in joins no workspace)"
	}
	return strings.Join(ws, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (a *app) credentialsPath() string {
	d, err := a.userDirs()
	if err != nil {
		return "the credentials file"
	}
	return d.CredentialsFile()
}

func (a *app) stdoutIsTerminal() bool {
	f, ok := a.rawStdout().(*os.File)
	return ok && term.IsTerminal(f.Fd()) // not /dev/null, which is a character device too
}

func (a *app) printCreateResult(r *createResult, owner, apiKey string) error {
	if !r.Persistent {
		// on stderr in every output mode: a CI log must show it too
		fmt.Fprintln(a.stderr, "warning: this Space's storage is ephemeral: EVERY restart (any settings change, a push, the 48 h sleep, Hub maintenance) wipes all Argilla users, datasets and annotations. `argilla-space storage set bucket` makes it persistent.")
	}
	if a.output == "json" {
		return a.writeJSON(r)
	}
	w := a.stdout
	verb := "Created"
	if !r.Created {
		verb = "Reconciled"
		if r.Changes == 0 {
			verb = "Unchanged"
		}
	}
	fmt.Fprintf(w, "%s %s (%s)\n", verb, r.Space, r.Visibility)
	fmt.Fprintf(w, "  Hub URL:  %s\n", r.URL)
	fmt.Fprintf(w, "  API URL:  %s\n", r.APIURL)
	fmt.Fprintf(w, "  Stage:    %s\n", r.Stage)
	fmt.Fprintf(w, "  Storage:  %s\n", r.storageLine())
	if owner != "" {
		fmt.Fprintf(w, "  Owner:    %s\n", owner)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Connect:")
	return a.printConnect(r.spaceResult, apiKey, connectOptions{})
}

// writeSpecFile records the Space in ./argilla-space.yaml (env names, never secret values) when there
// is no such file. A file already there is the user's: it is left as it is, whichever Space it
// describes, and a note says so when it is not this Space's.
func (a *app) writeSpecFile(s spaces.Spec) {
	data, err := templates.SpecFile(specFileData(s))
	if err == nil {
		// Created only where nothing is: two creates in one directory never both write it.
		err = atomicfile.WriteNew(specFileName, data, 0o644)
	}
	if errors.Is(err, fs.ErrExist) {
		old, rerr := atomicfile.ReadFile(specFileName)
		if rerr != nil {
			err = rerr
		} else {
			err = nil
			specs, perr := spaces.ParseSpecs(old)
			switch {
			case perr != nil:
				fmt.Fprintf(a.stderr, "note: %s is not a valid spec file (%v); left it as it is\n", specFileName, perr)
			case len(specs) != 1 || !strings.EqualFold(specs[0].Space, s.Space):
				fmt.Fprintf(a.stderr, "note: %s describes another Space (or several); left it as it is\n", specFileName)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "note: could not write %s: %v\n", specFileName, err)
	}
}

// specFileData turns a spec into the template's fields: env names for secrets, never values.
func specFileData(s spaces.Spec) templates.SpecFileData {
	d := templates.SpecFileData{Space: s.Space, Visibility: s.Visibility, Hardware: s.Hardware, SleepTime: s.SleepTime,
		Variables: s.Variables, OAuthEnabled: true, ArgillaVersion: s.ArgillaVersion}
	if s.Storage != nil {
		d.StorageType, d.Bucket = s.Storage.Type, s.Storage.Bucket
	}
	if s.Owner != nil {
		d.OwnerUsername = s.Owner.Username
		// Without a password (OAuth sign-in only) the file must not ask apply for one later.
		d.OwnerPassword = s.Owner.Password != ""
	}
	for k := range s.Secrets {
		d.Secrets = append(d.Secrets, k)
	}
	if s.OAuth != nil {
		if s.OAuth.Enabled != nil {
			d.OAuthEnabled = *s.OAuth.Enabled
		}
		d.AllowedWorkspaces = s.OAuth.AllowedWorkspaces
	}
	return d
}

// argillaVersionLine puts the pinned and the running Argilla version side by side, saying when they
// differ.
func argillaVersionLine(pinned, running string) string {
	s := "no FROM " + spaces.ArgillaImage + ":TAG line in the Dockerfile"
	if pinned != "" {
		s = "pinned " + pinned
	}
	if running == "" {
		return s + "; running: unknown (Argilla does not answer)"
	}
	s += "; running " + running
	if v, err := spaces.ParseVersion(pinned); err == nil && v.String() != running {
		s += " (they differ: the Space has not been rebuilt since the pin changed, or its build failed)"
	}
	return s
}

// plural says a count with its noun in the right number: "1 change", "2 changes", "0 changes". The
// nouns we count (change, request, Space, workspace, user, record...) all take a plain "s".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
