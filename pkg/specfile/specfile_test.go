package specfile

import (
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

const written = `# argilla-space.yaml: the Argilla Space this directory deploys.
# ${NAME} stands for the value of the environment variable NAME.
space: acme/argilla          # OWNER/NAME
visibility: private          # public | private | protected
storage:
  type: bucket               # bucket (optional bucket: ns/name) | ephemeral | small | medium | large
owner:
  username: alice
  apiKey: ${ARGILLA_API_KEY}
variables:
  # the banner
  BANNER: "on"
secrets:
  S3: ${S3_KEY}
oauth:
  enabled: true
  allowedWorkspaces: [argilla]   # who joins
`

func update(t *testing.T, data, space string, c spaces.Spec) (string, []string) {
	t.Helper()
	out, fields, err := Update([]byte(data), space, c)
	if err != nil {
		t.Fatal(err)
	}
	return string(out), fields
}

// oauth allow X: the list gains X; every other line, comments and their alignment included, is kept.
func TestAllowKeepsEverythingElse(t *testing.T) {
	got, fields := update(t, written, "acme/argilla", spaces.Spec{OAuth: &spaces.OAuthSpec{Allow: []string{"community-initiative"}}})
	want := strings.Replace(written, "  allowedWorkspaces: [argilla]   # who joins", "  allowedWorkspaces: [argilla, community-initiative] # who joins", 1)
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	if strings.Join(fields, ",") != "oauth.allowedWorkspaces" {
		t.Fatalf("fields: %v", fields)
	}
}

func TestEachManagedField(t *testing.T) {
	off := false
	for _, tc := range []struct {
		name   string
		change spaces.Spec
		line   string // a line the result must have
		field  string
	}{
		{"visibility", spaces.Spec{Visibility: "protected"}, "visibility: protected", "visibility"},
		{"storage", spaces.Spec{Storage: &spaces.StorageSpec{Type: "ephemeral"}}, "  type: ephemeral", "storage.type"},
		{"set variable", spaces.Spec{Variables: map[string]string{"BANNER": "false"}}, `  BANNER: "false"`, "variables.BANNER"},
		{"new variable", spaces.Spec{Variables: map[string]string{"MODE": "1"}}, `  MODE: "1"`, "variables.MODE"},
		{"delete variable", spaces.Spec{DeleteVariables: []string{"BANNER"}}, "variables: {}", "variables.BANNER"},
		{"secret key", spaces.Spec{Secrets: map[string]string{"NEW_KEY": "the-value-never-written"}}, "  NEW_KEY: ${NEW_KEY}", "secrets.NEW_KEY"},
		{"delete secret", spaces.Spec{DeleteSecrets: []string{"S3"}}, "secrets: {}", "secrets.S3"},
		{"disable oauth", spaces.Spec{OAuth: &spaces.OAuthSpec{Enabled: &off}}, "  enabled: false", "oauth.enabled"},
		{"disallow", spaces.Spec{OAuth: &spaces.OAuthSpec{Disallow: []string{"argilla"}}}, "  allowedWorkspaces: []", "oauth.allowedWorkspaces"},
	} {
		got, fields := update(t, written, "acme/argilla", tc.change)
		if !hasLine(got, tc.line) || len(fields) != 1 || fields[0] != tc.field {
			t.Errorf("%s: fields %v, file:\n%s", tc.name, fields, got)
		}
		if strings.Contains(got, "the-value-never-written") {
			t.Fatalf("%s: a secret value was written", tc.name)
		}
		if !strings.HasPrefix(got, "# argilla-space.yaml: the Argilla Space") || !strings.Contains(got, "space: acme/argilla          # OWNER/NAME\n") {
			t.Errorf("%s: comments lost:\n%s", tc.name, got)
		}
	}
}

// hasLine reports whether text has the line, its comment aside.
func hasLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if body, _, _ := strings.Cut(l, " #"); strings.TrimRight(body, " ") == line {
			return true
		}
	}
	return false
}

// An edited line keeps its comment in the column it had.
func TestEditedLineKeepsItsCommentColumn(t *testing.T) {
	got, _ := update(t, written, "acme/argilla", spaces.Spec{Visibility: "public"})
	if !strings.Contains(got, "\nvisibility: public           # public | private | protected\n") {
		t.Fatalf("got:\n%s", got)
	}
}

// A field the file leaves out is not managed and stays out; a file for another Space is left alone.
func TestUnmanagedAndOtherSpacesUntouched(t *testing.T) {
	for name, tc := range map[string]struct {
		space  string
		change spaces.Spec
	}{
		"hardware not in the file": {"acme/argilla", spaces.Spec{Hardware: "cpu-upgrade"}},
		"sleep not in the file":    {"acme/argilla", spaces.Spec{SleepTime: "2h"}},
		"another Space":            {"acme/other", spaces.Spec{Visibility: "public"}},
		"nothing changes":          {"acme/argilla", spaces.Spec{Visibility: "private", OAuth: &spaces.OAuthSpec{Allow: []string{"argilla"}}}},
	} {
		got, fields := update(t, written, tc.space, tc.change)
		if got != written || len(fields) != 0 {
			t.Errorf("%s: changed %v:\n%s", name, fields, got)
		}
	}
}

// In a fleet file only the Space's own document changes; the Space's name matches without case.
func TestFleetFileEditsOneDocument(t *testing.T) {
	fleet := "space: acme/a\nvisibility: private\n---\n# b\nspace: acme/b\nvisibility: private\n"
	got, _ := update(t, fleet, "ACME/b", spaces.Spec{Visibility: "public"})
	if want := "space: acme/a\nvisibility: private\n---\n# b\nspace: acme/b\nvisibility: public\n"; got != want {
		t.Fatalf("got:\n%q\nwant:\n%q", got, want)
	}
}

// An edit that would make the file invalid (a secret reference the spec rules refuse) is an error,
// and the data comes back as it was.
func TestInvalidResultRefused(t *testing.T) {
	out, fields, err := Update([]byte(written), "acme/argilla", spaces.Spec{Secrets: map[string]string{"HF_TOKEN": "x"}})
	if err == nil || string(out) != written || fields != nil {
		t.Fatalf("err %v, fields %v", err, fields)
	}
}

func FuzzUpdate(f *testing.F) {
	f.Add([]byte(written), "protected", "W", "BANNER")
	f.Add([]byte("space: a/b\nvisibility: private\noauth:\n  allowedWorkspaces:\n    - x\n"), "public", "y", "K")
	f.Add([]byte("{space: a/b, variables: {A: 1}}"), "", "", "A")
	f.Fuzz(func(t *testing.T, data []byte, vis, ws, key string) {
		c := spaces.Spec{Visibility: vis, Variables: map[string]string{key: vis}, OAuth: &spaces.OAuthSpec{Allow: []string{ws}}}
		out, fields, err := Update(data, "a/b", c)
		if err != nil || len(fields) == 0 {
			return
		}
		if _, err := spaces.ParseSpecs(out); err != nil {
			t.Fatalf("an update returned an invalid spec: %v", err)
		}
	})
}
