package argilla

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
)

// stakesServer answers the reads CountStakes makes, in the reference's shapes (§3, §5, §10.2), and
// records the requests.
func stakesServer(t *testing.T, answers map[string]string) (*Client, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.RequestURI())
		mu.Unlock()
		if r.Header.Get("X-Argilla-Api-Key") != "owner-key" {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"detail":{"code":"argilla.api.errors::UnauthorizedError","params":{"detail":"Could not validate credentials"}}}`))
			return
		}
		body, ok := answers[r.URL.RequestURI()]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"detail":"Not Found"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return New(Options{BaseURL: srv.URL, APIKey: "owner-key"}), func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := append([]string(nil), seen...)
		sort.Strings(out)
		return out
	}
}

var stakesAnswers = map[string]string{
	"/api/v1/users":       `{"items":[{"id":"u1","username":"alice","role":"owner","api_key":"k"},{"id":"u2"},{"id":"u3"}]}`,
	"/api/v1/me/datasets": `{"items":[{"id":"d1","name":"a"},{"id":"d2","name":"b"}]}`,
	"/api/v1/datasets/d1/records?offset=0&limit=1": `{"items":[{"id":"r1"}],"total":12000}`,
	"/api/v1/datasets/d2/records?offset=0&limit=1": `{"items":[],"total":400}`,
	"/api/v1/datasets/d1/users/progress":           `{"users":[{"username":"alice","completed":{"submitted":5000,"discarded":40},"pending":{"draft":10}},{"username":"bob","completed":{},"pending":{"submitted":1}}]}`,
	"/api/v1/datasets/d2/users/progress":           `{"users":[{"username":"bob","completed":{"submitted":49,"discarded":0,"draft":0},"pending":{"submitted":0,"discarded":0,"draft":0}}]}`,
}

func TestCountStakes(t *testing.T) {
	c, seen := stakesServer(t, stakesAnswers)
	s, err := c.CountStakes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Stakes{Datasets: 2, Records: 12400, Responses: 5100, Submitted: 5050, Discarded: 40, Draft: 10, Users: 3}
	if *s != want {
		t.Fatalf("stakes %+v, want %+v", *s, want)
	}
	if s.String() != "2 datasets, 12,400 records, 5,100 responses, 3 users" {
		t.Fatalf("String() = %q", s.String())
	}
	// Two reads plus two per dataset: cheap SQL reads, no paging through records, no search engine.
	if got := seen(); len(got) != 6 {
		t.Fatalf("requests %q", got)
	}
	for _, r := range seen() {
		if strings.HasSuffix(r, "/datasets/d1/progress") || strings.Contains(r, "search") || strings.Contains(r, "include") {
			t.Fatalf("a read that needs the search engine or pages records: %s", r)
		}
	}
}

// A failure anywhere gives no numbers at all: a partial count would understate what is at stake.
func TestCountStakesFailsWhole(t *testing.T) {
	answers := map[string]string{}
	for k, v := range stakesAnswers {
		answers[k] = v
	}
	delete(answers, "/api/v1/datasets/d2/users/progress")
	c, _ := stakesServer(t, answers)
	if s, err := c.CountStakes(context.Background()); err == nil || !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing progress: %+v %v", s, err)
	}
	wrong := New(Options{BaseURL: c.base, APIKey: "annotator-key"})
	if _, err := wrong.CountStakes(context.Background()); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("wrong key: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.CountStakes(ctx); err == nil {
		t.Fatal("a cancelled count answered")
	}
}

func TestStakesWording(t *testing.T) {
	for _, c := range []struct {
		s    Stakes
		want string
	}{
		{Stakes{Datasets: 1, Records: 1, Responses: 1, Users: 1}, "1 dataset, 1 record, 1 response, 1 user"},
		{Stakes{Datasets: 3, Records: 1234567, Responses: 0, Users: 7}, "3 datasets, 1,234,567 records, 0 responses, 7 users"},
		{Stakes{Records: 999, Responses: 1000, Users: 100}, "0 datasets, 999 records, 1,000 responses, 100 users"},
	} {
		if got := c.s.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.s, got, c.want)
		}
	}
	if !(Stakes{Users: 3}).Empty() || (Stakes{Datasets: 1}).Empty() {
		t.Error("Empty")
	}
}
