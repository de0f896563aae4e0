package hubtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// The ten behaviours of argilla-api §14.6 that a faithful emulator must copy, one test each.

// §14.6 item 1, §1.4: coded 401, 403 and schema 422; plain 404, 409 and business 422; FastAPI's own
// 404 and 405; the exact messages.
func TestArgilla14_6_1ErrorShapes(t *testing.T) {
	a := newArgillaApp(t, "shapes", nil)
	_, annKey := a.user("ann", "annotator")

	code, params := coded(t, a.call(401, "GET", "/me", "wrong-key", nil))
	eq(t, "401 code", code, "argilla.api.errors::UnauthorizedError")
	eq(t, "401 detail", params["detail"], any("Could not validate credentials"))
	// An unknown key with a Bearer header (a private Space's HF token) is an invalid JWT (§1.2).
	r := a.do(req{method: "GET", path: "/api/v1/me", host: a.appHost(a.id), token: "hf_alice",
		header: map[string]string{"X-Argilla-Api-Key": "wrong-key"}})
	eq(t, "bearer status", r.Status, 401)
	_, params = coded(t, r)
	eq(t, "bearer detail", params["detail"], any("Invalid token"))

	code, params = coded(t, a.call(403, "GET", "/users", annKey, nil))
	eq(t, "403 code", code, "argilla.api.errors::ForbiddenOperationError")
	eq(t, "403 detail", params["detail"], any("Operation not allowed"))

	code, params = coded(t, a.call(422, "POST", "/workspaces", ownerKey, map[string]any{"name": ""}))
	eq(t, "schema 422 code", code, "argilla.api.errors::ValidationError")
	errs := params["errors"].([]any)
	first := errs[0].(map[string]any)
	eq(t, "loc", fmt.Sprint(first["loc"]), "[body name]")
	eq(t, "type", first["type"], any("string_too_short"))
	for _, k := range []string{"input", "ctx", "url"} {
		if _, ok := first[k]; ok {
			t.Errorf("schema error keeps %q; the server drops it", k)
		}
	}
	_, params = coded(t, a.call(422, "POST", "/workspaces", ownerKey, `{"name": `))
	contains(t, "broken JSON", fmt.Sprint(params["errors"]), "msg:JSON decode error type:json_invalid") // loc: body, offset
	_, params = coded(t, a.call(422, "GET", "/users/not-a-uuid", ownerKey, nil))
	eq(t, "path 422 loc", fmt.Sprint(params["errors"].([]any)[0].(map[string]any)["loc"]), "[path user_id]")

	missing := "00000000-0000-4000-8000-000000000000"
	eq(t, "404", detail(t, a.call(404, "GET", "/datasets/"+missing, ownerKey, nil)), "Dataset with id `"+missing+"` not found")
	a.workspace("dup")
	eq(t, "409", detail(t, a.call(409, "POST", "/workspaces", ownerKey, map[string]any{"name": "dup"})), "Workspace name `dup` is not unique")
	ws := a.workspace("w")
	ds := a.obj(201, "POST", "/datasets", ownerKey, map[string]any{"name": "d", "workspace_id": ws})["id"].(string)
	eq(t, "business 422", detail(t, a.call(422, "PUT", "/datasets/"+ds+"/publish", ownerKey, nil)),
		"Dataset cannot be published without fields")

	eq(t, "unknown path", detail(t, a.call(404, "GET", "/nothing/here", ownerKey, nil)), "Not Found")
	eq(t, "wrong method", detail(t, a.call(405, "PATCH", "/workspaces", ownerKey, nil)), "Method Not Allowed")
	// A trailing slash is redirected (the client follows the 307 to /api/v1/me).
	a.srv.ResetRequests()
	a.call(200, "GET", "/me/", ownerKey, nil)
	log := a.srv.Requests()
	eq(t, "redirect", fmt.Sprint(log[0].Path, " ", log[0].Status, " ", log[1].Path), "/api/v1/me/ 307 /api/v1/me")
	// 401 comes before the schema 422 (§1.5).
	coded(t, a.call(401, "POST", "/workspaces", "", map[string]any{}))
}

// §14.6 item 2: a duplicate create is 409; a missing referenced entity, the username clash on update
// and an existing external_id on bulk create are 422.
func TestArgilla14_6_2ConflictVersusUnprocessable(t *testing.T) {
	a := newArgillaApp(t, "conflicts", nil)
	ann, annKey := a.user("ann", "annotator")
	a.user("bob", "annotator")
	ws := a.workspace("w")
	ds, q := a.sampleDataset(ws, "d", false)
	draft, _ := a.sampleDataset(ws, "draft", true)

	for _, c := range []struct{ path, want string }{
		{"/users", "User username `ann` is not unique"},
		{"/workspaces", "Workspace name `w` is not unique"},
		{"/datasets", "Dataset with name `d` already exists for workspace with id `" + ws + "`"},
	} {
		body := map[string]any{"username": "ann", "first_name": "A", "password": "12345678", "name": "w"}
		if c.path == "/datasets" {
			body = map[string]any{"name": "d", "workspace_id": ws}
		}
		eq(t, c.path, detail(t, a.call(409, "POST", c.path, ownerKey, body)), c.want)
	}
	dup := func(path string, body map[string]any, want string) {
		t.Helper()
		eq(t, path, detail(t, a.call(409, "POST", "/datasets/"+ds+path, ownerKey, body)), want)
	}
	// On a published dataset the field's 422 comes before its 409 (§6), so a draft shows the 409.
	eq(t, "field", detail(t, a.call(409, "POST", "/datasets/"+draft+"/fields", ownerKey, map[string]any{"name": "text", "title": "T",
		"settings": map[string]any{"type": "text"}})), "Field with name `text` already exists for dataset with id `"+draft+"`")
	dup("/questions", map[string]any{"name": "label", "title": "T", "settings": map[string]any{"type": "text"}},
		"Question with name `label` already exists for dataset with id `"+ds+"`")
	dup("/metadata-properties", map[string]any{"name": "n", "title": "T", "settings": map[string]any{"type": "terms"}},
		"Metadata property with name `n` already exists for dataset with id `"+ds+"`")
	dup("/vectors-settings", map[string]any{"name": "emb", "title": "T", "dimensions": 2},
		"Vector settings with name `emb` already exists for dataset with id `"+ds+"`")
	a.call(201, "POST", "/workspaces/"+ws+"/users", ownerKey, map[string]any{"user_id": ann})
	eq(t, "membership", detail(t, a.call(409, "POST", "/workspaces/"+ws+"/users", ownerKey, map[string]any{"user_id": ann})),
		"Workspace user with workspace_id `"+ws+"` and user_id `"+ann+"` is not unique")
	rec := a.obj(200, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": records(0, 1, nil)})["items"].([]any)[0].(map[string]any)["id"].(string)
	a.call(201, "POST", "/records/"+rec+"/responses", annKey, map[string]any{"status": "draft"})
	eq(t, "response", detail(t, a.call(409, "POST", "/records/"+rec+"/responses", annKey, map[string]any{"status": "draft"})),
		"Response already exists for record with id `"+rec+"` and by user with id `"+ann+"`")

	ghost := "00000000-0000-4000-8000-00000000abcd"
	eq(t, "dataset workspace", detail(t, a.call(422, "POST", "/datasets", ownerKey, map[string]any{"name": "x", "workspace_id": ghost})),
		"Workspace with id `"+ghost+"` not found")
	eq(t, "membership user", detail(t, a.call(422, "POST", "/workspaces/"+ws+"/users", ownerKey, map[string]any{"user_id": ghost})),
		"User with id `"+ghost+"` not found")
	eq(t, "suggestion question", detail(t, a.call(422, "PUT", "/records/"+rec+"/suggestions", ownerKey,
		map[string]any{"question_id": ghost, "value": "a"})), "Question with id `"+ghost+"` not found")
	eq(t, "bulk response user", detail(t, a.call(422, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{
		"items": records(5, 1, func(_ int, item map[string]any) {
			item["responses"] = []map[string]any{{"user_id": ghost, "status": "discarded"}}
		})})), "Record at position 0 is not valid because record does not have valid responses: user with id "+ghost+" not found")
	eq(t, "username on update", detail(t, a.call(422, "PATCH", "/users/"+ann, ownerKey, map[string]any{"username": "bob"})),
		"Username 'bob' already exists")
	eq(t, "external_id on create", detail(t, a.call(422, "POST", "/datasets/"+ds+"/records/bulk", ownerKey,
		map[string]any{"items": records(0, 1, nil)})), "found records with same external ids: r0")
	_ = q
}

// §14.6 item 3: ids are honoured only by POST /users and POST /workspaces (name checked before id);
// elsewhere ignored, and an upsert with an unknown id creates a record with a new id.
func TestArgilla14_6_3WhoMayChooseIDs(t *testing.T) {
	a := newArgillaApp(t, "ids", nil)
	uid := "11111111-1111-4111-8111-111111111111"
	u := a.obj(201, "POST", "/users", ownerKey, map[string]any{"id": uid, "username": "u", "first_name": "U", "password": "12345678"})
	eq(t, "user id kept", u["id"], any(uid))
	eq(t, "default role", u["role"], any("annotator"))
	eq(t, "user id clash", detail(t, a.call(409, "POST", "/users", ownerKey, map[string]any{"id": uid, "username": "v",
		"first_name": "V", "password": "12345678"})), "User with id `"+uid+"` is not unique")
	a.obj(201, "POST", "/users", ownerKey, map[string]any{"id": nil, "username": "w", "first_name": "W", "password": "12345678"})

	wid := "22222222-2222-4222-8222-222222222222"
	eq(t, "workspace id kept", a.obj(201, "POST", "/workspaces", ownerKey, map[string]any{"id": wid, "name": "kept"})["id"], any(wid))
	eq(t, "name before id", detail(t, a.call(409, "POST", "/workspaces", ownerKey, map[string]any{"id": wid, "name": "kept"})),
		"Workspace name `kept` is not unique")
	eq(t, "then id", detail(t, a.call(409, "POST", "/workspaces", ownerKey, map[string]any{"id": wid, "name": "other"})),
		"Workspace with id `"+wid+"` is not unique")

	did := "33333333-3333-4333-8333-333333333333"
	ds := a.obj(201, "POST", "/datasets", ownerKey, map[string]any{"id": did, "name": "d", "workspace_id": wid})["id"].(string)
	if ds == did {
		t.Error("a dataset id cannot be chosen")
	}
	ds, _ = a.sampleDataset(wid, "d2", false)
	rid := "44444444-4444-4444-8444-444444444444"
	got := a.obj(200, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": []map[string]any{
		{"id": rid, "fields": map[string]any{"text": "x"}}}})["items"].([]any)[0].(map[string]any)
	if got["id"] == rid {
		t.Error("an unknown id in an upsert must give a new id")
	}
	eq(t, "no fields", detail(t, a.call(422, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": []map[string]any{
		{"id": rid}}})), "Record at position 0 is not valid because fields cannot be empty")
}

// §14.6 item 4, §10.4: upsert matches by id then external_id, replaces fields/metadata only when sent,
// never changes external_id, upserts relationships without deleting others, answers 200 without
// updated_item_ids, and does not need a published dataset.
func TestArgilla14_6_4BulkUpsert(t *testing.T) {
	a := newArgillaApp(t, "upsert", nil)
	ann, _ := a.user("ann", "annotator")
	bob, _ := a.user("bob", "annotator")
	ws := a.workspace("w")
	draft, _ := a.sampleDataset(ws, "draft", true)
	a.call(200, "PUT", "/datasets/"+draft+"/records/bulk", ownerKey, map[string]any{"items": records(0, 1, nil)})

	ds, q := a.sampleDataset(ws, "d", false)
	first := a.call(200, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": records(0, 1, func(_ int, item map[string]any) {
		item["responses"] = []map[string]any{{"user_id": ann, "status": "draft", "values": map[string]any{}}}
		item["suggestions"] = []map[string]any{{"question_id": q["label"], "value": "a"}}
		item["vectors"] = map[string]any{"emb": []float64{1, 1, 1}}
	})})
	if strings.Contains(string(first.Body), "updated_item_ids") {
		t.Error("updated_item_ids is dropped by the response model")
	}
	rec := first.JSON(t)["items"].([]any)[0].(map[string]any)
	id := rec["id"].(string)

	// By id, with another external_id: the record is updated, its external_id kept; no fields or
	// metadata sent, so they stay; another user's response and another question's suggestion are added.
	got := a.obj(200, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": []map[string]any{{
		"id": id, "external_id": "other",
		"responses":   []map[string]any{{"user_id": bob, "status": "discarded"}},
		"suggestions": []map[string]any{{"question_id": q["rating"], "value": 3}},
	}}})["items"].([]any)[0].(map[string]any)
	eq(t, "same record", got["id"], any(id))
	eq(t, "external_id never changes", got["external_id"], any("r0"))
	eq(t, "fields kept", fmt.Sprint(got["fields"]), "map[text:text 0]")
	eq(t, "metadata kept", fmt.Sprint(got["metadata"]), "map[n:0]")
	eq(t, "responses upserted", len(got["responses"].([]any)), 2)
	eq(t, "suggestions upserted", len(got["suggestions"].([]any)), 2)
	eq(t, "vectors kept", fmt.Sprint(got["vectors"]), "map[emb:[1 1 1]]")

	// By external_id: metadata null clears, fields replaced, ann's response replaced in place.
	got = a.obj(200, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": []map[string]any{{
		"external_id": "r0", "metadata": nil, "fields": map[string]any{"text": "new"},
		"responses": []map[string]any{{"user_id": ann, "status": "submitted", "values": map[string]any{"label": map[string]any{"value": "c"}}}},
	}}})["items"].([]any)[0].(map[string]any)
	eq(t, "matched by external_id", got["id"], any(id))
	eq(t, "metadata cleared", got["metadata"], nil)
	eq(t, "fields replaced", fmt.Sprint(got["fields"]), "map[text:new]")
	resps := got["responses"].([]any)
	eq(t, "still two responses", len(resps), 2)
	eq(t, "first response updated in place", resps[0].(map[string]any)["status"], any("submitted"))
	eq(t, "status recomputed", got["status"], any("completed"))
}

// §14.6 item 5, §10.3: bulk create needs a published dataset and 1–500 items, is all or nothing, and
// names the failing position; duplicate external_ids in the batch are a coded 422, against the dataset
// a plain one without a position.
func TestArgilla14_6_5BulkCreate(t *testing.T) {
	a := newArgillaApp(t, "create", nil)
	ws := a.workspace("w")
	draft, _ := a.sampleDataset(ws, "draft", true)
	eq(t, "draft", detail(t, a.call(422, "POST", "/datasets/"+draft+"/records/bulk", ownerKey, map[string]any{"items": records(0, 1, nil)})),
		"records cannot be created for a non published dataset")
	ds, _ := a.sampleDataset(ws, "d", false)
	_, params := coded(t, a.call(422, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": []any{}}))
	contains(t, "0 items", fmt.Sprint(params["errors"]), "List should have at least 1 item after validation, not 0")
	_, params = coded(t, a.call(422, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": records(0, 501, nil)}))
	contains(t, "501 items", fmt.Sprint(params["errors"]), "List should have at most 500 items after validation, not 501")
	_, params = coded(t, a.call(422, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": append(records(0, 1, nil), records(0, 1, nil)...)}))
	contains(t, "duplicate in batch", fmt.Sprint(params["errors"]), "Value error, External IDs must be unique")
	_, params = coded(t, a.call(422, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": []map[string]any{{"fields": map[string]any{"text": 1}}}}))
	contains(t, "number in a text field", fmt.Sprint(params["errors"]), "Input should be a valid string")

	bad := records(0, 3, nil)
	bad[1]["fields"] = map[string]any{"other": "x"}
	eq(t, "position", detail(t, a.call(422, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": bad})),
		"Record at position 1 is not valid because missing required value for field: 'text'")
	eq(t, "all or nothing", a.obj(200, "GET", "/datasets/"+ds+"/records", ownerKey, nil)["total"], any(float64(0)))
	r := a.call(201, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": records(0, 500, nil)})
	eq(t, "created in order", r.JSON(t)["items"].([]any)[499].(map[string]any)["external_id"], any("r499"))
	eq(t, "against the dataset", detail(t, a.call(422, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": records(499, 2, nil)})),
		"found records with same external ids: r499")
}

// §14.6 item 6, §11: one response per (record, user); POST answers for the caller; submitted needs
// every required question; the value rules per type, with the strict integer for rating and complete
// rankings only when submitted.
func TestArgilla14_6_6Responses(t *testing.T) {
	a := newArgillaApp(t, "responses", nil)
	ann, annKey := a.user("ann", "annotator")
	ws := a.workspace("w")
	a.call(201, "POST", "/workspaces/"+ws+"/users", ownerKey, map[string]any{"user_id": ann})
	ds, _ := a.sampleDataset(ws, "d", true)
	a.call(201, "POST", "/datasets/"+ds+"/questions", ownerKey, map[string]any{"name": "rank", "title": "Rank",
		"settings": map[string]any{"type": "ranking", "options": []map[string]any{{"value": "x", "text": "X"}, {"value": "y", "text": "Y"}}}})
	a.call(201, "POST", "/datasets/"+ds+"/questions", ownerKey, map[string]any{"name": "many", "title": "Many",
		"settings": map[string]any{"type": "multi_label_selection", "options": []map[string]any{{"value": "x", "text": "X"}, {"value": "y", "text": "Y"}}}})
	a.call(200, "PUT", "/datasets/"+ds+"/publish", ownerKey, nil)
	rec := a.obj(201, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": records(0, 1, nil)})["items"].([]any)[0].(map[string]any)["id"].(string)
	post := func(want int, values map[string]any, status string) resp {
		t.Helper()
		return a.call(want, "POST", "/records/"+rec+"/responses", annKey, map[string]any{"status": status, "values": values})
	}
	v := func(x any) map[string]any { return map[string]any{"value": x} }
	eq(t, "no values", detail(t, post(422, nil, "submitted")), "missing response values for submitted response")
	eq(t, "required", detail(t, post(422, map[string]any{"rating": v(3)}, "submitted")), "missing response value for required question with name='label'")
	eq(t, "unknown", detail(t, post(422, map[string]any{"label": v("a"), "nope": v("x")}, "submitted")), "found response value for non configured question with name='nope'")
	eq(t, "label", detail(t, post(422, map[string]any{"label": v("z")}, "submitted")), "'z' is not a valid label for label selection question.\nValid labels are: ['a', 'b', 'c']")
	eq(t, "rating", detail(t, post(422, map[string]any{"label": v("a"), "rating": v(9)}, "submitted")), "9 is not a valid rating for rating question.\nValid ratings are: [1, 2, 3, 4, 5]")
	coded(t, post(422, map[string]any{"label": v("a"), "rating": v(3.5)}, "submitted")) // StrictInt: a schema error
	eq(t, "partial ranking submitted", detail(t, post(422, map[string]any{"label": v("a"), "rank": v([]map[string]any{{"value": "x", "rank": 1}})}, "submitted")),
		"ranking question expects a list containing 2 values, found a list of 1 values")
	eq(t, "multi empty", detail(t, post(422, map[string]any{"label": v("a"), "many": v([]string{})}, "submitted")),
		"multi label selection questions expects a list of values, found empty list")
	eq(t, "multi unknown", detail(t, post(422, map[string]any{"label": v("a"), "many": v([]string{"x", "q"})}, "submitted")),
		"['q'] are not valid labels for multi label selection question.\nValid labels are: ['x', 'y']")

	// A partial ranking is fine in a draft; the response is the caller's.
	resp := post(201, map[string]any{"rank": v([]map[string]any{{"value": "x"}})}, "draft").JSON(t)
	eq(t, "caller's response", resp["user_id"], any(ann))
	eq(t, "rank normalized", fmt.Sprint(resp["values"]), "map[rank:map[value:[map[rank:<nil> value:x]]]]")
	post(409, nil, "draft")

	// PUT replaces values wholesale; submitted with every required question passes.
	put := a.obj(200, "PUT", "/responses/"+resp["id"].(string), annKey, map[string]any{"status": "submitted",
		"values": map[string]any{"label": v("b"), "rating": v(5)}})
	eq(t, "replaced", fmt.Sprint(put["values"]), "map[label:map[value:b] rating:map[value:5]]")
	_, params := coded(t, a.call(422, "PUT", "/responses/"+resp["id"].(string), annKey, map[string]any{"status": "submitted"}))
	contains(t, "submitted PUT without values", fmt.Sprint(params["errors"]), "Field required")
	put = a.obj(200, "PUT", "/responses/"+resp["id"].(string), annKey, map[string]any{"status": "discarded"})
	eq(t, "values null when omitted", put["values"], nil)
	a.call(200, "DELETE", "/responses/"+resp["id"].(string), annKey, nil)
	a.call(404, "DELETE", "/responses/"+resp["id"].(string), annKey, nil)
}

// §14.6 item 7, §13: completed iff #submitted ≥ min_submitted, recomputed on every response change and
// bulk write; a status sent by the client is ignored.
func TestArgilla14_6_7RecordStatus(t *testing.T) {
	a := newArgillaApp(t, "status", nil)
	ann, annKey := a.user("ann", "annotator")
	bob, bobKey := a.user("bob", "annotator")
	ws := a.workspace("w")
	for _, u := range []string{ann, bob} {
		a.call(201, "POST", "/workspaces/"+ws+"/users", ownerKey, map[string]any{"user_id": u})
	}
	ds := a.obj(201, "POST", "/datasets", ownerKey, map[string]any{"name": "d", "workspace_id": ws,
		"distribution": map[string]any{"strategy": "overlap", "min_submitted": 2}})["id"].(string)
	a.call(201, "POST", "/datasets/"+ds+"/fields", ownerKey, map[string]any{"name": "text", "title": "T", "settings": map[string]any{"type": "text"}})
	a.call(201, "POST", "/datasets/"+ds+"/questions", ownerKey, map[string]any{"name": "q", "title": "Q", "required": true, "settings": map[string]any{"type": "text"}})
	a.call(200, "PUT", "/datasets/"+ds+"/publish", ownerKey, nil)
	rec := a.obj(201, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": []map[string]any{
		{"fields": map[string]any{"text": "x"}, "status": "completed"}}})["items"].([]any)[0].(map[string]any)
	eq(t, "client status ignored", rec["status"], any("pending"))
	id := rec["id"].(string)
	status := func() any { return a.obj(200, "GET", "/records/"+id, ownerKey, nil)["status"] }
	submitted := map[string]any{"status": "submitted", "values": map[string]any{"q": map[string]any{"value": "ok"}}}
	a.call(201, "POST", "/records/"+id+"/responses", annKey, submitted)
	eq(t, "one of two", status(), any("pending"))
	r := a.obj(201, "POST", "/records/"+id+"/responses", bobKey, map[string]any{"status": "draft"})
	eq(t, "a draft does not count", status(), any("pending"))
	a.call(200, "PUT", "/responses/"+r["id"].(string), bobKey, submitted)
	eq(t, "two submitted", status(), any("completed"))
	a.call(200, "PUT", "/responses/"+r["id"].(string), bobKey, map[string]any{"status": "discarded"})
	eq(t, "discarded does not count", status(), any("pending"))
	a.call(200, "PATCH", "/datasets/"+ds, ownerKey, map[string]any{"distribution": map[string]any{"strategy": "overlap", "min_submitted": 1}})
	eq(t, "distribution change", status(), any("completed"))
	a.call(200, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": []map[string]any{{"id": id,
		"responses": []map[string]any{{"user_id": ann, "status": "draft", "values": map[string]any{}}}}}})
	eq(t, "bulk write recomputes", status(), any("pending"))
}

// §14.6 item 8, §1.6: naive timestamps, nulls present, relationship keys only when loaded, vectors as a
// map, suggestions without record_id, lists in insertion order, envelopes.
func TestArgilla14_6_8Serialization(t *testing.T) {
	a := newArgillaApp(t, "serial", nil)
	a.user("zed", "admin")
	a.user("amy", "annotator")
	ws := a.workspace("w")
	ds, q := a.sampleDataset(ws, "d", false)
	created := a.call(201, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": []map[string]any{
		{"fields": map[string]any{"text": "x"}, "suggestions": []map[string]any{{"question_id": q["label"], "value": "a"}}},
	}})
	rec := created.JSON(t)["items"].([]any)[0].(map[string]any)
	for _, k := range []string{"responses", "suggestions", "vectors"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("bulk answers carry %s", k)
		}
	}
	eq(t, "vectors empty map", fmt.Sprint(rec["vectors"]), "map[]")
	for _, k := range []string{"metadata", "external_id"} {
		if v, ok := rec[k]; !ok || v != nil {
			t.Errorf("%s should be present and null, got %v (present %v)", k, v, ok)
		}
	}
	sugg := rec["suggestions"].([]any)[0].(map[string]any)
	for _, k := range []string{"type", "agent", "score"} {
		if v, ok := sugg[k]; !ok || v != nil {
			t.Errorf("suggestion %s should be null, got %v", k, v)
		}
	}
	naive := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$`)
	for _, ts := range []any{rec["inserted_at"], rec["updated_at"], sugg["inserted_at"]} {
		if !naive.MatchString(ts.(string)) {
			t.Errorf("timestamp %q is not a naive isoformat", ts)
		}
	}
	users := a.list("GET", "/users", ownerKey)
	var names []string
	for _, u := range users {
		names = append(names, u["username"].(string))
		if _, ok := u["api_key"]; !ok {
			t.Error("user objects carry api_key")
		}
		if v, ok := u["last_name"]; !ok || v != nil {
			t.Error("last_name should be present and null")
		}
	}
	eq(t, "users in insertion order", strings.Join(names, ","), "alice,zed,amy")
	page := a.obj(200, "GET", "/datasets/"+ds+"/records?include=vectors:emb", ownerKey, nil)
	if _, ok := page["total"]; !ok {
		t.Error("records listing has total")
	}
	one := page["items"].([]any)[0].(map[string]any)
	eq(t, "named vectors", fmt.Sprint(one["vectors"]), "map[]")
	if _, ok := one["responses"]; ok {
		t.Error("responses not included")
	}
	if _, ok := a.obj(200, "GET", "/me/workspaces", ownerKey, nil)["total"]; ok {
		t.Error("only records listings have total")
	}
	eq(t, "bad include", detail(t, a.call(422, "GET", "/datasets/"+ds+"/records?include=a:b:c", ownerKey, nil)),
		"'include' query parameter must be of the form 'key1,key2,key3' or 'key:value1,value2,value3'")
	contains(t, "unknown include", detail(t, a.call(422, "GET", "/datasets/"+ds+"/records?include=fields", ownerKey, nil)),
		"Input should be 'responses', 'suggestions' or 'vectors'")
	_, params := coded(t, a.call(422, "GET", "/datasets/"+ds+"/records?limit=1001", ownerKey, nil))
	contains(t, "limit", fmt.Sprint(params["errors"]), "Input should be less than or equal to 1000")
	// The include parser runs before authentication (§1.5).
	detail(t, a.call(422, "GET", "/datasets/"+ds+"/records?include=a:b:c", "", nil))
}

// §14.6 item 9, §1.3: owners see everything; admins act in member workspaces only; annotators read
// datasets, fields and questions of member workspaces, get 403 on the records listing and write their
// own responses; metadata properties filtered for annotators; each endpoint's 404-vs-403 order.
func TestArgilla14_6_9RoleMatrix(t *testing.T) {
	a := newArgillaApp(t, "roles", nil)
	adm, admKey := a.user("adm", "admin")
	ann, annKey := a.user("ann", "annotator")
	_, outKey := a.user("out", "annotator")
	mine := a.workspace("mine")
	other := a.workspace("other")
	for _, u := range []string{adm, ann} {
		a.call(201, "POST", "/workspaces/"+mine+"/users", ownerKey, map[string]any{"user_id": u})
	}
	eq(t, "owner sees all workspaces (with the OAuth file's argilla)", len(a.list("GET", "/me/workspaces", ownerKey)), 3)
	eq(t, "admin sees its memberships", len(a.list("GET", "/me/workspaces", admKey)), 1)
	owner := a.obj(200, "GET", "/me", ownerKey, nil)["id"].(string)
	eq(t, "an owner target has every workspace", len(a.list("GET", "/users/"+owner+"/workspaces", ownerKey)), 3)

	a.call(403, "POST", "/datasets", admKey, map[string]any{"name": "x", "workspace_id": other})
	ds := a.obj(201, "POST", "/datasets", admKey, map[string]any{"name": "x", "workspace_id": mine})["id"].(string)
	a.call(201, "POST", "/datasets/"+ds+"/fields", admKey, map[string]any{"name": "text", "title": "T", "settings": map[string]any{"type": "text"}})
	a.call(201, "POST", "/datasets/"+ds+"/questions", admKey, map[string]any{"name": "q", "title": "Q", "required": true, "settings": map[string]any{"type": "text"}})
	a.call(201, "POST", "/datasets/"+ds+"/metadata-properties", admKey, map[string]any{"name": "hidden", "title": "H",
		"visible_for_annotators": false, "settings": map[string]any{"type": "terms", "values": []string{"a"}}})
	a.call(201, "POST", "/datasets/"+ds+"/metadata-properties", admKey, map[string]any{"name": "shown", "title": "S",
		"settings": map[string]any{"type": "float", "min": 0, "max": 1.5}})
	a.call(200, "PUT", "/datasets/"+ds+"/publish", admKey, nil)
	a.call(403, "POST", "/datasets/"+ds+"/fields", annKey, map[string]any{"name": "f2", "title": "T", "settings": map[string]any{"type": "text"}})
	for _, p := range []string{"", "/fields", "/questions", "/vectors-settings"} {
		a.call(200, "GET", "/datasets/"+ds+p, annKey, nil)
		a.call(403, "GET", "/datasets/"+ds+p, outKey, nil)
	}
	eq(t, "annotator metadata properties", len(a.list("GET", "/me/datasets/"+ds+"/metadata-properties", annKey)), 1)
	eq(t, "admin metadata properties", len(a.list("GET", "/me/datasets/"+ds+"/metadata-properties", admKey)), 2)
	a.call(403, "GET", "/datasets/"+ds+"/records", annKey, nil)
	rec := a.obj(201, "POST", "/datasets/"+ds+"/records/bulk", admKey, map[string]any{"items": []map[string]any{
		{"fields": map[string]any{"text": "x"}}}})["items"].([]any)[0].(map[string]any)["id"].(string)
	a.call(201, "POST", "/records/"+rec+"/responses", annKey, map[string]any{"status": "draft"})
	a.call(403, "POST", "/records/"+rec+"/responses", outKey, map[string]any{"status": "draft"})
	a.call(403, "GET", "/users", admKey, nil)
	eq(t, "admin lists its datasets", len(a.list("GET", "/me/datasets", annKey)), 1)
	eq(t, "outsider sees none", len(a.list("GET", "/me/datasets", outKey)), 0)
	a.call(403, "GET", "/me/datasets?workspace_id="+mine, outKey, nil)

	ghost := "00000000-0000-4000-8000-000000000001"
	a.call(403, "GET", "/workspaces/"+ghost, annKey, nil) // 403 first, even for a missing workspace
	a.call(404, "GET", "/workspaces/"+ghost, ownerKey, nil)
	a.call(404, "GET", "/datasets/"+ghost, annKey, nil) // 404 first
	a.call(403, "GET", "/users/"+ghost, annKey, nil)    // 403 first
	a.call(404, "DELETE", "/users/"+ghost, annKey, nil) // 404 first
	a.call(403, "GET", "/workspaces/"+other+"/users", admKey, nil)
	eq(t, "admin member reads members' keys", len(a.list("GET", "/workspaces/"+mine+"/users", admKey)), 2)
	eq(t, "membership not found", detail(t, a.call(404, "DELETE", "/workspaces/"+other+"/users/"+ann, admKey, nil)),
		"WorkspaceUser not found filtering by workspace_id="+other+", user_id="+ann)
}

// §14.6 item 10, §5–9: draft → ready once; publish needs a field and a required question; fields and
// questions frozen after publish (PATCH still allowed); metadata properties and vector settings any
// time (at most 5 vector settings); a workspace with datasets cannot be deleted; PATCH merges metadata;
// float metadata rejects JSON integers.
func TestArgilla14_6_10DatasetLifecycle(t *testing.T) {
	a := newArgillaApp(t, "lifecycle", nil)
	ws := a.workspace("w")
	ds := a.obj(201, "POST", "/datasets", ownerKey, map[string]any{"name": "d", "workspace_id": ws,
		"metadata": map[string]any{"a": 1, "b": 2}, "allow_extra_metadata": false})["id"].(string)
	path := "/datasets/" + ds
	field := a.obj(201, "POST", path+"/fields", ownerKey, map[string]any{"name": "text", "title": "T", "settings": map[string]any{"type": "text"}})
	eq(t, "field settings defaults", fmt.Sprint(field["settings"]), "map[type:text use_markdown:false]")
	eq(t, "field required default", field["required"], any(false))
	a.call(201, "POST", path+"/questions", ownerKey, map[string]any{"name": "opt", "title": "Q", "settings": map[string]any{"type": "text"}})
	eq(t, "no required question", detail(t, a.call(422, "PUT", path+"/publish", ownerKey, nil)), "Dataset cannot be published without required questions")
	span := a.obj(201, "POST", path+"/questions", ownerKey, map[string]any{"name": "q", "title": "Q", "required": true,
		"settings": map[string]any{"type": "span", "field": "text", "options": []map[string]any{{"value": "x", "text": "X"}}}})
	eq(t, "span settings", fmt.Sprint(span["settings"]), "map[allow_character_annotation:true allow_overlapping:false field:text options:[map[description:<nil> text:X value:x]] type:span visible_options:<nil>]")
	eq(t, "span field used", detail(t, a.call(422, "POST", path+"/questions", ownerKey, map[string]any{"name": "q2", "title": "Q",
		"settings": map[string]any{"type": "span", "field": "text", "options": []map[string]any{{"value": "x", "text": "X"}}}})),
		"'text' is already used by span question with id '"+span["id"].(string)+"'")
	// visible_options is Optional[int] (§7): an explicit null is accepted and shown as null.
	multi := a.obj(201, "POST", path+"/questions", ownerKey, map[string]any{"name": "tags", "title": "Tags",
		"settings": map[string]any{"type": "multi_label_selection", "visible_options": nil,
			"options": []map[string]any{{"value": "a", "text": "A"}, {"value": "b", "text": "B"}}}})
	eq(t, "multi visible_options null", fmt.Sprint(multi["settings"].(map[string]any)["visible_options"]), "<nil>")
	pub := a.obj(200, "PUT", path+"/publish", ownerKey, nil)
	eq(t, "ready", pub["status"], any("ready"))
	eq(t, "once", detail(t, a.call(422, "PUT", path+"/publish", ownerKey, nil)), "Dataset has already been published")
	eq(t, "no new field", detail(t, a.call(422, "POST", path+"/fields", ownerKey, map[string]any{"name": "f2", "title": "T",
		"settings": map[string]any{"type": "text"}})), "Field cannot be created for a published dataset")
	eq(t, "no field delete", detail(t, a.call(422, "DELETE", "/fields/"+field["id"].(string), ownerKey, nil)), "Fields cannot be deleted for a published dataset")
	eq(t, "no new question", detail(t, a.call(422, "POST", path+"/questions", ownerKey, map[string]any{"name": "q3", "title": "Q",
		"settings": map[string]any{"type": "text"}})), "questions cannot be created for a published dataset")
	eq(t, "no question delete", detail(t, a.call(422, "DELETE", "/questions/"+span["id"].(string), ownerKey, nil)), "questions cannot be deleted for a published dataset")
	eq(t, "field title after publish", a.obj(200, "PATCH", "/fields/"+field["id"].(string), ownerKey, map[string]any{"title": "New"})["title"], any("New"))
	eq(t, "field type frozen", detail(t, a.call(422, "PATCH", "/fields/"+field["id"].(string), ownerKey, map[string]any{
		"settings": map[string]any{"type": "chat", "use_markdown": true}})), "Field type cannot be changed. Expected 'text' but got 'chat'")
	eq(t, "span options frozen", detail(t, a.call(422, "PATCH", "/questions/"+span["id"].(string), ownerKey, map[string]any{
		"settings": map[string]any{"type": "span", "options": []map[string]any{{"value": "y", "text": "Y"}}}})),
		"the option values cannot be modified. found unexpected option values: ['y']")
	a.call(201, "POST", path+"/metadata-properties", ownerKey, map[string]any{"name": "score", "title": "S", "settings": map[string]any{"type": "float"}})
	for i := 0; i < 5; i++ {
		a.call(201, "POST", path+"/vectors-settings", ownerKey, map[string]any{"name": fmt.Sprint("v", i), "title": "V", "dimensions": 2})
	}
	eq(t, "max 5 vector settings", detail(t, a.call(422, "POST", path+"/vectors-settings", ownerKey, map[string]any{"name": "v5", "title": "V", "dimensions": 2})),
		"The maximum number of vector settings has been reached for dataset with id `"+ds+"`")
	eq(t, "workspace with datasets", detail(t, a.call(409, "DELETE", "/workspaces/"+ws, ownerKey, nil)),
		"Cannot delete the workspace "+ws+". This workspace has some datasets linked")
	merged := a.obj(200, "PATCH", path, ownerKey, map[string]any{"metadata": map[string]any{"b": 3, "c": 4}})
	eq(t, "metadata merged", fmt.Sprint(merged["metadata"]), "map[a:1 b:3 c:4]")
	eq(t, "metadata {} no-op", fmt.Sprint(a.obj(200, "PATCH", path, ownerKey, map[string]any{"metadata": map[string]any{}})["metadata"]), "map[a:1 b:3 c:4]")
	eq(t, "metadata null clears", a.obj(200, "PATCH", path, ownerKey, map[string]any{"metadata": nil})["metadata"], nil)

	item := func(meta string) map[string]any {
		var m map[string]any
		json.Unmarshal([]byte(meta), &m)
		return map[string]any{"items": []map[string]any{{"fields": map[string]any{"text": "hello"}, "metadata": json.RawMessage(meta)}}}
	}
	eq(t, "float rejects an integer", detail(t, a.call(422, "POST", path+"/records/bulk", ownerKey, item(`{"score": 1}`))),
		"Record at position 0 is not valid because metadata is not valid: 'score' metadata property validation failed because '1' is not a float.")
	eq(t, "no extra metadata", detail(t, a.call(422, "POST", path+"/records/bulk", ownerKey, item(`{"extra": 1}`))),
		"Record at position 0 is not valid because metadata is not valid: 'extra' metadata property does not exists for dataset '"+ds+"' and extra metadata is not allowed for this dataset")
	a.call(201, "POST", path+"/records/bulk", ownerKey, item(`{"score": 1.0}`))
	a.call(200, "DELETE", path, ownerKey, nil)
	a.call(200, "DELETE", "/workspaces/"+ws, ownerKey, nil)
}
