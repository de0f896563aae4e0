package spaces

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
	"github.com/argilla-space/argilla-space/templates"
)

// DefaultWorkspace is the workspace the template allows and the SDK's WORKSPACE secret relies on.
const DefaultWorkspace = "argilla"

// planOAuth adds a commit of the OAuth file when the spec wants it to say something else.
func planOAuth(spec Spec, st *State, add func(Change)) error {
	if spec.OAuth == nil {
		return nil
	}
	if !st.FilesRead {
		return fmt.Errorf("internal: the OAuth file of %s was not read", st.ID)
	}
	content, err := oauthContent(spec.OAuth, st.OAuthFile, st.Dockerfile)
	if err != nil {
		return err
	}
	if string(content) == string(st.OAuthFile) {
		return nil
	}
	if err := checkSomeoneCanLogIn(content, spec, st); err != nil {
		return err
	}
	add(Change{Kind: KindCommitFile, Target: st.OAuthPath, Restarts: true,
		Summary: fmt.Sprintf("commit %s (%s); the Space rebuilds", st.OAuthPath, describeOAuth(content)),
		Diff:    UnifiedDiff(st.OAuthPath, string(st.OAuthFile), string(content)),
		content: content, parent: st.Head})
	return nil
}

// oauthContent is the file the spec asks for, edited from the current one so its comments, key order
// and unrelated keys survive. It is validated here, before anything can be pushed: an invalid file
// stops Argilla from starting (argilla-on-spaces §2.3).
func oauthContent(want *OAuthSpec, current, dockerfile []byte) ([]byte, error) {
	if want == nil {
		return nil, nil
	}
	if want.Content != nil {
		if err := oauthcfg.Validate(want.Content); err != nil {
			return nil, fmt.Errorf("the OAuth file is not valid, nothing was pushed:\n%w", err)
		}
		return want.Content, nil
	}
	base := current
	if len(base) == 0 {
		var err error
		if base, err = templates.OAuthFile(true, []string{DefaultWorkspace}); err != nil {
			return nil, err
		}
	}
	f, err := oauthcfg.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("the Space's OAuth file cannot be edited (%v); fix it with `argilla-space oauth push FILE`", err)
	}
	if want.Enabled != nil {
		if *want.Enabled {
			f.Enable()
		} else {
			f.Disable(needsLegacyEnabledKey(dockerfile))
		}
	}
	if want.AllowedWorkspaces != nil {
		for _, w := range want.AllowedWorkspaces {
			if err := oauthcfg.ValidateWorkspaceName(w); err != nil {
				return nil, err
			}
		}
		if _, err := f.Allow(want.AllowedWorkspaces...); err != nil {
			return nil, err
		}
		var extra []string
		for _, w := range f.Workspaces() {
			if !contains(want.AllowedWorkspaces, w) {
				extra = append(extra, w)
			}
		}
		if len(extra) > 0 {
			if _, _, err := f.Disallow(extra...); err != nil {
				return nil, err
			}
		}
	}
	out, err := f.Bytes()
	if err != nil {
		return nil, err
	}
	if string(out) == string(base) && current != nil {
		return current, nil
	}
	if err := oauthcfg.Validate(out); err != nil {
		return nil, fmt.Errorf("the edited OAuth file would not be valid, nothing was pushed:\n%w", err)
	}
	return out, nil
}

// checkSomeoneCanLogIn refuses a file that turns OAuth off while the owner has no password: nobody could
// sign in to the Space any more.
func checkSomeoneCanLogIn(content []byte, spec Spec, st *State) error {
	f, err := oauthcfg.Parse(content)
	if err != nil || f.OAuthEnabled() {
		return nil
	}
	secrets, _ := desiredSecrets(spec)
	for _, k := range []string{SecretUsername, SecretPassword} {
		_, have := st.SecretKeys[k]
		_, given := secrets[k]
		if !have && !given {
			return fmt.Errorf("refusing to turn OAuth off: the Space has no %s secret, so nobody could sign in; set the owner first with `argilla-space owner set --username U --password-stdin`, or give --username and --password-stdin in the same command", k)
		}
	}
	return nil
}

func describeOAuth(content []byte) string {
	f, err := oauthcfg.Parse(content)
	if err != nil {
		return "custom file"
	}
	if !f.OAuthEnabled() {
		return "OAuth off"
	}
	return fmt.Sprintf("providers %s; workspaces %s", strings.Join(f.Providers(), ", "), strings.Join(f.Workspaces(), ", "))
}

var fromTagRe = regexp.MustCompile(`(?im)^\s*FROM\s+\S*argilla-hf-spaces:v?(\d+)\.(\d+)`)

// needsLegacyEnabledKey reports whether the Space's image is older than Argilla v2.7, which still reads
// `enabled: false` (argilla-on-spaces §0.5); newer servers ignore the key, so we do not write it there.
func needsLegacyEnabledKey(dockerfile []byte) bool {
	m := fromTagRe.FindSubmatch(dockerfile)
	if m == nil {
		return false
	}
	major, _ := strconv.Atoi(string(m[1]))
	minor, _ := strconv.Atoi(string(m[2]))
	return major < 2 || major == 2 && minor < 7
}
