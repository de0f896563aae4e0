package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// spaceResult is the stable JSON shape of a Space (documented in the README).
type spaceResult struct {
	Space          string   `json:"space"`
	URL            string   `json:"url"`
	APIURL         string   `json:"apiUrl"`
	Stage          string   `json:"stage"`
	Visibility     string   `json:"visibility"`
	Hardware       string   `json:"hardware,omitempty"`
	SleepTime      string   `json:"sleepTime,omitempty"`
	Storage        string   `json:"storage"`
	Bucket         string   `json:"bucket,omitempty"`
	Persistent     bool     `json:"persistent"`
	SecretKeys     []string `json:"secretKeys"`
	ArgillaVersion string   `json:"argillaVersion,omitempty"`
	Created        bool     `json:"created"`
	Changes        int      `json:"changes"`
	APIKeyKnown    *bool    `json:"apiKeyKnown,omitempty"` // create: whether the owner's API key is known here
	Private        bool     `json:"-"`
}

func (a *app) spaceResult(st *spaces.State) *spaceResult {
	r := &spaceResult{Space: st.ID.String(), Stage: st.Stage(), Visibility: st.Visibility(), Hardware: st.Hardware(),
		Storage: st.StorageKind(), Persistent: st.Persistent(), APIURL: st.Host(), SecretKeys: []string{}}
	r.URL = strings.TrimSuffix(a.hub.Endpoint(), "/") + "/spaces/" + st.ID.String()
	if v, ok := st.DataVolume(); ok {
		r.Bucket = v.Source
	}
	if st.Runtime != nil {
		r.SleepTime = spaces.FormatSleep(st.SleepSeconds())
	}
	for k := range st.SecretKeys {
		r.SecretKeys = append(r.SecretKeys, k)
	}
	sort.Strings(r.SecretKeys)
	r.Private = st.Visibility() == "private"
	return r
}

func (r *spaceResult) storageLine() string {
	switch {
	case r.Bucket != "":
		return fmt.Sprintf("bucket %s at /data (data survives restarts)", r.Bucket)
	case r.Persistent:
		return fmt.Sprintf("legacy tier %s (data survives restarts)", r.Storage)
	}
	return "EPHEMERAL: every restart wipes all Argilla data"
}

func (a *app) writeJSON(v any) error {
	a.wroteJSON = true
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printPlan renders a plan: the same output for --dry-run of every mutating command and for `plan`.
func (a *app) printPlan(p *spaces.Plan) error {
	if a.output == "json" {
		return a.writeJSON(p)
	}
	w := a.stdout
	if p.Empty() {
		fmt.Fprintf(w, "%s: no changes\n", p.Space)
		for _, warn := range p.Warnings {
			fmt.Fprintf(w, "warning: %s\n", warn)
		}
		return nil
	}
	verb := "change"
	if !p.Exists {
		verb = "create"
	}
	fmt.Fprintf(w, "Plan for %s (%s, %s):\n", p.Space, verb, plural(p.Mutations(), "request"))
	for i, c := range p.Changes {
		flags := ""
		if c.Restarts {
			flags += " [restarts]"
		}
		if c.LosesData {
			flags += " [CAN LOSE DATA]"
		}
		if c.Exposes {
			flags += " [EXPOSES]"
		}
		fmt.Fprintf(w, "  %d. %s%s\n", i+1, c.Summary, flags)
		if c.To != "" && c.Kind == spaces.KindCreateSpace {
			fmt.Fprintf(w, "     with %s\n", c.To)
		}
		if c.Diff != "" {
			for _, l := range strings.Split(strings.TrimSuffix(c.Diff, "\n"), "\n") {
				fmt.Fprintf(w, "     %s\n", l)
			}
		}
	}
	for _, warn := range p.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	if p.LosesData() || p.Exposes() {
		confirm := "--yes"
		fmt.Fprintf(w, "The guard will ask for confirmation before applying this (or %s).\n", confirm)
	}
	return nil
}
