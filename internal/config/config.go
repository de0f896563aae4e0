// Package config knows where argilla-space keeps its files on the user's machine: the credentials file
// (API keys of the Spaces it created, mode 0600) and the state of the in-process emulator.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/argilla-space/argilla-space/internal/atomicfile"
)

// Dirs holds the user's directories, resolved once from the environment so tests can point them
// elsewhere with ARGILLA_SPACE_CONFIG_DIR / ARGILLA_SPACE_STATE_DIR or the XDG variables.
type Dirs struct {
	Config string // credentials live here
	State  string // the in-process emulator's state lives here
}

// ResolveDirs finds the config and state directories. Config: ARGILLA_SPACE_CONFIG_DIR, else
// XDG_CONFIG_HOME/argilla-space, else os.UserConfigDir()/argilla-space. State: ARGILLA_SPACE_STATE_DIR,
// else XDG_STATE_HOME/argilla-space, else ~/.local/state/argilla-space (on Windows %LocalAppData%).
func ResolveDirs(getenv func(string) string) (Dirs, error) {
	var d Dirs
	switch {
	case getenv("ARGILLA_SPACE_CONFIG_DIR") != "":
		d.Config = getenv("ARGILLA_SPACE_CONFIG_DIR")
	case getenv("XDG_CONFIG_HOME") != "":
		d.Config = filepath.Join(getenv("XDG_CONFIG_HOME"), "argilla-space")
	default:
		base, err := os.UserConfigDir()
		if err != nil {
			return d, fmt.Errorf("cannot find a config directory (set ARGILLA_SPACE_CONFIG_DIR): %w", err)
		}
		d.Config = filepath.Join(base, "argilla-space")
	}
	switch {
	case getenv("ARGILLA_SPACE_STATE_DIR") != "":
		d.State = getenv("ARGILLA_SPACE_STATE_DIR")
	case getenv("XDG_STATE_HOME") != "":
		d.State = filepath.Join(getenv("XDG_STATE_HOME"), "argilla-space")
	case runtime.GOOS == "windows" && getenv("LocalAppData") != "":
		d.State = filepath.Join(getenv("LocalAppData"), "argilla-space", "state")
	default:
		home := getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return d, fmt.Errorf("cannot find a state directory (set ARGILLA_SPACE_STATE_DIR): %w", err)
			}
			home = h
		}
		d.State = filepath.Join(home, ".local", "state", "argilla-space")
	}
	return d, nil
}

// EmulatorStateFile is where `--endpoint emulator` keeps its Hub between commands.
func (d Dirs) EmulatorStateFile() string { return filepath.Join(d.State, "emulator.json") }

// CredentialsFile is the one file we write that holds secrets; it is always mode 0600.
func (d Dirs) CredentialsFile() string { return filepath.Join(d.Config, "credentials.json") }

// Credential is what `connect` needs later for one Space: the owner's Argilla API key.
type Credential struct {
	Endpoint string `json:"endpoint"`
	Space    string `json:"space"`
	APIKey   string `json:"apiKey"`
	Username string `json:"username,omitempty"`
	// PendingKey is a key sent (or about to be sent) with a create whose outcome this machine has not
	// seen yet: a run killed meanwhile leaves it here, and the re-run finds it (argilla-space create).
	PendingKey string `json:"pendingKey,omitempty"`
}

type credentialsFile struct {
	Credentials []Credential `json:"credentials"`
}

// LoadCredential returns the stored credential for a Space on an endpoint, or ok=false.
func (d Dirs) LoadCredential(endpoint, space string) (Credential, bool, error) {
	all, err := d.readCredentials()
	if err != nil {
		return Credential{}, false, err
	}
	for _, c := range all.Credentials {
		if c.Endpoint == endpoint && strings.EqualFold(c.Space, space) {
			return c, true, nil
		}
	}
	return Credential{}, false, nil
}

// SaveCredential stores (or replaces) the credential of a Space; an empty Username keeps the one on
// file. The file stays at mode 0600 and its directory at 0700. Concurrent saves (parallel creates on
// one machine) each keep their entry: the file is read, changed and replaced under an exclusive lock,
// atomically and durably.
func (d Dirs) SaveCredential(c Credential) error {
	return d.UpdateCredential(c.Endpoint, c.Space, func(old *Credential, _ bool) bool {
		if c.Username == "" {
			c.Username = old.Username
		}
		if c.PendingKey == "" {
			c.PendingKey = old.PendingKey // a create still under way keeps its mark
		}
		*old = c
		return true
	})
}

// UpdateCredential changes the credential of a Space under the file's lock: change gets the stored
// one (found=false: a new, empty one) and returns false to remove it.
func (d Dirs) UpdateCredential(endpoint, space string, change func(c *Credential, found bool) bool) error {
	return d.updateCredentials(func(all *credentialsFile) {
		c, found := Credential{Endpoint: endpoint, Space: space}, false
		for _, old := range all.Credentials {
			if old.Endpoint == endpoint && strings.EqualFold(old.Space, space) {
				c, found = old, true
			}
		}
		all.Credentials = without(all.Credentials, endpoint, space)
		if change(&c, found) {
			all.Credentials = append(all.Credentials, c)
		}
		sortCredentials(all.Credentials)
	})
}

func sortCredentials(cs []Credential) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Endpoint != b.Endpoint {
			return a.Endpoint < b.Endpoint
		}
		return a.Space < b.Space
	})
}

// DeleteCredential forgets the credential of a Space (after `delete`).
func (d Dirs) DeleteCredential(endpoint, space string) error {
	return d.updateCredentials(func(all *credentialsFile) {
		all.Credentials = without(all.Credentials, endpoint, space)
	})
}

func without(cs []Credential, endpoint, space string) []Credential {
	kept := cs[:0]
	for _, c := range cs {
		if !(c.Endpoint == endpoint && strings.EqualFold(c.Space, space)) {
			kept = append(kept, c)
		}
	}
	return kept
}

func (d Dirs) readCredentials() (credentialsFile, error) {
	if err := d.checkConfigDir(); err != nil {
		return credentialsFile{}, err
	}
	data, err := atomicfile.ReadFile(d.CredentialsFile())
	if errors.Is(err, fs.ErrNotExist) {
		return credentialsFile{}, nil
	}
	if err != nil {
		return credentialsFile{}, err
	}
	return d.parseCredentials(data)
}

// parseCredentials refuses a corrupt file, naming it and the repair: it is never replaced silently,
// since it may hold the only copy of a key.
func (d Dirs) parseCredentials(data []byte) (credentialsFile, error) {
	var all credentialsFile
	if err := json.Unmarshal(data, &all); err != nil {
		return all, &CorruptError{Path: d.CredentialsFile(), Err: err}
	}
	return all, nil
}

// CorruptError means the credentials file cannot be read as ours; nothing was written to it.
type CorruptError struct {
	Path string
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s is not a valid credentials file (%v): it was left as it is; repair the JSON by hand, or move it away (keeping the API keys it holds) and store keys again with `argilla-space owner set --api-key-from-env ARGILLA_API_KEY`", e.Path, e.Err)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// updateCredentials changes the file under its lock: the read, the change and the write see no other
// writer in between.
func (d Dirs) updateCredentials(change func(*credentialsFile)) error {
	if err := os.MkdirAll(d.Config, 0o700); err != nil {
		return err
	}
	if err := d.checkConfigDir(); err != nil {
		return err
	}
	return atomicfile.Update(d.CredentialsFile(), 0o600, func(old []byte) ([]byte, error) {
		var all credentialsFile
		if old != nil {
			var err error
			if all, err = d.parseCredentials(old); err != nil {
				return nil, err
			}
		}
		change(&all)
		data, err := json.MarshalIndent(all, "", "  ")
		return append(data, '\n'), err
	})
}

// checkConfigDir refuses a config directory that other users can write: they could swap the
// credentials file for one of theirs (issue 15). A missing directory is fine (it is made 0700).
func (d Dirs) checkConfigDir() error {
	if runtime.GOOS == "windows" {
		return nil // ACLs, not mode bits, guard it there
	}
	fi, err := os.Stat(d.Config)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("the config directory %s can be written by other users (mode %#o), who could replace the API keys kept there: run `chmod go-w %s` (it should be 0700), then run the command again", d.Config, perm, d.Config)
	}
	return nil
}
