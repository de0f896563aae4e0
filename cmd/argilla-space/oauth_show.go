package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/internal/termsafe"
	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// oauthShowResult is the JSON shape of `oauth show`.
type oauthShowResult struct {
	Space      string   `json:"space"`
	Path       string   `json:"path"`   // the file in the Space repo the server reads
	Exists     bool     `json:"exists"` // false: Argilla shows only the username/password form
	Enabled    bool     `json:"enabled"`
	Providers  []string `json:"providers"`
	Workspaces []string `json:"workspaces"`
	Problems   []string `json:"problems"` // why the server would refuse the file; "line N: ..."
	Warnings   []string `json:"warnings"` // accepted, but probably not meant
	Content    string   `json:"content"`
}

func (a *app) oauthShowCmd() *cobra.Command {
	var space string
	c := &cobra.Command{
		Use:   "show",
		Short: "Print the OAuth file the Space uses, what it allows, and any problem in it",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			// Read-only: observed directly, never through the engine.
			_, st, err := a.existingSpace(c.Context(), space, true)
			if err != nil {
				return err
			}
			r := showOAuth(st)
			if a.output == "json" {
				return a.writeJSON(r)
			}
			return a.printOAuthShow(r)
		},
	}
	spaceFlag(c.Flags(), &space)
	return c
}

// showOAuth describes the Space's OAuth file as the server would read it.
func showOAuth(st *spaces.State) *oauthShowResult {
	r := &oauthShowResult{Space: st.ID.String(), Path: st.OAuthPath, Exists: st.OAuthFile != nil,
		Providers: []string{}, Workspaces: []string{}, Problems: []string{}, Warnings: []string{},
		Content: string(st.OAuthFile)}
	if !r.Exists {
		return r
	}
	if f, err := oauthcfg.Parse(st.OAuthFile); err == nil {
		r.Enabled = f.OAuthEnabled()
		r.Providers = append(r.Providers, f.Providers()...)
		r.Workspaces = append(r.Workspaces, f.Workspaces()...)
	}
	var ve *oauthcfg.ValidationError
	if err := oauthcfg.Validate(st.OAuthFile); errors.As(err, &ve) {
		for _, p := range ve.Problems {
			r.Problems = append(r.Problems, p.String())
		}
	} else if err != nil {
		r.Problems = append(r.Problems, err.Error())
	}
	r.Warnings = append(r.Warnings, oauthcfg.Warnings(st.OAuthFile)...)
	return r
}

func (a *app) printOAuthShow(r *oauthShowResult) error {
	w := a.stdout // escapes the file's controls; the fields below are kept on their lines too
	l := termsafe.Line
	if !r.Exists {
		fmt.Fprintf(w, "File:        %s (missing: Argilla shows only the username/password form)\n", l(r.Path))
		return nil
	}
	fmt.Fprintf(w, "File:        %s\n", l(r.Path))
	if r.Enabled {
		fmt.Fprintf(w, "Sign-in:     on (providers: %s)\n", l(strings.Join(r.Providers, ", ")))
	} else {
		fmt.Fprintln(w, "Sign-in:     off (the owner signs in with USERNAME and PASSWORD)")
	}
	fmt.Fprintf(w, "Workspaces:  %s\n", l(workspacesText(r.Workspaces)))
	fmt.Fprintln(w)
	fmt.Fprint(w, r.Content)
	if !strings.HasSuffix(r.Content, "\n") {
		fmt.Fprintln(w)
	}
	if len(r.Problems) > 0 {
		fmt.Fprintf(w, "\nArgilla would not start with this file; fix it with `argilla-space oauth push FILE`:\n")
		for _, p := range r.Problems {
			fmt.Fprintf(w, "  problem: %s\n", p)
		}
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	return nil
}
