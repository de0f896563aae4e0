// Package hfapi is a typed client for the Hugging Face Hub HTTP API, limited to
// what deploying and running a Docker Space needs: whoami, repo creation and
// deletion, Space runtime and settings, secrets, variables, volumes, buckets,
// small-file commits and logs.
//
// Every request and answer follows /work/shared/reference/hub-api.md (the
// contract). Each resource lives in its own file. Retries are decided per
// operation (see retry.go and the comment at each call site), because many Hub
// management calls are not idempotent.
//
// Answers are parsed only where they are needed. A mutating call's answer is
// decoded when it is JSON; a 2xx with an empty or non-JSON body is success and
// leaves the returned value zero (a runtime without stage, an empty map). Only
// create, duplicate, preupload and commit need their answers.
package hfapi

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
)

// DefaultEndpoint is the public Hugging Face Hub.
const DefaultEndpoint = "https://huggingface.co"

// Defaults applied by New when the matching Options field is zero.
const (
	defaultMaxRetries = 5
	defaultTimeout    = 60 * time.Second
)

// Options configures a Client. The zero value talks anonymously to the public Hub.
type Options struct {
	Endpoint   string                                           // "" = DefaultEndpoint; trailing "/" stripped
	Token      string                                           // "" = anonymous
	UserAgent  string                                           // "" = DefaultUserAgent("dev")
	Debug      io.Writer                                        // nil = no debug log; else one line per request: method, URL, status, duration
	Transport  http.RoundTripper                                // nil = NewTransport()
	Sleep      func(ctx context.Context, d time.Duration) error // nil = real sleep honouring ctx; tests inject
	MaxRetries int                                              // 0 = 5; negative = never retry
	Timeout    time.Duration                                    // per attempt; 0 = 60s
	Gate       *RateGate                                        // nil = none; shared by Clients that slow down together on a 429 (ratelimit.go)
}

// Client talks to one Hub endpoint with one token. It is safe for concurrent use.
type Client struct {
	endpoint   string
	origin     *url.URL // the endpoint's: the only one the token is sent to
	token      string
	sleep      func(ctx context.Context, d time.Duration) error
	maxRetries int
	timeout    time.Duration

	red   *redactor
	debug *debugLog // nil when Options.Debug is nil

	httpClient *http.Client  // shared by resty and HTTPClient(): UA, debug, redaction
	rest       *resty.Client // follows redirects (GET resolve may redirect to a CDN)
	restHead   *resty.Client // never follows redirects: HEAD resolve reads the first answer's headers

	gate atomic.Pointer[RateGate] // nil = every request goes at once

	whoamiMu sync.Mutex
	whoami   *WhoAmI // cached for the Client's life: whoami-v2 is heavily rate-limited
}

// New returns a Client configured by opts.
func New(opts Options) *Client {
	c := &Client{
		endpoint:   strings.TrimRight(opts.Endpoint, "/"),
		token:      opts.Token,
		sleep:      opts.Sleep,
		maxRetries: opts.MaxRetries,
		timeout:    opts.Timeout,
		red:        newRedactor(),
	}
	if c.endpoint == "" {
		c.endpoint = DefaultEndpoint
	}
	if c.sleep == nil {
		c.sleep = realSleep
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = defaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.timeout <= 0 {
		c.timeout = defaultTimeout
	}
	ua := opts.UserAgent
	if ua == "" {
		ua = DefaultUserAgent("dev")
	}
	base := opts.Transport
	if base == nil {
		base = NewTransport()
	}
	c.gate.Store(opts.Gate)
	c.red.Add(opts.Token)
	if opts.Debug != nil {
		c.debug = &debugLog{w: opts.Debug, red: c.red}
	}

	rt := &hubTransport{base: base, userAgent: ua, debug: c.debug}
	c.origin, _ = url.Parse(c.endpoint)
	c.httpClient = &http.Client{Transport: rt, CheckRedirect: checkRedirect}
	c.rest = newResty(&http.Client{Transport: rt, CheckRedirect: checkRedirect})
	c.restHead = newResty(&http.Client{
		Transport: rt,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	})
	return c
}

// newResty wraps hc without any of resty's own retry, logging or warnings:
// retries are ours (per operation) and resty's logger could print request data.
func newResty(hc *http.Client) *resty.Client {
	return resty.NewWithClient(hc).
		SetDisableWarn(true).
		SetLogger(discardLogger{})
}

// Endpoint returns the Hub base URL without a trailing slash.
func (c *Client) Endpoint() string { return c.endpoint }

// Token returns the token the Client sends ("" when anonymous). Callers use it
// to reach a private Space's app, which also wants `Authorization: Bearer`.
func (c *Client) Token() string { return c.token }

// HTTPClient returns an *http.Client with the same transport, User-Agent, debug
// log and redaction as the Hub client, for talking to a Space's app (Argilla).
// It adds no Authorization header: the caller decides what each host gets.
func (c *Client) HTTPClient() *http.Client { return c.httpClient }

// Redact registers secret values that must never appear in debug output or in
// error text. Values shorter than 4 bytes are ignored: scrubbing them would
// garble messages without protecting anything.
func (c *Client) Redact(values ...string) { c.red.Add(values...) }

// RedactString scrubs every registered secret (and the token) from s, for messages the CLI prints.
func (c *Client) RedactString(s string) string { return c.red.String(s) }

// DefaultUserAgent returns "argilla-space/<version>; go/<go version>", following
// huggingface_hub's "<library>/<version>; ..." pattern (reference §13).
func DefaultUserAgent(version string) string {
	gv := strings.TrimPrefix(runtime.Version(), "go")
	if i := strings.IndexByte(gv, ' '); i >= 0 { // "devel go1.x-abc ..." builds
		gv = gv[:i]
	}
	return "argilla-space/" + version + "; go/" + gv
}

// realSleep waits for d or until ctx is done.
func realSleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// discardLogger silences resty: its messages may contain request data.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}
