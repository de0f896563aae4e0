package hfapi

import "context"

// VariableInfo is a Space variable (public, readable by anyone who sees the
// Space).
type VariableInfo struct {
	Key         string `json:"key"`
	Value       string `json:"value"`
	Description string `json:"description"`
	UpdatedAt   string `json:"updatedAt"`
}

// ListVariables returns the Space's variables by key. A GET: retried.
func (c *Client) ListVariables(ctx context.Context, id string) (map[string]VariableInfo, error) {
	return c.variablesCall(ctx, "GET", id, nil)
}

// AddVariable creates or updates a variable and returns the whole map, as the
// Hub does. Retried, but after a lost answer only when the Hub does not show the
// value yet: each applied replay would restart the Space once more.
func (c *Client) AddVariable(ctx context.Context, id string, v KeyValue) (map[string]VariableInfo, error) {
	if err := checkKey(v.Key); err != nil {
		return nil, err
	}
	u, err := c.spaceAPI(id, "variables")
	if err != nil {
		return nil, err
	}
	out := map[string]VariableInfo{}
	res, err := c.doJSONChecked(ctx, "POST", u, v, &out, func(ctx context.Context) bool {
		m, err := c.ListVariables(ctx, id)
		out = m
		return err == nil && m[v.Key].Value == v.Value
	})
	if err != nil {
		return nil, err
	}
	if !res.settled {
		fillVariableKeys(out)
	}
	return out, nil
}

// DeleteVariable deletes a variable (DELETE with a JSON body {key}) and
// returns the remaining map. Retried: 200 even when the key is missing.
func (c *Client) DeleteVariable(ctx context.Context, id, key string) (map[string]VariableInfo, error) {
	return c.variablesCall(ctx, "DELETE", id, keyBody{key})
}

// variablesCall sends a request whose answer is the variables map. Key is
// filled from the map key: the 2025 answers recorded lack it (§4).
func (c *Client) variablesCall(ctx context.Context, method, id string, in any) (map[string]VariableInfo, error) {
	u, err := c.spaceAPI(id, "variables")
	if err != nil {
		return nil, err
	}
	out := map[string]VariableInfo{}
	if _, err := c.doJSON(ctx, method, u, nil, in, &out, retryIdempotent); err != nil {
		return nil, err
	}
	fillVariableKeys(out)
	return out, nil
}

// fillVariableKeys sets Key from the map key: the 2025 answers recorded lack it (§4).
func fillVariableKeys(m map[string]VariableInfo) {
	for k, v := range m {
		if v.Key == "" {
			v.Key = k
			m[k] = v
		}
	}
}
