package hubtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Record request bodies (S:api/schemas/v1/records.py, records_bulk.py, responses.py, suggestions.py):
// what the schema accepts, with pydantic's errors recorded on the call (a coded 422).

// recordInput is one RecordCreate/RecordUpsert item as the schema read it: fields and metadata as
// maps to validate and as compact objects to store.
type recordInput struct {
	ID          string
	Fields      map[string]json.RawMessage
	FieldsRaw   json.RawMessage
	HasFields   bool
	Metadata    map[string]json.RawMessage
	MetadataRaw json.RawMessage // nil for null
	HasMetadata bool
	ExternalID  *string
	Responses   []responseInput
	Suggestions []suggestionInput
	Vectors     map[string][]float64
}

// suggestionInput is a SuggestionCreate as the schema read it.
type suggestionInput struct {
	QuestionID string
	Type       *string
	Value      any
	Agent      *string
	Score      json.RawMessage // nil when absent or null
	ScoreLen   int             // -1 for a single score
}

// recordItem reads one bulk item (schema errors are recorded on the call).
func (o jobj) recordItem(upsert bool) recordInput {
	var in recordInput
	if o.m == nil {
		return in
	}
	if upsert {
		in.ID = o.uuid("id", false)
	} else {
		o.missing("fields")
	}
	o.recordParts(&in)
	in.HasFields = o.has("fields") // an explicit null is checked (and refused) like empty fields
	in.ExternalID = o.externalID()
	in.Responses = o.userResponses()
	return in
}

// recordParts reads what RecordCreate, RecordUpsert and RecordUpdate share: fields, metadata,
// suggestions and vectors.
func (o jobj) recordParts(in *recordInput) {
	in.HasFields = o.has("fields") && !o.null("fields")
	if in.Fields = o.recordFields(); in.Fields != nil {
		in.FieldsRaw = compact(o.m["fields"])
	}
	in.HasMetadata = o.has("metadata")
	if in.Metadata = o.dict("metadata"); in.Metadata != nil {
		in.MetadataRaw = compact(o.m["metadata"])
	}
	in.Suggestions = o.suggestions("suggestions")
	in.Vectors = o.vectors()
}

// fieldMap decodes a stored record's fields (span questions measure their field's text).
func fieldMap(r *appRecord) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	json.Unmarshal(r.Fields, &m)
	return m
}

// recordFields reads Dict[str, Union[StrictStr, List[ChatFieldValue], Dict, None]].
func (o jobj) recordFields() map[string]json.RawMessage {
	fields := o.dict("fields")
	for k, v := range fields {
		switch decoded := decodeAny(v).(type) {
		case nil, string, map[string]any:
		case []any:
			if msg := checkChat(k, decoded); msg != "" {
				o.a.fail(o.at("fields"), "value_error", "Value error, "+msg)
			}
		default:
			o.a.fail(append(o.at("fields"), k), "string_type", "Input should be a valid string")
		}
	}
	return fields
}

// checkChat is the chat field schema: at most 500 messages of {role 1–20, content 1–20000}.
func checkChat(key string, msgs []any) string {
	for _, m := range msgs {
		obj, ok := m.(map[string]any)
		role, ok1 := obj["role"].(string)
		content, ok2 := obj["content"].(string)
		if !ok || !ok1 || !ok2 {
			return fmt.Sprintf("Error parsing chat field '%s': each message needs a string role and content", key)
		}
		if n := utf8.RuneCountInString(role); n < 1 || n > 20 {
			return fmt.Sprintf("Error parsing chat field '%s': role should have 1 to 20 characters", key)
		}
		if n := utf8.RuneCountInString(content); n < 1 || n > 20000 {
			return fmt.Sprintf("Error parsing chat field '%s': content should have 1 to 20000 characters", key)
		}
	}
	if len(msgs) > chatMaxMessages {
		return fmt.Sprintf("Number of chat messages in field '%s' exceeds the maximum allowed value of %d", key, chatMaxMessages)
	}
	return ""
}

// externalID reads Optional[str]; numbers are coerced to strings (coerce_numbers_to_str).
func (o jobj) externalID() *string {
	if !o.has("external_id") || o.null("external_id") {
		return nil
	}
	switch v := decodeAny(o.m["external_id"]).(type) {
	case string:
		return &v
	case json.Number:
		s := v.String()
		return &s
	}
	o.a.fail(o.at("external_id"), "string_type", "Input should be a valid string")
	return nil
}

// userResponses reads the items' responses: {user_id, status, values} by status; at most one per user.
func (o jobj) userResponses() []responseInput {
	list := o.list("responses", false, 0, 0)
	var out []responseInput
	seen := map[string]bool{}
	for i, v := range list {
		e := o.elem("responses", i, v)
		r, ok := e.responseBody(true, true)
		if !ok {
			continue
		}
		if seen[r.UserID] {
			o.a.fail(o.at("responses"), "value_error", fmt.Sprintf("Value error, 'responses' contains several responses for the same user_id='%s'", r.UserID))
			continue
		}
		seen[r.UserID] = true
		out = append(out, r)
	}
	return out
}

// responseBody reads {status, values?} and, in bulk items, user_id. Bulk items and PUT bodies are
// unions discriminated by status where submitted (and, in bulk items, draft) require values; POST's
// ResponseCreate has a plain status enum and optional values.
func (o jobj) responseBody(withUser, discriminated bool) (responseInput, bool) {
	var r responseInput
	if o.m == nil {
		return r, false
	}
	var status string
	statuses := []string{responseDraft, responseDiscarded, responseSubmitted}
	if !discriminated {
		n := len(o.a.errs)
		r.Status = o.enum("status", true, "", responseDraft, responseSubmitted, responseDiscarded)
		r.Values, r.HasValues = o.responseValues("values")
		return r, len(o.a.errs) == n
	}
	if !o.has("status") || json.Unmarshal(o.m["status"], &status) != nil {
		o.a.fail(o.loc, "union_tag_not_found", "Unable to extract tag using discriminator 'status'")
		return r, false
	}
	if !containsString(statuses, status) {
		o.a.fail(o.loc, "union_tag_invalid", fmt.Sprintf("Input tag '%s' found using 'status' does not match any of the expected tags: %s",
			status, strings.Join(quoteAll(statuses), ", ")))
		return r, false
	}
	sub := jobj{a: o.a, loc: append(append([]any(nil), o.loc...), status), m: o.m}
	n := len(o.a.errs)
	r.Status = status
	if withUser {
		r.UserID = sub.uuid("user_id", true)
	}
	if status == responseSubmitted || (withUser && status == responseDraft) {
		sub.missing("values")
	}
	if sub.null("values") && (status == responseSubmitted || (withUser && status == responseDraft)) {
		o.a.fail(sub.at("values"), "dict_type", "Input should be a valid dictionary")
	}
	r.Values, r.HasValues = sub.responseValues("values")
	return r, len(o.a.errs) == n
}

// agentRe is AGENT_REGEX of S:api/schemas/v1/suggestions.py.
var agentRe = regexp.MustCompile(`^[a-zA-Z0-9\-_:./\s]*[a-zA-Z0-9][a-zA-Z0-9\-_:./\s]*$`)

// suggestions reads a list of SuggestionCreate at key.
func (o jobj) suggestions(key string) []suggestionInput {
	var out []suggestionInput
	for i, v := range o.list(key, false, 0, 0) {
		if s, ok := o.elem(key, i, v).suggestion(); ok {
			out = append(out, s)
		}
	}
	return out
}

// suggestion reads one SuggestionCreate object.
func (o jobj) suggestion() (suggestionInput, bool) {
	var s suggestionInput
	if o.m == nil {
		return s, false
	}
	n := len(o.a.errs)
	s.QuestionID = o.uuid("question_id", true)
	if !o.null("type") && o.has("type") {
		t := o.enum("type", false, "", "model", "human")
		s.Type = &t
	}
	if !o.missing("value") {
		v, msg := parseValue(o.m["value"])
		if msg != "" {
			o.a.fail(o.at("value"), "value_error", msg)
		}
		s.Value = v
	}
	if agent := o.str("agent", false, true, strLen{min: 1, max: 200}); agent != nil {
		if !agentRe.MatchString(*agent) {
			o.a.fail(o.at("agent"), "string_pattern_mismatch", "String should match pattern '"+agentRe.String()+"'")
		}
		s.Agent = agent
	}
	s.ScoreLen = -1
	if o.has("score") && !o.null("score") {
		var one float64
		var many []float64
		switch {
		case json.Unmarshal(o.m["score"], &one) == nil:
			if one < 0 || one > 1 {
				o.a.fail(o.at("score"), "value_error", "Value error, score must be between 0 and 1")
			}
		case json.Unmarshal(o.m["score"], &many) == nil:
			s.ScoreLen = len(many)
			if len(many) < 1 {
				o.a.fail(o.at("score"), "value_error", "Value error, score must have at least one item")
			}
			for _, f := range many {
				if f < 0 || f > 1 {
					o.a.fail(o.at("score"), "value_error", "Value error, score must be between 0 and 1")
					break
				}
			}
		default:
			o.a.fail(o.at("score"), "float_type", "Input should be a valid number")
		}
		s.Score = compact(o.m["score"])
	}
	return s, len(o.a.errs) == n
}

// vectors reads Dict[str, List[float]].
func (o jobj) vectors() map[string][]float64 {
	raw := o.dict("vectors")
	if raw == nil {
		return nil
	}
	out := make(map[string][]float64, len(raw))
	for name, v := range raw {
		var vec []float64
		if json.Unmarshal(v, &vec) != nil {
			o.a.fail(append(o.at("vectors"), name), "list_type", "Input should be a valid list of numbers")
			continue
		}
		out[name] = vec
	}
	return out
}
