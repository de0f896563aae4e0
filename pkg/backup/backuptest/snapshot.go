package backuptest

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// Snapshot is an instance as restore promises to carry it: no ids, no timestamps, no secrets; users
// and workspaces by name, records by external_id (or, without one, by id: restore makes the old id
// the external_id), in insertion order, with responses by username and suggestions by question name.
type Snapshot struct {
	Users      []User      `json:"users"`
	Workspaces []Workspace `json:"workspaces"`
	Datasets   []Dataset   `json:"datasets"`
}

// User is a user without id or secrets.
type User struct {
	Username  string `json:"username"`
	Role      string `json:"role"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

// Workspace is a workspace with its members' usernames, sorted.
type Workspace struct {
	Name    string   `json:"name"`
	Members []string `json:"members"`
}

// Dataset is a dataset's settings and records.
type Dataset struct {
	Workspace          string               `json:"workspace"`
	Name               string               `json:"name"`
	Status             string               `json:"status"`
	Guidelines         *string              `json:"guidelines"`
	AllowExtraMetadata bool                 `json:"allow_extra_metadata"`
	Distribution       argilla.Distribution `json:"distribution"`
	Metadata           any                  `json:"metadata"`
	Fields             []any                `json:"fields"`
	Questions          []any                `json:"questions"`
	MetadataProperties []any                `json:"metadata_properties"`
	VectorsSettings    []any                `json:"vectors_settings"`
	Records            []Record             `json:"records"`
}

// Record is a record without ids or timestamps.
type Record struct {
	Key         string         `json:"key"`
	Status      string         `json:"status"`
	Fields      any            `json:"fields"`
	Metadata    any            `json:"metadata"`
	Vectors     any            `json:"vectors"`
	Suggestions map[string]any `json:"suggestions"` // by question name
	Responses   map[string]any `json:"responses"`   // by username
}

// Take reads the whole instance with the owner's client.
func Take(ctx context.Context, c *argilla.Client) (*Snapshot, error) {
	s := &Snapshot{}
	users, err := c.Users(ctx)
	if err != nil {
		return nil, err
	}
	uname := map[string]string{}
	for _, u := range users {
		uname[u.ID] = u.Username
		s.Users = append(s.Users, User{Username: u.Username, Role: u.Role, FirstName: u.FirstName, LastName: u.LastName})
	}
	sort.Slice(s.Users, func(i, j int) bool { return s.Users[i].Username < s.Users[j].Username })
	wss, err := c.Workspaces(ctx)
	if err != nil {
		return nil, err
	}
	wsName := map[string]string{}
	for _, w := range wss {
		wsName[w.ID] = w.Name
		members, err := c.WorkspaceUsers(ctx, w.ID)
		if err != nil {
			return nil, err
		}
		sw := Workspace{Name: w.Name, Members: []string{}}
		for _, m := range members {
			sw.Members = append(sw.Members, m.Username)
		}
		sort.Strings(sw.Members)
		s.Workspaces = append(s.Workspaces, sw)
	}
	sort.Slice(s.Workspaces, func(i, j int) bool { return s.Workspaces[i].Name < s.Workspaces[j].Name })
	datasets, err := c.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range datasets {
		sd, err := takeDataset(ctx, c, d, wsName[d.WorkspaceID], uname)
		if err != nil {
			return nil, err
		}
		s.Datasets = append(s.Datasets, *sd)
	}
	sort.SliceStable(s.Datasets, func(i, j int) bool {
		return s.Datasets[i].Workspace+"/"+s.Datasets[i].Name < s.Datasets[j].Workspace+"/"+s.Datasets[j].Name
	})
	return s, nil
}

func takeDataset(ctx context.Context, c *argilla.Client, d argilla.Dataset, ws string, uname map[string]string) (*Dataset, error) {
	sd := &Dataset{Workspace: ws, Name: d.Name, Status: d.Status, Guidelines: d.Guidelines, AllowExtraMetadata: d.AllowExtraMetadata,
		Distribution: d.Distribution, Metadata: decode(d.Metadata), Records: []Record{}}
	fields, err := c.Fields(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		sd.Fields = append(sd.Fields, []any{f.Name, f.Title, f.Required, decode(f.Settings)})
	}
	qs, err := c.Questions(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	qname := map[string]string{}
	for _, q := range qs {
		qname[q.ID] = q.Name
		sd.Questions = append(sd.Questions, []any{q.Name, q.Title, q.Description, q.Required, decode(q.Settings)})
	}
	mps, err := c.MetadataProperties(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range mps {
		sd.MetadataProperties = append(sd.MetadataProperties, []any{m.Name, m.Title, m.VisibleForAnnotators, decode(m.Settings)})
	}
	vss, err := c.VectorsSettings(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	for _, v := range vss {
		sd.VectorsSettings = append(sd.VectorsSettings, []any{v.Name, v.Title, v.Dimensions})
	}
	for offset := 0; ; {
		page, err := c.Records(ctx, d.ID, offset, argilla.MaxPage, func(r *argilla.Record) error {
			rec := Record{Key: r.ID, Status: r.Status, Fields: decode(r.Fields), Metadata: decode(r.Metadata), Vectors: decode(r.Vectors),
				Suggestions: map[string]any{}, Responses: map[string]any{}}
			if r.ExternalID != nil {
				rec.Key = *r.ExternalID
			}
			for _, s := range r.Suggestions {
				rec.Suggestions[qname[s.QuestionID]] = []any{decode(s.Value), s.Type, s.Agent, decode(s.Score)}
			}
			for _, resp := range r.Responses {
				rec.Responses[uname[resp.UserID]] = []any{resp.Status, decode(resp.Values)}
			}
			sd.Records = append(sd.Records, rec)
			return nil
		})
		if err != nil {
			return nil, err
		}
		offset += page.Delivered
		if page.Delivered < argilla.MaxPage {
			break
		}
	}
	return sd, nil
}

// decode turns JSON into plain values (numbers keep their text, so 1.0 and 1 differ); empty is nil.
func decode(raw json.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	var v any
	dec := json.NewDecoder(bytesReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return string(raw)
	}
	if m, ok := v.(map[string]any); ok && len(m) == 0 {
		return nil
	}
	return v
}
