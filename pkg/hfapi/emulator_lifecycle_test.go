package hfapi_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// emuClock is the emulator's clock in lifecycle tests, moved by hand.
type emuClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *emuClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *emuClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// stageNow reads the runtime and returns "STAGE current/requested".
func stageNow(t *testing.T, c *hfapi.Client, id string) string {
	t.Helper()
	rt, err := c.SpaceRuntime(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	cur := deref(rt.Hardware.Current)
	if cur == "" {
		cur = "null"
	}
	return rt.Stage + " " + cur + "/" + deref(rt.Hardware.Requested)
}

// failNext plants a failure for the Space's next start (the emulator's debug API).
func failNext(t *testing.T, e *emu, id, stage string) {
	t.Helper()
	resp, err := http.Post(e.srv.URL+"/_emulator/spaces/"+id+"/fail", "application/json",
		strings.NewReader(`{"stage":"`+stage+`","message":"boom"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("fail %s: HTTP %d", id, resp.StatusCode)
	}
}

// TestEmulatorLifecycle follows a Space through its stages on a fake clock: builds take 10 s and
// starts 5 s. hardware.current is null during the first build and while paused, and stays on the old
// flavor while a new one builds (the old version still serves).
func TestEmulatorLifecycle(t *testing.T) {
	clock := &emuClock{t: time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)}
	e := newEmu(t, hubtest.Options{BuildTime: 10 * time.Second, StartTime: 5 * time.Second, Now: clock.Now})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "life"), true)
	const id = "alice/life"
	info, err := c.SpaceInfo(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	app := argilla.New(argilla.Options{BaseURL: info.Host, HTTPClient: c.HTTPClient()})
	appReady := func() bool {
		_, err := app.Status(ctx)
		var nr *argilla.NotReadyError
		if err != nil && !errors.As(err, &nr) {
			t.Fatalf("app status: %v", err)
		}
		return err == nil
	}

	steps := []struct {
		do    func()
		want  string
		ready bool
	}{
		{func() {}, "BUILDING null/cpu-basic", false},
		{func() { clock.Advance(9 * time.Second) }, "BUILDING null/cpu-basic", false},
		{func() { clock.Advance(time.Second) }, "APP_STARTING cpu-basic/cpu-basic", false},
		{func() { clock.Advance(5 * time.Second) }, "RUNNING cpu-basic/cpu-basic", true},
		// A new flavor: the Space rebuilds while the old one is still current.
		{func() {
			mustDo(t, func() error { _, err := c.RequestHardware(ctx, id, "cpu-upgrade", nil); return err })
		},
			"BUILDING cpu-basic/cpu-upgrade", false},
		{func() { clock.Advance(15 * time.Second) }, "RUNNING cpu-upgrade/cpu-upgrade", true},
		{func() { mustDo(t, func() error { _, err := c.PauseSpace(ctx, id); return err }) }, "PAUSED null/cpu-upgrade", false},
		{func() { clock.Advance(time.Hour) }, "PAUSED null/cpu-upgrade", false},
		{func() { mustDo(t, func() error { _, err := c.RestartSpace(ctx, id, false); return err }) }, "BUILDING null/cpu-upgrade", false},
		{func() { clock.Advance(15 * time.Second) }, "RUNNING cpu-upgrade/cpu-upgrade", true},
		// Failures planted for the next start: the stage turns at the end of the window that fails.
		{func() {
			failNext(t, e, id, "RUNTIME_ERROR")
			mustDo(t, func() error { _, err := c.RestartSpace(ctx, id, false); return err })
			clock.Advance(10 * time.Second)
		}, "APP_STARTING cpu-upgrade/cpu-upgrade", false},
		{func() { clock.Advance(5 * time.Second) }, "RUNTIME_ERROR cpu-upgrade/cpu-upgrade", false},
		{func() {
			failNext(t, e, id, "BUILD_ERROR")
			mustDo(t, func() error { _, err := c.RestartSpace(ctx, id, true); return err })
			clock.Advance(9 * time.Second)
		}, "BUILDING cpu-upgrade/cpu-upgrade", false},
		{func() { clock.Advance(time.Second) }, "BUILD_ERROR cpu-upgrade/cpu-upgrade", false},
		// A restart after a failure starts clean.
		{func() {
			mustDo(t, func() error { _, err := c.RestartSpace(ctx, id, false); return err })
			clock.Advance(15 * time.Second)
		}, "RUNNING cpu-upgrade/cpu-upgrade", true},
	}
	for i, s := range steps {
		s.do()
		if got := stageNow(t, c, id); got != s.want {
			t.Fatalf("step %d: %s, want %s", i, got, s.want)
		}
		if got := appReady(); got != s.ready {
			t.Errorf("step %d (%s): app ready %v, want %v", i, s.want, got, s.ready)
		}
	}
	rt, err := c.SpaceRuntime(ctx, id)
	if err != nil || hfapi.IsIntermediateStage(rt.Stage) || hfapi.IsErrorStage(rt.Stage) {
		t.Errorf("final runtime %+v, %v", rt, err)
	}
	if s := e.space(id); s.Restarts != 5 || s.Builds != 6 || s.Wipes != 0 {
		t.Errorf("restarts %d, builds %d, wipes %d; want 5, 6, 0", s.Restarts, s.Builds, s.Wipes)
	}
}

// TestEmulatorErrorStageInRuntime: a failed Space's runtime carries errorMessage.
func TestEmulatorErrorStageInRuntime(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "bad"), true)
	failNext(t, e, "alice/bad", "RUNTIME_ERROR")
	rt, err := c.RestartSpace(context.Background(), "alice/bad", false)
	if err != nil || rt.Stage != "RUNTIME_ERROR" || !strings.Contains(rt.ErrorMessage, "boom") || !hfapi.IsErrorStage(rt.Stage) {
		t.Errorf("runtime after a failed start: %+v, %v", rt, err)
	}
}

// TestEmulatorRestartAccounting: which calls restart the Space (reference §4, §6, §7, §10), counted by
// the emulator; and a restart without persistent storage wipes the app's data.
func TestEmulatorRestartAccounting(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "acct"), true)
	if _, err := c.CreateBucket(ctx, "alice/other", hfapi.BucketRequest{}); err != nil {
		t.Fatal(err)
	}
	const id = "alice/acct"
	ops := []struct {
		name     string
		do       func() error
		restarts int
	}{
		{"add a secret", func() error { return c.AddSecret(ctx, id, hfapi.KeyValue{Key: "K", Value: "secret-k-value"}) }, 1},
		{"delete the secret", func() error { return c.DeleteSecret(ctx, id, "K") }, 1},
		{"delete a missing secret", func() error { return c.DeleteSecret(ctx, id, "K") }, 0},
		{"add a variable", func() error { _, err := c.AddVariable(ctx, id, hfapi.KeyValue{Key: "V", Value: "1"}); return err }, 1},
		{"delete a missing variable", func() error { _, err := c.DeleteVariable(ctx, id, "NOPE"); return err }, 0},
		{"hardware", func() error { _, err := c.RequestHardware(ctx, id, "cpu-upgrade", nil); return err }, 1},
		{"sleep time", func() error { _, err := c.SetSleepTime(ctx, id, 600); return err }, 0},
		{"visibility change", func() error {
			err := c.UpdateSettings(ctx, id, hfapi.SettingsRequest{Visibility: "private"})
			return err
		}, 1},
		{"same visibility", func() error {
			err := c.UpdateSettings(ctx, id, hfapi.SettingsRequest{Visibility: "private"})
			return err
		}, 0},
		{"volumes", func() error {
			return c.SetVolumes(ctx, id, []hfapi.Volume{{Type: "bucket", Source: "alice/acct-data", MountPath: "/data"},
				{Type: "bucket", Source: "alice/other", MountPath: "/other", ReadOnly: true}})
		}, 1},
		{"commit", func() error {
			_, err := c.Commit(ctx, id, "", hfapi.CommitRequest{Summary: "c", Ops: []hfapi.CommitOp{{Path: "c.txt", Content: []byte("c")}}})
			return err
		}, 1},
		{"restart", func() error { _, err := c.RestartSpace(ctx, id, false); return err }, 1},
		{"pause", func() error { _, err := c.PauseSpace(ctx, id); return err }, 0},
		{"reads", func() error {
			_, err1 := c.SpaceInfo(ctx, id)
			_, err2 := c.ListSecrets(ctx, id)
			_, err3 := c.Preupload(ctx, id, "", []hfapi.PreuploadFile{hfapi.NewPreuploadFile("c.txt", []byte("c"))})
			return errors.Join(err1, err2, err3)
		}, 0},
	}
	for _, op := range ops {
		before := e.space(id).Restarts
		if err := op.do(); err != nil {
			t.Fatalf("%s: %v", op.name, err)
		}
		s := e.space(id)
		if got := s.Restarts - before; got != op.restarts {
			t.Errorf("%s: %d restart(s), want %d", op.name, got, op.restarts)
		}
		if s.Wipes != 0 {
			t.Fatalf("%s: %d wipe(s) with a bucket at /data", op.name, s.Wipes)
		}
	}
}

// TestEmulatorWipes: the Argilla data (users, workspaces) lives in the bucket mounted at /data, or on
// the container's disk, which every restart loses. Attaching or removing persistence restarts onto
// other data, which counts as a wipe too.
func TestEmulatorWipes(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "eph"), false)
	e.mustCreate(c, argillaSpace("alice", "kept"), true)
	workspaces := func(id string) []string { return sorted(e.space(id).Workspaces) }
	addWorkspace := func(id string) {
		t.Helper()
		info, err := c.SpaceInfo(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		_, name, _ := strings.Cut(id, "/")
		app := argilla.New(argilla.Options{BaseURL: info.Host, APIKey: "key-" + name + "-12345", HTTPClient: c.HTTPClient()})
		if _, err := app.CreateWorkspace(ctx, "labels"); err != nil {
			t.Fatal(err)
		}
	}
	restart := func(id string) {
		t.Helper()
		if _, err := c.RestartSpace(ctx, id, false); err != nil {
			t.Fatal(err)
		}
	}

	addWorkspace("alice/eph")
	addWorkspace("alice/kept")
	restart("alice/eph")
	restart("alice/kept")
	if got := workspaces("alice/eph"); !reflect.DeepEqual(got, []string{"argilla"}) {
		t.Errorf("ephemeral Space after a restart: workspaces %v, want the OAuth file's only", got)
	}
	if got := workspaces("alice/kept"); !reflect.DeepEqual(got, []string{"argilla", "labels"}) {
		t.Errorf("Space with a bucket after a restart: workspaces %v", got)
	}
	if s := e.space("alice/eph"); s.Restarts != 1 || s.Wipes != 1 || s.Owner == nil || s.Owner.Username != "owner" {
		t.Errorf("ephemeral: restarts %d, wipes %d, owner %+v (recreated from the secrets)", s.Restarts, s.Wipes, s.Owner)
	}
	if s := e.space("alice/kept"); s.Restarts != 1 || s.Wipes != 0 {
		t.Errorf("bucket: restarts %d, wipes %d", s.Restarts, s.Wipes)
	}

	// Attaching a bucket restarts onto the bucket's (empty) data: the ephemeral data is gone.
	addWorkspace("alice/eph")
	if _, err := c.CreateBucket(ctx, "alice/eph-data", hfapi.BucketRequest{}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetVolumes(ctx, "alice/eph", []hfapi.Volume{{Type: "bucket", Source: "alice/eph-data", MountPath: "/data"}}); err != nil {
		t.Fatal(err)
	}
	if s := e.space("alice/eph"); s.Wipes != 2 || !s.Persistent || !reflect.DeepEqual(sorted(s.Workspaces), []string{"argilla"}) {
		t.Errorf("after attaching a bucket: wipes %d, persistent %v, workspaces %v", s.Wipes, s.Persistent, s.Workspaces)
	}
	// From now on its data survives restarts...
	addWorkspace("alice/eph")
	restart("alice/eph")
	if s := e.space("alice/eph"); s.Wipes != 2 || !reflect.DeepEqual(sorted(s.Workspaces), []string{"argilla", "labels"}) {
		t.Errorf("persistent restart: wipes %d, workspaces %v", s.Wipes, s.Workspaces)
	}
	// ...and removing the volume loses it again (the bucket keeps its copy).
	if err := c.DeleteVolumes(ctx, "alice/eph"); err != nil {
		t.Fatal(err)
	}
	if s := e.space("alice/eph"); s.Wipes != 3 || s.Persistent || !reflect.DeepEqual(sorted(s.Workspaces), []string{"argilla"}) {
		t.Errorf("after removing the bucket: wipes %d, persistent %v, workspaces %v", s.Wipes, s.Persistent, s.Workspaces)
	}
}

func mustDo(t *testing.T, f func() error) {
	t.Helper()
	if err := f(); err != nil {
		t.Fatal(err)
	}
}

// TestEmulatorEnsureBucket: a 403 on bucket creation is followed by a bucket read, as
// huggingface_hub's create_bucket(exist_ok=True) does: an existing bucket the token can read is
// fine; a missing one, or one it cannot see, keeps the 403.
func TestEmulatorEnsureBucket(t *testing.T) {
	world := hubtest.DefaultWorld()
	world.Users = append(world.Users, hubtest.User{Name: "carol", IsPro: true})
	world.Orgs[0].Members["carol"] = "read" // acme
	world.Tokens = append(world.Tokens, hubtest.Token{Value: "hf_carol", User: "carol", Role: "write"})
	e := newEmu(t, hubtest.Options{World: world})
	ctx := context.Background()
	alice, carol := e.as(aliceToken), e.as("hf_carol")
	for _, id := range []string{"acme/shared", "freeorg/hidden"} {
		if created, err := alice.EnsureBucket(ctx, id, hfapi.BucketRequest{Private: ptr(true)}); err != nil || !created {
			t.Fatalf("%s: created %v, %v", id, created, err)
		}
	}
	if created, err := alice.EnsureBucket(ctx, "acme/shared", hfapi.BucketRequest{}); err != nil || created {
		t.Errorf("existing bucket (409): created %v, %v", created, err)
	}
	e.srv.ResetRequests()
	if created, err := carol.EnsureBucket(ctx, "acme/shared", hfapi.BucketRequest{}); err != nil || created {
		t.Errorf("a readable bucket carol may not create: created %v, %v", created, err)
	}
	if r := e.srv.Requests(); len(r) != 2 || r[0].Method != "POST" || r[0].Status != 403 || r[1].Method != "GET" || r[1].Status != 200 {
		t.Errorf("requests %v, want the refused create then the read", r)
	}
	for _, id := range []string{"acme/missing", "freeorg/hidden"} {
		if _, err := carol.EnsureBucket(ctx, id, hfapi.BucketRequest{}); !hfapi.IsForbidden(err) {
			t.Errorf("%s: err %v, want the 403 of the create", id, err)
		}
	}
	if len(e.srv.Emulator.Buckets()) != 2 {
		t.Errorf("buckets %v", e.srv.Emulator.Buckets())
	}
}

// TestEmulatorDeleteBucket: DELETE /api/buckets/{id} removes an unmounted bucket; a missing one is
// IsNotFound; a mounted one is refused (the emulator's conservative choice) and kept.
func TestEmulatorDeleteBucket(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "mounted"), true)
	if _, err := c.EnsureBucket(ctx, "alice/spare", hfapi.BucketRequest{}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteBucket(ctx, "alice/spare"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteBucket(ctx, "alice/spare"); !hfapi.IsNotFound(err) {
		t.Errorf("second delete: %v, want not found", err)
	}
	if err := c.DeleteBucket(ctx, "alice/mounted-data"); !hfapi.IsConflict(err) {
		t.Errorf("mounted bucket: %v, want a 409", err)
	}
	if !slices.Contains(e.srv.Emulator.Buckets(), "alice/mounted-data") {
		t.Errorf("buckets %v", e.srv.Emulator.Buckets())
	}
}

// TestEmulatorLFSFileDownload: a file the Space's .gitattributes stores in LFS is a redirect to the
// CDN, as on the Hub. GetFile takes Commit and ETag from the Hub's redirect (never the CDN's answer)
// and fetches the content there without the token; HeadFile stops at the redirect; preupload says
// "lfs", so Commit refuses to send such a file inline.
func TestEmulatorLFSFileDownload(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "lfs"), false)
	// Put a tracked file there by hand, as another client that uploads LFS would.
	body := `{"key":"header","value":{"summary":"add weights"}}` + "\n" +
		`{"key":"file","value":{"path":"model.bin","content":"d2VpZ2h0cw==","encoding":"base64"}}` + "\n"
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/spaces/alice/lfs/commit/main", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+aliceToken)
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("commit: %v %v", resp, err)
	}
	resp.Body.Close()
	head := e.space("alice/lfs").HeadCommit
	e.srv.ResetRequests()
	f, err := c.GetFile(ctx, "alice/lfs", "main", "model.bin")
	if err != nil || string(f.Content) != "weights" || f.Commit != head || len(f.ETag) != 64 {
		t.Fatalf("GetFile = %+v, %v (head %s)", f, err, head)
	}
	reqs := e.srv.Requests()
	if len(reqs) != 2 || reqs[0].Status != 302 || !strings.HasPrefix(reqs[1].Path, "/_cdn/") || reqs[0].Host == reqs[1].Host {
		t.Errorf("requests %+v, want the Hub's 302 then the CDN on another host", reqs)
	}
	h, err := c.HeadFile(ctx, "alice/lfs", "main", "model.bin")
	if err != nil || h.Commit != head || h.ETag != f.ETag {
		t.Errorf("HeadFile = %+v, %v", h, err)
	}
	plain, err := c.GetFile(ctx, "alice/lfs", "main", "Dockerfile")
	if err != nil || plain.Commit != head || !strings.Contains(string(plain.Content), "FROM") {
		t.Errorf("regular file: %+v, %v", plain, err)
	}
	_, err = c.Commit(ctx, "alice/lfs", "main", hfapi.CommitRequest{Summary: "s", Ops: []hfapi.CommitOp{{Path: "other.bin", Content: []byte("x")}}})
	if err == nil || !strings.Contains(err.Error(), `"lfs"`) {
		t.Errorf("commit of an LFS path: %v", err)
	}
}
