package hfapi_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// errorCase is one refusal of the emulator and how the client must classify it.
type errorCase struct {
	name   string
	token  string
	call   func(ctx context.Context, c *hfapi.Client, head string) error
	status int
	code   string                         // X-Error-Code, when the Hub sends one
	is     func(error) bool               // the classification callers rely on
	isNot  []func(error) bool             // classifications that would mislead them
	check  func(*testing.T, *hfapi.Error) // anything else (RepoURL, message)
}

// TestEmulatorErrorPaths sends each refusal the reference describes to the emulator and checks the
// status, the error code and the client's classification. The world: alice/pub (public) and
// alice/priv (private) exist, with the bucket alice/pub-data.
func TestEmulatorErrorPaths(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	alice := e.as(aliceToken)
	e.mustCreate(alice, argillaSpace("alice", "pub"), true)
	priv := argillaSpace("alice", "priv")
	priv.Visibility = "private"
	e.mustCreate(alice, priv, false)
	head := e.space("alice/pub").HeadCommit
	if _, err := alice.Commit(context.Background(), "alice/pub", "", hfapi.CommitRequest{Summary: "move the head",
		Ops: []hfapi.CommitOp{{Path: "x.txt", Content: []byte("x")}}}); err != nil {
		t.Fatal(err)
	}

	for _, tc := range errorCases(e.srv.URL) {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(context.Background(), e.as(tc.token), head)
			var he *hfapi.Error
			if !errors.As(err, &he) {
				t.Fatalf("err = %v, want an *hfapi.Error", err)
			}
			if he.Status != tc.status || he.Code != tc.code {
				t.Errorf("status %d code %q, want %d %q (%v)", he.Status, he.Code, tc.status, tc.code, err)
			}
			if !tc.is(err) {
				t.Errorf("classification failed for %v", err)
			}
			for i, not := range tc.isNot {
				if not(err) {
					t.Errorf("misclassified (isNot[%d]) %v", i, err)
				}
			}
			if he.RequestID == "" || he.Message == "" {
				t.Errorf("request id %q, message %q: both should come from the answer", he.RequestID, he.Message)
			}
			if tc.check != nil {
				tc.check(t, he)
			}
		})
	}

	// None of the refused creates left a Space behind, and the refused changes changed nothing.
	for _, id := range []string{"alice/ro", "bob/docker", "freeorg/docker", "bob/prot", "acme/by-bob", "alice/badkey"} {
		if _, ok := e.srv.Space(id); ok {
			t.Errorf("refused create left %s behind", id)
		}
	}
	if s := e.space("alice/pub"); s.Restarts != 1 || s.Commits != 2 || s.Secrets["RO"] != "" {
		t.Errorf("alice/pub changed: restarts %d (want 1, the setup commit), commits %d, secrets %v", s.Restarts, s.Commits, keys(s.Secrets))
	}
}

func errorCases(base string) []errorCase {
	notFound, invalidToken, unauthorized := hfapi.IsNotFound, hfapi.IsInvalidToken, hfapi.IsUnauthorized
	info := func(id string) func(context.Context, *hfapi.Client, string) error {
		return func(ctx context.Context, c *hfapi.Client, _ string) error { _, err := c.SpaceInfo(ctx, id); return err }
	}
	create := func(req hfapi.CreateRepoRequest) func(context.Context, *hfapi.Client, string) error {
		return func(ctx context.Context, c *hfapi.Client, _ string) error {
			_, err := c.CreateRepo(ctx, req)
			return err
		}
	}
	docker := func(org, name string) hfapi.CreateRepoRequest {
		return hfapi.CreateRepoRequest{Name: name, Organization: org, SDK: "docker", Template: argillaTemplate}
	}
	urlIs := func(want string) func(*testing.T, *hfapi.Error) {
		return func(t *testing.T, he *hfapi.Error) {
			if he.RepoURL != want {
				t.Errorf("RepoURL = %q, want %q", he.RepoURL, want)
			}
		}
	}
	msgHas := func(want string) func(*testing.T, *hfapi.Error) {
		return func(t *testing.T, he *hfapi.Error) {
			if !strings.Contains(he.Message, want) {
				t.Errorf("message %q lacks %q", he.Message, want)
			}
		}
	}
	return []errorCase{
		// A bad token is a 401 with the exact message, never "not found" (reference §12, surprise 4).
		{name: "bad token on whoami", token: "hf_not_a_token", status: 401, is: invalidToken,
			call:  func(ctx context.Context, c *hfapi.Client, _ string) error { _, err := c.WhoAmI(ctx); return err },
			isNot: []func(error) bool{notFound}},
		{name: "bad token on a repo URL", token: "hf_not_a_token", status: 401, call: info("alice/pub"),
			is: invalidToken, isNot: []func(error) bool{notFound}},

		// Missing or invisible repos: 401 to anonymous callers, 404 to authenticated ones.
		{name: "anonymous, missing Space", status: 401, code: "RepoNotFound", call: info("alice/missing"),
			is: notFound, isNot: []func(error) bool{invalidToken}},
		{name: "anonymous, private Space", status: 401, code: "RepoNotFound", call: info("alice/priv"),
			is: notFound, isNot: []func(error) bool{invalidToken}},
		{name: "authenticated, missing Space", token: aliceToken, status: 404, code: "RepoNotFound", call: info("alice/missing"),
			is: notFound, isNot: []func(error) bool{unauthorized}},
		{name: "authenticated, another user's private Space", token: bobToken, status: 404, code: "RepoNotFound",
			call: info("alice/priv"), is: notFound},
		{name: "missing file", token: aliceToken, status: 404, code: "EntryNotFound", is: notFound,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.GetFile(ctx, "alice/pub", "", "missing.txt")
				return err
			}},
		{name: "missing revision", token: aliceToken, status: 404, code: "RevisionNotFound", is: notFound,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.HeadFile(ctx, "alice/pub", strings.Repeat("0", 40), "Dockerfile")
				return err
			}},
		{name: "delete a missing Space", token: aliceToken, status: 404, code: "RepoNotFound", is: notFound,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				return c.DeleteRepo(ctx, "alice/missing", "space")
			}},
		{name: "anonymous logs", status: 401, is: unauthorized,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				return c.StreamLogs(ctx, "alice/pub", hfapi.LogsOptions{}, func(hfapi.LogEvent) error { return nil })
			}, isNot: []func(error) bool{invalidToken}},
		{name: "anonymous create", status: 401, call: create(docker("alice", "anon")), is: unauthorized,
			isNot: []func(error) bool{invalidToken}},

		// Writing without the rights: 403.
		{name: "read token adds a secret", token: aliceReadToken, status: 403, is: hfapi.IsForbidden,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				return c.AddSecret(ctx, "alice/pub", hfapi.KeyValue{Key: "RO", Value: "read-only-value"})
			}, check: msgHas("read access")},
		{name: "read token creates", token: aliceReadToken, status: 403, is: hfapi.IsForbidden, call: create(docker("alice", "ro"))},
		{name: "read token commits", token: aliceReadToken, status: 403, is: hfapi.IsForbidden,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.Commit(ctx, "alice/pub", "", hfapi.CommitRequest{Summary: "ro", Ops: []hfapi.CommitOp{{Path: "ro.txt", Content: []byte("x")}}})
				return err
			}},
		{name: "another user restarts", token: bobToken, status: 403, is: hfapi.IsForbidden,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.RestartSpace(ctx, "alice/pub", false)
				return err
			}},
		{name: "read member creates in the org", token: bobToken, status: 403, is: hfapi.IsForbidden, call: create(docker("acme", "by-bob"))},

		// No paid plan: 402 (reference §0.2).
		{name: "free user, docker Space", token: bobToken, status: 402, is: hfapi.IsPaymentRequired, call: create(docker("bob", "docker")),
			check: msgHas("PRO")},
		{name: "free org, docker Space", token: aliceToken, status: 402, is: hfapi.IsPaymentRequired, call: create(docker("freeorg", "docker"))},
		{name: "free user, protected static Space", token: bobToken, status: 402, is: hfapi.IsPaymentRequired,
			call: create(hfapi.CreateRepoRequest{Name: "prot", SDK: "static", Visibility: "protected"})},

		// Exists: 409 naming the existing repo.
		{name: "create an existing Space", token: aliceToken, status: 409, is: hfapi.IsConflict,
			call: create(docker("alice", "pub")), check: urlIs(base + "/spaces/alice/pub")},
		{name: "duplicate onto an existing Space", token: aliceToken, status: 409, is: hfapi.IsConflict,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.DuplicateSpace(ctx, "alice/pub", hfapi.DuplicateRequest{Repository: "alice/priv"})
				return err
			}, check: urlIs(base + "/spaces/alice/priv")},
		{name: "create an existing bucket", token: aliceToken, status: 409, is: hfapi.IsConflict,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.CreateBucket(ctx, "alice/pub-data", hfapi.BucketRequest{})
				return err
			}, check: urlIs(base + "/buckets/alice/pub-data")},

		// A stale parent: 412, with the message huggingface_hub's test expects.
		{name: "commit on a stale parent", token: aliceToken, status: 412, is: hfapi.IsPreconditionFailed,
			call: func(ctx context.Context, c *hfapi.Client, head string) error {
				_, err := c.Commit(ctx, "alice/pub", "", hfapi.CommitRequest{Summary: "late", ParentCommit: head,
					Ops: []hfapi.CommitOp{{Path: "late.txt", Content: []byte("late")}}})
				return err
			}, check: msgHas("The branch was updated since you opened this page")},

		// Invalid requests: 400.
		{name: "unknown hardware", token: aliceToken, status: 400, is: hfapi.IsBadRequest,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.RequestHardware(ctx, "alice/pub", "warp-9", nil)
				return err
			}},
		{name: "sleep time 0", token: aliceToken, status: 400, is: hfapi.IsBadRequest,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.SetSleepTime(ctx, "alice/pub", 0)
				return err
			}},
		{name: "volume of a missing bucket", token: aliceToken, status: 400, is: hfapi.IsBadRequest,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				return c.SetVolumes(ctx, "alice/pub", []hfapi.Volume{{Type: "bucket", Source: "alice/nope", MountPath: "/data"}})
			}},
		{name: "delete volumes when none", token: aliceToken, status: 400, is: hfapi.IsBadRequest,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error { return c.DeleteVolumes(ctx, "alice/priv") }},
		{name: "legacy storage tier", token: aliceToken, status: 400, is: hfapi.IsBadRequest,
			call: func(ctx context.Context, c *hfapi.Client, _ string) error {
				_, err := c.RequestStorage(ctx, "alice/pub", "small")
				return err
			}, check: msgHas("no longer available")},
		{name: "create with a bad secret key", token: aliceToken, status: 400, is: hfapi.IsBadRequest,
			call: create(hfapi.CreateRepoRequest{Name: "badkey", Organization: "alice", SDK: "docker", Template: argillaTemplate,
				Secrets: []hfapi.KeyValue{{Key: "1BAD", Value: "whatever-value"}}})},
	}
}

// TestEmulatorClientSideRefusals: what the client refuses itself sends nothing.
func TestEmulatorClientSideRefusals(t *testing.T) {
	e := newEmu(t, hubtest.Options{})
	c := e.as(aliceToken)
	e.mustCreate(c, argillaSpace("alice", "pub"), true)
	e.srv.ResetRequests()
	ctx := context.Background()
	errs := []error{
		c.AddSecret(ctx, "alice/pub", hfapi.KeyValue{Key: "1BAD", Value: "v"}),
		c.SetVolumes(ctx, "alice/pub", nil),
		func() error { _, err := c.AddVariable(ctx, "alice/pub", hfapi.KeyValue{Key: "has space"}); return err }(),
		func() error { _, err := c.SpaceInfo(ctx, "no-namespace"); return err }(),
		func() error {
			_, err := c.Commit(ctx, "alice/pub", "", hfapi.CommitRequest{Summary: "empty"})
			return err
		}(),
	}
	for i, err := range errs {
		if err == nil || hfapi.StatusOf(err) != 0 {
			t.Errorf("refusal %d: %v, want a local error", i, err)
		}
	}
	if reqs := e.srv.Requests(); len(reqs) != 0 {
		t.Errorf("%d requests sent for refused calls: %+v", len(reqs), reqs)
	}
	// A 200 answer to an anonymous read of a public Space: no error at all.
	if resp, err := http.Get(e.srv.URL + "/api/spaces/alice/pub"); err != nil || resp.StatusCode != 200 {
		t.Errorf("anonymous GET of a public Space: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
}
