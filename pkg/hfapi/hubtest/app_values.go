package hubtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Response and suggestion values (argilla-api §11, §12). A value is first read by the request schema
// (ResponseValueTypes: span items, ranking items, a list of strings, a strict integer or a strict
// string; anything else is a coded 422), then checked against its question's type by
// ResponseValueValidator (a plain 422 with the server's message).

const (
	responseSubmitted = "submitted"
	responseDiscarded = "discarded"
	responseDraft     = "draft"
	recordPending     = "pending"
	recordCompleted   = "completed"
)

// spanItem and rankItem are the normalized list items (the server stores the validated model).
type spanItem struct {
	Label string `json:"label"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

type rankItem struct {
	Value string `json:"value"`
	Rank  *int   `json:"rank"`
}

// parseValue reads a value by the ResponseValueTypes union; it returns the normalized value (string,
// int64, []string, []spanItem or []rankItem) or a schema error message.
func parseValue(raw json.RawMessage) (any, string) {
	const unionMsg = "Input should be a valid list, a valid integer or a valid string"
	v := decodeAny(raw)
	switch x := v.(type) {
	case string:
		return x, ""
	case json.Number:
		n, err := strconv.ParseInt(x.String(), 10, 64)
		if err != nil {
			return nil, unionMsg // StrictInt: 3.0 is not an integer
		}
		return n, ""
	case []any:
		return parseListValue(x)
	}
	return nil, unionMsg
}

// parseListValue resolves a list to span items, ranking items or strings, as the union tries them.
func parseListValue(list []any) (any, string) {
	if len(list) == 0 {
		return []spanItem{}, ""
	}
	if strs, ok := allStrings(list); ok {
		return strs, ""
	}
	first, _ := list[0].(map[string]any)
	if _, ok := first["label"]; ok {
		if len(list) > 10000 {
			return nil, "List should have at most 10000 items after validation, not " + strconv.Itoa(len(list))
		}
		out := make([]spanItem, 0, len(list))
		for _, e := range list {
			m, _ := e.(map[string]any)
			label, ok1 := m["label"].(string)
			start, ok2 := jsonInt(m["start"])
			end, ok3 := jsonInt(m["end"])
			switch {
			case !ok1 || !ok2 || !ok3:
				return nil, "span items need a string label and integer start and end"
			case start < 0:
				return nil, "Input should be greater than or equal to 0"
			case end < 1:
				return nil, "Input should be greater than or equal to 1"
			case end <= start:
				return nil, "Value error, span question response value 'end' must have a value greater than 'start'"
			}
			out = append(out, spanItem{label, int(start), int(end)})
		}
		return out, ""
	}
	out := make([]rankItem, 0, len(list))
	for _, e := range list {
		m, ok := e.(map[string]any)
		val, ok2 := m["value"].(string)
		if !ok || !ok2 {
			return nil, "Input should be a valid list of strings, of span items or of ranking items"
		}
		it := rankItem{Value: val}
		if r, present := m["rank"]; present && r != nil {
			n, ok := jsonInt(r)
			if !ok {
				return nil, "Input should be a valid integer"
			}
			rank := int(n)
			it.Rank = &rank
		}
		out = append(out, it)
	}
	return out, ""
}

func allStrings(list []any) ([]string, bool) {
	out := make([]string, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

func jsonInt(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.ParseInt(n.String(), 10, 64)
	return i, err == nil
}

// valueType is Python's type() of a normalized value.
func valueType(v any) string {
	switch v.(type) {
	case string:
		return "<class 'str'>"
	case int64:
		return "<class 'int'>"
	}
	return "<class 'list'>"
}

// valueRepr is Python's repr() of a normalized value.
func valueRepr(v any) string {
	switch x := v.(type) {
	case string:
		return pyRepr(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case []string:
		return pyRepr(x)
	}
	return fmt.Sprint(v)
}

// checkValue is ResponseValueValidator: the value against its question; status is "" for suggestions.
// fields are the record's fields (span questions measure their field).
func checkValue(v any, q *appQuestion, fields map[string]json.RawMessage, status string) string {
	qs, options := q.Settings, q.optionValues()
	switch qs.Type {
	case "text":
		if _, ok := v.(string); !ok {
			return "text question expects a text value, found " + valueType(v)
		}
	case "label_selection":
		if !containsValue(options, v) {
			return fmt.Sprintf("%s is not a valid label for label selection question.\nValid labels are: %s", valueRepr(v), pyRepr(options))
		}
	case "rating":
		if !containsValue(options, v) {
			return fmt.Sprintf("%s is not a valid rating for rating question.\nValid ratings are: %s", valueRepr(v), pyRepr(options))
		}
	case "multi_label_selection":
		return checkMultiLabel(v, options)
	case "ranking":
		return checkRanking(v, options, status)
	case "span":
		return checkSpan(v, qs, options, fields)
	}
	return ""
}

// containsValue compares a normalized value with option values (strings, or json.Number for rating).
func containsValue(options []any, v any) bool {
	for _, o := range options {
		switch ov := o.(type) {
		case string:
			if s, ok := v.(string); ok && s == ov {
				return true
			}
		case json.Number:
			if n, ok := v.(int64); ok && strconv.FormatInt(n, 10) == ov.String() {
				return true
			}
		}
	}
	return false
}

func checkMultiLabel(v any, options []any) string {
	labels, ok := v.([]string)
	if sp, isSpan := v.([]spanItem); isSpan && len(sp) == 0 {
		labels, ok = []string{}, true
	}
	if !ok {
		return "multi label selection questions expects a list of values, found " + valueType(v)
	}
	if len(labels) == 0 {
		return "multi label selection questions expects a list of values, found empty list"
	}
	if hasDuplicates(labels) {
		return "multi label selection questions expect a list of unique values, but duplicates were found"
	}
	if bad := missingFrom(labels, options); len(bad) > 0 {
		return fmt.Sprintf("%s are not valid labels for multi label selection question.\nValid labels are: %s", pyRepr(bad), pyRepr(options))
	}
	return ""
}

func checkRanking(v any, options []any, status string) string {
	items, ok := v.([]rankItem)
	if sp, isSpan := v.([]spanItem); isSpan && len(sp) == 0 {
		items, ok = []rankItem{}, true
	}
	if !ok {
		return "ranking question expects a list of values, found " + valueType(v)
	}
	if status == responseSubmitted {
		if len(items) != len(options) {
			return fmt.Sprintf("ranking question expects a list containing %d values, found a list of %d values", len(options), len(items))
		}
		var bad []int
		for _, it := range items {
			if it.Rank == nil || *it.Rank < 1 || *it.Rank > len(options) {
				r := 0
				if it.Rank != nil {
					r = *it.Rank
				}
				bad = append(bad, r)
			}
		}
		if len(bad) > 0 {
			sort.Ints(bad)
			valid := make([]string, len(options))
			for i := range options {
				valid[i] = strconv.Itoa(i + 1)
			}
			parts := make([]string, len(bad))
			for i, b := range bad {
				parts[i] = strconv.Itoa(b)
				if b == 0 {
					parts[i] = "None"
				}
			}
			return fmt.Sprintf("[%s] are not valid ranks for ranking question.\nValid ranks are: [%s]", strings.Join(parts, ", "), strings.Join(valid, ", "))
		}
	}
	values := make([]string, len(items))
	for i, it := range items {
		values[i] = it.Value
	}
	if bad := missingFrom(values, options); len(bad) > 0 {
		return fmt.Sprintf("%s are not valid values for ranking question.\nValid values are: %s", pyRepr(bad), pyRepr(options))
	}
	if hasDuplicates(values) {
		return "ranking question expects a list of unique values, but duplicates were found"
	}
	return ""
}

func checkSpan(v any, qs appQuestionSettings, options []any, fields map[string]json.RawMessage) string {
	spans, ok := v.([]spanItem)
	if !ok {
		return "span question expects a list of values, found " + valueType(v)
	}
	raw, present := fields[qs.Field]
	if !present {
		return fmt.Sprintf("span question requires record to have field `%s`", qs.Field)
	}
	var text string
	json.Unmarshal(raw, &text)
	n := utf8.RuneCountInString(text)
	for _, s := range spans {
		if s.Start > n-1 {
			return fmt.Sprintf("span question response value `start` must have a value lower than record field `%s` length that is `%d`", qs.Field, n)
		}
		if s.End > n {
			return fmt.Sprintf("span question response value `end` must have a value lower or equal than record field `%s` length that is `%d`", qs.Field, n)
		}
	}
	for _, s := range spans {
		if !containsValue(options, s.Label) {
			return fmt.Sprintf("undefined label '%s' for span question.\nValid labels are: %s", s.Label, pyRepr(options))
		}
	}
	if !qs.AllowOverlapping {
		for i, a := range spans {
			for j, b := range spans {
				if i != j && a.Start < b.End && a.End > b.Start {
					return fmt.Sprintf("overlapping values found between spans at index idx=%d and idx=%d", i, j)
				}
			}
		}
	}
	return ""
}

func hasDuplicates(list []string) bool {
	seen := map[string]bool{}
	for _, s := range list {
		if seen[s] {
			return true
		}
		seen[s] = true
	}
	return false
}

// missingFrom is sorted(set(values) - set(options)).
func missingFrom(values []string, options []any) []string {
	var bad []string
	seen := map[string]bool{}
	for _, v := range values {
		if !containsValue(options, v) && !seen[v] {
			bad = append(bad, v)
			seen[v] = true
		}
	}
	sort.Strings(bad)
	return bad
}

// responseInput is a response as a request gives it: the status and, per question name, the value.
type responseInput struct {
	UserID    string
	Status    string
	Values    map[string]any // normalized; nil when absent or null
	HasValues bool
}

// parseResponseValues reads {question_name: {"value": ...}} at o's key; errors are schema errors.
func (o jobj) responseValues(key string) (map[string]any, bool) {
	vals := o.object(key, false)
	if vals.m == nil {
		return nil, false
	}
	out := make(map[string]any, len(vals.m))
	for name := range vals.m {
		if checkStr(o.a, vals.at(name), rawJSON(name), settingNameRule) == nil { // QuestionName: 1–200
			continue
		}
		item := vals.object(name, true)
		if item.m == nil {
			continue
		}
		if item.missing("value") {
			continue
		}
		v, msg := parseValue(item.m["value"])
		if msg != "" {
			o.a.fail(item.at("value"), "value_error", msg)
			continue
		}
		out[name] = v
	}
	return out, true
}

// checkResponse is ResponseValidator (§11 order): values present when submitted, required questions
// answered when submitted, no unknown question, each value valid for its question.
func checkResponse(ds *appDataset, r responseInput, fields map[string]json.RawMessage) string {
	submitted := r.Status == responseSubmitted
	if submitted && len(r.Values) == 0 {
		return "missing response values for submitted response"
	}
	for _, q := range ds.Questions {
		if _, ok := r.Values[q.Name]; submitted && q.Required && !ok {
			return fmt.Sprintf("missing response value for required question with name=%s", pyRepr(q.Name))
		}
	}
	names := make([]string, 0, len(r.Values))
	for name := range r.Values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if ds.question(name) == nil {
			return fmt.Sprintf("found response value for non configured question with name=%s", pyRepr(name))
		}
	}
	for _, q := range ds.Questions {
		if v, ok := r.Values[q.Name]; ok {
			if msg := checkValue(v, q, fields, r.Status); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func (ds *appDataset) question(name string) *appQuestion {
	for _, q := range ds.Questions {
		if q.Name == name {
			return q
		}
	}
	return nil
}

func (ds *appDataset) questionByID(id string) *appQuestion {
	for _, q := range ds.Questions {
		if q.ID == id {
			return q
		}
	}
	return nil
}

// storedValues is the values object as stored and shown: {name: {"value": v}}; nil stays null.
func storedValues(vals map[string]any, has bool) json.RawMessage {
	if !has || vals == nil {
		return nil
	}
	out := make(map[string]map[string]any, len(vals))
	for k, v := range vals {
		out[k] = map[string]any{"value": v}
	}
	return rawJSON(out)
}
