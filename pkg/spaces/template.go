package spaces

import (
	"context"
	"fmt"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// LoadTemplate reads the official Argilla template as the Hub lists it: its SDK and preferred
// visibility from GET /api/spaces/templates (the official client asks for the list before it creates
// from a template), and the OAuth file its Dockerfile copies, so a new Space only carries an inline
// file when it differs from the template's.
func LoadTemplate(ctx context.Context, hub *hfapi.Client) (*Template, error) {
	list, err := hub.ListSpaceTemplates(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing the Hub's Space templates: %w", err)
	}
	t := &Template{}
	for _, x := range list {
		if strings.EqualFold(x.RepoID, TemplateID) {
			t.RepoID, t.SDK, t.PreferredPrivate = x.RepoID, x.SDK, x.PreferredPrivate
		}
	}
	if t.RepoID == "" {
		return nil, fmt.Errorf("the Hub does not list %s among its Space templates any more; nothing was created", TemplateID)
	}
	if t.SDK == "" {
		t.SDK = "docker"
	}
	df, err := hub.GetFile(ctx, t.RepoID, "main", "Dockerfile")
	if err != nil {
		return nil, fmt.Errorf("reading the template's Dockerfile: %w", err)
	}
	t.Dockerfile = df.Content
	t.OAuthPath = OAuthRepoPath(string(df.Content), "")
	of, err := hub.GetFile(ctx, t.RepoID, "main", t.OAuthPath)
	if err != nil && !hfapi.IsNotFound(err) {
		return nil, fmt.Errorf("reading the template's %s: %w", t.OAuthPath, err)
	}
	if err == nil {
		t.OAuthFile = of.Content
	}
	return t, nil
}
