package spaces

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// HubTokenEnv are the environment variables that hold a Hugging Face credential: HF_TOKEN and the
// legacy HUGGING_FACE_HUB_TOKEN (huggingface_hub utils/_auth.py, _get_token_from_environment), and the
// OIDC tokens huggingface_hub exchanges for one in CI (reference §13: HF_OIDC_ID_TOKEN, or the one it
// mints with GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_TOKEN). A spec copies none of them into a Space
// unless its env: list names it: a token in a Space's secrets is a token anyone with write access to
// the Space (or its code) can read.
var HubTokenEnv = []string{"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_OIDC_ID_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"}

// checkEnv enforces what a spec may read from the environment. Variables are public (anyone who can
// see the Space reads them), so ${NAME} in variables must be listed in env:, or a spec could publish
// AWS_SECRET_ACCESS_KEY as BUILD_INFO. Secrets (and the owner's password and API key) may read any
// name except the Hub tokens (HubTokenEnv), which also need the list. pos finds where a path is.
func (s *Spec) checkEnv(pos specPos) []string {
	var errs []string
	at := pos.at
	allowed := map[string]bool{}
	for i, name := range s.Env {
		if !envNameRe().MatchString(name) {
			errs = append(errs, fmt.Sprintf("%s: %q is not an environment variable name", at("env", fmt.Sprint(i)), name))
		}
		allowed[name] = true
	}
	for _, k := range sortedKeys(s.Variables) {
		if name, ok := envRefName(s.Variables[k]); ok && !allowed[name] {
			errs = append(errs, fmt.Sprintf("%s: ${%s} would publish the environment variable %s: Space variables are public. "+
				"Put a secret value under secrets:, or, if %s is meant to be public, list it in the spec's env: [%s]",
				at("variables", k), name, name, name, name))
		}
	}
	token := func(path []string, ref string) {
		if name, ok := envRefName(ref); ok && contains(HubTokenEnv, name) && !allowed[name] {
			errs = append(errs, fmt.Sprintf("%s: ${%s} would copy your Hugging Face token into the Space; "+
				"use a token made for the Space (a fine-grained one, in another variable), or list %s in the spec's env: to allow it",
				at(path...), name, name))
		}
	}
	for _, k := range sortedKeys(s.Secrets) {
		token([]string{"secrets", k}, s.Secrets[k])
	}
	if o := s.Owner; o != nil {
		token([]string{"owner", "password"}, o.Password)
		token([]string{"owner", "apiKey"}, o.APIKey)
	}
	sort.Strings(errs)
	return errs
}

var envNameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(envNamePattern) })

// envRefName is NAME when v is exactly ${NAME}.
func envRefName(v string) (string, bool) {
	m := envRefRe().FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// posOf is the line and column of the value at a dotted path of a YAML document (keys of mappings,
// indexes of sequences), or 0, 0 when the path is not there.
func posOf(n *yaml.Node, path ...string) (line, col int) {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, p := range path {
		for n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					next = n.Content[i+1]
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(p); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
			}
		}
		if next == nil {
			return 0, 0
		}
		n = next
	}
	return n.Line, n.Column
}

// CheckTokenCopy refuses a resolved spec that would send token (the Hub token this run uses) as the
// value of a secret or variable, unless the environment variable it came from is listed in env:. It
// catches the token exported a second time under another name, which checkEnv cannot see.
func (s Spec) CheckTokenCopy(token string) error {
	if token == "" {
		return nil
	}
	listed := func(from map[string]string, key string) bool {
		name, ok := from[key]
		return ok && contains(s.Env, name)
	}
	var keys []string
	secrets, _ := desiredSecrets(s)
	for k, v := range secrets {
		if v == token && !listed(s.SecretFrom, k) {
			keys = append(keys, "secrets."+k)
		}
	}
	for k, v := range s.Variables {
		if v == token && !listed(s.VariableFrom, k) {
			keys = append(keys, "variables."+k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Strings(keys)
	return fmt.Errorf("%s: %s would copy the Hugging Face token this command runs with into the Space; "+
		"use a token made for the Space, or list the environment variable it comes from in the spec's env:", s.Space, strings.Join(keys, ", "))
}
