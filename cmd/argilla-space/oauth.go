package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/internal/input"
	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// oauthCmd groups the commands that read and edit the Space's OAuth file (Sign in with Hugging Face).
// Every edit goes through a.mutate with the file read at the head commit, so comments survive, the
// commit names that head as its parent, and a concurrent edit is re-read and kept.
func (a *app) oauthCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "oauth",
		Short: "Show and edit the Space's OAuth file: who can sign in with Hugging Face, and into which workspaces",
		Long: `The OAuth file (.oauth.yaml in the template; the Dockerfile's COPY line or ARGILLA_AUTH_OAUTH_CFG
says which file the Space really uses) lists the sign-in providers and the workspaces people who sign in
with Hugging Face join. Edits keep its comments, are validated before anything is pushed, and rebuild
the Space: on a Space whose data is ephemeral that wipes it, so the guard asks first (or --yes).`,
		Example: `  argilla-space oauth show
  argilla-space oauth allow community-initiative --wait
  argilla-space oauth disallow old-project
  echo "$ARGILLA_PASSWORD" | argilla-space oauth disable --username admin --password-stdin
  argilla-space oauth push my-oauth.yaml --dry-run`,
	}
	c.AddCommand(a.oauthShowCmd(), a.oauthAllowCmd(), a.oauthDisallowCmd(), a.oauthEnableCmd(),
		a.oauthDisableCmd(), a.oauthPushCmd())
	return c
}

func (a *app) oauthAllowCmd() *cobra.Command {
	return mutationCmd(&cobra.Command{
		Use:   "allow WORKSPACE...",
		Short: "Let people who sign in with Hugging Face join these workspaces too (the others stay)",
		Args:  cobra.MinimumNArgs(1),
	}, func(c *cobra.Command, args []string, m *mutation) error {
		if err := checkWorkspaceNames(args); err != nil {
			return err
		}
		// A relative edit: the engine adds these names to the file as it reads it, again after a
		// concurrent commit, so the other person's edit is kept.
		m.desire = fixed(spaces.Spec{OAuth: &spaces.OAuthSpec{Allow: args}}, spaces.PlanOptions{})
		m.after = a.workspaceCheck(m)
		return a.runOAuth(c.Context(), *m, "")
	})
}

func (a *app) oauthDisallowCmd() *cobra.Command {
	return mutationCmd(&cobra.Command{
		Use:   "disallow WORKSPACE...",
		Short: "Stop adding new Hugging Face users to these workspaces (members stay members)",
		Args:  cobra.MinimumNArgs(1),
	}, func(c *cobra.Command, args []string, m *mutation) error {
		if err := checkWorkspaceNames(args); err != nil {
			return err
		}
		first := true
		m.desire = func(_ context.Context, st *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
			// Names missing from the file the user looked at are a typo or a stale idea: refuse
			// before sending anything. A later attempt (after a concurrent commit) may find a name
			// gone because the other edit removed it too, which is what was asked.
			if first {
				first = false
				if absent := absentWorkspaces(st, args); len(absent) > 0 {
					return spaces.Spec{}, spaces.PlanOptions{}, absentError(st, absent)
				}
			}
			return spaces.Spec{OAuth: &spaces.OAuthSpec{Disallow: args}}, spaces.PlanOptions{}, nil
		}
		m.after = a.workspaceCheck(m)
		return a.runOAuth(c.Context(), *m, "")
	})
}

func (a *app) oauthEnableCmd() *cobra.Command {
	return mutationCmd(&cobra.Command{
		Use:   "enable",
		Short: "Turn Sign in with Hugging Face on (providers: [huggingface] unless other providers are listed)",
		Args:  cobra.NoArgs,
	}, func(c *cobra.Command, _ []string, m *mutation) error {
		on := true
		m.desire = fixed(spaces.Spec{OAuth: &spaces.OAuthSpec{Enabled: &on}}, spaces.PlanOptions{})
		m.after = a.workspaceCheck(m)
		return a.runOAuth(c.Context(), *m, "")
	})
}

func (a *app) oauthDisableCmd() *cobra.Command {
	var m mutation
	var username string
	var passwordStdin bool
	c := &cobra.Command{
		Use:   "disable",
		Short: "Turn Sign in with Hugging Face off (providers: []); the owner then signs in with USERNAME and PASSWORD",
		Long: `Turn provider sign-in off by writing providers: [] (and enabled: false for Argilla before v2.7, as
the Dockerfile's FROM tag tells). The file stays, because the Dockerfile copies it.

Refused unless the Space has USERNAME and PASSWORD secrets, or they are given here: --username and
the password from --password-stdin or ARGILLA_PASSWORD (never on the command line).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			password, err := a.ownerPassword(passwordStdin)
			if err != nil {
				return err
			}
			owner, keys := ownerSecrets(username, password)
			first := true
			off := false
			m.desire = func(context.Context, *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
				opts := spaces.PlanOptions{}
				if first {
					// The secrets precede the commit in the plan, so after a concurrent commit (HTTP 412)
					// they are already set: only the first attempt sends them.
					first, opts.RotateKeys = false, keys
				}
				return spaces.Spec{OAuth: &spaces.OAuthSpec{Enabled: &off}, Owner: owner}, opts, nil
			}
			note := ""
			if password != "" {
				note = "PASSWORD only counts when Argilla creates the owner: on a Space whose data persists, an owner that already exists keeps its password (argilla-on-spaces §0.8)"
			}
			return a.runOAuth(c.Context(), m, note)
		},
	}
	c.Flags().StringVar(&username, "username", "", "also set the USERNAME secret: the Argilla owner who signs in with a password")
	c.Flags().BoolVar(&passwordStdin, "password-stdin", false, "also set the PASSWORD secret, read from stdin (else from ARGILLA_PASSWORD when set)")
	mutationFlags(c, &m)
	return c
}

func (a *app) oauthPushCmd() *cobra.Command {
	return mutationCmd(&cobra.Command{
		Use:   "push FILE",
		Short: "Replace the Space's OAuth file with FILE (- for stdin), validated first",
		Args:  cobra.ExactArgs(1),
	}, func(c *cobra.Command, args []string, m *mutation) error {
		data, err := a.readOAuthFile(args[0])
		if err != nil {
			return err
		}
		// Validated here, before the Hub is asked anything: every problem with its line.
		if err := oauthcfg.Validate(data); err != nil {
			return usagef("%s is not a valid OAuth file; nothing was pushed:\n%s", args[0], problemLines(err))
		}
		for _, w := range oauthcfg.Warnings(data) {
			fmt.Fprintf(a.stderr, "warning: %s: %s\n", args[0], w)
		}
		m.desire = fixed(spaces.Spec{OAuth: &spaces.OAuthSpec{Content: data}}, spaces.PlanOptions{})
		m.after = a.workspaceCheck(m)
		return a.runOAuth(c.Context(), *m, "")
	})
}

// runOAuth runs an OAuth edit through the engine and adds what the generic output leaves out: the
// plan's warnings (nothing to do for a workspace, say) and note, on stderr.
func (a *app) runOAuth(ctx context.Context, m mutation, note string) error {
	m.files = true
	out, err := a.mutate(ctx, m)
	if err != nil {
		return err
	}
	if m.dryRun || out == nil || out.Plan == nil {
		return nil // printPlan showed the warnings
	}
	if a.output != "json" {
		for _, w := range out.Plan.Warnings {
			fmt.Fprintln(a.stderr, "note: "+w)
		}
	}
	if note != "" && out.Plan.PersistentBefore && planSets(out.Plan, spaces.SecretPassword) {
		fmt.Fprintln(a.stderr, "note: "+note)
	}
	return nil
}

func planSets(p *spaces.Plan, key string) bool {
	for _, c := range p.Changes {
		if c.Kind == spaces.KindSetSecret && c.Target == key {
			return true
		}
	}
	return false
}

func checkWorkspaceNames(names []string) error {
	for _, w := range names {
		if err := oauthcfg.ValidateWorkspaceName(w); err != nil {
			return usagef("%v", err)
		}
	}
	return nil
}

// absentWorkspaces lists the names the Space's OAuth file does not allow.
func absentWorkspaces(st *spaces.State, names []string) []string {
	var have []string
	if f, err := oauthcfg.Parse(st.OAuthFile); err == nil {
		have = f.Workspaces()
	}
	var out []string
	for _, w := range names {
		if !contains(have, w) && !contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func absentError(st *spaces.State, absent []string) error {
	allowed := "none"
	if f, err := oauthcfg.Parse(st.OAuthFile); err == nil && len(f.Workspaces()) > 0 {
		allowed = strings.Join(f.Workspaces(), ", ")
	}
	if st.OAuthFile == nil {
		allowed = "none: the file does not exist"
	}
	what := "workspace " + absent[0] + " is"
	if len(absent) > 1 {
		what = "workspaces " + strings.Join(absent, ", ") + " are"
	}
	return usagef("%s not allowed in %s of %s (allowed: %s); nothing changed", what, st.OAuthPath, st.ID, allowed)
}

// ownerPassword reads the owner password from stdin (--password-stdin) or ARGILLA_PASSWORD, checked
// against Argilla's length rule; "" when neither is given.
func (a *app) ownerPassword(fromStdin bool) (string, error) {
	password := ""
	if fromStdin {
		b, err := a.readStdinBytes("the password")
		if err != nil {
			return "", err
		}
		if password = strings.TrimRight(string(b), "\r\n"); password == "" {
			return "", usagef("--password-stdin read an empty password")
		}
	} else {
		password = a.getenv("ARGILLA_PASSWORD")
	}
	if password == "" {
		return "", nil
	}
	if err := spaces.ValidatePassword(password); err != nil {
		return "", usagef("%v", err)
	}
	return password, nil
}

// ownerSecrets is the owner part of the spec and the secret keys to (re)send, for what was given.
func ownerSecrets(username, password string) (*spaces.OwnerSpec, []string) {
	if username == "" && password == "" {
		return nil, nil
	}
	var keys []string
	if username != "" {
		keys = append(keys, spaces.SecretUsername)
	}
	if password != "" {
		keys = append(keys, spaces.SecretPassword)
	}
	return &spaces.OwnerSpec{Username: username, Password: password}, keys
}

// readOAuthFile reads the file to push; "-" is stdin.
func (a *app) readOAuthFile(path string) ([]byte, error) {
	var data []byte
	var err error
	if path == "-" {
		return a.readStdinBytes("the OAuth file")
	}
	data, err = input.ReadFile(path)
	if err != nil {
		return nil, usagef("reading the OAuth file: %v", err)
	}
	return data, nil
}

// problemLines lists a validation error's problems, one a line.
func problemLines(err error) string {
	var ve *oauthcfg.ValidationError
	if !errors.As(err, &ve) {
		return "  " + err.Error()
	}
	lines := make([]string, len(ve.Problems))
	for i, p := range ve.Problems {
		lines[i] = "  " + p.String()
	}
	return strings.Join(lines, "\n")
}
