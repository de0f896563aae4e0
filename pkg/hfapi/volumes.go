package hfapi

import (
	"context"
	"errors"
)

// SetVolumes replaces all the Space's volumes: PUT .../volumes
// {"volumes": [...]}. The Hub wants at least one (use DeleteVolumes to clear).
// Retried: it replaces the whole list, so a replay sets the same list.
func (c *Client) SetVolumes(ctx context.Context, id string, vols []Volume) error {
	if len(vols) == 0 {
		return errors.New("hfapi: set volumes: empty list (use DeleteVolumes)")
	}
	u, err := c.spaceAPI(id, "volumes")
	if err != nil {
		return err
	}
	body := struct {
		Volumes []Volume `json:"volumes"`
	}{vols}
	_, err = c.doJSON(ctx, "PUT", u, nil, body, nil, retryIdempotent)
	return err
}

// DeleteVolumes removes all volumes (DELETE .../volumes, no body). Retried;
// the Hub answers 400 when none are attached, so a 400 on a replay after a
// lost answer means the first attempt worked and counts as success.
func (c *Client) DeleteVolumes(ctx context.Context, id string) error {
	u, err := c.spaceAPI(id, "volumes")
	if err != nil {
		return err
	}
	res, err := c.doJSON(ctx, "DELETE", u, nil, nil, nil, retryIdempotent)
	if err != nil && res.replayed && IsBadRequest(err) {
		return nil
	}
	return err
}
