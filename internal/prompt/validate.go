package prompt

import (
	"errors"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// The form checks what the commands check, with the same functions: a Space name and the owner's user
// name as the Hub's repo-name rule (reference §14), a workspace name as the portable Argilla rule, and
// the password as Argilla's 8 to 100 characters (it crashes at start otherwise).
var (
	validateSpaceName     = spaces.ValidateRepoName
	validateUsername      = spaces.ValidateRepoName
	validateWorkspaceName = oauthcfg.ValidateWorkspaceName
	validatePassword      = spaces.ValidatePassword
)

// ParseWorkspaces splits a comma-separated list of workspace names, trimming
// spaces and dropping duplicates and empty items, and validates each name. At
// least one workspace is required: new Hugging Face users join these.
func ParseWorkspaces(s string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for item := range strings.SplitSeq(s, ",") {
		name := strings.TrimSpace(item)
		if name == "" || seen[name] {
			continue
		}
		if err := validateWorkspaceName(name); err != nil {
			return nil, err
		}
		seen[name] = true
		out = append(out, name)
	}
	if len(out) == 0 {
		return nil, errors.New("give at least one workspace, e.g. argilla")
	}
	return out, nil
}
