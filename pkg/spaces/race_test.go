package spaces

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// racingCreate lets another run's identical create land first, so ours gets the Hub's 409 although
// our plan saw no Space: the race two CI jobs with the same spec run.
func racingCreate(t *testing.T, rivals int) (*hfapi.Client, func() int) {
	emu := emulator(t)
	creates := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && r.URL.Path == "/api/repos/create" {
			creates++
			if creates <= rivals {
				body, _ := io.ReadAll(r.Body)
				rival := r.Clone(r.Context())
				rival.Body = io.NopCloser(bytes.NewReader(body))
				rec := httptest.NewRecorder()
				emu.ServeHTTP(rec, rival)
				if rec.Code != 200 {
					t.Errorf("the rival's create failed: %d %s", rec.Code, rec.Body)
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
		}
		emu.ServeHTTP(w, r)
	})
	return newHub(t, h), func() int { return creates }
}

// With --exist-ok (or apply) a lost race is reconciled on the fresh state: no error, and not counted
// as created by us.
func TestLostCreateRaceIsReplanned(t *testing.T) {
	hub, _ := racingCreate(t, 1)
	spec := createSpec("acme/raced")
	out, err := (&Engine{Hub: hub}).Run(context.Background(), createRequest(hub, spec))
	if err != nil {
		t.Fatalf("a lost race failed the run: %v", err)
	}
	if out.Attempts != 2 || !out.Plan.Exists {
		t.Fatalf("attempts %d, plan exists %v: want a second plan on the existing Space", out.Attempts, out.Plan.Exists)
	}
	if Created(context.Background(), hub, out, err) {
		t.Fatal("the run claims a Space another run created")
	}
}

// Plain create (no --exist-ok) that lost the race says the clear "exists" error, not a Hub failure.
func TestLostCreateRaceWithoutExistOKSaysExists(t *testing.T) {
	hub, _ := racingCreate(t, 1)
	req := createRequest(hub, createSpec("acme/raced"))
	reconcile := req.Desire
	req.Desire = func(ctx context.Context, st *State) (Spec, PlanOptions, error) {
		if st.Exists {
			return Spec{}, PlanOptions{}, &ExistsError{Space: "acme/raced"}
		}
		return reconcile(ctx, st)
	}
	out, err := (&Engine{Hub: hub}).Run(context.Background(), req)
	var xe *ExistsError
	if !errors.As(err, &xe) {
		t.Fatalf("got %v, want ExistsError", err)
	}
	if Created(context.Background(), hub, out, err) {
		t.Fatal("the run claims a Space another run created")
	}
}

// Losing every attempt ends in a conflict to retry, never in bad input.
func TestEndlessRaceIsAConflictToRetry(t *testing.T) {
	hub, creates := racingCreate(t, 1)
	req := createRequest(hub, createSpec("acme/raced"))
	req.Desire = func(ctx context.Context, st *State) (Spec, PlanOptions, error) {
		st.Exists = false // as if others deleted and re-created it between each read and create
		tmpl, err := LoadTemplate(ctx, hub)
		return createSpec("acme/raced"), PlanOptions{Template: tmpl}, err
	}
	out, err := (&Engine{Hub: hub, MaxAttempts: 3}).Run(context.Background(), req)
	var ce *ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, ErrLostRace) || ce.Attempts != 3 || creates() != 3 {
		t.Fatalf("got %v after %d creates, want a ConflictError after 3", err, creates())
	}
	if Created(context.Background(), hub, out, err) {
		t.Fatal("the run claims a Space another run created")
	}
}
