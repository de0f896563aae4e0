package hubtest

import (
	"fmt"
	"net/http"
)

// Vector settings (argilla-api §9): allowed after publish, at most 5 per dataset.

// maxVectorSettings is CREATE_DATASET_VECTOR_SETTINGS_MAX_COUNT.
const maxVectorSettings = 5

type vectorSettingsOut struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Title      string `json:"title"`
	Dimensions int    `json:"dimensions"`
	DatasetID  string `json:"dataset_id"`
	InsertedAt string `json:"inserted_at"`
	UpdatedAt  string `json:"updated_at"`
}

func vectorSettingsJSON(ds *appDataset, v *appVectorSettings) vectorSettingsOut {
	return vectorSettingsOut{ID: v.ID, Name: v.Name, Title: v.Title, Dimensions: v.Dimensions, DatasetID: ds.ID,
		InsertedAt: isoTime(v.CreatedAt), UpdatedAt: isoTime(v.UpdatedAt)}
}

func (ds *appDataset) vectorSettings(name string) *appVectorSettings {
	for _, v := range ds.VectorSettings {
		if v.Name == name {
			return v
		}
	}
	return nil
}

func (a *appCall) listVectorSettings() {
	if a.auth() == nil {
		return
	}
	if ds := a.datasetFor(a.member); ds != nil {
		out := make([]vectorSettingsOut, 0, len(ds.VectorSettings))
		for _, v := range ds.VectorSettings {
			out = append(out, vectorSettingsJSON(ds, v))
		}
		a.reply(http.StatusOK, items(out))
	}
}

// createVectorSettings is POST /datasets/{id}/vectors-settings: 422(A) → 404 → 403 → 422(B) max 5 →
// 409 name. Allowed after publish.
func (a *appCall) createVectorSettings() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	name := b.str("name", true, false, settingNameRule)
	title := b.str("title", true, false, settingTitleRule)
	dims, _ := b.integer("dimensions", true, bounds{gt: intp(0)})
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	if len(ds.VectorSettings) >= maxVectorSettings {
		a.unprocessable(fmt.Sprintf("The maximum number of vector settings has been reached for dataset with id `%s`", ds.ID))
		return
	}
	if ds.vectorSettings(*name) != nil {
		a.conflict(fmt.Sprintf("Vector settings with name `%s` already exists for dataset with id `%s`", *name, ds.ID))
		return
	}
	t := a.data.stamp(a.now)
	v := &appVectorSettings{ID: a.st.newUUID(a.e.seed), Name: *name, Title: *title, Dimensions: dims, CreatedAt: t, UpdatedAt: t}
	ds.VectorSettings = append(ds.VectorSettings, v)
	a.reply(http.StatusCreated, vectorSettingsJSON(ds, v))
}

func vectorSettingsOf(ds *appDataset) []*appVectorSettings { return ds.VectorSettings }
func vectorSettingsID(v *appVectorSettings) string         { return v.ID }

// updateVectorSettings is PATCH /vectors-settings/{id} {title} (the key is required).
func (a *appCall) updateVectorSettings() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	b.nonNull("title")
	title := b.str("title", true, true, settingTitleRule)
	v, ds := settingFor(a, "vector_settings_id", "VectorSettings", vectorSettingsOf, vectorSettingsID)
	if ds == nil {
		return
	}
	if title != nil {
		v.Title = *title
	}
	v.UpdatedAt = a.data.stamp(a.now)
	a.reply(http.StatusOK, vectorSettingsJSON(ds, v))
}

// deleteVectorSettings is DELETE /vectors-settings/{id}; the records' vectors of it go with it.
func (a *appCall) deleteVectorSettings() {
	if a.auth() == nil {
		return
	}
	v, ds := settingFor(a, "vector_settings_id", "VectorSettings", vectorSettingsOf, vectorSettingsID)
	if ds == nil {
		return
	}
	ds.VectorSettings = remove(ds.VectorSettings, v)
	for _, r := range ds.Records {
		delete(r.Vectors, v.Name)
	}
	a.reply(http.StatusOK, vectorSettingsJSON(ds, v))
}
