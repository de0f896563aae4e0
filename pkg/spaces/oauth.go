package spaces

import (
	"errors"
	"fmt"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
	"github.com/argilla-space/argilla-space/templates"
)

// DefaultWorkspace is the workspace the template allows and the SDK's WORKSPACE secret relies on.
const DefaultWorkspace = "argilla"

// planOAuth adds a commit of the OAuth file when the spec wants it to say something else, and a warning
// for each relative edit that finds nothing to do.
func planOAuth(p *Plan, spec Spec, st *State, add func(Change)) error {
	if spec.OAuth == nil {
		return nil
	}
	if !st.FilesRead {
		return fmt.Errorf("internal: the OAuth file of %s was not read", st.ID)
	}
	if err := checkOAuthShipped(st); err != nil {
		return err
	}
	p.Warnings = append(p.Warnings, relativeEditWarnings(spec.OAuth, st)...)
	content, err := oauthContent(spec.OAuth, st.OAuthPath, st.OAuthFile, st.Dockerfile)
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

// checkOAuthShipped refuses an edit of an OAuth file the image does not ship: when the Space's
// Dockerfile copies nothing onto the path Argilla reads, a commit would rebuild the Space (wiping an
// ephemeral one) and change nothing Argilla sees. Without a Dockerfile nothing can be told, and the
// default file is edited.
func checkOAuthShipped(st *State) error {
	if _, ok := st.SecretKeys[OAuthPathVariable]; ok {
		return refusedf(nil, "refusing to edit the OAuth file of %s: %s is a secret there, whose value cannot be read, so which file Argilla reads is unknown; nothing was pushed. Make it a variable: `argilla-space secrets delete %s`, then `argilla-space vars set %s PATH`",
			st.ID, OAuthPathVariable, OAuthPathVariable, OAuthPathVariable)
	}
	if len(st.Dockerfile) == 0 {
		return nil
	}
	src := ResolveOAuthFile(string(st.Dockerfile), st.Variables[OAuthPathVariable].Value)
	if src.Copied {
		return nil
	}
	has := "it copies no file"
	if len(src.Copies) > 0 {
		has = "it has `" + strings.Join(src.Copies, "`, `") + "`"
	}
	setVar := fmt.Sprintf("`argilla-space vars set %s PATH` with the path the Dockerfile copies the OAuth file to", OAuthPathVariable)
	copyFrom := src.Path
	if src.Suggest != "" {
		setVar = fmt.Sprintf("`argilla-space vars set %s %s`", OAuthPathVariable, src.Suggest)
		copyFrom = src.suggestRepo
	}
	return refusedf(nil, "refusing to edit the OAuth file of %s: Argilla reads %s (%s), but no COPY line of the Space's Dockerfile puts a file there (%s), so an edit would rebuild the Space and change nothing; nothing was pushed. Point Argilla at the copied file with %s, or make the Dockerfile copy it there: `COPY %s %s`",
		st.ID, src.Target, src.Setting, has, setVar, copyFrom, src.Target)
}

// relativeEditWarnings names the workspaces an allow finds already there or a disallow does not find,
// and warns before the default workspace goes.
func relativeEditWarnings(want *OAuthSpec, st *State) []string {
	var have []string
	if f, err := oauthcfg.Parse(st.OAuthFile); err == nil {
		have = f.Workspaces()
	}
	var out []string
	for _, w := range sortedUnique(want.Allow) {
		if contains(have, w) {
			out = append(out, fmt.Sprintf("workspace %s is already allowed in %s", w, st.OAuthPath))
		}
	}
	for _, w := range sortedUnique(want.Disallow) {
		switch {
		case !contains(have, w):
			out = append(out, fmt.Sprintf("workspace %s is not allowed in %s: nothing to remove", w, st.OAuthPath))
		case w == DefaultWorkspace:
			out = append(out, fmt.Sprintf("removing %s: the SDK's WORKSPACE secret and the users who signed in so far rely on it", w))
		}
	}
	return out
}

// oauthContent is the file the spec asks for, edited from the current one so its comments, key order
// and unrelated keys survive. It is validated here, before anything can be pushed: an invalid file
// stops Argilla from starting (argilla-on-spaces §2.3). name is the file's path in the Space repo, for
// messages. A refusal says what is wrong on its first line: `plan` and `apply` show only that one.
func oauthContent(want *OAuthSpec, name string, current, dockerfile []byte) ([]byte, error) {
	if want == nil {
		return nil, nil
	}
	if want.Content != nil {
		if err := oauthcfg.Validate(want.Content); err != nil {
			return nil, refusedf(err, "the OAuth file is not valid (%s); nothing was pushed", problemList(err))
		}
		return want.Content, nil
	}
	if current == nil && want.Enabled == nil && want.AllowedWorkspaces == nil && len(want.Allow) == 0 {
		return nil, nil // only removals, and there is no file to remove from
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
		return nil, refusedf(err, "the Space's OAuth file %s cannot be edited (%s); nothing was pushed. %s", name, problemList(err), repairHint)
	}
	if want.Enabled != nil {
		if *want.Enabled {
			f.Enable()
		} else {
			f.Disable(needsLegacyEnabledKey(dockerfile))
		}
	}
	if err := editWorkspaces(f, want); err != nil {
		return nil, err
	}
	out, err := f.Bytes()
	if err != nil {
		return nil, err
	}
	if string(out) == string(base) && current != nil {
		return current, nil
	}
	if err := oauthcfg.Validate(out); err != nil {
		if cerr := oauthcfg.Validate(current); current != nil && cerr != nil {
			// The edit keeps the rest of the file, and with it what is wrong there already.
			return nil, refusedf(err, "the Space's OAuth file %s is not valid (%s), and an edit keeps the rest of it; nothing was pushed. %s", name, problemList(cerr), repairHint)
		}
		return nil, refusedf(err, "the edited OAuth file %s would not be valid (%s); nothing was pushed", name, problemList(err))
	}
	return out, nil
}

// repairHint is how to mend an OAuth file edits cannot: replace it.
const repairHint = "Argilla does not start with such a file: replace the whole file with `argilla-space oauth push FILE` (`argilla-space oauth show` prints it with its problems)"

// problemList puts a validation error's problems on one line: "line 1: ...; line 4: ...".
func problemList(err error) string {
	var ve *oauthcfg.ValidationError
	if !errors.As(err, &ve) {
		return strings.Join(strings.Fields(err.Error()), " ")
	}
	out := make([]string, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = p.String()
	}
	return strings.Join(out, "; ")
}

// editWorkspaces applies the workspace edits of want: the exact list of a spec file, then the relative
// additions and removals of `oauth allow` and `oauth disallow`.
func editWorkspaces(f *oauthcfg.File, want *OAuthSpec) error {
	for _, list := range [][]string{want.AllowedWorkspaces, want.Allow} {
		for _, w := range list {
			if err := oauthcfg.ValidateWorkspaceName(w); err != nil {
				return refusedf(err, "%v", err)
			}
		}
	}
	if want.AllowedWorkspaces != nil {
		if _, err := f.Allow(want.AllowedWorkspaces...); err != nil {
			return refusedf(err, "%v", err)
		}
		var extra []string
		for _, w := range f.Workspaces() {
			if !contains(want.AllowedWorkspaces, w) {
				extra = append(extra, w)
			}
		}
		if len(extra) > 0 {
			if _, _, err := f.Disallow(extra...); err != nil {
				return refusedf(err, "%v", err)
			}
		}
	}
	if len(want.Allow) > 0 {
		if _, err := f.Allow(want.Allow...); err != nil {
			return refusedf(err, "%v", err)
		}
	}
	if len(want.Disallow) > 0 {
		if _, _, err := f.Disallow(want.Disallow...); err != nil {
			return refusedf(err, "%v", err)
		}
	}
	return nil
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
			return refusedf(nil, "refusing to turn OAuth off: the Space has no %s secret, so nobody could sign in; set the owner first with `argilla-space owner set --username U --password-stdin`, or give --username and --password-stdin in the same command", k)
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

// needsLegacyEnabledKey reports whether the Space's image is older than Argilla v2.7, which still reads
// `enabled: false` (argilla-on-spaces §0.5); newer servers ignore the key, so we do not write it there.
func needsLegacyEnabledKey(dockerfile []byte) bool {
	ref, ok := FindArgillaImage(dockerfile)
	if !ok {
		return false
	}
	v, err := ref.Version()
	return err == nil && v.Compare(Version{Major: 2, Minor: 7}) < 0
}
