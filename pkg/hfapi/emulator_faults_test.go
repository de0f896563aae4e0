package hfapi_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// The emulator injects faults with a seeded RNG: with a given seed, the n-th Hub request always meets
// the same fault. These tests find, by probing, a seed whose first requests go through and whose next
// one meets each kind of fault, then start an emulator with that seed on a prepared state, so the
// chosen attempt of the call under test is the one that fails. Nothing here knows how the emulator
// draws its numbers. A 429 is not drawn: it comes from the emulator's rate limit, set so that the
// chosen attempt is the first one over the quota, on a clock that the client's waits move forward.

// faultKind is what the emulator does to a request.
type faultKind string

const (
	fault429        faultKind = "429 with RateLimit and Retry-After"
	fault500        faultKind = "500 (JSON)"
	fault503        faultKind = "503 (HTML)"
	faultDropBefore faultKind = "dropped before processing"
	faultDropAfter  faultKind = "dropped after processing (answer lost)"
)

var allFaults = []faultKind{fault429, fault500, fault503, faultDropBefore, faultDropAfter}

// faultRate is the emulator's fault probability in these tests.
const faultRate = 0.3

// firstStatus is what the request log shows for the faulty first attempt (0: dropped connection).
func (k faultKind) firstStatus() int {
	switch k {
	case fault429:
		return http.StatusTooManyRequests
	case fault500:
		return http.StatusInternalServerError
	case fault503:
		return http.StatusServiceUnavailable
	}
	return 0
}

// firstDelay is the wait the client must ask for before its second attempt: the 429's RateLimit t
// (1 s) + 1 s, as huggingface_hub waits; else the first backoff step.
func (k faultKind) firstDelay() time.Duration {
	if k == fault429 {
		return 2 * time.Second
	}
	return time.Second
}

var (
	seedsOnce sync.Once
	seedsErr  error
	seedOf    map[int]map[faultKind]int64 // clean requests before the fault -> kind -> seed
)

// maxSkip is the most clean requests a case needs before its faulty one (a commit's preupload).
const maxSkip = 1

// faultSeeds probes seeds until each drawn kind of fault has one for each number of clean requests
// before it (0..maxSkip): a fresh emulator per seed, bucket creations (so a dropped answer can be
// told from a dropped request by whether the last bucket exists).
func faultSeeds(t *testing.T, skip int) map[faultKind]int64 {
	t.Helper()
	seedsOnce.Do(func() {
		seedOf = map[int]map[faultKind]int64{}
		for n := 0; n <= maxSkip; n++ {
			seedOf[n] = map[faultKind]int64{}
			for seed := int64(1); seed <= 3000 && len(seedOf[n]) < len(allFaults)-1; seed++ {
				kind, err := probeSeed(seed, n)
				if err != nil {
					seedsErr = err
					return
				}
				if _, ok := seedOf[n][kind]; kind != "" && !ok {
					seedOf[n][kind] = seed
				}
			}
			if len(seedOf[n]) < len(allFaults)-1 {
				seedsErr = fmt.Errorf("found seeds for %v only after %d clean requests", seedOf[n], n)
			}
		}
	})
	if seedsErr != nil {
		t.Fatal(seedsErr)
	}
	return seedOf[skip]
}

// probeSeed says which fault the request after skip clean ones meets with seed ("" for none, or when
// one of the first skip failed).
func probeSeed(seed int64, skip int) (faultKind, error) {
	srv, err := hubtest.NewServer(hubtest.Options{FaultRate: faultRate, Seed: seed, BuildTime: -1})
	if err != nil {
		return "", err
	}
	defer srv.Close()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for i := 0; i <= skip; i++ {
		req, _ := http.NewRequest("POST", srv.URL+fmt.Sprintf("/api/buckets/alice/probe%d", i), strings.NewReader("{}"))
		req.Header.Set("Authorization", "Bearer "+aliceToken)
		req.Header.Set("Content-Type", "application/json")
		if resp, err := hc.Do(req); err == nil {
			resp.Body.Close()
		}
	}
	reqs := srv.Requests()
	if len(reqs) != skip+1 {
		return "", fmt.Errorf("seed %d: %d requests logged for %d probes", seed, len(reqs), skip+1)
	}
	for _, r := range reqs[:skip] {
		if r.Status != 200 {
			return "", nil
		}
	}
	switch reqs[skip].Status {
	case 500:
		return fault500, nil
	case 503:
		return fault503, nil
	case 0:
		if len(srv.Emulator.Buckets()) == skip+1 {
			return faultDropAfter, nil
		}
		return faultDropBefore, nil
	}
	return "", nil // no fault, or one we do not need (502 is an HTML page like 503)
}

// faultWorld is the state every fault case starts from, saved once in a state file.
type faultWorld struct {
	file string // the emulator's state file
	head string // head commit of alice/base
}

var (
	worldOnce sync.Once
	world     faultWorld
	worldErr  error
)

// prepareFaultWorld builds, without faults: alice/base (Argilla, bucket alice/base-data at /data,
// secret S1, variable V1), alice/up (on cpu-upgrade), alice/doomed, and the bucket alice/extra.
func prepareFaultWorld(t *testing.T) faultWorld {
	t.Helper()
	worldOnce.Do(func() {
		dir, err := os.MkdirTemp("", "hfapi-faults")
		if err != nil {
			worldErr = err
			return
		}
		world.file = filepath.Join(dir, "state.json")
		srv, err := hubtest.NewServer(hubtest.Options{StateFile: world.file, BuildTime: -1})
		if err != nil {
			worldErr = err
			return
		}
		defer srv.Close()
		ctx := context.Background()
		c := hfapi.New(hfapi.Options{Endpoint: srv.URL, Token: aliceToken})
		steps := []func() error{
			func() error { _, err := c.CreateBucket(ctx, "alice/base-data", hfapi.BucketRequest{}); return err },
			func() error { _, err := c.CreateBucket(ctx, "alice/extra", hfapi.BucketRequest{}); return err },
			func() error {
				req := argillaSpace("alice", "base")
				req.Secrets = append(req.Secrets, hfapi.KeyValue{Key: "S1", Value: "secret-one-value"})
				req.Variables = []hfapi.KeyValue{{Key: "V1", Value: "one"}}
				req.Volumes = []hfapi.Volume{{Type: "bucket", Source: "alice/base-data", MountPath: "/data"}}
				_, err := c.CreateRepo(ctx, req)
				return err
			},
			func() error {
				req := argillaSpace("alice", "up")
				req.Hardware = "cpu-upgrade"
				_, err := c.CreateRepo(ctx, req)
				return err
			},
			func() error { _, err := c.CreateRepo(ctx, argillaSpace("alice", "doomed")); return err },
		}
		for _, step := range steps {
			if worldErr = step(); worldErr != nil {
				return
			}
		}
		s, _ := srv.Space("alice/base")
		world.head = s.HeadCommit
	})
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return world
}

// faultyEmu starts an emulator on a copy of the fault world whose Hub request after skip clean ones
// meets kind. For a 429 the emulator's rate limit allows one request per second and per token, on a
// clock that starts at a window's beginning and that every wait of the emulator's clients moves on;
// the quota is spent first by skip requests, minus the one sent here.
func faultyEmu(t *testing.T, kind faultKind, skip int) (*emu, faultWorld) {
	t.Helper()
	w := prepareFaultWorld(t)
	data, err := os.ReadFile(w.file)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if kind != fault429 {
		e := newEmu(t, hubtest.Options{StateFile: file, FaultRate: faultRate, Seed: faultSeeds(t, skip)[kind]})
		e.srv.ResetRequests() // the debug API draws no fault
		return e, w
	}
	clock := &testClock{t: time.Now().Truncate(time.Second).Add(time.Second)}
	e := newEmu(t, hubtest.Options{StateFile: file, RateLimit: 1 + skip, RateWindow: time.Second, Now: clock.now})
	e.sleeps.advance = clock.advance
	for _, spend := range []string{"/api/spaces/hardware", "/spaces/alice/base/resolve/main/README.md"} { // both buckets
		req, _ := http.NewRequest("GET", e.srv.URL+spend, nil)
		req.Header.Set("Authorization", "Bearer "+aliceToken)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
			t.Fatalf("spending the rate limit: %v %v", resp, err)
		} else {
			resp.Body.Close()
		}
	}
	e.srv.ResetRequests()
	return e, w
}

// testClock is a clock that only moves when told.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// faultCase is one client call that must survive any fault on its first attempt.
type faultCase struct {
	name   string
	path   string // where the first attempt goes
	call   func(ctx context.Context, c *hfapi.Client, head string) error
	verify func(t *testing.T, e *emu) // the call's effect, done once
	// conflictAfterLostAnswer: a replay of a create that worked is refused with 409, which the client
	// returns as is (IsConflict, with RepoURL) for the caller's exist-ok logic.
	conflictAfterLostAnswer bool
	// skip is how many requests of the call go through before the one that meets the fault (a commit
	// asks preupload first).
	skip int
	// lookUp: a call that must not act twice (a create, or a change that restarts the Space). After an
	// unknown outcome (5xx, lost connection) the client first looks at the Hub, so when only the
	// answer was lost it never sends the call again, and the look-up's own retries come between the
	// attempts.
	lookUp bool
}

// TestEmulatorRetrySafeCallsSurviveFaults: every retry-safe call, against every kind of fault on its
// first attempt, ends in success (or, for a bucket whose answer was lost, in the documented 409); the
// request log shows the fault; the client asked for the right wait, without sleeping.
func TestEmulatorRetrySafeCallsSurviveFaults(t *testing.T) {
	for _, tc := range retrySafeCases() {
		for _, kind := range allFaults {
			t.Run(tc.name+"/"+string(kind), func(t *testing.T) {
				t.Parallel() // each case has its own emulator and state file
				e, w := faultyEmu(t, kind, tc.skip)
				err := tc.call(context.Background(), e.as(aliceToken), w.head)
				switch {
				case tc.conflictAfterLostAnswer && kind == faultDropAfter:
					var he *hfapi.Error
					if !hfapi.IsConflict(err) || !asErr(err, &he) || he.RepoURL == "" {
						t.Fatalf("err = %v, want the 409 of the replay with the bucket's URL", err)
					}
				case err != nil:
					t.Fatalf("err = %v, want success after the retry", err)
				}
				got := e.statuses(tc.path)
				switch {
				case tc.lookUp && kind == faultDropAfter:
					if len(got) != 1 || got[0] != 0 {
						t.Errorf("requests to %s logged %v, want the lost one only (the look-up found the repo)", tc.path, got)
					}
				case len(got) < 2 || got[0] != kind.firstStatus():
					t.Errorf("requests to %s logged %v, want %d first, then a retry", tc.path, got, kind.firstStatus())
				}
				d := e.sleeps.got()
				switch {
				case tc.lookUp:
					if kind != faultDropAfter && !slices.Contains(d, kind.firstDelay()) {
						t.Errorf("waits %v, want %v among them", d, kind.firstDelay())
					}
				case len(d) == 0 || d[0] != kind.firstDelay():
					t.Errorf("waits %v, want %v first", d, kind.firstDelay())
				}
				if tc.verify != nil {
					tc.verify(t, e)
				}
			})
		}
	}
}

func retrySafeCases() []faultCase {
	const id = "alice/base"
	api := "/api/spaces/" + id
	get := func(f func(ctx context.Context, c *hfapi.Client) (any, error)) func(context.Context, *hfapi.Client, string) error {
		return func(ctx context.Context, c *hfapi.Client, _ string) error { _, err := f(ctx, c); return err }
	}
	return []faultCase{
		{name: "WhoAmI", path: "/api/whoami-v2",
			call: get(func(ctx context.Context, c *hfapi.Client) (any, error) { return c.WhoAmI(ctx) })},
		{name: "SpaceInfo", path: api,
			call: get(func(ctx context.Context, c *hfapi.Client) (any, error) { return c.SpaceInfo(ctx, id) })},
		{name: "SpaceRuntime", path: api + "/runtime",
			call: get(func(ctx context.Context, c *hfapi.Client) (any, error) { return c.SpaceRuntime(ctx, id) })},
		{name: "ListSecrets", path: api + "/secrets",
			call: get(func(ctx context.Context, c *hfapi.Client) (any, error) { return c.ListSecrets(ctx, id) })},
		{name: "ListVariables", path: api + "/variables",
			call: get(func(ctx context.Context, c *hfapi.Client) (any, error) { return c.ListVariables(ctx, id) })},
		{name: "ListHardware", path: "/api/spaces/hardware",
			call: get(func(ctx context.Context, c *hfapi.Client) (any, error) { return c.ListHardware(ctx) })},
		{name: "ListSpaceTemplates", path: "/api/spaces/templates",
			call: get(func(ctx context.Context, c *hfapi.Client) (any, error) { return c.ListSpaceTemplates(ctx) })},
		{name: "GetFile", path: "/spaces/" + id + "/resolve/main/Dockerfile",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				f, err := c.GetFile(ctx, id, "", "Dockerfile")
				if err == nil && string(f.Content) != hubtest.TemplateFiles()["Dockerfile"] {
					return fmt.Errorf("content %q", f.Content)
				}
				return err
			}},
		{name: "HeadFile", path: "/spaces/" + id + "/resolve/main/Dockerfile",
			call: func(ctx context.Context, c *hfapi.Client, head string) error {
				f, err := c.HeadFile(ctx, id, "", "Dockerfile")
				if err == nil && f.Commit != head {
					return fmt.Errorf("commit %q, want %q", f.Commit, head)
				}
				return err
			}},
		{name: "Preupload", path: api + "/preupload/main",
			call: func(ctx context.Context, c *hfapi.Client, head string) error {
				p, err := c.Preupload(ctx, id, "", []hfapi.PreuploadFile{hfapi.NewPreuploadFile("x.txt", []byte("x"))})
				if err == nil && p.CommitOid != head {
					return fmt.Errorf("commitOid %q, want %q", p.CommitOid, head)
				}
				return err
			}},
		{name: "StreamLogs", path: api + "/logs/build",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				n := 0
				err := c.StreamLogs(ctx, id, hfapi.LogsOptions{Build: true, IdleTimeout: 200 * time.Millisecond},
					func(hfapi.LogEvent) error { n++; return nil })
				if err == nil && n < 4 {
					return fmt.Errorf("%d log lines", n)
				}
				return err
			}},
		{name: "AddSecret", path: api + "/secrets",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				return c.AddSecret(ctx, id, hfapi.KeyValue{Key: "S2", Value: "secret-two-value"})
			},
			verify: func(t *testing.T, e *emu) { eqStr(t, "secret S2", e.space(id).Secrets["S2"], "secret-two-value") }},
		{name: "DeleteSecret", path: api + "/secrets",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error { return c.DeleteSecret(ctx, id, "S1") },
			verify: func(t *testing.T, e *emu) {
				if _, ok := e.space(id).Secrets["S1"]; ok {
					t.Error("S1 still set")
				}
			}},
		{name: "AddVariable", lookUp: true, path: api + "/variables",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.AddVariable(ctx, id, hfapi.KeyValue{Key: "V2", Value: "two"})
				return err
			},
			verify: func(t *testing.T, e *emu) { eqStr(t, "variable V2", e.space(id).Variables["V2"], "two") }},
		{name: "DeleteVariable", path: api + "/variables",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.DeleteVariable(ctx, id, "V1")
				return err
			},
			verify: func(t *testing.T, e *emu) {
				if _, ok := e.space(id).Variables["V1"]; ok {
					t.Error("V1 still set")
				}
			}},
		{name: "SetVolumes", lookUp: true, path: api + "/volumes",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				return c.SetVolumes(ctx, id, []hfapi.Volume{{Type: "bucket", Source: "alice/base-data", MountPath: "/data"},
					{Type: "bucket", Source: "alice/extra", MountPath: "/extra"}})
			},
			verify: func(t *testing.T, e *emu) {
				if v := e.space(id).Volumes; len(v) != 2 || v[1].Source != "alice/extra" {
					t.Errorf("volumes = %+v", v)
				}
			}},
		{name: "DeleteVolumes", path: api + "/volumes",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error { return c.DeleteVolumes(ctx, id) },
			verify: func(t *testing.T, e *emu) {
				if v := e.space(id).Volumes; len(v) != 0 {
					t.Errorf("volumes = %+v", v)
				}
			}},
		{name: "UpdateSettings", path: api + "/settings",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				err := c.UpdateSettings(ctx, id, hfapi.SettingsRequest{Visibility: "private"})
				return err
			},
			verify: func(t *testing.T, e *emu) { eqStr(t, "visibility", e.space(id).Visibility, "private") }},
		{name: "RequestHardware", lookUp: true, path: api + "/hardware",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.RequestHardware(ctx, id, "cpu-upgrade", nil)
				return err
			},
			verify: func(t *testing.T, e *emu) { eqStr(t, "hardware", e.space(id).Hardware, "cpu-upgrade") }},
		{name: "SetSleepTime", path: "/api/spaces/alice/up/sleeptime",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.SetSleepTime(ctx, "alice/up", 3600)
				return err
			},
			verify: func(t *testing.T, e *emu) {
				if s := e.space("alice/up").SleepTimeSeconds; s == nil || *s != 3600 {
					t.Errorf("sleep time = %v", s)
				}
			}},
		{name: "PauseSpace", path: api + "/pause",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				rt, err := c.PauseSpace(ctx, id)
				if err == nil && rt.Stage != "PAUSED" {
					return fmt.Errorf("stage %s", rt.Stage)
				}
				return err
			},
			verify: func(t *testing.T, e *emu) { eqStr(t, "stage", e.space(id).Stage, "PAUSED") }},
		{name: "CreateBucket", path: "/api/buckets/alice/fresh", conflictAfterLostAnswer: true,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.CreateBucket(ctx, "alice/fresh", hfapi.BucketRequest{})
				return err
			},
			verify: func(t *testing.T, e *emu) {
				if !strings.Contains(strings.Join(e.srv.Emulator.Buckets(), " "), "alice/fresh") {
					t.Error("bucket alice/fresh missing")
				}
			}},
		{name: "CreateRepo", path: "/api/repos/create", lookUp: true,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				got, err := c.CreateRepo(ctx, argillaSpace("alice", "fresh"))
				if err == nil && got.Name != "alice/fresh" {
					return fmt.Errorf("name %q", got.Name)
				}
				return err
			},
			verify: func(t *testing.T, e *emu) { builtOnce(t, e, "alice/fresh") }},
		{name: "DuplicateSpace", path: api + "/duplicate", lookUp: true,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.DuplicateSpace(ctx, id, hfapi.DuplicateRequest{Repository: "alice/copy"})
				return err
			},
			verify: func(t *testing.T, e *emu) { builtOnce(t, e, "alice/copy") }},
		{name: "DeleteRepo", path: "/api/repos/delete",
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				return c.DeleteRepo(ctx, "alice/doomed", "space")
			},
			verify: func(t *testing.T, e *emu) {
				if _, ok := e.srv.Space("alice/doomed"); ok {
					t.Error("alice/doomed still there")
				}
			}},
		// With parentCommit a replay is safe: a commit that was applied makes the replay a 412, and the
		// client finds its own content at the head.
		{name: "Commit with parent", path: api + "/commit/main", skip: 1,
			call: func(ctx context.Context, c *hfapi.Client, head string) error {
				ci, err := c.Commit(ctx, id, "", hfapi.CommitRequest{Summary: "edit", ParentCommit: head,
					Ops: []hfapi.CommitOp{{Path: ".oauth.yaml", Content: []byte("providers: []\n")}}})
				if err == nil && ci.CommitOid == "" {
					return fmt.Errorf("no commit id in %+v", ci)
				}
				return err
			},
			verify: func(t *testing.T, e *emu) {
				s := e.space(id)
				if s.Commits != 2 || s.Files[".oauth.yaml"] != "providers: []\n" {
					t.Errorf("%d commits (want exactly 2), .oauth.yaml %q", s.Commits, s.Files[".oauth.yaml"])
				}
			}},
	}
}

// TestEmulatorUnsafeCallsUnderFaults: a restart, or a commit without a parent, would act twice if
// replayed, so the client retries them only when the Hub provably did nothing (a 429). After a 5xx or
// a dropped connection it returns the error, and the emulator shows whether the change happened.
func TestEmulatorUnsafeCallsUnderFaults(t *testing.T) {
	const id = "alice/base"
	for _, kind := range allFaults {
		t.Run("restart/"+string(kind), func(t *testing.T) {
			t.Parallel()
			e, _ := faultyEmu(t, kind, 0)
			_, err := e.as(aliceToken).RestartSpace(context.Background(), id, false)
			checkUnsafe(t, e, kind, err, "/api/spaces/"+id+"/restart", e.space(id).Restarts)
		})
		t.Run("commit without parent/"+string(kind), func(t *testing.T) {
			t.Parallel()
			e, _ := faultyEmu(t, kind, 1) // after its preupload
			_, err := e.as(aliceToken).Commit(context.Background(), id, "", hfapi.CommitRequest{Summary: "blind",
				Ops: []hfapi.CommitOp{{Path: "blind.txt", Content: []byte("b")}}})
			checkUnsafe(t, e, kind, err, "/api/spaces/"+id+"/commit/main", e.space(id).Commits-1)
		})
	}
}

// checkUnsafe checks a non-replayable call: done is how many times the change happened.
func checkUnsafe(t *testing.T, e *emu, kind faultKind, err error, path string, done int) {
	t.Helper()
	sent := e.statuses(path)
	switch kind {
	case fault429:
		if err != nil || len(sent) != 2 || done != 1 {
			t.Errorf("after a 429: err %v, requests %v, done %d; want a retry that succeeds once", err, sent, done)
		}
		return
	case faultDropAfter:
		if done != 1 {
			t.Errorf("the lost answer's change happened %d times, want 1", done)
		}
	default:
		if done != 0 {
			t.Errorf("done %d times after %s, want 0", done, kind)
		}
	}
	if err == nil || len(sent) != 1 {
		t.Errorf("after %s: err %v, requests %v; want the error, not a replay", kind, err, sent)
	}
	if want := kind.firstStatus(); hfapi.StatusOf(err) != want {
		t.Errorf("status %d, want %d (%v)", hfapi.StatusOf(err), want, err)
	}
}

// TestEmulatorCreateNeverDuplicated: 20 creates under a 30% fault rate (rate limits, 5xx, lost
// requests and lost answers) all succeed, and each Space exists once and was built once: a lost
// answer is followed by a look-up, never by a blind second create.
func TestEmulatorCreateNeverDuplicated(t *testing.T) {
	e := newEmu(t, hubtest.Options{FaultRate: faultRate, Seed: 1})
	c := e.as(aliceToken)
	var ids []string
	for i := range 20 {
		req := argillaSpace("acme", fmt.Sprintf("space-%02d", i))
		if i%2 == 1 {
			req.Organization = "" // null: the caller; a look-up then needs whoami
		}
		got, err := c.CreateRepo(context.Background(), req)
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
		ids = append(ids, got.Name)
	}
	for i, id := range ids {
		want := fmt.Sprintf("acme/space-%02d", i)
		if i%2 == 1 {
			want = fmt.Sprintf("alice/space-%02d", i)
		}
		if id != want {
			t.Errorf("create %d answered %s, want %s", i, id, want)
		}
		builtOnce(t, e, want)
	}
	// The seed must have exercised the hard cases: answers lost after the create happened (fewer
	// than 20 creates answered 200: the others were found by a look-up) and 5xx.
	statuses := map[int]int{}
	for _, st := range e.statuses("/api/repos/create") {
		statuses[st]++
	}
	if statuses[200] >= 20 || statuses[0] == 0 || statuses[500]+statuses[502]+statuses[503] == 0 {
		t.Errorf("create statuses %v: the seed should give lost answers and 5xx", statuses)
	}
	t.Logf("POST /api/repos/create statuses: %v", statuses)
}

func builtOnce(t *testing.T, e *emu, id string) {
	t.Helper()
	s, ok := e.srv.Space(id)
	if !ok {
		t.Errorf("%s does not exist", id)
		return
	}
	if s.Builds != 1 || s.Restarts != 0 || s.Commits != 1 {
		t.Errorf("%s: builds %d, restarts %d, commits %d; want one of each but restarts", id, s.Builds, s.Restarts, s.Commits)
	}
}

func eqStr(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}
