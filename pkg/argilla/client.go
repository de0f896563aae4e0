// Package argilla is a small client for the Argilla server that runs behind a
// Space's host: enough to tell when it is ready, check the owner's API key and
// manage workspaces (reference §4, API v1).
package argilla

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/argilla-space/argilla-space/internal/redact"
)

// maxBody bounds how much of an answer is read; Argilla's answers here are small.
const maxBody = 1 << 20

// Options configure a Client.
type Options struct {
	BaseURL    string       // the Space host from the Hub, e.g. https://acme-demo.hf.space (no /api/v1)
	APIKey     string       // sent as X-Argilla-Api-Key
	HFToken    string       // for private Spaces: Authorization: Bearer <HF token>
	HTTPClient *http.Client // nil means http.DefaultClient; its transport and timeout are used
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
	red     *redact.Redactor
	extra   func(string) string
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
	red := redact.New()
	red.Add(o.APIKey, o.HFToken)
	return &Client{base: base, apiKey: o.APIKey, hfToken: o.HFToken, hc: &noRedirect, red: red, extra: o.Redact}
}

// do sends a request to path (below /api/v1) and decodes a 2xx JSON answer
// into out (if not nil). Any other answer is an *Error.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+"/api/v1"+path, body)
	if err != nil {
		return fmt.Errorf("argilla: %s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
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
		// net/http errors carry the URL, which holds no secret.
		return fmt.Errorf("argilla: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return fmt.Errorf("argilla: %s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.newError(method, path, resp, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("argilla: %s %s: the answer is not the expected JSON (%v); is %s an Argilla server?",
			method, path, err, c.base)
	}
	return nil
}
