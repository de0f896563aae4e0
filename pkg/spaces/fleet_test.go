package spaces

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

func writeFleetFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadFleetDirectory(t *testing.T) {
	dir := writeFleetFiles(t, map[string]string{
		"b.yml":           "space: acme/b\n",
		"a.yaml":          "space: acme/a1\n---\nspace: acme/a2\nvisibility: private\n",
		"notes.txt":       "space: acme/ignored\n",
		".hidden.yaml":    "space: acme/hidden\n",
		"sub/deeper.yaml": "space: acme/deeper\n",
	})
	entries, err := LoadFleet(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, filepath.Base(e.File)+"#"+e.Spec.Space+"@"+e.Where()[len(dir)+1:])
	}
	want := []string{"a.yaml#acme/a1@a.yaml", "a.yaml#acme/a2@a.yaml (document 2)", "b.yml#acme/b@b.yml"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entries = %v\nwant %v", got, want)
	}
	specs, err := LoadSpecs(dir)
	if err != nil || len(specs) != 3 || specs[1].Visibility != "private" {
		t.Errorf("LoadSpecs = %+v, %v", specs, err)
	}
}

func TestLoadFleetOneFile(t *testing.T) {
	dir := writeFleetFiles(t, map[string]string{"fleet.yaml": "space: acme/a\n---\n---\nspace: acme/b\n"})
	specs, err := LoadSpecs(filepath.Join(dir, "fleet.yaml"))
	if err != nil || len(specs) != 2 || specs[0].Space != "acme/a" || specs[1].Space != "acme/b" {
		t.Fatalf("LoadSpecs = %+v, %v", specs, err)
	}
}

func TestLoadFleetErrors(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		path  string
		want  []string
	}{
		{"unknown key names file and line", map[string]string{"a.yaml": "space: acme/a\n---\nspace: acme/b\ncolour: red\n"}, "",
			[]string{"a.yaml: invalid spec", "line 4", "colour"}},
		{"duplicate across files", map[string]string{"a.yaml": "space: acme/x\n", "b.yaml": "space: ACME/X\n"}, "",
			[]string{"described twice", "a.yaml", "b.yaml"}},
		{"duplicate in one file", map[string]string{"a.yaml": "space: acme/x\n---\nspace: acme/x\n"}, "",
			[]string{"described twice", "a.yaml (document 2)"}},
		{"empty directory", map[string]string{"README.md": "hi"}, "", []string{"holds no spec files"}},
		{"empty file", map[string]string{"a.yaml": "# nothing\n"}, "", []string{"a.yaml: no spec found"}},
		{"literal secret", map[string]string{"a.yaml": "space: acme/a\nsecrets:\n  T: hf_x\n"}, "", []string{"a.yaml: invalid spec", "literal secret"}},
		{"missing path", nil, "nope", []string{"nope"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFleetFiles(t, tc.files)
			_, err := LoadFleet(filepath.Join(dir, tc.path))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func fleetEnv(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func fleetSpec() Spec {
	return Spec{Space: "acme/a", Owner: &OwnerSpec{Username: "alice", Password: "${PW}", APIKey: "${KEY}"},
		Secrets: map[string]string{"HF_TOKEN": "${TOK}"}, Variables: map[string]string{"LIT": "x", "REF": "${V}"}, Env: []string{"V"}}
}

func stateWithSecrets(keys ...string) *State {
	st := &State{Exists: true, SecretKeys: map[string]hfapi.SecretInfo{}}
	for _, k := range keys {
		st.SecretKeys[k] = hfapi.SecretInfo{Key: k}
	}
	return st
}

func TestResolveNewSpaceNeedsEverything(t *testing.T) {
	all := map[string]string{"PW": "correct-horse", "KEY": "key-12345678", "TOK": "hf_tok", "V": "v"}
	got, err := fleetSpec().Resolve(&State{}, fleetEnv(all), false)
	if err != nil {
		t.Fatal(err)
	}
	if got.Owner.Password != "correct-horse" || got.Owner.APIKey != "key-12345678" || got.Secrets["HF_TOKEN"] != "hf_tok" ||
		got.Variables["REF"] != "v" || got.Variables["LIT"] != "x" {
		t.Errorf("resolved %+v %+v", got, got.Owner)
	}
	_, err = fleetSpec().Resolve(&State{}, fleetEnv(map[string]string{"V": "v", "KEY": "key-12345678"}), false)
	var me *MissingEnvError
	if !errors.As(err, &me) || !reflect.DeepEqual(me.Names, []string{"PW", "TOK"}) || me.Space != "acme/a" {
		t.Fatalf("err = %v, want MissingEnvError PW, TOK", err)
	}
	if !strings.Contains(err.Error(), "PW, TOK not set") {
		t.Errorf("message %q", err)
	}
}

// TestResolvePresentSecretsNeedNoValue: a secret the Space has is not sent again, so its variable may
// be unset; the field is then left out. Variables are always needed.
func TestResolvePresentSecretsNeedNoValue(t *testing.T) {
	st := stateWithSecrets(SecretPassword, SecretAPIKey, "HF_TOKEN")
	got, err := fleetSpec().Resolve(st, fleetEnv(map[string]string{"V": "v"}), false)
	if err != nil {
		t.Fatal(err)
	}
	if got.Owner.Password != "" || got.Owner.APIKey != "" || got.Owner.Username != "alice" || len(got.Secrets) != 0 {
		t.Errorf("resolved owner %+v secrets %v", got.Owner, got.Secrets)
	}
	// The file's spec is not modified.
	if s := fleetSpec(); s.Owner.Password != "${PW}" {
		t.Fatal("fixture changed")
	}
	_, err = fleetSpec().Resolve(st, fleetEnv(nil), false)
	var me *MissingEnvError
	if !errors.As(err, &me) || !reflect.DeepEqual(me.Names, []string{"V"}) {
		t.Errorf("err = %v, want V missing", err)
	}
	// With rotation every secret is sent, so every value is needed.
	_, err = fleetSpec().Resolve(st, fleetEnv(map[string]string{"V": "v"}), true)
	if !errors.As(err, &me) || !reflect.DeepEqual(me.Names, []string{"KEY", "PW", "TOK"}) {
		t.Errorf("rotate: err = %v", err)
	}
	// A missing key is needed even on an existing Space.
	_, err = fleetSpec().Resolve(stateWithSecrets(SecretPassword, SecretAPIKey), fleetEnv(map[string]string{"V": "v"}), false)
	if !errors.As(err, &me) || !reflect.DeepEqual(me.Names, []string{"TOK"}) {
		t.Errorf("missing key: err = %v", err)
	}
}

func TestResolveRefusesCredentialsArgillaCrashesOn(t *testing.T) {
	vals := map[string]string{"PW": "short", "KEY": "key-12345678", "TOK": "t", "V": "v"}
	if _, err := fleetSpec().Resolve(&State{}, fleetEnv(vals), false); err == nil || !strings.Contains(err.Error(), "owner.password") {
		t.Errorf("short password: %v", err)
	}
	vals["PW"], vals["KEY"] = "correct-horse", "has space 123"
	if _, err := fleetSpec().Resolve(&State{}, fleetEnv(vals), false); err == nil || !strings.Contains(err.Error(), "owner.apiKey") {
		t.Errorf("bad key: %v", err)
	}
}

// lineOnly is a position without its column; goType a Go type name (oauth.allowedWorkspaces.0 is not).
var (
	lineOnly = regexp.MustCompile(`\(line \d+\)`)
	goType   = regexp.MustCompile(`\bspaces\.[A-Z]`)
)

// FuzzParseSpecFile: no input makes the fleet parser panic, and what it accepts is valid and named.
func FuzzParseSpecFile(f *testing.F) {
	f.Add([]byte("space: acme/a\n---\nspace: acme/b\nvisibility: private\n"))
	f.Add([]byte(schemaIssueExample))
	f.Add([]byte("space: acme/a\nowner:\n  password: ${PW}\n---\n---\n"))
	f.Add([]byte("space: [\n"))
	f.Add([]byte("--- !!binary\n"))
	f.Add([]byte("space: a/b\nhardwre: x\nstorage:\n  typ: bucket\noauth: {allowedWorkspaces: w}\nvisibility: [x]\n"))
	f.Add([]byte("space: a/b\nhardware: T4 x\nsecrets:\n  K: ${OPENAI KEY}\n  U: ${OPEN\nvariables: {V: '${A B}'}\noauth: {allowedWorkspaces: [Bad]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := parseSpecFile("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			if goType.MatchString(err.Error()) || strings.Contains(err.Error(), "unmarshal") {
				t.Fatalf("error in Go's words, not the file's: %v", err)
			}
			if lineOnly.MatchString(err.Error()) {
				t.Fatalf("a value error without its column: %v", err)
			}
			return
		}
		for i, e := range entries {
			if e.Index != i+1 || e.File != "f.yaml" {
				t.Fatalf("entry %d: %+v", i, e)
			}
			if err := e.Spec.Validate(); err != nil {
				t.Fatalf("accepted an invalid spec: %v", err)
			}
		}
	})
}

// TestSecretValuesLeaveTheUsername: apply and create register SecretValues for redaction; the owner's
// username is the namespace of personal Spaces and must stay readable in messages.
func TestSecretValuesLeaveTheUsername(t *testing.T) {
	s := Spec{Space: "alice/a", Owner: &OwnerSpec{Username: "alice", Password: "correct-horse", APIKey: "key-12345678"},
		Secrets: map[string]string{"HF_TOKEN": "hf_tok"}}
	got := s.SecretValues()
	sort.Strings(got)
	if want := []string{"correct-horse", "hf_tok", "key-12345678"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SecretValues = %v, want %v", got, want)
	}
}
