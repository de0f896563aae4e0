package spaces

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/backup/backuptest"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// fakeCarrier records what migrate and upgrade ask of the backup package, and what the Space looked
// like then.
type fakeCarrier struct {
	log        []string
	backupErr  error
	restoreErr error
}

func (f *fakeCarrier) Backup(ctx context.Context, st *State, reason string) (string, error) {
	f.log = append(f.log, fmt.Sprintf("backup %s (%s, %s)", reason, st.StorageKind(), st.Stage()))
	if f.backupErr != nil {
		return "", f.backupErr
	}
	return "/state/backups/" + st.ID.Name + "-" + reason, nil
}

func (f *fakeCarrier) Restore(ctx context.Context, st *State, path string) error {
	f.log = append(f.log, fmt.Sprintf("restore %s (%s, %s)", path, st.StorageKind(), st.Stage()))
	return f.restoreErr
}

// countingConfirmer says yes and counts the questions.
type countingConfirmer struct{ asked int }

func (c *countingConfirmer) Confirm(context.Context, string, string) (bool, error) {
	c.asked++
	return true, nil
}

func (c *countingConfirmer) ConfirmTyped(context.Context, string, string) (bool, error) {
	c.asked++
	return true, nil
}

// carrySetup creates a Space from spec on a fresh emulator and returns the options migrate and upgrade
// take, with an instant wait.
func carrySetup(t *testing.T, spec Spec) (*hubtest.Emulator, *hfapi.Client, CarryOptions, *fakeCarrier) {
	t.Helper()
	emu := emulator(t)
	hub := newHub(t, emu)
	if _, err := (&Engine{Hub: hub}).Run(context.Background(), createRequest(hub, spec)); err != nil {
		t.Fatal(err)
	}
	fc := &fakeCarrier{}
	key := ""
	if spec.Owner != nil {
		key = spec.Owner.APIKey
	}
	o := CarryOptions{
		Carrier:  fc,
		Access:   ArgillaAccess{APIKey: func(ID) string { return key }, HFToken: hub.Token(), Endpoint: hub.Endpoint(), HTTP: hub.HTTPClient()},
		Wait:     WaitOptions{Timeout: time.Minute, APIKey: key, HFToken: hub.Token(), HTTP: hub.HTTPClient(), Sleep: func(context.Context, time.Duration) error { return nil }},
		NotFound: func(id ID) error { return fmt.Errorf("%s not found", id) },
	}
	return emu, hub, o, fc
}

func ephemeralSpec(id string) Spec {
	s := createSpec(id)
	s.Storage = &StorageSpec{Type: StorageEphemeral}
	return s
}

// Migrate backs up the ephemeral Space, attaches the bucket, waits, restores, all after one question.
func TestMigrateBacksUpThenAttachesThenRestores(t *testing.T) {
	_, hub, o, fc := carrySetup(t, ephemeralSpec("acme/mig"))
	id := ID{"acme", "mig"}
	c := &countingConfirmer{}
	res, err := Migrate(context.Background(), &Engine{Hub: hub, Confirm: c}, id, "", o)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"backup migrate (ephemeral, RUNNING)", "restore /state/backups/mig-migrate (bucket, RUNNING)"}
	if strings.Join(fc.log, "; ") != strings.Join(want, "; ") {
		t.Fatalf("carrier calls %q", fc.log)
	}
	if c.asked != 1 || !res.Restored || res.Backup == "" {
		t.Fatalf("asked %d, result %+v", c.asked, res)
	}
	st, _ := Observe(context.Background(), hub, id, ObserveOptions{})
	if v, ok := st.DataVolume(); !ok || v.Source != "acme/mig-data" {
		t.Fatalf("not persistent after the migration: %+v", st.Runtime.Volumes)
	}
	if !strings.Contains(res.Plan.Changes[len(res.Plan.Changes)-1].Summary, "backs Argilla up first") {
		t.Fatalf("summary %q", res.Plan.Changes[len(res.Plan.Changes)-1].Summary)
	}
	// Once persistent, there is nothing to migrate: no backup, no question.
	res, err = Migrate(context.Background(), &Engine{Hub: hub, Confirm: c}, id, "", o)
	if err != nil || !res.Plan.Empty() || len(fc.log) != 2 || c.asked != 1 {
		t.Fatalf("second run: %v %+v %q", err, res, fc.log)
	}
}

// In CI without --yes the guard refuses before anything, the backup included.
func TestMigrateRefusedWithoutConfirmationTakesNoBackup(t *testing.T) {
	_, hub, o, fc := carrySetup(t, ephemeralSpec("acme/ci"))
	_, err := Migrate(context.Background(), &Engine{Hub: hub}, ID{"acme", "ci"}, "", o)
	var ce *ConfirmationError
	if !errors.As(err, &ce) || len(fc.log) != 0 {
		t.Fatalf("%v, carrier %q", err, fc.log)
	}
	o.DryRun = true
	res, err := Migrate(context.Background(), &Engine{Hub: hub}, ID{"acme", "ci"}, "", o)
	if err != nil || !res.DryRun || res.Plan.Empty() || len(fc.log) != 0 {
		t.Fatalf("dry run: %v %+v %q", err, res, fc.log)
	}
}

// A failure after the backup keeps it and names the restore command; the cause stays reachable.
func TestMigrateFailureKeepsTheBackup(t *testing.T) {
	_, hub, o, fc := carrySetup(t, ephemeralSpec("acme/fail"))
	fc.restoreErr = errors.New("verification: dataset a has 3 records, the backup 4")
	_, err := Migrate(context.Background(), &Engine{Hub: hub, Yes: true}, ID{"acme", "fail"}, "", o)
	var ce *CarryError
	if !errors.As(err, &ce) || ce.Backup != "/state/backups/fail-migrate" {
		t.Fatalf("%v", err)
	}
	if !strings.Contains(err.Error(), "`argilla-space restore /state/backups/fail-migrate --space acme/fail` finishes the job") ||
		!strings.Contains(err.Error(), "restoring the backup failed") {
		t.Fatalf("message: %v", err)
	}
	_, hub, o, fc = carrySetup(t, ephemeralSpec("acme/fail"))
	fc.backupErr = errors.New("403")
	_, err = Migrate(context.Background(), &Engine{Hub: hub, Yes: true}, ID{"acme", "fail"}, "", o)
	if err == nil || errors.As(err, &ce) || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("failed backup: %v", err)
	}
}

// Without an API_KEY secret the owner would get an unreadable random key on the new storage, and the
// restore could not sign in: the migration sets the key we use in the same plan.
func TestMigrateKeepsTheOwnerKey(t *testing.T) {
	spec := ephemeralSpec("acme/nokey")
	var key string
	spec.Owner = &OwnerSpec{Username: "alice"}
	emu, hub, o, _ := carrySetup(t, spec)
	sp, _ := emu.Space("acme/nokey")
	key = sp.Owner.APIKey // generated by Argilla: the user copies it from My Settings
	o.Access.APIKey = func(ID) string { return key }
	o.DryRun = true
	res, err := Migrate(context.Background(), &Engine{Hub: hub}, ID{"acme", "nokey"}, "", o)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range res.Plan.Changes {
		found = found || c.Kind == KindSetSecret && c.Target == SecretAPIKey
	}
	if !found {
		t.Fatalf("no API_KEY in %s", kindsOf(res.Plan))
	}
}

func TestUpgradeRefusesADowngrade(t *testing.T) {
	spec := createSpec("acme/new")
	_, hub, o, fc := carrySetup(t, spec)
	_, err := Upgrade(context.Background(), &Engine{Hub: hub, Yes: true}, ID{"acme", "new"}, UpgradeOptions{CarryOptions: o, To: "v2.5.0"})
	var de *DowngradeError
	var re *RefusedError
	if !errors.As(err, &de) || !errors.As(err, &re) || len(fc.log) != 0 {
		t.Fatalf("%v %q", err, fc.log)
	}
}

// A persistent Space: backup first, one commit of the FROM line, Argilla answers the new version, and
// nothing is restored (the data stayed on the bucket).
func TestUpgradeOfAPersistentSpace(t *testing.T) {
	spec := createSpec("acme/up")
	spec.ArgillaVersion = "v2.5.0"
	emu, hub, o, fc := carrySetup(t, spec)
	emu.ResetRequests()
	res, err := Upgrade(context.Background(), &Engine{Hub: hub}, ID{"acme", "up"}, UpgradeOptions{CarryOptions: o})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pinned != "v2.5.0" || res.To != "2.8.0" || res.After != "2.8.0" || res.Restored || res.Backup == "" {
		t.Fatalf("result %+v", res)
	}
	if len(fc.log) != 1 || !strings.HasPrefix(fc.log[0], "backup upgrade (bucket, RUNNING)") {
		t.Fatalf("carrier %q", fc.log)
	}
	commits := 0
	for _, r := range emu.Requests() {
		if r.Method == "POST" && strings.Contains(r.Path, "/commit/") {
			commits++
		}
	}
	if commits != 1 {
		t.Fatalf("%d commits", commits)
	}
	// At the newest version already: nothing planned.
	res, err = Upgrade(context.Background(), &Engine{Hub: hub}, ID{"acme", "up"}, UpgradeOptions{CarryOptions: o})
	if err != nil || !res.Plan.Empty() || len(fc.log) != 1 {
		t.Fatalf("again: %v %+v %q", err, res, fc.log)
	}
}

// A tag whose build fails: the log tail, the backup kept, and the way back (the pin is allowed back
// since the new version never ran).
func TestUpgradeToATagThatDoesNotBuild(t *testing.T) {
	_, hub, o, _ := carrySetup(t, createSpec("acme/bad"))
	id := ID{"acme", "bad"}
	_, err := Upgrade(context.Background(), &Engine{Hub: hub}, id, UpgradeOptions{CarryOptions: o, To: "v2.9.0", AnyVersion: true})
	var ce *CarryError
	var fe *SpaceFailedError
	if !errors.As(err, &ce) || !errors.As(err, &fe) || fe.Stage != "BUILD_ERROR" {
		t.Fatalf("%v", err)
	}
	for _, want := range []string{"manifest unknown", "`argilla-space upgrade --space acme/bad --to v2.8.0`", "restore /state/backups/bad-upgrade"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q:\n%v", want, err)
		}
	}
	res, err := Upgrade(context.Background(), &Engine{Hub: hub}, id, UpgradeOptions{CarryOptions: o, To: "v2.8.0", NoBackup: true})
	if err != nil || res.After != "2.8.0" {
		t.Fatalf("going back: %v %+v", err, res)
	}
}

// The real carrier: an ephemeral Space full of data (every role, two workspaces, datasets with every
// field and question type, responses in all three statuses) migrates to a bucket and loses nothing.
func TestMigrateCarriesEverything(t *testing.T) {
	_, hub, o, _ := carrySetup(t, ephemeralSpec("acme/full"))
	id := ID{"acme", "full"}
	ctx := context.Background()
	st, err := Observe(ctx, hub, id, ObserveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	app, err := o.Access.Client(st)
	if err != nil {
		t.Fatal(err)
	}
	key := o.Access.APIKey(id)
	if _, err := backuptest.Seed(ctx, app, hub.HTTPClient(), key, hub.Token(), backuptest.Options{}); err != nil {
		t.Fatal(err)
	}
	before, err := backuptest.Take(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	o.Carrier = BackupCarrier{Access: o.Access, Dir: func(ID) (string, error) { return dir, nil }}
	res, err := Migrate(ctx, &Engine{Hub: hub, Yes: true}, id, "", o)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Restored || !strings.HasPrefix(res.Backup, dir) {
		t.Fatalf("%+v", res)
	}
	st, _ = Observe(ctx, hub, id, ObserveOptions{})
	if !st.Persistent() {
		t.Fatal("not persistent")
	}
	app, _ = o.Access.Client(st)
	after, err := backuptest.Take(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		b, _ := json.MarshalIndent(before, "", " ")
		a, _ := json.MarshalIndent(after, "", " ")
		t.Fatalf("the migration changed the data:\n%s", UnifiedDiff("snapshot", string(b), string(a)))
	}
	if len(before.Datasets) == 0 {
		t.Fatal("nothing was seeded")
	}
}
