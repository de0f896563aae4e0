package hfapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// KeyValue is a secret or variable as sent to the Hub.
type KeyValue struct {
	Key         string `json:"key"`
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
}

// Volume is a mount of a bucket or repo into a Space (reference §5.2).
type Volume struct {
	Type      string `json:"type"`   // "bucket" | "model" | "dataset" | "space"
	Source    string `json:"source"` // "ns/name"
	MountPath string `json:"mountPath"`
	Revision  string `json:"revision,omitempty"`
	ReadOnly  bool   `json:"readOnly,omitempty"`
	Path      string `json:"path,omitempty"`
}

// InlineFile is a file created with the repo (create's `files`), as huggingface.js sends it
// (packages/hub/src/lib/create-repo.ts): {path, content, encoding: "base64"}. Build it with
// NewInlineFile.
type InlineFile struct {
	Path     string `json:"path"`
	Content  string `json:"content"`            // base64 of the file when Encoding is "base64"
	Encoding string `json:"encoding,omitempty"` // "base64" | "utf-8" (the Hub's default)
}

// NewInlineFile is content at path, base64-encoded.
func NewInlineFile(path string, content []byte) InlineFile {
	return InlineFile{Path: path, Content: base64.StdEncoding.EncodeToString(content), Encoding: "base64"}
}

// Bytes is the file's content.
func (f InlineFile) Bytes() ([]byte, error) {
	if f.Encoding == "base64" {
		return base64.StdEncoding.DecodeString(f.Content)
	}
	return []byte(f.Content), nil
}

// CreateRepoRequest is the body of POST /api/repos/create (reference §2). Empty fields are left out,
// except organization (null = the caller) and type.
type CreateRepoRequest struct {
	Name             string       `json:"name"`         // repo name only
	Organization     string       `json:"organization"` // namespace; "" sends null (the caller's user)
	Type             string       `json:"type"`         // "space" ("" means "space")
	SDK              string       `json:"sdk,omitempty"`
	Visibility       string       `json:"visibility,omitempty"` // "public" | "private" | "protected"
	Hardware         string       `json:"hardware,omitempty"`
	StorageTier      string       `json:"storageTier,omitempty"` // legacy
	SleepTimeSeconds *int         `json:"sleepTimeSeconds,omitempty"`
	Secrets          []KeyValue   `json:"secrets,omitempty"`
	Variables        []KeyValue   `json:"variables,omitempty"`
	Volumes          []Volume     `json:"volumes,omitempty"`
	Template         string       `json:"template,omitempty"` // template repoId
	Files            []InlineFile `json:"files,omitempty"`
}

// MarshalJSON sends organization as null when it is empty (huggingface_hub does), and type "space"
// when it is empty.
func (r CreateRepoRequest) MarshalJSON() ([]byte, error) {
	type plain CreateRepoRequest // the same fields and tags, without this method
	var org *string
	if r.Organization != "" {
		org = &r.Organization
	}
	r.Type = repoTypeOrSpace(r.Type)
	return json.Marshal(struct {
		plain
		Organization *string `json:"organization"`
	}{plain(r), org})
}

// RepoURL is the answer of create (and, with only URL, of duplicate).
type RepoURL struct {
	URL  string `json:"url"`
	Name string `json:"name"` // "ns/name"
	ID   string `json:"id"`   // 24-hex object id
}

// CreateRepo creates a repo (a Space unless Type says otherwise).
//
// Not blindly retried: the create is not idempotent. When the answer is lost
// or is a 408/5xx, the client looks the repo up and returns success if it now
// exists (RepoURL then has URL and Name, ID only when the lookup gave one), or
// sends again if it does not. A 429 and the 409 "another conflicting operation
// is in progress" are retried (the Hub did nothing). Any other 409 is returned
// (IsConflict, Error.RepoURL names the existing repo), even after a replay:
// the caller's exist-ok logic decides.
func (c *Client) CreateRepo(ctx context.Context, req CreateRepoRequest) (*RepoURL, error) {
	if req.Name == "" {
		return nil, errors.New("hfapi: create: empty repo name")
	}
	for _, s := range req.Secrets {
		c.redactSecret(s)
	}
	cl, err := jsonCall("POST", c.endpoint+"/api/repos/create", nil, req)
	if err != nil {
		return nil, err
	}
	cl.needAnswer = true
	repoType := repoTypeOrSpace(req.Type)
	repoID := func(ctx context.Context) (string, error) {
		if req.Organization != "" {
			return req.Organization + "/" + req.Name, nil
		}
		w, err := c.WhoAmI(ctx) // organization null means the caller
		if err != nil {
			return "", err
		}
		return w.Name + "/" + req.Name, nil
	}
	return c.sendCreate(ctx, cl, repoType, repoID, func(body []byte) (*RepoURL, error) {
		var out RepoURL
		return &out, decodeJSON(cl, body, &out)
	})
}

// DuplicateRequest is the body of POST /api/spaces/{from}/duplicate (§3).
type DuplicateRequest struct {
	Repository       string     `json:"repository"` // target "ns/name"; "" = the caller's namespace + the source name
	Visibility       string     `json:"visibility,omitempty"`
	Hardware         string     `json:"hardware,omitempty"`
	StorageTier      string     `json:"storageTier,omitempty"` // legacy
	SleepTimeSeconds *int       `json:"sleepTimeSeconds,omitempty"`
	Secrets          []KeyValue `json:"secrets,omitempty"`
	Variables        []KeyValue `json:"variables,omitempty"`
	Volumes          []Volume   `json:"volumes,omitempty"`
}

// DuplicateSpace copies the Space from ("ns/name") to req.Repository. The
// answer carries only url; Name is filled with the target id. Retries follow
// CreateRepo (duplicate is not idempotent either).
func (c *Client) DuplicateSpace(ctx context.Context, from string, req DuplicateRequest) (*RepoURL, error) {
	u, err := c.spaceAPI(from, "duplicate")
	if err != nil {
		return nil, err
	}
	if req.Repository == "" { // as huggingface_hub does: whoami().name + "/" + source name
		w, err := c.WhoAmI(ctx)
		if err != nil {
			return nil, err
		}
		_, name, _ := splitRepoID(from)
		req.Repository = w.Name + "/" + name
	}
	if _, _, err := splitRepoID(req.Repository); err != nil {
		return nil, err
	}
	for _, s := range req.Secrets {
		c.redactSecret(s)
	}
	cl, err := jsonCall("POST", u, nil, req)
	if err != nil {
		return nil, err
	}
	cl.needAnswer = true
	target := req.Repository
	repoID := func(context.Context) (string, error) { return target, nil }
	return c.sendCreate(ctx, cl, "space", repoID, func(body []byte) (*RepoURL, error) {
		out := RepoURL{Name: target}
		return &out, decodeJSON(cl, body, &out)
	})
}

// DeleteRepo deletes a repo: DELETE /api/repos/delete with a JSON body
// {name, organization, type} (§8). repoID is "ns/name", or "name" for the
// caller's own namespace (organization null). repoType "" means "space".
//
// Retried on 429 and failed dials (nothing happened), and replayed after a
// lost answer or 5xx; a 404 on such a replay means the first attempt deleted
// the repo, so it is success. A 404 on the first attempt is returned
// (IsNotFound), so the caller can choose "missing ok".
func (c *Client) DeleteRepo(ctx context.Context, repoID, repoType string) error {
	ns, name := "", repoID
	if strings.Contains(repoID, "/") {
		var err error
		if ns, name, err = splitRepoID(repoID); err != nil {
			return err
		}
	}
	if !validSegment(name) {
		return fmt.Errorf("hfapi: invalid repo id %q", repoID)
	}
	var org *string
	if ns != "" {
		org = &ns
	}
	body := struct {
		Name         string  `json:"name"`
		Organization *string `json:"organization"`
		Type         string  `json:"type"`
	}{name, org, repoTypeOrSpace(repoType)}
	cl, err := jsonCall("DELETE", c.endpoint+"/api/repos/delete", nil, body)
	if err != nil {
		return err
	}
	replayed := false
	for n := 0; ; n++ {
		_, err := c.attempt(ctx, cl)
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		case replayed && IsNotFound(err):
			return nil
		}
		delay, ok := c.retryDelay(retryIdempotent, err, n)
		if !ok {
			return err
		}
		if unknownOutcome(err) {
			replayed = true
		}
		if err := c.wait(ctx, err, delay); err != nil {
			return err
		}
	}
}

// SettingsRequest is the body of PUT .../settings. It never carries `private`
// with `visibility`: the Hub rejects the two together (§7).
type SettingsRequest struct {
	Visibility string `json:"visibility,omitempty"`
}

// UpdateSettings changes a Space's settings (PUT /api/spaces/{id}/settings). Its answer is not read:
// huggingface_hub's update_repo_settings ignores it too, so any 2xx is success (read the Space to see
// the result). Retried freely: it sets a value, so a replay sets the same value.
func (c *Client) UpdateSettings(ctx context.Context, spaceID string, req SettingsRequest) error {
	if req.Visibility == "" { // huggingface_hub refuses an empty settings body too
		return errors.New("hfapi: settings: nothing to change")
	}
	u, err := c.spaceAPI(spaceID, "settings")
	if err != nil {
		return err
	}
	_, err = c.doJSON(ctx, "PUT", u, nil, req, nil, retryIdempotent)
	return err
}

// repoInfoURL returns {endpoint}/api/{type}s/{ns}/{name}.
func (c *Client) repoInfoURL(repoType, id string) (string, error) {
	prefix, err := repoAPIPrefix(repoType)
	if err != nil {
		return "", err
	}
	eid, err := escapedID(id)
	if err != nil {
		return "", err
	}
	return c.endpoint + "/api/" + prefix + "/" + eid, nil
}
