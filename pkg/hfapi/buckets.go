package hfapi

import (
	"context"
	"net/http"
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

// BucketInfo is the answer of GET /api/buckets/{ns}/{name} (huggingface_hub's bucket_info).
type BucketInfo struct {
	ID         string `json:"id"`
	Private    bool   `json:"private"`
	CreatedAt  string `json:"createdAt"`
	Size       int64  `json:"size"`
	TotalFiles int64  `json:"totalFiles"`
}

// GetBucket reads a bucket ("ns/name"); a missing one, or one the token cannot see, is IsNotFound. A
// GET: retried.
func (c *Client) GetBucket(ctx context.Context, id string) (*BucketInfo, error) {
	eid, err := escapedID(id)
	if err != nil {
		return nil, err
	}
	var out BucketInfo
	if _, err := c.doJSON(ctx, "GET", c.endpoint+"/api/buckets/"+eid, nil, nil, &out, retryIdempotent); err != nil {
		return nil, err
	}
	return &out, nil
}

// EnsureBucket makes sure the bucket exists and is usable, as huggingface_hub's create_bucket with
// exist_ok does: a 409 means it exists; a 401 or 403 (the Hub checks rights before existence) is
// followed by a bucket info read, and a bucket the token can read is fine. Otherwise the create's
// error is returned. created says whether this call made the bucket.
func (c *Client) EnsureBucket(ctx context.Context, id string, req BucketRequest) (created bool, err error) {
	_, err = c.CreateBucket(ctx, id, req)
	switch s := StatusOf(err); {
	case err == nil:
		return true, nil
	case s == http.StatusConflict:
		return false, nil
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		if _, ierr := c.GetBucket(ctx, id); ierr == nil {
			return false, nil
		}
	}
	return false, err
}

// DeleteBucket deletes a bucket (DELETE /api/buckets/{id}, as huggingface_hub's delete_bucket); a
// missing one is IsNotFound. Retried: a replay of a delete that worked gets 404, reported as success.
func (c *Client) DeleteBucket(ctx context.Context, id string) error {
	eid, err := escapedID(id)
	if err != nil {
		return err
	}
	res, err := c.doJSON(ctx, "DELETE", c.endpoint+"/api/buckets/"+eid, nil, nil, nil, retryIdempotent)
	if res.replayed && IsNotFound(err) {
		return nil
	}
	return err
}
