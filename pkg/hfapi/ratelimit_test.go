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

// fakeClock is a clock whose Sleep moves time forward instead of waiting.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
	hook  func() // runs once inside the first Sleep (a block arriving meanwhile)
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC)} }

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.slept = append(f.slept, d)
	hook := f.hook
	f.hook = nil
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	return ctx.Err()
}

func (f *fakeClock) sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.slept...)
}

func (f *fakeClock) gate() *hfapi.RateGate { return &hfapi.RateGate{Now: f.Now, Sleep: f.Sleep} }

func TestRateGateBlockOnlyExtends(t *testing.T) {
	clk := newFakeClock()
	g := clk.gate()
	t0 := clk.Now()
	g.Block(t0.Add(5 * time.Second))
	g.Block(t0.Add(2 * time.Second)) // shorter: ignored
	if got := g.Until(); !got.Equal(t0.Add(5 * time.Second)) {
		t.Fatalf("Until = %v, want t0+5s", got.Sub(t0))
	}
	if g.Blocks() != 2 {
		t.Errorf("Blocks = %d, want 2", g.Blocks())
	}
	if err := g.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := clk.sleeps(); !reflect.DeepEqual(got, []time.Duration{5 * time.Second}) {
		t.Errorf("slept %v, want [5s]", got)
	}
	// Unblocked: Wait returns at once.
	if err := g.Wait(context.Background()); err != nil || len(clk.sleeps()) != 1 {
		t.Errorf("second Wait: %v, slept %v", err, clk.sleeps())
	}
}

func TestRateGateHonoursBlockArrivingWhileWaiting(t *testing.T) {
	clk := newFakeClock()
	g := clk.gate()
	t0 := clk.Now()
	g.Block(t0.Add(2 * time.Second))
	clk.hook = func() { g.Block(t0.Add(9 * time.Second)) } // another worker got a 429 meanwhile
	if err := g.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := clk.sleeps(); !reflect.DeepEqual(got, []time.Duration{2 * time.Second, 7 * time.Second}) {
		t.Errorf("slept %v, want [2s 7s]", got)
	}
}

func TestRateGateWaitCancelled(t *testing.T) {
	g := &hfapi.RateGate{} // the real clock
	g.Block(time.Now().Add(time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait = %v, want context.Canceled", err)
	}
}

// TestSharedGateHoldsOtherClients: a 429 that says "wait 3 s" to one client holds the requests of
// every client on the same gate, before they are sent, so none of them meets the limit too.
func TestSharedGateHoldsOtherClients(t *testing.T) {
	clk := newFakeClock()
	gate := clk.gate()
	limited := newFakeHub(t, status(429, "RateLimit", `"api";r=0;t=3`, "Retry-After", "3"))
	ok := newFakeHub(t, okRuntime)
	a, _ := newClient(t, limited, func(o *hfapi.Options) { o.Gate, o.MaxRetries = gate, -1 })
	b, _ := newClient(t, ok, func(o *hfapi.Options) { o.Gate = gate })

	if _, err := a.SpaceRuntime(context.Background(), "alice/x"); hfapi.StatusOf(err) != 429 {
		t.Fatalf("a: err = %v, want a 429", err)
	}
	if got := gate.Until().Sub(clk.Now()); got != 4*time.Second {
		t.Fatalf("gate blocked for %v, want 4s (RateLimit t=3, +1 s)", got)
	}
	if _, err := b.SpaceRuntime(context.Background(), "alice/x"); err != nil {
		t.Fatal(err)
	}
	if got := clk.sleeps(); !reflect.DeepEqual(got, []time.Duration{4 * time.Second}) {
		t.Errorf("b waited %v on the gate, want [4s]", got)
	}
	if n := len(ok.requests()); n != 1 {
		t.Errorf("b sent %d requests, want 1", n)
	}
}

func TestGateIgnoresOtherErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    http.HandlerFunc
	}{
		{"429 without a wait", status(429)},
		{"503 with Retry-After", status(503, "Retry-After", "5")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			gate := clk.gate()
			f := newFakeHub(t, tc.h)
			c, _ := newClient(t, f, func(o *hfapi.Options) { o.Gate, o.MaxRetries = gate, -1 })
			_, _ = c.SpaceRuntime(context.Background(), "alice/x")
			if gate.Blocks() != 0 || !gate.Until().IsZero() {
				t.Errorf("gate blocked (%d) until %v", gate.Blocks(), gate.Until())
			}
		})
	}
}

// TestGateConcurrentWorkers: eight workers on one client; the first answer is a 429, every request
// still succeeds, and the gate was blocked once.
func TestGateConcurrentWorkers(t *testing.T) {
	clk := newFakeClock()
	gate := clk.gate()
	var mu sync.Mutex
	first := true
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		limited := first
		first = false
		mu.Unlock()
		if limited {
			status(429, "Retry-After", "1")(w, r)
			return
		}
		okRuntime(w, r)
	})
	c := hfapi.New(hfapi.Options{Endpoint: f.URL, Sleep: clk.Sleep})
	c.SetGate(gate)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.SpaceRuntime(context.Background(), "alice/x")
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if gate.Blocks() != 1 {
		t.Errorf("gate blocked %d times, want 1", gate.Blocks())
	}
	if n := len(f.requests()); n != 9 {
		t.Errorf("%d requests, want 9 (8 + one retry)", n)
	}
}
