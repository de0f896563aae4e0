package argilla

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fast is a client whose retries wait a millisecond.
func fast(url string) *Client {
	return New(Options{BaseURL: url, APIKey: testKey, Backoff: time.Millisecond})
}

func TestReadsRetryOn5xxAndDroppedConnections(t *testing.T) {
	var n atomic.Int32
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			jsonReply(w, 503, map[string]string{"detail": "busy"})
		case 2:
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		default:
			jsonReply(w, 200, map[string]any{"id": "u", "username": "alice", "role": "owner"})
		}
	})
	u, err := fast(srv.URL).Me(context.Background())
	if err != nil || u.Username != "alice" || n.Load() != 3 {
		t.Fatalf("Me = %v, %v after %d requests", u, err, n.Load())
	}
}

func TestWritesAndProbesAreNotRetried(t *testing.T) {
	var n atomic.Int32
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		jsonReply(w, 500, map[string]any{"detail": map[string]any{"code": "argilla.api.errors::GenericServerError",
			"params": map[string]string{"type": "x.Y", "message": "boom"}}})
	})
	c := fast(srv.URL)
	if _, err := c.CreateWorkspace(context.Background(), "w"); err == nil || n.Load() != 1 {
		t.Errorf("POST: %v after %d requests, want one", err, n.Load())
	}
	n.Store(0)
	if _, err := c.Status(context.Background()); err == nil || n.Load() != 1 {
		t.Errorf("Status (a probe with its own pacing): %v after %d requests", err, n.Load())
	}
	n.Store(0)
	_, err := c.Users(context.Background())
	var e *Error
	if !errors.As(err, &e) || e.Status != 500 || n.Load() != 5 || e.Code != "argilla.api.errors::GenericServerError" ||
		!strings.Contains(err.Error(), "boom") {
		t.Errorf("GET: %v after %d requests, want 1 + 4 retries", err, n.Load())
	}
}

func TestRetryStopsWithTheContext(t *testing.T) {
	var n atomic.Int32
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(502)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	c := New(Options{BaseURL: srv.URL, Retries: 100, Backoff: time.Hour})
	_, err := c.Me(ctx)
	if err == nil || n.Load() != 1 {
		t.Errorf("Me = %v after %d requests; want the first failure, then a stop at the deadline", err, n.Load())
	}
}

func TestErrorShapes(t *testing.T) {
	for _, tc := range []struct {
		name, body                    string
		status                        int
		shape, code, message, contain string
		is                            error
	}{
		{"coded validation", `{"detail":{"code":"argilla.api.errors::ValidationError","params":{"errors":[{"loc":["body","items",0,"fields"],"msg":"Value error, bad","type":"value_error"}]}}}`,
			422, "coded", "argilla.api.errors::ValidationError", "body.items.0.fields: Value error, bad", "", ErrInvalid},
		{"coded forbidden", `{"detail":{"code":"argilla.api.errors::ForbiddenOperationError","params":{"detail":"Operation not allowed"}}}`,
			403, "coded", "argilla.api.errors::ForbiddenOperationError", "Operation not allowed", "", ErrForbidden},
		{"plain conflict", `{"detail":"User username ` + "`bob`" + ` is not unique"}`, 409, "plain", "", "User username `bob` is not unique", "", ErrExists},
		{"plain business", `{"detail":"Record at position 3 is not valid because fields cannot be empty"}`, 422, "plain", "",
			"Record at position 3 is not valid because fields cannot be empty", "422 Unprocessable Entity: Record at position 3", ErrInvalid},
		{"code-message", `{"code":"missing_vector","message":"Record has no vector v"}`, 422, "code-message", "missing_vector", "Record has no vector v", "", ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			})
			_, err := New(Options{BaseURL: srv.URL, Retries: -1}).Users(context.Background())
			var e *Error
			if !errors.As(err, &e) || e.Shape != tc.shape || e.Code != tc.code || e.Message != tc.message || e.NotArgilla {
				t.Fatalf("err = %v (%+v)", err, e)
			}
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.contain) {
				t.Errorf("errors.Is(%v) = false or message lacks %q", tc.is, tc.contain)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2025-03-10T08:51:29.123456":  time.Date(2025, 3, 10, 8, 51, 29, 123456000, time.UTC),
		"2025-03-10T08:51:29":         time.Date(2025, 3, 10, 8, 51, 29, 0, time.UTC),
		"2025-03-10T08:51:29Z":        time.Date(2025, 3, 10, 8, 51, 29, 0, time.UTC),
		"2025-03-10T10:51:29.5+02:00": time.Date(2025, 3, 10, 8, 51, 29, 500000000, time.UTC),
	} {
		got, err := ParseTime(in)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "yesterday", "2025-13-01T00:00:00"} {
		if _, err := ParseTime(bad); err == nil {
			t.Errorf("ParseTime(%q) accepted", bad)
		}
	}
	var d Dataset
	if err := json.Unmarshal([]byte(`{"last_activity_at":"2025-03-10T08:51:29.000001","inserted_at":null}`), &d); err != nil ||
		d.LastActivityAt.Nanosecond() != 1000 || !d.InsertedAt.IsZero() {
		t.Fatalf("dataset times: %+v, %v", d, err)
	}
	b, _ := json.Marshal(d.LastActivityAt)
	if string(b) != `"2025-03-10T08:51:29.000001"` {
		t.Errorf("Time marshals as %s, want Argilla's naive form", b)
	}
}

// recordJSON is a record as GET .../records?include=... gives it, with a vector of dims floats.
func recordJSON(i, dims int) string {
	vec := strings.TrimSuffix(strings.Repeat("0.123456789,", dims), ",")
	return fmt.Sprintf(`{"id":"r-%d","status":"completed","fields":{"text":"record %d"},"metadata":{"score":1.0},"external_id":null,`+
		`"responses":[{"id":"resp-%d","values":{"label":{"value":"pos"}},"status":"submitted","record_id":"r-%d","user_id":"u-1","inserted_at":"2025-01-01T00:00:00","updated_at":"2025-01-01T00:00:00"}],`+
		`"suggestions":[{"id":"s-%d","question_id":"q-1","type":"model","value":"pos","agent":"m","score":0.9,"inserted_at":"2025-01-01T00:00:00","updated_at":"2025-01-01T00:00:00"}],`+
		`"vectors":{"emb":[%s]},"dataset_id":"d-1","inserted_at":"2025-01-01T00:00:00.%06d","updated_at":"2025-01-01T00:00:00"}`, i, i, i, i, i, vec, i)
}

func TestRecordsPageStreamsALargePage(t *testing.T) {
	srv, last := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"items":[`)
		for i := 0; i < 1000; i++ {
			if i > 0 {
				io.WriteString(w, ",")
			}
			io.WriteString(w, recordJSON(i, 768)) // 1000 records × 768 dims: about 9 MB, above the old 1 MiB cap
		}
		io.WriteString(w, `],"total":2500}`)
	})
	var got []*Record
	page, err := fast(srv.URL).Records(context.Background(), "d-1", 1000, 1000, func(r *Record) error {
		got = append(got, r)
		return nil
	})
	if err != nil || page.Total != 2500 || page.Delivered != 1000 || len(got) != 1000 {
		t.Fatalf("page = %+v, %v, %d records", page, err, len(got))
	}
	q := last.URL.Query()
	if last.URL.Path != "/api/v1/datasets/d-1/records" || q.Get("offset") != "1000" || q.Get("limit") != "1000" ||
		strings.Join(q["include"], ",") != "responses,suggestions,vectors" {
		t.Errorf("request %s", last.URL)
	}
	r := got[7]
	if r.ID != "r-7" || r.ExternalID != nil || string(r.Metadata) != `{"score":1.0}` || r.Responses[0].UserID != "u-1" ||
		r.Suggestions[0].QuestionID != "q-1" || string(r.Suggestions[0].Score) != "0.9" || r.InsertedAt.Nanosecond() != 7000 {
		t.Errorf("record 7 = %+v", r)
	}
	if _, err := fast(srv.URL).Records(context.Background(), "d-1", 0, 1001, nil); err == nil {
		t.Error("a page of 1001 accepted")
	}
}

func TestRecordsPageBrokenMidwayIsNotReplayed(t *testing.T) {
	var n atomic.Int32
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "100000")
		io.WriteString(w, `{"items":[`+recordJSON(0, 2)+`,`+recordJSON(1, 2)+`,{"id":`)
		w.(http.Flusher).Flush()
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	})
	delivered := 0
	page, err := fast(srv.URL).Records(context.Background(), "d", 0, 1000, func(*Record) error { delivered++; return nil })
	if err == nil || page.Delivered != 2 || delivered != 2 || n.Load() != 1 {
		t.Errorf("page %+v, err %v, delivered %d after %d requests: want the error and 2 records, no replay", page, err, delivered, n.Load())
	}
	boom := errors.New("disk full")
	srv2, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"items":[`+recordJSON(0, 2)+`],"total":1}`)
	})
	if _, err := fast(srv2.URL).Records(context.Background(), "d", 0, 10, func(*Record) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("callback error lost: %v", err)
	}
}

func TestUpsertRecords(t *testing.T) {
	var sent struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	srv, last := server(t, func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&sent)
		io.WriteString(w, `{"items":[`+recordJSON(0, 2)+`]}`)
	})
	typ := "model"
	items := []RecordUpsert{{ExternalID: "ext-1", Fields: json.RawMessage(`{"text":"a"}`), Metadata: json.RawMessage(`{"f":1.0}`),
		Suggestions: []NewSuggestion{{QuestionID: "q", Value: json.RawMessage(`"pos"`), Type: &typ}},
		Responses:   []NewResponse{{UserID: "u", Status: "discarded"}}}}
	var answered []string
	err := fast(srv.URL).UpsertRecords(context.Background(), "d-1", items, func(r *Record) error {
		answered = append(answered, r.Status)
		return nil
	})
	if err != nil || last.Method != "PUT" || last.URL.Path != "/api/v1/datasets/d-1/records/bulk" || len(answered) != 1 {
		t.Fatalf("upsert: %v %s %s %v", err, last.Method, last.URL.Path, answered)
	}
	it := sent.Items[0]
	if string(it["external_id"]) != `"ext-1"` || string(it["metadata"]) != `{"f":1.0}` || it["vectors"] != nil ||
		string(it["responses"]) != `[{"user_id":"u","status":"discarded"}]` ||
		string(it["suggestions"]) != `[{"question_id":"q","value":"pos","type":"model"}]` {
		t.Errorf("item sent: %s", fmt.Sprint(it))
	}
	for _, n := range []int{0, MaxBulk + 1} {
		if err := fast(srv.URL).UpsertRecords(context.Background(), "d", make([]RecordUpsert, n), nil); err == nil {
			t.Errorf("a bulk of %d accepted", n)
		}
	}
}

func TestCreateUserKeepsThePasswordOutOfErrors(t *testing.T) {
	const pw = "s3cret-passw0rd-xyz"
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		var u map[string]any
		_ = json.NewDecoder(r.Body).Decode(&u)
		if u["password"] != pw || u["id"] != "11111111-1111-4111-8111-111111111111" || u["role"] != "admin" {
			t.Errorf("body %v", u)
		}
		jsonReply(w, 422, map[string]string{"detail": "password " + pw + " too weak"})
	})
	u := NewUser{ID: "11111111-1111-4111-8111-111111111111", FirstName: "B", Username: "bob", Role: "admin", Password: pw}
	_, err := fast(srv.URL).CreateUser(context.Background(), u)
	if err == nil || strings.Contains(fmt.Sprintf("%v %+v %#v %s %v %#v", err, err, err, u, u, u), pw) {
		t.Errorf("password shown: %v", err)
	}
}

func TestMembershipsAndSettings(t *testing.T) {
	srv, last := server(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method + " " + r.URL.Path {
		case "GET /api/v1/workspaces/w-1/users":
			jsonReply(w, 200, map[string]any{"items": []map[string]any{{"id": "u-1", "username": "bob", "role": "annotator", "api_key": testKey}}})
		case "POST /api/v1/workspaces/w-1/users":
			jsonReply(w, 409, map[string]string{"detail": "Workspace user with workspace_id `w-1` and user_id `u-1` is not unique"})
		case "GET /api/v1/me/datasets/d-1/metadata-properties":
			jsonReply(w, 200, map[string]any{"items": []map[string]any{{"id": "m", "name": "score", "title": "Score",
				"settings": map[string]any{"type": "float", "min": 0.0, "max": 1.0}, "visible_for_annotators": true}}})
		case "POST /api/v1/datasets/d-1/questions":
			var q map[string]any
			_ = json.NewDecoder(r.Body).Decode(&q)
			if _, ok := q["description"]; ok {
				t.Error("null description sent")
			}
			jsonReply(w, 201, map[string]any{"id": "q-2", "name": q["name"], "settings": q["settings"]})
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
		}
	})
	c := fast(srv.URL)
	ctx := context.Background()
	users, err := c.WorkspaceUsers(ctx, "w-1")
	if err != nil || len(users) != 1 || users[0].Username != "bob" {
		t.Fatalf("members %v %v", users, err)
	}
	if err := c.AddWorkspaceUser(ctx, "w-1", "u-1"); !errors.Is(err, ErrExists) {
		t.Errorf("repeat membership: %v", err)
	}
	mps, err := c.MetadataProperties(ctx, "d-1")
	if err != nil || len(mps) != 1 || string(mps[0].Settings) != `{"max":1,"min":0,"type":"float"}` {
		t.Errorf("metadata properties %+v %v", mps, err)
	}
	q, err := c.CreateQuestion(ctx, "d-1", Question{Name: "label", Title: "Label", Required: true,
		Settings: json.RawMessage(`{"type":"label_selection","options":[{"value":"a","text":"A"},{"value":"b","text":"B"}]}`)})
	if err != nil || q.ID != "q-2" || last.Header.Get("Content-Type") != "application/json" {
		t.Errorf("question %+v %v", q, err)
	}
}

func FuzzDecodeItems(f *testing.F) {
	f.Add([]byte(`{"items":[` + recordJSON(1, 3) + `],"total":1}`))
	f.Add([]byte(`{"total":3,"items":[]}`))
	f.Add([]byte(`{"items":[{"id":1}]}`))
	f.Add([]byte(`{"items":[null,{}],"extra":{"a":[1,2]}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"items":{"id":"x"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		total, n := 0, 0
		err := decodeItems(strings.NewReader(string(data)), &total, func(r *Record) error {
			n++
			if r == nil {
				t.Fatal("nil record")
			}
			return nil
		})
		if err == nil && !json.Valid(data) {
			t.Fatalf("invalid JSON accepted: %q", data)
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2025-03-10T08:51:29.123456", "2025-03-10T08:51:29", "2025-03-10T08:51:29Z", "", "x", "2025-03-10T08:51:29.1234567891"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseTime(s)
		if err != nil {
			return
		}
		if tm.Location() != time.UTC {
			t.Fatalf("%q parsed outside UTC", s)
		}
		var v Time
		b, _ := json.Marshal(Time{tm})
		if tm.Year() >= 0 && tm.Year() <= 9999 {
			if err := json.Unmarshal(b, &v); err != nil || !v.Equal(tm) {
				t.Fatalf("%q: round trip %s gave %v, %v", s, b, v, err)
			}
		}
	})
}
