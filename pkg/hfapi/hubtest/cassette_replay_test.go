package hubtest_test

// The real Hub's recorded answers (huggingface_hub v1.28.0 tests/cassettes/TestSpaceAPIProduction.*,
// copied to ../testdata/cassettes, see the README there) are the emulator's ground truth: each recorded
// request is sent to the emulator as it was recorded, and the emulator's answer must have the recorded
// status, the same error headers, and the same JSON keys with the same value types (no key missing, none
// invented). Values themselves differ (ids, times, hosts) and are not compared, except plain-text bodies.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// recording is one VCR cassette, read only as far as this test needs.
type recording struct {
	Interactions []struct {
		Request struct {
			Body    *string             `yaml:"body"`
			Headers map[string][]string `yaml:"headers"`
			Method  string              `yaml:"method"`
			URI     string              `yaml:"uri"`
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
	} `yaml:"interactions"`
}

func loadRecordings(t *testing.T) map[string]recording {
	t.Helper()
	files, err := filepath.Glob("../testdata/cassettes/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cassettes: %v", err)
	}
	out := map[string]recording{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r recording
		if err := yaml.Unmarshal(data, &r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".yaml")] = r
	}
	return out
}

// cassetteWorld has the recordings' user ("user", PRO: the recordings create gradio Spaces) and the
// owner of the public static Space one of them reads (victor/static-space).
func cassetteWorld() *hubtest.World {
	return &hubtest.World{
		Users: []hubtest.User{{Name: "user", IsPro: true}, {Name: "victor"}},
		Tokens: []hubtest.Token{
			{Value: "hf_user", User: "user", Role: "write"},
			{Value: "hf_victor", User: "victor", Role: "write"},
		},
	}
}

// errorHeaders are the headers whose presence must match: clients decide on them (reference §12).
var errorHeaders = []string{"X-Error-Code", "X-Error-Message"}

func TestCassetteReplayMatchesRecordedAnswers(t *testing.T) {
	recs := loadRecordings(t)
	if len(recs) != 5 {
		t.Fatalf("%d cassettes, want the 5 TestSpaceAPIProduction ones", len(recs))
	}
	for name, rec := range recs {
		t.Run(name, func(t *testing.T) {
			// Builds last an hour, so the stages seen are the recorded ones (BUILDING after create and restart).
			srv, err := hubtest.NewServer(hubtest.Options{World: cassetteWorld(), BuildTime: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(srv.Close)
			replayer := &cassettePlayer{t: t, base: srv.URL}
			// What the recordings found on the Hub before they started: a public static Space of victor's,
			// and (when the first create was a 409) the Space itself, left over from an earlier run.
			replayer.send("hf_victor", "POST", "/api/repos/create", `{"name":"static-space","organization":"victor","type":"space","sdk":"static","visibility":"public"}`, 200)
			first := rec.Interactions[0]
			if first.Response.Status.Code == http.StatusConflict {
				replayer.send("hf_user", first.Request.Method, "/api/repos/create", *first.Request.Body, 200)
			}
			for i, it := range rec.Interactions {
				u, err := url.Parse(it.Request.URI)
				if err != nil {
					t.Fatal(err)
				}
				body := ""
				if it.Request.Body != nil {
					body = *it.Request.Body
				}
				what := fmt.Sprintf("#%d %s %s", i, it.Request.Method, u.RequestURI())
				got := replayer.do("hf_user", it.Request.Method, u.RequestURI(), header(it.Request.Headers, "Content-Type"), body)
				if got.StatusCode != it.Response.Status.Code {
					t.Errorf("%s: status %d, recorded %d; body %s", what, got.StatusCode, it.Response.Status.Code, got.body)
					continue
				}
				for _, h := range errorHeaders {
					if (got.Header.Get(h) != "") != (header(it.Response.Headers, h) != "") {
						t.Errorf("%s: header %s is %q, recorded %q", what, h, got.Header.Get(h), header(it.Response.Headers, h))
					}
				}
				compareBodies(t, what, header(it.Response.Headers, "Content-Type"), it.Response.Body.String, got)
			}
		})
	}
}

// header reads a recorded header case-insensitively.
func header(h map[string][]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

func compareBodies(t *testing.T, what, recordedType, recorded string, got *playedAnswer) {
	t.Helper()
	gotType := got.Header.Get("Content-Type")
	if mediaType(gotType) != mediaType(recordedType) {
		t.Errorf("%s: Content-Type %q, recorded %q", what, gotType, recordedType)
		return
	}
	if mediaType(recordedType) != "application/json" {
		if string(got.body) != recorded {
			t.Errorf("%s: body %q, recorded %q", what, got.body, recorded)
		}
		return
	}
	var want, have any
	if err := json.Unmarshal([]byte(recorded), &want); err != nil {
		t.Fatalf("%s: recorded body is not JSON: %v", what, err)
	}
	if err := json.Unmarshal(got.body, &have); err != nil {
		t.Errorf("%s: answer is not JSON: %v: %s", what, err, got.body)
		return
	}
	for _, d := range shapeDiff("$", want, have) {
		t.Errorf("%s: %s\n  recorded %s\n  emulator %s", what, d, recorded, got.body)
	}
}

func mediaType(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.TrimSpace(strings.ToLower(mt))
}

// shapeDiff lists where have differs from want in keys or value types. Arrays are compared element by
// element when both have the same length, else each element of have against want's first.
func shapeDiff(at string, want, have any) []string {
	if kind(want) != kind(have) {
		return []string{fmt.Sprintf("%s is %s, recorded %s", at, kind(have), kind(want))}
	}
	var out []string
	switch w := want.(type) {
	case map[string]any:
		h := have.(map[string]any)
		for _, k := range sortedKeysOf(w) {
			if _, ok := h[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s is missing", at, k))
				continue
			}
			out = append(out, shapeDiff(at+"."+k, w[k], h[k])...)
		}
		for _, k := range sortedKeysOf(h) {
			if _, ok := w[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s is invented (not in the recording)", at, k))
			}
		}
	case []any:
		h := have.([]any)
		for i := range h {
			switch {
			case len(h) == len(w):
				out = append(out, shapeDiff(fmt.Sprintf("%s[%d]", at, i), w[i], h[i])...)
			case len(w) > 0:
				out = append(out, shapeDiff(fmt.Sprintf("%s[%d]", at, i), w[0], h[i])...)
			}
		}
	}
	return out
}

func kind(v any) string {
	if v == nil {
		return "null"
	}
	return reflect.TypeOf(v).Kind().String()
}

func sortedKeysOf(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// cassettePlayer sends recorded requests to the emulator.
type cassettePlayer struct {
	t    *testing.T
	base string
}

type playedAnswer struct {
	*http.Response
	body []byte
}

func (p *cassettePlayer) do(token, method, uri, contentType, body string) *playedAnswer {
	p.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, p.base+uri, r)
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return &playedAnswer{Response: resp, body: data}
}

func (p *cassettePlayer) send(token, method, uri, body string, want int) {
	p.t.Helper()
	if a := p.do(token, method, uri, "application/json", body); a.StatusCode != want {
		p.t.Fatalf("setup %s %s: %d, want %d: %s", method, uri, a.StatusCode, want, a.body)
	}
}
