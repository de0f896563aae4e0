package hfapi_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// cassette is a VCR recording of huggingface_hub's tests against the real Hub (testdata/cassettes,
// see the README there), read as far as these tests need.
type cassette struct {
	Interactions []cassetteEntry `yaml:"interactions"`
}

type cassetteEntry struct {
	Request struct {
		Body   *string `yaml:"body"`
		Method string  `yaml:"method"`
		URI    string  `yaml:"uri"`
	} `yaml:"request"`
	Response struct {
		Body struct {
			String string `yaml:"string"`
		} `yaml:"body"`
		Headers map[string][]string `yaml:"headers"`
		Status  struct {
			Code int `yaml:"code"`
		} `yaml:"status"`
	} `yaml:"response"`
}

// recordedHub answers each request with the next queued recorded answer, after checking the request
// goes where the recorded one went (our client reads a revision-less space info where huggingface_hub
// read .../revision/main).
type recordedHub struct {
	t     *testing.T
	mu    sync.Mutex
	queue []cassetteEntry
}

func (h *recordedHub) serve(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.queue) == 0 {
		h.t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		w.WriteHeader(http.StatusTeapot)
		return
	}
	e := h.queue[0]
	h.queue = h.queue[1:]
	u, _ := url.Parse(e.Request.URI)
	if want := strings.Replace(u.Path, "/revision/main", "", 1); r.Method != e.Request.Method || r.URL.Path != want {
		h.t.Errorf("request %s %s, recorded %s %s", r.Method, r.URL.Path, e.Request.Method, want)
	}
	for k, vs := range e.Response.Headers {
		for _, v := range vs {
			if k != "Content-Length" && k != "Connection" {
				w.Header().Add(k, v)
			}
		}
	}
	w.WriteHeader(e.Response.Status.Code)
	w.Write([]byte(e.Response.Body.String))
}

func (h *recordedHub) expect(es ...cassetteEntry) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.queue = append(h.queue, es...)
}

// TestClientDecodesEveryRecordedAnswer: each recorded real-Hub answer is served to the client call
// that makes the recorded request, and must decode into what the call promises.
func TestClientDecodesEveryRecordedAnswer(t *testing.T) {
	files, err := filepath.Glob("testdata/cassettes/*.yaml")
	if err != nil || len(files) != 5 {
		t.Fatalf("cassettes: %v %v", files, err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var cas cassette
			if err := yaml.Unmarshal(data, &cas); err != nil {
				t.Fatal(err)
			}
			h := &recordedHub{t: t}
			f := newFakeHub(t, h.serve)
			c, _ := newClient(t, f)
			ctx := context.Background()
			served := 0
			for i := 0; i < len(cas.Interactions); i++ {
				e := cas.Interactions[i]
				u, _ := url.Parse(e.Request.URI)
				body := ""
				if e.Request.Body != nil {
					body = *e.Request.Body
				}
				id := spaceIDOf(u.Path)
				h.expect(e)
				served++
				switch p := u.Path; {
				case p == "/api/repos/create":
					var req struct{ Name, Organization, SDK string }
					mustJSON(t, body, &req)
					out, err := c.CreateRepo(ctx, hfapi.CreateRepoRequest{Name: req.Name, Organization: req.Organization, SDK: "gradio", Visibility: "private"})
					if e.Response.Status.Code == http.StatusConflict {
						var he *hfapi.Error
						if !hfapi.IsConflict(err) || !asErr(err, &he) || he.RepoURL == "" || !strings.Contains(he.Message, "already created") {
							t.Errorf("recorded 409: err %v", err)
						}
						break
					}
					if err != nil || out.Name != "user/tmp_test_space" || len(out.ID) != 24 || out.URL == "" {
						t.Errorf("create: %+v %v", out, err)
					}
				case strings.HasSuffix(p, "/preupload/main"):
					// huggingface_hub's upload_file: preupload, a space info read, the commit. Our Commit
					// sends the preupload and the commit; the space info is read on its own.
					info, commit := cas.Interactions[i+1], cas.Interactions[i+2]
					h.queue = nil
					h.expect(info)
					si, err := c.SpaceInfo(ctx, id, "xetEnabled")
					if err != nil || si.ID != id {
						t.Errorf("space info: %+v %v", si, err)
					}
					h.expect(e, commit)
					path, content := recordedFile(t, *commit.Request.Body)
					ci, err := c.Commit(ctx, id, "main", hfapi.CommitRequest{Summary: "Upload app.py with huggingface_hub", Ops: []hfapi.CommitOp{{Path: path, Content: content}}})
					if err != nil || !ci.Success || len(ci.CommitOid) != 40 || ci.CommitURL == "" {
						t.Errorf("commit: %+v %v", ci, err)
					}
					served += 2
					i += 2
				case strings.HasSuffix(p, "/secrets"):
					var kv hfapi.KeyValue
					mustJSON(t, body, &kv)
					if e.Request.Method == "DELETE" {
						err = c.DeleteSecret(ctx, id, kv.Key)
					} else {
						err = c.AddSecret(ctx, id, kv)
					}
					if err != nil {
						t.Errorf("%s secret %s: %v", e.Request.Method, kv.Key, err)
					}
				case strings.HasSuffix(p, "/variables"):
					var kv hfapi.KeyValue
					var m map[string]hfapi.VariableInfo
					switch e.Request.Method {
					case "GET":
						m, err = c.ListVariables(ctx, id)
					case "POST":
						mustJSON(t, body, &kv)
						m, err = c.AddVariable(ctx, id, kv)
					case "DELETE":
						mustJSON(t, body, &kv)
						m, err = c.DeleteVariable(ctx, id, kv.Key)
					}
					if err != nil {
						t.Errorf("%s variables: %v", e.Request.Method, err)
					}
					for k, v := range m {
						if v.Key != k || v.UpdatedAt == "" {
							t.Errorf("variable %s decoded as %+v", k, v)
						}
					}
					if kv.Key != "" && e.Request.Method == "POST" && m[kv.Key].Value != kv.Value {
						t.Errorf("variable %s = %+v after setting %q", kv.Key, m[kv.Key], kv.Value)
					}
				case strings.HasSuffix(p, "/runtime"), strings.HasSuffix(p, "/pause"), strings.HasSuffix(p, "/restart"):
					var rt *hfapi.SpaceRuntime
					switch {
					case strings.HasSuffix(p, "/pause"):
						rt, err = c.PauseSpace(ctx, id)
					case strings.HasSuffix(p, "/restart"):
						rt, err = c.RestartSpace(ctx, id, false)
					default:
						rt, err = c.SpaceRuntime(ctx, id)
					}
					if err != nil || rt.Stage == "" || rt.Replicas == nil || rt.Replicas.Requested != 1 {
						t.Errorf("%s: %+v %v", p, rt, err)
					}
				case p == "/api/repos/delete":
					if err := c.DeleteRepo(ctx, "user/tmp_test_space", "space"); err != nil {
						t.Errorf("delete: %v", err)
					}
				default:
					t.Fatalf("no client call for recorded %s %s", e.Request.Method, p)
				}
				if len(h.queue) != 0 {
					t.Errorf("#%d %s %s: %d recorded answers not asked for", i, e.Request.Method, u.Path, len(h.queue))
					h.queue = nil
				}
			}
			if served != len(cas.Interactions) {
				t.Errorf("%d of %d recorded answers served", served, len(cas.Interactions))
			}
		})
	}
}

// spaceIDOf returns "ns/name" of /api/spaces/ns/name/..., or "".
func spaceIDOf(p string) string {
	parts := strings.Split(strings.TrimPrefix(p, "/api/spaces/"), "/")
	if !strings.HasPrefix(p, "/api/spaces/") || len(parts) < 2 {
		return ""
	}
	return parts[0] + "/" + parts[1]
}

func mustJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("recorded body %q: %v", s, err)
	}
}

// recordedFile returns the file of a recorded NDJSON commit body.
func recordedFile(t *testing.T, body string) (string, []byte) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		var line struct {
			Key   string `json:"key"`
			Value struct {
				Path, Content string
			} `json:"value"`
		}
		if sc.Text() == "" || json.Unmarshal(sc.Bytes(), &line) != nil || line.Key != "file" {
			continue
		}
		b, err := base64.StdEncoding.DecodeString(line.Value.Content)
		if err != nil {
			t.Fatal(err)
		}
		return line.Value.Path, b
	}
	t.Fatalf("no file in recorded commit %q", body)
	return "", nil
}
