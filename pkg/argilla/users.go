package argilla

import (
	"context"
	"net/http"
	"net/url"
)

// Users calls GET /api/v1/users (owners only): every user, oldest first. API keys are not kept
// (User keeps a hash only).
func (c *Client) Users(ctx context.Context) ([]User, error) {
	return listItems[User](ctx, c, "/users")
}

// NewUser is the body of POST /api/v1/users (reference §3).
type NewUser struct {
	ID        string  `json:"id,omitempty"` // honoured by Argilla; empty: the server picks one
	FirstName string  `json:"first_name"`
	LastName  *string `json:"last_name,omitempty"`
	Username  string  `json:"username"`
	Role      string  `json:"role,omitempty"`
	Password  string  `json:"password"` // 8–100 characters; never logged, redacted from errors
}

// String names the user to create without its password.
func (u NewUser) String() string { return u.Username + " (" + u.Role + ")" }

// GoString keeps %#v from printing the password.
func (u NewUser) GoString() string { return "argilla.NewUser{Username:" + u.Username + "}" }

// CreateUser calls POST /api/v1/users (owners only; 201). A username or id in use gives an error
// matching ErrExists (409).
func (c *Client) CreateUser(ctx context.Context, u NewUser) (*User, error) {
	// An error could quote the input: the password joins the secrets scrubbed from every message
	// (before it is cut, so that no part of it survives).
	c.red.Add(u.Password)
	return create[User](ctx, c, "/users", u)
}

// WorkspaceUsers calls GET /api/v1/workspaces/{id}/users: the workspace's members in membership
// order (owners appear only when they are members, unlike /users/{id}/workspaces, reference §14.1).
func (c *Client) WorkspaceUsers(ctx context.Context, workspaceID string) ([]User, error) {
	return listItems[User](ctx, c, "/workspaces/"+url.PathEscape(workspaceID)+"/users")
}

// AddWorkspaceUser calls POST /api/v1/workspaces/{id}/users {"user_id"} (owners only; 201). A
// membership that exists gives an error matching ErrExists.
func (c *Client) AddWorkspaceUser(ctx context.Context, workspaceID, userID string) error {
	return c.do(ctx, http.MethodPost, "/workspaces/"+url.PathEscape(workspaceID)+"/users",
		map[string]string{"user_id": userID}, nil)
}
