package spaces

import (
	"context"
	"fmt"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// KeyStore keeps the owner API keys of Spaces for later commands (`connect`, `wait`): the user's
// credentials file. Store with an empty username keeps the one on file.
type KeyStore interface {
	Stored(id ID) (apiKey, username string, ok bool)
	Store(id ID, apiKey, username string) error
}

// NewKey is an owner API key this run sent to an existing Space (owner set, or create --exist-ok
// with ARGILLA_API_KEY on a Space without one).
type NewKey struct {
	Key, Username string
	Wait          bool        // the user asked to wait: Argilla is asked whether the key is the owner's
	WaitOptions   WaitOptions // for that wait; its APIKey is set here
}

// PlanSetsKey reports whether the plan sends the secret key (a create sends them all).
func PlanSetsKey(p *Plan, key string) bool {
	for _, c := range p.Changes {
		if c.Kind == KindSetSecret && c.Target == key || c.Kind == KindCreateSpace {
			return true
		}
	}
	return false
}

// KeepNewKey runs after a plan that may have sent API_KEY and decides whether the new key is stored.
// It is certain on ephemeral storage: the restart wipes the database and the owner is created again
// from the secrets. On persistent storage Argilla ignores API_KEY for an owner that already exists
// (argilla-on-spaces §0.8), so the key is stored only once Argilla itself confirms it (k.Wait);
// otherwise the stored key stays, and note says why, for the person.
func KeepNewKey(ctx context.Context, hub *hfapi.Client, store KeyStore, out *Outcome, k NewKey) (note string, err error) {
	if !PlanSetsKey(out.Plan, SecretAPIKey) {
		return "", nil
	}
	id, err := ParseID(out.Plan.Space, "")
	if err != nil {
		return "", err
	}
	if !out.Plan.PersistentAfter {
		if err := storeKey(store, id, k.Key, k.Username); err != nil {
			return "", err
		}
		if k.Wait {
			opts := k.WaitOptions
			opts.APIKey = k.Key
			_, err := Wait(ctx, hub, id, opts)
			return "", err
		}
		return "", nil
	}
	if !k.Wait {
		return "the new API key is not stored in your credentials file, since Argilla may keep the existing owner's key (see above); pass --wait to have it checked and stored once Argilla runs", nil
	}
	opts := k.WaitOptions
	opts.APIKey = ""
	if _, err := Wait(ctx, hub, id, opts); err != nil {
		return "", err
	}
	username, ok := OwnerKey(ctx, out.State, k.Key, opts)
	if !ok {
		if _, _, stored := store.Stored(id); !stored {
			return "Argilla kept the existing owner's API key (see above), so the new one is not stored; the owner finds the key in Argilla under My Settings", nil
		}
		return "Argilla kept the existing owner's API key (see above), so your credentials file keeps the old one, which still works", nil
	}
	if k.Username == "" {
		k.Username = username
	}
	return "", storeKey(store, id, k.Key, k.Username)
}

func storeKey(store KeyStore, id ID, key, username string) error {
	if err := store.Store(id, key, username); err != nil {
		return fmt.Errorf("the API key was set on the Space, but storing it failed: %w", err)
	}
	return nil
}

// OwnerKey asks the Space's Argilla (GET /api/v1/me) whether key belongs to its owner, and who that is.
// Argilla must answer already (after Wait).
func OwnerKey(ctx context.Context, st *State, key string, opts WaitOptions) (username string, ok bool) {
	if key == "" || st == nil {
		return "", false
	}
	token := ""
	if st.Visibility() == "private" {
		token = opts.HFToken
	}
	me, err := argilla.New(argilla.Options{BaseURL: st.Host(), APIKey: key, HFToken: token, HTTPClient: opts.HTTP}).Me(ctx)
	if err != nil || me.Role != "owner" {
		return "", false
	}
	return me.Username, true
}

// KnownKey is the owner API key of a Space this run did not create, if one is known here: a candidate
// (the stored key, then ARGILLA_API_KEY) that Argilla accepts as the owner's. The API_KEY secret may
// have been set by someone else (another CI job won the race to create the Space, or a person rotated
// it), so no key is claimed unchecked. An accepted key that is not stored yet is stored. Without
// check (no wait: Argilla may not answer yet) the stored key is taken as it is, as before.
func KnownKey(ctx context.Context, store KeyStore, st *State, opts WaitOptions, check bool, fromEnv string) (key, username string, known bool, err error) {
	storedKey, storedUser, stored := store.Stored(st.ID)
	if !check {
		return storedKey, storedUser, stored, nil
	}
	for _, cand := range []string{storedKey, fromEnv} {
		name, ok := OwnerKey(ctx, st, cand, opts)
		if !ok {
			continue
		}
		if cand != storedKey {
			if err := store.Store(st.ID, cand, name); err != nil {
				return cand, name, true, fmt.Errorf("Argilla accepts ARGILLA_API_KEY as the owner's, but storing it failed: %w", err)
			}
		}
		return cand, name, true, nil
	}
	return "", storedUser, false, nil
}

// UnknownKeyNote says what to do when a Space's owner key is not known here.
func UnknownKeyNote(id ID) string {
	return fmt.Sprintf("the owner API key of %s was set by someone else (not by this run) and is not known here: export it as ARGILLA_API_KEY (the owner finds it in Argilla under My Settings), or set a new one with `argilla-space owner set --space %s --api-key-from-env ARGILLA_API_KEY --wait`; CI jobs that share one ARGILLA_API_KEY all know it", id, id)
}
