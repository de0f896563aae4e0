package spaces

import (
	"context"
	"fmt"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// KeyStore keeps the owner API keys of Spaces for later commands (`connect`, `wait`): the user's
// credentials file. Store with an empty username keeps the one on file. A pending key is one sent with
// a create whose outcome is not known yet; it does not replace the stored key until Store confirms it.
type KeyStore interface {
	Stored(id ID) (apiKey, username string, ok bool)
	Store(id ID, apiKey, username string) error
	Pending(id ID) string
	StorePending(id ID, apiKey, username string) error
	DropPending(id ID, apiKey string) error // only if the pending key is still apiKey
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
	app, err := NewApp(st.Host(), opts.Endpoint, st.Visibility() == "private", argilla.Options{APIKey: key, HFToken: opts.HFToken, HTTPClient: opts.HTTP})
	if err != nil {
		return "", false
	}
	me, err := app.Me(ctx)
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
	for _, cand := range []string{storedKey, store.Pending(st.ID), fromEnv} {
		name, ok := OwnerKey(ctx, st, cand, opts)
		if !ok {
			continue
		}
		if cand != storedKey || !stored {
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

// KeyForNewSpace is the owner API key a new Space gets when none was given: the pending one of an
// earlier run that was interrupted (see KeepBeforeCreate), so that a re-run converges on one key;
// else a new one. resumed says which.
func KeyForNewSpace(store KeyStore, id ID) (key string, resumed bool) {
	if key := store.Pending(id); ValidateAPIKey(key) == nil {
		return key, true
	}
	return GenerateSecret(), false
}

// KeepBeforeCreate keeps a new Space's key as pending before the create is sent: the Hub finishes a
// create whose client was killed, and a key kept only after the answer would be lost with the process.
// Store confirms it once the Space is created; DropPending forgets it when another run created the
// Space first (with its own key), and ends the mark once the command has finished: until then, a
// re-run knows the Space as its own (ResumeKey).
func KeepBeforeCreate(store KeyStore, id ID, key, username string) error {
	if err := store.StorePending(id, key, username); err != nil {
		return fmt.Errorf("keeping the new Space's API key before creating it: %w", err)
	}
	return nil
}

// ResumeKey confirms the pending key of a Space that exists: a run on this machine sent it with the
// create and was interrupted before it finished (a run that loses the race to another drops its
// pending key, so the Space is ours and that key is its owner's). ok=false: nothing pending here.
func ResumeKey(store KeyStore, id ID, username string) (key string, ok bool, err error) {
	key = store.Pending(id)
	if key == "" {
		return "", false, nil
	}
	if err := store.Store(id, key, username); err != nil {
		return key, true, fmt.Errorf("confirming the API key of %s, created by an interrupted run: %w", id, err)
	}
	return key, true, nil
}
