package hubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Metadata properties (argilla-api §8): allowed after publish; annotators see only those visible to them.

type metaPropOut struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	Title                string          `json:"title"`
	Settings             json.RawMessage `json:"settings"`
	VisibleForAnnotators bool            `json:"visible_for_annotators"`
	DatasetID            string          `json:"dataset_id"`
	InsertedAt           string          `json:"inserted_at"`
	UpdatedAt            string          `json:"updated_at"`
}

func metaPropJSON(ds *appDataset, p *appMetaProp) metaPropOut {
	return metaPropOut{ID: p.ID, Name: p.Name, Title: p.Title, Settings: p.Settings, VisibleForAnnotators: p.VisibleForAnnotator,
		DatasetID: ds.ID, InsertedAt: isoTime(p.CreatedAt), UpdatedAt: isoTime(p.UpdatedAt)}
}

// metaSettings is a metadata property's stored settings, decoded for checking record metadata.
type metaSettings struct {
	Type   string   `json:"type"`
	Values *[]any   `json:"values"`
	Min    *float64 `json:"min"`
	Max    *float64 `json:"max"`
}

// settings decodes the stored settings once per load.
func (p *appMetaProp) settings() metaSettings {
	if p.decoded == nil {
		p.decoded = &metaSettings{}
		json.Unmarshal(p.Settings, p.decoded)
	}
	return *p.decoded
}

// metadataSettings reads terms/integer/float settings; min must be strictly below max.
func (o jobj) metadataSettings() json.RawMessage {
	s, typ := o.tagged("settings", true, "terms", "integer", "float")
	out := map[string]any{"type": typ}
	switch typ {
	case "":
		return nil
	case "terms":
		var values []any
		if l := s.list("values", false, 1, 250); l != nil {
			values = make([]any, len(l))
			for i, v := range l {
				values[i] = decodeAny(v)
			}
		}
		out["values"] = values
	case "integer", "float":
		var bound [2]*float64
		for i, k := range []string{"min", "max"} {
			out[k] = nil
			if !s.has(k) || s.null(k) {
				continue
			}
			var f float64
			if json.Unmarshal(s.raw(k), &f) != nil || (typ == "integer" && !isJSONInt(s.raw(k)) && f != float64(int64(f))) {
				o.a.fail(s.at(k), map[string]string{"integer": "int_type", "float": "float_type"}[typ],
					map[string]string{"integer": "Input should be a valid integer", "float": "Input should be a valid number"}[typ])
				continue
			}
			bound[i] = &f
			out[k] = json.RawMessage(compact(s.raw(k)))
		}
		if bound[0] != nil && bound[1] != nil && *bound[0] >= *bound[1] {
			o.a.fail(s.loc, "value_error", fmt.Sprintf("Value error, 'min' (%s) must be lower than 'max' (%s)",
				pyNum(*bound[0], typ), pyNum(*bound[1], typ)))
		}
	}
	return rawJSON(out)
}

// pyNum prints a number as Python's str() of an int or a float does.
func pyNum(f float64, typ string) string {
	if typ == "integer" {
		return fmt.Sprint(int64(f))
	}
	s := fmt.Sprint(f)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// listMetadataProperties is GET /me/datasets/{id}/metadata-properties: 404 → 403 (member); owners see
// every property, admins too, annotators only those visible_for_annotators.
func (a *appCall) listMetadataProperties() {
	if a.auth() == nil {
		return
	}
	ds := a.datasetFor(a.member)
	if ds == nil {
		return
	}
	out := []metaPropOut{}
	for _, p := range ds.MetadataProps {
		if a.user.Role == roleAnnotator && !p.VisibleForAnnotator {
			continue
		}
		out = append(out, metaPropJSON(ds, p))
	}
	a.reply(http.StatusOK, items(out))
}

// createMetadataProperty is POST /datasets/{id}/metadata-properties: 422(A) → 404 → 403 → 409 name.
// Allowed after publish.
func (a *appCall) createMetadataProperty() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	name := b.str("name", true, false, settingNameRule)
	title := b.str("title", true, false, settingTitleRule)
	settings := b.metadataSettings()
	visible := b.boolean("visible_for_annotators", true, false)
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	for _, p := range ds.MetadataProps {
		if p.Name == *name {
			a.conflict(fmt.Sprintf("Metadata property with name `%s` already exists for dataset with id `%s`", *name, ds.ID))
			return
		}
	}
	t := a.data.stamp(a.now)
	p := &appMetaProp{ID: a.st.newUUID(a.e.seed), Name: *name, Title: *title, Settings: settings,
		VisibleForAnnotator: visible, CreatedAt: t, UpdatedAt: t}
	ds.MetadataProps = append(ds.MetadataProps, p)
	a.reply(http.StatusCreated, metaPropJSON(ds, p))
}

func metaPropsOf(ds *appDataset) []*appMetaProp { return ds.MetadataProps }
func metaPropID(p *appMetaProp) string          { return p.ID }

// updateMetadataProperty is PATCH /metadata-properties/{id} {title?, visible_for_annotators?}.
func (a *appCall) updateMetadataProperty() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	b.nonNull("title", "visible_for_annotators")
	title := b.str("title", false, true, settingTitleRule)
	visible := b.boolean("visible_for_annotators", false, true)
	p, ds := settingFor(a, "metadata_property_id", "MetadataProperty", metaPropsOf, metaPropID)
	if ds == nil {
		return
	}
	if title != nil {
		p.Title = *title
	}
	if b.has("visible_for_annotators") {
		p.VisibleForAnnotator = visible
	}
	p.UpdatedAt = a.data.stamp(a.now)
	a.reply(http.StatusOK, metaPropJSON(ds, p))
}

func (a *appCall) deleteMetadataProperty() {
	if a.auth() == nil {
		return
	}
	p, ds := settingFor(a, "metadata_property_id", "MetadataProperty", metaPropsOf, metaPropID)
	if ds == nil {
		return
	}
	ds.MetadataProps = remove(ds.MetadataProps, p)
	a.reply(http.StatusOK, metaPropJSON(ds, p))
}
