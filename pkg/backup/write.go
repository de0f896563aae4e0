package backup

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// WriteOptions tune Write.
type WriteOptions struct {
	Space    string         // recorded in the manifest, e.g. "acme/annotations"
	Tool     string         // recorded in the manifest, e.g. "argilla-space v1.2.0"
	Progress func(Progress) // called after every page of records; nil for none
	// Attempts is how many times a dataset that changes while it is read is read again from the
	// start; 0 means 3.
	Attempts int
	Now      func() time.Time // the manifest's time; nil means time.Now
}

// Progress reports records read (backup) or written (restore) so far.
type Progress struct {
	Dataset string // workspace/name
	Records int    // records of this dataset done
	Total   int    // records of this dataset in all
	All     int    // records of every dataset done
}

// Write backs the instance c talks to up into dest: a directory, or a .tar.gz file when dest ends so.
// dest must not exist. The backup is built under a temporary name beside dest and renamed at the end,
// so an interrupted backup never looks complete. c needs the owner's API key.
func Write(ctx context.Context, c *argilla.Client, dest string, o WriteOptions) (*Manifest, error) {
	if o.Attempts <= 0 {
		o.Attempts = 3
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if _, err := os.Lstat(dest); err == nil {
		return nil, inputf("%s exists: a backup never overwrites one; give a new path", dest)
	}
	parent, base := filepath.Split(filepath.Clean(dest))
	if parent == "" {
		parent = "."
	}
	if st, err := os.Stat(parent); err != nil || !st.IsDir() {
		return nil, inputf("cannot write %s: the directory %s does not exist", dest, parent)
	}
	if err := requireOwner(ctx, c, "backup"); err != nil {
		return nil, err
	}
	version, err := c.Version(ctx)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".partial-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	b := &builder{root: tmp}
	m := &Manifest{FormatVersion: FormatVersion, Tool: o.Tool, Space: o.Space, ArgillaVersion: version,
		CreatedAt: o.Now().UTC().Truncate(time.Second), Datasets: []DatasetCounts{}}
	users, err := newUserBook(ctx, c)
	if err != nil {
		return nil, err
	}
	if err := writeWorkspaces(ctx, c, b, m); err != nil {
		return nil, err
	}
	if err := writeDatasets(ctx, c, b, m, o, users); err != nil {
		return nil, err
	}
	// Last, so that a user who joined while the records were read (and answered) is in it.
	if err := b.writeJSON(usersFile, users.list); err != nil { // User marshals without its API key
		return nil, err
	}
	m.Users = len(users.list)
	m.Files = b.files
	if err := b.writeJSON(manifestFile, m); err != nil {
		return nil, err
	}
	if isArchive(dest) {
		err = packArchive(tmp, dest, b.paths())
	} else {
		err = syncDir(tmp)
		if _, lerr := os.Lstat(dest); err == nil && lerr == nil {
			err = inputf("%s appeared while the backup ran: it is left alone", dest)
		}
		if err == nil {
			err = os.Rename(tmp, dest)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("finishing the backup %s: %w", dest, err)
	}
	_ = syncDir(parent)
	return m, nil
}

// requireOwner checks the key is an owner's: only an owner can read every user and dataset.
func requireOwner(ctx context.Context, c *argilla.Client, op string) error {
	me, err := c.Me(ctx)
	if err != nil {
		return err
	}
	if me.Role != "owner" {
		return &NotOwnerError{Username: me.Username, Role: me.Role, Op: op}
	}
	return nil
}

// userBook names users by id, reading the list again when an id is new (a user who signed in while
// the backup ran).
type userBook struct {
	c    *argilla.Client
	list []argilla.User
	byID map[string]string
}

func newUserBook(ctx context.Context, c *argilla.Client) (*userBook, error) {
	u := &userBook{c: c}
	return u, u.read(ctx)
}

func (u *userBook) read(ctx context.Context) error {
	list, err := u.c.Users(ctx)
	if err != nil {
		return err
	}
	u.list, u.byID = list, make(map[string]string, len(list))
	for _, x := range list {
		u.byID[x.ID] = x.Username
	}
	return nil
}

// name is the username of id.
func (u *userBook) name(ctx context.Context, id string) (string, error) {
	if n, ok := u.byID[id]; ok {
		return n, nil
	}
	if err := u.read(ctx); err != nil {
		return "", err
	}
	if n, ok := u.byID[id]; ok {
		return n, nil
	}
	return "", fmt.Errorf("a response is by user %s, whom Argilla does not list", id)
}

// writeWorkspaces writes workspaces.json with memberships.
func writeWorkspaces(ctx context.Context, c *argilla.Client, b *builder, m *Manifest) error {
	wss, err := c.Workspaces(ctx)
	if err != nil {
		return err
	}
	entries := make([]WorkspaceEntry, 0, len(wss))
	for _, w := range wss {
		members, err := c.WorkspaceUsers(ctx, w.ID)
		if err != nil {
			return err
		}
		e := WorkspaceEntry{ID: w.ID, Name: w.Name, Members: []string{}}
		for _, u := range members {
			e.Members = append(e.Members, u.Username)
		}
		m.Memberships += len(e.Members)
		entries = append(entries, e)
	}
	m.Workspaces = len(entries)
	return b.writeJSON(workspacesFile, entries)
}

// writeDatasets writes every dataset's settings and records.
func writeDatasets(ctx context.Context, c *argilla.Client, b *builder, m *Manifest, o WriteOptions, users *userBook) error {
	datasets, err := c.Datasets(ctx)
	if err != nil {
		return err
	}
	wss, err := c.Workspaces(ctx)
	if err != nil {
		return err
	}
	wsName := map[string]string{}
	for _, w := range wss {
		wsName[w.ID] = w.Name
	}
	all := 0
	for i, d := range datasets {
		dir := fmt.Sprintf("datasets/%04d", i+1)
		df := DatasetFile{Workspace: wsName[d.WorkspaceID], Dataset: d}
		if df.Workspace == "" {
			return fmt.Errorf("dataset %s is in workspace %s, which Argilla did not list", d.Name, d.WorkspaceID)
		}
		if df.Fields, err = c.Fields(ctx, d.ID); err != nil {
			return err
		}
		if df.Questions, err = c.Questions(ctx, d.ID); err != nil {
			return err
		}
		if df.MetadataProperties, err = c.MetadataProperties(ctx, d.ID); err != nil {
			return err
		}
		if df.VectorsSettings, err = c.VectorsSettings(ctx, d.ID); err != nil {
			return err
		}
		counts, change, err := writeRecords(ctx, c, b, dir, df, o, all, users)
		if err != nil {
			return err
		}
		all += counts.Records
		if change != "" {
			m.Changes = append(m.Changes, change)
		}
		if err := b.writeJSON(dir+"/"+datasetFile, df); err != nil {
			return err
		}
		m.Datasets = append(m.Datasets, counts)
	}
	return nil
}

// writeRecords writes a dataset's records.jsonl, reading it again from the start when it changed while
// it was read (Argilla pages by offset, oldest first, with no secondary key: a write meanwhile shifts
// the pages, reference §14.1). It returns what changed when every attempt saw a change.
func writeRecords(ctx context.Context, c *argilla.Client, b *builder, dir string, df DatasetFile, o WriteOptions, before int, users *userBook) (DatasetCounts, string, error) {
	label := df.Workspace + "/" + df.Dataset.Name
	qname := map[string]string{}
	for _, q := range df.Questions {
		qname[q.ID] = q.Name
	}
	var change string
	for attempt := 1; ; attempt++ {
		start, err := c.Dataset(ctx, df.Dataset.ID)
		if err != nil {
			return DatasetCounts{}, "", err
		}
		counts := DatasetCounts{Dir: dir, Workspace: df.Workspace, Name: df.Dataset.Name, Status: start.Status,
			RecordStatus: map[string]int{}, Responses: map[string]int{}}
		f, err := b.create(dir + "/" + recordsFile)
		if err != nil {
			return counts, "", err
		}
		r := &reader{c: c, datasetID: df.Dataset.ID}
		r.write = func(rec *argilla.Record) error {
			line, err := toLine(rec, qname, func(id string) (string, error) { return users.name(ctx, id) })
			if err != nil {
				return fmt.Errorf("dataset %s: %w", label, err)
			}
			counts.add(line)
			return f.encode(line)
		}
		r.progress = func(n, total int) {
			if o.Progress != nil {
				o.Progress(Progress{Dataset: label, Records: n, Total: total, All: before + n})
			}
		}
		if err := r.readAll(ctx); err != nil {
			f.abort()
			return counts, "", err
		}
		end, err := c.Dataset(ctx, df.Dataset.ID)
		if err != nil {
			f.abort()
			return counts, "", err
		}
		endTotal, err := c.RecordTotal(ctx, df.Dataset.ID)
		if err != nil {
			f.abort()
			return counts, "", err
		}
		change = describeChange(label, start, end, r, endTotal)
		if change == "" || attempt >= o.Attempts {
			if err := f.close(); err != nil {
				return counts, "", err
			}
			return counts, change, nil
		}
		f.abort() // read it again: the pages moved
	}
}

// describeChange says what moved while a dataset was read, or "" when nothing did.
func describeChange(label string, start, end *argilla.Dataset, r *reader, endTotal int) string {
	var what []string
	if d := endTotal - r.firstTotal; d > 0 {
		what = append(what, fmt.Sprintf("%d record(s) added", d))
	} else if d < 0 {
		what = append(what, fmt.Sprintf("%d record(s) deleted", -d))
	}
	if r.dupes > 0 {
		what = append(what, fmt.Sprintf("%d record(s) seen twice as the pages shifted", r.dupes))
	}
	if r.written != endTotal && endTotal == r.firstTotal {
		what = append(what, fmt.Sprintf("%d record(s) read but %d listed", r.written, endTotal))
	}
	if !start.LastActivityAt.Equal(end.LastActivityAt.Time) {
		what = append(what, fmt.Sprintf("last activity moved from %s to %s (records or responses written)",
			start.LastActivityAt.Format(time.RFC3339), end.LastActivityAt.Format(time.RFC3339)))
	}
	if start.Status != end.Status {
		what = append(what, "status went from "+start.Status+" to "+end.Status)
	}
	if len(what) == 0 {
		return ""
	}
	return fmt.Sprintf("dataset %s changed while it was read: %s", label, strings.Join(what, ", "))
}

// reader pages through a dataset's records, dropping ids seen on this page or the one before: a page
// shift repeats records across a boundary. It keeps no more ids than that, so memory does not grow with
// the dataset; a repeat further away shows as a count that differs from the total.
type reader struct {
	c          *argilla.Client
	datasetID  string
	write      func(*argilla.Record) error
	progress   func(n, total int)
	prev, cur  map[string]struct{}
	written    int
	dupes      int
	firstTotal int
}

// seenBefore reports whether id came on this page or the one before, and remembers it.
func (r *reader) seenBefore(id string) bool {
	if r.cur == nil {
		r.cur = make(map[string]struct{}, argilla.MaxPage)
	}
	_, inPrev := r.prev[id]
	_, inCur := r.cur[id]
	r.cur[id] = struct{}{}
	return inPrev || inCur
}

// nextPage forgets the ids of the page before last.
func (r *reader) nextPage() {
	r.prev, r.cur = r.cur, make(map[string]struct{}, argilla.MaxPage)
}

// maxResumes bounds how often a page that broke off after some records is read on from there.
const maxResumes = 5

func (r *reader) readAll(ctx context.Context) error {
	offset, resumes := 0, 0
	var writeErr error
	for first := true; ; first = false {
		page, err := r.c.Records(ctx, r.datasetID, offset, argilla.MaxPage, func(rec *argilla.Record) error {
			if r.seenBefore(rec.ID) {
				r.dupes++
				return nil
			}
			r.written++
			writeErr = r.write(rec)
			return writeErr
		})
		if err == nil {
			r.nextPage()
		}
		offset += page.Delivered
		if err != nil {
			if writeErr != nil || ctx.Err() != nil || page.Delivered == 0 || resumes >= maxResumes {
				return err
			}
			resumes++ // the answer broke off mid-page: go on after the records it gave
			continue
		}
		if first {
			r.firstTotal = page.Total
		}
		if r.progress != nil {
			r.progress(r.written, page.Total)
		}
		if page.Delivered < argilla.MaxPage || offset >= page.Total {
			return nil
		}
	}
}

// toLine turns a record into its line, naming questions and users.
func toLine(rec *argilla.Record, qname map[string]string, username func(id string) (string, error)) (RecordLine, error) {
	l := RecordLine{ID: rec.ID, ExternalID: rec.ExternalID, Status: rec.Status, Fields: rec.Fields,
		Metadata: nonEmpty(rec.Metadata), Vectors: nonEmpty(rec.Vectors), InsertedAt: rec.InsertedAt}
	for _, s := range rec.Suggestions {
		name, ok := qname[s.QuestionID]
		if !ok {
			return l, fmt.Errorf("record %s has a suggestion for question %s, which the dataset does not list", rec.ID, s.QuestionID)
		}
		l.Suggestions = append(l.Suggestions, SuggestionLine{Question: name, Value: s.Value, Type: s.Type, Agent: s.Agent,
			Score: nonEmpty(s.Score)})
	}
	for _, resp := range rec.Responses {
		name, err := username(resp.UserID)
		if err != nil {
			return l, fmt.Errorf("record %s: %w", rec.ID, err)
		}
		l.Responses = append(l.Responses, ResponseLine{User: name, Status: resp.Status, Values: nonEmpty(resp.Values)})
	}
	return l, nil
}

// nonEmpty drops null and {} so the line leaves the key out.
func nonEmpty(raw json.RawMessage) json.RawMessage {
	switch strings.TrimSpace(string(raw)) {
	case "", "null", "{}":
		return nil
	}
	return raw
}

// add counts a line.
func (d *DatasetCounts) add(l RecordLine) {
	d.Records++
	d.RecordStatus[l.Status]++
	for _, r := range l.Responses {
		d.Responses[r.Status]++
	}
	d.Suggestions += len(l.Suggestions)
	if len(l.Vectors) > 0 {
		var v map[string]json.RawMessage
		if json.Unmarshal(l.Vectors, &v) == nil {
			d.Vectors += len(v)
		}
	}
}

func isArchive(path string) bool {
	return strings.HasSuffix(path, ".tar.gz") || strings.HasSuffix(path, ".tgz")
}
