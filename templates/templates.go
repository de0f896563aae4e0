// Package templates renders the files argilla-space writes: the Space's OAuth
// file and the local spec file argilla-space.yaml. The templates are embedded;
// every value goes through oauthcfg.QuoteString, so no input can change the
// YAML structure, and every rendered OAuth file is validated before it is
// returned.
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"text/template"

	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
)

//go:embed oauth.yaml.tmpl argilla-space.yaml.tmpl
var files embed.FS

// commentColumn is where the trailing comments of argilla-space.yaml start.
const commentColumn = 29

// parsed is built on first use: parsing at start-up would slow every command, --version included.
var parsed = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"quote": oauthcfg.QuoteString,
		"join": func(items []string) string {
			quoted := make([]string, len(items))
			for i, s := range items {
				quoted[i] = oauthcfg.QuoteString(s)
			}
			return strings.Join(quoted, ", ")
		},
		// line pads text to commentColumn and appends "# comment".
		"line": func(text, comment string) string {
			return fmt.Sprintf("%-*s # %s", commentColumn-1, text, comment)
		},
	}).ParseFS(files, "*.tmpl"))
})

// OAuthFile renders `.oauth.yaml`. With enabled and the default workspaces
// (nil or empty means just "argilla") it is, byte for byte, the template
// Space's own file. With enabled false it writes `providers: []` (the way
// Argilla v2.7+ turns OAuth off; the file is kept because the Dockerfile
// copies it) with a comment saying the owner signs in with USERNAME and
// PASSWORD. Workspaces are written in the given order, once each; every name
// must pass oauthcfg.ValidateWorkspaceName. Whether "argilla" stays in the
// list is the caller's choice.
func OAuthFile(enabled bool, workspaces []string) ([]byte, error) {
	if len(workspaces) == 0 {
		workspaces = []string{oauthcfg.DefaultWorkspace}
	}
	var unique []string
	for _, w := range workspaces {
		if err := oauthcfg.ValidateWorkspaceName(w); err != nil {
			return nil, err
		}
		if !slices.Contains(unique, w) {
			unique = append(unique, w)
		}
	}
	out, err := render("oauth.yaml.tmpl", struct {
		Enabled    bool
		Workspaces []string
	}{enabled, unique})
	if err != nil {
		return nil, err
	}
	// The server does not start on a bad file; never hand one out.
	if err := oauthcfg.Validate(out); err != nil {
		return nil, fmt.Errorf("rendered oauth file is invalid (a bug): %w", err)
	}
	return out, nil
}

// SpecFileData is what argilla-space.yaml records about a Space. It holds no
// secret values: the owner's password and API key are always written as
// ${ARGILLA_PASSWORD} and ${ARGILLA_API_KEY}, and each secret in Secrets as
// ${NAME}. Empty optional fields are left out of the file.
type SpecFileData struct {
	Space             string            // required, OWNER/NAME
	Visibility        string            // public | private | protected
	Hardware          string            // e.g. cpu-basic
	SleepTime         string            // "never" or a duration like "2h"
	StorageType       string            // bucket | ephemeral | small | medium | large
	Bucket            string            // ns/name; only with StorageType "bucket"
	OwnerUsername     string            // the USERNAME secret
	OwnerPassword     bool              // the Space has a PASSWORD secret: write password: ${ARGILLA_PASSWORD}
	Variables         map[string]string // Space variables (not secret), written sorted by name
	Secrets           []string          // names of Space secrets, each written as NAME: ${NAME}
	OAuthEnabled      bool              // providers: [{name: huggingface}] vs providers: []
	AllowedWorkspaces []string          // allowed_workspaces of the OAuth file
	ArgillaVersion    string            // the pinned Argilla release, vX.Y.Z; "" = not managed
}

// Valid values of the enumerated spec fields.
var (
	visibilities = []string{"public", "private", "protected"}
	storageTypes = []string{"bucket", "ephemeral", "small", "medium", "large"}
	// envKey is the Hub's rule for secret and variable names, which also
	// makes every secret name a valid environment variable name.
	envKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z][_A-Za-z0-9]*$`) })
)

// SpecFile renders argilla-space.yaml from d, after checking the fields it
// can check on its own (the Space name's shape, enumerations, key names,
// workspace names).
func SpecFile(d SpecFileData) ([]byte, error) {
	if err := d.check(); err != nil {
		return nil, fmt.Errorf("argilla-space.yaml: %w", err)
	}
	secrets := slices.Clone(d.Secrets)
	slices.Sort(secrets)
	d.Secrets = slices.Compact(secrets)
	return render("argilla-space.yaml.tmpl", d)
}

// check validates the fields of d.
func (d SpecFileData) check() error {
	owner, name, ok := strings.Cut(d.Space, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") || strings.ContainsAny(d.Space, " \t\r\n") {
		return fmt.Errorf("space %q must be OWNER/NAME", d.Space)
	}
	if d.Visibility != "" && !slices.Contains(visibilities, d.Visibility) {
		return fmt.Errorf("visibility %q must be one of %s", d.Visibility, strings.Join(visibilities, ", "))
	}
	if d.StorageType != "" && !slices.Contains(storageTypes, d.StorageType) {
		return fmt.Errorf("storage type %q must be one of %s", d.StorageType, strings.Join(storageTypes, ", "))
	}
	if d.Bucket != "" && d.StorageType != "bucket" {
		return fmt.Errorf("bucket %q needs storage type bucket, not %q", d.Bucket, d.StorageType)
	}
	for k := range d.Variables {
		if !envKey().MatchString(k) {
			return fmt.Errorf("variable name %q must match %s", k, envKey())
		}
	}
	for _, k := range d.Secrets {
		if !envKey().MatchString(k) {
			return fmt.Errorf("secret name %q must match %s", k, envKey())
		}
	}
	for _, w := range d.AllowedWorkspaces {
		if err := oauthcfg.ValidateWorkspaceName(w); err != nil {
			return err
		}
	}
	return nil
}

// render executes the named template.
func render(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := parsed().ExecuteTemplate(&b, name, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
