package spaces

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/argilla-space/argilla-space/internal/termsafe"
	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// DefaultPollInterval keeps `wait` at one request per 2 s at most (DESIGN budgets) while noticing a
// change within 2 s.
const DefaultPollInterval = 2 * time.Second

// WaitOptions tune Wait.
type WaitOptions struct {
	Timeout  time.Duration                                    // 0 = no limit but ctx
	Interval time.Duration                                    // 0 = DefaultPollInterval
	Sleep    func(ctx context.Context, d time.Duration) error // nil = real sleep
	APIKey   string                                           // check that this key is the owner's; "" skips the check
	HFToken  string                                           // sent as Bearer to the app when the Space is private
	Endpoint string                                           // the Hub's: on loopback (the emulator), app hosts may be *.localhost
	HTTP     *http.Client
	Progress func(string) // called when the phase changes
}

// WaitResult is what Wait saw last.
type WaitResult struct {
	Stage   string `json:"stage"`
	Version string `json:"argillaVersion,omitempty"`
	Role    string `json:"role,omitempty"`
	Polls   int    `json:"polls"`
}

// SpaceFailedError is a Space that ended in an error stage (exit code 4), with the tail of its log.
type SpaceFailedError struct {
	Space, Stage, Message string
	LogTail               []string
}

func (e *SpaceFailedError) Error() string {
	var b strings.Builder
	// The Hub's message and the log lines are the Space's words: each kept on its line, controls shown
	fmt.Fprintf(&b, "%s failed: %s", e.Space, termsafe.Line(e.Stage))
	if e.Message != "" {
		fmt.Fprintf(&b, " (%s)", termsafe.Line(e.Message))
	}
	if len(e.LogTail) > 0 {
		b.WriteString("\nlast log lines:")
		for _, l := range e.LogTail {
			b.WriteString("\n  " + termsafe.Line(l))
		}
	}
	fmt.Fprintf(&b, "\nSee `argilla-space logs --space %s%s`; fix the cause, then `argilla-space restart`.", e.Space, map[bool]string{true: " --build", false: ""}[e.Stage == "BUILD_ERROR"])
	return b.String()
}

// WaitTimeoutError is a wait that ran out of time (exit code 4).
type WaitTimeoutError struct {
	Space, Phase string
	After        time.Duration
}

func (e *WaitTimeoutError) Error() string {
	return fmt.Sprintf("%s was not ready after %s (%s); keep waiting with `argilla-space wait --space %s --timeout %s`", e.Space, e.After, e.Phase, e.Space, 2*e.After)
}

// Wait follows the Space until the Hub says RUNNING, then until Argilla itself answers
// GET /api/v1/status, then (with an API key) until /api/v1/me says the key is the owner's. The Hub
// reports RUNNING at least 30 s before Argilla answers (argilla-on-spaces §1.3), hence the second phase.
//
// It sends one request per interval while the answer is "not yet", whatever the phase: the first
// reads the Space's info (its runtime and host), then the runtime, Argilla's status and /me follow.
// Only a step that just succeeded is followed at once by the next phase's first request. So a wait
// costs one request per 2 s (plus one at each of the two phase changes) and notices each step within 2 s.
func Wait(ctx context.Context, hub *hfapi.Client, id ID, opts WaitOptions) (*WaitResult, error) {
	if opts.Interval <= 0 {
		opts.Interval = DefaultPollInterval
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepCtx
	}
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	res := &WaitResult{}
	phase := "waiting for the Hub to run the Space"
	timedOut := func(err error) error {
		if errors.Is(err, context.DeadlineExceeded) {
			return &WaitTimeoutError{Space: id.String(), Phase: phase + ", last stage " + res.Stage, After: opts.Timeout}
		}
		return err
	}
	say := func(s string) {
		if opts.Progress != nil {
			opts.Progress(s)
		}
	}
	// slot paces the requests: one an interval after a "not yet", at once after a step that succeeded.
	notYet := false
	slot := func() error {
		res.Polls++
		if !notYet {
			return nil
		}
		notYet = false
		return opts.Sleep(ctx, opts.Interval)
	}

	res.Polls++
	info, err := hub.SpaceInfo(ctx, id.String())
	if err != nil {
		return res, timedOut(err)
	}
	rt := info.Runtime
	lastStage := ""
	for {
		if rt == nil {
			if err := slot(); err != nil {
				return res, timedOut(err)
			}
			if rt, err = hub.SpaceRuntime(ctx, id.String()); err != nil {
				return res, timedOut(err)
			}
		}
		res.Stage = rt.Stage
		if rt.Stage != lastStage {
			say("stage " + rt.Stage)
			lastStage = rt.Stage
		}
		if hfapi.IsErrorStage(rt.Stage) {
			return res, &SpaceFailedError{Space: id.String(), Stage: rt.Stage, Message: rt.ErrorMessage,
				LogTail: logTail(ctx, hub, id, rt.Stage == "BUILD_ERROR", 20)}
		}
		if rt.Stage == "RUNNING" {
			break
		}
		if !hfapi.IsIntermediateStage(rt.Stage) && rt.Stage != "" {
			return res, fmt.Errorf("%s is %s, not starting: run `argilla-space restart --space %s` first", id, rt.Stage, id)
		}
		rt, notYet = nil, true
	}
	host := strings.TrimSuffix(info.Host, "/")
	if host == "" {
		return res, fmt.Errorf("the Hub gave no host for %s", id)
	}
	app, err := NewApp(host, hub.Endpoint(), info.Private, argilla.Options{APIKey: opts.APIKey, HFToken: opts.HFToken, HTTPClient: opts.HTTP, Redact: hub.RedactString})
	if err != nil {
		return res, err
	}
	phase = "waiting for Argilla to answer " + host + "/api/v1/status"
	say(phase)
	for {
		if err := slot(); err != nil {
			return res, timedOut(err)
		}
		st, err := app.Status(ctx)
		if err == nil {
			res.Version = st.Version
			break
		}
		if ctx.Err() != nil {
			return res, timedOut(ctx.Err())
		}
		notYet = true
	}
	if opts.APIKey == "" {
		return res, nil
	}
	if err := slot(); err != nil {
		return res, timedOut(err)
	}
	me, err := app.Me(ctx)
	if err != nil {
		return res, fmt.Errorf("Argilla answers, but rejects our API key (%v): the Space may keep an owner created before (secrets only take effect the first time on persistent storage)", err)
	}
	res.Role = me.Role
	if me.Role != "owner" {
		return res, fmt.Errorf("Argilla answers, but our API key belongs to %s with role %s, not the owner", me.Username, me.Role)
	}
	return res, nil
}

// logTail reads the last n lines of the build or run log without following it.
func logTail(ctx context.Context, hub *hfapi.Client, id ID, build bool, n int) []string {
	var lines []string
	_ = hub.StreamLogs(ctx, id.String(), hfapi.LogsOptions{Build: build, Tail: n, IdleTimeout: time.Second}, func(ev hfapi.LogEvent) error {
		lines = append(lines, hub.RedactString(strings.TrimRight(ev.Data, "\n")))
		if len(lines) > n {
			lines = lines[1:]
		}
		return nil
	})
	return lines
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
