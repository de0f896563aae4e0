package hfapi

import (
	"context"
	"net/url"
)

// BucketRequest is the body of POST /api/buckets/{ns}/{name} (§5.2).
type BucketRequest struct {
	Private *bool `json:"private,omitempty"`
}

// CreateBucket creates a Storage Bucket ("ns/name"). Retried like an
// idempotent call: a replay of a create that worked gets 409, which is
// returned as is (IsConflict, Error.RepoURL names it) so callers treat
// "exists" as fine.
func (c *Client) CreateBucket(ctx context.Context, id string, req BucketRequest) (*RepoURL, error) {
	ns, name, err := splitRepoID(id)
	if err != nil {
		return nil, err
	}
	u := c.endpoint + "/api/buckets/" + url.PathEscape(ns) + "/" + url.PathEscape(name)
	var out RepoURL
	if _, err := c.doJSON(ctx, "POST", u, nil, req, &out, retryIdempotent); err != nil {
		return nil, err
	}
	return &out, nil
}
