package hfapi

import "context"

// WhoAmI is the answer of GET /api/whoami-v2 (reference §1), reduced to what
// the CLI uses. The plan fields are pointers, nil when the answer lacks them:
// huggingface.js marks plan deprecated and the Python client reads none of
// them, so their absence must not read as "free".
type WhoAmI struct {
	Type     string     `json:"type"`
	ID       string     `json:"id"`
	Name     string     `json:"name"` // the user's namespace
	Fullname string     `json:"fullname"`
	Email    *string    `json:"email"`
	IsPro    *bool      `json:"isPro"`
	CanPay   *bool      `json:"canPay"`
	Orgs     []Org      `json:"orgs"` // nil when the answer has no orgs list
	Auth     WhoAmIAuth `json:"auth"`
}

// Org is one organisation of the caller, with its plan and the caller's role.
type Org struct {
	Type      string  `json:"type"`
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Fullname  string  `json:"fullname"`
	Plan      *string `json:"plan"`      // "team" | "enterprise" | "plus" | "academia"; nil when absent
	CanPay    *bool   `json:"canPay"`    // nil when absent
	RoleInOrg string  `json:"roleInOrg"` // "admin" | "write" | "contributor" | "read" | "no_access"; "" when absent
}

// WhoAmIAuth describes the credential used.
type WhoAmIAuth struct {
	Type        string       `json:"type"`
	AccessToken *AccessToken `json:"accessToken"`
}

// AccessToken describes a user access token; Role is "read", "write" or
// "fineGrained".
type AccessToken struct {
	DisplayName string `json:"displayName"`
	Role        string `json:"role"`
	CreatedAt   string `json:"createdAt"`
}

// WhoAmI returns the token's identity. The first success is cached for the
// Client's life, because whoami-v2 has its own strict rate limit; errors are
// not cached. Concurrent callers wait for one request.
func (c *Client) WhoAmI(ctx context.Context) (*WhoAmI, error) {
	c.whoamiMu.Lock()
	defer c.whoamiMu.Unlock()
	if c.whoami == nil {
		var w WhoAmI
		// A GET: retrying is harmless.
		if _, err := c.doJSON(ctx, "GET", c.endpoint+"/api/whoami-v2", nil, nil, &w, retryIdempotent); err != nil {
			return nil, err
		}
		c.whoami = &w
	}
	w := *c.whoami // a copy, so a caller cannot change the cache
	return &w, nil
}
