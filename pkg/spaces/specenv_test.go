package spaces

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// The attack of issue 15 item 1: a spec that publishes an environment secret as a public variable,
// or copies the Hub token into the Space, is refused at parse time, naming the key and its line.
func TestSpecCannotPublishTheEnvironment(t *testing.T) {
	cases := []struct {
		name, doc string
		want      []string // in the error; none: the spec is accepted
	}{
		{"env secret as a variable", "space: acme/a\nvariables:\n  BUILD_INFO: ${AWS_SECRET_ACCESS_KEY}\n",
			[]string{"variables.BUILD_INFO (line 3, column", "${AWS_SECRET_ACCESS_KEY}", "env: [AWS_SECRET_ACCESS_KEY]"}},
		{"hub token as a secret", "space: acme/a\nsecrets:\n  X: ${HF_TOKEN}\n",
			[]string{"secrets.X (line 3, column", "Hugging Face token"}},
		{"legacy token as the API key", "space: acme/a\nowner:\n  apiKey: ${HUGGING_FACE_HUB_TOKEN}\n",
			[]string{"owner.apiKey (line 3, column"}},
		{"OIDC token as the password", "space: acme/a\nowner:\n  password: ${HF_OIDC_ID_TOKEN}\n",
			[]string{"owner.password (line 3, column"}},
		{"GitHub's OIDC request token", "space: acme/a\nsecrets:\n  T: ${ACTIONS_ID_TOKEN_REQUEST_TOKEN}\n",
			[]string{"secrets.T (line 3, column"}},
		{"listed in another document only", "space: acme/a\nenv: [V]\n---\nspace: acme/b\nvariables:\n  A: ${V}\n",
			[]string{"variables.A (line 6, column"}},
		{"bad env name", "space: acme/a\nenv:\n  - OK\n  - NOT-A-NAME\n", []string{"env.1 (line 4, column"}},
		{"listed variable", "space: acme/a\nenv: [BUILD_ID]\nvariables:\n  BUILD: ${BUILD_ID}\n", nil},
		{"listed token", "space: acme/a\nenv: [HF_TOKEN]\nsecrets:\n  HF_TOKEN: ${HF_TOKEN}\n", nil},
		{"any other secret", "space: acme/a\nsecrets:\n  S: ${AWS_SECRET_ACCESS_KEY}\nowner:\n  password: ${ARGILLA_PASSWORD}\n", nil},
		{"literal variable", "space: acme/a\nvariables:\n  A: \"prefix ${V}\"\n", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSpecs([]byte(tc.doc))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// A spec built in code (not parsed) gets the same check when it reads the environment.
func TestResolveChecksTheEnvListToo(t *testing.T) {
	s := Spec{Space: "acme/a", Variables: map[string]string{"B": "${AWS_SECRET_ACCESS_KEY}"}}
	env := func(string) string { return "AKIA-very-secret" }
	if _, err := s.Resolve(&State{}, env, false); err == nil || !strings.Contains(err.Error(), "variables.B") {
		t.Fatalf("Resolve: %v", err)
	}
	s = Spec{Space: "acme/a", Secrets: map[string]string{"X": "${HF_TOKEN}"}}
	if _, err := s.Resolve(&State{}, env, false); err == nil || !strings.Contains(err.Error(), "secrets.X") {
		t.Fatalf("Resolve: %v", err)
	}
}

// Plans name where a value comes from, and never show a secret's value nor that of a variable read
// from the environment (the old one included), in the summary or in JSON; the value is still sent.
func TestPlanShowsSourcesNotValues(t *testing.T) {
	const secret, oldValue = "s3cr3t-from-env", "previous-value"
	spec := Spec{Space: "acme/x", Env: []string{"BUILD_ID"},
		Variables: map[string]string{"BUILD": "${BUILD_ID}", "PLAIN": "shown"},
		Secrets:   map[string]string{"S": "${MY_SECRET}"}}
	env := map[string]string{"BUILD_ID": secret, "MY_SECRET": secret}
	for _, exists := range []bool{true, false} {
		st := existing(true)
		st.Variables["BUILD"] = hfapi.VariableInfo{Key: "BUILD", Value: oldValue}
		opts := PlanOptions{}
		if !exists {
			st = &State{}
			opts.Template = &Template{RepoID: TemplateID, SDK: "docker"}
		}
		resolved, err := spec.Resolve(st, func(k string) string { return env[k] }, false)
		if err != nil {
			t.Fatal(err)
		}
		p, err := NewPlan(resolved, st, opts)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(p)
		text := string(b)
		if strings.Contains(text, secret) || strings.Contains(text, oldValue) {
			t.Fatalf("exists=%v: a value shows in the plan: %s", exists, text)
		}
		want := []string{"BUILD", "from ${BUILD_ID}", "from ${MY_SECRET}", "PLAIN"}
		if exists {
			want = append(want, `"to":"shown"`) // a literal variable is no secret: its value shows
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("exists=%v: the plan does not say %q: %s", exists, w, text)
			}
		}
		sent := false
		for _, c := range p.Changes {
			if c.value == secret {
				sent = true
			}
			for _, kv := range createdValues(c) {
				sent = sent || kv.Value == secret
			}
		}
		if !sent {
			t.Errorf("exists=%v: the value is not sent", exists)
		}
	}
}

func createdValues(c Change) []hfapi.KeyValue {
	if c.create == nil {
		return nil
	}
	return append(append([]hfapi.KeyValue(nil), c.create.Secrets...), c.create.Variables...)
}

// The Hub token exported again under another name is caught by its value.
func TestCheckTokenCopy(t *testing.T) {
	spec := Spec{Space: "acme/a", Secrets: map[string]string{"X": "${MY_TOKEN}"}, Variables: map[string]string{"V": "${BUILD}"}, Env: []string{"BUILD"}}
	env := map[string]string{"MY_TOKEN": "hf_live", "BUILD": "hf_live"}
	resolved, err := spec.Resolve(&State{}, func(k string) string { return env[k] }, false)
	if err != nil {
		t.Fatal(err)
	}
	err = resolved.CheckTokenCopy("hf_live")
	if err == nil || !strings.Contains(err.Error(), "secrets.X") || strings.Contains(err.Error(), "variables.V") || strings.Contains(err.Error(), "hf_live") {
		t.Fatalf("CheckTokenCopy: %v", err)
	}
	if err := resolved.CheckTokenCopy("hf_other"); err != nil {
		t.Fatalf("another token: %v", err)
	}
	resolved.Env = append(resolved.Env, "MY_TOKEN")
	if err := resolved.CheckTokenCopy("hf_live"); err != nil {
		t.Fatalf("listed: %v", err)
	}
}
