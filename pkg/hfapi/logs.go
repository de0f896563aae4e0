package hfapi

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"
)

// LogEvent is one log line of a Space build or run.
type LogEvent struct {
	Data      string `json:"data"`
	Timestamp string `json:"timestamp"`
}

// LogsOptions selects and shapes a log stream.
type LogsOptions struct {
	Build       bool          // build logs instead of run logs
	Follow      bool          // keep streaming, reconnecting when the stream ends or stalls
	Tail        int           // > 0: only the last Tail lines of what is there (kept client side), then, with Follow, new ones
	IdleTimeout time.Duration // no-follow: stop after this long without an event; 0 = 5s
}

// Timings of the log stream, from huggingface_hub's fetch_space_logs (§11).
const (
	defaultLogIdle     = 5 * time.Second   // no-follow: the stream never ends on its own
	followLogIdle      = 120 * time.Second // follow: a stall this long means reconnect
	maxLogReconnects   = 5
	maxLogBackoff      = 10 * time.Second
	maxLogLine         = 1 << 20
	maxStreamErrorBody = 64 << 10
)

// StreamLogs reads the Space's logs (SSE, GET .../logs/{build|run}) and calls
// fn for each event, stopping with fn's error if it returns one.
//
// Without Follow it returns nil when the server closes the stream or it stays
// idle for IdleTimeout (like `docker logs`). With Follow it reconnects when the
// stream ends or stalls for 120 s, up to 5 times in a row with backoff 1, 2, 4,
// 8, 10 s; the Hub replays from the start on reconnect, so events already seen
// are skipped (see logCursor). HTTP errors other than 408/429/5xx are returned
// at once.
//
// No `tail` query is sent: huggingface_hub sends it only for Jobs, never for a
// Space's logs (hf_api.py _fetch_space_logs_sse). Tail is kept client side: a
// first read without Follow collects the events, the last Tail are delivered,
// and with Follow the stream then goes on from there.
func (c *Client) StreamLogs(ctx context.Context, id string, opts LogsOptions, fn func(LogEvent) error) error {
	kind := "run"
	if opts.Build {
		kind = "build"
	}
	u, err := c.spaceAPI(id, "logs/"+kind)
	if err != nil {
		return err
	}
	idle := opts.IdleTimeout
	if idle <= 0 {
		idle = defaultLogIdle
	}
	cur := &logCursor{}
	if opts.Tail > 0 {
		var last []LogEvent
		if err := c.streamLoop(ctx, u, false, idle, cur, func(ev LogEvent) error {
			if last = append(last, ev); len(last) > opts.Tail {
				last = last[1:]
			}
			return nil
		}); err != nil {
			return err
		}
		for _, ev := range last {
			if err := fn(ev); err != nil {
				return err
			}
		}
		if !opts.Follow {
			return nil
		}
	}
	if opts.Follow {
		idle = followLogIdle
	}
	return c.streamLoop(ctx, u, opts.Follow, idle, cur, fn)
}

// streamLoop reads the stream at u until it is done (see StreamLogs), reconnecting under follow,
// delivering only the events cur has not seen.
func (c *Client) streamLoop(ctx context.Context, u string, follow bool, idle time.Duration, cur *logCursor, fn func(LogEvent) error) error {
	failures := 0
	for {
		cur.rewind()
		delivered, err := c.streamOnce(ctx, u, idle, cur, fn)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, errCallback):
			return errors.Unwrap(err)
		case err != nil && !streamRetryable(err):
			return err
		case err == nil && !follow:
			return nil // ended or went idle: all there is
		}
		if delivered > 0 {
			failures = 0
		}
		if failures >= maxLogReconnects || (err != nil && !follow && failures >= c.maxRetries) {
			return err
		}
		delay := min(time.Second<<failures, maxLogBackoff)
		if e := asError(err); e != nil && e.RetryAfter > 0 {
			delay = e.RetryAfter
		}
		failures++
		if err := c.wait(ctx, errOr(err, io.EOF), delay); err != nil {
			return err
		}
	}
}

// errCallback wraps an error returned by the caller's fn.
var errCallback = errors.New("log callback")

type callbackError struct{ err error }

func (e callbackError) Error() string { return e.err.Error() }
func (e callbackError) Unwrap() error { return e.err }
func (e callbackError) Is(t error) bool {
	return t == errCallback
}

// streamRetryable: statuses http_backoff retries, and any network failure.
func streamRetryable(err error) bool {
	if e := asError(err); e != nil {
		return isTransientStatus(e.Status)
	}
	return true
}

func errOr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// logCursor remembers what was delivered, so a replay after a reconnect delivers only new events.
// Counting events is not enough should a server replay only the last events (as the Hub does for a
// `tail` query) rather than start over. Events come in timestamp order, so an event older than the last one delivered is old,
// and one with the same timestamp is old if an identical one was delivered at that time.
// Events without timestamps fall back to counting.
type logCursor struct {
	lastTS  string
	atLast  map[string]int // data -> how many delivered with timestamp lastTS
	pending map[string]int // during a replay: how many of those are still to be skipped
	count   int            // events delivered (for events without timestamps)
	index   int            // events seen on the current connection
}

func (c *logCursor) rewind() {
	c.index = 0
	c.pending = make(map[string]int, len(c.atLast))
	for k, v := range c.atLast {
		c.pending[k] = v
	}
}

// fresh reports whether ev was not delivered before, and records it if so.
func (c *logCursor) fresh(ev LogEvent) bool {
	c.index++
	switch {
	case ev.Timestamp == "" || c.lastTS == "" && c.count > 0:
		if c.index <= c.count {
			return false
		}
	case ev.Timestamp < c.lastTS:
		return false
	case ev.Timestamp == c.lastTS && c.pending[ev.Data] > 0:
		c.pending[ev.Data]--
		return false
	}
	c.count++
	if ev.Timestamp != c.lastTS {
		c.lastTS, c.atLast = ev.Timestamp, map[string]int{}
	}
	if c.atLast == nil {
		c.atLast = map[string]int{}
	}
	c.atLast[ev.Data]++
	return true
}

// streamOnce opens one SSE connection and delivers the events cur has not seen. It returns how
// many it delivered; a nil error means the stream ended or went idle.
func (c *Client) streamOnce(ctx context.Context, u string, idle time.Duration, cur *logCursor, fn func(LogEvent) error) (int, error) {
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	connectTimer := time.AfterFunc(c.timeout, cancel) // bound the wait for headers only
	cl := &call{method: "GET", url: u, accept: "text/event-stream"}
	resp, err := c.request(sctx, c.rest, cl).SetDoNotParseResponse(true).Execute(cl.method, cl.url)
	connectTimer.Stop()
	if err != nil {
		return 0, err
	}
	body := resp.RawBody()
	defer body.Close()
	if resp.StatusCode() >= 400 {
		return 0, newError(cl.method, resp.Request.URL, resp.StatusCode(), resp.Header(), readLimited(body, maxStreamErrorBody), c.red)
	}

	events := make(chan LogEvent)
	done := make(chan error, 1)
	go func() { done <- scanEvents(sctx, body, events) }()

	timer := time.NewTimer(idle)
	defer timer.Stop()
	delivered := 0
	for {
		select {
		case ev := <-events:
			if cur.fresh(ev) {
				delivered++
				if err := fn(ev); err != nil {
					return delivered, callbackError{err}
				}
			}
			timer.Reset(idle) // Go >= 1.23: Reset drops a pending expiry
		case err := <-done:
			if sctx.Err() != nil || errors.Is(err, io.EOF) {
				err = nil
			}
			return delivered, err
		case <-timer.C:
			return delivered, nil
		case <-ctx.Done():
			return delivered, ctx.Err()
		}
	}
}

// scanEvents sends each parsed event of r to out until r ends (io.EOF) or fails.
func scanEvents(ctx context.Context, r io.Reader, out chan<- LogEvent) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLogLine)
	for sc.Scan() {
		ev, ok := parseSSELine(sc.Text())
		if !ok {
			continue
		}
		select {
		case out <- ev:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return io.EOF
}

// parseSSELine reads a `data: {"data": ..., "timestamp": ...}` line. Like
// huggingface_hub, only lines starting with "data: {" count; keep-alives
// (empty `data:`) and other fields are skipped.
func parseSSELine(line string) (LogEvent, bool) {
	payload, ok := strings.CutPrefix(line, "data: ")
	if !ok || !strings.HasPrefix(payload, "{") {
		return LogEvent{}, false
	}
	var ev LogEvent
	if json.Unmarshal([]byte(payload), &ev) != nil {
		return LogEvent{}, false
	}
	return ev, true
}
