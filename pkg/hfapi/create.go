package hfapi

import (
	"context"
	"net/http"
	"strings"
)

// sendCreate sends a request that creates repoID and must not be applied
// twice (create, duplicate). See CreateRepo for the policy. decode turns a
// 2xx body into the result.
func (c *Client) sendCreate(ctx context.Context, cl *call, repoType string,
	repoID func(context.Context) (string, error), decode func([]byte) (*RepoURL, error)) (*RepoURL, error) {
	for n := 0; ; n++ {
		resp, err := c.attempt(ctx, cl)
		if err == nil {
			return decode(resp.Body())
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		switch {
		case isConflictInProgress(err), StatusOf(err) == http.StatusTooManyRequests, notSent(err):
			// The Hub did not create anything: sending again is safe.
		case unknownOutcome(err):
			// It may have been created: look before sending again.
			if found, ok := c.lookUpCreated(ctx, repoType, repoID); ok {
				return found, nil
			}
		default:
			return nil, err
		}
		if n >= c.maxRetries {
			return nil, err
		}
		delay := backoff(n)
		if e := asError(err); e != nil && e.RetryAfter > 0 {
			delay = e.RetryAfter
		}
		if err := c.wait(ctx, err, delay); err != nil {
			return nil, err
		}
	}
}

// isConflictInProgress reports the 409 that huggingface_hub retries in a loop:
// concurrent creates for the same user, nothing was created.
func isConflictInProgress(err error) bool {
	e := asError(err)
	return e != nil && e.Status == http.StatusConflict &&
		strings.Contains(strings.ToLower(e.Message), conflictInProgress)
}

// lookUpCreated reports whether repoID exists now. ok is false when it does
// not, or when that could not be established (then sending again is the only
// way forward, and a duplicate is answered by a 409, not a second repo).
func (c *Client) lookUpCreated(ctx context.Context, repoType string, repoID func(context.Context) (string, error)) (*RepoURL, bool) {
	id, err := repoID(ctx)
	if err != nil {
		return nil, false
	}
	u, err := c.repoInfoURL(repoType, id)
	if err != nil {
		return nil, false
	}
	var info struct {
		ObjectID string `json:"_id"`
		ID       string `json:"id"`
	}
	// A GET: retried freely.
	if _, err := c.doJSON(ctx, "GET", u, nil, nil, &info, retryIdempotent); err != nil {
		return nil, false
	}
	if info.ID != "" {
		id = info.ID // the Hub's spelling of the id
	}
	return &RepoURL{URL: c.repoWebURL(repoType, id), Name: id, ID: info.ObjectID}, true
}
