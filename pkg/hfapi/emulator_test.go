package hfapi_test

// Every client method against the Hub emulator (pkg/hfapi/hubtest), which shares no code with the
// client: both are independent readings of the reference, so a field name or status one of them got
// wrong shows up here. This file has the happy paths, one test per resource; the error paths are in
// emulator_errors_test.go, the faults in emulator_faults_test.go, the lifecycle and the restart and
// wipe accounting in emulator_lifecycle_test.go.

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// The default world's tokens (hubtest.DefaultWorld).
const (
	aliceToken     = "hf_alice"      // alice: PRO, admin of acme (team) and freeorg (no plan)
	aliceReadToken = "hf_alice_read" // alice, read-only
	bobToken       = "hf_bob"        // bob: free, read member of acme
)

const argillaTemplate = "argilla/argilla-template-space"

// emu is an emulator on a real socket plus what the tests need around it.
type emu struct {
	t      *testing.T
	srv    *hubtest.Server
	sleeps *sleeps // the delays every client of this emu asked for, never slept
}

// newEmu starts an emulator. Builds are instant unless opts says otherwise.
func newEmu(t *testing.T, opts hubtest.Options) *emu {
	t.Helper()
	if opts.BuildTime == 0 {
		opts.BuildTime = -1
	}
	srv, err := hubtest.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return &emu{t: t, srv: srv, sleeps: &sleeps{}}
}

// as returns a client of the emulator with token ("" = anonymous) whose retries do not sleep.
func (e *emu) as(token string) *hfapi.Client {
	return hfapi.New(hfapi.Options{Endpoint: e.srv.URL, Token: token, Sleep: e.sleeps.sleep,
		UserAgent: "argilla-space/test; go/x"})
}

// space is the emulator's full view of a Space, which must exist.
func (e *emu) space(id string) *hubtest.SpaceState {
	e.t.Helper()
	s, ok := e.srv.Space(id)
	if !ok {
		e.t.Fatalf("Space %s does not exist in the emulator", id)
	}
	return s
}

// statuses lists the logged statuses of the attempts at path (requests with the method of the first one), in order.
func (e *emu) statuses(path string) []int {
	var out []int
	method := ""
	for _, r := range e.srv.Requests() {
		if r.Path != path {
			continue
		}
		if method == "" {
			method = r.Method
		}
		// Only attempts count: a GET of the path after a POST is a look-up (a lost POST checked).
		if r.Method == method {
			out = append(out, r.Status)
		}
	}
	return out
}

// argillaSpace is the create request of an Argilla Space from the template, with owner secrets.
func argillaSpace(org, name string) hfapi.CreateRepoRequest {
	return hfapi.CreateRepoRequest{Name: name, Organization: org, SDK: "docker", Template: argillaTemplate,
		Visibility: "public", Secrets: []hfapi.KeyValue{{Key: "USERNAME", Value: "owner"},
			{Key: "PASSWORD", Value: "pass-" + name + "-12345"}, {Key: "API_KEY", Value: "key-" + name + "-12345"}}}
}

// mustCreate creates a Space and a bucket mounted at /data when withBucket is set.
func (e *emu) mustCreate(c *hfapi.Client, req hfapi.CreateRepoRequest, withBucket bool) {
	e.t.Helper()
	ctx := context.Background()
	if withBucket {
		id := req.Organization + "/" + req.Name + "-data"
		if _, err := c.CreateBucket(ctx, id, hfapi.BucketRequest{Private: ptr(true)}); err != nil {
			e.t.Fatalf("create bucket %s: %v", id, err)
		}
		req.Volumes = append(req.Volumes, hfapi.Volume{Type: "bucket", Source: id, MountPath: "/data"})
	}
	if _, err := c.CreateRepo(ctx, req); err != nil {
		e.t.Fatalf("create %s/%s: %v", req.Organization, req.Name, err)
	}
}

func TestEmulatorWhoAmI(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	c := e.as(aliceToken)
	w, err := c.WhoAmI(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if w.Type != "user" || w.Name != "alice" || w.IsPro == nil || !*w.IsPro || len(w.ID) != 24 {
		t.Errorf("whoami = %+v", w)
	}
	if w.Auth.AccessToken == nil || w.Auth.AccessToken.Role != "write" {
		t.Errorf("auth = %+v, want a write access token", w.Auth)
	}
	var orgs []string
	for _, o := range w.Orgs {
		plan := "-"
		if o.Plan != nil {
			plan = *o.Plan
		}
		orgs = append(orgs, o.Name+":"+plan+":"+o.RoleInOrg)
	}
	if want := []string{"acme:team:admin", "freeorg:-:admin"}; !reflect.DeepEqual(orgs, want) {
		t.Errorf("orgs = %v, want %v", orgs, want)
	}

	// Cached: whoami-v2 is heavily rate-limited, so the second call sends nothing.
	if _, err := c.WhoAmI(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(e.statuses("/api/whoami-v2")); n != 1 {
		t.Errorf("%d whoami requests, want 1", n)
	}

	r, err := e.as(aliceReadToken).WhoAmI(context.Background())
	if err != nil || r.Auth.AccessToken == nil || r.Auth.AccessToken.Role != "read" {
		t.Errorf("read token: %+v, %v", r, err)
	}
	b, err := e.as(bobToken).WhoAmI(context.Background())
	if err != nil || b.IsPro == nil || *b.IsPro || len(b.Orgs) != 1 || b.Orgs[0].RoleInOrg != "read" {
		t.Errorf("bob: %+v, %v", b, err)
	}
}

func TestEmulatorCreateRepo(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	if _, err := c.CreateBucket(ctx, "acme/full-data", hfapi.BucketRequest{Private: ptr(true)}); err != nil {
		t.Fatal(err)
	}

	// Everything in one request: one build, no restart.
	req := hfapi.CreateRepoRequest{Name: "full", Organization: "acme", SDK: "docker", Template: argillaTemplate,
		Visibility: "private", Hardware: "cpu-upgrade", SleepTimeSeconds: ptr(3600),
		Secrets:   []hfapi.KeyValue{{Key: "PASSWORD", Value: "s3cret-password"}},
		Variables: []hfapi.KeyValue{{Key: "ARGILLA_ENABLE_TELEMETRY", Value: "0", Description: "no telemetry"}},
		Volumes:   []hfapi.Volume{{Type: "bucket", Source: "acme/full-data", MountPath: "/data"}},
		Files:     []hfapi.InlineFile{{Path: "extra.txt", Content: "aGVsbG8=", Encoding: "base64"}}}
	got, err := c.CreateRepo(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != e.srv.URL+"/spaces/acme/full" || got.Name != "acme/full" || len(got.ID) != 24 {
		t.Errorf("create answered %+v", got)
	}
	s := e.space("acme/full")
	if s.Visibility != "private" || s.Hardware != "cpu-upgrade" || s.SleepTimeSeconds == nil || *s.SleepTimeSeconds != 3600 {
		t.Errorf("settings: visibility %s, hardware %s, sleep %v", s.Visibility, s.Hardware, s.SleepTimeSeconds)
	}
	if s.Secrets["PASSWORD"] != "s3cret-password" || s.Variables["ARGILLA_ENABLE_TELEMETRY"] != "0" {
		t.Errorf("secrets %v, variables %v", s.Secrets, s.Variables)
	}
	if len(s.Volumes) != 1 || s.Volumes[0].Source != "acme/full-data" || !s.Persistent {
		t.Errorf("volumes %+v, persistent %v", s.Volumes, s.Persistent)
	}
	if s.Files["Dockerfile"] != hubtest.TemplateFiles()["Dockerfile"] || s.Files["extra.txt"] != "hello" {
		t.Errorf("files: Dockerfile %q, extra.txt %q", s.Files["Dockerfile"], s.Files["extra.txt"])
	}
	if s.Builds != 1 || s.Restarts != 0 || s.Commits != 1 || s.Stage != "RUNNING" {
		t.Errorf("builds %d, restarts %d, commits %d, stage %s", s.Builds, s.Restarts, s.Commits, s.Stage)
	}

	// organization null is the caller; organization equal to the caller's own name too.
	if got, err := c.CreateRepo(ctx, hfapi.CreateRepoRequest{Name: "mine", SDK: "static"}); err != nil || got.Name != "alice/mine" {
		t.Errorf("create with organization null: %+v, %v", got, err)
	}
	if got, err := c.CreateRepo(ctx, hfapi.CreateRepoRequest{Name: "own", Organization: "alice", SDK: "static"}); err != nil || got.Name != "alice/own" {
		t.Errorf("create with organization alice: %+v, %v", got, err)
	}
	e.space("alice/mine")
	e.space("alice/own")
}

func TestEmulatorDuplicateSpace(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	src := argillaSpace("alice", "src")
	src.Variables = []hfapi.KeyValue{{Key: "THEME", Value: "dark"}}
	e.mustCreate(c, src, false)

	got, err := c.DuplicateSpace(ctx, "alice/src", hfapi.DuplicateRequest{Repository: "acme/copy", Visibility: "private",
		Secrets: []hfapi.KeyValue{{Key: "PASSWORD", Value: "other-password"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != e.srv.URL+"/spaces/acme/copy" || got.Name != "acme/copy" {
		t.Errorf("duplicate answered %+v", got)
	}
	s := e.space("acme/copy")
	// Variables are copied, secrets are not (only the ones sent).
	if s.Variables["THEME"] != "dark" || len(s.Secrets) != 1 || s.Secrets["PASSWORD"] != "other-password" {
		t.Errorf("variables %v, secret keys %v", s.Variables, keys(s.Secrets))
	}
	if s.Visibility != "private" || s.Files["Dockerfile"] != e.space("alice/src").Files["Dockerfile"] || s.Builds != 1 {
		t.Errorf("visibility %s, builds %d, files %v", s.Visibility, s.Builds, keys(s.Files))
	}

	// Without a target, the copy goes to the caller's namespace under the source's name.
	if got, err := e.as(aliceToken).DuplicateSpace(ctx, "acme/copy", hfapi.DuplicateRequest{}); err != nil || got.Name != "alice/copy" {
		t.Errorf("duplicate without target: %+v, %v", got, err)
	}
	if s := e.space("alice/copy"); s.Visibility != "private" {
		t.Errorf("the copy's visibility %s, want the source's (private)", s.Visibility)
	}
}

func TestEmulatorSpaceInfoAndRuntime(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("acme", "info"), true)
	port := e.srv.URL[strings.LastIndex(e.srv.URL, ":")+1:]

	info, err := c.SpaceInfo(ctx, "acme/info")
	if err != nil {
		t.Fatal(err)
	}
	s := e.space("acme/info")
	if info.ID != "acme/info" || info.Author != "acme" || info.SHA != s.HeadCommit || info.SDK != "docker" || info.Private {
		t.Errorf("info = %+v", info)
	}
	if info.Subdomain != "acme-info" || info.Host != "http://acme-info.localhost:"+port {
		t.Errorf("subdomain %q, host %q", info.Subdomain, info.Host)
	}
	if info.CardData["sdk"] != "docker" || info.CardData["app_port"] != float64(6900) {
		t.Errorf("cardData = %v", info.CardData)
	}
	var files []string
	for _, sib := range info.Siblings {
		files = append(files, sib.RFilename)
	}
	if want := []string{".gitattributes", ".oauth.yaml", "Dockerfile", "README.md"}; !reflect.DeepEqual(files, want) {
		t.Errorf("siblings = %v, want %v", files, want)
	}
	if info.Runtime == nil || info.Runtime.Stage != "RUNNING" {
		t.Errorf("runtime in info = %+v", info.Runtime)
	}

	// expand: only those properties (and id) come back.
	only, err := c.SpaceInfo(ctx, "acme/info", "sha", "private")
	if err != nil || only.SHA != s.HeadCommit || only.ID != "acme/info" || only.Host != "" || only.Runtime != nil {
		t.Errorf("expand sha: %+v, %v", only, err)
	}

	rt, err := c.SpaceRuntime(ctx, "acme/info")
	if err != nil {
		t.Fatal(err)
	}
	if rt.Stage != "RUNNING" || deref(rt.Hardware.Requested) != "cpu-basic" || deref(rt.Hardware.Current) != "cpu-basic" {
		t.Errorf("runtime = %+v", rt)
	}
	if rt.GCTimeout == nil || *rt.GCTimeout != 172800 || rt.Storage != nil {
		t.Errorf("gcTimeout %v, storage %v", rt.GCTimeout, rt.Storage)
	}
	if len(rt.Domains) != 1 || rt.Domains[0].Domain != "acme-info.localhost:"+port || rt.Domains[0].Stage != "READY" {
		t.Errorf("domains = %+v", rt.Domains)
	}
	wantVol := []hfapi.Volume{{Type: "bucket", Source: "acme/info-data", MountPath: "/data"}}
	if !reflect.DeepEqual(rt.Volumes, wantVol) || rt.Replicas == nil || deref(rt.Replicas.Current) != 1 {
		t.Errorf("volumes %+v, replicas %+v", rt.Volumes, rt.Replicas)
	}
	// Public Spaces are readable without a token.
	if _, err := e.as("").SpaceRuntime(ctx, "acme/info"); err != nil {
		t.Errorf("anonymous runtime of a public Space: %v", err)
	}
}

func TestEmulatorSecretsAndVariables(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "kv"), true)
	const id = "alice/kv"

	if err := c.AddSecret(ctx, id, hfapi.KeyValue{Key: "HF_SECRET", Value: "value-of-the-secret", Description: "d"}); err != nil {
		t.Fatal(err)
	}
	secrets, err := c.ListSecrets(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"API_KEY", "HF_SECRET", "PASSWORD", "USERNAME"}; !reflect.DeepEqual(keys(secrets), want) {
		t.Errorf("secret keys = %v, want %v", keys(secrets), want)
	}
	if sec := secrets["HF_SECRET"]; sec.Key != "HF_SECRET" || sec.Description != "d" || !isHubTime(sec.UpdatedAt) {
		t.Errorf("secret entry = %+v", sec)
	}
	if e.space(id).Secrets["HF_SECRET"] != "value-of-the-secret" {
		t.Error("the emulator did not store the secret's value")
	}
	if err := c.DeleteSecret(ctx, id, "HF_SECRET"); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.space(id).Secrets["HF_SECRET"]; ok {
		t.Error("secret still there after delete")
	}
	// Deleting a missing key is a 200 too, and restarts nothing.
	before := e.space(id).Restarts
	if err := c.DeleteSecret(ctx, id, "NEVER_SET"); err != nil {
		t.Errorf("delete of a missing secret: %v", err)
	}
	if after := e.space(id).Restarts; after != before {
		t.Errorf("restarts %d -> %d after deleting a missing secret", before, after)
	}

	// Variables: POST and DELETE answer the whole map.
	all, err := c.AddVariable(ctx, id, hfapi.KeyValue{Key: "A", Value: "1"})
	if err != nil {
		t.Fatal(err)
	}
	all, err = c.AddVariable(ctx, id, hfapi.KeyValue{Key: "B", Value: "2", Description: "bee"})
	if err != nil || !reflect.DeepEqual(keys(all), []string{"A", "B"}) || all["B"].Value != "2" || all["B"].Description != "bee" || all["A"].Key != "A" {
		t.Errorf("add variable answered %+v, %v", all, err)
	}
	listed, err := e.as("").ListVariables(ctx, id) // variables are public
	if err != nil || !reflect.DeepEqual(keys(listed), []string{"A", "B"}) || !isHubTime(listed["A"].UpdatedAt) {
		t.Errorf("anonymous list variables: %+v, %v", listed, err)
	}
	rest, err := c.DeleteVariable(ctx, id, "A")
	if err != nil || !reflect.DeepEqual(keys(rest), []string{"B"}) {
		t.Errorf("delete variable answered %+v, %v", rest, err)
	}
	if v := e.space(id).Variables; !reflect.DeepEqual(v, map[string]string{"B": "2"}) {
		t.Errorf("emulator variables = %v", v)
	}
}

func TestEmulatorVolumesAndLegacyStorage(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "vol"), false)
	const id = "alice/vol"
	if _, err := c.CreateBucket(ctx, "alice/vol-data", hfapi.BucketRequest{}); err != nil {
		t.Fatal(err)
	}
	vols := []hfapi.Volume{{Type: "bucket", Source: "alice/vol-data", MountPath: "/data"},
		{Type: "model", Source: "acme/weights", MountPath: "/models", ReadOnly: true}}
	if err := c.SetVolumes(ctx, id, vols); err != nil {
		t.Fatal(err)
	}
	rt, err := c.SpaceRuntime(ctx, id)
	if err != nil || !reflect.DeepEqual(rt.Volumes, vols) {
		t.Errorf("runtime volumes = %+v, %v; want %+v", rt.Volumes, err, vols)
	}
	if !e.space(id).Persistent {
		t.Error("a bucket at /data should make the Space persistent")
	}
	if err := c.DeleteVolumes(ctx, id); err != nil {
		t.Fatal(err)
	}
	if s := e.space(id); len(s.Volumes) != 0 || s.Persistent {
		t.Errorf("after delete: volumes %+v, persistent %v", s.Volumes, s.Persistent)
	}

	// The retired tiers are refused by default (reference §0.2)...
	_, err = c.RequestStorage(ctx, id, "small")
	if !hfapi.IsBadRequest(err) || !strings.Contains(err.Error(), "no longer available") {
		t.Errorf("legacy storage: %v, want a 400 saying it is no longer available", err)
	}
	// ...and work when the emulator is told to keep them.
	legacy := newEmu(t, hubtest.Options{LegacyStorage: true})
	lc := legacy.as(aliceToken)
	legacy.mustCreate(lc, argillaSpace("alice", "tier"), false)
	rt, err = lc.RequestStorage(ctx, "alice/tier", "small")
	if err != nil || deref(rt.Storage) != "small" {
		t.Fatalf("request storage: %+v, %v", rt, err)
	}
	if s := legacy.space("alice/tier"); s.StorageTier != "small" || !s.Persistent {
		t.Errorf("tier %q, persistent %v", s.StorageTier, s.Persistent)
	}
	rt, err = lc.DeleteStorage(ctx, "alice/tier")
	if err != nil || rt.Storage != nil {
		t.Errorf("delete storage: %+v, %v", rt, err)
	}
}

func TestEmulatorHardwareSleepPauseRestart(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "hw"), true)
	const id = "alice/hw"

	rt, err := c.RequestHardware(ctx, id, "cpu-upgrade", ptr(7200))
	if err != nil || deref(rt.Hardware.Requested) != "cpu-upgrade" || rt.GCTimeout == nil || *rt.GCTimeout != 7200 {
		t.Fatalf("request hardware: %+v, %v", rt, err)
	}
	rt, err = c.SetSleepTime(ctx, id, -1)
	if err != nil || rt.GCTimeout != nil {
		t.Errorf("sleep never: gcTimeout %v, %v", rt.GCTimeout, err)
	}
	rt, err = c.SetSleepTime(ctx, id, 900)
	if err != nil || rt.GCTimeout == nil || *rt.GCTimeout != 900 {
		t.Errorf("sleep 900: %+v, %v", rt, err)
	}
	s := e.space(id)
	if s.Restarts != 1 {
		t.Errorf("restarts = %d: hardware restarts, sleep time does not", s.Restarts)
	}

	rt, err = c.PauseSpace(ctx, id)
	if err != nil || rt.Stage != "PAUSED" || rt.Hardware.Current != nil {
		t.Fatalf("pause: %+v, %v", rt, err)
	}
	rt, err = c.RestartSpace(ctx, id, false)
	if err != nil || rt.Stage != "RUNNING" {
		t.Fatalf("restart from PAUSED: %+v, %v", rt, err)
	}
	if _, err := c.RestartSpace(ctx, id, true); err != nil {
		t.Fatalf("factory restart: %v", err)
	}
	if s := e.space(id); s.Restarts != 3 || s.Wipes != 0 || s.Builds != 4 {
		t.Errorf("restarts %d, wipes %d, builds %d; want 3, 0 (bucket at /data), 4", s.Restarts, s.Wipes, s.Builds)
	}

	// On cpu-basic the sleep time is fixed at 48 h: accepted, ignored.
	e.mustCreate(c, argillaSpace("alice", "basic"), true)
	rt, err = c.SetSleepTime(ctx, "alice/basic", 900)
	if err != nil || rt.GCTimeout == nil || *rt.GCTimeout != 172800 {
		t.Errorf("sleep on cpu-basic: %+v, %v", rt, err)
	}
}

func TestEmulatorSettings(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "vis"), true)
	const id = "alice/vis"

	for _, v := range []string{"private", "protected", "public"} {
		if err := c.UpdateSettings(ctx, id, hfapi.SettingsRequest{Visibility: v}); err != nil {
			t.Errorf("settings %s: %v", v, err)
		}
		if s := e.space(id); s.Visibility != v {
			t.Errorf("emulator visibility %s, want %s", s.Visibility, v)
		}
	}
	if s := e.space(id); s.Restarts != 3 {
		t.Errorf("restarts = %d, want 3 (one per visibility change)", s.Restarts)
	}
	// The same value again changes nothing and restarts nothing.
	if err := c.UpdateSettings(ctx, id, hfapi.SettingsRequest{Visibility: "public"}); err != nil {
		t.Fatal(err)
	}
	if s := e.space(id); s.Restarts != 3 {
		t.Errorf("restarts = %d after a no-op settings call", s.Restarts)
	}
	if err := c.UpdateSettings(ctx, id, hfapi.SettingsRequest{}); err == nil {
		t.Error("an empty settings request was sent")
	}
}

func TestEmulatorDeleteRepoAndBuckets(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)

	b, err := c.CreateBucket(ctx, "acme/store", hfapi.BucketRequest{Private: ptr(true)})
	if err != nil || b.Name != "acme/store" || b.URL != e.srv.URL+"/buckets/acme/store" || len(b.ID) != 24 {
		t.Errorf("create bucket: %+v, %v", b, err)
	}
	if got := e.srv.Emulator.Buckets(); !reflect.DeepEqual(got, []string{"acme/store"}) {
		t.Errorf("buckets = %v", got)
	}

	e.mustCreate(c, argillaSpace("acme", "gone"), false)
	if err := c.DeleteRepo(ctx, "acme/gone", "space"); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.srv.Space("acme/gone"); ok {
		t.Error("Space still there after delete")
	}
	if _, err := c.SpaceInfo(ctx, "acme/gone"); !hfapi.IsNotFound(err) {
		t.Errorf("space info after delete: %v, want not found", err)
	}
	// A bare name is the caller's namespace (organization null).
	e.mustCreate(c, hfapi.CreateRepoRequest{Name: "mine", SDK: "static"}, false)
	if err := c.DeleteRepo(ctx, "mine", ""); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.srv.Space("alice/mine"); ok {
		t.Error("alice/mine still there after delete")
	}
}

func TestEmulatorCatalogs(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as("") // both lists are public

	hw, err := c.ListHardware(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]hfapi.Hardware{}
	for _, h := range hw {
		byName[h.Name] = h
	}
	if basic, ok := byName["cpu-basic"]; !ok || basic.Accelerator != nil || basic.PrettyName == "" {
		t.Errorf("cpu-basic = %+v", basic)
	}
	if t4, ok := byName["t4-small"]; !ok || t4.Accelerator == nil || t4.Accelerator.Type != "gpu" || t4.Accelerator.Quantity != 1 {
		t.Errorf("t4-small = %+v", t4)
	}
	if _, ok := byName["cpu-upgrade"]; !ok {
		t.Error("cpu-upgrade missing from the hardware list")
	}

	tmpls, err := c.ListSpaceTemplates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tm := range tmpls {
		if tm.RepoID == argillaTemplate {
			found = tm.SDK == "docker" && tm.Name != ""
		}
	}
	if !found {
		t.Errorf("templates = %+v, want %s (docker)", tmpls, argillaTemplate)
	}
}

func TestEmulatorFilesAndCommits(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "files"), true)
	const id = "alice/files"
	head := e.space(id).HeadCommit

	f, err := c.GetFile(ctx, id, "", "Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	want := hubtest.TemplateFiles()["Dockerfile"]
	if string(f.Content) != want || f.Commit != head || f.ETag != hfapi.GitBlobOid([]byte(want)) {
		t.Errorf("GET Dockerfile: commit %s (head %s), etag %s, content %q", f.Commit, head, f.ETag, f.Content)
	}
	h, err := c.HeadFile(ctx, id, "", ".oauth.yaml")
	if err != nil || h.Content != nil || h.Commit != head || h.ETag != hfapi.GitBlobOid([]byte(hubtest.TemplateFiles()[".oauth.yaml"])) {
		t.Errorf("HEAD .oauth.yaml: %+v, %v", h, err)
	}

	oauth := []byte("providers:\n  - name: huggingface\nallowed_workspaces:\n  - name: team\n")
	pre, err := c.Preupload(ctx, id, "main", []hfapi.PreuploadFile{hfapi.NewPreuploadFile(".oauth.yaml", oauth),
		hfapi.NewPreuploadFile("new.txt", []byte("new"))})
	if err != nil {
		t.Fatal(err)
	}
	if pre.CommitOid != head || len(pre.Files) != 2 || pre.Files[0].UploadMode != "regular" || pre.Files[0].Oid != h.ETag || pre.Files[1].Oid != "" {
		t.Errorf("preupload = %+v", pre)
	}

	// A commit on the head: add, replace and delete; the Space rebuilds.
	ci, err := c.Commit(ctx, id, "main", hfapi.CommitRequest{Summary: "allow team", ParentCommit: head, Ops: []hfapi.CommitOp{
		{Path: ".oauth.yaml", Content: oauth}, {Path: "notes/new.txt", Content: []byte("new")}, {Path: "README.md", Delete: true}}})
	if err != nil {
		t.Fatal(err)
	}
	s := e.space(id)
	if !ci.Success || ci.CommitOid != s.HeadCommit || ci.CommitURL != e.srv.URL+"/spaces/"+id+"/commit/"+ci.CommitOid {
		t.Errorf("commit answered %+v (head %s)", ci, s.HeadCommit)
	}
	if s.Files[".oauth.yaml"] != string(oauth) || s.Files["notes/new.txt"] != "new" || s.Files["README.md"] != "" || s.Commits != 2 {
		t.Errorf("files after commit: %v, %d commits", keys(s.Files), s.Commits)
	}
	// It restarted with the new OAuth file; the first start's workspace is kept in the bucket.
	if s.Restarts != 1 || s.Builds != 2 || s.Wipes != 0 || !reflect.DeepEqual(sorted(s.Workspaces), []string{"argilla", "team"}) {
		t.Errorf("restarts %d, builds %d, wipes %d, workspaces %v", s.Restarts, s.Builds, s.Wipes, s.Workspaces)
	}
	// After a commit X-Repo-Commit is the new head, and the old revision is still readable.
	if h, err := c.HeadFile(ctx, id, "main", ".oauth.yaml"); err != nil || h.Commit != ci.CommitOid {
		t.Errorf("HEAD after commit: %+v, %v", h, err)
	}
	if old, err := c.GetFile(ctx, id, head, ".oauth.yaml"); err != nil || string(old.Content) != hubtest.TemplateFiles()[".oauth.yaml"] || old.Commit != head {
		t.Errorf("GET at the old revision: %+v, %v", old, err)
	}
	// A short parent (7 hex) is accepted, as huggingface_hub allows; no parent at all too.
	if _, err := c.Commit(ctx, id, "", hfapi.CommitRequest{Summary: "short parent", ParentCommit: ci.CommitOid[:7],
		Ops: []hfapi.CommitOp{{Path: "a.txt", Content: []byte("a")}}}); err != nil {
		t.Errorf("commit with a short parent: %v", err)
	}
	if _, err := c.Commit(ctx, id, "", hfapi.CommitRequest{Summary: "no parent",
		Ops: []hfapi.CommitOp{{Path: "b.txt", Content: []byte("b")}}}); err != nil {
		t.Errorf("commit without parent: %v", err)
	}
	if n := e.space(id).Commits; n != 4 {
		t.Errorf("%d commits, want 4", n)
	}
}

func TestEmulatorStreamLogs(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("acme", "logs"), true)
	read := func(opts hfapi.LogsOptions) []string {
		t.Helper()
		opts.IdleTimeout = 300 * time.Millisecond // the Hub never ends the stream; the backlog comes at once
		var lines []string
		err := c.StreamLogs(ctx, "acme/logs", opts, func(ev hfapi.LogEvent) error {
			if !isHubTime(ev.Timestamp) {
				t.Errorf("timestamp %q", ev.Timestamp)
			}
			lines = append(lines, ev.Data)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return lines
	}

	build := read(hfapi.LogsOptions{Build: true})
	if len(build) < 4 || !strings.HasPrefix(build[0], "===== Build Queued") || build[1] != "--> FROM argilla/argilla-hf-spaces:v2.8.0" || build[len(build)-1] != "DONE" {
		t.Errorf("build log = %q", build)
	}
	run := read(hfapi.LogsOptions{})
	if len(run) < 3 || run[0] != "===== Application Startup =====" || !strings.Contains(run[len(run)-1], "Uvicorn running") {
		t.Errorf("run log = %q", run)
	}
	if tail := read(hfapi.LogsOptions{Tail: 2}); !reflect.DeepEqual(tail, run[len(run)-2:]) {
		t.Errorf("tail 2 = %q, want %q", tail, run[len(run)-2:])
	}
	// A callback error ends the stream at once and is returned as is.
	stop := errors.New("enough")
	n := 0
	err := c.StreamLogs(ctx, "acme/logs", hfapi.LogsOptions{Follow: true}, func(hfapi.LogEvent) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("follow with a stopping callback: %v after %d events", err, n)
	}
}

// TestEmulatorPrivateApp reaches a Space's Argilla through the client's HTTPClient (the host from the
// Hub, *.localhost resolved to the emulator): a private Space's app wants an HF token that can read
// it, as Authorization: Bearer; Argilla's own key travels in X-Argilla-Api-Key.
func TestEmulatorPrivateApp(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	req := argillaSpace("alice", "priv")
	req.Visibility = "private"
	e.mustCreate(c, req, true)
	info, err := c.SpaceInfo(ctx, "alice/priv")
	if err != nil {
		t.Fatal(err)
	}
	app := func(hfToken string) *argilla.Client {
		return argilla.New(argilla.Options{BaseURL: info.Host, APIKey: "key-priv-12345", HFToken: hfToken, HTTPClient: c.HTTPClient()})
	}

	// No token, or a token that cannot read the Space: the proxy's 404 page, not Argilla.
	if _, err := app("").Me(ctx); !errors.Is(err, argilla.ErrPrivateSpace) {
		t.Errorf("without a Bearer token: %v, want the private-Space 404", err)
	}
	var ae *argilla.Error
	if _, err := app(bobToken).Me(ctx); !errors.As(err, &ae) || ae.Status != http.StatusNotFound || !ae.NotArgilla {
		t.Errorf("with bob's token: %v, want the proxy's 404", err)
	}
	// alice's tokens read it, the read-only one too.
	for _, tok := range []string{aliceToken, aliceReadToken} {
		me, err := app(tok).Me(ctx)
		if err != nil || me.Username != "owner" || me.Role != "owner" || !me.APIKeyMatches("key-priv-12345") {
			t.Errorf("with %s: %+v, %v", tok, me, err)
		}
	}
	if _, err := app(aliceToken).CreateWorkspace(ctx, "labelers"); err != nil {
		t.Fatal(err)
	}
	ws, err := app(aliceToken).Workspaces(ctx)
	if err != nil || !hasWorkspace(ws, "labelers") || !hasWorkspace(ws, "argilla") {
		t.Errorf("workspaces = %+v, %v", ws, err)
	}
	if got := e.space("alice/priv").Workspaces; !reflect.DeepEqual(sorted(got), []string{"argilla", "labelers"}) {
		t.Errorf("emulator workspaces = %v", got)
	}
	// A read member of the owning org reaches an org's private app.
	org := argillaSpace("acme", "priv")
	org.Visibility = "private"
	e.mustCreate(c, org, true)
	orgInfo, err := c.SpaceInfo(ctx, "acme/priv")
	if err != nil {
		t.Fatal(err)
	}
	st, err := argilla.New(argilla.Options{BaseURL: orgInfo.Host, HFToken: bobToken, HTTPClient: c.HTTPClient()}).Status(ctx)
	if err != nil || st.Version == "" {
		t.Errorf("bob (read member of acme) on acme's private app: %+v, %v", st, err)
	}
	// Every app request went to a Space host, none to the Hub.
	for _, r := range e.srv.Requests() {
		if strings.HasPrefix(r.Path, "/api/v1/") && !strings.HasSuffix(strings.Split(r.Host, ":")[0], "-priv.localhost") {
			t.Errorf("app request %s %s went to %s", r.Method, r.Path, r.Host)
		}
	}
}

// TestEmulatorProtectedApp: a protected Space has private code but a public app (reference §7).
func TestEmulatorProtectedApp(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	ctx := context.Background()
	c := e.as(aliceToken)
	req := argillaSpace("alice", "prot")
	req.Visibility = "protected"
	e.mustCreate(c, req, true)
	info, err := c.SpaceInfo(ctx, "alice/prot")
	if err != nil || !info.Private {
		t.Fatalf("info: %+v, %v", info, err)
	}
	st, err := argilla.New(argilla.Options{BaseURL: info.Host, HTTPClient: c.HTTPClient()}).Status(ctx)
	if err != nil || st.Version == "" {
		t.Errorf("anonymous status of a protected app: %+v, %v", st, err)
	}
	if _, err := e.as("").SpaceInfo(ctx, "alice/prot"); !hfapi.IsNotFound(err) {
		t.Errorf("anonymous info of a protected Space: %v, want not found (the repo is private)", err)
	}
}

// sleeps, ptr: helpers_test.go.

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// isHubTime reports the Hub's timestamp format, ISO 8601 in UTC with milliseconds.
func isHubTime(s string) bool {
	_, err := time.Parse("2006-01-02T15:04:05.000Z", s)
	return err == nil
}

func hasWorkspace(ws []argilla.Workspace, name string) bool {
	for _, w := range ws {
		if w.Name == name {
			return true
		}
	}
	return false
}
