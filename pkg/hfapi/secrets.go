package hfapi

import (
	"context"
	"fmt"
	"regexp"
	"sync"
)

// keyPattern is the Hub's rule for secret and variable keys (§4).
var keyPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z][_a-zA-Z0-9]*$`) })

func checkKey(key string) error {
	if !keyPattern().MatchString(key) {
		return fmt.Errorf("hfapi: invalid key %q: must match %s", key, keyPattern())
	}
	return nil
}

// SecretInfo is what the Hub tells about a secret: never its value.
type SecretInfo struct {
	Key         string `json:"key"`
	Description string `json:"description"`
	UpdatedAt   string `json:"updatedAt"`
}

// ListSecrets returns the Space's secrets by key. Key is filled from the map
// key when the entry lacks it. A GET: retried.
func (c *Client) ListSecrets(ctx context.Context, id string) (map[string]SecretInfo, error) {
	u, err := c.spaceAPI(id, "secrets")
	if err != nil {
		return nil, err
	}
	out := map[string]SecretInfo{}
	if _, err := c.doJSON(ctx, "GET", u, nil, nil, &out, retryIdempotent); err != nil {
		return nil, err
	}
	for k, v := range out {
		if v.Key == "" {
			v.Key = k
			out[k] = v
		}
	}
	return out, nil
}

// AddSecret creates or updates a secret (POST .../secrets, answer {}). The
// value is registered for redaction before anything is sent. Retried: an
// upsert of the same key to the same value (use AddSecretOver to avoid a second
// restart when only the answer was lost).
func (c *Client) AddSecret(ctx context.Context, id string, s KeyValue) error {
	return c.AddSecretOver(ctx, id, s, nil)
}

// AddSecretOver is AddSecret for a key whose entry the caller read from ListSecrets: prev, or an
// empty SecretInfo when the key was absent. Values cannot be read back, so prev is what lets a lost
// answer be checked: when the key now exists with another updatedAt, the Hub did it, and a replay
// would only restart the Space once more. With prev nil, a lost answer is simply replayed.
func (c *Client) AddSecretOver(ctx context.Context, id string, s KeyValue, prev *SecretInfo) error {
	c.redactSecret(s)
	if err := checkKey(s.Key); err != nil {
		return err
	}
	u, err := c.spaceAPI(id, "secrets")
	if err != nil {
		return err
	}
	var settled func(context.Context) bool
	if prev != nil {
		settled = func(ctx context.Context) bool {
			m, err := c.ListSecrets(ctx, id)
			now, ok := m[s.Key]
			return err == nil && ok && (prev.UpdatedAt == "" || now.UpdatedAt != prev.UpdatedAt)
		}
	}
	_, err = c.doJSONChecked(ctx, "POST", u, s, nil, settled)
	return err
}

// DeleteSecret deletes a secret: DELETE with a JSON body {key}. Retried: the
// Hub answers 200 even when the key is missing.
func (c *Client) DeleteSecret(ctx context.Context, id, key string) error {
	u, err := c.spaceAPI(id, "secrets")
	if err != nil {
		return err
	}
	_, err = c.doJSON(ctx, "DELETE", u, nil, keyBody{key}, nil, retryIdempotent)
	return err
}

// keyBody is the {key} body of the DELETE calls.
type keyBody struct {
	Key string `json:"key"`
}

// redactSecret registers a secret's value for redaction. The one exception is USERNAME: Argilla's
// template keeps the owner's Hugging Face user name in that secret (argilla-on-spaces §1.4), a public
// name that usually is the namespace itself, and scrubbing it would garble every Space id we print.
func (c *Client) redactSecret(s KeyValue) {
	if s.Key != "USERNAME" {
		c.Redact(s.Value)
	}
}
