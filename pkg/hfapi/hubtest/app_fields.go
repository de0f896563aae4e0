package hubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Fields (argilla-api §6): created and deleted only while the dataset is a draft.

type fieldOut struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Title      string          `json:"title"`
	Required   bool            `json:"required"`
	Settings   json.RawMessage `json:"settings"`
	DatasetID  string          `json:"dataset_id"`
	InsertedAt string          `json:"inserted_at"`
	UpdatedAt  string          `json:"updated_at"`
}

func fieldJSON(ds *appDataset, f *appField) fieldOut {
	return fieldOut{ID: f.ID, Name: f.Name, Title: f.Title, Required: f.Required, Settings: f.Settings, DatasetID: ds.ID,
		InsertedAt: isoTime(f.CreatedAt), UpdatedAt: isoTime(f.UpdatedAt)}
}

// typ is the field's settings type, decoded once per load.
func (f *appField) typ() string {
	if f.settingsType == "" {
		var s struct{ Type string }
		json.Unmarshal(f.Settings, &s)
		f.settingsType = s.Type
	}
	return f.settingsType
}

// fieldSettings reads field settings; on create the optional keys take their defaults, on update every
// key of the type is required (S:api/schemas/v1/fields.py).
func (o jobj) fieldSettings(required, create bool) (json.RawMessage, string) {
	s, typ := o.tagged("settings", required, "text", "image", "chat", "custom")
	out := map[string]any{"type": typ}
	switch typ {
	case "":
		return nil, ""
	case "text", "chat":
		if !create {
			s.missing("use_markdown")
		}
		out["use_markdown"] = s.boolean("use_markdown", typ == "chat", false)
	case "custom":
		out["template"] = s.str("template", true, false, strLen{})
		if !create {
			s.missing("advanced_mode")
		}
		out["advanced_mode"] = s.boolean("advanced_mode", false, false)
	}
	return rawJSON(out), typ
}

func (a *appCall) listFields() {
	if a.auth() == nil {
		return
	}
	if ds := a.datasetFor(a.member); ds != nil {
		out := make([]fieldOut, 0, len(ds.Fields))
		for _, f := range ds.Fields {
			out = append(out, fieldJSON(ds, f))
		}
		a.reply(http.StatusOK, items(out))
	}
}

// createField is POST /datasets/{id}/fields: 422(A) → 404 → 403 → 422(B) published → 409 name.
func (a *appCall) createField() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	name := b.str("name", true, false, settingNameRule)
	title := b.str("title", true, false, settingTitleRule)
	required := b.boolean("required", false, true)
	settings, _ := b.fieldSettings(true, true)
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	if ds.Status == statusReady {
		a.unprocessable("Field cannot be created for a published dataset")
		return
	}
	for _, f := range ds.Fields {
		if f.Name == *name {
			a.conflict(fmt.Sprintf("Field with name `%s` already exists for dataset with id `%s`", *name, ds.ID))
			return
		}
	}
	t := a.data.stamp(a.now)
	f := &appField{ID: a.st.newUUID(a.e.seed), Name: *name, Title: *title, Required: required, Settings: settings,
		CreatedAt: t, UpdatedAt: t}
	ds.Fields = append(ds.Fields, f)
	a.reply(http.StatusCreated, fieldJSON(ds, f))
}

func fieldsOf(ds *appDataset) []*appField { return ds.Fields }
func fieldID(f *appField) string          { return f.ID }

// updateField is PATCH /fields/{id} {title?, settings?}: 404 → 403 → 422(B) type change. Allowed
// after publish.
func (a *appCall) updateField() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	b.nonNull("title", "settings")
	title := b.str("title", false, true, settingTitleRule)
	settings, typ := b.fieldSettings(false, false)
	f, ds := settingFor(a, "field_id", "Field", fieldsOf, fieldID)
	if ds == nil {
		return
	}
	if typ != "" && typ != f.typ() {
		a.unprocessable(fmt.Sprintf("Field type cannot be changed. Expected '%s' but got '%s'", f.typ(), typ))
		return
	}
	if title != nil {
		f.Title = *title
	}
	if settings != nil {
		f.Settings = settings
	}
	f.UpdatedAt = a.data.stamp(a.now)
	a.reply(http.StatusOK, fieldJSON(ds, f))
}

// deleteField is DELETE /fields/{id}: 404 → 403 → 422(B) after publish.
func (a *appCall) deleteField() {
	if a.auth() == nil {
		return
	}
	f, ds := settingFor(a, "field_id", "Field", fieldsOf, fieldID)
	if ds == nil {
		return
	}
	if ds.Status == statusReady {
		a.unprocessable("Fields cannot be deleted for a published dataset")
		return
	}
	ds.Fields = remove(ds.Fields, f)
	a.reply(http.StatusOK, fieldJSON(ds, f))
}
