package hubtest

import (
	"fmt"
	"testing"
)

// Users (§3): UserCreate rules, PATCH only what is sent (explicit nulls refused), DELETE cascades to
// memberships and responses, /users/{id}/workspaces of a non-owner is its memberships.
func TestAppUsers(t *testing.T) {
	a := newArgillaApp(t, "users", nil)
	_, params := coded(t, a.call(422, "POST", "/users", ownerKey, map[string]any{"username": "x", "first_name": "  ", "password": "short", "role": "boss"}))
	errs := fmt.Sprint(params["errors"])
	for _, want := range []string{"[body first_name]", "String should have at least 1 character", "[body password]",
		"String should have at least 8 characters", "[body role]", "Input should be 'owner', 'admin' or 'annotator'"} {
		contains(t, "create errors", errs, want)
	}
	long := fmt.Sprintf("%0101d", 0)
	_, params = coded(t, a.call(422, "POST", "/users", ownerKey, map[string]any{"username": "x", "first_name": "X", "password": long}))
	contains(t, "password over 100", fmt.Sprint(params["errors"]), "String should have at most 100 characters")
	u := a.obj(201, "POST", "/users", ownerKey, map[string]any{"username": "x", "first_name": " Xavier ", "last_name": "L", "password": "12345678", "role": nil, "api_key": "ignored"})
	eq(t, "trimmed", u["first_name"], any("Xavier"))
	eq(t, "role null is the default", u["role"], any("annotator"))
	if u["api_key"] == "ignored" || len(u["api_key"].(string)) < 80 {
		t.Errorf("api_key %v: the server generates it", u["api_key"])
	}
	id := u["id"].(string)
	_, params = coded(t, a.call(422, "PATCH", "/users/"+id, ownerKey, map[string]any{"first_name": nil, "role": nil}))
	contains(t, "nulls", fmt.Sprint(params["errors"]), "The following keys must have non-null values: first_name, role")
	p := a.obj(200, "PATCH", "/users/"+id, ownerKey, map[string]any{"last_name": nil, "role": "admin"})
	eq(t, "last_name cleared", p["last_name"], nil)
	eq(t, "role", p["role"], any("admin"))
	eq(t, "first_name kept", p["first_name"], any("Xavier"))

	ws := a.workspace("w")
	a.call(201, "POST", "/workspaces/"+ws+"/users", ownerKey, map[string]any{"user_id": id})
	eq(t, "non-owner workspaces", len(a.list("GET", "/users/"+id+"/workspaces", ownerKey)), 1)
	ds, _ := a.sampleDataset(ws, "d", false)
	a.call(201, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": records(0, 1, func(_ int, item map[string]any) {
		item["responses"] = []map[string]any{{"user_id": id, "status": "discarded"}}
	})})
	eq(t, "deleted user", a.obj(200, "DELETE", "/users/"+id, ownerKey, nil)["username"], any("x"))
	eq(t, "memberships cascade", len(a.list("GET", "/workspaces/"+ws+"/users", ownerKey)), 0)
	rec := a.obj(200, "GET", "/datasets/"+ds+"/records?include=responses", ownerKey, nil)["items"].([]any)[0].(map[string]any)
	eq(t, "responses cascade", len(rec["responses"].([]any)), 0)
	a.call(404, "GET", "/users/"+id, ownerKey, nil)
}

// Records (§10.2): GET, PATCH (suggestions replace all, vectors upsert, metadata replaces), DELETE of
// one and of several; suggestions (§12): PUT 201 then 200, list, delete; progress.
func TestAppRecordEndpoints(t *testing.T) {
	a := newArgillaApp(t, "recs", nil)
	ws := a.workspace("w")
	ds, q := a.sampleDataset(ws, "d", false)
	items := a.obj(201, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": records(0, 3, func(_ int, item map[string]any) {
		item["suggestions"] = []map[string]any{{"question_id": q["label"], "value": "a", "type": "model"}}
		item["vectors"] = map[string]any{"emb": []float64{1, 2, 3}}
	})})["items"].([]any)
	id := items[0].(map[string]any)["id"].(string)

	patched := a.obj(200, "PATCH", "/records/"+id, ownerKey, map[string]any{"metadata": map[string]any{"n": 5},
		"suggestions": []map[string]any{{"question_id": q["rating"], "value": 2, "score": 0.5}},
		"vectors":     map[string]any{"emb": []float64{3, 2, 1}}})
	eq(t, "metadata replaced", fmt.Sprint(patched["metadata"]), "map[n:5]")
	eq(t, "suggestions replaced", len(patched["suggestions"].([]any)), 1)
	eq(t, "vectors upserted", fmt.Sprint(patched["vectors"]), "map[emb:[3 2 1]]")
	eq(t, "bad vector", detail(t, a.call(422, "PATCH", "/records/"+id, ownerKey, map[string]any{"vectors": map[string]any{"emb": []float64{1}}})),
		"record does not have valid vectors: vector value for vector name=emb must have 3 elements, got 1 elements")

	s := a.call(201, "PUT", "/records/"+id+"/suggestions", ownerKey, map[string]any{"question_id": q["label"], "value": "b", "agent": "gpt-4", "score": 0.9}).JSON(t)
	eq(t, "suggestion agent", s["agent"], any("gpt-4"))
	a.call(200, "PUT", "/records/"+id+"/suggestions", ownerKey, map[string]any{"question_id": q["label"], "value": "c"})
	eq(t, "score list for a single value", detail(t, a.call(422, "PUT", "/records/"+id+"/suggestions", ownerKey,
		map[string]any{"question_id": q["label"], "value": "c", "score": []float64{0.1}})), "a list of score values is not allowed for a suggestion with a single value")
	list := a.list("GET", "/records/"+id+"/suggestions", ownerKey)
	eq(t, "suggestions", len(list), 2)
	a.call(200, "DELETE", "/suggestions/"+list[0]["id"].(string), ownerKey, nil)
	a.call(204, "DELETE", "/records/"+id+"/suggestions?ids="+list[1]["id"].(string), ownerKey, nil)
	eq(t, "no suggestions left", len(a.list("GET", "/records/"+id+"/suggestions", ownerKey)), 0)

	gone := a.obj(200, "DELETE", "/records/"+id, ownerKey, nil)
	if _, ok := gone["responses"]; ok {
		t.Error("a deleted record has no relationship keys")
	}
	a.call(404, "GET", "/records/"+id, ownerKey, nil)
	eq(t, "bad ids", detail(t, a.call(422, "DELETE", "/datasets/"+ds+"/records?ids=", ownerKey, nil)), "Invalid UUID format")
	coded(t, a.call(422, "DELETE", "/datasets/"+ds+"/records", ownerKey, nil))
	a.call(204, "DELETE", "/datasets/"+ds+"/records?ids="+items[1].(map[string]any)["id"].(string)+",00000000-0000-4000-8000-000000000000", ownerKey, nil)
	eq(t, "one left", a.obj(200, "GET", "/datasets/"+ds+"/records", ownerKey, nil)["total"], any(float64(1)))
	// The external_id of a deleted record is free again.
	a.call(201, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": records(0, 1, nil)})

	prog := a.obj(200, "GET", "/datasets/"+ds+"/progress", ownerKey, nil)
	eq(t, "progress", fmt.Sprint(prog["total"], prog["completed"], prog["pending"], prog["users"]), "2 0 2 []")
	ann, annKey := a.user("ann", "annotator")
	a.call(201, "POST", "/workspaces/"+ws+"/users", ownerKey, map[string]any{"user_id": ann})
	for _, r := range a.obj(200, "GET", "/datasets/"+ds+"/records", ownerKey, nil)["items"].([]any) {
		a.call(201, "POST", "/records/"+r.(map[string]any)["id"].(string)+"/responses", annKey, map[string]any{"status": "submitted",
			"values": map[string]any{"label": map[string]any{"value": "a"}}})
	}
	a.call(200, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": records(7, 1, func(_ int, item map[string]any) {
		item["responses"] = []map[string]any{{"user_id": ann, "status": "draft", "values": map[string]any{}}}
	})})
	prog = a.obj(200, "GET", "/datasets/"+ds+"/progress", annKey, nil)
	eq(t, "progress after responses", fmt.Sprint(prog["total"], prog["completed"], prog["pending"], prog["users"]), "3 2 1 [map[username:ann]]")
	users := a.obj(200, "GET", "/datasets/"+ds+"/users/progress", annKey, nil)["users"]
	eq(t, "users progress", fmt.Sprint(users), "[map[completed:map[discarded:0 draft:0 submitted:2] pending:map[discarded:0 draft:1 submitted:0] username:ann]]")
	settings := a.obj(200, "GET", "/settings", "", nil)
	eq(t, "settings space", settings["huggingface"].(map[string]any)["space_id"], any("alice/recs"))
}

// POST /me/responses/bulk (§11): per-item outcomes; upserts on (record, caller); an item's error does
// not fail the request.
func TestAppMyResponsesBulk(t *testing.T) {
	a := newArgillaApp(t, "mybulk", nil)
	ann, annKey := a.user("ann", "annotator")
	ws := a.workspace("w")
	a.call(201, "POST", "/workspaces/"+ws+"/users", ownerKey, map[string]any{"user_id": ann})
	ds, _ := a.sampleDataset(ws, "d", false)
	other, _ := a.sampleDataset(a.workspace("other"), "o", false)
	recs := a.obj(201, "POST", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": records(0, 2, nil)})["items"].([]any)
	foreign := a.obj(201, "POST", "/datasets/"+other+"/records/bulk", ownerKey, map[string]any{"items": records(0, 1, nil)})["items"].([]any)
	id := func(l []any, i int) string { return l[i].(map[string]any)["id"].(string) }
	ghost := "00000000-0000-4000-8000-000000000009"
	label := func(v string) map[string]any { return map[string]any{"label": map[string]any{"value": v}} }
	body := map[string]any{"items": []map[string]any{
		{"record_id": id(recs, 0), "status": "submitted", "values": label("a")},
		{"record_id": id(recs, 1), "status": "draft"},
		{"record_id": ghost, "status": "discarded"},
		{"record_id": id(foreign, 0), "status": "discarded"},
		{"record_id": id(recs, 1), "status": "submitted", "values": label("zz")},
	}}
	out := a.call(200, "POST", "/me/responses/bulk", annKey, body).JSON(t)["items"].([]any)
	var got []string
	for _, o := range out {
		m := o.(map[string]any)
		if m["error"] != nil {
			got = append(got, "error:"+m["error"].(map[string]any)["detail"].(string))
		} else {
			got = append(got, m["item"].(map[string]any)["status"].(string))
		}
	}
	eq(t, "outcomes", fmt.Sprint(got), fmt.Sprint([]string{"submitted", "draft", "error:Record with id `" + ghost + "` not found", "error:",
		"error:'zz' is not a valid label for label selection question.\nValid labels are: ['a', 'b', 'c']"}))
	eq(t, "record completed", a.obj(200, "GET", "/records/"+id(recs, 0), ownerKey, nil)["status"], any("completed"))
	// A second run upserts: still one response per record and user.
	a.call(200, "POST", "/me/responses/bulk", annKey, body)
	eq(t, "one response", len(a.obj(200, "GET", "/records/"+id(recs, 0), ownerKey, nil)["responses"].([]any)), 1)
	_, params := coded(t, a.call(422, "POST", "/me/responses/bulk", annKey, map[string]any{"items": []any{}}))
	contains(t, "empty", fmt.Sprint(params["errors"]), "List should have at least 1 item")
}
