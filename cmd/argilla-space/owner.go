package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

func (a *app) ownerCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "owner",
		Short: "Set the Argilla owner account (USERNAME, PASSWORD, API_KEY secrets)",
	}
	c.AddCommand(a.ownerSetCmd())
	return c
}

type ownerOptions struct {
	username      string
	passwordStdin bool
	apiKeyEnv     string
}

func (a *app) ownerSetCmd() *cobra.Command {
	var m mutation
	var o ownerOptions
	c := &cobra.Command{
		Use:   "set",
		Short: "Set the owner's username, password and/or API key (restarts the Space)",
		Long: `Set the owner credentials the Argilla image reads at start-up: the USERNAME, PASSWORD and API_KEY
secrets. The password comes from --password-stdin, else ARGILLA_PASSWORD, else (when nothing else is
given) a masked prompt on a terminal; the API key from the environment variable --api-key-from-env names. Neither is ever taken
from argv or printed. PASSWORD must be 8 to 100 characters and API_KEY at least 8.

On persistent storage Argilla reads these secrets only when it creates the owner: an owner that already
exists keeps its old password and API key. On ephemeral storage the restart wipes everything and the
owner is created again from the new secrets.

A new API key is stored in your credentials file (for ` + "`argilla-space connect`" + `) when it is sure to be the
owner's: on ephemeral storage, or with --wait once Argilla confirmed it.`,
		Example: `  printf '%s' "$ARGILLA_PASSWORD" | argilla-space owner set --username alice --password-stdin
  argilla-space owner set --api-key-from-env NEW_ARGILLA_KEY --wait`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			owner, err := a.ownerInputs(c.Context(), o)
			if err != nil {
				return err
			}
			return a.writeSecrets(c.Context(), m, secretWrite{owner: owner})
		},
	}
	f := c.Flags()
	f.StringVar(&o.username, "username", "", "the owner's Argilla username (USERNAME)")
	f.BoolVar(&o.passwordStdin, "password-stdin", false, "read the owner password from stdin (else ARGILLA_PASSWORD, else a prompt)")
	f.StringVar(&o.apiKeyEnv, "api-key-from-env", "", "read the owner's API key from this environment variable")
	mutationFlags(c, &m)
	return c
}

// ownerInputs reads and checks the owner credentials before any request.
func (a *app) ownerInputs(ctx context.Context, o ownerOptions) (*spaces.OwnerSpec, error) {
	owner := &spaces.OwnerSpec{Username: o.username}
	if o.username != "" {
		if err := spaces.ValidateRepoName(o.username); err != nil {
			return nil, usagef("--username: %v", err)
		}
	}
	switch {
	case o.passwordStdin:
		s, err := a.readStdin("the password (--password-stdin)")
		if err != nil {
			return nil, err
		}
		owner.Password = strings.TrimRight(s, "\r\n")
		if owner.Password == "" {
			return nil, usagef("--password-stdin read an empty password: pipe it in, e.g. printf '%%s' \"$ARGILLA_PASSWORD\" | argilla-space owner set --password-stdin")
		}
	case a.getenv("ARGILLA_PASSWORD") != "":
		owner.Password = a.getenv("ARGILLA_PASSWORD")
	case a.canPrompt() && o.apiKeyEnv == "" && o.username == "":
		// Nothing given at all on a terminal: the password is what people come to change.
		p, err := a.prompts().Password(ctx, "New password for the Argilla owner", true)
		if err != nil {
			return nil, err
		}
		owner.Password = p
	}
	if owner.Password != "" {
		if err := spaces.ValidatePassword(owner.Password); err != nil {
			return nil, usagef("%v", err)
		}
	}
	if o.apiKeyEnv != "" {
		owner.APIKey = a.getenv(o.apiKeyEnv)
		if owner.APIKey == "" {
			return nil, usagef("--api-key-from-env %s: that environment variable is not set (or is empty)", o.apiKeyEnv)
		}
		if err := spaces.ValidateAPIKey(owner.APIKey); err != nil {
			return nil, usagef("--api-key-from-env %s: %v", o.apiKeyEnv, err)
		}
	}
	if *owner == (spaces.OwnerSpec{}) {
		return nil, usagef("nothing to set: give --username, --password-stdin (or ARGILLA_PASSWORD) and/or --api-key-from-env NAME")
	}
	return owner, nil
}

// apiKeyChange is a new owner API key on its way to a Space.
type apiKeyChange struct {
	key, username string
	wait          bool // the user asked for --wait
	timeout       time.Duration
}

// keepAPIKey runs after a plan that sent API_KEY, and decides whether the new key goes into the
// credentials file that `connect` and `wait` read. It is certain on ephemeral storage: the restart
// wipes the database and the owner is created again from the secrets. On persistent storage Argilla
// ignores API_KEY for an owner that already exists (argilla-on-spaces §0.8), so the key is stored only
// once Argilla itself confirms it (with --wait); otherwise the old stored key stays, with a note.
func (a *app) keepAPIKey(ctx context.Context, hub *hfapi.Client, out *spaces.Outcome, k apiKeyChange) error {
	if !planSetsKey(out.Plan, spaces.SecretAPIKey) {
		return nil
	}
	id, _ := spaces.ParseID(out.Plan.Space, "")
	if !out.Plan.PersistentAfter {
		if err := a.storeAPIKey(hub, id, k); err != nil {
			return err
		}
		if k.wait {
			_, err := spaces.Wait(ctx, hub, id, a.waitOptions(hub, k.key, k.timeout))
			return err
		}
		return nil
	}
	if !k.wait {
		fmt.Fprintln(a.stderr, "note: the new API key is not stored in your credentials file, since Argilla may keep the existing owner's key (see above); pass --wait to have it checked and stored once Argilla runs")
		return nil
	}
	if _, err := spaces.Wait(ctx, hub, id, a.waitOptions(hub, "", k.timeout)); err != nil {
		return err
	}
	app := argilla.New(argilla.Options{BaseURL: out.State.Host(), APIKey: k.key,
		HFToken: bearer(hub, out.State.Visibility() == "private"), HTTPClient: hub.HTTPClient()})
	me, err := app.Me(ctx)
	if err != nil || me.Role != "owner" {
		if a.storedKey(hub, id) == "" {
			fmt.Fprintln(a.stderr, "note: Argilla kept the existing owner's API key (see above), so the new one is not stored; the owner finds the key in Argilla under My Settings")
		} else {
			fmt.Fprintln(a.stderr, "note: Argilla kept the existing owner's API key (see above), so your credentials file keeps the old one, which still works")
		}
		return nil
	}
	if k.username == "" {
		k.username = me.Username
	}
	return a.storeAPIKey(hub, id, k)
}

// storeAPIKey saves the key for `connect`, keeping the username already on file when none is given.
func (a *app) storeAPIKey(hub *hfapi.Client, id spaces.ID, k apiKeyChange) error {
	if err := a.saveKey(hub, id, k.key, k.username); err != nil {
		return fmt.Errorf("the API key was set on the Space, but storing it failed: %w", err)
	}
	a.progress("stored the new API key in " + a.credentialsPath())
	return nil
}
