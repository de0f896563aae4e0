package hubtest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Dataset settings: what fields (app_fields.go, §6), questions (app_questions.go, §7), metadata
// properties (app_metadata.go, §8) and vector settings (app_vectors.go, §9) share.

var (
	settingNameRule  = strLen{min: 1, max: 200}
	settingTitleRule = strLen{min: 1, max: 500}
	descriptionRule  = strLen{min: 1, max: 1000}
)

// tagged reads a settings object discriminated by "type" (pydantic's discriminated union). It returns
// the object (its loc extended by the tag, as pydantic reports errors) and the type, "" when invalid.
func (o jobj) tagged(key string, required bool, tags ...string) (jobj, string) {
	s := o.object(key, required)
	if s.m == nil {
		return s, ""
	}
	var typ string
	if !s.has("type") || json.Unmarshal(s.m["type"], &typ) != nil {
		o.a.fail(s.loc, "union_tag_not_found", "Unable to extract tag using discriminator 'type'")
		return jobj{a: o.a}, ""
	}
	if !containsString(tags, typ) {
		o.a.fail(s.loc, "union_tag_invalid", fmt.Sprintf("Input tag '%s' found using 'type' does not match any of the expected tags: %s",
			typ, strings.Join(quoteAll(tags), ", ")))
		return jobj{a: o.a}, ""
	}
	s.loc = append(s.loc, typ)
	return s, typ
}

func quoteAll(vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = "'" + v + "'"
	}
	return out
}

// findSetting finds a setting by id across datasets (fields, questions, ... are addressed by id alone).
func findSetting[T any](d *appData, list func(*appDataset) []T, id func(T) string, want string) (T, *appDataset) {
	for _, ds := range d.Datasets {
		for _, v := range list(ds) {
			if id(v) == want {
				return v, ds
			}
		}
	}
	var zero T
	return zero, nil
}

// settingFor loads a setting of the path for a 404 → 403 handler (the dataset's manager policy).
func settingFor[T any](a *appCall, param, model string, list func(*appDataset) []T, id func(T) string) (T, *appDataset) {
	var zero T
	want := a.pathUUID(param)
	if !a.valid() {
		return zero, nil
	}
	v, ds := findSetting(a.data, list, id, want)
	if ds == nil {
		a.notFound(model, want)
		return zero, nil
	}
	if !a.manager(ds) {
		a.forbidden()
		return zero, nil
	}
	return v, ds
}
