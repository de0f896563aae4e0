package hubtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// ownerKey is the API_KEY secret of the Spaces the app tests create.
const ownerKey = "owner-key-12345678"

// argillaApp is a running Argilla Space of the emulator, driven through its HTTP API.
type argillaApp struct {
	*hub
	id string
}

// newArgillaApp creates and starts alice/<name> (public, API_KEY and USERNAME owner "alice").
func newArgillaApp(t *testing.T, name string, extra map[string]any) *argillaApp {
	t.Helper()
	h := newHub(t, Options{})
	body := map[string]any{"secrets": []map[string]string{{"key": "API_KEY", "value": ownerKey}}}
	for k, v := range extra {
		body[k] = v
	}
	h.createSpace("hf_alice", argillaBody("alice", name, body))
	h.settle()
	return &argillaApp{hub: h, id: "alice/" + name}
}

// call sends an API request (path below /api/v1) with an API key, expecting status want.
func (a *argillaApp) call(want int, method, path, key string, body any) resp {
	a.t.Helper()
	return a.must(want, a.app(a.id, method, "/api/v1"+path, key, body))
}

// obj sends a request and decodes a JSON object answer.
func (a *argillaApp) obj(want int, method, path, key string, body any) map[string]any {
	a.t.Helper()
	return a.call(want, method, path, key, body).JSON(a.t)
}

// list sends a request and returns the answer's items.
func (a *argillaApp) list(method, path, key string) []map[string]any {
	a.t.Helper()
	var v struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(a.call(200, method, path, key, nil).Body, &v); err != nil {
		a.t.Fatal(err)
	}
	return v.Items
}

// user creates a user with a role and returns its id and API key.
func (a *argillaApp) user(name, role string) (id, key string) {
	a.t.Helper()
	u := a.obj(201, "POST", "/users", ownerKey, map[string]any{"username": name, "first_name": name, "role": role,
		"password": "password-" + name})
	return u["id"].(string), u["api_key"].(string)
}

// workspace creates a workspace and returns its id.
func (a *argillaApp) workspace(name string) string {
	a.t.Helper()
	return a.obj(201, "POST", "/workspaces", ownerKey, map[string]any{"name": name})["id"].(string)
}

// sampleDataset creates a dataset in workspace ws with a text field "text", a required label question
// "label" (a, b, c), a rating question "rating" (1-5), metadata property "n" (integer) and vector
// settings "emb" (3 dimensions), published unless draft. It returns the dataset id and question ids by name.
func (a *argillaApp) sampleDataset(ws, name string, draft bool) (string, map[string]string) {
	a.t.Helper()
	ds := a.obj(201, "POST", "/datasets", ownerKey, map[string]any{"name": name, "workspace_id": ws})["id"].(string)
	a.call(201, "POST", "/datasets/"+ds+"/fields", ownerKey, map[string]any{"name": "text", "title": "Text",
		"required": true, "settings": map[string]any{"type": "text"}})
	q := map[string]string{}
	q["label"] = a.obj(201, "POST", "/datasets/"+ds+"/questions", ownerKey, map[string]any{"name": "label", "title": "Label",
		"required": true, "settings": map[string]any{"type": "label_selection", "options": []map[string]any{
			{"value": "a", "text": "A"}, {"value": "b", "text": "B"}, {"value": "c", "text": "C"}}}})["id"].(string)
	q["rating"] = a.obj(201, "POST", "/datasets/"+ds+"/questions", ownerKey, map[string]any{"name": "rating", "title": "Rating",
		"settings": map[string]any{"type": "rating", "options": []map[string]any{{"value": 1}, {"value": 2}, {"value": 3},
			{"value": 4}, {"value": 5}}}})["id"].(string)
	a.call(201, "POST", "/datasets/"+ds+"/metadata-properties", ownerKey, map[string]any{"name": "n", "title": "N",
		"settings": map[string]any{"type": "integer"}})
	a.call(201, "POST", "/datasets/"+ds+"/vectors-settings", ownerKey, map[string]any{"name": "emb", "title": "Emb", "dimensions": 3})
	if !draft {
		a.call(200, "PUT", "/datasets/"+ds+"/publish", ownerKey, nil)
	}
	return ds, q
}

// records builds n bulk items "r0".."r{n-1}" with the given responses per item.
func records(from, n int, extra func(i int, item map[string]any)) []map[string]any {
	out := make([]map[string]any, 0, n)
	for i := from; i < from+n; i++ {
		item := map[string]any{"external_id": fmt.Sprintf("r%d", i), "fields": map[string]any{"text": fmt.Sprintf("text %d", i)},
			"metadata": map[string]any{"n": i}}
		if extra != nil {
			extra(i, item)
		}
		out = append(out, item)
	}
	return out
}

// detail decodes a plain error's detail string (shape B).
func detail(t *testing.T, r resp) string {
	t.Helper()
	var v struct {
		Detail string `json:"detail"`
	}
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("not a plain error body: %s", r.Body)
	}
	return v.Detail
}

// coded decodes a coded error (shape A): its code and params.
func coded(t *testing.T, r resp) (string, map[string]any) {
	t.Helper()
	var v struct {
		Detail struct {
			Code   string         `json:"code"`
			Params map[string]any `json:"params"`
		} `json:"detail"`
	}
	if err := json.Unmarshal(r.Body, &v); err != nil || v.Detail.Code == "" {
		t.Fatalf("not a coded error body: %s", r.Body)
	}
	return v.Detail.Code, v.Detail.Params
}

// contains fails unless s contains want.
func contains(t *testing.T, what, s, want string) {
	t.Helper()
	if !strings.Contains(s, want) {
		t.Errorf("%s = %q, want it to contain %q", what, s, want)
	}
}
