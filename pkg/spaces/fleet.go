package spaces

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/argilla-space/argilla-space/internal/input"
	"go.yaml.in/yaml/v3"
)

// FleetEntry is one spec of a fleet and where it was written.
type FleetEntry struct {
	File  string // the file it came from, as given or joined to the directory
	Index int    // 1-based position among the file's YAML documents
	Line  int    // the line of the document's `space:` key
	Spec  Spec
	node  *yaml.Node // the document, for positions (nil: not from a file)
}

// KeyAt names a key of the entry's spec for messages about its value: the file, then the dotted path
// with its line and column, "argilla-space.yaml: hardware (line 4, column 11)".
func (e FleetEntry) KeyAt(path ...string) string {
	pos := specPos(noPos)
	if e.node != nil {
		pos = func(p ...string) (int, int) { return posOf(e.node, p...) }
	}
	return e.Where() + ": " + pos.at(path...)
}

// Where names the entry for messages: the file, and the document when the file holds several.
func (e FleetEntry) Where() string {
	if e.Index > 1 {
		return fmt.Sprintf("%s (document %d)", e.File, e.Index)
	}
	return e.File
}

// At is the entry's file and line, FILE:LINE, as editors and compilers print positions.
func (e FleetEntry) At() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return e.File
}

// NeedsVisibility is the error for a spec that would create a Space without saying who can see it.
func (e FleetEntry) NeedsVisibility() error {
	if e.Spec.Visibility != "" {
		return nil
	}
	return fmt.Errorf("%s: %s does not exist yet, so this spec creates it and must say `visibility: private`, public or protected (%s)",
		e.At(), e.Spec.Space, VisibilityRequired)
}

// LoadSpecs reads the specs of a fleet: one file (which may hold several YAML documents) or a
// directory of *.yaml and *.yml files. See LoadFleet.
func LoadSpecs(path string) ([]Spec, error) {
	entries, err := LoadFleet(path)
	if err != nil {
		return nil, err
	}
	out := make([]Spec, len(entries))
	for i, e := range entries {
		out[i] = e.Spec
	}
	return out, nil
}

// LoadFleet reads a file or a directory of spec files, in file-name order. Only the directory's own
// *.yaml and *.yml files count (not subdirectories, not dotfiles), so notes and other files may live
// beside them. Every error names its file (and the YAML error its line); a Space named twice, in one
// file or two, is an error too: two specs for one Space would fight over it.
func LoadFleet(path string) ([]FleetEntry, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	files := []string{path}
	if fi.IsDir() {
		if files, err = specFilesIn(path); err != nil {
			return nil, err
		}
	}
	var out []FleetEntry
	for _, f := range files {
		data, err := input.ReadFile(f) // a regular file of at most 1 MiB
		if err != nil {
			return nil, err
		}
		entries, err := parseSpecFile(f, data)
		if err != nil {
			return nil, err
		}
		out = append(out, entries...)
	}
	return out, checkDuplicates(out)
}

func specFilesIn(dir string) ([]string, error) {
	list, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, d := range list {
		name := d.Name()
		ext := strings.ToLower(filepath.Ext(name))
		if d.IsDir() || strings.HasPrefix(name, ".") || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		files = append(files, filepath.Join(dir, name))
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds no spec files (*.yaml, *.yml)", dir)
	}
	sort.Strings(files)
	return files, nil
}

// parseSpecFile parses one file's documents, naming the file in errors.
func parseSpecFile(name string, data []byte) ([]FleetEntry, error) {
	docs, err := parseSpecDocs(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := make([]FleetEntry, len(docs))
	for i, d := range docs {
		out[i] = FleetEntry{File: name, Index: i + 1, Line: d.Line(), Spec: d.Spec, node: d.Node}
	}
	return out, nil
}

// checkDuplicates refuses a Space named twice. The Hub's ids are case-insensitive (a Space cannot be
// created twice with different cases), so the comparison is too.
func checkDuplicates(entries []FleetEntry) error {
	seen := map[string]FleetEntry{}
	for _, e := range entries {
		key := strings.ToLower(e.Spec.Space)
		if first, ok := seen[key]; ok {
			return fmt.Errorf("%s is described twice, in %s and in %s: keep one spec per Space", e.Spec.Space, first.Where(), e.Where())
		}
		seen[key] = e
	}
	return nil
}

// MissingEnvError names the environment variables a spec refers to (${NAME}) whose values are needed
// but unset. Nothing was sent for that Space.
type MissingEnvError struct {
	Space string
	Names []string
}

func (e *MissingEnvError) Error() string {
	return fmt.Sprintf("environment variable(s) %s not set: the spec for %s needs their values; export them (nothing was sent)",
		strings.Join(e.Names, ", "), e.Space)
}

// Resolve reads the spec's ${NAME} references from the environment, as far as applying it to the
// observed Space needs them. Variables are always needed (their values are compared). A secret (and
// the owner's password and API key) is only needed when it will be sent: the Space is new, its key is
// missing, or rotate is set. A secret the Space already has may therefore have its variable unset:
// it is left out of the result, which changes nothing, since a present secret is not re-sent. So a
// `plan` in CI, or an `apply` of the file `create` wrote, works without the secrets at hand.
//
// Unset needed variables give a *MissingEnvError; owner credentials Argilla would crash on are
// refused too, before anything is sent.
func (s Spec) Resolve(st *State, getenv func(string) string, rotate bool) (Spec, error) {
	needed := func(key string) bool {
		if !st.Exists || rotate {
			return true
		}
		_, present := st.SecretKeys[key]
		return !present
	}
	if errs := s.checkEnv(noPos); len(errs) > 0 { // parsed specs were checked; others too
		return s, fmt.Errorf("%s: %s", s.Space, strings.Join(errs, "; "))
	}
	var missing []string
	lookup := func(ref string, need bool) (string, bool) {
		m := envRefRe().FindStringSubmatch(ref)
		if m == nil {
			return ref, true // a literal (variables may have them)
		}
		if v := getenv(m[1]); v != "" {
			return v, true
		}
		if need {
			missing = append(missing, m[1])
		}
		return "", false
	}
	out := s
	out.SecretFrom, out.VariableFrom = map[string]string{}, map[string]string{}
	from := func(m map[string]string, key, ref string) {
		if name, ok := envRefName(ref); ok {
			m[key] = name
		}
	}
	out.Variables = nil
	if s.Variables != nil {
		out.Variables = make(map[string]string, len(s.Variables))
		for k, ref := range s.Variables {
			out.Variables[k], _ = lookup(ref, true)
			from(out.VariableFrom, k, ref)
		}
	}
	out.Secrets = nil
	if s.Secrets != nil {
		out.Secrets = make(map[string]string, len(s.Secrets))
		for k, ref := range s.Secrets {
			if v, ok := lookup(ref, needed(k)); ok {
				out.Secrets[k] = v
			}
			from(out.SecretFrom, k, ref)
		}
	}
	if s.Owner != nil {
		o := *s.Owner
		from(out.SecretFrom, SecretPassword, o.Password)
		from(out.SecretFrom, SecretAPIKey, o.APIKey)
		o.Password, _ = lookup(o.Password, o.Password != "" && needed(SecretPassword))
		o.APIKey, _ = lookup(o.APIKey, o.APIKey != "" && needed(SecretAPIKey))
		out.Owner = &o
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return s, &MissingEnvError{Space: s.Space, Names: dedupe(missing)}
	}
	if o := out.Owner; o != nil {
		if o.Password != "" {
			if err := ValidatePassword(o.Password); err != nil {
				return s, fmt.Errorf("%s: owner.password: %w", s.Space, err)
			}
		}
		if o.APIKey != "" {
			if err := ValidateAPIKey(o.APIKey); err != nil {
				return s, fmt.Errorf("%s: owner.apiKey: %w", s.Space, err)
			}
		}
	}
	return out, nil
}
