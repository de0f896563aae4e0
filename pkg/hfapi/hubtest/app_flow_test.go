package hubtest

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestAppBackupRestoreSurface walks what a backup reads and a restore writes (argilla-api §14.1, §14.4):
// users, workspaces, memberships, a dataset with settings, published, records in bulk with responses,
// suggestions and vectors, paged back with include.
func TestAppBackupRestoreSurface(t *testing.T) {
	a := newArgillaApp(t, "flow", nil)
	ann, annKey := a.user("ann", "annotator")
	adm, _ := a.user("adm", "admin")
	ws := a.workspace("team")
	a.call(201, "POST", "/workspaces/"+ws+"/users", ownerKey, map[string]any{"user_id": ann})
	a.call(201, "POST", "/workspaces/"+ws+"/users", ownerKey, map[string]any{"user_id": adm})
	members := a.list("GET", "/workspaces/"+ws+"/users", ownerKey)
	eq(t, "members", len(members), 2)
	eq(t, "first member", members[0]["username"], any("ann"))

	ds, q := a.sampleDataset(ws, "reviews", false)
	items := records(0, 3, func(i int, item map[string]any) {
		item["responses"] = []map[string]any{{"user_id": ann, "status": "submitted",
			"values": map[string]any{"label": map[string]any{"value": "a"}, "rating": map[string]any{"value": 4}}}}
		item["suggestions"] = []map[string]any{{"question_id": q["label"], "value": "b", "score": 0.5, "agent": "model-1"}}
		item["vectors"] = map[string]any{"emb": []float64{1, 2, 3}}
	})
	got := a.obj(200, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": items})
	recs := got["items"].([]any)
	eq(t, "upserted", len(recs), 3)
	first := recs[0].(map[string]any)
	eq(t, "status from min_submitted", first["status"], any("completed"))
	eq(t, "vectors map", fmt.Sprint(first["vectors"]), "map[emb:[1 2 3]]")

	page := a.obj(200, "GET", "/datasets/"+ds+"/records?include=responses&include=suggestions,vectors&offset=1&limit=1", ownerKey, nil)
	eq(t, "total", page["total"], any(float64(3)))
	list := page["items"].([]any)
	eq(t, "page size", len(list), 1)
	rec := list[0].(map[string]any)
	eq(t, "page offset", rec["external_id"], any("r1"))
	resp := rec["responses"].([]any)[0].(map[string]any)
	eq(t, "response user", resp["user_id"], any(ann))
	eq(t, "response value", fmt.Sprint(resp["values"]), "map[label:map[value:a] rating:map[value:4]]")
	sugg := rec["suggestions"].([]any)[0].(map[string]any)
	eq(t, "suggestion question", sugg["question_id"], any(q["label"]))
	if _, ok := sugg["record_id"]; ok {
		t.Error("suggestions carry no record_id (§10.1)")
	}

	plain := a.obj(200, "GET", "/datasets/"+ds+"/records", ownerKey, nil)["items"].([]any)[0].(map[string]any)
	for _, k := range []string{"responses", "suggestions", "vectors"} {
		if _, ok := plain[k]; ok {
			t.Errorf("%s present without include (§10.1)", k)
		}
	}
	// The annotator can read the dataset but not list its records.
	a.call(200, "GET", "/datasets/"+ds, annKey, nil)
	a.call(403, "GET", "/datasets/"+ds+"/records", annKey, nil)

	// Upsert again by external_id: nothing is duplicated.
	a.call(200, "PUT", "/datasets/"+ds+"/records/bulk", ownerKey, map[string]any{"items": items})
	eq(t, "total after a second upsert", a.obj(200, "GET", "/datasets/"+ds+"/records", ownerKey, nil)["total"], any(float64(3)))
	var mine []map[string]any
	json.Unmarshal(a.call(200, "GET", "/me/datasets", ownerKey, nil).Body, &struct{ Items *[]map[string]any }{&mine})
	eq(t, "datasets", len(mine), 1)
}
