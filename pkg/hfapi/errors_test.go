package hfapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// TestErrorClassification drives each Hub failure of the reference through a
// real call and checks the predicates the CLI relies on.
func TestErrorClassification(t *testing.T) {
	type preds struct{ notFound, invalidToken, unauthorized, forbidden, payment, conflict, precondition, rateLimited, badRequest bool }
	cases := []struct {
		name    string
		call    func(context.Context, *hfapi.Client) error
		status  int
		header  map[string]string
		body    string
		want    preds
		message string
		code    string
	}{
		{
			name:   "bad token",
			call:   func(ctx context.Context, c *hfapi.Client) error { _, err := c.WhoAmI(ctx); return err },
			status: 401, header: map[string]string{"X-Error-Message": "Invalid credentials in Authorization header"},
			want: preds{invalidToken: true, unauthorized: true}, message: "Invalid credentials in Authorization header",
		},
		{
			name:   "bad token on a repo url is not 'not found'",
			call:   func(ctx context.Context, c *hfapi.Client) error { _, err := c.SpaceInfo(ctx, "alice/x"); return err },
			status: 401, header: map[string]string{"X-Error-Message": "Invalid credentials in Authorization header"},
			want: preds{invalidToken: true, unauthorized: true}, message: "Invalid credentials in Authorization header",
		},
		{
			name:   "anonymous 401 on a space means not found",
			call:   func(ctx context.Context, c *hfapi.Client) error { _, err := c.SpaceInfo(ctx, "alice/x"); return err },
			status: 401, body: `{"error":"Repository not found"}`,
			want: preds{notFound: true, unauthorized: true}, message: "Repository not found",
		},
		{
			name: "anonymous 401 on resolve means not found",
			call: func(ctx context.Context, c *hfapi.Client) error {
				_, err := c.GetFile(ctx, "alice/x", "main", "README.md")
				return err
			},
			status: 401, want: preds{notFound: true, unauthorized: true}, message: "Unauthorized",
		},
		{
			name:   "401 elsewhere is not 'not found'",
			call:   func(ctx context.Context, c *hfapi.Client) error { _, err := c.WhoAmI(ctx); return err },
			status: 401, body: "nope", want: preds{unauthorized: true}, message: "nope",
		},
		{
			name:   "404 RepoNotFound",
			call:   func(ctx context.Context, c *hfapi.Client) error { _, err := c.SpaceRuntime(ctx, "alice/x"); return err },
			status: 404, header: map[string]string{"X-Error-Code": "RepoNotFound"}, body: `{"error":"Repository not found"}`,
			want: preds{notFound: true}, message: "Repository not found", code: "RepoNotFound",
		},
		{
			name: "EntryNotFound",
			call: func(ctx context.Context, c *hfapi.Client) error {
				_, err := c.HeadFile(ctx, "alice/x", "main", "nope")
				return err
			},
			status: 404, header: map[string]string{"X-Error-Code": "EntryNotFound"},
			want: preds{notFound: true}, message: "Not Found", code: "EntryNotFound",
		},
		{
			name: "read token writing",
			call: func(ctx context.Context, c *hfapi.Client) error {
				return c.AddSecret(ctx, "alice/x", hfapi.KeyValue{Key: "K", Value: "v"})
			},
			status: 403, body: `{"error":"You don't have the rights"}`,
			want: preds{forbidden: true}, message: "You don't have the rights",
		},
		{
			name: "free plan",
			call: func(ctx context.Context, c *hfapi.Client) error {
				_, err := c.CreateRepo(ctx, hfapi.CreateRepoRequest{Name: "x", SDK: "docker"})
				return err
			},
			status: 402, body: `{"error":["Payment required","Upgrade to PRO"]}`,
			want: preds{payment: true}, message: "Payment required; Upgrade to PRO",
		},
		{
			name:   "stale parent",
			call:   commitWithParent,
			status: 412, body: `{"error":"The branch was updated since you opened this page. Please refresh and try again."}`,
			want: preds{precondition: true}, message: "The branch was updated since you opened this page. Please refresh and try again.",
		},
		{
			name: "invalid preupload",
			call: func(ctx context.Context, c *hfapi.Client) error {
				_, err := c.Preupload(ctx, "alice/x", "main", nil)
				return err
			},
			status: 422, body: `{"errors":[{"message":"files is required"}]}`,
			want: preds{badRequest: true}, message: "files is required",
		},
		{
			name:   "bad request html body",
			call:   func(ctx context.Context, c *hfapi.Client) error { _, err := c.PauseSpace(ctx, "alice/x"); return err },
			status: 400, header: map[string]string{"Content-Type": "text/html"}, body: "<html>bad</html>",
			want: preds{badRequest: true}, message: "Bad Request",
		},
		{
			name:   "oauth style",
			call:   func(ctx context.Context, c *hfapi.Client) error { _, err := c.WhoAmI(ctx); return err },
			status: 400, body: `{"error":"invalid_grant","error_description":"expired"}`,
			want: preds{badRequest: true}, message: "invalid_grant: expired",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			c, _ := newClient(t, f)
			err := tc.call(context.Background(), c)
			got := preds{hfapi.IsNotFound(err), hfapi.IsInvalidToken(err), hfapi.IsUnauthorized(err), hfapi.IsForbidden(err),
				hfapi.IsPaymentRequired(err), hfapi.IsConflict(err), hfapi.IsPreconditionFailed(err), hfapi.IsRateLimited(err), hfapi.IsBadRequest(err)}
			if got != tc.want {
				t.Errorf("predicates = %+v, want %+v (err %v)", got, tc.want, err)
			}
			if hfapi.StatusOf(err) != tc.status {
				t.Errorf("StatusOf = %d", hfapi.StatusOf(err))
			}
			var e *hfapi.Error
			if !asErr(err, &e) {
				t.Fatalf("not an *Error: %v", err)
			}
			if e.Message != tc.message || e.Code != tc.code {
				t.Errorf("message %q code %q, want %q %q", e.Message, e.Code, tc.message, tc.code)
			}
			if n := len(f.requests()); n != 1 {
				t.Errorf("%d requests, want 1 (4xx are never retried)", n)
			}
		})
	}
}

func commitWithParent(ctx context.Context, c *hfapi.Client) error {
	_, err := c.Commit(ctx, "alice/x", "main", hfapi.CommitRequest{Summary: "s", ParentCommit: "abc12",
		Ops: []hfapi.CommitOp{{Path: "a.txt", Content: []byte("a")}}})
	return err
}

func asErr(err error, target **hfapi.Error) bool {
	e, ok := err.(*hfapi.Error)
	if ok {
		*target = e
	}
	return ok
}

// TestConflictCarriesURL checks the 409 of an existing repo: not retried,
// IsConflict, and RepoURL read from the body.
func TestConflictCarriesURL(t *testing.T) {
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 409, map[string]any{"error": "You already created this space repo", "url": "https://huggingface.co/spaces/alice/x"})
	})
	c, s := newClient(t, f)
	_, err := c.CreateRepo(context.Background(), hfapi.CreateRepoRequest{Name: "x", Organization: "alice", SDK: "docker"})
	if !hfapi.IsConflict(err) {
		t.Fatalf("err = %v, want conflict", err)
	}
	if e := err.(*hfapi.Error); e.RepoURL != "https://huggingface.co/spaces/alice/x" {
		t.Errorf("RepoURL = %q", e.RepoURL)
	}
	if len(f.requests()) != 1 || len(s.got()) != 0 {
		t.Errorf("conflict was retried: %d requests, sleeps %v", len(f.requests()), s.got())
	}
}

// TestRequestIDPrecedence checks X-Request-Id > X-Amzn-Trace-Id > X-Amz-Cf-Id
// and that the id is in the error text.
func TestRequestIDPrecedence(t *testing.T) {
	cases := []struct {
		headers map[string]string
		want    string
	}{
		{map[string]string{"X-Request-Id": "r1", "X-Amzn-Trace-Id": "t1", "X-Amz-Cf-Id": "c1"}, "r1"},
		{map[string]string{"X-Amzn-Trace-Id": "t1", "X-Amz-Cf-Id": "c1"}, "t1"},
		{map[string]string{"X-Amz-Cf-Id": "c1"}, "c1"},
	}
	for _, tc := range cases {
		f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
			for k, v := range tc.headers {
				w.Header().Set(k, v)
			}
			w.WriteHeader(403)
		})
		c, _ := newClient(t, f)
		_, err := c.SpaceRuntime(context.Background(), "alice/x")
		e := err.(*hfapi.Error)
		if e.RequestID != tc.want || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("RequestID = %q (%v), want %q", e.RequestID, err, tc.want)
		}
	}
}
