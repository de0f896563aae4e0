package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// spaceResult is the stable JSON shape of a Space, what `status` and `create` share (README, "JSON
// output"; TestJSONOutputTable keeps the table and these structs together).
type spaceResult struct {
	Space      string   `json:"space"`
	URL        string   `json:"url"`
	APIURL     string   `json:"apiUrl"`
	Stage      string   `json:"stage"`
	Visibility string   `json:"visibility"`
	Hardware   string   `json:"hardware,omitempty"`
	SleepTime  string   `json:"sleepTime,omitempty"`
	Storage    string   `json:"storage"`
	Bucket     string   `json:"bucket,omitempty"`
	Persistent bool     `json:"persistent"`
	SecretKeys []string `json:"secretKeys"`
	Private    bool     `json:"-"`
}

// createResult is what `create` prints: the Space and what this run did to it. `status` reports none
// of these: it changes nothing, and it reports the running version under argilla.argillaVersion.
type createResult struct {
	*spaceResult
	ArgillaVersion string `json:"argillaVersion,omitempty"` // what Argilla answered after --wait
	Created        bool   `json:"created"`
	Changes        int    `json:"applied"`     // changes made, as mutations count them (0: the Space was as asked)
	APIKeyKnown    bool   `json:"apiKeyKnown"` // whether the owner's API key is known here (connect)
}

// connectResult is what `connect -o json` prints; apiKey only with --show-key.
type connectResult struct {
	Space           string `json:"space"`
	APIURL          string `json:"apiUrl"`
	Private         bool   `json:"private"`
	APIKeyStored    bool   `json:"apiKeyStored"`
	CredentialsFile string `json:"credentialsFile"`
	APIKey          string `json:"apiKey,omitempty"`
}

// waitResult is what `wait -o json` prints.
type waitResult struct {
	Space string `json:"space"`
	*spaces.WaitResult
}

// keyedList is `secrets list` and `vars list` in JSON: {"space", what: [entries as the Hub gives them]}.
func keyedList[T any](space, what string, entries []T) map[string]any {
	return map[string]any{"space": space, what: entries}
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
