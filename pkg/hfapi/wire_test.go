package hfapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// wireCase checks one method's request shape and answer decoding.
type wireCase struct {
	name     string
	call     func(context.Context, *hfapi.Client) (any, error)
	method   string
	uri      string // RequestURI as sent
	body     string // expected JSON body; "" = no body
	status   int    // 0 = 200
	answer   any    // JSON answer; a string is sent as text/plain
	check    func(*testing.T, any)
	noAccept bool
}

func TestWireShapes(t *testing.T) {
	for _, tc := range wireCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
				status := tc.status
				if status == 0 {
					status = http.StatusOK
				}
				if s, ok := tc.answer.(string); ok {
					w.Header().Set("Content-Type", "text/plain")
					w.WriteHeader(status)
					_, _ = w.Write([]byte(s))
					return
				}
				writeJSON(w, status, tc.answer)
			})
			c, _ := newClient(t, f)
			got, err := tc.call(context.Background(), c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := f.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tc.method || r.RequestURI != tc.uri {
				t.Errorf("request = %s %s, want %s %s", r.Method, r.RequestURI, tc.method, tc.uri)
			}
			if tc.body == "" {
				if len(r.Body) != 0 {
					t.Errorf("unexpected body %q", r.Body)
				}
			} else {
				jsonEqual(t, r.Body, tc.body)
				if ct := r.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q", ct)
				}
			}
			if ua := r.Header.Get("User-Agent"); ua != "argilla-space/test; go/x" {
				t.Errorf("User-Agent = %q", ua)
			}
			if a := r.Header.Get("Authorization"); a != "Bearer "+testToken {
				t.Errorf("Authorization = %q", a)
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

func wireCases() []wireCase {
	runtimeAnswer := map[string]any{
		"stage":    "BUILDING",
		"hardware": map[string]any{"current": nil, "requested": "cpu-basic"},
		"storage":  nil, "gcTimeout": 172800, "replicas": map[string]any{"requested": 1},
		"devMode": false, "domains": []any{map[string]any{"domain": "alice-x.hf.space", "stage": "READY"}},
		"volumes": []any{map[string]any{"type": "bucket", "source": "alice/x-data", "mountPath": "/data"}},
	}
	checkRuntime := func(t *testing.T, v any) {
		rt := v.(*hfapi.SpaceRuntime)
		if rt.Stage != "BUILDING" || rt.Hardware.Current != nil || *rt.Hardware.Requested != "cpu-basic" ||
			*rt.GCTimeout != 172800 || rt.Storage != nil || rt.Replicas.Requested != 1 || rt.Replicas.Current != nil ||
			len(rt.Domains) != 1 || rt.Domains[0].Domain != "alice-x.hf.space" || rt.Volumes[0].MountPath != "/data" {
			t.Errorf("runtime = %+v", rt)
		}
	}
	vars := map[string]any{"A": map[string]any{"value": "1", "updatedAt": "t1"}, "B": map[string]any{"key": "B", "value": "2", "description": "d"}}
	checkVars := func(t *testing.T, v any) {
		want := map[string]hfapi.VariableInfo{"A": {Key: "A", Value: "1", UpdatedAt: "t1"}, "B": {Key: "B", Value: "2", Description: "d"}}
		if !reflect.DeepEqual(v, want) {
			t.Errorf("variables = %+v", v)
		}
	}
	return []wireCase{
		{
			name:   "whoami",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.WhoAmI(ctx) },
			method: "GET", uri: "/api/whoami-v2",
			answer: map[string]any{"type": "user", "id": "u1", "name": "alice", "fullname": "Alice", "email": nil, "isPro": true, "canPay": true,
				"orgs": []any{map[string]any{"type": "org", "id": "o1", "name": "acme", "fullname": "Acme", "plan": "team", "roleInOrg": "write"}},
				"auth": map[string]any{"type": "access_token", "accessToken": map[string]any{"displayName": "ci", "role": "write", "createdAt": "2026-01-01"}}},
			check: func(t *testing.T, v any) {
				w := v.(*hfapi.WhoAmI)
				if w.Name != "alice" || w.IsPro == nil || !*w.IsPro || w.Email != nil || len(w.Orgs) != 1 || w.Orgs[0].Plan == nil || *w.Orgs[0].Plan != "team" ||
					w.Orgs[0].RoleInOrg != "write" || w.Auth.AccessToken == nil || w.Auth.AccessToken.Role != "write" {
					t.Errorf("whoami = %+v", w)
				}
			},
		},
		{
			name: "create full",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return c.CreateRepo(ctx, hfapi.CreateRepoRequest{
					Name: "x", SDK: "docker", Visibility: "private", Hardware: "cpu-basic", SleepTimeSeconds: ptr(3600),
					Secrets:   []hfapi.KeyValue{{Key: "PASSWORD", Value: "pw12345678"}},
					Variables: []hfapi.KeyValue{{Key: "A", Value: "1", Description: "d"}},
					Volumes:   []hfapi.Volume{{Type: "bucket", Source: "alice/x-data", MountPath: "/data"}},
					Template:  "argilla/argilla-template-space",
					Files:     []hfapi.InlineFile{{Path: ".oauth.yaml", Content: "providers: []\n"}},
				})
			},
			method: "POST", uri: "/api/repos/create",
			body: `{"name":"x","organization":null,"type":"space","sdk":"docker","visibility":"private","hardware":"cpu-basic",
				"sleepTimeSeconds":3600,"secrets":[{"key":"PASSWORD","value":"pw12345678"}],"variables":[{"key":"A","value":"1","description":"d"}],
				"volumes":[{"type":"bucket","source":"alice/x-data","mountPath":"/data"}],"template":"argilla/argilla-template-space",
				"files":[{"path":".oauth.yaml","content":"providers: []\n"}]}`,
			answer: map[string]any{"url": "https://huggingface.co/spaces/alice/x", "name": "alice/x", "id": "0123456789abcdef01234567"},
			check: func(t *testing.T, v any) {
				want := &hfapi.RepoURL{URL: "https://huggingface.co/spaces/alice/x", Name: "alice/x", ID: "0123456789abcdef01234567"}
				if !reflect.DeepEqual(v, want) {
					t.Errorf("got %+v", v)
				}
			},
		},
		{
			name: "create in org, minimal",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return c.CreateRepo(ctx, hfapi.CreateRepoRequest{Name: "x", Organization: "acme", SDK: "docker"})
			},
			method: "POST", uri: "/api/repos/create",
			body:   `{"name":"x","organization":"acme","type":"space","sdk":"docker"}`,
			answer: map[string]any{"url": "u", "name": "acme/x", "id": "i"},
		},
		{
			name: "duplicate",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return c.DuplicateSpace(ctx, "argilla/argilla-template-space", hfapi.DuplicateRequest{
					Repository: "alice/x", Visibility: "private", Hardware: "cpu-basic",
					Secrets: []hfapi.KeyValue{{Key: "API_KEY", Value: "k1234567"}},
					Volumes: []hfapi.Volume{{Type: "bucket", Source: "alice/x-data", MountPath: "/data", ReadOnly: true, Revision: "main", Path: "sub"}},
				})
			},
			method: "POST", uri: "/api/spaces/argilla/argilla-template-space/duplicate",
			body: `{"repository":"alice/x","visibility":"private","hardware":"cpu-basic","secrets":[{"key":"API_KEY","value":"k1234567"}],
				"volumes":[{"type":"bucket","source":"alice/x-data","mountPath":"/data","revision":"main","readOnly":true,"path":"sub"}]}`,
			answer: map[string]any{"url": "https://huggingface.co/spaces/alice/x"},
			check: func(t *testing.T, v any) {
				if r := v.(*hfapi.RepoURL); r.URL != "https://huggingface.co/spaces/alice/x" || r.Name != "alice/x" {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name:   "delete",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return nil, c.DeleteRepo(ctx, "alice/x", "") },
			method: "DELETE", uri: "/api/repos/delete",
			body:   `{"name":"x","organization":"alice","type":"space"}`,
			answer: "OK",
		},
		{
			name:   "delete own namespace",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return nil, c.DeleteRepo(ctx, "x", "dataset") },
			method: "DELETE", uri: "/api/repos/delete",
			body:   `{"name":"x","organization":null,"type":"dataset"}`,
			answer: "OK",
		},
		{
			name: "settings",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return nil, c.UpdateSettings(ctx, "alice/x", hfapi.SettingsRequest{Visibility: "protected"})
			},
			method: "PUT", uri: "/api/spaces/alice/x/settings",
			body:   `{"visibility":"protected"}`,
			answer: map[string]any{"visibility": "protected", "private": false},
		},
		{
			name: "space info expand",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return c.SpaceInfo(ctx, "alice/x", "runtime", "sha")
			},
			method: "GET", uri: "/api/spaces/alice/x?expand=runtime&expand=sha",
			answer: map[string]any{"id": "alice/x", "sha": "abc", "runtime": runtimeAnswer},
			check: func(t *testing.T, v any) {
				s := v.(*hfapi.SpaceInfo)
				if s.ID != "alice/x" || s.SHA != "abc" {
					t.Errorf("got %+v", s)
				}
				checkRuntime(t, s.Runtime)
			},
		},
		{
			name:   "space info",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.SpaceInfo(ctx, "alice/x") },
			method: "GET", uri: "/api/spaces/alice/x",
			answer: map[string]any{"id": "alice/x", "author": "alice", "host": "https://alice-x.hf.space", "subdomain": "alice-x",
				"sdk": "docker", "private": true, "disabled": false, "cardData": map[string]any{"app_port": 6900},
				"siblings": []any{map[string]any{"rfilename": "Dockerfile"}}, "createdAt": "c", "lastModified": "m"},
			check: func(t *testing.T, v any) {
				s := v.(*hfapi.SpaceInfo)
				if s.Host != "https://alice-x.hf.space" || s.Subdomain != "alice-x" || !s.Private || s.CardData["app_port"] != 6900.0 ||
					len(s.Siblings) != 1 || s.Siblings[0].RFilename != "Dockerfile" || s.CreatedAt != "c" || s.LastModified != "m" || s.Runtime != nil {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name:   "runtime",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.SpaceRuntime(ctx, "alice/x") },
			method: "GET", uri: "/api/spaces/alice/x/runtime",
			answer: runtimeAnswer, check: checkRuntime,
		},
		{
			name: "hardware with sleep",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return c.RequestHardware(ctx, "alice/x", "t4-small", ptr(300))
			},
			method: "POST", uri: "/api/spaces/alice/x/hardware",
			body: `{"flavor":"t4-small","sleepTimeSeconds":300}`, answer: runtimeAnswer, check: checkRuntime,
		},
		{
			name: "hardware",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return c.RequestHardware(ctx, "alice/x", "cpu-upgrade", nil)
			},
			method: "POST", uri: "/api/spaces/alice/x/hardware",
			body: `{"flavor":"cpu-upgrade"}`, answer: runtimeAnswer,
		},
		{
			name:   "sleeptime",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.SetSleepTime(ctx, "alice/x", -1) },
			method: "POST", uri: "/api/spaces/alice/x/sleeptime",
			body: `{"seconds":-1}`, answer: runtimeAnswer,
		},
		{
			name:   "pause",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.PauseSpace(ctx, "alice/x") },
			method: "POST", uri: "/api/spaces/alice/x/pause",
			answer: map[string]any{"stage": "PAUSED"},
			check: func(t *testing.T, v any) {
				if v.(*hfapi.SpaceRuntime).Stage != "PAUSED" {
					t.Errorf("got %+v", v)
				}
			},
		},
		{
			name:   "restart",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.RestartSpace(ctx, "alice/x", false) },
			method: "POST", uri: "/api/spaces/alice/x/restart", answer: runtimeAnswer,
		},
		{
			name:   "factory restart",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.RestartSpace(ctx, "alice/x", true) },
			method: "POST", uri: "/api/spaces/alice/x/restart?factory=true", answer: runtimeAnswer,
		},
		{
			name:   "list secrets",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.ListSecrets(ctx, "alice/x") },
			method: "GET", uri: "/api/spaces/alice/x/secrets",
			answer: map[string]any{"PASSWORD": map[string]any{"key": "PASSWORD", "updatedAt": "t"}, "API_KEY": map[string]any{"description": "d"}},
			check: func(t *testing.T, v any) {
				want := map[string]hfapi.SecretInfo{"PASSWORD": {Key: "PASSWORD", UpdatedAt: "t"}, "API_KEY": {Key: "API_KEY", Description: "d"}}
				if !reflect.DeepEqual(v, want) {
					t.Errorf("got %+v", v)
				}
			},
		},
		{
			name: "add secret",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return nil, c.AddSecret(ctx, "alice/x", hfapi.KeyValue{Key: "PASSWORD", Value: "pw12345678"})
			},
			method: "POST", uri: "/api/spaces/alice/x/secrets",
			body: `{"key":"PASSWORD","value":"pw12345678"}`, answer: map[string]any{},
		},
		{
			name: "delete secret",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return nil, c.DeleteSecret(ctx, "alice/x", "PASSWORD")
			},
			method: "DELETE", uri: "/api/spaces/alice/x/secrets",
			body: `{"key":"PASSWORD"}`, answer: map[string]any{},
		},
		{
			name:   "list variables",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.ListVariables(ctx, "alice/x") },
			method: "GET", uri: "/api/spaces/alice/x/variables", answer: vars, check: checkVars,
		},
		{
			name: "add variable",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return c.AddVariable(ctx, "alice/x", hfapi.KeyValue{Key: "B", Value: "2", Description: "d"})
			},
			method: "POST", uri: "/api/spaces/alice/x/variables",
			body: `{"key":"B","value":"2","description":"d"}`, answer: vars, check: checkVars,
		},
		{
			name:   "delete variable",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.DeleteVariable(ctx, "alice/x", "C") },
			method: "DELETE", uri: "/api/spaces/alice/x/variables",
			body: `{"key":"C"}`, answer: vars, check: checkVars,
		},
		{
			name: "set volumes",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return nil, c.SetVolumes(ctx, "alice/x", []hfapi.Volume{{Type: "bucket", Source: "alice/x-data", MountPath: "/data"}})
			},
			method: "PUT", uri: "/api/spaces/alice/x/volumes",
			body: `{"volumes":[{"type":"bucket","source":"alice/x-data","mountPath":"/data"}]}`, answer: "",
		},
		{
			name:   "delete volumes",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return nil, c.DeleteVolumes(ctx, "alice/x") },
			method: "DELETE", uri: "/api/spaces/alice/x/volumes", answer: "",
		},
		{
			name: "request storage",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return c.RequestStorage(ctx, "alice/x", "small")
			},
			method: "POST", uri: "/api/spaces/alice/x/storage",
			body: `{"tier":"small"}`, answer: runtimeAnswer,
		},
		{
			name:   "delete storage",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.DeleteStorage(ctx, "alice/x") },
			method: "DELETE", uri: "/api/spaces/alice/x/storage", answer: runtimeAnswer,
		},
		{
			name: "create bucket",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return c.CreateBucket(ctx, "alice/x-data", hfapi.BucketRequest{Private: ptr(true)})
			},
			method: "POST", uri: "/api/buckets/alice/x-data",
			body:   `{"private":true}`,
			answer: map[string]any{"url": "https://huggingface.co/buckets/alice/x-data", "name": "alice/x-data", "id": "b1"},
			check: func(t *testing.T, v any) {
				if r := v.(*hfapi.RepoURL); r.Name != "alice/x-data" || r.ID != "b1" {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name: "create bucket default",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return c.CreateBucket(ctx, "alice/x-data", hfapi.BucketRequest{})
			},
			method: "POST", uri: "/api/buckets/alice/x-data",
			body: `{}`, answer: map[string]any{"url": "u", "name": "alice/x-data", "id": "b1"},
		},
		{
			name:   "hardware list",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.ListHardware(ctx) },
			method: "GET", uri: "/api/spaces/hardware",
			answer: []any{
				map[string]any{"name": "cpu-basic", "prettyName": "CPU basic", "cpu": "2 vCPU", "ram": "16 GB", "accelerator": nil,
					"unitCostMicroUSD": 167, "unitCostUSD": 0.000167, "unitLabel": "minute"},
				map[string]any{"name": "t4-small", "prettyName": "Nvidia T4 small", "cpu": "4 vCPU", "ram": "15 GB",
					"accelerator":      map[string]any{"type": "gpu", "model": "T4", "quantity": "1", "vram": "16 GB", "manufacturer": "Nvidia"},
					"unitCostMicroUSD": nil, "unitCostUSD": nil, "unitLabel": "minute"},
			},
			check: func(t *testing.T, v any) {
				want := []hfapi.Hardware{
					{Name: "cpu-basic", PrettyName: "CPU basic", CPU: "2 vCPU", RAM: "16 GB", UnitCostMicroUSD: 167, UnitCostUSD: 0.000167, UnitLabel: "minute"},
					{Name: "t4-small", PrettyName: "Nvidia T4 small", CPU: "4 vCPU", RAM: "15 GB", UnitLabel: "minute",
						Accelerator: &hfapi.Accelerator{Type: "gpu", Model: "T4", Quantity: 1, VRAM: "16 GB", Manufacturer: "Nvidia"}},
				}
				if !reflect.DeepEqual(v, want) {
					t.Errorf("got %+v", v)
				}
			},
		},
		{
			name:   "templates",
			call:   func(ctx context.Context, c *hfapi.Client) (any, error) { return c.ListSpaceTemplates(ctx) },
			method: "GET", uri: "/api/spaces/templates",
			answer: map[string]any{"templates": []any{map[string]any{"name": "Argilla", "repoId": "argilla/argilla-template-space", "sdk": "docker", "preferredPrivate": true}}},
			check: func(t *testing.T, v any) {
				want := []hfapi.SpaceTemplate{{Name: "Argilla", RepoID: "argilla/argilla-template-space", SDK: "docker", PreferredPrivate: true}}
				if !reflect.DeepEqual(v, want) {
					t.Errorf("got %+v", v)
				}
			},
		},
		{
			name: "preupload",
			call: func(ctx context.Context, c *hfapi.Client) (any, error) {
				return c.Preupload(ctx, "alice/x", "refs/pr/1", []hfapi.PreuploadFile{hfapi.NewPreuploadFile("README.md", []byte("hello"))})
			},
			method: "POST", uri: "/api/spaces/alice/x/preupload/refs%2Fpr%2F1",
			body:   `{"files":[{"path":"README.md","size":5,"sample":"aGVsbG8="}]}`,
			answer: map[string]any{"files": []any{map[string]any{"path": "README.md", "uploadMode": "regular", "shouldIgnore": false, "oid": "abc"}}, "commitOid": "head1"},
			check: func(t *testing.T, v any) {
				want := &hfapi.PreuploadResult{Files: []hfapi.PreuploadFileResult{{Path: "README.md", UploadMode: "regular", Oid: "abc"}}, CommitOid: "head1"}
				if !reflect.DeepEqual(v, want) {
					t.Errorf("got %+v", v)
				}
			},
		},
	}
}

// TestWhoAmICached checks the strict-rate-limit endpoint is called once.
func TestWhoAmICached(t *testing.T) {
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"name": "alice"})
	})
	c, _ := newClient(t, f)
	for range 3 {
		w, err := c.WhoAmI(context.Background())
		if err != nil || w.Name != "alice" {
			t.Fatalf("whoami = %+v, %v", w, err)
		}
		w.Name = "changed" // must not leak into the cache
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d whoami requests, want 1", n)
	}
}

// TestFileURLs checks revision and path escaping and the File fields.
func TestFileURLs(t *testing.T) {
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Repo-Commit", "c0ffee")
		w.Header().Set("ETag", `W/"e1"`)
		if r.Method == "HEAD" {
			w.Header().Set("X-Linked-Etag", `"linked"`)
		}
		_, _ = w.Write([]byte("content"))
	})
	c, _ := newClient(t, f)
	ctx := context.Background()
	got, err := c.GetFile(ctx, "alice/x", "refs/pr/1", "dir/a b.txt")
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Content) != "content" || got.Commit != "c0ffee" || got.ETag != "e1" {
		t.Errorf("GetFile = %+v", got)
	}
	head, err := c.HeadFile(ctx, "alice/x", "", ".oauth.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if head.Content != nil || head.Commit != "c0ffee" || head.ETag != "linked" {
		t.Errorf("HeadFile = %+v", head)
	}
	reqs := f.requests()
	if reqs[0].Method != "GET" || reqs[0].RequestURI != "/spaces/alice/x/resolve/refs%2Fpr%2F1/dir/a%20b.txt" {
		t.Errorf("GET = %s %s", reqs[0].Method, reqs[0].RequestURI)
	}
	if reqs[1].Method != "HEAD" || reqs[1].RequestURI != "/spaces/alice/x/resolve/main/.oauth.yaml" ||
		reqs[1].Header.Get("Accept-Encoding") != "identity" {
		t.Errorf("HEAD = %s %s %v", reqs[1].Method, reqs[1].RequestURI, reqs[1].Header)
	}
}

// TestHeadFileRedirects follows a relative redirect (renamed repo) but reads
// an absolute one (CDN) as the answer.
func TestHeadFileRedirects(t *testing.T) {
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/spaces/old/x/resolve/main/big.bin":
			w.Header().Set("Location", "/spaces/new/x/resolve/main/big.bin")
			w.WriteHeader(http.StatusMovedPermanently)
		case "/spaces/new/x/resolve/main/big.bin":
			w.Header().Set("X-Repo-Commit", "c2")
			w.Header().Set("X-Linked-Etag", `"sha256"`)
			w.Header().Set("Location", "https://cdn.example/blob")
			w.WriteHeader(http.StatusFound)
		}
	})
	c, _ := newClient(t, f)
	got, err := c.HeadFile(context.Background(), "old/x", "main", "big.bin")
	if err != nil {
		t.Fatal(err)
	}
	if got.Commit != "c2" || got.ETag != "sha256" {
		t.Errorf("got %+v", got)
	}
	if n := len(f.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

// TestInvalidIDs checks ids that could escape their path segment are refused
// before any request.
func TestInvalidIDs(t *testing.T) {
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {})
	c, _ := newClient(t, f)
	ctx := context.Background()
	for _, id := range []string{"", "x", "a/b/c", "../x", "a/..", "/x", "a/"} {
		if _, err := c.SpaceRuntime(ctx, id); err == nil {
			t.Errorf("SpaceRuntime(%q) accepted", id)
		}
	}
	if _, err := c.GetFile(ctx, "a/b", "main", "../../api/whoami-v2"); err == nil {
		t.Error("GetFile accepted a .. path")
	}
	if err := c.AddSecret(ctx, "a/b", hfapi.KeyValue{Key: "1BAD", Value: "v"}); err == nil {
		t.Error("AddSecret accepted a bad key")
	}
	if err := c.SetVolumes(ctx, "a/b", nil); err == nil {
		t.Error("SetVolumes accepted an empty list")
	}
	if err := c.UpdateSettings(ctx, "a/b", hfapi.SettingsRequest{}); err == nil {
		t.Error("UpdateSettings accepted an empty request")
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent for invalid input", n)
	}
}

// TestUnneededAnswersAreNotParsed: a mutating call whose answer is not used succeeds on any 2xx, even
// with an empty or non-JSON body (huggingface_hub ignores PUT .../settings' body, for one); the calls
// whose answers are needed (create, preupload, commit) still refuse one they cannot read.
func TestUnneededAnswersAreNotParsed(t *testing.T) {
	for _, body := range []string{"", "OK", "<html>fine</html>"} {
		f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte(body))
		})
		c, _ := newClient(t, f)
		ctx := context.Background()
		kv := hfapi.KeyValue{Key: "K", Value: "a-value-1234"}
		calls := map[string]func() error{
			"settings":        func() error { return c.UpdateSettings(ctx, "a/b", hfapi.SettingsRequest{Visibility: "private"}) },
			"hardware":        func() error { _, err := c.RequestHardware(ctx, "a/b", "cpu-upgrade", nil); return err },
			"sleeptime":       func() error { _, err := c.SetSleepTime(ctx, "a/b", 600); return err },
			"pause":           func() error { _, err := c.PauseSpace(ctx, "a/b"); return err },
			"restart":         func() error { _, err := c.RestartSpace(ctx, "a/b", false); return err },
			"add secret":      func() error { return c.AddSecret(ctx, "a/b", kv) },
			"delete secret":   func() error { return c.DeleteSecret(ctx, "a/b", "K") },
			"add variable":    func() error { _, err := c.AddVariable(ctx, "a/b", kv); return err },
			"delete variable": func() error { _, err := c.DeleteVariable(ctx, "a/b", "K"); return err },
			"set volumes": func() error {
				return c.SetVolumes(ctx, "a/b", []hfapi.Volume{{Type: "bucket", Source: "a/d", MountPath: "/data"}})
			},
			"create bucket": func() error { _, err := c.CreateBucket(ctx, "a/d", hfapi.BucketRequest{}); return err },
			"delete":        func() error { return c.DeleteRepo(ctx, "a/b", "space") },
		}
		for name, call := range calls {
			if err := call(); err != nil {
				t.Errorf("%s answered 200 %q: %v", name, body, err)
			}
		}
		if _, err := c.Preupload(ctx, "a/b", "main", []hfapi.PreuploadFile{hfapi.NewPreuploadFile("x", []byte("x"))}); err == nil {
			t.Errorf("preupload accepted 200 %q", body)
		}
		if _, err := c.CreateRepo(ctx, hfapi.CreateRepoRequest{Name: "b", Organization: "a", SDK: "docker"}); err == nil {
			t.Errorf("create accepted 200 %q", body)
		}
	}
}

// TestInlineFileAsHuggingFaceJS: create's inline files are sent as huggingface.js sends them
// (create-repo.ts): {path, content in base64, encoding "base64"}.
func TestInlineFileAsHuggingFaceJS(t *testing.T) {
	f := hfapi.NewInlineFile(".oauth.yaml", []byte("providers: []\n"))
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, b, `{"path":".oauth.yaml","content":"cHJvdmlkZXJzOiBbXQo=","encoding":"base64"}`)
	if back, err := f.Bytes(); err != nil || string(back) != "providers: []\n" {
		t.Errorf("Bytes = %q, %v", back, err)
	}
}
