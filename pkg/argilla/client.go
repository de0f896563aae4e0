// Package argilla is a client for the Argilla server (REST API v1 of argilla-server 2.8.0) that runs
// behind a Space's host: readiness, the owner's key, and everything a backup and a restore need: users,
// workspaces and memberships, datasets with their settings, and records with responses, suggestions
// and vectors (reference/argilla-api.md).
package argilla

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/argilla-space/argilla-space/internal/redact"
)

// maxBody bounds how much of a buffered answer is read. The largest buffered answers are lists of
// users, workspaces and dataset settings; record pages and bulk answers, which can hold 1000 records
// with vectors, are decoded as a stream under maxStream instead.
const maxBody = 32 << 20

// maxStream bounds a streamed answer (a page of 1000 records with up to 5 vectors of a few thousand
// dimensions each stays well below it).
const maxStream = 1 << 30

// Options configure a Client.
type Options struct {
	BaseURL    string       // the Space host from the Hub, e.g. https://acme-demo.hf.space (no /api/v1)
	APIKey     string       // sent as X-Argilla-Api-Key
	HFToken    string       // for private Spaces: Authorization: Bearer <HF token>
	HTTPClient *http.Client // nil means http.DefaultClient; its transport and timeout are used
	// Retries is how many times a read (and the idempotent bulk upsert) is sent again after a 5xx
	// answer or a dropped connection; 0 means 4, a negative value none.
	Retries int
	// Backoff is the first wait before a retry, doubled each time (with jitter); 0 means 250ms.
	Backoff time.Duration
	// Redact scrubs more secrets from the server's text (the CLI passes its Hub client's list); the
	// client's own credentials are scrubbed in any case, before any text is cut to length.
	Redact func(string) string
}

// Client calls one Argilla server. It is safe for concurrent use.
type Client struct {
	base    string
	apiKey  string
	hfToken string
	hc      *http.Client
	retries int
	backoff time.Duration
	red     *redact.Redactor    // the credentials, and the passwords of users created
	extra   func(string) string // Options.Redact
}

// New returns a client for o.BaseURL. A trailing "/" or "/api/v1" is dropped.
//
// The client never follows redirects: Go forwards custom headers such as
// X-Argilla-Api-Key to any redirect target, and neither Argilla nor the
// Space proxy has a reason to redirect an API call. A 3xx comes back as *Error.
func New(o Options) *Client {
	hc := http.DefaultClient
	if o.HTTPClient != nil {
		hc = o.HTTPClient
	}
	noRedirect := *hc
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	base := strings.TrimRight(o.BaseURL, "/")
	base = strings.TrimSuffix(base, "/api/v1")
	c := &Client{base: base, apiKey: o.APIKey, hfToken: o.HFToken, hc: &noRedirect, retries: o.Retries, backoff: o.Backoff,
		red: redact.New(), extra: o.Redact}
	c.red.Add(o.APIKey, o.HFToken)
	if c.retries == 0 {
		c.retries = 4
	}
	if c.retries < 0 {
		c.retries = 0
	}
	if c.backoff <= 0 {
		c.backoff = 250 * time.Millisecond
	}
	return c
}

// BaseURL is the server's address, without /api/v1.
func (c *Client) BaseURL() string { return c.base }

// call is one request.
type call struct {
	method, path string
	in           any // JSON body, or nil
	out          any // decoded from a buffered 2xx answer, or nil
	// stream, if set, reads the 2xx answer's body instead of out (bounded by maxStream).
	stream func(io.Reader) error
	// retry: the request may be sent again after a 5xx or a dropped connection (reads, idempotent writes).
	retry bool
}

// do sends a request to path (below /api/v1) without retries and decodes a 2xx JSON answer into out
// (if not nil). Any other answer is an *Error.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	return c.send(ctx, call{method: method, path: path, in: in, out: out})
}

// get is a read: retried on 5xx and dropped connections.
func (c *Client) get(ctx context.Context, path string, out any) error {
	return c.send(ctx, call{method: http.MethodGet, path: path, out: out, retry: true})
}

// send runs a call, retrying a retryable one with a doubling, jittered backoff that honours ctx.
func (c *Client) send(ctx context.Context, cl call) error {
	var body []byte
	if cl.in != nil {
		b, err := json.Marshal(cl.in)
		if err != nil {
			return err
		}
		body = b
	}
	wait := c.backoff
	for attempt := 0; ; attempt++ {
		err := c.once(ctx, cl, body)
		if err == nil || !cl.retry || attempt >= c.retries || !retryable(ctx, err) {
			return err
		}
		d := wait/2 + rand.N(wait/2+1) // jitter: spread clients that failed together
		wait *= 2
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// transportError marks a request that got no answer (refused, reset, dropped).
type transportError struct{ err error }

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// retryable: a 5xx answer or a lost connection, while the context is still live.
func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Status >= 500
	}
	var te *transportError
	return errors.As(err, &te)
}

// once sends the request one time.
func (c *Client) once(ctx context.Context, cl call, body []byte) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, c.base+"/api/v1"+cl.path, rd)
	if err != nil {
		return fmt.Errorf("argilla: %s %s: %w", cl.method, cl.path, err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.apiKey != "" {
		req.Header.Set("X-Argilla-Api-Key", c.apiKey)
	}
	if c.hfToken != "" {
		// The Space proxy of a private Space wants the HF token here, which is
		// why Argilla's own credential travels in X-Argilla-Api-Key.
		req.Header.Set("Authorization", "Bearer "+c.hfToken)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("argilla: %s %s: %w", cl.method, cl.path, ctx.Err())
		}
		// net/http errors carry the URL, which holds no secret.
		return &transportError{fmt.Errorf("argilla: %s %s: %w", cl.method, cl.path, err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 && cl.stream != nil {
		if err := cl.stream(io.LimitReader(resp.Body, maxStream)); err != nil {
			return fmt.Errorf("argilla: %s %s: reading the answer: %w", cl.method, cl.path, err)
		}
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return &transportError{fmt.Errorf("argilla: %s %s: reading the answer: %w", cl.method, cl.path, err)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.newError(cl.method, cl.path, resp, data)
	}
	if len(data) > maxBody {
		return fmt.Errorf("argilla: %s %s: the answer is larger than %d MiB", cl.method, cl.path, maxBody>>20)
	}
	if cl.out == nil {
		return nil
	}
	if err := json.Unmarshal(data, cl.out); err != nil {
		return fmt.Errorf("argilla: %s %s: the answer is not the expected JSON (%v); is %s an Argilla server?",
			cl.method, cl.path, err, c.base)
	}
	return nil
}
