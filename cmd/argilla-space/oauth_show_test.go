package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

func showState(file string) *spaces.State {
	st := &spaces.State{ID: spaces.ID{Owner: "acme", Name: "demo"}, Exists: true, FilesRead: true, OAuthPath: ".oauth.yaml"}
	if file != "" {
		st.OAuthFile = []byte(file)
	}
	return st
}

func TestShowOAuth(t *testing.T) {
	t.Run("missing", func(t *testing.T) {
		r := showOAuth(showState(""))
		var out bytes.Buffer
		(&app{stdout: &out}).printOAuthShow(r)
		if r.Exists || r.Enabled || len(r.Workspaces) != 0 || r.Problems == nil ||
			out.String() != "File:        .oauth.yaml (missing: Argilla shows only the username/password form)\n" {
			t.Errorf("%+v\n%s", r, out.String())
		}
	})
	t.Run("invalid", func(t *testing.T) {
		r := showOAuth(showState("enabled: false\nproviders:\n  - name: gitlab\nallowed_workspaces:\n  - name: a\n"))
		want := []string{`line 3: unknown provider "gitlab": use one of huggingface, github, google-oauth2, keycloak`}
		if !slices.Equal(r.Problems, want) || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "line 1: `enabled` is ignored") {
			t.Errorf("problems %q, warnings %q", r.Problems, r.Warnings)
		}
		var out bytes.Buffer
		(&app{stdout: &out}).printOAuthShow(r)
		for _, s := range []string{"Sign-in:     on (providers: gitlab)\n", "Workspaces:  a\n", "  problem: line 3: unknown provider",
			"warning: line 1: `enabled` is ignored"} {
			if !strings.Contains(out.String(), s) {
				t.Errorf("output lacks %q:\n%s", s, out.String())
			}
		}
	})
	t.Run("off", func(t *testing.T) {
		r := showOAuth(showState("providers: []\n"))
		if r.Enabled || len(r.Problems) != 0 || r.Content != "providers: []\n" {
			t.Errorf("%+v", r)
		}
	})
}
