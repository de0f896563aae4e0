package hubtest

import (
	"encoding/json"
	"time"
)

// appData is what Argilla keeps under /data (its SQLite database): users, workspaces, memberships and
// datasets with everything in them. It is plain data that round-trips through JSON (the state file);
// the lookup maps are built lazily on first use after a load and kept up to date by every write, so
// requests never scan a dataset's records.
type appData struct {
	Users      []*appUser      `json:"users"`
	Workspaces []*appWorkspace `json:"workspaces"`
	Members    []*appMember    `json:"members,omitempty"`
	Datasets   []*appDataset   `json:"datasets,omitempty"`
	// Clock is the last timestamp handed out: every write gets a strictly later one, so inserted_at
	// orders rows the way the slices do (Argilla sorts every list by inserted_at, §1.6).
	Clock time.Time `json:"clock,omitempty"`

	idx *appIndex
}

// appIndex maps ids to rows across datasets (records and responses are addressed by id alone).
type appIndex struct {
	records   map[string]*appRecord  // record id -> record
	responses map[string]*appRecord  // response id -> its record
	datasets  map[string]*appDataset // dataset id -> dataset
}

type appUser struct {
	ID           string    `json:"id"`
	Username     string    `json:"username"`
	FirstName    string    `json:"firstName"`
	LastName     *string   `json:"lastName,omitempty"`
	Role         string    `json:"role"`
	APIKey       string    `json:"apiKey"`
	PasswordHash string    `json:"passwordHash,omitempty"` // sha256 hex; the emulator never keeps a password
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt,omitempty"`
}

type appWorkspace struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt,omitempty"`
}

// appMember is a workspaces_users row.
type appMember struct {
	WorkspaceID string    `json:"workspaceId"`
	UserID      string    `json:"userId"`
	CreatedAt   time.Time `json:"createdAt"`
}

// appDataset is a dataset with its settings and records (records in insertion order).
type appDataset struct {
	ID                 string                     `json:"id"`
	Name               string                     `json:"name"`
	Guidelines         *string                    `json:"guidelines,omitempty"`
	AllowExtraMetadata bool                       `json:"allowExtraMetadata"`
	Status             string                     `json:"status"`
	MinSubmitted       int                        `json:"minSubmitted"`
	Metadata           map[string]json.RawMessage `json:"metadata,omitempty"`
	WorkspaceID        string                     `json:"workspaceId"`
	LastActivityAt     time.Time                  `json:"lastActivityAt"`
	CreatedAt          time.Time                  `json:"createdAt"`
	UpdatedAt          time.Time                  `json:"updatedAt"`
	Fields             []*appField                `json:"fields,omitempty"`
	Questions          []*appQuestion             `json:"questions,omitempty"`
	MetadataProps      []*appMetaProp             `json:"metadataProperties,omitempty"`
	VectorSettings     []*appVectorSettings       `json:"vectorSettings,omitempty"`
	Records            []*appRecord               `json:"records,omitempty"`

	byExternalID map[string]*appRecord
}

type appField struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Title     string          `json:"title"`
	Required  bool            `json:"required"`
	Settings  json.RawMessage `json:"settings"` // the output settings: every key of its type
	CreatedAt time.Time       `json:"createdAt"`
	UpdatedAt time.Time       `json:"updatedAt"`

	settingsType string // decoded from Settings on first use
}

type appQuestion struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Title       string              `json:"title"`
	Description *string             `json:"description,omitempty"`
	Required    bool                `json:"required"`
	Settings    appQuestionSettings `json:"settings"`
	CreatedAt   time.Time           `json:"createdAt"`
	UpdatedAt   time.Time           `json:"updatedAt"`

	values []any // the options' values decoded, on first use (reset when the options change)
}

// appQuestionSettings holds every key of every question type; settingsJSON shows those of its type.
type appQuestionSettings struct {
	Type             string      `json:"type"`
	UseMarkdown      bool        `json:"use_markdown,omitempty"`
	Options          []appOption `json:"options,omitempty"`
	VisibleOptions   *int        `json:"visible_options,omitempty"`
	OptionsOrder     string      `json:"options_order,omitempty"`
	Field            string      `json:"field,omitempty"`
	AllowOverlapping bool        `json:"allow_overlapping,omitempty"`
}

// appOption is a question option; rating options have an integer value and no text.
type appOption struct {
	Value       json.RawMessage `json:"value"`
	Text        *string         `json:"text,omitempty"`
	Description *string         `json:"description,omitempty"`
}

type appMetaProp struct {
	ID                  string          `json:"id"`
	Name                string          `json:"name"`
	Title               string          `json:"title"`
	Settings            json.RawMessage `json:"settings"` // output settings
	VisibleForAnnotator bool            `json:"visibleForAnnotators"`
	CreatedAt           time.Time       `json:"createdAt"`
	UpdatedAt           time.Time       `json:"updatedAt"`

	decoded *metaSettings // Settings decoded on first use
}

type appVectorSettings struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Title      string    `json:"title"`
	Dimensions int       `json:"dimensions"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
}

// appRecord keeps its fields, metadata and response values as the JSON objects they are (compact
// bytes, not maps): a third of the memory, nothing for the garbage collector to scan, and pages are
// written without re-encoding.
type appRecord struct {
	ID          string               `json:"id"`
	DatasetID   string               `json:"datasetId"`
	Fields      json.RawMessage      `json:"fields"`             // an object
	Metadata    json.RawMessage      `json:"metadata,omitempty"` // an object; nil is null
	ExternalID  *string              `json:"externalId,omitempty"`
	Status      string               `json:"status"`
	Responses   []*appResponse       `json:"responses,omitempty"`
	Suggestions []*appSuggestion     `json:"suggestions,omitempty"`
	Vectors     map[string][]float64 `json:"vectors,omitempty"` // by vector settings name
	CreatedAt   time.Time            `json:"createdAt"`
	UpdatedAt   time.Time            `json:"updatedAt"`
}

type appResponse struct {
	ID        string          `json:"id"`
	UserID    string          `json:"userId"`
	Status    string          `json:"status"`
	Values    json.RawMessage `json:"values,omitempty"` // {question name: {"value": ...}}; nil is null
	CreatedAt time.Time       `json:"createdAt"`
	UpdatedAt time.Time       `json:"updatedAt"`
}

type appSuggestion struct {
	ID         string          `json:"id"`
	QuestionID string          `json:"questionId"`
	Type       *string         `json:"type,omitempty"`
	Value      json.RawMessage `json:"value"`
	Agent      *string         `json:"agent,omitempty"`
	Score      json.RawMessage `json:"score,omitempty"` // nil is null
	CreatedAt  time.Time       `json:"createdAt"`
	UpdatedAt  time.Time       `json:"updatedAt"`
}

// stamp returns the time of a write: now at microsecond precision (Python's datetime), strictly after
// every earlier stamp of this data.
func (d *appData) stamp(now time.Time) time.Time {
	t := now.UTC().Truncate(time.Microsecond)
	if !t.After(d.Clock) {
		t = d.Clock.Add(time.Microsecond)
	}
	d.Clock = t
	return t
}

// ix returns the lookup maps, building them after a load.
func (d *appData) ix() *appIndex {
	if d.idx != nil {
		return d.idx
	}
	x := &appIndex{records: map[string]*appRecord{}, responses: map[string]*appRecord{}, datasets: map[string]*appDataset{}}
	for _, ds := range d.Datasets {
		x.datasets[ds.ID] = ds
		for _, r := range ds.Records {
			x.records[r.ID] = r
			for _, resp := range r.Responses {
				x.responses[resp.ID] = r
			}
		}
	}
	d.idx = x
	return x
}

// extIndex returns the dataset's records by external_id, building it after a load.
func (ds *appDataset) extIndex() map[string]*appRecord {
	if ds.byExternalID == nil {
		ds.byExternalID = map[string]*appRecord{}
		for _, r := range ds.Records {
			if r.ExternalID != nil {
				ds.byExternalID[*r.ExternalID] = r
			}
		}
	}
	return ds.byExternalID
}

func (d *appData) user(username string) *appUser {
	for _, u := range d.Users {
		if u.Username == username {
			return u
		}
	}
	return nil
}

func (d *appData) userByID(id string) *appUser {
	for _, u := range d.Users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

func (d *appData) userByKey(key string) *appUser {
	if key == "" {
		return nil
	}
	for _, u := range d.Users {
		if u.APIKey == key {
			return u
		}
	}
	return nil
}

func (d *appData) workspace(name string) *appWorkspace {
	for _, ws := range d.Workspaces {
		if ws.Name == name {
			return ws
		}
	}
	return nil
}

func (d *appData) workspaceByID(id string) *appWorkspace {
	for _, ws := range d.Workspaces {
		if ws.ID == id {
			return ws
		}
	}
	return nil
}

// isMember reports whether the user has a membership row in the workspace.
func (d *appData) isMember(userID, workspaceID string) bool {
	for _, m := range d.Members {
		if m.UserID == userID && m.WorkspaceID == workspaceID {
			return true
		}
	}
	return false
}

// addMember adds a membership row unless it exists.
func (d *appData) addMember(userID, workspaceID string, now time.Time) {
	if !d.isMember(userID, workspaceID) {
		d.Members = append(d.Members, &appMember{WorkspaceID: workspaceID, UserID: userID, CreatedAt: d.stamp(now)})
	}
}

func (d *appData) dataset(id string) *appDataset { return d.ix().datasets[id] }

// ensureWorkspace creates the workspace if missing and returns it, reporting whether it did.
func (d *appData) ensureWorkspace(st *state, seed int64, name string, now time.Time) (*appWorkspace, bool) {
	if ws := d.workspace(name); ws != nil {
		return ws, false
	}
	t := d.stamp(now)
	ws := &appWorkspace{ID: st.newUUID(seed), Name: name, CreatedAt: t, UpdatedAt: t}
	d.Workspaces = append(d.Workspaces, ws)
	return ws, true
}

// updated is UpdatedAt, or CreatedAt for rows saved before UpdatedAt existed.
func updated(created, updated time.Time) time.Time {
	if updated.IsZero() {
		return created
	}
	return updated
}
