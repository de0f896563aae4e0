package hubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Dataset settings: fields (§6), questions (§7), metadata properties (§8) and vector settings (§9).
// Fields and questions are frozen by publish; metadata properties and vector settings are not.

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

// settingByID finds a setting by id across datasets (fields, questions, ... are addressed by id alone).
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

// ---- Fields ----

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

// ---- Questions ----

type questionOut struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Title       string         `json:"title"`
	Description *string        `json:"description"`
	Required    bool           `json:"required"`
	Settings    map[string]any `json:"settings"`
	DatasetID   string         `json:"dataset_id"`
	InsertedAt  string         `json:"inserted_at"`
	UpdatedAt   string         `json:"updated_at"`
}

func questionJSON(ds *appDataset, q *appQuestion) questionOut {
	return questionOut{ID: q.ID, Name: q.Name, Title: q.Title, Description: q.Description, Required: q.Required,
		Settings: q.Settings.settingsJSON(), DatasetID: ds.ID, InsertedAt: isoTime(q.CreatedAt), UpdatedAt: isoTime(q.UpdatedAt)}
}

// optionOut is a label, ranking or span option as the API shows it (description null when unset).
type optionOut struct {
	Value       json.RawMessage `json:"value"`
	Text        *string         `json:"text"`
	Description *string         `json:"description"`
}

// settingsJSON shows every key of the question's type (S:api/schemas/v1/questions.py *QuestionSettings).
func (s appQuestionSettings) settingsJSON() map[string]any {
	out := map[string]any{"type": s.Type}
	opts := make([]any, 0, len(s.Options))
	for _, o := range s.Options {
		if s.Type == "rating" {
			opts = append(opts, map[string]json.RawMessage{"value": o.Value})
		} else {
			opts = append(opts, optionOut(o))
		}
	}
	switch s.Type {
	case "text":
		out["use_markdown"] = s.UseMarkdown
	case "rating", "ranking":
		out["options"] = opts
	case "label_selection", "multi_label_selection":
		out["options"], out["visible_options"] = opts, s.VisibleOptions
		if s.Type == "multi_label_selection" {
			out["options_order"] = s.OptionsOrder
		}
	case "span":
		out["field"], out["options"], out["visible_options"] = s.Field, opts, s.VisibleOptions
		out["allow_overlapping"], out["allow_character_annotation"] = s.AllowOverlapping, true
	}
	return out
}

// optionValues lists the options' values as decoded JSON (strings, or json.Number for rating).
func (q *appQuestion) optionValues() []any {
	if q.values == nil {
		q.values = make([]any, len(q.Settings.Options))
		for i, o := range q.Settings.Options {
			q.values[i] = decodeAny(o.Value)
		}
	}
	return q.values
}

var questionTypes = []string{"text", "rating", "label_selection", "multi_label_selection", "ranking", "span"}

// questionSettings reads question settings (create: OptionSettingsCreate limits and defaults; update:
// only the keys sent, OptionSettings without length limits). It returns the settings, the keys sent
// and whether the settings object was readable.
func (o jobj) questionSettings(required, create bool) (appQuestionSettings, jobj) {
	s, typ := o.tagged("settings", required, questionTypes...)
	qs := appQuestionSettings{Type: typ}
	if typ == "" {
		return qs, s
	}
	optRange := map[string][2]int{"rating": {2, 11}, "label_selection": {2, 500}, "multi_label_selection": {2, 500},
		"ranking": {2, 50}, "span": {1, 500}}[typ]
	if typ != "text" && (create || s.has("options")) {
		if !create {
			optRange = [2]int{0, 0}
		}
		qs.Options = s.options(typ == "rating", create, optRange[0], optRange[1])
	}
	switch typ {
	case "text":
		qs.UseMarkdown = s.boolean("use_markdown", false, !create)
	case "label_selection", "multi_label_selection", "span":
		if n, ok := s.integer("visible_options", false, bounds{ge: intp(3)}); ok && !s.null("visible_options") {
			qs.VisibleOptions = &n
			if create && qs.Options != nil && n > len(qs.Options) {
				o.a.fail(s.loc, "value_error", fmt.Sprintf("Value error, the value for 'visible_options' must be less or equal to the number of items in 'options' (%d)", len(qs.Options)))
			}
		}
	}
	if typ == "multi_label_selection" {
		qs.OptionsOrder = s.enum("options_order", false, "natural", "natural", "suggestion")
	}
	if typ == "span" {
		if create {
			if f := s.str("field", true, false, strLen{min: 1, max: 200}); f != nil {
				qs.Field = *f
			}
		}
		qs.AllowOverlapping = s.boolean("allow_overlapping", false, !create)
	}
	return qs, s
}

// options reads a question's options and checks their values are unique.
func (o jobj) options(rating, create bool, minN, maxN int) []appOption {
	list := o.list("options", create, minN, maxN)
	out := make([]appOption, 0, len(list))
	seen := map[string]bool{}
	var dups []string
	for i, v := range list {
		e := o.elem("options", i, v)
		var opt appOption
		if rating {
			n, ok := e.integer("value", true, bounds{ge: intp(0), le: intp(10)})
			if !ok {
				continue
			}
			opt.Value = rawJSON(n)
		} else {
			lim := [3]strLen{{min: 1, max: 200}, {min: 1, max: 500}, descriptionRule}
			if !create {
				lim = [3]strLen{}
			}
			val := e.str("value", true, false, lim[0])
			opt.Text = e.str("text", true, false, lim[1])
			opt.Description = e.str("description", false, true, lim[2])
			if val == nil {
				continue
			}
			opt.Value = rawJSON(*val)
		}
		if seen[string(opt.Value)] {
			dups = append(dups, pyRepr(decodeAny(opt.Value)))
		}
		seen[string(opt.Value)] = true
		out = append(out, opt)
	}
	if len(dups) > 0 && create {
		o.a.fail(o.loc, "value_error", "Value error, Option values must be unique, found duplicates: {"+strings.Join(dups, ", ")+"}")
	}
	return out
}

func (a *appCall) listQuestions() {
	if a.auth() == nil {
		return
	}
	if ds := a.datasetFor(a.member); ds != nil {
		out := make([]questionOut, 0, len(ds.Questions))
		for _, q := range ds.Questions {
			out = append(out, questionJSON(ds, q))
		}
		a.reply(http.StatusOK, items(out))
	}
}

// createQuestion is POST /datasets/{id}/questions: 422(A) → 404 → 403 → 409 name → 422(B) published →
// 422(B) span field checks.
func (a *appCall) createQuestion() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	name := b.str("name", true, false, settingNameRule)
	title := b.str("title", true, false, settingTitleRule)
	description := b.str("description", false, true, descriptionRule)
	required := b.boolean("required", false, true)
	settings, _ := b.questionSettings(true, true)
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	for _, q := range ds.Questions {
		if q.Name == *name {
			a.conflict(fmt.Sprintf("Question with name `%s` already exists for dataset with id `%s`", *name, ds.ID))
			return
		}
	}
	if ds.Status == statusReady {
		a.unprocessable("questions cannot be created for a published dataset")
		return
	}
	if settings.Type == "span" {
		names := []any{}
		found := false
		for _, f := range ds.Fields {
			names = append(names, f.Name)
			found = found || f.Name == settings.Field
		}
		if !found {
			a.unprocessable(fmt.Sprintf("'%s' is not a valid field name.\nValid field names are %s", settings.Field, pyRepr(names)))
			return
		}
		for _, q := range ds.Questions {
			if q.Settings.Type == "span" && q.Settings.Field == settings.Field {
				a.unprocessable(fmt.Sprintf("'%s' is already used by span question with id '%s'", settings.Field, q.ID))
				return
			}
		}
	}
	t := a.data.stamp(a.now)
	q := &appQuestion{ID: a.st.newUUID(a.e.seed), Name: *name, Title: *title, Description: description,
		Required: required, Settings: settings, CreatedAt: t, UpdatedAt: t}
	ds.Questions = append(ds.Questions, q)
	a.reply(http.StatusCreated, questionJSON(ds, q))
}

func questionsOf(ds *appDataset) []*appQuestion { return ds.Questions }
func questionID(q *appQuestion) string          { return q.ID }

// updateQuestion is PATCH /questions/{id} {title?, description?, settings?}: 404 → 403 → 422(B) rules
// of QuestionUpdateValidator (same type; same option count and values; visible_options within the
// options; allow_overlapping never back to false). Allowed after publish.
func (a *appCall) updateQuestion() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	b.nonNull("title")
	title := b.str("title", false, true, settingTitleRule)
	description := b.str("description", false, true, descriptionRule)
	upd, sent := b.questionSettings(false, false)
	q, ds := settingFor(a, "question_id", "Question", questionsOf, questionID)
	if ds == nil {
		return
	}
	cur := &q.Settings
	if upd.Type != "" {
		if upd.Type != cur.Type {
			a.unprocessable(fmt.Sprintf("question type cannot be changed. expected '%s' but got '%s'", cur.Type, upd.Type))
			return
		}
		if msg := checkOptionsUpdate(*cur, upd, sent); msg != "" {
			a.unprocessable(msg)
			return
		}
		if sent.has("options") {
			cur.Options, q.values = upd.Options, nil
		}
		if sent.has("visible_options") {
			cur.VisibleOptions = upd.VisibleOptions
		}
		if sent.has("use_markdown") {
			cur.UseMarkdown = upd.UseMarkdown
		}
		if sent.has("options_order") {
			cur.OptionsOrder = upd.OptionsOrder
		}
		if sent.has("allow_overlapping") {
			cur.AllowOverlapping = upd.AllowOverlapping
		}
	}
	if title != nil {
		q.Title = *title
	}
	if b.has("description") {
		q.Description = description
	}
	q.UpdatedAt = a.data.stamp(a.now)
	a.reply(http.StatusOK, questionJSON(ds, q))
}

// checkOptionsUpdate applies QuestionUpdateValidator's option rules ("" when the update is fine).
func checkOptionsUpdate(cur, upd appQuestionSettings, sent jobj) string {
	selection := cur.Type == "label_selection" || cur.Type == "multi_label_selection" || cur.Type == "span"
	if selection && sent.has("options") {
		if len(upd.Options) != len(cur.Options) {
			return fmt.Sprintf("the number of options cannot be modified. expected %d but got %d", len(cur.Options), len(upd.Options))
		}
		known := map[string]bool{}
		for _, o := range cur.Options {
			known[string(o.Value)] = true
		}
		var unexpected []string
		for _, o := range upd.Options {
			if !known[string(o.Value)] {
				var s string
				json.Unmarshal(o.Value, &s)
				unexpected = append(unexpected, s)
			}
		}
		if len(unexpected) > 0 {
			sort.Strings(unexpected)
			return "the option values cannot be modified. found unexpected option values: " + pyRepr(unexpected)
		}
	}
	if selection && upd.VisibleOptions != nil {
		n := len(cur.Options)
		if sent.has("options") {
			n = len(upd.Options)
		}
		if *upd.VisibleOptions > n {
			return fmt.Sprintf("the value for 'visible_options' must be less or equal to the number of items in 'options' (%d)", n)
		}
	}
	if cur.Type == "span" && cur.AllowOverlapping && sent.has("allow_overlapping") && !upd.AllowOverlapping {
		return "'allow_overlapping' can't be disabled because responses may become inconsistent"
	}
	return ""
}

// deleteQuestion is DELETE /questions/{id}: 404 → 403 → 422(B) after publish.
func (a *appCall) deleteQuestion() {
	if a.auth() == nil {
		return
	}
	q, ds := settingFor(a, "question_id", "Question", questionsOf, questionID)
	if ds == nil {
		return
	}
	if ds.Status == statusReady {
		a.unprocessable("questions cannot be deleted for a published dataset")
		return
	}
	ds.Questions = remove(ds.Questions, q)
	a.reply(http.StatusOK, questionJSON(ds, q))
}

// ---- Metadata properties ----

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

// ---- Vector settings ----

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
