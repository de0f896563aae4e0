package argilla

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// Distribution is a dataset's task distribution: a record is completed once min_submitted users
// submitted a response (reference §5, §13).
type Distribution struct {
	Strategy     string `json:"strategy"` // "overlap", the only one in 2.8.0
	MinSubmitted int    `json:"min_submitted"`
}

// Dataset is an Argilla dataset (reference §5). Metadata is kept as the server wrote it.
type Dataset struct {
	ID                 string          `json:"id"`
	Name               string          `json:"name"`
	Guidelines         *string         `json:"guidelines"`
	AllowExtraMetadata bool            `json:"allow_extra_metadata"`
	Status             string          `json:"status"` // draft | ready
	Distribution       Distribution    `json:"distribution"`
	Metadata           json.RawMessage `json:"metadata"`
	WorkspaceID        string          `json:"workspace_id"`
	LastActivityAt     Time            `json:"last_activity_at"`
	InsertedAt         Time            `json:"inserted_at"`
	UpdatedAt          Time            `json:"updated_at"`
}

// NewDataset is the body of POST /api/v1/datasets. Dataset ids cannot be chosen (reference §14.2).
type NewDataset struct {
	Name               string          `json:"name"`
	Guidelines         *string         `json:"guidelines,omitempty"` // never "": send nil
	AllowExtraMetadata bool            `json:"allow_extra_metadata"`
	Distribution       Distribution    `json:"distribution"`
	Metadata           json.RawMessage `json:"metadata,omitempty"`
	WorkspaceID        string          `json:"workspace_id"`
}

// Field is a dataset field; Settings (with its "type") is kept as the server wrote it (reference §6).
type Field struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Title     string          `json:"title"`
	Required  bool            `json:"required"`
	Settings  json.RawMessage `json:"settings"`
	DatasetID string          `json:"dataset_id"`
}

// Question is a dataset question; Settings is kept as the server wrote it (reference §7).
type Question struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Title       string          `json:"title"`
	Description *string         `json:"description"`
	Required    bool            `json:"required"`
	Settings    json.RawMessage `json:"settings"`
	DatasetID   string          `json:"dataset_id"`
}

// MetadataProperty is a dataset's metadata property (reference §8).
type MetadataProperty struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	Title                string          `json:"title"`
	Settings             json.RawMessage `json:"settings"`
	VisibleForAnnotators bool            `json:"visible_for_annotators"`
	DatasetID            string          `json:"dataset_id"`
}

// VectorSettings describes one vector of a dataset's records (reference §9).
type VectorSettings struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Title      string `json:"title"`
	Dimensions int    `json:"dimensions"`
	DatasetID  string `json:"dataset_id"`
}

// Datasets calls GET /api/v1/me/datasets: every dataset the caller sees, drafts included (all of
// them for an owner), oldest first.
func (c *Client) Datasets(ctx context.Context) ([]Dataset, error) {
	return listItems[Dataset](ctx, c, "/me/datasets")
}

// Dataset calls GET /api/v1/datasets/{id}.
func (c *Client) Dataset(ctx context.Context, id string) (*Dataset, error) {
	var d Dataset
	if err := c.get(ctx, "/datasets/"+url.PathEscape(id), &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// CreateDataset calls POST /api/v1/datasets (201, status draft). A name in use in the workspace
// gives an error matching ErrExists.
func (c *Client) CreateDataset(ctx context.Context, d NewDataset) (*Dataset, error) {
	return create[Dataset](ctx, c, "/datasets", d)
}

// PublishDataset calls PUT /api/v1/datasets/{id}/publish: draft → ready, once (reference §5).
func (c *Client) PublishDataset(ctx context.Context, id string) (*Dataset, error) {
	var d Dataset
	if err := c.do(ctx, http.MethodPut, "/datasets/"+url.PathEscape(id)+"/publish", nil, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// Fields calls GET /api/v1/datasets/{id}/fields.
func (c *Client) Fields(ctx context.Context, datasetID string) ([]Field, error) {
	return listItems[Field](ctx, c, datasetPath(datasetID, "/fields"))
}

// CreateField calls POST /api/v1/datasets/{id}/fields with name, title, required and settings of f.
// Only a draft dataset takes new fields.
func (c *Client) CreateField(ctx context.Context, datasetID string, f Field) (*Field, error) {
	return create[Field](ctx, c, datasetPath(datasetID, "/fields"), map[string]any{
		"name": f.Name, "title": f.Title, "required": f.Required, "settings": dropNulls(f.Settings)})
}

// Questions calls GET /api/v1/datasets/{id}/questions.
func (c *Client) Questions(ctx context.Context, datasetID string) ([]Question, error) {
	return listItems[Question](ctx, c, datasetPath(datasetID, "/questions"))
}

// CreateQuestion calls POST /api/v1/datasets/{id}/questions with name, title, description, required
// and settings of q. Only a draft dataset takes new questions.
func (c *Client) CreateQuestion(ctx context.Context, datasetID string, q Question) (*Question, error) {
	body := map[string]any{"name": q.Name, "title": q.Title, "required": q.Required, "settings": dropNulls(q.Settings)}
	if q.Description != nil {
		body["description"] = *q.Description
	}
	return create[Question](ctx, c, datasetPath(datasetID, "/questions"), body)
}

// MetadataProperties calls GET /api/v1/me/datasets/{id}/metadata-properties (an owner sees all;
// Argilla has no listing without /me).
func (c *Client) MetadataProperties(ctx context.Context, datasetID string) ([]MetadataProperty, error) {
	return listItems[MetadataProperty](ctx, c, "/me"+datasetPath(datasetID, "/metadata-properties"))
}

// CreateMetadataProperty calls POST /api/v1/datasets/{id}/metadata-properties (allowed after publish).
func (c *Client) CreateMetadataProperty(ctx context.Context, datasetID string, m MetadataProperty) (*MetadataProperty, error) {
	return create[MetadataProperty](ctx, c, datasetPath(datasetID, "/metadata-properties"), map[string]any{
		"name": m.Name, "title": m.Title, "settings": dropNulls(m.Settings), "visible_for_annotators": m.VisibleForAnnotators})
}

// VectorsSettings calls GET /api/v1/datasets/{id}/vectors-settings.
func (c *Client) VectorsSettings(ctx context.Context, datasetID string) ([]VectorSettings, error) {
	return listItems[VectorSettings](ctx, c, datasetPath(datasetID, "/vectors-settings"))
}

// CreateVectorSettings calls POST /api/v1/datasets/{id}/vectors-settings (at most 5 per dataset).
func (c *Client) CreateVectorSettings(ctx context.Context, datasetID string, v VectorSettings) (*VectorSettings, error) {
	return create[VectorSettings](ctx, c, datasetPath(datasetID, "/vectors-settings"), map[string]any{
		"name": v.Name, "title": v.Title, "dimensions": v.Dimensions})
}

// dropNulls removes the top-level keys of settings whose value is null: the server writes every key
// of a type (visible_options: null, min: null), and on create a missing key takes the same default,
// while an explicit null is not accepted everywhere. Settings that are not an object go as they are.
func dropNulls(settings json.RawMessage) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(settings, &m) != nil || m == nil {
		return settings
	}
	for k, v := range m {
		if string(v) == "null" {
			delete(m, k)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return settings
	}
	return b
}

func datasetPath(id, rest string) string { return "/datasets/" + url.PathEscape(id) + rest }

// listItems reads a {"items": [...]} listing.
func listItems[T any](ctx context.Context, c *Client, path string) ([]T, error) {
	var v struct {
		Items []T `json:"items"`
	}
	if err := c.get(ctx, path, &v); err != nil {
		return nil, err
	}
	return v.Items, nil
}

// create POSTs body and decodes the created object.
func create[T any](ctx context.Context, c *Client, path string, body any) (*T, error) {
	var out T
	if err := c.do(ctx, http.MethodPost, path, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
