package hubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Questions (argilla-api §7): created and deleted only while the dataset is a draft; their settings
// define the response values a record accepts (app_values.go).

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
		// visible_options is Optional[int]: null is allowed and means "show every option" (argilla-api §7).
		if s.null("visible_options") {
			break
		}
		if n, ok := s.integer("visible_options", false, bounds{ge: intp(3)}); ok {
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
