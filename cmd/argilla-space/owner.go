package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/internal/config"
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

// keepAPIKey stores a new owner API key once it is sure to be the owner's (spaces.KeepNewKey says
// when), and says why when it is not.
func (a *app) keepAPIKey(ctx context.Context, hub *hfapi.Client, out *spaces.Outcome, k apiKeyChange) error {
	store := credentialStore{a: a, hub: hub, announce: "stored the new API key in "}
	note, err := spaces.KeepNewKey(ctx, hub, store, out, spaces.NewKey{Key: k.key, Username: k.username,
		Wait: k.wait, WaitOptions: a.waitOptions(hub, "", k.timeout)})
	if note != "" {
		fmt.Fprintln(a.stderr, "note: "+note)
	}
	return err
}

// keyStore is the credentials file, as pkg/spaces keeps owner keys in it.
func (a *app) keyStore(hub *hfapi.Client) spaces.KeyStore { return credentialStore{a: a, hub: hub} }

type credentialStore struct {
	a        *app
	hub      *hfapi.Client
	announce string // progress line before the file's path, when set
}

func (s credentialStore) Stored(id spaces.ID) (string, string, bool) {
	c, ok := s.a.storedCredential(s.hub, id)
	return c.APIKey, c.Username, ok
}

func (s credentialStore) Store(id spaces.ID, key, username string) error {
	if err := s.a.saveKey(s.hub, id, key, username); err != nil {
		return err
	}
	if s.announce != "" {
		s.a.progress(s.announce + s.a.credentialsPath())
	}
	return nil
}

func (s credentialStore) Pending(id spaces.ID) string {
	c, _ := s.a.storedCredential(s.hub, id)
	return c.PendingKey
}

func (s credentialStore) StorePending(id spaces.ID, key, username string) error {
	return s.update(id, func(c *config.Credential) {
		c.PendingKey = key
		if c.Username == "" {
			c.Username = username
		}
	})
}

func (s credentialStore) DropPending(id spaces.ID, key string) error {
	return s.update(id, func(c *config.Credential) {
		if c.PendingKey == key {
			c.PendingKey = ""
		}
	})
}

// update changes the Space's entry under the file's lock, removing it when no key is left.
func (s credentialStore) update(id spaces.ID, change func(*config.Credential)) error {
	dirs, err := s.a.userDirs()
	if err != nil {
		return err
	}
	return dirs.UpdateCredential(s.a.credentialEndpoint(s.hub), id.String(), func(c *config.Credential, _ bool) bool {
		change(c)
		return c.APIKey != "" || c.PendingKey != ""
	})
}
