package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/internal/config"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// hub is an emulator behind a real socket, with hooks the concurrency tests need.
type hub struct {
	*hubtest.Emulator
	URL  string
	stop *hubtest.Interrupter
}

func newHub(t *testing.T, wrap func(http.Handler) http.Handler) *hub {
	t.Helper()
	emu, err := hubtest.New(hubtest.Options{BuildTime: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	h := &hub{Emulator: emu, stop: &hubtest.Interrupter{Handler: emu}}
	var handler http.Handler = h.stop
	if wrap != nil {
		handler = wrap(handler)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	h.URL = srv.URL
	return h
}

// job is one CI job (or one terminal): its own directory, and its own config dir unless shared.
type job struct {
	dir, config string
	env         []string
}

func newJob(t *testing.T, h *hub, config string, extra ...string) job {
	dir := t.TempDir()
	if config == "" {
		config = filepath.Join(dir, "config")
	}
	env := append(os.Environ(), "HF_ENDPOINT="+h.URL, "HF_TOKEN=hf_alice", "CI=true", "HOME="+dir,
		"ARGILLA_SPACE_CONFIG_DIR="+config, "ARGILLA_SPACE_STATE_DIR="+filepath.Join(dir, "state"))
	return job{dir: dir, config: config, env: append(env, extra...)}
}

// command is argilla-space (this test binary, which TestMain turns into it) run as the job.
func (j job) command(t *testing.T, args ...string) *exec.Cmd {
	exe, err := exec.LookPath("argilla-space")
	if err != nil {
		t.Fatal(err)
	}
	c := exec.Command(exe, args...)
	c.Env, c.Dir = j.env, j.dir
	return c
}

func (j job) run(t *testing.T, args ...string) (string, error) {
	out, err := j.command(t, args...).CombinedOutput()
	return string(out), err
}

// holdCreates holds every POST /api/repos/create until n of them arrived (or a generous fallback
// passed), then lets them all through at once: every run planned a create, and all but one lose.
func holdCreates(n int) func(http.Handler) http.Handler {
	var mu sync.Mutex
	arrived := 0
	all := make(chan struct{})
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == "POST" && r.URL.Path == "/api/repos/create" {
				mu.Lock()
				if arrived++; arrived == n {
					close(all)
				}
				mu.Unlock()
				select {
				case <-all:
				case <-time.After(20 * time.Second): // a fallback against a hang (below the client's timeout), not a timing assertion
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

func statusCount(reqs []hubtest.RequestRecord, method, path string, status int) int {
	n := 0
	for _, r := range reqs {
		if r.Method == method && r.Path == path && r.Status == status {
			n++
		}
	}
	return n
}

// 20 CI jobs run the README's line at the same moment, sharing ARGILLA_API_KEY: all succeed, one
// Space is created and built once, and every job knows the owner's key.
func TestConcurrentCreatesOfOneSpace(t *testing.T) {
	const jobs = 20
	h := newHub(t, holdCreates(jobs))
	out := make([]string, jobs)
	errs := make([]error, jobs)
	var wg sync.WaitGroup
	for i := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j := newJob(t, h, "", "ARGILLA_API_KEY=a-shared-ci-key-123")
			out[i], errs[i] = j.run(t, "create", "acme/shared", "--private", "--exist-ok", "-o", "json")
		}()
	}
	wg.Wait()
	created := 0
	for i := range jobs {
		if errs[i] != nil {
			t.Errorf("job %d: %v\n%s", i, errs[i], out[i])
			continue
		}
		var res struct {
			Created     bool  `json:"created"`
			APIKeyKnown *bool `json:"apiKeyKnown"`
		}
		if err := json.Unmarshal([]byte(out[i][strings.Index(out[i], "{"):]), &res); err != nil {
			t.Fatalf("job %d: %v\n%s", i, err, out[i])
		}
		if res.Created {
			created++
		}
		if res.APIKeyKnown == nil || !*res.APIKeyKnown {
			t.Errorf("job %d does not know the shared key:\n%s", i, out[i])
		}
	}
	sp, ok := h.Space("acme/shared")
	if !ok || sp.Builds != 1 || created != 1 {
		t.Fatalf("Space exists %v, %d builds, %d jobs say they created it: want one of each", ok, sp.Builds, created)
	}
	if lost := statusCount(h.Requests(), "POST", "/api/repos/create", 409); lost != jobs-1 {
		t.Fatalf("%d creates lost the race, want %d: the test did not race", lost, jobs-1)
	}
}

// Without a shared key, a job that lost the race does not claim the winner's key: it succeeds, says
// the key is not known here and how to get it.
func TestLostRaceDoesNotClaimAKey(t *testing.T) {
	const jobs = 3
	h := newHub(t, holdCreates(jobs))
	out := make([]string, jobs)
	var wg sync.WaitGroup
	for i := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if out[i], err = newJob(t, h, "").run(t, "create", "acme/raced", "--private", "--exist-ok", "-o", "json"); err != nil {
				t.Errorf("job %d: %v\n%s", i, err, out[i])
			}
		}()
	}
	wg.Wait()
	unknown := 0
	for _, o := range out {
		if strings.Contains(o, `"apiKeyKnown": false`) {
			unknown++
			if !strings.Contains(o, "not known here") || !strings.Contains(o, "owner set --space acme/raced") {
				t.Errorf("no way out in:\n%s", o)
			}
		}
	}
	if unknown != jobs-1 {
		t.Fatalf("%d jobs say the key is unknown, want %d", unknown, jobs-1)
	}
}

// 20 creates of different Spaces on one machine at once: every key is kept in the one credentials
// file, and each is the Space's own.
func TestConcurrentCreatesKeepEveryKey(t *testing.T) {
	const jobs = 20
	h := newHub(t, nil)
	shared := newJob(t, h, "")
	var wg sync.WaitGroup
	for i := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if out, err := shared.run(t, "create", fmt.Sprintf("acme/s%02d", i), "--private", "--no-wait"); err != nil {
				t.Errorf("create %d: %v\n%s", i, err, out)
			}
		}()
	}
	wg.Wait()
	dirs := config.Dirs{Config: shared.config}
	for i := range jobs {
		id := fmt.Sprintf("acme/s%02d", i)
		sp, _ := h.Space(id)
		c, ok, err := loadAnyEndpoint(dirs, id)
		if err != nil || !ok || c.APIKey != sp.Secrets["API_KEY"] || c.PendingKey != "" {
			t.Errorf("%s: stored %v (pending %v), ok=%v err=%v; want the Space's key", id, c.APIKey != "", c.PendingKey != "", ok, err)
		}
	}
}

// loadAnyEndpoint finds the credential of a Space whatever endpoint it was stored under (the
// emulator's URL here).
func loadAnyEndpoint(d config.Dirs, space string) (config.Credential, bool, error) {
	data, err := os.ReadFile(d.CredentialsFile())
	if err != nil {
		return config.Credential{}, false, err
	}
	var f struct{ Credentials []config.Credential }
	if err := json.Unmarshal(data, &f); err != nil {
		return config.Credential{}, false, err
	}
	for _, c := range f.Credentials {
		if c.Space == space {
			return c, true, nil
		}
	}
	return config.Credential{}, false, nil
}

// spaceView is what must end the same after an interrupted run and its re-run as after one
// uninterrupted run.
type spaceView struct {
	Visibility, Hardware, Stage string
	SecretKeys                  []string
	Variables                   map[string]string
	Volumes                     []hubtest.Volume
	Files                       map[string]string
	Builds, Commits             int
}

func viewOf(t *testing.T, h *hub, id string) spaceView {
	sp, ok := h.Space(id)
	if !ok {
		t.Fatalf("%s does not exist", id)
	}
	v := spaceView{Visibility: sp.Visibility, Hardware: sp.Hardware, Stage: sp.Stage, Variables: sp.Variables,
		Volumes: sp.Volumes, Files: sp.Files, Builds: sp.Builds, Commits: sp.Commits}
	for k := range sp.Secrets {
		v.SecretKeys = append(v.SecretKeys, k)
	}
	sort.Strings(v.SecretKeys)
	return v
}

type killScenario struct {
	name   string
	spaces []string
	files  map[string]string // written into the job's directory
	setup  func(t *testing.T, j job)
	args   []string
}

// Killed (SIGKILL) when the N-th request reaches the Hub, for points N spread over the whole run
// (seeded), then run again: the same end state as one uninterrupted run, one build per new Space,
// the owner key on file the Space's.
func TestKilledRunsConverge(t *testing.T) {
	fleet := map[string]string{
		"fleet/a.yaml": "space: acme/fa\nvisibility: private\n",
		"fleet/b.yaml": "space: acme/fb\nvisibility: private\noauth:\n  allowedWorkspaces: [argilla, team-b]\n---\nspace: alice/fc\nvisibility: private\nhardware: cpu-upgrade\n",
	}
	scenarios := []killScenario{
		{name: "create", spaces: []string{"acme/k"}, args: []string{"create", "acme/k", "--private", "--allow-workspace", "team"}},
		{name: "apply", spaces: []string{"acme/fa", "acme/fb", "alice/fc"}, files: fleet, args: []string{"apply", "-f", "fleet", "--parallel", "2"}},
		{name: "oauth", spaces: []string{"acme/o"}, args: []string{"oauth", "allow", "ws-x", "--space", "acme/o"},
			setup: func(t *testing.T, j job) {
				if out, err := j.run(t, "create", "acme/o", "--private"); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
			}},
	}
	for i, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewSource(13 + int64(i)))
			prepare := func() (*hub, job) {
				h := newHub(t, nil)
				j := newJob(t, h, "")
				for name, content := range sc.files {
					os.MkdirAll(filepath.Join(j.dir, filepath.Dir(name)), 0o755)
					os.WriteFile(filepath.Join(j.dir, name), []byte(content), 0o644)
				}
				if sc.setup != nil {
					sc.setup(t, j)
				}
				h.stop.StopAt(0, nil)
				h.ResetRequests()
				return h, j
			}
			ref, rj := prepare()
			if out, err := rj.run(t, sc.args...); err != nil {
				t.Fatalf("uninterrupted run: %v\n%s", err, out)
			}
			// The first and last requests, the first mutating ones (killed as each reaches the Hub,
			// which still acts), and a seeded other: few points, to stay cheap under -race.
			// ARGILLA_SPACE_KILL_EVERYWHERE=1 kills at every request instead.
			total := ref.stop.Seen()
			points := []int{1, total}
			for i, r := range ref.Requests() {
				if r.Method != "GET" && r.Method != "HEAD" && !strings.Contains(r.Path, "/preupload/") && len(points) < 4 {
					points = append(points, i+1)
				}
			}
			points = append(points, 2+rng.Intn(total-2))
			if os.Getenv("ARGILLA_SPACE_KILL_EVERYWHERE") != "" {
				points = points[:0]
				for n := 1; n <= total; n++ {
					points = append(points, n)
				}
			}
			slices.Sort(points)
			points = slices.Compact(points)
			for _, n := range points {
				h, j := prepare()
				cmd := j.command(t, sc.args...)
				var buf bytes.Buffer
				cmd.Stdout, cmd.Stderr = &buf, &buf
				started, done := make(chan struct{}), make(chan struct{})
				h.stop.StopAt(n, func() {
					<-started // cmd.Process is set
					cmd.Process.Kill()
					<-done // dead before the Hub handles the request
				})
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				close(started)
				cmd.Wait()
				close(done)
				h.stop.StopAt(0, nil)
				if out, err := j.run(t, sc.args...); err != nil {
					t.Fatalf("killed at request %d of %d, the re-run failed: %v\n%s\nkilled run:\n%s", n, total, err, out, buf.String())
				}
				for _, id := range sc.spaces {
					want, got := viewOf(t, ref, id), viewOf(t, h, id)
					if !reflect.DeepEqual(want, got) {
						t.Errorf("killed at request %d of %d: %s is\n%+v\nwant\n%+v", n, total, id, got, want)
					}
					sp, _ := h.Space(id)
					if c, ok, _ := loadAnyEndpoint(config.Dirs{Config: j.config}, id); !ok || c.APIKey != sp.Secrets["API_KEY"] {
						t.Errorf("killed at request %d of %d: the key on file for %s is not the Space's (stored: %v)", n, total, id, ok)
					}
				}
			}
			t.Logf("%s: %d requests; killed at %v, each re-run converged", sc.name, total, points)
		})
	}
}

// Two pipelines apply overlapping spec directories at the same moment (two Spaces in both): both
// succeed, every Space matches its spec, none is created twice or built twice.
func TestTwoFleetsAtOnce(t *testing.T) {
	shared := "space: acme/both-1\nvisibility: private\n---\nspace: acme/both-2\nvisibility: public\noauth:\n  allowedWorkspaces: [argilla, shared]\n"
	fleets := []map[string]string{
		{"specs/shared.yaml": shared, "specs/one.yaml": "space: acme/only-1\nvisibility: private\nhardware: cpu-upgrade\n"},
		{"specs/shared.yaml": shared, "specs/two.yaml": "space: acme/only-2\nvisibility: private\n"},
	}
	h := newHub(t, holdCreates(6)) // 3 creates each: all held until every one planned its create
	out := make([]string, len(fleets))
	var wg sync.WaitGroup
	for i, files := range fleets {
		j := newJob(t, h, "")
		for name, content := range files {
			os.MkdirAll(filepath.Join(j.dir, "specs"), 0o755)
			os.WriteFile(filepath.Join(j.dir, name), []byte(content), 0o644)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if out[i], err = j.run(t, "apply", "-f", "specs", "--parallel", "4"); err != nil {
				t.Errorf("fleet %d: %v\n%s", i, err, out[i])
			}
		}()
	}
	wg.Wait()
	for _, id := range []string{"acme/both-1", "acme/both-2", "acme/only-1", "acme/only-2"} {
		if sp, ok := h.Space(id); !ok || sp.Builds != 1 {
			t.Fatalf("%s: exists %v, %+v; want one build", id, ok, sp)
		}
	}
	if sp, _ := h.Space("acme/both-1"); sp.Visibility != "private" {
		t.Errorf("acme/both-1 is %s", sp.Visibility)
	}
	if sp, _ := h.Space("acme/both-2"); !strings.Contains(sp.Files[".oauth.yaml"], "name: shared") {
		t.Errorf("acme/both-2 lost its workspace:\n%s", sp.Files[".oauth.yaml"])
	}
	if sp, _ := h.Space("acme/only-1"); sp.Hardware != "cpu-upgrade" {
		t.Errorf("acme/only-1 runs on %s", sp.Hardware)
	}
	if lost := statusCount(h.Requests(), "POST", "/api/repos/create", 409); lost != 2 {
		t.Fatalf("%d creates lost the race, want 2 (one per shared Space): the test did not race", lost)
	}
	if !strings.Contains(out[0]+out[1], "created") || !strings.Contains(out[0]+out[1], "unchanged") && !strings.Contains(out[0]+out[1], "updated") {
		t.Errorf("the fleets' tables do not show who created and who found the shared Spaces:\n%s\n%s", out[0], out[1])
	}
}

// A conflict that outlasts the retries is a failure to run again (1), never bad input (2).
func TestConflictIsNotBadInput(t *testing.T) {
	err := &spaces.ConflictError{Space: "acme/x", Attempts: 5, Err: spaces.ErrLostRace}
	if code := exitCode(fmt.Errorf("apply: %w", err)); code != exitFailure {
		t.Fatalf("exit %d, want %d", code, exitFailure)
	}
	if !strings.Contains(err.Error(), "run the same command again") {
		t.Fatalf("no retry advice: %v", err)
	}
}
