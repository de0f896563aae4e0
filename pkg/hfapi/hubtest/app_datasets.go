package hubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Datasets (argilla-api §5): draft → ready once (publish), settings frozen after publish (§14.6 item 10).

const (
	statusDraft = "draft"
	statusReady = "ready"
)

type datasetOut struct {
	ID                 string                     `json:"id"`
	Name               string                     `json:"name"`
	Guidelines         *string                    `json:"guidelines"`
	AllowExtraMetadata bool                       `json:"allow_extra_metadata"`
	Status             string                     `json:"status"`
	Distribution       distributionOut            `json:"distribution"`
	Metadata           map[string]json.RawMessage `json:"metadata"`
	WorkspaceID        string                     `json:"workspace_id"`
	LastActivityAt     string                     `json:"last_activity_at"`
	InsertedAt         string                     `json:"inserted_at"`
	UpdatedAt          string                     `json:"updated_at"`
}

type distributionOut struct {
	Strategy     string `json:"strategy"`
	MinSubmitted int    `json:"min_submitted"`
}

func datasetJSON(ds *appDataset) datasetOut {
	return datasetOut{ID: ds.ID, Name: ds.Name, Guidelines: ds.Guidelines, AllowExtraMetadata: ds.AllowExtraMetadata,
		Status: ds.Status, Distribution: distributionOut{"overlap", ds.MinSubmitted}, Metadata: ds.Metadata,
		WorkspaceID: ds.WorkspaceID, LastActivityAt: isoTime(ds.LastActivityAt), InsertedAt: isoTime(ds.CreatedAt),
		UpdatedAt: isoTime(ds.UpdatedAt)}
}

// Name and guidelines limits (S:api/schemas/v1/datasets.py).
var (
	datasetNameRule = strLen{min: 1, max: 200}
	guidelinesRule  = strLen{min: 1, max: 10000}
)

// distribution reads {"strategy":"overlap","min_submitted":int≥1}; def when absent.
func (o jobj) distribution(key string, def int) int {
	d := o.object(key, false)
	if d.m == nil {
		return def
	}
	d.enum("strategy", true, "", "overlap")
	n, ok := d.integer("min_submitted", true, bounds{ge: intp(1)})
	if !ok {
		return def
	}
	return n
}

// datasetFor loads the dataset of the path for a handler that checks 404 before 403 (most do):
// schema errors (422) first, then 404, then allowed (403). nil means an answer was sent.
func (a *appCall) datasetFor(allowed func(ds *appDataset) bool) *appDataset {
	id := a.pathUUID("dataset_id")
	if !a.valid() {
		return nil
	}
	ds := a.data.dataset(id)
	if ds == nil {
		a.notFound("Dataset", id)
		return nil
	}
	if !allowed(ds) {
		a.forbidden()
		return nil
	}
	return ds
}

// member and manager are the two dataset policies: read (any member) and write (owner/admin-member).
func (a *appCall) member(ds *appDataset) bool  { return a.isMemberOf(ds.WorkspaceID) }
func (a *appCall) manager(ds *appDataset) bool { return a.canManage(ds.WorkspaceID) }

// listMyDatasets is GET /me/datasets?workspace_id=&name=&status=: owners see all, others the datasets
// of their member workspaces, drafts included; 403 for a workspace_id the caller is not a member of.
func (a *appCall) listMyDatasets() {
	if a.auth() == nil {
		return
	}
	q := a.r.URL.Query()
	wsID := ""
	if v := q.Get("workspace_id"); q.Has("workspace_id") {
		if !uuidRe.MatchString(v) {
			a.fail([]any{"query", "workspace_id"}, "uuid_parsing", "Input should be a valid UUID")
		}
		wsID = v
	}
	status := q.Get("status")
	if q.Has("status") && status != statusDraft && status != statusReady {
		a.fail([]any{"query", "status"}, "enum", "Input should be 'draft' or 'ready'")
	}
	if !a.valid() {
		return
	}
	if wsID != "" && !a.isMemberOf(wsID) {
		a.forbidden()
		return
	}
	out := []datasetOut{}
	for _, ds := range a.data.Datasets {
		if !a.member(ds) || (wsID != "" && ds.WorkspaceID != wsID) || (q.Has("name") && ds.Name != q.Get("name")) ||
			(status != "" && ds.Status != status) {
			continue
		}
		out = append(out, datasetJSON(ds))
	}
	a.reply(http.StatusOK, items(out))
}

// createDataset is POST /datasets: 422(A) → 403 → 422(B) unknown workspace → 409 name in workspace. An
// id in the body is ignored (§14.6 item 3).
func (a *appCall) createDataset() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	name := b.str("name", true, false, datasetNameRule)
	guidelines := b.str("guidelines", false, true, guidelinesRule)
	extra := b.boolean("allow_extra_metadata", true, false)
	minSubmitted := b.distribution("distribution", 1)
	metadata := b.dict("metadata")
	wsID := b.uuid("workspace_id", true)
	if !a.valid() {
		return
	}
	if !a.canManage(wsID) {
		a.forbidden()
		return
	}
	if a.data.workspaceByID(wsID) == nil {
		a.unprocessable(fmt.Sprintf("Workspace with id `%s` not found", wsID))
		return
	}
	for _, ds := range a.data.Datasets {
		if ds.WorkspaceID == wsID && ds.Name == *name {
			a.conflict(fmt.Sprintf("Dataset with name `%s` already exists for workspace with id `%s`", *name, wsID))
			return
		}
	}
	t := a.data.stamp(a.now)
	ds := &appDataset{ID: a.st.newUUID(a.e.seed), Name: *name, Guidelines: guidelines, AllowExtraMetadata: extra,
		Status: statusDraft, MinSubmitted: minSubmitted, Metadata: compactMap(metadata), WorkspaceID: wsID,
		LastActivityAt: t, CreatedAt: t, UpdatedAt: t}
	a.data.Datasets = append(a.data.Datasets, ds)
	a.data.ix().datasets[ds.ID] = ds
	a.reply(http.StatusCreated, datasetJSON(ds))
}

// getDataset is GET /datasets/{id}: 404 → 403 (any member).
func (a *appCall) getDataset() {
	if a.auth() == nil {
		return
	}
	if ds := a.datasetFor(a.member); ds != nil {
		a.reply(http.StatusOK, datasetJSON(ds))
	}
}

// updateDataset is PATCH /datasets/{id}: 422(A) → 404 → 403. metadata merges key by key ({} is a
// no-op, null clears). A new distribution recomputes record statuses at once (the server does it in a
// background job, §13).
func (a *appCall) updateDataset() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	b.nonNull("name", "allow_extra_metadata", "distribution")
	name := b.str("name", false, true, datasetNameRule)
	guidelines := b.str("guidelines", false, true, guidelinesRule)
	extra := b.boolean("allow_extra_metadata", false, true)
	minSubmitted := b.distribution("distribution", 0)
	metadata := b.dict("metadata")
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	if name != nil && *name != ds.Name {
		for _, other := range a.data.Datasets {
			if other.WorkspaceID == ds.WorkspaceID && other.Name == *name {
				// No validator checks this: the unique constraint fails in the database (§5, inferred).
				codedError(a.w, http.StatusInternalServerError, "GenericServerError", map[string]string{
					"type":    "sqlalchemy.exc.IntegrityError",
					"message": "(sqlite3.IntegrityError) UNIQUE constraint failed: datasets.name, datasets.workspace_id"})
				return
			}
		}
		ds.Name = *name
	}
	if b.has("guidelines") {
		ds.Guidelines = guidelines
	}
	if b.has("allow_extra_metadata") {
		ds.AllowExtraMetadata = extra
	}
	switch {
	case b.null("metadata"):
		ds.Metadata = nil
	case metadata != nil:
		if ds.Metadata == nil && len(metadata) > 0 {
			ds.Metadata = map[string]json.RawMessage{}
		}
		for k, v := range metadata {
			ds.Metadata[k] = compact(v)
		}
	}
	if minSubmitted > 0 && minSubmitted != ds.MinSubmitted {
		ds.MinSubmitted = minSubmitted
		for _, r := range ds.Records {
			r.Status = recordStatus(ds, r)
		}
	}
	ds.UpdatedAt = a.data.stamp(a.now)
	a.reply(http.StatusOK, datasetJSON(ds))
}

// publishDataset is PUT /datasets/{id}/publish: 404 → 403 → 422(B) already published / no fields / no
// required question.
func (a *appCall) publishDataset() {
	if a.auth() == nil {
		return
	}
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	if ds.Status == statusReady {
		a.unprocessable("Dataset has already been published")
		return
	}
	if len(ds.Fields) == 0 {
		a.unprocessable("Dataset cannot be published without fields")
		return
	}
	required := false
	for _, q := range ds.Questions {
		required = required || q.Required
	}
	if !required {
		a.unprocessable("Dataset cannot be published without required questions")
		return
	}
	ds.Status = statusReady
	ds.UpdatedAt = a.data.stamp(a.now)
	a.reply(http.StatusOK, datasetJSON(ds))
}

// deleteDataset is DELETE /datasets/{id}: 404 → 403; everything in it goes with it.
func (a *appCall) deleteDataset() {
	if a.auth() == nil {
		return
	}
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	a.data.Datasets = remove(a.data.Datasets, ds)
	x := a.data.ix()
	delete(x.datasets, ds.ID)
	for _, r := range ds.Records {
		a.data.unindexRecord(r)
	}
	a.reply(http.StatusOK, datasetJSON(ds))
}

// statusCounts is {submitted, discarded, draft}.
type statusCounts struct {
	Submitted int `json:"submitted"`
	Discarded int `json:"discarded"`
	Draft     int `json:"draft"`
}

func (c *statusCounts) add(status string) {
	switch status {
	case responseSubmitted:
		c.Submitted++
	case responseDiscarded:
		c.Discarded++
	case responseDraft:
		c.Draft++
	}
}

type userProgressOut struct {
	Username  string        `json:"username"`
	Completed *statusCounts `json:"completed,omitempty"`
	Pending   *statusCounts `json:"pending,omitempty"`
}

// usersProgress counts each responding user's responses by record status and response status, users
// in inserted_at order (S:contexts/datasets.py get_dataset_users_progress), and the completed records.
func (a *appCall) usersProgress(ds *appDataset) (users []userProgressOut, completed int) {
	byUser := map[string]*userProgressOut{}
	for _, r := range ds.Records {
		if r.Status == recordCompleted {
			completed++
		}
		for _, resp := range r.Responses {
			p := byUser[resp.UserID]
			if p == nil {
				p = &userProgressOut{Completed: &statusCounts{}, Pending: &statusCounts{}}
				byUser[resp.UserID] = p
			}
			if r.Status == recordCompleted {
				p.Completed.add(resp.Status)
			} else {
				p.Pending.add(resp.Status)
			}
		}
	}
	users = []userProgressOut{}
	for _, u := range a.data.Users {
		if p := byUser[u.ID]; p != nil {
			p.Username = u.Username
			users = append(users, *p)
		}
	}
	return users, completed
}

// datasetProgress is GET /datasets/{id}/progress: 404 → 403 (member); record counts by status, and
// the users who responded with their username only (the server lists its dataset-user links through
// response_model_exclude_unset; the emulator takes every user with a response in the dataset).
func (a *appCall) datasetProgress() {
	if a.auth() == nil {
		return
	}
	ds := a.datasetFor(a.member)
	if ds == nil {
		return
	}
	users, completed := a.usersProgress(ds)
	for i := range users {
		users[i].Completed, users[i].Pending = nil, nil
	}
	a.reply(http.StatusOK, map[string]any{"total": len(ds.Records), "completed": completed,
		"pending": len(ds.Records) - completed, "users": users})
}

// datasetUsersProgress is GET /datasets/{id}/users/progress: 404 → 403 (member); SQL only.
func (a *appCall) datasetUsersProgress() {
	if a.auth() == nil {
		return
	}
	if ds := a.datasetFor(a.member); ds != nil {
		users, _ := a.usersProgress(ds)
		a.reply(http.StatusOK, map[string]any{"users": users})
	}
}

// compactMap normalizes the values of a free-form object for storage (nil stays nil).
func compactMap(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return nil
	}
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		out[k] = compact(v)
	}
	return out
}
