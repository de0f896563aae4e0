package spaces

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
)

// templateOAuth is the template Space's .oauth.yaml (argilla-on-spaces §1.2).
const templateOAuth = "# Change to `true` to enable HF auth integration\n# enabled: false\n\nproviders:\n  - name: huggingface\n\n" +
	"# Allowed workspaces must exists\nallowed_workspaces:\n  - name: argilla\n"

const templateDockerfile = "FROM argilla/argilla-hf-spaces:v2.8.0\nCOPY .oauth.yaml /home/argilla/\n"

// oauthState is an existing Space with the given OAuth file (nil: missing) and secret keys.
func oauthState(file string, secrets ...string) *State {
	st := &State{ID: ID{Owner: "acme", Name: "demo"}, Exists: true, Info: &hfapi.SpaceInfo{},
		Runtime: &hfapi.SpaceRuntime{}, SecretKeys: map[string]hfapi.SecretInfo{}, FilesRead: true,
		Dockerfile: []byte(templateDockerfile), OAuthPath: ".oauth.yaml", Head: "0123456789abcdef"}
	if file != "" {
		st.OAuthFile = []byte(file)
	}
	for _, k := range secrets {
		st.SecretKeys[k] = hfapi.SecretInfo{Key: k}
	}
	return st
}

func oauthPlan(t *testing.T, want OAuthSpec, st *State) *Plan {
	t.Helper()
	p, err := NewPlan(Spec{Space: "acme/demo", OAuth: &want}, st, PlanOptions{})
	if err != nil {
		t.Fatalf("NewPlan: %v", err)
	}
	return p
}

// committed is the content of the plan's one commit.
func committed(t *testing.T, p *Plan) string {
	t.Helper()
	if len(p.Changes) != 1 || p.Changes[0].Kind != KindCommitFile {
		t.Fatalf("want one commit, got %+v", p.Changes)
	}
	if p.Changes[0].parent != "0123456789abcdef" {
		t.Errorf("parent %q, want the head that was read", p.Changes[0].parent)
	}
	return string(p.Changes[0].content)
}

func TestAllowKeepsCommentsAndOtherWorkspaces(t *testing.T) {
	p := oauthPlan(t, OAuthSpec{Allow: []string{"community-initiative"}}, oauthState(templateOAuth))
	want := strings.Replace(templateOAuth, "  - name: argilla\n", "  - name: argilla\n  - name: community-initiative\n", 1)
	if got := committed(t, p); got != want {
		t.Errorf("content:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(p.Changes[0].Diff, "+  - name: community-initiative") {
		t.Errorf("diff lacks the new entry:\n%s", p.Changes[0].Diff)
	}
}

func TestAllowOfPresentWorkspaceChangesNothing(t *testing.T) {
	p := oauthPlan(t, OAuthSpec{Allow: []string{"argilla"}}, oauthState(templateOAuth))
	if !p.Empty() {
		t.Fatalf("want no change, got %+v", p.Changes)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "argilla is already allowed") {
		t.Errorf("warnings %q", p.Warnings)
	}
}

func TestDisallowOfAbsentWorkspaceChangesNothing(t *testing.T) {
	for _, file := range []string{templateOAuth, ""} {
		p := oauthPlan(t, OAuthSpec{Disallow: []string{"nope"}}, oauthState(file))
		if !p.Empty() {
			t.Fatalf("file %q: want no change, got %+v", file, p.Changes)
		}
		if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "nope is not allowed") {
			t.Errorf("warnings %q", p.Warnings)
		}
	}
}

func TestDisallowRemovesOnlyThatEntry(t *testing.T) {
	file := strings.Replace(templateOAuth, "  - name: argilla\n", "  - name: argilla\n  - name: old # retired\n  - name: keep\n", 1)
	got := committed(t, oauthPlan(t, OAuthSpec{Disallow: []string{"old"}}, oauthState(file)))
	want := strings.Replace(templateOAuth, "  - name: argilla\n", "  - name: argilla\n  - name: keep\n", 1)
	if got != want {
		t.Errorf("content:\n%s\nwant:\n%s", got, want)
	}
}

// The relative edit is what makes concurrent edits safe: after a 412 the engine plans it again on the
// new file (which has the other person's workspace), and the verification after the commit accepts
// workspaces someone else added since.
func TestRelativeEditKeepsConcurrentEdits(t *testing.T) {
	theirs := strings.Replace(templateOAuth, "  - name: argilla\n", "  - name: argilla\n  - name: theirs\n", 1)
	got := committed(t, oauthPlan(t, OAuthSpec{Allow: []string{"mine"}}, oauthState(theirs)))
	f, err := oauthcfg.Parse([]byte(got))
	if err != nil {
		t.Fatal(err)
	}
	if ws := f.Workspaces(); !slices.Equal(ws, []string{"argilla", "theirs", "mine"}) {
		t.Errorf("workspaces %q", ws)
	}
	later := got + "  - name: someone-else\n"
	if p := oauthPlan(t, OAuthSpec{Allow: []string{"mine"}}, oauthState(later)); !p.Empty() {
		t.Errorf("verification would fail on a later concurrent edit: %+v", p.Changes)
	}
}

func TestRefusals(t *testing.T) {
	off := false
	cases := []struct {
		name string
		want OAuthSpec
		st   *State
		msg  string
	}{
		{"bad workspace name", OAuthSpec{Allow: []string{"Bad Name"}}, oauthState(templateOAuth), "invalid workspace name"},
		{"unknown provider pushed", OAuthSpec{Content: []byte("providers:\n  - name: gitlab\n")}, oauthState(templateOAuth), `line 2: unknown provider "gitlab"`},
		{"null providers pushed", OAuthSpec{Content: []byte("providers:\n")}, oauthState(templateOAuth), "line 1: providers must be a list"},
		{"unparsable file on the Space", OAuthSpec{Allow: []string{"x"}}, oauthState("providers: [\n"), "oauth push FILE"},
		{"workspaces not a list", OAuthSpec{Allow: []string{"x"}}, oauthState("providers: []\nallowed_workspaces: argilla\n"), "not a list"},
		{"disable without owner secrets", OAuthSpec{Enabled: &off}, oauthState(templateOAuth, SecretUsername), "no PASSWORD secret"},
		{"invalid file on the Space", OAuthSpec{AllowedWorkspaces: []string{"a"}}, oauthState("providers: [{name: nosuchprovider}]\n"),
			"the Space's OAuth file .oauth.yaml is not valid (line 1: unknown provider \"nosuchprovider\": use one of huggingface, github, google-oauth2, keycloak), and an edit keeps the rest of it; nothing was pushed. " +
				"Argilla does not start with such a file: replace the whole file with `argilla-space oauth push FILE`"},
		{"several problems pushed", OAuthSpec{Content: []byte("providers:\n  - name: gitlab\nallowed_workspaces: x\n")}, oauthState(templateOAuth),
			`the OAuth file is not valid (line 2: unknown provider "gitlab": use one of huggingface, github, google-oauth2, keycloak; line 3: `},
	}
	for _, c := range cases {
		_, err := NewPlan(Spec{Space: "acme/demo", OAuth: &c.want}, c.st, PlanOptions{})
		var refused *RefusedError
		if !errors.As(err, &refused) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: got %v, want a refusal containing %q", c.name, err, c.msg)
		}
		// plan and apply show a refusal's first line only: it must say everything.
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: the refusal spans lines: %q", c.name, err)
		}
	}
}

// An edit of an OAuth file the Dockerfile does not copy onto the path Argilla reads would rebuild the
// Space for nothing: refused, saying what Argilla reads, what is copied, and the two fixes.
func TestEditOfAFileTheImageDoesNotShipIsRefused(t *testing.T) {
	allow := OAuthSpec{Allow: []string{"newone"}}
	yml := "FROM argilla/argilla-hf-spaces:v2.8.0\nCOPY .oauth.yml /home/argilla/\n"

	st := oauthState("")
	st.Dockerfile = []byte(yml)
	_, err := NewPlan(Spec{Space: "acme/demo", OAuth: &allow}, st, PlanOptions{})
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("got %v, want a refusal", err)
	}
	for _, want := range []string{"Argilla reads /home/argilla/.oauth.yaml (the default: ARGILLA_AUTH_OAUTH_CFG is not set)",
		"it has `COPY .oauth.yml /home/argilla/`", "nothing was pushed",
		"`argilla-space vars set ARGILLA_AUTH_OAUTH_CFG .oauth.yml`", "`COPY .oauth.yml /home/argilla/.oauth.yaml`"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("the message is cut at its first line by plan and apply; keep it on one: %q", err)
	}
	for _, spec := range []OAuthSpec{{Content: []byte(templateOAuth)}, {AllowedWorkspaces: []string{"a"}}} {
		if _, err := NewPlan(Spec{Space: "acme/demo", OAuth: &spec}, st, PlanOptions{}); !errors.As(err, &refused) {
			t.Errorf("%+v: got %v, want a refusal", spec, err)
		}
	}

	// The variable pointing at the copied file: the edit goes there.
	st = oauthState(templateOAuth)
	st.Dockerfile, st.OAuthPath = []byte(yml), ".oauth.yml"
	st.Variables = map[string]hfapi.VariableInfo{OAuthPathVariable: {Value: ".oauth.yml"}}
	if p := oauthPlan(t, allow, st); len(p.Changes) != 1 || p.Changes[0].Target != ".oauth.yml" {
		t.Errorf("with the variable set: %+v", p.Changes)
	}

	// A variable naming a file nobody copies is refused too, naming the variable.
	st = oauthState(templateOAuth)
	st.Variables = map[string]hfapi.VariableInfo{OAuthPathVariable: {Value: "elsewhere.yaml"}}
	if _, err := NewPlan(Spec{Space: "acme/demo", OAuth: &allow}, st, PlanOptions{}); !errors.As(err, &refused) ||
		!strings.Contains(err.Error(), "Argilla reads /home/argilla/elsewhere.yaml (the ARGILLA_AUTH_OAUTH_CFG variable of the Space)") {
		t.Errorf("variable naming an uncopied file: %v", err)
	}

	// A secret hides the path: refused.
	st = oauthState(templateOAuth, OAuthPathVariable)
	if _, err := NewPlan(Spec{Space: "acme/demo", OAuth: &allow}, st, PlanOptions{}); !errors.As(err, &refused) ||
		!strings.Contains(err.Error(), "is a secret") {
		t.Errorf("secret: %v", err)
	}

	// No Dockerfile: nothing to tell, the default file is edited as before.
	st = oauthState(templateOAuth)
	st.Dockerfile = nil
	if p := oauthPlan(t, allow, st); len(p.Changes) != 1 || p.Changes[0].Target != ".oauth.yaml" {
		t.Errorf("without a Dockerfile: %+v", p.Changes)
	}
}

func TestDisable(t *testing.T) {
	off := false
	t.Run("owner secrets present", func(t *testing.T) {
		got := committed(t, oauthPlan(t, OAuthSpec{Enabled: &off}, oauthState(templateOAuth, SecretUsername, SecretPassword)))
		if !strings.Contains(got, "providers: []\n") || strings.Contains(got, "\nenabled: false") {
			t.Errorf("content:\n%s", got)
		}
	})
	t.Run("owner given in the same command", func(t *testing.T) {
		spec := Spec{Space: "acme/demo", OAuth: &OAuthSpec{Enabled: &off}, Owner: &OwnerSpec{Username: "admin", Password: "12345678"}}
		p, err := NewPlan(spec, oauthState(templateOAuth, SecretUsername, SecretSessionKy),
			PlanOptions{RotateKeys: []string{SecretUsername, SecretPassword}})
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, c := range p.Changes {
			kinds = append(kinds, string(c.Kind)+" "+c.Target)
		}
		want := []string{"set-secret PASSWORD", "set-secret USERNAME", "commit-file .oauth.yaml"}
		if !slices.Equal(kinds, want) {
			t.Errorf("changes %q, want %q", kinds, want)
		}
	})
	t.Run("servers before v2.7 also get enabled: false", func(t *testing.T) {
		st := oauthState(templateOAuth, SecretUsername, SecretPassword)
		st.Dockerfile = []byte("FROM argilla/argilla-hf-spaces:v2.6.0\nCOPY .oauth.yaml /home/argilla/\n")
		if got := committed(t, oauthPlan(t, OAuthSpec{Enabled: &off}, st)); !strings.Contains(got, "enabled: false\n") {
			t.Errorf("content:\n%s", got)
		}
	})
}

// FuzzAllow checks the relative edit on any file a Space may hold: it is refused, or the result is a
// valid file that allows the new workspace and still allows every workspace it allowed before.
func FuzzAllow(f *testing.F) {
	f.Add(templateOAuth, "community-initiative")
	f.Add("providers: []\nallowed_workspaces: []\n", "a")
	f.Add("# only a comment\nproviders:\n  - name: github\nextra: [1, 2]\n", "x-1")
	f.Add("allowed_workspaces:\n  - name: \"yes\"\n", "yes")
	f.Fuzz(func(t *testing.T, file, name string) {
		if oauthcfg.ValidateWorkspaceName(name) != nil || oauthcfg.Validate([]byte(file)) != nil {
			return
		}
		before, _ := oauthcfg.Parse([]byte(file))
		out, err := oauthContent(&OAuthSpec{Allow: []string{name}}, ".oauth.yaml", []byte(file), nil)
		if err != nil {
			var refused *RefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("unexpected error kind %T: %v", err, err)
			}
			return
		}
		if err := oauthcfg.Validate(out); err != nil {
			t.Fatalf("edited file invalid: %v\n%s", err, out)
		}
		after, err := oauthcfg.Parse(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range append(before.Workspaces(), name) {
			if !slices.Contains(after.Workspaces(), w) {
				t.Fatalf("workspace %q lost:\n%s", w, out)
			}
		}
	})
}
