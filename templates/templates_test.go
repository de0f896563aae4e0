package templates

import (
	"errors"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
)

// templateDefault is the template Space's `.oauth.yaml` (reference §1.2).
const templateDefault = "# Change to `true` to enable HF auth integration\n" +
	"# enabled: false\n" +
	"\n" +
	"providers:\n" +
	"  - name: huggingface\n" +
	"\n" +
	"# Allowed workspaces must exists\n" +
	"allowed_workspaces:\n" +
	"  - name: argilla\n"

func TestOAuthFileDefaultIsTheTemplateSpaceFile(t *testing.T) {
	for _, ws := range [][]string{nil, {}, {"argilla"}, {"argilla", "argilla"}} {
		got, err := OAuthFile(true, ws)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != templateDefault {
			t.Errorf("OAuthFile(true, %q):\n%q\nwant\n%q", ws, got, templateDefault)
		}
	}
}

func TestOAuthFileWorkspaces(t *testing.T) {
	got, err := OAuthFile(true, []string{"argilla", "community-initiative", "2024"})
	if err != nil {
		t.Fatal(err)
	}
	want := templateDefault + "  - name: community-initiative\n  - name: \"2024\"\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	f, err := oauthcfg.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if ws := f.Workspaces(); strings.Join(ws, ",") != "argilla,community-initiative,2024" {
		t.Errorf("Workspaces = %q", ws)
	}
	if _, err := OAuthFile(true, []string{"argilla", "Bad Name"}); !errors.Is(err, oauthcfg.ErrInvalidWorkspaceName) {
		t.Errorf("bad name: err = %v", err)
	}
}

func TestOAuthFileDisabledMatchesOauthcfgDisable(t *testing.T) {
	got, err := OAuthFile(false, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := oauthcfg.Parse([]byte(templateDefault))
	if err != nil {
		t.Fatal(err)
	}
	f.Disable(false)
	want, err := f.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("OAuthFile(false):\n%s\nDisable():\n%s", got, want)
	}
	for _, s := range []string{"providers: []\n", "USERNAME and PASSWORD", "# Change to `true`", "  - name: argilla\n"} {
		if !strings.Contains(string(got), s) {
			t.Errorf("OAuthFile(false) lacks %q:\n%s", s, got)
		}
	}
	if g, _ := oauthcfg.Parse(got); g.OAuthEnabled() {
		t.Error("OAuthFile(false) has OAuth on")
	}
}

// spec mirrors argilla-space.yaml for the tests.
type spec struct {
	Space      string `yaml:"space"`
	Visibility string `yaml:"visibility"`
	Hardware   string `yaml:"hardware"`
	SleepTime  string `yaml:"sleepTime"`
	Storage    struct {
		Type   string `yaml:"type"`
		Bucket string `yaml:"bucket"`
	} `yaml:"storage"`
	Owner struct {
		Username string `yaml:"username"`
		Password string `yaml:"password"`
		APIKey   string `yaml:"apiKey"`
	} `yaml:"owner"`
	Variables map[string]string `yaml:"variables"`
	Secrets   map[string]string `yaml:"secrets"`
	OAuth     struct {
		Enabled           bool     `yaml:"enabled"`
		AllowedWorkspaces []string `yaml:"allowedWorkspaces"`
	} `yaml:"oauth"`
}

func fullSpec() SpecFileData {
	return SpecFileData{
		Space: "acme/argilla", Visibility: "private", Hardware: "cpu-basic", SleepTime: "never",
		StorageType: "bucket", Bucket: "acme/argilla-data", OwnerUsername: "alice", OwnerPassword: true,
		Variables:         map[string]string{"ARGILLA_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING": "false"},
		Secrets:           []string{"HF_TOKEN"},
		OAuthEnabled:      true,
		AllowedWorkspaces: []string{"argilla", "community-initiative"},
	}
}

func TestSpecFileMatchesTheDocumentedShape(t *testing.T) {
	got, err := SpecFile(fullSpec())
	if err != nil {
		t.Fatal(err)
	}
	body := "space: acme/argilla          # OWNER/NAME\n" +
		"visibility: private          # public | private | protected\n" +
		"hardware: cpu-basic\n" +
		"sleepTime: never             # never, or a duration like 2h\n" +
		"storage:\n" +
		"  type: bucket               # bucket (optional bucket: ns/name) | ephemeral | small | medium | large\n" +
		"  bucket: acme/argilla-data\n" +
		"owner:\n" +
		"  username: alice\n" +
		"  password: ${ARGILLA_PASSWORD}\n" +
		"  apiKey: ${ARGILLA_API_KEY}\n" +
		"variables:\n" +
		"  ARGILLA_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING: \"false\"\n" +
		"secrets:\n" +
		"  HF_TOKEN: ${HF_TOKEN}\n" +
		"oauth:\n" +
		"  enabled: true\n" +
		"  allowedWorkspaces: [argilla, community-initiative]\n"
	if !strings.HasPrefix(string(got), "# argilla-space.yaml") || !strings.HasSuffix(string(got), "\n"+body) {
		t.Errorf("got:\n%s\nwant a header comment, then:\n%s", got, body)
	}
	var s spec
	if err := yaml.Unmarshal(got, &s); err != nil {
		t.Fatalf("not valid YAML: %v", err)
	}
	if s.Space != "acme/argilla" || s.Storage.Bucket != "acme/argilla-data" || s.Owner.Password != "${ARGILLA_PASSWORD}" ||
		s.Owner.APIKey != "${ARGILLA_API_KEY}" || s.Secrets["HF_TOKEN"] != "${HF_TOKEN}" || !s.OAuth.Enabled ||
		strings.Join(s.OAuth.AllowedWorkspaces, ",") != "argilla,community-initiative" ||
		s.Variables["ARGILLA_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING"] != "false" {
		t.Errorf("parsed back as %+v", s)
	}
}

func TestSpecFileMinimalAndHostileValues(t *testing.T) {
	d := SpecFileData{
		Space:         "acme/argilla",
		SleepTime:     "2h",
		StorageType:   "ephemeral",
		OwnerUsername: "yes",
		Variables:     map[string]string{"A": "x: y # not a comment\nline2", "ON": "123", "B": ""},
		Secrets:       []string{"Z", "A", "Z"},
	}
	got, err := SpecFile(d)
	if err != nil {
		t.Fatal(err)
	}
	var s spec
	if err := yaml.Unmarshal(got, &s); err != nil {
		t.Fatalf("not valid YAML: %v\n%s", err, got)
	}
	if s.SleepTime != "2h" || s.Storage.Type != "ephemeral" || s.Storage.Bucket != "" || s.Owner.Username != "yes" ||
		s.Variables["A"] != d.Variables["A"] || s.Variables["ON"] != "123" || s.Variables["B"] != "" ||
		len(s.Secrets) != 2 || s.Secrets["A"] != "${A}" || s.OAuth.Enabled || s.OAuth.AllowedWorkspaces != nil {
		t.Errorf("parsed back as %+v from\n%s", s, got)
	}
	for _, absent := range []string{"visibility:", "hardware:", "allowedWorkspaces"} {
		if strings.Contains(string(got), absent) {
			t.Errorf("empty field written: %q in\n%s", absent, got)
		}
	}
	if !strings.Contains(string(got), "secrets:\n  A: ${A}\n  Z: ${Z}\n") {
		t.Errorf("secrets not sorted and deduplicated:\n%s", got)
	}
}

func TestSpecFileRejectsBadData(t *testing.T) {
	for name, edit := range map[string]func(*SpecFileData){
		"no space":        func(d *SpecFileData) { d.Space = "" },
		"no owner":        func(d *SpecFileData) { d.Space = "argilla" },
		"nested":          func(d *SpecFileData) { d.Space = "a/b/c" },
		"space newline":   func(d *SpecFileData) { d.Space = "a/b\nx: 1" },
		"visibility":      func(d *SpecFileData) { d.Visibility = "secret" },
		"storage":         func(d *SpecFileData) { d.StorageType = "huge" },
		"bucket no type":  func(d *SpecFileData) { d.StorageType = "small" },
		"variable name":   func(d *SpecFileData) { d.Variables = map[string]string{"1A": "x"} },
		"secret name":     func(d *SpecFileData) { d.Secrets = []string{"HF-TOKEN"} },
		"workspace name":  func(d *SpecFileData) { d.AllowedWorkspaces = []string{"Team"} },
		"secret is value": func(d *SpecFileData) { d.Secrets = []string{"hf_abc def"} },
	} {
		d := fullSpec()
		edit(&d)
		if out, err := SpecFile(d); err == nil {
			t.Errorf("%s: no error, wrote\n%s", name, out)
		}
	}
}

// A Space without an owner password (Hugging Face sign-in only) gets no password line: apply would
// otherwise ask for ${ARGILLA_PASSWORD} to set a secret nobody wants.
func TestSpecFileWithoutPassword(t *testing.T) {
	d := fullSpec()
	d.OwnerPassword = false
	got, err := SpecFile(d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), "password") || !strings.Contains(string(got), "apiKey: ${ARGILLA_API_KEY}") {
		t.Fatalf("got:\n%s", got)
	}
}
