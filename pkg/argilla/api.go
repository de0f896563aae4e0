package argilla

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// Status is the answer of GET /api/v1/status (other fields are not kept).
type Status struct {
	Version string `json:"version"`
}

// Status calls GET /api/v1/status, which needs no credentials and answers 200
// only once the server has started (migrations and reindex done). Any other
// answer is a *NotReadyError; transport errors (connection refused, timeouts)
// are returned as they are, and a waiting caller should retry on both.
func (c *Client) Status(ctx context.Context) (*Status, error) {
	var s Status
	err := c.do(ctx, http.MethodGet, "/status", nil, &s)
	var e *Error
	if errors.As(err, &e) {
		return nil, &NotReadyError{StatusCode: e.Status, Err: e}
	}
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// Version calls GET /api/v1/version and returns the server version, e.g. "2.8.0".
func (c *Client) Version(ctx context.Context) (string, error) {
	var v struct {
		Version string `json:"version"`
	}
	if err := c.do(ctx, http.MethodGet, "/version", nil, &v); err != nil {
		return "", err
	}
	return v.Version, nil
}

// User is an Argilla user as GET /api/v1/me returns it. The user's API key is
// not kept: only its SHA-256, so that APIKeyMatches can check it and nothing
// can print it.
type User struct {
	ID         string `json:"id"`
	Username   string `json:"username"`
	Role       string `json:"role"` // owner | admin | annotator
	FirstName  string `json:"first_name"`
	LastName   string `json:"last_name"`
	InsertedAt string `json:"inserted_at"`
	UpdatedAt  string `json:"updated_at"`

	apiKeySum [sha256.Size]byte
	hasAPIKey bool
}

// UnmarshalJSON decodes a user and replaces its api_key by a hash.
func (u *User) UnmarshalJSON(data []byte) error {
	type plain User // without this method
	var v struct {
		plain
		APIKey *string `json:"api_key"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*u = User(v.plain)
	if v.APIKey != nil && *v.APIKey != "" {
		u.apiKeySum, u.hasAPIKey = sha256.Sum256([]byte(*v.APIKey)), true
	}
	return nil
}

// APIKeyMatches reports whether the server returned this user with the API
// key key (in constant time). False when the server returned no key.
func (u *User) APIKeyMatches(key string) bool {
	sum := sha256.Sum256([]byte(key))
	return u.hasAPIKey && subtle.ConstantTimeCompare(sum[:], u.apiKeySum[:]) == 1
}

// String names the user without any credential.
func (u User) String() string {
	return fmt.Sprintf("%s (%s, id %s)", u.Username, u.Role, u.ID)
}

// GoString keeps %#v from printing the key hash.
func (u User) GoString() string {
	return fmt.Sprintf("argilla.User{ID:%q, Username:%q, Role:%q}", u.ID, u.Username, u.Role)
}

// Me calls GET /api/v1/me: the user the API key belongs to.
func (c *Client) Me(ctx context.Context) (*User, error) {
	var u User
	if err := c.get(ctx, "/me", &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// Workspace is an Argilla workspace.
type Workspace struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	InsertedAt string `json:"inserted_at"`
	UpdatedAt  string `json:"updated_at"`
}

// Workspaces calls GET /api/v1/me/workspaces: the caller's workspaces (all of
// them for an owner). Argilla has no GET /api/v1/workspaces.
func (c *Client) Workspaces(ctx context.Context) ([]Workspace, error) {
	return listItems[Workspace](ctx, c, "/me/workspaces")
}

// CreateWorkspace calls POST /api/v1/workspaces (owners only). A name already
// in use gives an error matching ErrExists.
func (c *Client) CreateWorkspace(ctx context.Context, name string) (*Workspace, error) {
	return c.CreateWorkspaceWithID(ctx, "", name)
}

// CreateWorkspaceWithID calls POST /api/v1/workspaces with the id the workspace should get (empty:
// the server picks one). Argilla honours it (reference §4, §14.2); a name in use, checked first, or
// an id in use gives an error matching ErrExists.
func (c *Client) CreateWorkspaceWithID(ctx context.Context, id, name string) (*Workspace, error) {
	if name == "" {
		return nil, errors.New("argilla: a workspace needs a name")
	}
	body := map[string]string{"name": name}
	if id != "" {
		body["id"] = id
	}
	var w Workspace
	if err := c.do(ctx, http.MethodPost, "/workspaces", body, &w); err != nil {
		return nil, err
	}
	return &w, nil
}
