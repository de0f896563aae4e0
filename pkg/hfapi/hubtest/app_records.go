package hubtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Records (argilla-api §10): paged listing, bulk create (§10.3) and bulk upsert (§10.4), single-record
// reads and writes. Records live in their dataset's slice in insertion order, so a page is a slice
// window (O(limit)); lookups by id and external_id go through maps.

// Limits of the records endpoints (S:api/handlers/v1/datasets/records.py, S:api/schemas/v1/records_bulk.py).
const (
	recordsLimitDefault = 50
	recordsLimitMax     = 1000
	bulkMaxItems        = 500
	deleteMaxIDs        = 100
	chatMaxMessages     = 500
)

// include says which relationships a record answer carries (nil vectors = none, all = every one).
type include struct {
	responses, suggestions, vectors bool
	vectorNames                     map[string]bool // vectors:a,b loads only those
}

// everything is what bulk answers and GET /records/{id} carry.
var everything = include{responses: true, suggestions: true, vectors: true}

type recordOut struct {
	ID          string                `json:"id"`
	Status      string                `json:"status"`
	Fields      json.RawMessage       `json:"fields"`
	Metadata    json.RawMessage       `json:"metadata"` // nil marshals as null
	ExternalID  *string               `json:"external_id"`
	Responses   *[]responseOut        `json:"responses,omitempty"`
	Suggestions *[]suggestionOut      `json:"suggestions,omitempty"`
	Vectors     *map[string][]float64 `json:"vectors,omitempty"`
	DatasetID   string                `json:"dataset_id"`
	InsertedAt  string                `json:"inserted_at"`
	UpdatedAt   string                `json:"updated_at"`
}

func recordJSON(r *appRecord, inc include) recordOut {
	out := recordOut{ID: r.ID, Status: r.Status, Fields: r.Fields, Metadata: r.Metadata, ExternalID: r.ExternalID,
		DatasetID: r.DatasetID, InsertedAt: isoTime(r.CreatedAt), UpdatedAt: isoTime(r.UpdatedAt)}
	if out.Fields == nil {
		out.Fields = json.RawMessage("{}")
	}
	if inc.responses {
		list := make([]responseOut, 0, len(r.Responses))
		for _, resp := range r.Responses {
			list = append(list, responseJSON(r, resp))
		}
		out.Responses = &list
	}
	if inc.suggestions {
		list := make([]suggestionOut, 0, len(r.Suggestions))
		for _, s := range r.Suggestions {
			list = append(list, suggestionJSON(s))
		}
		out.Suggestions = &list
	}
	if inc.vectors || inc.vectorNames != nil {
		vecs := make(map[string][]float64, len(r.Vectors))
		for name, v := range r.Vectors {
			if inc.vectors || inc.vectorNames[name] {
				vecs[name] = v
			}
		}
		out.Vectors = &vecs
	}
	return out
}

// recordStatus is §13: completed iff the submitted responses reach the dataset's min_submitted.
func recordStatus(ds *appDataset, r *appRecord) string {
	n := 0
	for _, resp := range r.Responses {
		if resp.Status == responseSubmitted {
			n++
		}
	}
	if n >= ds.MinSubmitted {
		return recordCompleted
	}
	return recordPending
}

// indexRecord and unindexRecord keep the id maps in step with the slices.
func (d *appData) indexRecord(ds *appDataset, r *appRecord) {
	x := d.ix()
	x.records[r.ID] = r
	for _, resp := range r.Responses {
		x.responses[resp.ID] = r
	}
	if r.ExternalID != nil {
		ds.extIndex()[*r.ExternalID] = r
	}
}

func (d *appData) unindexRecord(r *appRecord) {
	x := d.ix()
	delete(x.records, r.ID)
	for _, resp := range r.Responses {
		delete(x.responses, resp.ID)
	}
}

// includeRe is PARAM_REGEX of S:utils/params.py: "k1,k2" or "key:v1,v2".
var includeRe = regexp.MustCompile(`^(?:(?:[^,:]+(?:,[^,:]+)*)|(?:[^,:]+:[^,:]+(?:,[^,:]+)*))$`)

// parseInclude reads the include query parameter (repeated and/or comma-separated). Its errors are
// plain 422s (an HTTPException or a ValueError in a dependency); ok is false after sending one.
func (a *appCall) parseInclude() (include, bool) {
	var inc include
	var keys []string
	var vectorNames []string
	hasVectorKey := false
	for _, v := range a.r.URL.Query()["include"] {
		if !includeRe.MatchString(v) {
			a.unprocessable("'include' query parameter must be of the form 'key1,key2,key3' or 'key:value1,value2,value3'")
			return inc, false
		}
		if key, vals, ok := strings.Cut(v, ":"); ok {
			if key == "vectors" {
				hasVectorKey = true
				vectorNames = append(vectorNames, strings.Split(vals, ",")...)
			}
			continue // other keys with values are not fields of RecordIncludeParam: ignored
		}
		keys = append(keys, strings.Split(v, ",")...)
	}
	for i, k := range keys {
		switch k {
		case "responses":
			inc.responses = true
		case "suggestions":
			inc.suggestions = true
		case "vectors":
			inc.vectors = true
		default:
			a.unprocessable(fmt.Sprintf("1 validation error for RecordIncludeParam\nkeys.%d\n  Input should be 'responses', 'suggestions' or 'vectors' [type=enum, input_value=%s, input_type=str]", i, pyRepr(k)))
			return inc, false
		}
	}
	if hasVectorKey && len(vectorNames) > 0 {
		if inc.vectors {
			a.unprocessable("1 validation error for RecordIncludeParam\n  Value error, 'include' query param cannot have both 'vectors' and 'vectors:vector_settings_name_1,vectors_settings_name_2,...' [type=value_error]")
			return inc, false
		}
		inc.vectorNames = map[string]bool{}
		for _, n := range vectorNames {
			inc.vectorNames[n] = true
		}
	}
	return inc, true
}

// listRecords is GET /datasets/{id}/records?offset=&limit=&include=: the include parser runs before
// authentication (§1.5), then 401, 422(A) for limit, 404, 403 (annotators too: owner/admin-member).
// Always inserted_at ascending; total counts the whole dataset.
func (a *appCall) listRecords() {
	inc, ok := a.parseInclude()
	if !ok || a.auth() == nil {
		return
	}
	offset := a.queryInt("offset", 0, nil, nil)
	limit := a.queryInt("limit", recordsLimitDefault, intp(1), intp(recordsLimitMax))
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	offset = max(offset, 0) // no lower bound in the schema; SQL treats a negative OFFSET as 0
	start := min(offset, len(ds.Records))
	end := min(start+limit, len(ds.Records))
	out := make([]recordOut, 0, end-start)
	for _, r := range ds.Records[start:end] {
		out = append(out, recordJSON(r, inc))
	}
	a.reply(http.StatusOK, map[string]any{"items": out, "total": len(ds.Records)})
}

// bulkItems reads {"items": [...]} with 1–500 items and unique external_ids (a schema error).
func (a *appCall) bulkItems(upsert bool) []recordInput {
	b := a.bodyObject()
	list := b.list("items", true, 1, bulkMaxItems)
	out := make([]recordInput, 0, len(list))
	for i, v := range list {
		out = append(out, b.elem("items", i, v).recordItem(upsert))
	}
	seen := map[string]bool{}
	for _, in := range out {
		if in.ExternalID == nil {
			continue
		}
		if seen[*in.ExternalID] {
			a.fail(b.at("items"), "value_error", "Value error, External IDs must be unique")
			break
		}
		seen[*in.ExternalID] = true
	}
	return out
}

// createRecordsBulk is POST /datasets/{id}/records/bulk (§10.3): 422(A) → 404 → 403 → 422(B) not
// published → 422(B) external ids already in the dataset → 422(B) per item. All or nothing; 201.
func (a *appCall) createRecordsBulk() {
	if a.auth() == nil {
		return
	}
	list := a.bulkItems(false)
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	if ds.Status != statusReady {
		a.unprocessable("records cannot be created for a non published dataset")
		return
	}
	var found []string
	for _, in := range list {
		if in.ExternalID != nil && ds.extIndex()[*in.ExternalID] != nil {
			found = append(found, *in.ExternalID)
		}
	}
	if len(found) > 0 {
		a.unprocessable("found records with same external ids: " + strings.Join(found, ", "))
		return
	}
	for i := range list {
		if msg := a.checkRecord(ds, &list[i], nil); msg != "" {
			a.unprocessable(fmt.Sprintf("Record at position %d is not valid because %s", i, msg))
			return
		}
	}
	out := make([]recordOut, 0, len(list))
	for i := range list {
		out = append(out, recordJSON(a.writeRecord(ds, &list[i], nil), everything))
	}
	ds.LastActivityAt = a.data.stamp(a.now)
	a.reply(http.StatusCreated, map[string]any{"items": out})
}

// upsertRecordsBulk is PUT /datasets/{id}/records/bulk (§10.4): each item matches this dataset's record
// by id, else by external_id; no match creates a record with a new id. No published check; 200, and
// no updated_item_ids in the answer.
func (a *appCall) upsertRecordsBulk() {
	if a.auth() == nil {
		return
	}
	list := a.bulkItems(true)
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	x := a.data.ix()
	matches := make([]*appRecord, len(list))
	for i, in := range list {
		if r := x.records[in.ID]; in.ID != "" && r != nil && r.DatasetID == ds.ID {
			matches[i] = r
		} else if in.ExternalID != nil {
			matches[i] = ds.extIndex()[*in.ExternalID]
		}
	}
	for i := range list {
		if msg := a.checkRecord(ds, &list[i], matches[i]); msg != "" {
			a.unprocessable(fmt.Sprintf("Record at position %d is not valid because %s", i, msg))
			return
		}
	}
	out := make([]recordOut, 0, len(list))
	for i := range list {
		out = append(out, recordJSON(a.writeRecord(ds, &list[i], matches[i]), everything))
	}
	ds.LastActivityAt = a.data.stamp(a.now)
	a.reply(http.StatusOK, map[string]any{"items": out})
}

// writeRecord creates a record (r nil) or updates r from a validated item: fields and metadata only
// when sent, external_id never changed, responses, suggestions and vectors upserted without deleting
// others; then the status is recomputed.
func (a *appCall) writeRecord(ds *appDataset, in *recordInput, r *appRecord) *appRecord {
	t := a.data.stamp(a.now)
	if r == nil {
		r = &appRecord{ID: a.st.newUUID(a.e.seed), DatasetID: ds.ID, Fields: in.FieldsRaw, Metadata: in.MetadataRaw,
			ExternalID: in.ExternalID, CreatedAt: t, UpdatedAt: t}
		ds.Records = append(ds.Records, r)
		a.data.indexRecord(ds, r)
	} else {
		modified := false
		if in.HasFields && !bytes.Equal(r.Fields, in.FieldsRaw) {
			r.Fields, modified = in.FieldsRaw, true
		}
		if in.HasMetadata && (!bytes.Equal(r.Metadata, in.MetadataRaw) || (r.Metadata == nil) != (in.MetadataRaw == nil)) {
			r.Metadata, modified = in.MetadataRaw, true
		}
		if modified {
			r.UpdatedAt = t
		}
	}
	for _, resp := range in.Responses {
		a.upsertResponse(r, resp.UserID, resp, t)
	}
	for _, s := range in.Suggestions {
		upsertSuggestion(a, r, s, t)
	}
	for name, v := range in.Vectors {
		if r.Vectors == nil {
			r.Vectors = map[string][]float64{}
		}
		r.Vectors[name] = v
	}
	r.Status = recordStatus(ds, r)
	return r
}

// upsertResponse sets the user's response on the record (one per user), keeping the others.
func (a *appCall) upsertResponse(r *appRecord, userID string, in responseInput, t time.Time) *appResponse {
	for _, resp := range r.Responses {
		if resp.UserID == userID {
			resp.Status, resp.Values, resp.UpdatedAt = in.Status, storedValues(in.Values, in.HasValues), t
			return resp
		}
	}
	resp := &appResponse{ID: a.st.newUUID(a.e.seed), UserID: userID, Status: in.Status,
		Values: storedValues(in.Values, in.HasValues), CreatedAt: t, UpdatedAt: t}
	r.Responses = append(r.Responses, resp)
	a.data.ix().responses[resp.ID] = r
	return resp
}

// ---- Single records ----

// recordFor loads the record of the path: 422 → 404 → allowed (403).
func (a *appCall) recordFor(allowed func(ds *appDataset) bool) (*appRecord, *appDataset) {
	id := a.pathUUID("record_id")
	if !a.valid() {
		return nil, nil
	}
	r := a.data.ix().records[id]
	if r == nil {
		a.notFound("Record", id)
		return nil, nil
	}
	ds := a.data.dataset(r.DatasetID)
	if !allowed(ds) {
		a.forbidden()
		return nil, nil
	}
	return r, ds
}

// getRecord is GET /records/{id}: 404 → 403 (member); responses, suggestions and vectors included.
func (a *appCall) getRecord() {
	if a.auth() == nil {
		return
	}
	if r, _ := a.recordFor(a.member); r != nil {
		a.reply(http.StatusOK, recordJSON(r, everything))
	}
}

// updateRecord is PATCH /records/{id} {fields?, metadata?, suggestions?, vectors?}: 404 → 403 → 422.
// suggestions replaces all of the record's suggestions, vectors upserts by name, metadata replaces.
func (a *appCall) updateRecord() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	var in recordInput
	b.recordParts(&in)
	r, ds := a.recordFor(a.manager)
	if r == nil {
		return
	}
	msg := ""
	if in.HasFields {
		msg = checkFields(ds, in.Fields)
	}
	if msg == "" {
		msg = checkMetadata(ds, in.Metadata)
	}
	if msg == "" {
		msg = checkVectors(ds, in.Vectors)
	}
	if msg == "" {
		msg = a.checkSuggestions(ds, in.Suggestions, fieldMap(r))
	}
	if msg != "" {
		a.unprocessable(msg)
		return
	}
	if b.has("suggestions") {
		r.Suggestions = nil
	}
	a.writeRecord(ds, &in, r)
	a.reply(http.StatusOK, recordJSON(r, everything))
}

// deleteRecord is DELETE /records/{id}: 404 → 403; the answer has no relationship keys.
func (a *appCall) deleteRecord() {
	if a.auth() == nil {
		return
	}
	r, ds := a.recordFor(a.manager)
	if r == nil {
		return
	}
	a.dropRecords(ds, map[string]bool{r.ID: true})
	a.reply(http.StatusOK, recordJSON(r, include{}))
}

// deleteRecords is DELETE /datasets/{id}/records?ids=: 404 → 403 → 422(B) bad UUIDs → 422(B) over 100.
// Unknown ids and ids of other datasets are ignored; 204 without a body.
func (a *appCall) deleteRecords() {
	if a.auth() == nil {
		return
	}
	a.requireIDs()
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	ids, ok := a.idsParam("records")
	if !ok {
		return
	}
	a.dropRecords(ds, ids)
	a.w.WriteHeader(http.StatusNoContent)
}

// requireIDs records the schema error of a missing ?ids= (a required query parameter).
func (a *appCall) requireIDs() {
	if !a.r.URL.Query().Has("ids") {
		a.fail([]any{"query", "ids"}, "missing", "Field required")
	}
}

// idsParam reads ?ids=u1,u2 as parse_uuids does (S:utils/params.py): any bad or empty id is a plain
// 422 "Invalid UUID format"; more than 100 is refused. ok is false after answering.
func (a *appCall) idsParam(what string) (map[string]bool, bool) {
	raw := strings.Split(a.r.URL.Query().Get("ids"), ",")
	ids := make(map[string]bool, len(raw))
	for _, id := range raw {
		if !uuidRe.MatchString(id) {
			a.unprocessable("Invalid UUID format")
			return nil, false
		}
		ids[strings.ToLower(id)] = true
	}
	if len(raw) > deleteMaxIDs {
		a.unprocessable(fmt.Sprintf("Cannot delete more than %d %s at once", deleteMaxIDs, what))
		return nil, false
	}
	return ids, true
}

// dropRecords removes the dataset's records with these ids (one pass over the slice).
func (a *appCall) dropRecords(ds *appDataset, ids map[string]bool) {
	ext := ds.extIndex()
	ds.Records = filter(ds.Records, func(r *appRecord) bool {
		if !ids[r.ID] {
			return true
		}
		a.data.unindexRecord(r)
		if r.ExternalID != nil {
			delete(ext, *r.ExternalID)
		}
		return false
	})
	ds.LastActivityAt = a.data.stamp(a.now)
}
