package hubtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
)

// benchApp is an in-memory emulator (no state file) with a published dataset of n records, each with
// two responses and a suggestion, filled through the HTTP API in bulks of 500.
type benchApp struct {
	srv  *Server
	host string
	ds   string
}

func newBenchApp(b *testing.B, n int) *benchApp {
	b.Helper()
	srv, err := NewServer(Options{BuildTime: -1, StartTime: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	ba := &benchApp{srv: srv, host: subdomainOf("alice/bench") + ".localhost:" + portOf(srv.URL[len("http://"):])}
	ba.send(b, "POST", srv.URL+"/api/repos/create", "hf_alice", argillaBody("alice", "bench", map[string]any{
		"secrets": []map[string]string{{"key": "API_KEY", "value": ownerKey}}}), "")
	var u1, u2, ws map[string]any
	ba.api(b, "POST", "/users", map[string]any{"username": "u1", "first_name": "U", "password": "12345678"}, &u1)
	ba.api(b, "POST", "/users", map[string]any{"username": "u2", "first_name": "U", "password": "12345678"}, &u2)
	ba.api(b, "POST", "/workspaces", map[string]any{"name": "w"}, &ws)
	var ds, q map[string]any
	ba.api(b, "POST", "/datasets", map[string]any{"name": "d", "workspace_id": ws["id"]}, &ds)
	ba.ds = ds["id"].(string)
	ba.api(b, "POST", "/datasets/"+ba.ds+"/fields", map[string]any{"name": "text", "title": "T", "settings": map[string]any{"type": "text"}}, nil)
	ba.api(b, "POST", "/datasets/"+ba.ds+"/questions", map[string]any{"name": "label", "title": "L", "required": true,
		"settings": map[string]any{"type": "label_selection", "options": []map[string]any{{"value": "a", "text": "A"}, {"value": "b", "text": "B"}}}}, &q)
	ba.api(b, "PUT", "/datasets/"+ba.ds+"/publish", nil, nil)
	for from := 0; from < n; from += 500 {
		ba.api(b, "PUT", "/datasets/"+ba.ds+"/records/bulk", map[string]any{"items": records(from, min(500, n-from), func(_ int, item map[string]any) {
			item["responses"] = []map[string]any{
				{"user_id": u1["id"], "status": "submitted", "values": map[string]any{"label": map[string]any{"value": "a"}}},
				{"user_id": u2["id"], "status": "draft", "values": map[string]any{}}}
			item["suggestions"] = []map[string]any{{"question_id": q["id"], "value": "b", "score": 0.9, "agent": "m"}}
		})}, nil)
	}
	return ba
}

func (ba *benchApp) api(b *testing.B, method, path string, body, out any) {
	b.Helper()
	data := ba.send(b, method, ba.srv.URL+"/api/v1"+path, "", body, ba.host)
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			b.Fatal(err)
		}
	}
}

func (ba *benchApp) send(b *testing.B, method, url, token string, body any, host string) []byte {
	b.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	r, _ := http.NewRequest(method, url, rd)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Argilla-Api-Key", ownerKey)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if host != "" {
		r.Host = host
	}
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		b.Fatalf("%s %s: %d %s", method, url, res.StatusCode, data)
	}
	return data
}

// BenchmarkAppRecordsPage reads a page of 1000 records with everything included, at the start and at
// the end of a 20,000-record dataset: the same cost shows paging is O(limit), not O(dataset).
func BenchmarkAppRecordsPage(b *testing.B) {
	ba := newBenchApp(b, 20000)
	for _, offset := range []int{0, 19000} {
		b.Run(fmt.Sprint("offset=", offset), func(b *testing.B) {
			path := fmt.Sprintf("/datasets/%s/records?include=responses,suggestions,vectors&offset=%d&limit=1000", ba.ds, offset)
			for i := 0; i < b.N; i++ {
				ba.api(b, "GET", path, nil, nil)
			}
			b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkAppBulkUpsert writes bulks of 500 new records with two responses and a suggestion each.
func BenchmarkAppBulkUpsert(b *testing.B) {
	ba := newBenchApp(b, 0)
	var users struct{ Items []map[string]any }
	ba.api(b, "GET", "/users", nil, &users)
	var qs struct{ Items []map[string]any }
	ba.api(b, "GET", "/datasets/"+ba.ds+"/questions", nil, &qs)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ba.api(b, "PUT", "/datasets/"+ba.ds+"/records/bulk", map[string]any{"items": records(i*500, 500, func(_ int, item map[string]any) {
			item["responses"] = []map[string]any{
				{"user_id": users.Items[1]["id"], "status": "submitted", "values": map[string]any{"label": map[string]any{"value": "a"}}},
				{"user_id": users.Items[2]["id"], "status": "discarded"}}
			item["suggestions"] = []map[string]any{{"question_id": qs.Items[0]["id"], "value": "b", "score": 0.9}}
		})}, nil)
	}
	b.ReportMetric(float64(b.N*500)/b.Elapsed().Seconds(), "records/s")
}
