package spaces

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// The description of a Space, planned against that Space, changes nothing: whatever it was made with.
func TestDescribePlansNothing(t *testing.T) {
	hub := newHub(t, emulator(t))
	ctx := context.Background()
	paid := createSpec("acme/described")
	paid.Hardware, paid.SleepTime = "cpu-upgrade", "2h"
	paid.Storage.Bucket = "acme/shared-data"
	paid.Variables = map[string]string{"ARGILLA_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING": "false"}
	paid.Secrets = map[string]string{"EXTRA_TOKEN": "extra-secret-1"}
	paid.Owner.Password = "correct-horse-battery"
	off := false
	noOAuth := createSpec("acme/plain")
	noOAuth.Storage = &StorageSpec{Type: StorageEphemeral}
	noOAuth.OAuth = &OAuthSpec{Enabled: &off}
	noOAuth.Owner.Password = "correct-horse-battery"
	for _, spec := range []Spec{createSpec("acme/default"), paid, noOAuth} {
		if _, err := (&Engine{Hub: hub, Yes: true}).Run(ctx, createRequest(hub, spec)); err != nil {
			t.Fatalf("%s: %v", spec.Space, err)
		}
		id, _ := ParseID(spec.Space, "")
		st, err := Observe(ctx, hub, id, ObserveOptions{Files: true})
		if err != nil {
			t.Fatal(err)
		}
		d := Describe(st)
		p, err := NewPlan(d, st, PlanOptions{})
		if err != nil {
			t.Fatalf("%s: %v", spec.Space, err)
		}
		if !p.Empty() {
			t.Fatalf("%s: the description plans changes: %+v", spec.Space, p.Changes)
		}
		if _, ok := d.Secrets["EXTRA_TOKEN"]; spec.Secrets != nil && (!ok || d.Secrets["EXTRA_TOKEN"] != "${EXTRA_TOKEN}") {
			t.Fatalf("%s: secrets described as %v", spec.Space, d.Secrets)
		}
		for _, v := range d.SecretValues() {
			if v != "" && v[0] != '$' {
				t.Fatalf("%s: a secret value in the description", spec.Space)
			}
		}
	}
}

// A new Space on cpu-basic cannot get a sleep time: the Hub would answer OK and keep 48 h.
func TestPlanRefusesSleepOnNewCPUBasic(t *testing.T) {
	hub := newHub(t, emulator(t))
	spec := createSpec("acme/sleepy")
	spec.SleepTime = "1h"
	_, err := (&Engine{Hub: hub}).Run(context.Background(), createRequest(hub, spec))
	var re *RefusedError
	if !errors.As(err, &re) {
		t.Fatalf("want a refusal, got %v", err)
	}
}

// A Space name too long for its default bucket is refused before any request.
func TestPlanRefusesAnInvalidDefaultBucket(t *testing.T) {
	emu := emulator(t)
	hub := newHub(t, emu)
	long := "acme/" + strings.Repeat("n", 92) // 92 + len("-data") > 96
	_, err := (&Engine{Hub: hub}).Run(context.Background(), createRequest(hub, createSpec(long)))
	var re *RefusedError
	if !errors.As(err, &re) {
		t.Fatalf("want a refusal, got %v", err)
	}
	for _, r := range emu.Requests() {
		if r.Method != "GET" && r.Method != "HEAD" {
			t.Fatalf("a mutating request was sent: %s %s", r.Method, r.Path)
		}
	}
}
