// Package config knows where argilla-space keeps its files on the user's machine: the credentials file
// (API keys of the Spaces it created, mode 0600) and the state of the in-process emulator.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
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

// SaveCredential stores (or replaces) the credential of a Space, keeping the file at mode 0600 and
// its directory at 0700. The file is replaced atomically so a crash never leaves half a key.
func (d Dirs) SaveCredential(c Credential) error {
	all, err := d.readCredentials()
	if err != nil {
		return err
	}
	kept := all.Credentials[:0]
	for _, old := range all.Credentials {
		if !(old.Endpoint == c.Endpoint && strings.EqualFold(old.Space, c.Space)) {
			kept = append(kept, old)
		}
	}
	all.Credentials = append(kept, c)
	sort.Slice(all.Credentials, func(i, j int) bool {
		a, b := all.Credentials[i], all.Credentials[j]
		if a.Endpoint != b.Endpoint {
			return a.Endpoint < b.Endpoint
		}
		return a.Space < b.Space
	})
	return d.writeCredentials(all)
}

// DeleteCredential forgets the credential of a Space (after `delete`).
func (d Dirs) DeleteCredential(endpoint, space string) error {
	all, err := d.readCredentials()
	if err != nil {
		return err
	}
	kept := all.Credentials[:0]
	for _, old := range all.Credentials {
		if !(old.Endpoint == endpoint && strings.EqualFold(old.Space, space)) {
			kept = append(kept, old)
		}
	}
	all.Credentials = kept
	return d.writeCredentials(all)
}

func (d Dirs) readCredentials() (credentialsFile, error) {
	var all credentialsFile
	data, err := os.ReadFile(d.CredentialsFile())
	if errors.Is(err, os.ErrNotExist) {
		return all, nil
	}
	if err != nil {
		return all, err
	}
	if err := json.Unmarshal(data, &all); err != nil {
		return all, fmt.Errorf("%s is not valid JSON (%v); fix or remove it", d.CredentialsFile(), err)
	}
	return all, nil
}

func (d Dirs) writeCredentials(all credentialsFile) error {
	if err := os.MkdirAll(d.Config, 0o700); err != nil {
		return err
	}
	data, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(d.Config, ".credentials-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), d.CredentialsFile())
}
