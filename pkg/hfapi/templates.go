package hfapi

import "context"

// SpaceTemplate is an official Space template (GET /api/spaces/templates).
type SpaceTemplate struct {
	Name             string `json:"name"`
	RepoID           string `json:"repoId"`
	SDK              string `json:"sdk"`
	PreferredPrivate bool   `json:"preferredPrivate"`
}

// ListSpaceTemplates lists the official templates. A GET: retried.
func (c *Client) ListSpaceTemplates(ctx context.Context) ([]SpaceTemplate, error) {
	var out struct {
		Templates []SpaceTemplate `json:"templates"`
	}
	if _, err := c.doJSON(ctx, "GET", c.endpoint+"/api/spaces/templates", nil, nil, &out, retryIdempotent); err != nil {
		return nil, err
	}
	return out.Templates, nil
}
