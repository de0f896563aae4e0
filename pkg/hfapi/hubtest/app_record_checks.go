package hubtest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Record business rules (S:validators/records.py, S:models/metadata_properties.py): what the dataset
// accepts; each failure is a reason for "Record at position i is not valid because ..." (a plain 422).

// checkRecord validates an item against the dataset: a new record (existing nil) gets every check of
// RecordCreateValidator, an update only those of what it sends. It returns the reason, or "".
func (a *appCall) checkRecord(ds *appDataset, in *recordInput, existing *appRecord) string {
	fields := in.Fields
	if existing == nil || in.HasFields {
		if msg := checkFields(ds, in.Fields); msg != "" {
			return msg
		}
	}
	if existing != nil {
		fields = fieldMap(existing)
	}
	if msg := checkMetadata(ds, in.Metadata); msg != "" {
		return msg
	}
	if existing == nil {
		if msg := a.checkSuggestions(ds, in.Suggestions, fields); msg != "" {
			return msg
		}
		if msg := checkVectors(ds, in.Vectors); msg != "" {
			return msg
		}
	} else {
		if msg := checkVectors(ds, in.Vectors); msg != "" {
			return msg
		}
		if msg := a.checkSuggestions(ds, in.Suggestions, fields); msg != "" {
			return msg
		}
	}
	return a.checkResponses(ds, in.Responses, fields)
}

// imageMIMETypes are IMAGE_FIELD_DATA_URL_VALID_MIME_TYPES.
var imageMIMETypes = []string{"image/avif", "image/gif", "image/ico", "image/jpeg", "image/jpg", "image/png", "image/svg", "image/webp"}

func checkFields(ds *appDataset, fields map[string]json.RawMessage) string {
	if len(fields) == 0 {
		return "fields cannot be empty"
	}
	for _, f := range ds.Fields {
		if v, ok := fields[f.Name]; f.Required && (!ok || isNull(v)) {
			return fmt.Sprintf("missing required value for field: %s", pyRepr(f.Name))
		}
	}
	var extra []string
	for k := range fields {
		if ds.field(k) == nil {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		return "found fields values for non configured fields: " + pyRepr(extra)
	}
	for _, typ := range []string{"text", "image", "chat", "custom"} {
		for _, f := range ds.Fields {
			v, ok := fields[f.Name]
			if f.typ() != typ || !ok || isNull(v) {
				continue
			}
			if msg := checkFieldValue(typ, f.Name, decodeAny(v)); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func (ds *appDataset) field(name string) *appField {
	for _, f := range ds.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// checkFieldValue is the per-type check of a present, non-null field value.
func checkFieldValue(typ, name string, v any) string {
	switch typ {
	case "text":
		if _, ok := v.(string); !ok {
			return fmt.Sprintf("text field %s value must be a string", pyRepr(name))
		}
	case "image":
		return checkImage(name, v)
	case "chat":
		if _, ok := v.([]any); !ok {
			return fmt.Sprintf("chat field %s value must be a list of messages", pyRepr(name))
		}
	case "custom":
		if _, ok := v.(map[string]any); !ok {
			return fmt.Sprintf("custom field %s value must be a dictionary", pyRepr(name))
		}
	}
	return ""
}

// checkImage is _validate_image_field: an http(s) URL with host and path (≤2038 characters), or a
// data URL (≤5,000,000) of an allowed image MIME type.
func checkImage(name string, v any) string {
	invalid := fmt.Sprintf("image field %s has an invalid URL value", pyRepr(name))
	s, ok := v.(string)
	if !ok {
		return invalid
	}
	u, err := url.Parse(s)
	if err != nil {
		return invalid
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" || u.Path == "" {
			return invalid
		}
		if len(s) > 2038 {
			return fmt.Sprintf("image field %s value is exceeding the maximum length of 2038 characters for Web URLs", pyRepr(name))
		}
	case "data":
		if u.Opaque == "" {
			return invalid
		}
		if len(s) > 5000000 {
			return fmt.Sprintf("image field %s value is exceeding the maximum length of 5000000 characters for Data URLs", pyRepr(name))
		}
		mime, _, _ := strings.Cut(u.Opaque, ",")
		mime, _, _ = strings.Cut(mime, ";")
		if !containsString(imageMIMETypes, strings.ToLower(mime)) {
			return fmt.Sprintf("image field %s value is using an unsupported MIME type, supported MIME types are: %s", pyRepr(name), pyRepr(imageMIMETypes))
		}
	default:
		return invalid
	}
	return ""
}

// checkMetadata is _validate_metadata with the properties' check_metadata (§8).
func checkMetadata(ds *appDataset, metadata map[string]json.RawMessage) string {
	keys := make([]string, 0, len(metadata))
	for k := range metadata {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, name := range keys {
		v := metadata[name]
		p := ds.metaProp(name)
		switch {
		case p != nil && !isNull(v):
			if msg := checkMetaValue(p.settings(), v); msg != "" {
				return fmt.Sprintf("metadata is not valid: '%s' metadata property validation failed because %s", name, msg)
			}
		case p == nil && !ds.AllowExtraMetadata:
			return fmt.Sprintf("metadata is not valid: '%s' metadata property does not exists for dataset '%s' and extra metadata is not allowed for this dataset", name, ds.ID)
		}
	}
	return ""
}

func (ds *appDataset) metaProp(name string) *appMetaProp {
	for _, p := range ds.MetadataProps {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// checkMetaValue checks one value: terms must be allowed (each element of a list), integer must be a
// JSON integer, float a JSON float (an integer literal is refused, §14.6 item 10); bounds inclusive.
func checkMetaValue(s metaSettings, raw json.RawMessage) string {
	v := decodeAny(raw)
	switch s.Type {
	case "terms":
		if s.Values == nil {
			return ""
		}
		vals, ok := v.([]any)
		if !ok {
			vals = []any{v}
		}
		for _, e := range vals {
			if !containsJSON(*s.Values, e) {
				return fmt.Sprintf("'%s' is not an allowed term.", pyStr(e))
			}
		}
	case "integer", "float":
		n, isNum := v.(json.Number)
		isInt := isNum && isJSONInt(raw)
		if s.Type == "integer" && !isInt {
			return fmt.Sprintf("'%s' is not an integer.", pyStr(v))
		}
		if s.Type == "float" && (!isNum || isInt) {
			return fmt.Sprintf("'%s' is not a float.", pyStr(v))
		}
		f, _ := n.Float64()
		if s.Min != nil && f < *s.Min {
			return fmt.Sprintf("'%s' is less than the minimum value of '%s'.", pyStr(v), pyNum(*s.Min, s.Type))
		}
		if s.Max != nil && f > *s.Max {
			return fmt.Sprintf("'%s' is greater than the maximum value of '%s'.", pyStr(v), pyNum(*s.Max, s.Type))
		}
	}
	return ""
}

// containsJSON compares decoded JSON values (numbers by value, as Python's == does).
func containsJSON(list []any, v any) bool {
	for _, e := range list {
		if fmt.Sprint(normNum(e)) == fmt.Sprint(normNum(v)) && sameKind(e, v) {
			return true
		}
	}
	return false
}

func normNum(v any) any {
	switch n := v.(type) {
	case json.Number:
		f, _ := n.Float64()
		return f
	case float64:
		return n
	}
	return v
}

func sameKind(a, b any) bool {
	_, an := normNum(a).(float64)
	_, bn := normNum(b).(float64)
	_, as := a.(string)
	_, bs := b.(string)
	return an == bn && as == bs
}

// pyStr is Python's str() of a decoded JSON value.
func pyStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case nil, bool, []any, map[string]any:
		return pyRepr(v)
	}
	return fmt.Sprint(v)
}

// checkSuggestions is _validate_suggestions: no question twice, each question of this dataset, the
// value valid for it, the score's shape matching the value's.
func (a *appCall) checkSuggestions(ds *appDataset, list []suggestionInput, fields map[string]json.RawMessage) string {
	if len(list) == 0 {
		return ""
	}
	seen := map[string]bool{}
	for _, s := range list {
		if seen[s.QuestionID] {
			return "record does not have valid suggestions: found duplicate suggestions question IDs"
		}
		seen[s.QuestionID] = true
	}
	for _, s := range list {
		q := ds.questionByID(s.QuestionID)
		if q == nil {
			return fmt.Sprintf("record does not have valid suggestions: question id=%s does not exists", s.QuestionID)
		}
		if msg := checkSuggestion(s, q, fields); msg != "" {
			return "record does not have valid suggestions: " + msg
		}
	}
	return ""
}

// checkSuggestion is SuggestionCreateValidator: the value (no status) then the score's cardinality.
func checkSuggestion(s suggestionInput, q *appQuestion, fields map[string]json.RawMessage) string {
	if msg := checkValue(s.Value, q, fields, ""); msg != "" {
		return msg
	}
	_, isStr := s.Value.(string)
	_, isInt := s.Value.(int64)
	isList := !isStr && !isInt
	switch {
	case !isList && s.ScoreLen >= 0:
		return "a list of score values is not allowed for a suggestion with a single value"
	case isList && s.Score != nil && s.ScoreLen < 0:
		return "a single score value is not allowed for a suggestion with a multiple items value"
	case isList && s.ScoreLen >= 0 && s.ScoreLen != listLen(s.Value):
		return "number of items on value and score attributes doesn't match"
	}
	return ""
}

func listLen(v any) int {
	switch x := v.(type) {
	case []string:
		return len(x)
	case []spanItem:
		return len(x)
	case []rankItem:
		return len(x)
	}
	return 0
}

// checkVectors is _validate_vectors: a configured name and exactly its dimensions.
func checkVectors(ds *appDataset, vectors map[string][]float64) string {
	names := make([]string, 0, len(vectors))
	for n := range vectors {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		vs := ds.vectorSettings(name)
		if vs == nil {
			return fmt.Sprintf("record does not have valid vectors: vector with name=%s does not exist for dataset_id=%s", name, ds.ID)
		}
		if len(vectors[name]) != vs.Dimensions {
			return fmt.Sprintf("record does not have valid vectors: vector value for vector name=%s must have %d elements, got %d elements",
				name, vs.Dimensions, len(vectors[name]))
		}
	}
	return ""
}

// checkResponses is _validate_responses: the users exist (membership is not checked), then each
// response's values.
func (a *appCall) checkResponses(ds *appDataset, list []responseInput, fields map[string]json.RawMessage) string {
	for _, r := range list {
		if a.data.userByID(r.UserID) == nil {
			return fmt.Sprintf("record does not have valid responses: user with id %s not found", r.UserID)
		}
		if msg := checkResponse(ds, r, fields); msg != "" {
			return "record does not have valid responses: " + msg
		}
	}
	return ""
}
