package spaces

import (
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
)

func mustParseWorkspaces(t *testing.T, content []byte) []string {
	t.Helper()
	f, err := oauthcfg.Parse(content)
	if err != nil {
		t.Fatal(err)
	}
	return f.Workspaces()
}

func str(s string) *string { return &s }

// existing builds the observed state of a running Space.
func existing(persistent bool) *State {
	rt := &hfapi.SpaceRuntime{Stage: "RUNNING", Hardware: hfapi.RuntimeHardware{Requested: str("cpu-basic")}}
	if persistent {
		rt.Volumes = []hfapi.Volume{{Type: "bucket", Source: "acme/x-data", MountPath: "/data"}}
	}
	return &State{ID: ID{"acme", "x"}, Exists: true, Info: &hfapi.SpaceInfo{ID: "acme/x"}, Runtime: rt,
		SecretKeys: map[string]hfapi.SecretInfo{"USERNAME": {Key: "USERNAME"}}, Variables: map[string]hfapi.VariableInfo{}}
}

func TestRestartOnEphemeralLosesData(t *testing.T) {
	p, err := NewPlan(Spec{Space: "acme/x", Visibility: "private", Variables: map[string]string{"A": "1"}}, existing(false), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 2 || !p.Changes[0].LosesData || !p.Changes[1].LosesData || !p.Restarts() {
		t.Fatalf("changes: %+v", p.Changes)
	}
	p, _ = NewPlan(Spec{Space: "acme/x", Visibility: "private"}, existing(true), PlanOptions{})
	if p.LosesData() {
		t.Fatalf("a restart on persistent storage was marked as losing data: %+v", p.Changes)
	}
}

func TestPersistenceFirstRemovalLast(t *testing.T) {
	p, err := NewPlan(Spec{Space: "acme/x", Storage: &StorageSpec{Type: StorageBucket}, Hardware: "cpu-upgrade"}, existing(false), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := kindsOf(p)
	if kinds != "create-bucket,set-volumes,set-hardware" {
		t.Fatalf("order %s", kinds)
	}
	// Attaching storage wipes today's data, but the hardware change after it does not.
	if !p.Changes[1].LosesData || p.Changes[2].LosesData || !p.PersistentAfter {
		t.Fatalf("%+v", p.Changes)
	}
	p, _ = NewPlan(Spec{Space: "acme/x", Storage: &StorageSpec{Type: StorageEphemeral}, Hardware: "cpu-upgrade"}, existing(true), PlanOptions{})
	if kindsOf(p) != "set-hardware,delete-volumes" || p.Changes[0].LosesData || !p.Changes[1].LosesData || p.Changes[1].ConfirmName != "x" {
		t.Fatalf("%s %+v", kindsOf(p), p.Changes)
	}
}

func TestSecretsAreWriteOnly(t *testing.T) {
	st := existing(true)
	spec := Spec{Space: "acme/x", Owner: &OwnerSpec{Username: "alice"}}
	p, _ := NewPlan(spec, st, PlanOptions{GenerateSecret: func() string { return "generated-key" }})
	// USERNAME is present (we cannot compare values); the session key is missing.
	if kindsOf(p) != "set-secret" || p.Changes[0].Target != SecretSessionKy {
		t.Fatalf("%+v", p.Changes)
	}
	p, _ = NewPlan(spec, st, PlanOptions{RotateKeys: []string{"USERNAME"}, GenerateSecret: func() string { return "k" }})
	if !strings.Contains(kindsOf(p), "set-secret,set-secret") {
		t.Fatalf("rotation not planned: %+v", p.Changes)
	}
	for _, c := range p.Changes {
		if strings.Contains(c.Summary+c.From+c.To+c.Diff, "alice") {
			t.Fatalf("a secret value reached a printable field: %+v", c)
		}
	}
}

func TestSleepOnCPUBasicRefused(t *testing.T) {
	if _, err := NewPlan(Spec{Space: "acme/x", SleepTime: "2h"}, existing(true), PlanOptions{}); err == nil {
		t.Fatal("sleep time on cpu-basic was planned")
	}
	p, err := NewPlan(Spec{Space: "acme/x", SleepTime: "2h", Hardware: "cpu-upgrade"}, existing(true), PlanOptions{})
	if err != nil || kindsOf(p) != "set-hardware,set-sleep-time" || p.Changes[1].Restarts || p.Changes[1].Target != "2h" {
		t.Fatalf("%v %+v", err, p)
	}
	// Back to cpu-basic with a sleep time kept from the paid flavor: refused before anything is sent,
	// although the sleep time itself does not change.
	upgraded45 := existing(true)
	upgraded45.Runtime.Hardware.Requested = str("cpu-upgrade")
	upgraded45.Runtime.GCTimeout = ptr(2700)
	if _, err := NewPlan(Spec{Space: "acme/x", SleepTime: "45m", Hardware: "cpu-basic"}, upgraded45, PlanOptions{}); err == nil {
		t.Fatal("a switch to cpu-basic keeping a 45m sleep time was planned")
	}
	// The fixed 48 h is no change on cpu-basic.
	basic := existing(true)
	basic.Runtime.GCTimeout = ptr(172800)
	if p, err := NewPlan(Spec{Space: "acme/x", SleepTime: "48h"}, basic, PlanOptions{}); err != nil || !p.Empty() {
		t.Fatalf("48h on cpu-basic: %v %+v", err, p)
	}
	// Alone, the sleep time is its own request, which does not restart the Space.
	upgraded := existing(true)
	upgraded.Runtime.Hardware.Requested = str("cpu-upgrade")
	p, err = NewPlan(Spec{Space: "acme/x", SleepTime: "90m"}, upgraded, PlanOptions{})
	if err != nil || kindsOf(p) != "set-sleep-time" || p.Changes[0].Restarts || p.Changes[0].Target != "1h30m" {
		t.Fatalf("%v %+v", err, p)
	}
}

func TestFormatSleep(t *testing.T) {
	for secs, want := range map[int]string{-1: "never", 7200: "2h", 5400: "1h30m", 90: "1m30s", 45: "45s", 172800: "48h"} {
		if got := FormatSleep(secs); got != want {
			t.Errorf("FormatSleep(%d) = %q, want %q", secs, got, want)
		}
	}
}

func TestDowngradeOfLegacyTierRefused(t *testing.T) {
	st := existing(false)
	st.Runtime.Storage = str("medium")
	if _, err := NewPlan(Spec{Space: "acme/x", Storage: &StorageSpec{Type: "small"}}, st, PlanOptions{}); err == nil {
		t.Fatal("a tier downgrade was planned")
	}
}

func kindsOf(p *Plan) string {
	var k []string
	for _, c := range p.Changes {
		k = append(k, string(c.Kind))
	}
	return strings.Join(k, ",")
}

// Pausing a paused Space changes nothing: no request, and on ephemeral storage no guard question.
// A restart of a paused Space resumes it, so it is planned.
func TestPauseOfAPausedSpacePlansNothing(t *testing.T) {
	for _, persistent := range []bool{false, true} {
		st := existing(persistent)
		p, err := NewPlan(Spec{Space: "acme/x"}, st, PlanOptions{Operation: OpPause})
		if err != nil || len(p.Changes) != 1 || p.Changes[0].Kind != KindPause || p.Changes[0].LosesData == persistent {
			t.Fatalf("running, persistent %v: %+v, %v", persistent, p, err)
		}
		st.Runtime.Stage = StagePaused
		p, err = NewPlan(Spec{Space: "acme/x"}, st, PlanOptions{Operation: OpPause})
		if err != nil || !p.Empty() || p.LosesData() {
			t.Fatalf("paused, persistent %v: %+v, %v", persistent, p, err)
		}
		if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "paused already") {
			t.Errorf("warnings %q", p.Warnings)
		}
		p, err = NewPlan(Spec{Space: "acme/x"}, st, PlanOptions{Operation: OpRestart})
		if err != nil || len(p.Changes) != 1 || p.Changes[0].Kind != KindRestart {
			t.Fatalf("restart of a paused Space: %+v, %v", p, err)
		}
	}
}
