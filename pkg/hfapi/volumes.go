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
	_, err = c.doJSONChecked(ctx, "PUT", u, body, nil, func(ctx context.Context) bool {
		rt, err := c.SpaceRuntime(ctx, id)
		return err == nil && sameVolumes(rt.Volumes, vols)
	})
	return err
}

// sameVolumes compares mounted volumes with a requested list, in order.
func sameVolumes(have, want []Volume) bool {
	if len(have) != len(want) {
		return false
	}
	for i := range want {
		h, w := have[i], want[i]
		if h.Type != w.Type || h.Source != w.Source || h.MountPath != w.MountPath || h.ReadOnly != w.ReadOnly {
			return false
		}
	}
	return true
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
