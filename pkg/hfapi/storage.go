package hfapi

import "context"

// RequestStorage asks for a legacy persistent-storage tier: POST .../storage
// {"tier"}. The Hub retired tiers in 2026 (§5.1); expect an error. Retried: it
// sets a value.
func (c *Client) RequestStorage(ctx context.Context, id, tier string) (*SpaceRuntime, error) {
	body := struct {
		Tier string `json:"tier"`
	}{tier}
	return c.runtimeCall(ctx, "POST", id, "storage", nil, body, retryIdempotent)
}

// DeleteStorage removes legacy persistent storage (DELETE .../storage), which
// loses its data. Retried; the Hub answers 400 when there is no storage, so a
// 400 on a replay after a lost answer means the first attempt worked: the
// runtime is read and returned.
func (c *Client) DeleteStorage(ctx context.Context, id string) (*SpaceRuntime, error) {
	rt, res, err := c.runtimeCallResult(ctx, "DELETE", id, "storage", nil, nil, retryIdempotent)
	if err != nil && res.replayed && IsBadRequest(err) && ctx.Err() == nil {
		return c.SpaceRuntime(ctx, id)
	}
	return rt, err
}
