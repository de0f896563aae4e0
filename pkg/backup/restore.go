package backup

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Merge adds the backup's records into datasets that exist with other settings, instead of
	// refusing (a ConflictError) before anything is written.
	Merge    bool
	Progress func(Progress) // called after every bulk of records; nil for none
}

// Report says what a restore did (camelCase in JSON, like every command's -o json).
type Report struct {
	Manifest          *Manifest       `json:"-"`
	UsersCreated      []string        `json:"usersCreated"` // got a new random password, never shown
	UsersExisting     []string        `json:"usersExisting"`
	WorkspacesCreated []string        `json:"workspacesCreated"`
	WorkspacesExist   []string        `json:"workspacesExisting"`
	MembershipsAdded  int             `json:"membershipsAdded"`
	Datasets          []DatasetReport `json:"datasets"`
	Records           int             `json:"records"`
	Verified          bool            `json:"verified"`
}

// DatasetReport is one dataset of a restore, with the counts the server gave back.
type DatasetReport struct {
	Workspace    string         `json:"workspace"`
	Name         string         `json:"name"`
	Created      bool           `json:"created"` // false: it was there (a previous run, or --merge)
	Records      int            `json:"records"`
	RecordStatus map[string]int `json:"recordStatus"`
	Responses    map[string]int `json:"responses"`
}

// Restore puts the backup at src into the instance c talks to, in the order of reference §14.4: users,
// workspaces, memberships, datasets with their final distribution, fields, questions, metadata
// properties, vector settings, publish, then records in bulk upserts keyed by external_id. It is
// idempotent: a second run, or a run after an interrupted one, finds what is there and adds only what
// is missing. Before anything is written it checks the backup (an *InputError when damaged or newer),
// the key (a *NotOwnerError) and the target's datasets (a *ConflictError); at the end it compares the
// server's counts with the manifest (a *VerifyError on a difference). c needs the owner's API key.
func Restore(ctx context.Context, c *argilla.Client, src string, o RestoreOptions) (*Report, error) {
	s, err := Open(src)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return RestoreFrom(ctx, c, s, o)
}

// RestoreFrom is Restore of a backup Open checked already.
func RestoreFrom(ctx context.Context, c *argilla.Client, s *Source, o RestoreOptions) (*Report, error) {
	r := &restorer{c: c, s: s, o: o, rep: &Report{Manifest: s.Manifest, UsersCreated: []string{}, UsersExisting: []string{},
		WorkspacesCreated: []string{}, WorkspacesExist: []string{}, Datasets: []DatasetReport{}}}
	if err := r.load(); err != nil {
		return nil, err
	}
	if err := requireOwner(ctx, c, "restore"); err != nil {
		return nil, err
	}
	if err := r.preflight(ctx); err != nil {
		return nil, err
	}
	if err := r.restoreUsers(ctx); err != nil {
		return r.rep, err
	}
	if err := r.restoreWorkspaces(ctx); err != nil {
		return r.rep, err
	}
	for i := range r.dfs {
		if err := r.restoreDataset(ctx, i); err != nil {
			return r.rep, err
		}
	}
	return r.rep, r.verify(ctx)
}

// restorer carries a restore's state: the backup, and the maps from its ids to the target's.
type restorer struct {
	c   *argilla.Client
	s   *Source
	o   RestoreOptions
	rep *Report

	users []argilla.User
	wss   []WorkspaceEntry
	dfs   []DatasetFile

	userID   map[string]string // username → target user id
	wsID     map[string]string // workspace name → target workspace id
	existing map[string]*argilla.Dataset
	totals   []int // records written per dataset, as the server counted them
}

// load reads the backup's small files.
func (r *restorer) load() error {
	if err := r.s.readJSON(usersFile, &r.users); err != nil {
		return err
	}
	if err := r.s.readJSON(workspacesFile, &r.wss); err != nil {
		return err
	}
	for _, d := range r.s.Manifest.Datasets {
		var df DatasetFile
		if err := r.s.readJSON(d.Dir+"/"+datasetFile, &df); err != nil {
			return err
		}
		if df.Dataset.Name != d.Name || df.Workspace != d.Workspace {
			return inputf("the backup is inconsistent: %s/%s holds dataset %s/%s, the manifest says %s/%s",
				d.Dir, datasetFile, df.Workspace, df.Dataset.Name, d.Workspace, d.Name)
		}
		r.dfs = append(r.dfs, df)
	}
	return nil
}

func datasetKey(ws, name string) string { return ws + "\x00" + name }

// preflight reads the target and refuses conflicting datasets before anything is written.
func (r *restorer) preflight(ctx context.Context) error {
	wss, err := r.c.Workspaces(ctx)
	if err != nil {
		return err
	}
	wsName := map[string]string{}
	for _, w := range wss {
		wsName[w.ID] = w.Name
	}
	datasets, err := r.c.Datasets(ctx)
	if err != nil {
		return err
	}
	r.existing = map[string]*argilla.Dataset{}
	for i := range datasets {
		d := &datasets[i]
		r.existing[datasetKey(wsName[d.WorkspaceID], d.Name)] = d
	}
	var conflicts []string
	for _, df := range r.dfs {
		d, ok := r.existing[datasetKey(df.Workspace, df.Dataset.Name)]
		if !ok {
			continue
		}
		diffs, err := r.compare(ctx, df, d)
		if err != nil {
			return err
		}
		if len(diffs) > 0 {
			conflicts = append(conflicts, fmt.Sprintf("dataset %s/%s exists with other settings (%s)", df.Workspace, df.Dataset.Name, joinList(diffs)))
		}
	}
	if len(conflicts) > 0 && !r.o.Merge {
		return &ConflictError{Conflicts: conflicts}
	}
	return nil
}

// compare lists how the target's dataset d differs from the backup's. Settings the backup has and a
// draft target lacks are not differences: an interrupted restore left them out, and they can be added.
func (r *restorer) compare(ctx context.Context, df DatasetFile, d *argilla.Dataset) ([]string, error) {
	var diffs []string
	if d.Distribution != df.Dataset.Distribution {
		diffs = append(diffs, fmt.Sprintf("distribution min_submitted %d, the backup's %d", d.Distribution.MinSubmitted, df.Dataset.Distribution.MinSubmitted))
	}
	if str(d.Guidelines) != str(df.Dataset.Guidelines) {
		diffs = append(diffs, "other guidelines")
	}
	if d.AllowExtraMetadata != df.Dataset.AllowExtraMetadata {
		diffs = append(diffs, "allow_extra_metadata differs")
	}
	frozen := d.Status == "ready" // fields and questions cannot be added after publish
	fields, err := r.c.Fields(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	diffs = append(diffs, compareNamed("field", df.Fields, fields, frozen, func(f argilla.Field) (string, any) {
		return f.Name, []any{f.Title, f.Required, canon(f.Settings)}
	})...)
	questions, err := r.c.Questions(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	diffs = append(diffs, compareNamed("question", df.Questions, questions, frozen, func(q argilla.Question) (string, any) {
		return q.Name, []any{q.Title, str(q.Description), q.Required, canon(q.Settings)}
	})...)
	mps, err := r.c.MetadataProperties(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	diffs = append(diffs, compareNamed("metadata property", df.MetadataProperties, mps, false, func(m argilla.MetadataProperty) (string, any) {
		return m.Name, []any{m.Title, m.VisibleForAnnotators, canon(m.Settings)}
	})...)
	vss, err := r.c.VectorsSettings(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	diffs = append(diffs, compareNamed("vector settings", df.VectorsSettings, vss, false, func(v argilla.VectorSettings) (string, any) {
		return v.Name, []any{v.Title, v.Dimensions}
	})...)
	if df.Dataset.Status == "draft" && d.Status == "ready" {
		diffs = append(diffs, "published, the backup's is a draft")
	}
	return diffs, nil
}

// compareNamed compares settings matched by name. missingOK: the target may lack some (still addable).
func compareNamed[T any](kind string, want, have []T, frozen bool, key func(T) (string, any)) []string {
	var diffs []string
	wantBy := map[string]any{}
	for _, w := range want {
		n, v := key(w)
		wantBy[n] = v
	}
	haveBy := map[string]bool{}
	for _, h := range have {
		n, v := key(h)
		haveBy[n] = true
		w, ok := wantBy[n]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("%s %s is not in the backup", kind, n))
		case !reflect.DeepEqual(w, v):
			diffs = append(diffs, fmt.Sprintf("%s %s differs", kind, n))
		}
	}
	if frozen {
		for _, w := range want {
			if n, _ := key(w); !haveBy[n] {
				diffs = append(diffs, fmt.Sprintf("%s %s is missing and cannot be added to a published dataset", kind, n))
			}
		}
	}
	return diffs
}

// canon decodes JSON for a comparison that ignores key order and spacing.
func canon(raw json.RawMessage) any {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	return v
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func joinList(s []string) string {
	const max = 4
	if len(s) > max {
		return fmt.Sprintf("%s, and %d more", joinList(s[:max]), len(s)-max)
	}
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// restoreUsers creates each user of the backup the target lacks, with its id, role and names and a
// new random password, and maps the others by username (the Space's owner, users who signed in with
// OAuth). A 409 on a create (someone created it meanwhile) is read again and mapped.
func (r *restorer) restoreUsers(ctx context.Context) error {
	if err := r.readUsers(ctx); err != nil {
		return err
	}
	for _, u := range r.users {
		if _, ok := r.userID[u.Username]; ok {
			r.rep.UsersExisting = append(r.rep.UsersExisting, u.Username)
			continue
		}
		pw, err := randomPassword()
		if err != nil {
			return err
		}
		nu := argilla.NewUser{ID: u.ID, FirstName: u.FirstName, Username: u.Username, Role: u.Role, Password: pw}
		if u.FirstName == "" {
			nu.FirstName = u.Username // required by Argilla; OAuth users get their username (§14.5)
		}
		if u.LastName != "" {
			nu.LastName = &u.LastName
		}
		created, err := r.c.CreateUser(ctx, nu)
		if errors.Is(err, argilla.ErrExists) {
			if err := r.readUsers(ctx); err != nil {
				return err
			}
			if _, ok := r.userID[u.Username]; ok { // a concurrent writer created it: map it
				r.rep.UsersExisting = append(r.rep.UsersExisting, u.Username)
				continue
			}
			nu.ID = "" // the id belongs to another user here: take a new one
			created, err = r.c.CreateUser(ctx, nu)
		}
		if err != nil {
			return fmt.Errorf("restoring user %s: %w", u.Username, err)
		}
		r.userID[created.Username] = created.ID
		r.rep.UsersCreated = append(r.rep.UsersCreated, u.Username)
	}
	return nil
}

func (r *restorer) readUsers(ctx context.Context) error {
	list, err := r.c.Users(ctx)
	if err != nil {
		return err
	}
	r.userID = make(map[string]string, len(list))
	for _, u := range list {
		r.userID[u.Username] = u.ID
	}
	return nil
}

// randomPassword is a new user's password: 32 characters from 192 random bits, never shown.
func randomPassword() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// restoreWorkspaces creates the missing workspaces with their ids, maps existing ones by name (the
// Space creates WORKSPACE and the OAuth workspaces at start), and adds the missing memberships.
func (r *restorer) restoreWorkspaces(ctx context.Context) error {
	if err := r.readWorkspaces(ctx); err != nil {
		return err
	}
	for _, w := range r.wss {
		if _, ok := r.wsID[w.Name]; ok {
			r.rep.WorkspacesExist = append(r.rep.WorkspacesExist, w.Name)
		} else {
			created, err := r.c.CreateWorkspaceWithID(ctx, w.ID, w.Name)
			if errors.Is(err, argilla.ErrExists) {
				if err := r.readWorkspaces(ctx); err != nil {
					return err
				}
				if _, ok := r.wsID[w.Name]; ok {
					r.rep.WorkspacesExist = append(r.rep.WorkspacesExist, w.Name)
					created, err = nil, nil
				} else {
					created, err = r.c.CreateWorkspaceWithID(ctx, "", w.Name) // the id is taken here
				}
			}
			if err != nil {
				return fmt.Errorf("restoring workspace %s: %w", w.Name, err)
			}
			if created != nil {
				r.wsID[w.Name] = created.ID
				r.rep.WorkspacesCreated = append(r.rep.WorkspacesCreated, w.Name)
			}
		}
		if err := r.restoreMembers(ctx, w); err != nil {
			return err
		}
	}
	return nil
}

func (r *restorer) readWorkspaces(ctx context.Context) error {
	list, err := r.c.Workspaces(ctx)
	if err != nil {
		return err
	}
	r.wsID = make(map[string]string, len(list))
	for _, w := range list {
		r.wsID[w.Name] = w.ID
	}
	return nil
}

func (r *restorer) restoreMembers(ctx context.Context, w WorkspaceEntry) error {
	id := r.wsID[w.Name]
	have, err := r.c.WorkspaceUsers(ctx, id)
	if err != nil {
		return err
	}
	member := map[string]bool{}
	for _, u := range have {
		member[u.Username] = true
	}
	for _, name := range w.Members {
		uid, ok := r.userID[name]
		if member[name] || !ok {
			continue
		}
		err := r.c.AddWorkspaceUser(ctx, id, uid)
		if err != nil && !errors.Is(err, argilla.ErrExists) { // 409: added meanwhile
			return fmt.Errorf("adding %s to workspace %s: %w", name, w.Name, err)
		}
		if err == nil {
			r.rep.MembershipsAdded++
		}
	}
	return nil
}
