package hubtest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// faultStatuses sends n whoami requests and returns the statuses (0 for a dropped connection).
func faultStatuses(t *testing.T, h *hub, n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		hr, _ := http.NewRequest("GET", h.srv.URL+"/api/whoami-v2", nil)
		hr.Header.Set("Authorization", "Bearer hf_alice")
		res, err := http.DefaultClient.Do(hr)
		if err != nil {
			out = append(out, 0)
			continue
		}
		res.Body.Close()
		out = append(out, res.StatusCode)
	}
	return out
}

// TestRateLimitWindowPerToken: the quota counts each token's Hub API requests in fixed windows; the
// 429 says truthfully how long until the window ends, and the next window lets requests through again.
// Other tokens, the Argilla apps and /_emulator are not counted.
func TestRateLimitWindowPerToken(t *testing.T) {
	clock := newClock() // 12:00:00, a window boundary
	h := newHub(t, Options{RateLimit: 3, RateWindow: time.Minute, Now: clock.Now})
	get := func(token string) *http.Response {
		hr, _ := http.NewRequest("GET", h.srv.URL+"/api/spaces/hardware", nil)
		hr.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(hr)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	for i := range 3 {
		eq(t, fmt.Sprintf("request %d", i+1), get("hf_alice").StatusCode, 200)
	}
	clock.Advance(20 * time.Second)
	res := get("hf_alice")
	eq(t, "4th request in the window", res.StatusCode, 429)
	eq(t, "RateLimit", res.Header.Get("RateLimit"), `"api";r=0;t=40`)
	eq(t, "RateLimit-Policy", res.Header.Get("RateLimit-Policy"), `"fixed window";"api";q=3;w=60`)
	eq(t, "Retry-After", res.Header.Get("Retry-After"), "40")
	if res.Header.Get("X-Error-Message") == "" {
		t.Error("429 without X-Error-Message")
	}
	eq(t, "another token", get("hf_bob").StatusCode, 200)
	h.must(200, req{method: "GET", path: "/_emulator/requests"})
	clock.Advance(39 * time.Second)
	eq(t, "1 s before the window ends", get("hf_alice").Header.Get("Retry-After"), "1")
	clock.Advance(time.Second)
	eq(t, "next window", get("hf_alice").StatusCode, 200)
	last := h.srv.Requests()
	eq(t, "a refused request is logged as 429", last[len(last)-2].Status, 429)
}

func TestFaultsAreDeterministic(t *testing.T) {
	opts := Options{FaultRate: 0.6, Seed: 42}
	a := faultStatuses(t, newHub(t, opts), 40)
	hb := newHub(t, opts)
	b := faultStatuses(t, hb, 40)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("same seed, different faults:\n%v\n%v", a, b)
	}
	seen := map[int]bool{}
	for _, s := range a {
		seen[s] = true
	}
	for _, s := range []int{0, 200, 500, 502, 503} {
		if !seen[s] {
			t.Errorf("status %d never happened in %v", s, a)
		}
	}
	if seen[429] {
		t.Errorf("a 429 was drawn at random in %v: 429s come from the rate limit only", a)
	}
	// The log records every request in order, dropped ones with status 0.
	log := hb.srv.Requests()
	eq(t, "log length", len(log), 40)
	for i, rec := range log {
		if rec.Status != b[i] || rec.Path != "/api/whoami-v2" || rec.Method != "GET" {
			t.Fatalf("log[%d] = %+v, client saw %d", i, rec, b[i])
		}
	}
	c := faultStatuses(t, newHub(t, Options{FaultRate: 0.6, Seed: 7}), 40)
	if fmt.Sprint(a) == fmt.Sprint(c) {
		t.Error("different seeds gave the same faults")
	}
}

// A connection dropped after processing loses the answer but keeps the change.
func TestDropAfterProcessing(t *testing.T) {
	h := newHub(t, Options{FaultRate: 1, Seed: 1})
	created := 0
	for i := 0; i < 30 && created == 0; i++ {
		body := strings.NewReader(`{"name":"d","type":"space","sdk":"static"}`)
		hr, _ := http.NewRequest("POST", h.srv.URL+"/api/repos/create", body)
		hr.Header.Set("Authorization", "Bearer hf_alice")
		if res, err := http.DefaultClient.Do(hr); err == nil {
			res.Body.Close()
			if res.StatusCode < 500 {
				t.Fatalf("FaultRate 1 answered %d", res.StatusCode)
			}
		}
		if _, ok := h.srv.Space("alice/d"); ok {
			created = i + 1
		}
	}
	if created == 0 {
		t.Fatal("no drop-after-processing in 30 faults")
	}
	log := h.srv.Requests()
	eq(t, "dropped status", log[len(log)-1].Status, 0)
}

func TestLatencyAndDebugAPI(t *testing.T) {
	h := newHub(t, Options{Latency: time.Millisecond})
	h.createSpace("hf_alice", argillaBody("alice", "dbg", map[string]any{"secrets": []map[string]string{{"key": "PASSWORD", "value": "password-1"}}}))
	h.must(200, req{method: "GET", path: "/api/spaces/alice/dbg/runtime", host: ""})
	var log []RequestRecord
	json.Unmarshal(h.must(200, req{method: "GET", path: "/_emulator/requests"}).Body, &log)
	eq(t, "log", fmt.Sprint(log), fmt.Sprint([]RequestRecord{
		{"POST", strings.TrimPrefix(h.srv.URL, "http://"), "/api/repos/create", 200},
		{"GET", strings.TrimPrefix(h.srv.URL, "http://"), "/api/spaces/alice/dbg/runtime", 200}}))
	h.must(200, req{method: "DELETE", path: "/_emulator/requests"})
	eq(t, "reset", len(h.srv.Requests()), 0)

	s := h.must(200, req{method: "GET", path: "/_emulator/spaces/alice/dbg"}).JSON(t)
	for _, k := range []string{"visibility", "hardware", "sleepTimeSeconds", "secrets", "variables", "volumes", "storageTier",
		"files", "commits", "stage", "restarts", "wipes", "builds", "workspaces", "owner"} {
		if _, ok := s[k]; !ok {
			t.Errorf("debug space lacks %s", k)
		}
	}
	eq(t, "secret value", s["secrets"].(map[string]any)["PASSWORD"], any("password-1"))
	h.must(404, req{method: "GET", path: "/_emulator/spaces/alice/none"})
	h.must(200, req{method: "POST", path: "/api/buckets/alice/b1", token: "hf_alice"})
	eq(t, "buckets", string(h.must(200, req{method: "GET", path: "/_emulator/buckets"}).Body), `["alice/b1"]`)
	eq(t, "debug calls not logged", len(h.srv.Requests()), 1)
}

func TestStateFileSharedByTwoEmulators(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "hub.json")
	clock := newClock()
	opts := Options{StateFile: file, Now: clock.Now, BuildTime: 10 * time.Second, StartTime: 5 * time.Second}
	a, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	world := &World{Users: []User{{Name: "zed", IsPro: true}}, Tokens: []Token{{Value: "z", User: "zed", Role: "write"}}}
	opts.World = world // ignored: the file already holds a world
	b, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ha := &hub{t: t, srv: a, clock: clock}
	hb := &hub{t: t, srv: b, clock: clock}

	ha.createSpace("hf_alice", argillaBody("alice", "shared", nil))
	eq(t, "seen by b", hb.space("alice/shared").Builds, 1)
	hb.must(409, req{method: "POST", path: "/api/repos/create", token: "hf_alice", body: argillaBody("alice", "shared", nil)})
	hb.must(401, req{method: "GET", path: "/api/whoami-v2", token: "z"})

	// Two concurrent commits from the same parent: exactly one wins, the other gets 412.
	head := ha.space("alice/shared").HeadCommit
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i, hh := range []*hub{ha, hb} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := ndjson(header(fmt.Sprint("edit ", i), head), fileOp("f.txt", fmt.Sprint(i)))
			statuses[i] = hh.do(req{method: "POST", path: "/api/spaces/alice/shared/commit/main", token: "hf_alice",
				body: body, contentType: "application/x-ndjson"}).Status
		}()
	}
	wg.Wait()
	if !(statuses[0] == 200 && statuses[1] == 412 || statuses[0] == 412 && statuses[1] == 200) {
		t.Errorf("concurrent commits got %v, want one 200 and one 412", statuses)
	}
	eq(t, "commits", hb.space("alice/shared").Commits, 2)
	eq(t, "request log shared", len(a.Requests()), 5)

	// A third emulator started later sees everything (the file is the state).
	c, err := New(Options{StateFile: file, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := c.Space("alice/shared"); !ok || s.Commits != 2 {
		t.Errorf("state not loaded from file: %+v", s)
	}
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm()&0o077 != 0 {
		t.Errorf("state file must be private (it holds secrets): %v %v", info.Mode(), err)
	}
	os.WriteFile(file, []byte("{not json"), 0o600)
	if _, err := New(Options{StateFile: file}); err == nil {
		t.Error("a corrupt state file must be an error")
	}
}

func TestLoadWorld(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "w.yaml")
	os.WriteFile(good, []byte(`users:
  - {name: carol, fullname: Carol, isPro: true}
orgs:
  - name: lab
    plan: enterprise
    members: {carol: write}
tokens:
  - {value: hf_carol, user: carol, role: write}
`), 0o600)
	w, err := LoadWorld(good)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "user", w.Users[0].Name, "carol")
	eq(t, "role", w.Orgs[0].Members["carol"], "write")
	h := newHub(t, Options{World: w})
	h.createSpace("hf_carol", argillaBody("lab", "x", nil))
	h.must(401, req{method: "GET", path: "/api/whoami-v2", token: "hf_alice"})
	h.must(200, req{method: "GET", path: "/spaces/" + argillaTemplateID + "/resolve/main/Dockerfile"})

	for name, doc := range map[string]string{
		"unknown key":     "users:\n  - {name: a, pro: true}\n",
		"unknown token":   "tokens:\n  - {value: t, user: ghost, role: write}\n",
		"bad role":        "users: [{name: a}]\ntokens:\n  - {value: t, user: a, role: admin}\n",
		"bad plan":        "orgs:\n  - {name: o, plan: gold}\n",
		"duplicate name":  "users: [{name: a}]\norgs: [{name: a}]\n",
		"two documents":   "users: []\n---\nusers: []\n",
		"empty":           "",
		"member not user": "orgs:\n  - {name: o, members: {x: admin}}\n",
	} {
		if _, err := parseWorld([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := LoadWorld(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("missing file accepted")
	}
}

// readEvents reads SSE lines until n data events and one keep-alive arrived.
func readEvents(t *testing.T, h *hub, path string, n int) []string {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	hr, _ := http.NewRequestWithContext(ctx, "GET", h.srv.URL+path, nil)
	hr.Header.Set("Authorization", "Bearer hf_alice")
	res, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	eq(t, "content type", res.Header.Get("Content-Type"), "text/event-stream")
	var texts []string
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "data: " {
			break // keep-alive: the stream has settled
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			var ev map[string]string
			if err := json.Unmarshal([]byte(data), &ev); err != nil {
				t.Fatalf("bad event %q", line)
			}
			if ev["timestamp"] == "" {
				t.Errorf("event without timestamp: %q", line)
			}
			texts = append(texts, ev["data"])
		}
	}
	if len(texts) < n {
		t.Fatalf("got %d events, want at least %d: %v", len(texts), n, texts)
	}
	return texts
}

func TestLogs(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "logs", nil))
	h.settle()
	build := readEvents(t, h, "/api/spaces/alice/logs/logs/build", 3)
	if !strings.Contains(strings.Join(build, "\n"), "COPY .oauth.yaml /home/argilla/") {
		t.Errorf("build log lacks the Dockerfile steps: %v", build)
	}
	run := readEvents(t, h, "/api/spaces/alice/logs/logs/run", 2)
	if !strings.Contains(strings.Join(run, "\n"), "Uvicorn running") {
		t.Errorf("run log lacks start-up: %v", run)
	}
	tail := readEvents(t, h, "/api/spaces/alice/logs/logs/run?tail=1", 1)
	eq(t, "tail", len(tail), 1)
	eq(t, "tail line", tail[0], run[len(run)-1])
	h.must(401, req{method: "GET", path: "/api/spaces/alice/logs/logs/run"})
	h.must(404, req{method: "GET", path: "/api/spaces/alice/none/logs/run", token: "hf_alice"})
}

// While the Space builds, the stream delivers new lines as they become due.
func TestLogsFollowBuild(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "follow", nil))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hr, _ := http.NewRequestWithContext(ctx, "GET", h.srv.URL+"/api/spaces/alice/follow/logs/run", nil)
	hr.Header.Set("Authorization", "Bearer hf_alice")
	res, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	h.settle() // the run lines become due while the stream is open
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "Uvicorn running") {
			return
		}
	}
	t.Fatal("stream ended without the start-up line")
}
