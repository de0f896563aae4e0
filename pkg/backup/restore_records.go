package backup

import (
	"context"
	"errors"
	"fmt"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// restoreDataset makes sure dataset i exists with its settings, published if it was, then upserts its
// records.
func (r *restorer) restoreDataset(ctx context.Context, i int) error {
	df := r.dfs[i]
	label := df.Workspace + "/" + df.Dataset.Name
	rep := DatasetReport{Workspace: df.Workspace, Name: df.Dataset.Name, RecordStatus: map[string]int{}, Responses: map[string]int{}}
	d, created, err := r.ensureDataset(ctx, df)
	if err != nil {
		return fmt.Errorf("restoring dataset %s: %w", label, err)
	}
	rep.Created = created
	qid, err := r.ensureSettings(ctx, df, d)
	if err != nil {
		return fmt.Errorf("restoring the settings of dataset %s: %w", label, err)
	}
	total := r.s.Manifest.Datasets[i].Records
	batch := make([]argilla.RecordUpsert, 0, argilla.MaxBulk)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := r.c.UpsertRecords(ctx, d.ID, batch, func(rec *argilla.Record) error {
			rep.Records++
			rep.RecordStatus[rec.Status]++
			for _, resp := range rec.Responses {
				rep.Responses[resp.Status]++
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("restoring records of dataset %s (%d of %d done): %w", label, rep.Records, total, err)
		}
		r.rep.Records += len(batch)
		batch = batch[:0]
		if r.o.Progress != nil {
			r.o.Progress(Progress{Dataset: label, Records: rep.Records, Total: total, All: r.rep.Records})
		}
		return nil
	}
	err = r.s.eachRecord(r.s.Manifest.Datasets[i].Dir, func(l *RecordLine) error {
		item, err := r.upsertItem(l, qid)
		if err != nil {
			return fmt.Errorf("dataset %s: %w", label, err)
		}
		batch = append(batch, item)
		if len(batch) == argilla.MaxBulk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	r.rep.Datasets = append(r.rep.Datasets, rep)
	return err
}

// upsertItem turns a backup line into a bulk item for the target: question names become the target's
// question ids, usernames its user ids. A record without external_id is keyed by its old id, which
// makes a second run find it (and is the one change a restore makes to the data; README says so).
func (r *restorer) upsertItem(l *RecordLine, qid map[string]string) (argilla.RecordUpsert, error) {
	item := argilla.RecordUpsert{ExternalID: l.ID, Fields: l.Fields, Metadata: l.Metadata, Vectors: l.Vectors}
	if l.ExternalID != nil && *l.ExternalID != "" {
		item.ExternalID = *l.ExternalID
	}
	for _, s := range l.Suggestions {
		id, ok := qid[s.Question]
		if !ok {
			return item, fmt.Errorf("record %s has a suggestion for question %s, which the dataset lacks", l.ID, s.Question)
		}
		item.Suggestions = append(item.Suggestions, argilla.NewSuggestion{QuestionID: id, Value: s.Value, Type: s.Type, Agent: s.Agent, Score: s.Score})
	}
	for _, resp := range l.Responses {
		id, ok := r.userID[resp.User]
		if !ok {
			return item, fmt.Errorf("record %s has a response by %s, who is not a user here", l.ID, resp.User)
		}
		item.Responses = append(item.Responses, argilla.NewResponse{UserID: id, Status: resp.Status, Values: resp.Values})
	}
	return item, nil
}

// ensureDataset finds the dataset by workspace and name, or creates it with its final distribution
// (record statuses then come out right as responses arrive, reference §13).
func (r *restorer) ensureDataset(ctx context.Context, df DatasetFile) (*argilla.Dataset, bool, error) {
	key := datasetKey(df.Workspace, df.Dataset.Name)
	if d, ok := r.existing[key]; ok {
		return d, false, nil
	}
	wsID, ok := r.wsID[df.Workspace]
	if !ok {
		return nil, false, fmt.Errorf("workspace %s was not restored", df.Workspace)
	}
	nd := argilla.NewDataset{Name: df.Dataset.Name, Guidelines: df.Dataset.Guidelines, AllowExtraMetadata: df.Dataset.AllowExtraMetadata,
		Distribution: df.Dataset.Distribution, Metadata: nonEmpty(df.Dataset.Metadata), WorkspaceID: wsID}
	if nd.Guidelines != nil && *nd.Guidelines == "" {
		nd.Guidelines = nil
	}
	d, err := r.c.CreateDataset(ctx, nd)
	if errors.Is(err, argilla.ErrExists) {
		// A concurrent writer created it: use it if its settings are the backup's.
		list, lerr := r.c.Datasets(ctx)
		if lerr != nil {
			return nil, false, lerr
		}
		for i := range list {
			if list[i].WorkspaceID == wsID && list[i].Name == df.Dataset.Name {
				diffs, cerr := r.compare(ctx, df, &list[i])
				if cerr != nil {
					return nil, false, cerr
				}
				if len(diffs) > 0 && !r.o.Merge {
					return nil, false, &ConflictError{Conflicts: []string{fmt.Sprintf("dataset %s/%s was created meanwhile with other settings (%s)",
						df.Workspace, df.Dataset.Name, joinList(diffs))}}
				}
				return &list[i], false, nil
			}
		}
	}
	if err != nil {
		return nil, false, err
	}
	return d, true, nil
}

// ensureSettings creates the fields, questions, metadata properties and vector settings the dataset
// lacks, publishes it if the backup's was published, and returns its question ids by name.
func (r *restorer) ensureSettings(ctx context.Context, df DatasetFile, d *argilla.Dataset) (map[string]string, error) {
	draft := d.Status != "ready"
	if draft { // fields and questions only go into a draft; fields first (span questions name them)
		if err := ensureNamed(ctx, df.Fields, func() ([]argilla.Field, error) { return r.c.Fields(ctx, d.ID) },
			func(f argilla.Field) string { return f.Name },
			func(f argilla.Field) error { _, err := r.c.CreateField(ctx, d.ID, f); return err }); err != nil {
			return nil, err
		}
		if err := ensureNamed(ctx, df.Questions, func() ([]argilla.Question, error) { return r.c.Questions(ctx, d.ID) },
			func(q argilla.Question) string { return q.Name },
			func(q argilla.Question) error { _, err := r.c.CreateQuestion(ctx, d.ID, q); return err }); err != nil {
			return nil, err
		}
	}
	if err := ensureNamed(ctx, df.MetadataProperties, func() ([]argilla.MetadataProperty, error) { return r.c.MetadataProperties(ctx, d.ID) },
		func(m argilla.MetadataProperty) string { return m.Name },
		func(m argilla.MetadataProperty) error { _, err := r.c.CreateMetadataProperty(ctx, d.ID, m); return err }); err != nil {
		return nil, err
	}
	if err := ensureNamed(ctx, df.VectorsSettings, func() ([]argilla.VectorSettings, error) { return r.c.VectorsSettings(ctx, d.ID) },
		func(v argilla.VectorSettings) string { return v.Name },
		func(v argilla.VectorSettings) error { _, err := r.c.CreateVectorSettings(ctx, d.ID, v); return err }); err != nil {
		return nil, err
	}
	if draft && df.Dataset.Status == "ready" {
		if _, err := r.c.PublishDataset(ctx, d.ID); err != nil {
			// Published meanwhile (422 "already been published") is fine; anything else is not.
			again, gerr := r.c.Dataset(ctx, d.ID)
			if gerr != nil || again.Status != "ready" {
				return nil, fmt.Errorf("publishing: %w", err)
			}
		}
	}
	qs, err := r.c.Questions(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	qid := make(map[string]string, len(qs))
	for _, q := range qs {
		qid[q.Name] = q.ID
	}
	return qid, nil
}

// ensureNamed creates, in the backup's order, each of want whose name the target lacks; a 409 (made
// meanwhile) is fine.
func ensureNamed[T any](ctx context.Context, want []T, list func() ([]T, error), name func(T) string, create func(T) error) error {
	if len(want) == 0 {
		return nil
	}
	have, err := list()
	if err != nil {
		return err
	}
	there := map[string]bool{}
	for _, h := range have {
		there[name(h)] = true
	}
	for _, w := range want {
		if there[name(w)] {
			continue
		}
		if err := create(w); err != nil && !errors.Is(err, argilla.ErrExists) {
			return fmt.Errorf("%s: %w", name(w), err)
		}
	}
	return ctx.Err()
}

// verify compares, per dataset, the records and responses per status the server reported for the
// restored records with the manifest, and the dataset's record count.
func (r *restorer) verify(ctx context.Context) error {
	var diffs []string
	for i, got := range r.rep.Datasets {
		want := r.s.Manifest.Datasets[i]
		label := want.Workspace + "/" + want.Name
		diffs = append(diffs, compareCounts(label, "records", map[string]int{"": want.Records}, map[string]int{"": got.Records}, false)...)
		diffs = append(diffs, compareCounts(label, "records", want.RecordStatus, got.RecordStatus, false)...)
		diffs = append(diffs, compareCounts(label, "responses", want.Responses, got.Responses, r.o.Merge)...)
		key := datasetKey(want.Workspace, want.Name)
		d, ok := r.existing[key]
		if !ok {
			continue // created by this run: every record in it came from the backup, counted above
		}
		total, err := r.c.RecordTotal(ctx, d.ID)
		if err != nil {
			return err
		}
		if total < want.Records || (total > want.Records && !r.o.Merge) {
			diffs = append(diffs, fmt.Sprintf("%s has %d records, the backup %d", label, total, want.Records))
		}
	}
	if len(diffs) > 0 {
		return &VerifyError{Differences: diffs}
	}
	r.rep.Verified = true
	return nil
}

// compareCounts names each status whose count differs (or, with atLeast, is lower).
func compareCounts(label, what string, want, got map[string]int, atLeast bool) []string {
	var diffs []string
	keys := map[string]bool{}
	for k := range want {
		keys[k] = true
	}
	for k := range got {
		keys[k] = true
	}
	for _, k := range sortedKeys(keys) {
		w, g := want[k], got[k]
		if g == w || (atLeast && g > w) {
			continue
		}
		name := what
		if k != "" {
			name = k + " " + what
		}
		diffs = append(diffs, fmt.Sprintf("%s: %d %s, the backup has %d", label, g, name, w))
	}
	return diffs
}
