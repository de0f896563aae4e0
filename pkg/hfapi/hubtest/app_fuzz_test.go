package hubtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzImageVersion reads FROM lines: a known Argilla image tag gives a known version, anything else
// either no version (another image) or a refusal; never a panic.
func FuzzImageVersion(f *testing.F) {
	for _, s := range []string{"FROM argilla/argilla-hf-spaces:v2.8.0", "FROM argilla/argilla-hf-spaces:2.7.1",
		"FROM argilla/argilla-hf-spaces", "FROM docker.io/argilla/argilla-hf-spaces:latest", "FROM --platform=linux/amd64 python:3.11",
		"FROM argilla/argilla-hf-spaces:v9.9.9", "FROM argilla/argilla-hf-spaces@sha256:abc", "FROM", "FROM :"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		for _, s := range parseDockerfile(line) {
			version, _, ok := imageVersion(s)
			if ok && version != "" && !containsString(knownArgillaVersions, version) {
				t.Fatalf("%q gave unknown version %q", line, version)
			}
			if !ok && s.Instr != "FROM" {
				t.Fatalf("%q refused though not a FROM", line)
			}
		}
	})
}

// fuzzApp is an in-process emulator with a running Argilla Space, a published dataset and its ids.
type fuzzApp struct {
	e    *Emulator
	host string
	ds   string
	q    map[string]string
	user string
}

func newFuzzApp(f *testing.F) *fuzzApp {
	e, err := New(Options{BuildTime: -1, StartTime: -1})
	if err != nil {
		f.Fatal(err)
	}
	fa := &fuzzApp{e: e, host: subdomainOf("alice/fz") + ".localhost", q: map[string]string{}}
	body, _ := json.Marshal(argillaBody("alice", "fz", map[string]any{"secrets": []map[string]string{{"key": "API_KEY", "value": ownerKey}}}))
	r := httptest.NewRequest("POST", "/api/repos/create", strings.NewReader(string(body)))
	r.Header.Set("Authorization", "Bearer hf_alice")
	e.ServeHTTP(httptest.NewRecorder(), r)
	call := func(method, path string, v any) map[string]any {
		data, _ := json.Marshal(v)
		w := fa.do(method, path, string(data))
		var out map[string]any
		json.Unmarshal(w.Body.Bytes(), &out)
		if w.Code >= 300 {
			f.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body)
		}
		return out
	}
	fa.user = call("POST", "/users", map[string]any{"username": "u", "first_name": "U", "password": "12345678"})["id"].(string)
	ws := call("POST", "/workspaces", map[string]any{"name": "w"})["id"].(string)
	fa.ds = call("POST", "/datasets", map[string]any{"name": "d", "workspace_id": ws})["id"].(string)
	call("POST", "/datasets/"+fa.ds+"/fields", map[string]any{"name": "text", "title": "T", "required": true, "settings": map[string]any{"type": "text"}})
	opts := []map[string]any{{"value": "a", "text": "A"}, {"value": "b", "text": "B"}}
	for _, typ := range []string{"label_selection", "multi_label_selection", "ranking"} {
		fa.q[typ] = call("POST", "/datasets/"+fa.ds+"/questions", map[string]any{"name": typ, "title": "Q", "required": typ == "label_selection",
			"settings": map[string]any{"type": typ, "options": opts}})["id"].(string)
	}
	fa.q["rating"] = call("POST", "/datasets/"+fa.ds+"/questions", map[string]any{"name": "rating", "title": "Q",
		"settings": map[string]any{"type": "rating", "options": []map[string]any{{"value": 1}, {"value": 2}}}})["id"].(string)
	fa.q["span"] = call("POST", "/datasets/"+fa.ds+"/questions", map[string]any{"name": "span", "title": "Q",
		"settings": map[string]any{"type": "span", "field": "text", "options": opts}})["id"].(string)
	call("POST", "/datasets/"+fa.ds+"/metadata-properties", map[string]any{"name": "f", "title": "F", "settings": map[string]any{"type": "float", "min": 0}})
	call("POST", "/datasets/"+fa.ds+"/vectors-settings", map[string]any{"name": "v", "title": "V", "dimensions": 2})
	call("PUT", "/datasets/"+fa.ds+"/publish", nil)
	return fa
}

func (fa *fuzzApp) do(method, path, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/api/v1"+path, strings.NewReader(body))
	r.Host = fa.host
	r.Header.Set("X-Argilla-Api-Key", ownerKey)
	w := httptest.NewRecorder()
	fa.e.ServeHTTP(w, r)
	return w
}

// FuzzAppRecordsBulk sends arbitrary bodies to both bulk endpoints: the answer is 2xx or a 422 in one
// of the reference's shapes (§1.4), never a 500 or a panic, and a refused bulk writes nothing.
func FuzzAppRecordsBulk(f *testing.F) {
	fa := newFuzzApp(f)
	seed := func(items string) { f.Add(`{"items":[` + items + `]}`) }
	seed(`{"fields":{"text":"hello"},"external_id":"e1","metadata":{"f":0.5},"vectors":{"v":[1,2]}}`)
	seed(`{"fields":{"text":"hello"},"responses":[{"user_id":"` + fa.user + `","status":"submitted","values":{"label_selection":{"value":"a"},"ranking":{"value":[{"value":"a","rank":1},{"value":"b","rank":2}]},"span":{"value":[{"label":"a","start":0,"end":2}]}}}]}`)
	seed(`{"fields":{"text":"hello"},"suggestions":[{"question_id":"` + fa.q["multi_label_selection"] + `","value":["a","b"],"score":[0.1,0.2]},{"question_id":"` + fa.q["rating"] + `","value":2,"score":1}]}`)
	seed(`{"fields":{"text":1},"metadata":{"f":1}}`)
	seed(`{"fields":{},"responses":[{"user_id":"x","status":"maybe"}]}`)
	seed(`{"fields":{"text":"a"},"responses":[{"user_id":"` + fa.user + `","status":"draft"}]}`)
	f.Add(`{"items":"nope"}`)
	f.Add(`[`)
	f.Add(``)
	f.Fuzz(func(t *testing.T, body string) {
		before := fa.do("GET", "/datasets/"+fa.ds+"/records?limit=1", "").Body.String()
		for _, method := range []string{"POST", "PUT"} {
			w := fa.do(method, "/datasets/"+fa.ds+"/records/bulk", body)
			switch {
			case w.Code == http.StatusOK || w.Code == http.StatusCreated:
				before = ""
			case w.Code == http.StatusUnprocessableEntity:
				var v struct {
					Detail json.RawMessage `json:"detail"`
				}
				if json.Unmarshal(w.Body.Bytes(), &v) != nil || len(v.Detail) == 0 {
					t.Fatalf("422 body %s is not an Argilla error", w.Body)
				}
				if before != "" && fa.do("GET", "/datasets/"+fa.ds+"/records?limit=1", "").Body.String() != before {
					t.Fatalf("a refused bulk changed the dataset: %s", body)
				}
			default:
				t.Fatalf("%s bulk: status %d for %q: %s", method, w.Code, body, w.Body)
			}
		}
	})
}

// FuzzAppRequests sends arbitrary bodies and query strings to every route with real ids in the path:
// the app answers with Argilla's JSON (or a 204/307), never a panic and never a 500 other than the
// database's own unique-name failure of a dataset rename (argilla-api §5).
func FuzzAppRequests(f *testing.F) {
	fa := newFuzzApp(f)
	rec := fa.do("POST", "/datasets/"+fa.ds+"/records/bulk", `{"items":[{"fields":{"text":"hello"},"external_id":"x"}]}`)
	var created struct{ Items []struct{ ID string } }
	json.Unmarshal(rec.Body.Bytes(), &created)
	ids := map[string]string{"{dataset_id}": fa.ds, "{user_id}": fa.user, "{question_id}": fa.q["rating"],
		"{record_id}": created.Items[0].ID, "{workspace_id}": fa.user, "{field_id}": fa.ds}
	f.Add(0, `{"name":"n","title":"t","settings":{"type":"text"}}`, "")
	f.Add(3, `{"first_name":null}`, "")
	f.Add(40, "", "include=responses,vectors:v&offset=-3&limit=2")
	f.Add(44, `{"status":"submitted","values":{"rating":{"value":2}}}`, "")
	f.Add(22, `{"metadata":{"a":{"b":[1,2.5]}},"distribution":{"strategy":"overlap","min_submitted":3}}`, "")
	f.Fuzz(func(t *testing.T, route int, body, query string) {
		rt := appRoutes[(route%len(appRoutes)+len(appRoutes))%len(appRoutes)]
		path := rt.pattern
		for k, v := range ids {
			path = strings.ReplaceAll(path, k, v)
		}
		path = strings.NewReplacer("{response_id}", fa.user, "{suggestion_id}", fa.user, "{metadata_property_id}", fa.ds,
			"{vector_settings_id}", fa.ds).Replace(path)
		r := httptest.NewRequest(rt.method, "/api/v1/"+path, strings.NewReader(body))
		r.URL.RawQuery = query
		r.Host = fa.host
		r.Header.Set("X-Argilla-Api-Key", ownerKey)
		w := httptest.NewRecorder()
		fa.e.ServeHTTP(w, r)
		if w.Code == http.StatusInternalServerError && !strings.Contains(w.Body.String(), "IntegrityError") {
			t.Fatalf("%s %s?%s %q: 500 %s", rt.method, path, query, body, w.Body)
		}
		if w.Code != http.StatusNoContent && w.Code != http.StatusTemporaryRedirect && !json.Valid(w.Body.Bytes()) {
			t.Fatalf("%s %s: %d non-JSON %q", rt.method, path, w.Code, w.Body)
		}
	})
}
