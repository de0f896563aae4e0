package spaces

import (
	"context"
	"fmt"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// DataMount is where Argilla keeps its SQLite database (argilla-on-spaces §1.5): only storage mounted
// here keeps users, datasets and annotations across restarts.
const DataMount = "/data"

// State is what Observe read of a Space. Secret values are never readable, only their keys.
type State struct {
	ID         ID
	Exists     bool
	Info       *hfapi.SpaceInfo
	Runtime    *hfapi.SpaceRuntime
	SecretKeys map[string]hfapi.SecretInfo
	Variables  map[string]hfapi.VariableInfo
	// The OAuth file (read only when the spec manages OAuth): its repo path, content (nil when the
	// file does not exist) and the head commit it was read at, for the commit's parentCommit.
	FilesRead  bool
	Dockerfile []byte
	// SecretsHidden: the token may read the Space but not list its secrets (a read token), and the
	// caller only reads (ObserveOptions.SecretsOptional); SecretKeys is then empty, not known empty.
	SecretsHidden bool
	OAuthPath     string
	OAuthFile     []byte
	Head          string
}

// ObserveOptions says what to read beyond the Space's info, secrets and variables.
type ObserveOptions struct {
	Files bool // the Dockerfile and the OAuth file (two reads)
	// SecretsOptional lets a read-only command go on when the token cannot list secrets (403 for a
	// read token): nothing is planned from such a State.
	SecretsOptional bool
}

// Observe reads the Space as it is. A missing Space is a State with Exists false, not an error.
func Observe(ctx context.Context, hub *hfapi.Client, id ID, opts ObserveOptions) (*State, error) {
	st := &State{ID: id}
	info, err := hub.SpaceInfo(ctx, id.String())
	if hfapi.IsNotFound(err) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", id, err)
	}
	st.Exists, st.Info, st.Runtime = true, info, info.Runtime
	if hid, err := ParseID(info.ID, ""); err == nil && strings.EqualFold(hid.String(), id.String()) {
		st.ID, id = hid, hid // the Hub matches ids without regard to case: show and use its spelling
	}
	if st.Runtime == nil {
		if st.Runtime, err = hub.SpaceRuntime(ctx, id.String()); err != nil {
			return nil, fmt.Errorf("reading the runtime of %s: %w", id, err)
		}
	}
	st.SecretKeys, err = hub.ListSecrets(ctx, id.String())
	switch {
	case err != nil && opts.SecretsOptional && hfapi.StatusOf(err) == 403:
		st.SecretsHidden = true
	case err != nil:
		return nil, fmt.Errorf("listing the secrets of %s: %w", id, err)
	}
	if st.Variables, err = hub.ListVariables(ctx, id.String()); err != nil {
		return nil, fmt.Errorf("listing the variables of %s: %w", id, err)
	}
	if opts.Files {
		if err := st.readFiles(ctx, hub); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func (st *State) readFiles(ctx context.Context, hub *hfapi.Client) error {
	df, err := hub.GetFile(ctx, st.ID.String(), "main", "Dockerfile")
	switch {
	case hfapi.IsNotFound(err):
		st.Dockerfile = nil
	case err != nil:
		return fmt.Errorf("reading the Dockerfile of %s: %w", st.ID, err)
	default:
		st.Dockerfile, st.Head = df.Content, df.Commit
	}
	st.OAuthPath = OAuthRepoPath(string(st.Dockerfile), st.Variables[OAuthPathVariable].Value)
	f, err := hub.GetFile(ctx, st.ID.String(), "main", st.OAuthPath)
	switch {
	case hfapi.IsNotFound(err):
		st.OAuthFile = nil
	case err != nil:
		return fmt.Errorf("reading %s of %s: %w", st.OAuthPath, st.ID, err)
	default:
		st.OAuthFile, st.Head = f.Content, f.Commit
	}
	if st.Head == "" && st.Info != nil {
		st.Head = st.Info.SHA
	}
	st.FilesRead = true
	return nil
}

// Stage is the runtime stage, "" when unknown.
func (st *State) Stage() string {
	if st.Runtime == nil {
		return ""
	}
	return st.Runtime.Stage
}

// Visibility is "public" or "private". The Hub's Space info only has `private`, which is also true for
// protected Spaces (reference §6, §7), so "private" here means "private or protected".
func (st *State) Visibility() string {
	if st.Info != nil && st.Info.Private {
		return "private"
	}
	return "public"
}

// Hardware is the requested flavor.
func (st *State) Hardware() string {
	if st.Runtime != nil && st.Runtime.Hardware.Requested != nil {
		return *st.Runtime.Hardware.Requested
	}
	return ""
}

// SleepSeconds is the sleep time; gcTimeout null means never (reference §6).
func (st *State) SleepSeconds() int {
	if st.Runtime == nil || st.Runtime.GCTimeout == nil {
		return Never
	}
	return *st.Runtime.GCTimeout
}

// DataVolume is the read-write bucket mounted at /data, if any.
func (st *State) DataVolume() (hfapi.Volume, bool) {
	if st.Runtime == nil {
		return hfapi.Volume{}, false
	}
	for _, v := range st.Runtime.Volumes {
		if v.Type == "bucket" && strings.TrimSuffix(v.MountPath, "/") == DataMount && !v.ReadOnly {
			return v, true
		}
	}
	return hfapi.Volume{}, false
}

// LegacyTier is the retired storage tier attached, or "".
func (st *State) LegacyTier() string {
	if st.Runtime == nil || st.Runtime.Storage == nil {
		return ""
	}
	return *st.Runtime.Storage
}

// StorageKind is bucket, a legacy tier, or ephemeral.
func (st *State) StorageKind() string {
	if _, ok := st.DataVolume(); ok {
		return StorageBucket
	}
	if t := st.LegacyTier(); t != "" {
		return t
	}
	return StorageEphemeral
}

// Persistent reports whether Argilla's data survives a restart.
func (st *State) Persistent() bool { return st.StorageKind() != StorageEphemeral }

// Host is the Space's app URL as the Hub gives it; never computed (reference §14).
func (st *State) Host() string {
	if st.Info == nil {
		return ""
	}
	if st.Info.Host != "" {
		return strings.TrimSuffix(st.Info.Host, "/")
	}
	if st.Runtime != nil {
		for _, d := range st.Runtime.Domains {
			if strings.HasSuffix(d.Domain, ".hf.space") {
				return "https://" + d.Domain
			}
		}
	}
	return ""
}
