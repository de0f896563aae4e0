package hfapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/go-resty/resty/v2"
)

// call is one Hub request, kept as bytes so it can be replayed.
type call struct {
	method      string
	url         string // absolute, already escaped
	query       url.Values
	body        []byte
	contentType string
	accept      string
	header      map[string]string
	noRedirect  bool // read the first answer's headers (HEAD resolve)
	noAuth      bool // another host (a CDN): never send the token there
	// needAnswer marks a mutating call whose answer is used (create, preupload, commit). Any other
	// mutating call's 2xx is the success, whatever its body (optionalAnswer).
	needAnswer bool
	// settled, when set, is asked before a replay after an unknown outcome: true means the Hub already
	// shows the change, so the first attempt did it and sending it again would only act twice.
	settled func(ctx context.Context) bool
}

// jsonCall builds a call whose body (when in != nil) is in marshalled as JSON.
func jsonCall(method, u string, query url.Values, in any) (*call, error) {
	cl := &call{method: method, url: u, query: query, accept: "application/json"}
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("hfapi: encoding %s %s: %w", method, u, err)
		}
		cl.body, cl.contentType = b, "application/json"
	}
	return cl, nil
}

// attempt sends cl once. It returns the response for statuses below 400, an
// *Error for the others, and the transport error when there was no answer.
func (c *Client) attempt(ctx context.Context, cl *call) (*resty.Response, error) {
	if err := c.gateWait(ctx); err != nil { // before the per-attempt timeout starts
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel() // resty has read the whole body when Execute returns
	rc := c.rest
	if cl.noRedirect {
		rc = c.restHead
	}
	resp, err := c.request(ctx, rc, cl).Execute(cl.method, cl.url)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode() >= 400 {
		e := newError(cl.method, resp.Request.URL, resp.StatusCode(), resp.Header(), resp.Body(), c.red)
		c.gateBlock(e)
		return nil, e
	}
	return resp, nil
}

// request prepares a resty request for cl with auth and content headers.
func (c *Client) request(ctx context.Context, rc *resty.Client, cl *call) *resty.Request {
	r := rc.R().SetContext(ctx)
	if u, err := url.Parse(cl.url); c.token != "" && !cl.noAuth && err == nil && sameOrigin(u, c.origin) {
		r.SetHeader("Authorization", "Bearer "+c.token) // the endpoint's own URLs only
	}
	if cl.accept != "" {
		r.SetHeader("Accept", cl.accept)
	}
	for k, v := range cl.header {
		r.SetHeader(k, v)
	}
	if cl.query != nil {
		r.SetQueryParamsFromValues(cl.query)
	}
	if cl.body != nil {
		r.SetHeader("Content-Type", cl.contentType).SetBody(cl.body)
	}
	return r
}

// sendResult is what send learned besides the answer.
type sendResult struct {
	// replayed is true when an earlier attempt failed with an unknown outcome
	// (lost answer, 5xx) and the call was sent again: an error from a later
	// attempt may then only mean the first one already did the job.
	replayed bool
	// settled is true when no answer came but the Hub already showed the change (call.settled).
	settled bool
}

// send runs cl with retries as mode allows, sleeping through c.sleep.
func (c *Client) send(ctx context.Context, cl *call, mode retryMode) (*resty.Response, sendResult, error) {
	var res sendResult
	for n := 0; ; n++ {
		resp, err := c.attempt(ctx, cl)
		if err == nil {
			return resp, res, nil
		}
		if ctx.Err() != nil {
			return nil, res, ctx.Err()
		}
		delay, ok := c.retryDelay(mode, err, n)
		if !ok {
			return nil, res, err
		}
		if unknownOutcome(err) {
			if cl.settled != nil && cl.settled(ctx) {
				res.settled = true
				return nil, res, nil
			}
			res.replayed = true
		}
		if err := c.wait(ctx, err, delay); err != nil {
			return nil, res, err
		}
	}
}

// unknownOutcome reports a failure after which the Hub may or may not have
// acted: no answer at all (except a failed dial), or a 408/5xx.
func unknownOutcome(err error) bool {
	if e := asError(err); e != nil {
		return e.Status == 408 || e.Status >= 500
	}
	return !notSent(err)
}

// wait logs the retry and sleeps for d through the injectable Sleep.
func (c *Client) wait(ctx context.Context, cause error, d time.Duration) error {
	if c.debug != nil {
		reason := "network error"
		if e := asError(cause); e != nil {
			reason = fmt.Sprintf("%d", e.Status)
		}
		c.debug.printf("hfapi: retry in %s (%s)", d, reason)
	}
	return c.sleep(ctx, d)
}

// doJSON sends a JSON request under mode and decodes the answer into out
// (when out != nil).
func (c *Client) doJSON(ctx context.Context, method, u string, query url.Values, in, out any, mode retryMode) (sendResult, error) {
	cl, err := jsonCall(method, u, query, in)
	if err != nil {
		return sendResult{}, err
	}
	return c.doCall(ctx, cl, out, mode)
}

// doCall sends cl under mode and decodes the answer into out (when out != nil).
func (c *Client) doCall(ctx context.Context, cl *call, out any, mode retryMode) (sendResult, error) {
	resp, res, err := c.send(ctx, cl, mode)
	if err != nil {
		return res, err
	}
	return res, decodeJSON(cl, resp.Body(), out)
}

// doJSONChecked is doJSON for a change that restarts the Space (a secret, a variable, hardware,
// volumes). Such a call is safe to replay in the sense that the end state is the same, but each
// replay the Hub acts on restarts the Space once more. So after a failure whose outcome is unknown
// (a lost answer, a 5xx) settled is asked first: when the Hub already shows the change, the first
// attempt did it, and the call returns with res.settled and out unfilled.
func (c *Client) doJSONChecked(ctx context.Context, method, u string, in, out any, settled func(context.Context) bool) (sendResult, error) {
	cl, err := jsonCall(method, u, nil, in)
	if err != nil {
		return sendResult{}, err
	}
	cl.settled = settled
	resp, res, err := c.send(ctx, cl, retryIdempotent)
	if err != nil || res.settled {
		return res, err
	}
	return res, decodeJSON(cl, resp.Body(), out)
}

// decodeJSON decodes body into out, naming the call on failure. The 2xx of a mutating call whose answer
// is not needed is success even when its body is empty or not JSON: out is then left as it was.
func decodeJSON(cl *call, body []byte, out any) error {
	if out == nil || optionalAnswer(cl, body) {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("hfapi: decoding answer of %s %s: %w", cl.method, cl.url, err)
	}
	return nil
}

// optionalAnswer reports the body of a mutating call whose answer is not needed (!cl.needAnswer) and
// that carries no JSON: huggingface_hub does not parse such answers either (PUT .../settings, for one,
// whose body it ignores), so the Hub may change them without breaking the call.
func optionalAnswer(cl *call, body []byte) bool {
	return cl.method != "GET" && cl.method != "HEAD" && !cl.needAnswer && !json.Valid(body)
}

// readLimited reads at most n bytes of r (error bodies of streams).
func readLimited(r io.Reader, n int64) []byte {
	b, _ := io.ReadAll(io.LimitReader(r, n))
	return b
}
