package spaces

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/argilla-space/argilla-space/pkg/backup"
)

// BackupCarrier carries Argilla's data with the backup package, as the Space's owner. Each backup is a
// new directory under Dir, named by time and reason, so none overwrites another.
type BackupCarrier struct {
	Access   ArgillaAccess
	Dir      func(ID) (string, error) // where a Space's backups go: the user's state dir
	Tool     string                   // recorded in the manifest
	Progress func(string)             // one line per step; nil = silent
	Now      func() time.Time         // nil = time.Now
}

// Backup writes a backup of the Space's Argilla and returns its directory.
func (b BackupCarrier) Backup(ctx context.Context, st *State, reason string) (string, error) {
	app, err := b.Access.Client(st)
	if err != nil {
		return "", fmt.Errorf("Argilla cannot be backed up: %w", err)
	}
	dir, err := b.Dir(st.ID)
	if err != nil {
		return "", err
	}
	// Backups hold usernames and annotations: only the user reads them.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	now := time.Now
	if b.Now != nil {
		now = b.Now
	}
	dest := filepath.Join(dir, now().UTC().Format("20060102T150405Z")+"-"+reason)
	b.say("backing up Argilla of " + st.ID.String() + " to " + dest)
	m, err := backup.Write(ctx, app, dest, backup.WriteOptions{Space: st.ID.String(), Tool: b.Tool})
	if err != nil {
		return "", err
	}
	b.say(fmt.Sprintf("backed up %d users, %d datasets, %d records", m.Users, len(m.Datasets), m.Records()))
	return dest, nil
}

// Restore puts the backup at path into the Space's Argilla; backup.Restore verifies the counts against
// the backup's manifest at the end.
func (b BackupCarrier) Restore(ctx context.Context, st *State, path string) error {
	app, err := b.Access.Client(st)
	if err != nil {
		return err
	}
	rep, err := backup.Restore(ctx, app, path, backup.RestoreOptions{})
	if err != nil {
		return err
	}
	b.say(fmt.Sprintf("restored %d records of %d datasets, verified against the backup", rep.Records, len(rep.Datasets)))
	return nil
}

func (b BackupCarrier) say(s string) {
	if b.Progress != nil {
		b.Progress(s)
	}
}
