package hubtest

import (
	"errors"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"

	"github.com/argilla-space/argilla-space/internal/atomicfile"
)

// Options configure an Emulator. The zero value is a usable, fault-free emulator of DefaultWorld.
type Options struct {
	BuildTime     time.Duration // BUILDING lasts this long after each (re)start; 0 means 2s, negative means instant
	StartTime     time.Duration // APP_STARTING lasts this long after the build; 0 means BuildTime/4 (min 0)
	Latency       time.Duration // slept before every Hub and app request (not /_emulator)
	FaultRate     float64       // 0..1: probability that a Hub API request gets an injected 5xx or dropped connection
	RateLimit     int           // Hub API requests (/api/...) per caller and window, then 429s; 0 means no limit
	RateWindow    time.Duration // the fixed window of RateLimit; 0 means 5 minutes, as on the Hub
	Seed          int64         // seeds the fault RNG and the generated ids
	World         *World        // nil means DefaultWorld()
	LegacyStorage bool          // accept the retired storage tiers (storageTier, /storage)
	// WhoamiWithoutPlan answers whoami without isPro, canPay, plan and roleInOrg, as a Hub may once
	// huggingface.js's deprecated plan fields go: clients must then learn the plan from the create's 402.
	WhoamiWithoutPlan bool
	// IgnoreFilesWithTemplate makes create accept inline files beside a template but keep only the
	// template's files, as a Hub that does not honour `files` with `template` would.
	IgnoreFilesWithTemplate bool
	StateFile               string           // if set, state lives in this JSON file, locked per request (StateFile+".lock")
	Now                     func() time.Time // clock; nil means time.Now
}

// Emulator is the emulated Hub: an http.Handler serving the Hub API, every Space's Argilla app (by Host)
// and the /_emulator debug API. See the package documentation for the details.
type Emulator struct {
	opts Options
	seed int64

	mu  sync.Mutex // guards st and rng; with a StateFile it is held together with the file lock
	st  *state     // the in-memory state (reloaded from the file in each transaction when StateFile is set)
	rng *rand.Rand // fault injection only, so ids do not depend on faults

	limiter   rateLimiter // per-caller request counts (RateLimit)
	reqSeq    atomic.Uint64
	keepAlive time.Duration // period of log-stream keep-alives
	done      chan struct{} // closed by shutdown: ends streaming responses
	once      sync.Once
}

// New returns an Emulator. With Options.StateFile, an existing file's state (and world) wins over
// Options.World, so a world applies only once.
func New(opts Options) (*Emulator, error) {
	if opts.FaultRate < 0 || opts.FaultRate > 1 {
		return nil, errors.New("hubtest: FaultRate must be within 0..1")
	}
	w := opts.World
	if w == nil {
		w = DefaultWorld()
	}
	if err := w.validate(); err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	e := &Emulator{opts: opts, seed: opts.Seed, rng: rand.New(rand.NewSource(opts.Seed)), done: make(chan struct{}),
		keepAlive: logKeepAlive}
	e.st = newState(w, opts.Seed, opts.Now())
	for _, sp := range e.st.Spaces {
		e.boot(e.st, sp, templateEpoch) // the templates were built long ago; this fills their logs and app
	}
	if opts.StateFile != "" {
		if err := e.tx(func(*state) {}); err != nil { // creates the file, or checks the existing one
			return nil, err
		}
	}
	return e, nil
}

// tx runs fn on the current state under the emulator's lock. With a StateFile it also holds the file
// lock, reloads the state before fn and saves it after, so processes sharing the file see one history.
func (e *Emulator) tx(fn func(st *state)) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.opts.StateFile == "" {
		fn(e.st)
		return nil
	}
	unlock, err := atomicfile.LockFile(e.opts.StateFile + ".lock")
	if err != nil {
		return err
	}
	defer unlock()
	st, err := readStateFile(e.opts.StateFile)
	if err != nil {
		return err
	}
	if st != nil {
		e.st = st
	}
	fn(e.st)
	return writeStateFile(e.opts.StateFile, e.st)
}

// shutdown ends streaming responses (logs) so a closing server does not wait on them.
func (e *Emulator) shutdown() { e.once.Do(func() { close(e.done) }) }

func (e *Emulator) now() time.Time { return e.opts.Now() }

// buildTime is how long BUILDING lasts: 2s by default, 0 when negative.
func (e *Emulator) buildTime() time.Duration {
	switch {
	case e.opts.BuildTime == 0:
		return 2 * time.Second
	case e.opts.BuildTime < 0:
		return 0
	}
	return e.opts.BuildTime
}

// startTime is how long APP_STARTING lasts: BuildTime/4 by default, 0 when negative.
func (e *Emulator) startTime() time.Duration {
	switch {
	case e.opts.StartTime == 0:
		return e.buildTime() / 4
	case e.opts.StartTime < 0:
		return 0
	}
	return e.opts.StartTime
}
