package hubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Responses (argilla-api §11) and suggestions (§12) on single records. One response per (record, user):
// POST answers for the caller and conflicts on a repeat; every change recomputes the record's status.

type responseOut struct {
	ID         string          `json:"id"`
	Values     json.RawMessage `json:"values"` // nil marshals as null
	Status     string          `json:"status"`
	RecordID   string          `json:"record_id"`
	UserID     string          `json:"user_id"`
	InsertedAt string          `json:"inserted_at"`
	UpdatedAt  string          `json:"updated_at"`
}

func responseJSON(r *appRecord, resp *appResponse) responseOut {
	return responseOut{ID: resp.ID, Values: resp.Values, Status: resp.Status, RecordID: r.ID, UserID: resp.UserID,
		InsertedAt: isoTime(resp.CreatedAt), UpdatedAt: isoTime(resp.UpdatedAt)}
}

// suggestionOut has no record_id (S:api/schemas/v1/suggestions.py Suggestion).
type suggestionOut struct {
	ID         string          `json:"id"`
	QuestionID string          `json:"question_id"`
	Type       *string         `json:"type"`
	Value      json.RawMessage `json:"value"`
	Agent      *string         `json:"agent"`
	Score      json.RawMessage `json:"score"`
	InsertedAt string          `json:"inserted_at"`
	UpdatedAt  string          `json:"updated_at"`
}

func suggestionJSON(s *appSuggestion) suggestionOut {
	score := s.Score
	if score == nil {
		score = json.RawMessage("null")
	}
	return suggestionOut{ID: s.ID, QuestionID: s.QuestionID, Type: s.Type, Value: s.Value, Agent: s.Agent, Score: score,
		InsertedAt: isoTime(s.CreatedAt), UpdatedAt: isoTime(s.UpdatedAt)}
}

// touch records activity on the dataset after a response or suggestion write.
func (a *appCall) touch(ds *appDataset, r *appRecord) {
	r.Status = recordStatus(ds, r)
	ds.LastActivityAt = a.data.stamp(a.now)
}

// createResponse is POST /records/{id}/responses {status, values?}: 422(A) → 404 → 403 (any member)
// → 409 the caller answered already → 422(B) value rules; 201.
func (a *appCall) createResponse() {
	if a.auth() == nil {
		return
	}
	in, _ := a.bodyObject().responseBody(false, false)
	r, ds := a.recordFor(a.member)
	if r == nil {
		return
	}
	for _, resp := range r.Responses {
		if resp.UserID == a.user.ID {
			a.conflict(fmt.Sprintf("Response already exists for record with id `%s` and by user with id `%s`", r.ID, a.user.ID))
			return
		}
	}
	if msg := checkResponse(ds, in, fieldMap(r)); msg != "" {
		a.unprocessable(msg)
		return
	}
	resp := a.upsertResponse(r, a.user.ID, in, a.data.stamp(a.now))
	a.touch(ds, r)
	a.reply(http.StatusCreated, responseJSON(r, resp))
}

// responseFor loads the response of the path: 422 → 404 → 403 (owner, its author, or an admin member
// of the dataset's workspace).
func (a *appCall) responseFor() (*appResponse, *appRecord, *appDataset) {
	id := a.pathUUID("response_id")
	if !a.valid() {
		return nil, nil, nil
	}
	r := a.data.ix().responses[id]
	var resp *appResponse
	if r != nil {
		for _, x := range r.Responses {
			if x.ID == id {
				resp = x
			}
		}
	}
	if resp == nil {
		a.notFound("Response", id)
		return nil, nil, nil
	}
	ds := a.data.dataset(r.DatasetID)
	if a.user.ID != resp.UserID && !a.canManage(ds.WorkspaceID) {
		a.forbidden()
		return nil, nil, nil
	}
	return resp, r, ds
}

// updateResponse is PUT /responses/{id} {status, values?}: values are replaced wholesale (omitted for
// draft or discarded: null).
func (a *appCall) updateResponse() {
	if a.auth() == nil {
		return
	}
	in, _ := a.bodyObject().responseBody(false, true)
	resp, r, ds := a.responseFor()
	if resp == nil {
		return
	}
	if msg := checkResponse(ds, in, fieldMap(r)); msg != "" {
		a.unprocessable(msg)
		return
	}
	resp = a.upsertResponse(r, resp.UserID, in, a.data.stamp(a.now))
	a.touch(ds, r)
	a.reply(http.StatusOK, responseJSON(r, resp))
}

// deleteResponse is DELETE /responses/{id}; 200 the response.
func (a *appCall) deleteResponse() {
	if a.auth() == nil {
		return
	}
	resp, r, ds := a.responseFor()
	if resp == nil {
		return
	}
	r.Responses = remove(r.Responses, resp)
	delete(a.data.ix().responses, resp.ID)
	a.touch(ds, r)
	a.reply(http.StatusOK, responseJSON(r, resp))
}

// listSuggestions is GET /records/{id}/suggestions: 404 → 403 (member).
func (a *appCall) listSuggestions() {
	if a.auth() == nil {
		return
	}
	r, _ := a.recordFor(a.member)
	if r == nil {
		return
	}
	out := make([]suggestionOut, 0, len(r.Suggestions))
	for _, s := range r.Suggestions {
		out = append(out, suggestionJSON(s))
	}
	a.reply(http.StatusOK, items(out))
}

// upsertSuggestion is PUT /records/{id}/suggestions: 422(A) → 404 → 403 → 422(B) unknown question (any
// dataset's question passes, as in the server) → value and score rules; 201 new, 200 replaced.
func (a *appCall) upsertSuggestion() {
	if a.auth() == nil {
		return
	}
	in, _ := a.bodyObject().suggestion()
	r, ds := a.recordFor(a.manager)
	if r == nil {
		return
	}
	q, _ := findSetting(a.data, questionsOf, questionID, in.QuestionID)
	if q == nil {
		a.unprocessable(fmt.Sprintf("Question with id `%s` not found", in.QuestionID))
		return
	}
	if msg := checkSuggestion(in, q, fieldMap(r)); msg != "" {
		a.unprocessable(msg)
		return
	}
	status := http.StatusCreated
	for _, s := range r.Suggestions {
		if s.QuestionID == in.QuestionID {
			status = http.StatusOK
		}
	}
	s := upsertSuggestion(a, r, in, a.data.stamp(a.now))
	a.touch(ds, r)
	a.reply(status, suggestionJSON(s))
}

// upsertSuggestion sets the record's suggestion for the question, keeping the others.
func upsertSuggestion(a *appCall, r *appRecord, in suggestionInput, t time.Time) *appSuggestion {
	value := rawJSON(in.Value)
	for _, s := range r.Suggestions {
		if s.QuestionID == in.QuestionID {
			s.Type, s.Value, s.Agent, s.Score, s.UpdatedAt = in.Type, value, in.Agent, in.Score, t
			return s
		}
	}
	s := &appSuggestion{ID: a.st.newUUID(a.e.seed), QuestionID: in.QuestionID, Type: in.Type, Value: value,
		Agent: in.Agent, Score: in.Score, CreatedAt: t, UpdatedAt: t}
	r.Suggestions = append(r.Suggestions, s)
	return s
}

// deleteSuggestion is DELETE /suggestions/{id}: 404 → 403 (owner/admin-member); 200 the suggestion.
func (a *appCall) deleteSuggestion() {
	if a.auth() == nil {
		return
	}
	id := a.pathUUID("suggestion_id")
	if !a.valid() {
		return
	}
	for _, ds := range a.data.Datasets {
		for _, r := range ds.Records {
			for _, s := range r.Suggestions {
				if s.ID != id {
					continue
				}
				if !a.manager(ds) {
					a.forbidden()
					return
				}
				r.Suggestions = remove(r.Suggestions, s)
				a.touch(ds, r)
				a.reply(http.StatusOK, suggestionJSON(s))
				return
			}
		}
	}
	a.notFound("Suggestion", id)
}

// deleteRecordSuggestions is DELETE /records/{id}/suggestions?ids=: at most 100 ids; 204.
func (a *appCall) deleteRecordSuggestions() {
	if a.auth() == nil {
		return
	}
	a.requireIDs()
	r, ds := a.recordFor(a.manager)
	if r == nil {
		return
	}
	ids, ok := a.idsParam("suggestions")
	if !ok {
		return
	}
	r.Suggestions = filter(r.Suggestions, func(s *appSuggestion) bool { return !ids[s.ID] })
	a.touch(ds, r)
	a.w.WriteHeader(http.StatusNoContent)
}

// responsesBulkMax is RESPONSES_BULK_CREATE_MAX_ITEMS.
const responsesBulkMax = 100

// bulkItemOut is one outcome of /me/responses/bulk: the response, or the error's text.
type bulkItemOut struct {
	Item  *responseOut       `json:"item"`
	Error *map[string]string `json:"error"`
}

// upsertMyResponsesBulk is POST /me/responses/bulk {"items": [{record_id, status, values?}]} (1–100):
// each item upserts the caller's response on its record, authorized like POST .../responses; an item's
// failure is its {"detail": str(error)} and does not fail the request (S:use_cases/responses/
// upsert_responses_in_bulk.py). A refused authorization has an empty text: ForbiddenOperationError
// keeps its message out of the exception's arguments.
func (a *appCall) upsertMyResponsesBulk() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	list := b.list("items", true, 1, responsesBulkMax)
	type item struct {
		recordID string
		in       responseInput
	}
	var in []item
	for i, v := range list {
		e := b.elem("items", i, v)
		r, _ := e.responseBody(false, true)
		in = append(in, item{e.uuid("record_id", true), r})
	}
	if !a.valid() {
		return
	}
	out := make([]bulkItemOut, 0, len(in))
	fail := func(msg string) { out = append(out, bulkItemOut{Error: &map[string]string{"detail": msg}}) }
	for _, it := range in {
		r := a.data.ix().records[it.recordID]
		if r == nil {
			fail(fmt.Sprintf("Record with id `%s` not found", it.recordID))
			continue
		}
		ds := a.data.dataset(r.DatasetID)
		if !a.member(ds) {
			fail("")
			continue
		}
		if msg := checkResponse(ds, it.in, fieldMap(r)); msg != "" {
			fail(msg)
			continue
		}
		resp := responseJSON(r, a.upsertResponse(r, a.user.ID, it.in, a.data.stamp(a.now)))
		a.touch(ds, r)
		out = append(out, bulkItemOut{Item: &resp})
	}
	a.reply(http.StatusOK, items(out))
}
