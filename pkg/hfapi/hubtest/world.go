package hubtest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// World is the population of the emulated Hub: users, organizations and access tokens.
// It is read once (New, or LoadWorld for a YAML file) and stored with the rest of the state.
type World struct {
	Users  []User  `yaml:"users" json:"users"`
	Orgs   []Org   `yaml:"orgs" json:"orgs"`
	Tokens []Token `yaml:"tokens" json:"tokens"`
}

// User is a Hub user account. IsPro decides whether it may create docker/gradio and protected Spaces.
type User struct {
	Name     string `yaml:"name" json:"name"`
	Fullname string `yaml:"fullname" json:"fullname"`
	IsPro    bool   `yaml:"isPro" json:"isPro"`
}

// Org is a Hub organization. Plan is "" (free), "team", "enterprise", "plus" or "academia";
// Members maps a user name to its role: admin, write, contributor, read or no_access.
type Org struct {
	Name    string            `yaml:"name" json:"name"`
	Plan    string            `yaml:"plan" json:"plan"`
	Members map[string]string `yaml:"members" json:"members"`
}

// Token is a classic access token of a user, with role "read" or "write".
type Token struct {
	Value string `yaml:"value" json:"value"`
	User  string `yaml:"user" json:"user"`
	Role  string `yaml:"role" json:"role"`
}

// templateOrg is the namespace of the official Argilla template; it exists as an org nobody belongs to.
const templateOrg = "argilla"

// emulatorTemplateOrg holds the emulator's own extra templates (see catalog.go).
const emulatorTemplateOrg = "emulator-templates"

// DefaultWorld returns the world used when Options.World is nil: users alice (PRO) and bob (free),
// orgs acme (team; alice admin, bob read), freeorg (no plan; alice admin) and argilla (no members),
// and the tokens hf_alice (write), hf_alice_read (read) and hf_bob (write).
func DefaultWorld() *World {
	return &World{
		Users: []User{
			{Name: "alice", Fullname: "Alice Example", IsPro: true},
			{Name: "bob", Fullname: "Bob Example"},
		},
		Orgs: []Org{
			{Name: "acme", Plan: "team", Members: map[string]string{"alice": "admin", "bob": "read"}},
			{Name: "freeorg", Members: map[string]string{"alice": "admin"}},
			{Name: templateOrg, Members: map[string]string{}},
		},
		Tokens: []Token{
			{Value: "hf_alice", User: "alice", Role: "write"},
			{Value: "hf_alice_read", User: "alice", Role: "read"},
			{Value: "hf_bob", User: "bob", Role: "write"},
		},
	}
}

// LoadWorld reads a world from a YAML file. Decoding is strict: unknown keys, a second document and
// inconsistent references (a token of an unknown user, a bad role) are errors.
func LoadWorld(path string) (*World, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	w, err := parseWorld(data)
	if err != nil {
		return nil, fmt.Errorf("world %s: %w", path, err)
	}
	return w, nil
}

// parseWorld decodes and validates a YAML world document.
func parseWorld(data []byte) (*World, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var w World
	if err := dec.Decode(&w); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty world file")
		}
		return nil, err
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("a world file holds exactly one YAML document")
	}
	if err := w.validate(); err != nil {
		return nil, err
	}
	return &w, nil
}

var validPlans = map[string]bool{"": true, "team": true, "enterprise": true, "plus": true, "academia": true}

var validOrgRoles = map[string]bool{"admin": true, "write": true, "contributor": true, "read": true, "no_access": true}

// validate checks names, uniqueness and cross references.
func (w *World) validate() error {
	names := map[string]bool{}
	users := map[string]bool{}
	for _, u := range w.Users {
		if !validRepoName(u.Name) {
			return fmt.Errorf("user name %q is not a valid namespace", u.Name)
		}
		if names[u.Name] {
			return fmt.Errorf("name %q is used twice", u.Name)
		}
		names[u.Name], users[u.Name] = true, true
	}
	for _, o := range w.Orgs {
		if !validRepoName(o.Name) {
			return fmt.Errorf("org name %q is not a valid namespace", o.Name)
		}
		if names[o.Name] {
			return fmt.Errorf("name %q is used twice", o.Name)
		}
		names[o.Name] = true
		if !validPlans[o.Plan] {
			return fmt.Errorf("org %s: unknown plan %q (want team, enterprise, plus, academia or empty)", o.Name, o.Plan)
		}
		for m, role := range o.Members {
			if !users[m] {
				return fmt.Errorf("org %s: member %q is not a user", o.Name, m)
			}
			if !validOrgRoles[role] {
				return fmt.Errorf("org %s: member %s has unknown role %q", o.Name, m, role)
			}
		}
	}
	values := map[string]bool{}
	for _, t := range w.Tokens {
		if t.Value == "" || values[t.Value] {
			return errors.New("token values must be non-empty and unique")
		}
		values[t.Value] = true
		if !users[t.User] {
			return fmt.Errorf("a token belongs to unknown user %q", t.User)
		}
		if t.Role != "read" && t.Role != "write" {
			return fmt.Errorf("a token of %s has role %q (want read or write)", t.User, t.Role)
		}
	}
	return nil
}

// clone deep-copies the world so the caller's value is never shared with the emulator.
func (w *World) clone() *World {
	c := &World{Users: append([]User(nil), w.Users...), Tokens: append([]Token(nil), w.Tokens...)}
	for _, o := range w.Orgs {
		m := make(map[string]string, len(o.Members))
		for k, v := range o.Members {
			m[k] = v
		}
		o.Members = m
		c.Orgs = append(c.Orgs, o)
	}
	return c
}

// withImplicitOrgs adds the template namespaces when the world lacks them, so the templates always exist.
func (w *World) withImplicitOrgs() *World {
	for _, name := range []string{templateOrg, emulatorTemplateOrg} {
		if w.user(name) == nil && w.org(name) == nil {
			w.Orgs = append(w.Orgs, Org{Name: name, Members: map[string]string{}})
		}
	}
	return w
}

// user and org find an account by name ignoring case, as the Hub matches namespaces.
func (w *World) user(name string) *User {
	for i := range w.Users {
		if strings.EqualFold(w.Users[i].Name, name) {
			return &w.Users[i]
		}
	}
	return nil
}

func (w *World) org(name string) *Org {
	for i := range w.Orgs {
		if strings.EqualFold(w.Orgs[i].Name, name) {
			return &w.Orgs[i]
		}
	}
	return nil
}

func (w *World) token(value string) *Token {
	for i := range w.Tokens {
		if w.Tokens[i].Value == value {
			return &w.Tokens[i]
		}
	}
	return nil
}

// spelling is the namespace ns as the Hub spells it (the account's own name), or ns when unknown.
func (w *World) spelling(ns string) string {
	if u := w.user(ns); u != nil {
		return u.Name
	}
	if o := w.org(ns); o != nil {
		return o.Name
	}
	return ns
}

// orgsOf lists the orgs a user belongs to, sorted by name.
func (w *World) orgsOf(user string) []Org {
	var out []Org
	for _, o := range w.Orgs {
		if _, ok := o.Members[user]; ok {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
