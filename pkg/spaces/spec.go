package spaces

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
)

// Spec is the desired state of one Argilla Space, the form of `argilla-space.yaml`. A zero field means
// "not managed": the engine leaves that part of the Space as it is. Secret values in a file are always
// `${ENV}` references; Resolve reads them from the environment when they are needed.
type Spec struct {
	Space      string            `yaml:"space" json:"space"`
	Visibility string            `yaml:"visibility,omitempty" json:"visibility,omitempty"`
	Hardware   string            `yaml:"hardware,omitempty" json:"hardware,omitempty"`
	SleepTime  string            `yaml:"sleepTime,omitempty" json:"sleepTime,omitempty"`
	Storage    *StorageSpec      `yaml:"storage,omitempty" json:"storage,omitempty"`
	Owner      *OwnerSpec        `yaml:"owner,omitempty" json:"owner,omitempty"`
	Variables  map[string]string `yaml:"variables,omitempty" json:"variables,omitempty"`
	Secrets    map[string]string `yaml:"secrets,omitempty" json:"secrets,omitempty"`
	OAuth      *OAuthSpec        `yaml:"oauth,omitempty" json:"oauth,omitempty"`
	// ArgillaVersion pins the image tag of the Dockerfile's `FROM argilla/argilla-hf-spaces:TAG` (version.go).
	ArgillaVersion string `yaml:"argillaVersion,omitempty" json:"argillaVersion,omitempty"`
	// Env lists the environment variables the spec may publish in variables, and the Hub tokens it
	// may copy into secrets (see CheckEnv): reading the environment is visible in the file.
	Env []string `yaml:"env,omitempty" json:"env,omitempty"`

	// What one command wants beyond the file's vocabulary (never read from or written to YAML).
	DeleteSecrets   []string `yaml:"-" json:"-"`
	DeleteVariables []string `yaml:"-" json:"-"`
	// Where Resolve took values from: the Space's secret key (PASSWORD and API_KEY for the owner) or
	// variable key -> the environment variable read. Plans show the name, never the value.
	SecretFrom   map[string]string `yaml:"-" json:"-"`
	VariableFrom map[string]string `yaml:"-" json:"-"`
}

// StorageSpec says where Argilla's /data lives.
type StorageSpec struct {
	Type   string `yaml:"type" json:"type"`                         // bucket | ephemeral | small | medium | large
	Bucket string `yaml:"bucket,omitempty" json:"bucket,omitempty"` // bucket id, default OWNER/NAME-data
}

// OwnerSpec is the Argilla owner account, set through the USERNAME, PASSWORD and API_KEY secrets.
type OwnerSpec struct {
	Username string `yaml:"username,omitempty" json:"username,omitempty"`
	Password string `yaml:"password,omitempty" json:"password,omitempty"`
	APIKey   string `yaml:"apiKey,omitempty" json:"apiKey,omitempty"`
}

// OAuthSpec is what the Space's OAuth file should say.
type OAuthSpec struct {
	Enabled           *bool    `yaml:"enabled,omitempty" json:"enabled,omitempty"`
	AllowedWorkspaces []string `yaml:"allowedWorkspaces,omitempty" json:"allowedWorkspaces,omitempty"`
	// Content replaces the whole file (`oauth push FILE`); never in YAML.
	Content []byte `yaml:"-" json:"-"`
	// Allow and Disallow are edits relative to the file as it is when the plan is made (`oauth allow`,
	// `oauth disallow`): the other workspaces are kept, so after a concurrent commit the edit is applied
	// again to the new file and the verification checks only this edit. Never in YAML.
	Allow    []string `yaml:"-" json:"-"`
	Disallow []string `yaml:"-" json:"-"`
}

// Storage kinds.
const (
	StorageBucket    = "bucket"
	StorageEphemeral = "ephemeral"
)

// LegacyTiers are the retired paid storage tiers (reference §5.1).
var LegacyTiers = []string{"small", "medium", "large"}

// IsLegacyTier reports whether s names a retired storage tier.
func IsLegacyTier(s string) bool {
	for _, t := range LegacyTiers {
		if s == t {
			return true
		}
	}
	return false
}

// Visibilities the Hub accepts for Spaces (reference §0.2).
var Visibilities = []string{"public", "private", "protected"}

// ParseSpecs reads one or more YAML documents of specs. Unknown keys are errors that name their line.
func ParseSpecs(data []byte) ([]Spec, error) {
	docs, err := parseSpecDocs(data)
	if err != nil {
		return nil, err
	}
	out := make([]Spec, len(docs))
	for i, d := range docs {
		out[i] = d.Spec
	}
	return out, nil
}

// Validate checks a spec without touching the environment or the Hub.
func (s *Spec) Validate() error { return s.validate(noPos) }

// specPos finds the line and column of the value at a dotted path of the spec's file (0, 0: unknown).
type specPos func(path ...string) (line, col int)

// noPos is the specPos of a spec that did not come from a file.
func noPos(...string) (int, int) { return 0, 0 }

// at names a dotted path and, when the file has it, where: "storage.type (line 4, column 9)".
func (pos specPos) at(path ...string) string {
	p := strings.Join(path, ".")
	if l, c := pos(path...); l > 0 {
		return fmt.Sprintf("%s (line %d, column %d)", p, l, c)
	}
	return p
}

// hardwareRe is the shape of a Hub hardware flavor (cpu-basic, a10g-largex2, l40sx1): which flavors
// exist is the Hub's live list to say when the hardware would change; this only catches what cannot be one.
var hardwareRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`) })

// validate is Validate with pos, which finds where a dotted path's value is in the file.
func (s *Spec) validate(pos specPos) error {
	var errs []string
	add := func(path, msg string) { errs = append(errs, pos.at(strings.Split(path, ".")...)+": "+msg) }
	if _, err := ParseID(s.Space, ""); err != nil {
		add("space", err.Error())
	}
	if s.Visibility != "" && !contains(Visibilities, s.Visibility) {
		add("visibility", fmt.Sprintf("%q is not one of public, private, protected", s.Visibility))
	}
	if s.Hardware != "" && !hardwareRe().MatchString(s.Hardware) {
		add("hardware", fmt.Sprintf("%q is not a hardware flavor: write a name such as cpu-basic, cpu-upgrade or t4-small", s.Hardware))
	}
	if s.SleepTime != "" {
		if _, err := ParseSleep(s.SleepTime); err != nil {
			add("sleepTime", err.Error())
		}
	}
	if s.ArgillaVersion != "" {
		if _, err := CheckArgillaVersion(s.ArgillaVersion, false); err != nil {
			add("argillaVersion", err.Error())
		}
	}
	if st := s.Storage; st != nil {
		if st.Type != StorageBucket && st.Type != StorageEphemeral && !IsLegacyTier(st.Type) {
			add("storage.type", fmt.Sprintf("%q is not one of bucket, ephemeral, small, medium, large", st.Type))
		}
		if st.Bucket != "" {
			if st.Type != StorageBucket {
				add("storage.bucket", "only goes with type: bucket")
			} else if _, err := ParseBucketID(st.Bucket); err != nil {
				add("storage.bucket", err.Error())
			}
		}
	}
	if o := s.OAuth; o != nil {
		for i, w := range o.AllowedWorkspaces {
			if err := oauthcfg.ValidateWorkspaceName(w); err != nil {
				errs = append(errs, pos.at("oauth", "allowedWorkspaces", strconv.Itoa(i))+": "+err.Error())
			}
		}
	}
	for _, part := range []struct {
		name string
		m    map[string]string
	}{{"secrets", s.Secrets}, {"variables", s.Variables}} {
		for _, k := range sortedKeys(part.m) {
			if err := ValidateKey(k); err != nil {
				errs = append(errs, pos.at(part.name, k)+": "+err.Error())
			}
		}
	}
	for _, k := range sortedKeys(s.Variables) {
		if msg := badRef(s.Variables[k], false); msg != "" {
			errs = append(errs, pos.at("variables", k)+": "+msg)
		}
	}
	for _, k := range sortedKeys(s.Secrets) {
		if msg := badRef(s.Secrets[k], true); msg != "" {
			errs = append(errs, pos.at("secrets", k)+": "+msg)
		} else if !isEnvRef(s.Secrets[k]) {
			errs = append(errs, pos.at("secrets", k)+": a literal secret value is not allowed in a file; write ${ENV_NAME} and set that variable")
		}
	}
	if o := s.Owner; o != nil {
		for _, f := range []struct{ key, value, what, env string }{
			{"password", o.Password, "password", "ARGILLA_PASSWORD"},
			{"apiKey", o.APIKey, "API key", "ARGILLA_API_KEY"},
		} {
			if f.value == "" {
				continue
			}
			if msg := badRef(f.value, true); msg != "" {
				add("owner."+f.key, msg)
			} else if !isEnvRef(f.value) {
				add("owner."+f.key, fmt.Sprintf("a literal %s is not allowed in a file; write ${%s}", f.what, f.env))
			}
		}
	}
	errs = append(errs, s.checkEnv(pos)...)
	if len(errs) > 0 {
		sort.Strings(errs)
		return fmt.Errorf("invalid spec for %q:\n  %s", s.Space, strings.Join(errs, "\n  "))
	}
	return nil
}

// badRef says why v, written as a ${...} reference, is not a valid one ("" when it is not meant as one
// or is valid). A value that is the whole of ${...} is a reference by the file's syntax, so it is quoted
// back: `${OPENAI KEY}` names a variable, it is not a secret. In a secret (secret is true) anything
// starting with ${ is meant as a reference; an unclosed one is not quoted back, as it may be a value.
// Variables may hold literal text such as "prefix ${V}", so only a whole ${...} is a reference there.
func badRef(v string, secret bool) string {
	if isEnvRef(v) || !strings.HasPrefix(v, "${") {
		return ""
	}
	whole := strings.HasSuffix(v, "}") && strings.Count(v, "}") == 1
	switch {
	case whole:
		return fmt.Sprintf("%s is not a valid reference: the name between ${ and } takes only letters, digits and _, "+
			"not starting with a digit (for example ${OPENAI_KEY})", v)
	case secret:
		return "a reference starts with ${ but is not one ${NAME}: write ${ENV_NAME}, the name in letters, digits and _"
	}
	return ""
}

var envRefRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$`) })

func isEnvRef(v string) bool { return envRefRe().MatchString(v) }

// EnvRef returns the ${NAME} reference to an environment variable, the only way a file names a secret.
func EnvRef(name string) string { return "${" + name + "}" }

// Never is the sleep time of a Space that never sleeps, as the Hub encodes it.
const Never = -1

// maxSleepSeconds is the longest sleep time that is still a time.Duration (about 292 years).
const maxSleepSeconds = int(math.MaxInt64 / int64(time.Second))

// ParseSleep reads "never", a number of seconds, or a Go duration ("2h", "90m") into seconds for the
// Hub: whole seconds, at least one.
func ParseSleep(s string) (int, error) {
	if strings.EqualFold(s, "never") || s == "-1" {
		return Never, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n <= 0 {
			return 0, fmt.Errorf("sleep time %q must be positive, or never", s)
		}
		if n > maxSleepSeconds {
			return 0, fmt.Errorf("sleep time %q is too long: for no sleep at all, say never", s)
		}
		return n, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("sleep time %q is not a duration like 2h or 30m, or never", s)
	}
	if d < time.Second {
		return 0, fmt.Errorf("sleep time %q must be at least one second, or never", s)
	}
	if d%time.Second != 0 {
		return 0, fmt.Errorf("sleep time %q is not whole seconds: the Hub counts in seconds", s)
	}
	return int(d / time.Second), nil
}

// FormatSleep is the inverse of ParseSleep for display.
func FormatSleep(seconds int) string {
	if seconds < 0 {
		return "never"
	}
	// 2h rather than Go's 2h0m0s: the form people write in a spec file
	s := (time.Duration(seconds) * time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func dedupe(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || s[i-1] != x {
			out = append(out, x)
		}
	}
	return out
}
