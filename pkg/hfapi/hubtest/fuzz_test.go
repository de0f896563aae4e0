package hubtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func FuzzParseNDJSONCommit(f *testing.F) {
	f.Add(ndjson(header("s", "abcde"), fileOp("a/b.txt", "x")))
	f.Add(`{"key":"header","value":{"summary":"s"}}` + "\n" + `{"key":"deletedFolder","value":{"path":"dir"}}`)
	f.Add(`{"key":"file","value":{}}`)
	f.Add(`{"key":"header","value":{"summary":"s"}}` + "\n" + `{"key":"lfsFile","value":{"path":"a"}}`)
	f.Add("\n\n")
	f.Fuzz(func(t *testing.T, body string) {
		req, err := parseNDJSONCommit([]byte(body))
		if err != nil {
			return
		}
		if req.Summary == "" {
			t.Fatal("accepted an empty summary")
		}
		for _, op := range req.Ops {
			if checkRepoPath(op.Path) != nil {
				t.Fatalf("accepted path %q", op.Path)
			}
		}
		if req.Parent != "" && !parentPattern().MatchString(req.Parent) {
			t.Fatalf("accepted parent %q", req.Parent)
		}
	})
}

func FuzzParseJSONCommit(f *testing.F) {
	f.Add(`{"summary":"s","files":[{"path":"a","content":"b"}],"deletedEntries":[{"path":"d/"}]}`)
	f.Add(`{"summary":"","lfsFiles":[{}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		if req, err := parseJSONCommit([]byte(body)); err == nil && req.Summary == "" {
			t.Fatal("accepted an empty summary")
		}
	})
}

func FuzzParseOAuth(f *testing.F) {
	f.Add(TemplateFiles()[".oauth.yaml"])
	f.Add("providers: []\n")
	f.Add("providers:\n")
	f.Add("providers:\n  - name: github\n    sync_user: true\nallowed_workspaces:\n  - name: a\n")
	f.Add("- a\n- b\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, doc string) {
		cfg, err := parseOAuth([]byte(doc))
		if err != nil {
			return
		}
		for _, p := range cfg.Providers {
			if !oauthProviders[p] {
				t.Fatalf("accepted provider %q", p)
			}
		}
		for _, w := range cfg.Workspaces {
			if w == "" {
				t.Fatal("accepted an empty workspace")
			}
		}
	})
}

func FuzzDockerfile(f *testing.F) {
	f.Add(TemplateFiles()["Dockerfile"])
	f.Add("FROM x\nWORKDIR app\nCOPY --chown=1000 [\"a b\", \"c\", \"/d/\"]\nADD https://x/y /z\nRUN a \\\n  b\n")
	f.Add("COPY\nCOPY a\nCOPY *.yaml ./\n")
	f.Fuzz(func(t *testing.T, src string) {
		files := map[string][]byte{".oauth.yaml": []byte("providers: []\n"), "dir/a": []byte("a")}
		steps := parseDockerfile(src)
		missing, placed := copyCheck(steps, files)
		for target, repo := range placed {
			if _, ok := files[repo]; !ok || !strings.HasPrefix(target, "/") {
				t.Fatalf("placed %q from unknown %q", target, repo)
			}
		}
		_ = missing
	})
}

func FuzzParseWorld(f *testing.F) {
	f.Add("users:\n  - {name: a, isPro: true}\ntokens:\n  - {value: t, user: a, role: write}\n")
	f.Add("orgs:\n  - {name: o, plan: team, members: {}}\n")
	f.Add("users: 3\n")
	f.Fuzz(func(t *testing.T, doc string) {
		w, err := parseWorld([]byte(doc))
		if err != nil {
			return
		}
		if w.validate() != nil {
			t.Fatal("parseWorld returned an invalid world")
		}
		if _, err := New(Options{World: w}); err != nil {
			t.Fatalf("a valid world was refused by New: %v", err)
		}
	})
}

func FuzzHosts(f *testing.F) {
	f.Add("alice-x.localhost:8080")
	f.Add("localhost")
	f.Add("127.0.0.1:5")
	f.Add("a.b.localhost")
	f.Add("Alice/My_Space.v2")
	f.Fuzz(func(t *testing.T, s string) {
		if sub, ok := appSubdomain(s); ok && (sub == "" || strings.Contains(sub, ".")) {
			t.Fatalf("subdomain %q from %q", sub, s)
		}
		p := subdomainPart(s)
		if strings.HasPrefix(p, "-") || strings.HasSuffix(p, "-") || strings.ToLower(p) != p {
			t.Fatalf("subdomainPart(%q) = %q", s, p)
		}
	})
}

// FuzzServeHTTP throws arbitrary requests at the emulator: it must answer (never panic) and log them.
func FuzzServeHTTP(f *testing.F) {
	f.Add("POST", "/api/repos/create", `{"name":"x","type":"space","sdk":"docker"}`, "hf_alice", "")
	f.Add("GET", "/api/spaces/argilla/argilla-template-space/revision/%2F", "", "", "")
	f.Add("PUT", "/api/spaces/alice/x/settings", `{"gated":true}`, "hf_alice", "")
	f.Add("POST", "/api/v1/workspaces", `{"name":1}`, "", "argilla-argilla-template-space.localhost")
	f.Add("POST", "/api/spaces/alice/x/commit/main", `{"key":"header"}`, "hf_alice", "")
	e, err := New(Options{BuildTime: -1, Now: func() time.Time { return templateEpoch.Add(time.Hour) }})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, path, body, token, host string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n\t") || strings.Contains(path, "/logs/") {
			return
		}
		r, err := http.NewRequest(method, "http://hub"+path, strings.NewReader(body))
		if err != nil {
			return
		}
		r.Header.Set("Content-Type", "application/json")
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		if host != "" {
			r.Host = host
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code < 200 || w.Code > 599 {
			t.Fatalf("status %d", w.Code)
		}
	})
}

func FuzzCardData(f *testing.F) {
	f.Add(TemplateFiles()["README.md"])
	f.Add("---\n1: {2: [3]}\n---\n")
	f.Add("---\r\ntitle: x\r\n---\r\n")
	f.Add("no front matter")
	f.Fuzz(func(t *testing.T, readme string) {
		if m := cardData([]byte(readme)); m != nil {
			if _, err := json.Marshal(m); err != nil {
				t.Fatalf("cardData not JSON-encodable: %v", err)
			}
		}
	})
}
