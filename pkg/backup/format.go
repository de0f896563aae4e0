// Package backup writes and restores a whole Argilla instance through its REST API: users (never
// passwords or API keys), workspaces and memberships, datasets with their settings, and records with
// responses, suggestions and vectors, in insertion order (reference/argilla-api.md §14).
//
// A backup is a directory, or the same directory as a .tar.gz:
//
//	manifest.json                 format version, Space, Argilla version, time, counts, SHA-256 of every file
//	users.json                    [User]: id, username, role, first_name, last_name (no secrets)
//	workspaces.json               [Workspace]: id, name, members (usernames, in membership order)
//	datasets/NNNN/dataset.json    the dataset (settings, guidelines, distribution, metadata, status),
//	                              its workspace's name, fields, questions, metadata properties, vector settings
//	datasets/NNNN/records.jsonl   one record a line, oldest first: fields, metadata, external_id, vectors,
//	                              suggestions by question name, responses by username
//
// Keys are snake_case, as in Argilla's API; objects read from Argilla are kept as it wrote them, so a
// float stays a float. Ids are the source's: restore keeps user and workspace ids and maps the rest by
// name (reference §14.2).
package backup

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// FormatVersion is the version of the layout this package writes; a backup with a newer one is refused.
const FormatVersion = 1

// Manifest is manifest.json, written last: a backup without one is incomplete.
type Manifest struct {
	FormatVersion  int             `json:"format_version"`
	Tool           string          `json:"tool,omitempty"` // what wrote it, e.g. "argilla-space v1.2.0"
	Space          string          `json:"space,omitempty"`
	ArgillaVersion string          `json:"argilla_version"`
	CreatedAt      time.Time       `json:"created_at"`
	Users          int             `json:"users"`
	Workspaces     int             `json:"workspaces"`
	Memberships    int             `json:"memberships"`
	Datasets       []DatasetCounts `json:"datasets"`
	Files          []FileSum       `json:"files"`
	// Changes lists what changed in Argilla while the backup ran and could not be read again
	// consistently; empty for a consistent backup.
	Changes []string `json:"changes,omitempty"`
}

// Records is the number of records of all datasets.
func (m *Manifest) Records() int {
	n := 0
	for _, d := range m.Datasets {
		n += d.Records
	}
	return n
}

// DatasetCounts is what the manifest says of one dataset; restore's verification compares against it.
type DatasetCounts struct {
	Dir          string         `json:"dir"` // datasets/NNNN
	Workspace    string         `json:"workspace"`
	Name         string         `json:"name"`
	Status       string         `json:"status"`
	Records      int            `json:"records"`
	RecordStatus map[string]int `json:"record_status"` // pending, completed
	Responses    map[string]int `json:"responses"`     // submitted, discarded, draft
	Suggestions  int            `json:"suggestions"`
	Vectors      int            `json:"vectors"`
}

// FileSum is one file of the backup and its SHA-256.
type FileSum struct {
	Path   string `json:"path"` // slash-separated, relative to the backup's root
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// WorkspaceEntry is one workspace of workspaces.json.
type WorkspaceEntry struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Members []string `json:"members"` // usernames
}

// DatasetFile is datasets/NNNN/dataset.json.
type DatasetFile struct {
	Workspace          string                     `json:"workspace"` // the workspace's name
	Dataset            argilla.Dataset            `json:"dataset"`
	Fields             []argilla.Field            `json:"fields"`
	Questions          []argilla.Question         `json:"questions"`
	MetadataProperties []argilla.MetadataProperty `json:"metadata_properties"`
	VectorsSettings    []argilla.VectorSettings   `json:"vectors_settings"`
}

// RecordLine is one line of records.jsonl: a record with its relations named instead of numbered, so
// that it can go into an instance whose ids differ.
type RecordLine struct {
	ID          string           `json:"id"` // the record's id in the source instance
	ExternalID  *string          `json:"external_id"`
	Status      string           `json:"status"`
	Fields      json.RawMessage  `json:"fields"`
	Metadata    json.RawMessage  `json:"metadata,omitempty"`
	Vectors     json.RawMessage  `json:"vectors,omitempty"`
	Suggestions []SuggestionLine `json:"suggestions,omitempty"`
	Responses   []ResponseLine   `json:"responses,omitempty"`
	InsertedAt  argilla.Time     `json:"inserted_at"`
}

// SuggestionLine is a suggestion naming its question.
type SuggestionLine struct {
	Question string          `json:"question"`
	Value    json.RawMessage `json:"value"`
	Type     *string         `json:"type,omitempty"`
	Agent    *string         `json:"agent,omitempty"`
	Score    json.RawMessage `json:"score,omitempty"`
}

// ResponseLine is a response naming its user.
type ResponseLine struct {
	User   string          `json:"user"` // username
	Status string          `json:"status"`
	Values json.RawMessage `json:"values,omitempty"`
}

// File names of the layout.
const (
	manifestFile   = "manifest.json"
	usersFile      = "users.json"
	workspacesFile = "workspaces.json"
	datasetFile    = "dataset.json"
	recordsFile    = "records.jsonl"
)

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
