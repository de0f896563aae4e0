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
func (s *Spec) Validate() error { return s.validate(func(...string) int { return 0 }) }

// validate is Validate with line, which finds the line of a dotted path in the file (0: unknown).
func (s *Spec) validate(line func(path ...string) int) error {
	var errs []string
	if _, err := ParseID(s.Space, ""); err != nil {
		errs = append(errs, "space: "+err.Error())
	}
	if s.Visibility != "" && !contains(Visibilities, s.Visibility) {
		errs = append(errs, fmt.Sprintf("visibility: %q is not one of public, private, protected", s.Visibility))
	}
	if s.SleepTime != "" {
		if _, err := ParseSleep(s.SleepTime); err != nil {
			errs = append(errs, "sleepTime: "+err.Error())
		}
	}
	if s.ArgillaVersion != "" {
		if _, err := CheckArgillaVersion(s.ArgillaVersion, false); err != nil {
			errs = append(errs, "argillaVersion: "+err.Error())
		}
	}
	if st := s.Storage; st != nil {
		if st.Type != StorageBucket && st.Type != StorageEphemeral && !IsLegacyTier(st.Type) {
			errs = append(errs, fmt.Sprintf("storage.type: %q is not one of bucket, ephemeral, small, medium, large", st.Type))
		}
		if st.Bucket != "" {
			if st.Type != StorageBucket {
				errs = append(errs, "storage.bucket: only goes with type: bucket")
			} else if _, err := ParseBucketID(st.Bucket); err != nil {
				errs = append(errs, "storage.bucket: "+err.Error())
			}
		}
	}
	for _, m := range []map[string]string{s.Secrets, s.Variables} {
		for k := range m {
			if err := ValidateKey(k); err != nil {
				errs = append(errs, err.Error())
			}
		}
	}
	for k, v := range s.Secrets {
		if !isEnvRef(v) {
			errs = append(errs, fmt.Sprintf("secrets.%s: a literal secret value is not allowed in a file; write ${ENV_NAME} and set that variable", k))
		}
	}
	if o := s.Owner; o != nil {
		if o.Password != "" && !isEnvRef(o.Password) {
			errs = append(errs, "owner.password: a literal password is not allowed in a file; write ${ARGILLA_PASSWORD}")
		}
		if o.APIKey != "" && !isEnvRef(o.APIKey) {
			errs = append(errs, "owner.apiKey: a literal API key is not allowed in a file; write ${ARGILLA_API_KEY}")
		}
	}
	errs = append(errs, s.checkEnv(line)...)
	if len(errs) > 0 {
		sort.Strings(errs)
		return fmt.Errorf("invalid spec for %q:\n  %s", s.Space, strings.Join(errs, "\n  "))
	}
	return nil
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
