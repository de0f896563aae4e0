package hfapi_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// script answers the n-th request with the n-th step; the last step repeats.
func script(t *testing.T, steps ...func(http.ResponseWriter, *http.Request)) http.HandlerFunc {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		i := min(n, len(steps)-1)
		n++
		mu.Unlock()
		steps[i](w, r)
	}
}

func status(code int, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
	}
}

func okRuntime(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, map[string]any{"stage": "RUNNING"})
}

func TestRetryDelays(t *testing.T) {
	cases := []struct {
		name  string
		steps []func(http.ResponseWriter, *http.Request)
		want  []time.Duration
	}{
		{"429 RateLimit r=0", []func(http.ResponseWriter, *http.Request){
			status(429, "RateLimit", `"api";r=0;t=7`, "RateLimit-Policy", `"fixed window";"api";q=500;w=300`), okRuntime}, durations(8)},
		{"429 RateLimit r>0 falls back to Retry-After", []func(http.ResponseWriter, *http.Request){
			status(429, "RateLimit", `"api";r=3;t=7`, "Retry-After", "3"), okRuntime}, durations(4)},
		{"429 HTTP-date Retry-After ignored", []func(http.ResponseWriter, *http.Request){
			status(429, "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"), okRuntime}, durations(1)},
		{"5xx backoff", []func(http.ResponseWriter, *http.Request){status(503), status(502), status(500), status(504), okRuntime}, durations(1, 2, 4, 8)},
		{"503 with Retry-After", []func(http.ResponseWriter, *http.Request){status(503, "Retry-After", "20"), okRuntime}, durations(21)},
		{"408", []func(http.ResponseWriter, *http.Request){status(408), okRuntime}, durations(1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeHub(t, script(t, tc.steps...))
			c, s := newClient(t, f)
			rt, err := c.SpaceRuntime(context.Background(), "alice/x")
			if err != nil || rt.Stage != "RUNNING" {
				t.Fatalf("runtime = %+v, %v", rt, err)
			}
			if got := s.got(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("sleeps = %v, want %v", got, tc.want)
			}
			if n := len(f.requests()); n != len(tc.want)+1 {
				t.Errorf("%d requests, want %d", n, len(tc.want)+1)
			}
		})
	}
}

func TestRetriesGiveUp(t *testing.T) {
	f := newFakeHub(t, script(t, status(500)))
	c, s := newClient(t, f)
	_, err := c.SpaceRuntime(context.Background(), "alice/x")
	if hfapi.StatusOf(err) != 500 {
		t.Fatalf("err = %v", err)
	}
	if got := s.got(); !reflect.DeepEqual(got, durations(1, 2, 4, 8, 8)) {
		t.Errorf("sleeps = %v", got)
	}
	if n := len(f.requests()); n != 6 {
		t.Errorf("%d requests, want 6", n)
	}

	f2 := newFakeHub(t, script(t, status(500)))
	c2, _ := newClient(t, f2, func(o *hfapi.Options) { o.MaxRetries = -1 })
	if _, err := c2.SpaceRuntime(context.Background(), "alice/x"); hfapi.StatusOf(err) != 500 || len(f2.requests()) != 1 {
		t.Errorf("MaxRetries -1: err %v, %d requests", err, len(f2.requests()))
	}
}

func TestDroppedConnectionRetried(t *testing.T) {
	var mu sync.Mutex
	n := 0
	f2 := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			drop(t, w)
			return
		}
		okRuntime(w, r)
	})
	c, s := newClient(t, f2)
	if _, err := c.SpaceRuntime(context.Background(), "alice/x"); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.got(), durations(1)) {
		t.Errorf("sleeps = %v", s.got())
	}
}

// TestRestartRetries: a replayed restart restarts twice, so only a 429 (the
// rate limiter refused it) is retried; a 503 or a lost answer is not.
func TestRestartRetries(t *testing.T) {
	t.Run("503 not retried", func(t *testing.T) {
		f := newFakeHub(t, script(t, status(503), okRuntime))
		c, _ := newClient(t, f)
		if _, err := c.RestartSpace(context.Background(), "alice/x", false); hfapi.StatusOf(err) != 503 {
			t.Errorf("err = %v", err)
		}
		if n := len(f.requests()); n != 1 {
			t.Errorf("%d requests", n)
		}
	})
	t.Run("lost answer not retried", func(t *testing.T) {
		f := newFakeHub(t, script(t, func(w http.ResponseWriter, r *http.Request) { drop(t, w) }, okRuntime))
		c, _ := newClient(t, f)
		if _, err := c.RestartSpace(context.Background(), "alice/x", false); err == nil {
			t.Error("no error")
		}
		if n := len(f.requests()); n != 1 {
			t.Errorf("%d requests", n)
		}
	})
	t.Run("429 retried", func(t *testing.T) {
		f := newFakeHub(t, script(t, status(429, "RateLimit", `"api";r=0;t=2`), okRuntime))
		c, s := newClient(t, f)
		if _, err := c.RestartSpace(context.Background(), "alice/x", true); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(s.got(), durations(3)) || len(f.requests()) != 2 {
			t.Errorf("sleeps %v, %d requests", s.got(), len(f.requests()))
		}
	})
	t.Run("failed dial retried", func(t *testing.T) {
		c := hfapi.New(hfapi.Options{Endpoint: "http://127.0.0.1:1", Sleep: (&sleeps{}).sleep, MaxRetries: 2})
		_, err := c.RestartSpace(context.Background(), "alice/x", false)
		if err == nil || hfapi.StatusOf(err) != 0 {
			t.Errorf("err = %v", err)
		}
	})
}

func TestPauseReplay(t *testing.T) {
	var mu sync.Mutex
	pauses := 0
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/spaces/alice/x/pause":
			mu.Lock()
			pauses++
			first := pauses == 1
			mu.Unlock()
			if first {
				drop(t, w)
				return
			}
			writeJSON(w, 400, map[string]any{"error": "already paused"})
		case "/api/spaces/alice/x/runtime":
			writeJSON(w, 200, map[string]any{"stage": "PAUSED"})
		}
	})
	c, _ := newClient(t, f)
	rt, err := c.PauseSpace(context.Background(), "alice/x")
	if err != nil || rt.Stage != "PAUSED" {
		t.Fatalf("pause = %+v, %v", rt, err)
	}
	if pauses != 2 || f.count("GET", "/api/spaces/alice/x/runtime") != 1 {
		t.Errorf("pauses %d, runtime reads %d", pauses, f.count("GET", "/api/spaces/alice/x/runtime"))
	}
}

// createHub is a fake Hub whose create can lose its answer before or after
// creating. It counts the Spaces really created.
type createHub struct {
	mu       sync.Mutex
	created  map[string]bool
	creates  int // effective creations
	fail     []string
	attempts int
}

func (h *createHub) handler(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		defer h.mu.Unlock()
		switch {
		case r.Method == "POST" && r.URL.Path == "/api/repos/create":
			step := ""
			if h.attempts < len(h.fail) {
				step = h.fail[h.attempts]
			}
			h.attempts++
			switch step {
			case "drop-before":
				drop(t, w)
				return
			case "503-before":
				w.WriteHeader(503)
				return
			case "conflict-in-progress":
				writeJSON(w, 409, map[string]any{"error": "Cannot create repo: another conflicting operation is in progress"})
				return
			}
			if h.created["alice/x"] {
				writeJSON(w, 409, map[string]any{"error": "You already created this space repo", "url": "https://hub/spaces/alice/x"})
				return
			}
			h.created["alice/x"] = true
			h.creates++
			if step == "drop-after" {
				drop(t, w)
				return
			}
			if step == "500-after" {
				w.WriteHeader(500)
				return
			}
			writeJSON(w, 200, map[string]any{"url": "https://hub/spaces/alice/x", "name": "alice/x", "id": "id1"})
		case r.Method == "GET" && r.URL.Path == "/api/whoami-v2":
			writeJSON(w, 200, map[string]any{"name": "alice"})
		case r.Method == "GET" && r.URL.Path == "/api/spaces/alice/x":
			if !h.created["alice/x"] {
				w.Header().Set("X-Error-Code", "RepoNotFound")
				w.WriteHeader(404)
				return
			}
			writeJSON(w, 200, map[string]any{"_id": "id1", "id": "alice/x"})
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
	}
}

// TestCreateNeverDuplicated: whatever is lost, exactly one Space is created
// and the caller gets its URL.
func TestCreateNeverDuplicated(t *testing.T) {
	cases := []struct {
		name      string
		fail      []string
		org       string
		wantPosts int
		wantSleep []time.Duration
		wantURL   string
	}{
		{"answer lost after create", []string{"drop-after"}, "alice", 1, nil, "/spaces/alice/x"},
		{"500 after create, org from whoami", []string{"500-after"}, "", 1, nil, "/spaces/alice/x"},
		{"lost before create", []string{"drop-before"}, "alice", 2, durations(1), "https://hub/spaces/alice/x"},
		{"503 before create", []string{"503-before", "503-before"}, "alice", 3, durations(1, 2), "https://hub/spaces/alice/x"},
		{"conflicting operation in progress", []string{"conflict-in-progress"}, "alice", 2, durations(1), "https://hub/spaces/alice/x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := &createHub{created: map[string]bool{}, fail: tc.fail}
			f := newFakeHub(t, h.handler(t))
			c, s := newClient(t, f)
			got, err := c.CreateRepo(context.Background(), hfapi.CreateRepoRequest{Name: "x", Organization: tc.org, SDK: "docker"})
			if err != nil {
				t.Fatal(err)
			}
			if h.creates != 1 {
				t.Errorf("%d Spaces created", h.creates)
			}
			if got.Name != "alice/x" {
				t.Errorf("Name = %q", got.Name)
			}
			if want := tc.wantURL; want[0] == '/' {
				want = f.URL + want
				if got.URL != want || got.ID != "id1" {
					t.Errorf("recovered = %+v, want URL %s", got, want)
				}
			} else if got.URL != want {
				t.Errorf("URL = %q", got.URL)
			}
			if n := f.count("POST", "/api/repos/create"); n != tc.wantPosts {
				t.Errorf("%d create POSTs, want %d", n, tc.wantPosts)
			}
			if !reflect.DeepEqual(s.got(), tc.wantSleep) {
				t.Errorf("sleeps = %v, want %v", s.got(), tc.wantSleep)
			}
		})
	}
}

// TestDuplicateLostAnswer: the duplicate's lost answer is recovered by
// looking the target up.
func TestDuplicateLostAnswer(t *testing.T) {
	var mu sync.Mutex
	created := false
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/api/spaces/argilla/argilla-template-space/duplicate":
			created = true
			drop(t, w)
		case "/api/spaces/alice/x":
			if created {
				writeJSON(w, 200, map[string]any{"id": "alice/x"})
			} else {
				w.WriteHeader(404)
			}
		}
	})
	c, _ := newClient(t, f)
	got, err := c.DuplicateSpace(context.Background(), "argilla/argilla-template-space", hfapi.DuplicateRequest{Repository: "alice/x"})
	if err != nil || got.URL != f.URL+"/spaces/alice/x" {
		t.Fatalf("duplicate = %+v, %v", got, err)
	}
	if n := f.count("POST", "/api/spaces/argilla/argilla-template-space/duplicate"); n != 1 {
		t.Errorf("%d duplicate POSTs", n)
	}
}

// TestDeleteRepoReplay: a 404 on a replay after a lost answer is success; a
// 404 on the first attempt is returned.
func TestDeleteRepoReplay(t *testing.T) {
	f := newFakeHub(t, script(t,
		func(w http.ResponseWriter, r *http.Request) { drop(t, w) },
		status(404, "X-Error-Code", "RepoNotFound")))
	c, _ := newClient(t, f)
	if err := c.DeleteRepo(context.Background(), "alice/x", "space"); err != nil {
		t.Errorf("replayed delete: %v", err)
	}
	if n := len(f.requests()); n != 2 {
		t.Errorf("%d requests", n)
	}

	f2 := newFakeHub(t, script(t, status(404, "X-Error-Code", "RepoNotFound")))
	c2, _ := newClient(t, f2)
	if err := c2.DeleteRepo(context.Background(), "alice/x", "space"); !hfapi.IsNotFound(err) {
		t.Errorf("first-attempt 404: %v", err)
	}
}

// TestDeleteVolumesReplay: the 400 "no volumes" on a replay is success.
func TestDeleteVolumesReplay(t *testing.T) {
	f := newFakeHub(t, script(t, status(502), status(400)))
	c, _ := newClient(t, f)
	if err := c.DeleteVolumes(context.Background(), "alice/x"); err != nil {
		t.Errorf("err = %v", err)
	}
	f2 := newFakeHub(t, script(t, status(400)))
	c2, _ := newClient(t, f2)
	if err := c2.DeleteVolumes(context.Background(), "alice/x"); !hfapi.IsBadRequest(err) {
		t.Errorf("first-attempt 400: %v", err)
	}
}

// TestCreateBucketReplayConflict: a replayed bucket create surfaces the 409.
func TestCreateBucketReplayConflict(t *testing.T) {
	f := newFakeHub(t, script(t,
		func(w http.ResponseWriter, r *http.Request) { drop(t, w) },
		func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 409, map[string]any{"error": "exists", "url": "https://hub/buckets/alice/x-data", "id": "b1"})
		}))
	c, _ := newClient(t, f)
	_, err := c.CreateBucket(context.Background(), "alice/x-data", hfapi.BucketRequest{})
	if !hfapi.IsConflict(err) || err.(*hfapi.Error).RepoURL != "https://hub/buckets/alice/x-data" {
		t.Errorf("err = %v", err)
	}
}

// TestContextCancelStopsRetries: a cancelled context during the backoff ends
// the call with the context's error.
func TestContextCancelStopsRetries(t *testing.T) {
	f := newFakeHub(t, script(t, status(503)))
	ctx, cancel := context.WithCancel(context.Background())
	c := hfapi.New(hfapi.Options{Endpoint: f.URL, Sleep: func(context.Context, time.Duration) error {
		cancel()
		return context.Canceled
	}})
	_, err := c.SpaceRuntime(ctx, "alice/x")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests", n)
	}
}
