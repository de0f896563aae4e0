package hubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Records (argilla-api §10): paged listing, bulk create (§10.3) and bulk upsert (§10.4), single-record
// reads and writes. Records live in their dataset's slice in insertion order, so a page is a slice
// window (O(limit)); lookups by id and external_id go through maps.

// Limits of the records endpoints (S:api/handlers/v1/datasets/records.py, S:api/schemas/v1/records_bulk.py).
const (
	recordsLimitDefault = 50
	recordsLimitMax     = 1000
	bulkMaxItems        = 500
	deleteMaxIDs        = 100
	chatMaxMessages     = 500
)

// include says which relationships a record answer carries (nil vectors = none, all = every one).
type include struct {
	responses, suggestions, vectors bool
	vectorNames                     map[string]bool // vectors:a,b loads only those
}

// everything is what bulk answers and GET /records/{id} carry.
var everything = include{responses: true, suggestions: true, vectors: true}

type recordOut struct {
	ID          string                     `json:"id"`
	Status      string                     `json:"status"`
	Fields      map[string]json.RawMessage `json:"fields"`
	Metadata    map[string]json.RawMessage `json:"metadata"`
	ExternalID  *string                    `json:"external_id"`
	Responses   *[]responseOut             `json:"responses,omitempty"`
	Suggestions *[]suggestionOut           `json:"suggestions,omitempty"`
	Vectors     *map[string][]float64      `json:"vectors,omitempty"`
	DatasetID   string                     `json:"dataset_id"`
	InsertedAt  string                     `json:"inserted_at"`
	UpdatedAt   string                     `json:"updated_at"`
}

func recordJSON(r *appRecord, inc include) recordOut {
	out := recordOut{ID: r.ID, Status: r.Status, Fields: r.Fields, Metadata: r.Metadata, ExternalID: r.ExternalID,
		DatasetID: r.DatasetID, InsertedAt: isoTime(r.CreatedAt), UpdatedAt: isoTime(r.UpdatedAt)}
	if out.Fields == nil {
		out.Fields = map[string]json.RawMessage{}
	}
	if inc.responses {
		list := make([]responseOut, 0, len(r.Responses))
		for _, resp := range r.Responses {
			list = append(list, responseJSON(r, resp))
		}
		out.Responses = &list
	}
	if inc.suggestions {
		list := make([]suggestionOut, 0, len(r.Suggestions))
		for _, s := range r.Suggestions {
			list = append(list, suggestionJSON(s))
		}
		out.Suggestions = &list
	}
	if inc.vectors || inc.vectorNames != nil {
		vecs := make(map[string][]float64, len(r.Vectors))
		for name, v := range r.Vectors {
			if inc.vectors || inc.vectorNames[name] {
				vecs[name] = v
			}
		}
		out.Vectors = &vecs
	}
	return out
}

// recordStatus is §13: completed iff the submitted responses reach the dataset's min_submitted.
func recordStatus(ds *appDataset, r *appRecord) string {
	n := 0
	for _, resp := range r.Responses {
		if resp.Status == responseSubmitted {
			n++
		}
	}
	if n >= ds.MinSubmitted {
		return recordCompleted
	}
	return recordPending
}

// indexRecord and unindexRecord keep the id maps in step with the slices.
func (d *appData) indexRecord(ds *appDataset, r *appRecord) {
	x := d.ix()
	x.records[r.ID] = r
	for _, resp := range r.Responses {
		x.responses[resp.ID] = r
	}
	if r.ExternalID != nil {
		ds.extIndex()[*r.ExternalID] = r
	}
}

func (d *appData) unindexRecord(r *appRecord) {
	x := d.ix()
	delete(x.records, r.ID)
	for _, resp := range r.Responses {
		delete(x.responses, resp.ID)
	}
}

// includeRe is PARAM_REGEX of S:utils/params.py: "k1,k2" or "key:v1,v2".
var includeRe = regexp.MustCompile(`^(?:(?:[^,:]+(?:,[^,:]+)*)|(?:[^,:]+:[^,:]+(?:,[^,:]+)*))$`)

// parseInclude reads the include query parameter (repeated and/or comma-separated). Its errors are
// plain 422s (an HTTPException or a ValueError in a dependency); ok is false after sending one.
func (a *appCall) parseInclude() (include, bool) {
	var inc include
	var keys []string
	var vectorNames []string
	hasVectorKey := false
	for _, v := range a.r.URL.Query()["include"] {
		if !includeRe.MatchString(v) {
			a.unprocessable("'include' query parameter must be of the form 'key1,key2,key3' or 'key:value1,value2,value3'")
			return inc, false
		}
		if key, vals, ok := strings.Cut(v, ":"); ok {
			if key == "vectors" {
				hasVectorKey = true
				vectorNames = append(vectorNames, strings.Split(vals, ",")...)
			}
			continue // other keys with values are not fields of RecordIncludeParam: ignored
		}
		keys = append(keys, strings.Split(v, ",")...)
	}
	for i, k := range keys {
		switch k {
		case "responses":
			inc.responses = true
		case "suggestions":
			inc.suggestions = true
		case "vectors":
			inc.vectors = true
		default:
			a.unprocessable(fmt.Sprintf("1 validation error for RecordIncludeParam\nkeys.%d\n  Input should be 'responses', 'suggestions' or 'vectors' [type=enum, input_value=%s, input_type=str]", i, pyRepr(k)))
			return inc, false
		}
	}
	if hasVectorKey && len(vectorNames) > 0 {
		if inc.vectors {
			a.unprocessable("1 validation error for RecordIncludeParam\n  Value error, 'include' query param cannot have both 'vectors' and 'vectors:vector_settings_name_1,vectors_settings_name_2,...' [type=value_error]")
			return inc, false
		}
		inc.vectorNames = map[string]bool{}
		for _, n := range vectorNames {
			inc.vectorNames[n] = true
		}
	}
	return inc, true
}

// listRecords is GET /datasets/{id}/records?offset=&limit=&include=: the include parser runs before
// authentication (§1.5), then 401, 422(A) for limit, 404, 403 (annotators too: owner/admin-member).
// Always inserted_at ascending; total counts the whole dataset.
func (a *appCall) listRecords() {
	inc, ok := a.parseInclude()
	if !ok || a.auth() == nil {
		return
	}
	offset := a.queryInt("offset", 0, nil, nil)
	limit := a.queryInt("limit", recordsLimitDefault, intp(1), intp(recordsLimitMax))
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	offset = max(offset, 0) // no lower bound in the schema; SQL treats a negative OFFSET as 0
	start := min(offset, len(ds.Records))
	end := min(start+limit, len(ds.Records))
	out := make([]recordOut, 0, end-start)
	for _, r := range ds.Records[start:end] {
		out = append(out, recordJSON(r, inc))
	}
	a.reply(http.StatusOK, map[string]any{"items": out, "total": len(ds.Records)})
}

// recordInput is one RecordCreate/RecordUpsert item as the schema read it.
type recordInput struct {
	ID          string
	Fields      map[string]json.RawMessage
	HasFields   bool
	Metadata    map[string]json.RawMessage
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
	in.HasFields = o.has("fields") // an explicit null is checked (and refused) like empty fields
	in.Fields = o.recordFields()
	in.HasMetadata = o.has("metadata")
	in.Metadata = compactMap(o.dict("metadata"))
	in.ExternalID = o.externalID()
	in.Responses = o.userResponses()
	in.Suggestions = o.suggestions("suggestions")
	in.Vectors = o.vectors()
	return in
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
		fields[k] = compact(v)
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

// ---- Business validation (S:validators/records.py) ----

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
		fields = existing.Fields
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

// ---- Bulk create and upsert ----

// bulkItems reads {"items": [...]} with 1–500 items and unique external_ids (a schema error).
func (a *appCall) bulkItems(upsert bool) []recordInput {
	b := a.bodyObject()
	list := b.list("items", true, 1, bulkMaxItems)
	out := make([]recordInput, 0, len(list))
	for i, v := range list {
		out = append(out, b.elem("items", i, v).recordItem(upsert))
	}
	seen := map[string]bool{}
	for _, in := range out {
		if in.ExternalID == nil {
			continue
		}
		if seen[*in.ExternalID] {
			a.fail(b.at("items"), "value_error", "Value error, External IDs must be unique")
			break
		}
		seen[*in.ExternalID] = true
	}
	return out
}

// createRecordsBulk is POST /datasets/{id}/records/bulk (§10.3): 422(A) → 404 → 403 → 422(B) not
// published → 422(B) external ids already in the dataset → 422(B) per item. All or nothing; 201.
func (a *appCall) createRecordsBulk() {
	if a.auth() == nil {
		return
	}
	list := a.bulkItems(false)
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	if ds.Status != statusReady {
		a.unprocessable("records cannot be created for a non published dataset")
		return
	}
	var found []string
	for _, in := range list {
		if in.ExternalID != nil && ds.extIndex()[*in.ExternalID] != nil {
			found = append(found, *in.ExternalID)
		}
	}
	if len(found) > 0 {
		a.unprocessable("found records with same external ids: " + strings.Join(found, ", "))
		return
	}
	for i := range list {
		if msg := a.checkRecord(ds, &list[i], nil); msg != "" {
			a.unprocessable(fmt.Sprintf("Record at position %d is not valid because %s", i, msg))
			return
		}
	}
	out := make([]recordOut, 0, len(list))
	for i := range list {
		out = append(out, recordJSON(a.writeRecord(ds, &list[i], nil), everything))
	}
	ds.LastActivityAt = a.data.stamp(a.now)
	a.reply(http.StatusCreated, map[string]any{"items": out})
}

// upsertRecordsBulk is PUT /datasets/{id}/records/bulk (§10.4): each item matches this dataset's record
// by id, else by external_id; no match creates a record with a new id. No published check; 200, and
// no updated_item_ids in the answer.
func (a *appCall) upsertRecordsBulk() {
	if a.auth() == nil {
		return
	}
	list := a.bulkItems(true)
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	x := a.data.ix()
	matches := make([]*appRecord, len(list))
	for i, in := range list {
		if r := x.records[in.ID]; in.ID != "" && r != nil && r.DatasetID == ds.ID {
			matches[i] = r
		} else if in.ExternalID != nil {
			matches[i] = ds.extIndex()[*in.ExternalID]
		}
	}
	for i := range list {
		if msg := a.checkRecord(ds, &list[i], matches[i]); msg != "" {
			a.unprocessable(fmt.Sprintf("Record at position %d is not valid because %s", i, msg))
			return
		}
	}
	out := make([]recordOut, 0, len(list))
	for i := range list {
		out = append(out, recordJSON(a.writeRecord(ds, &list[i], matches[i]), everything))
	}
	ds.LastActivityAt = a.data.stamp(a.now)
	a.reply(http.StatusOK, map[string]any{"items": out})
}

// writeRecord creates a record (r nil) or updates r from a validated item: fields and metadata only
// when sent, external_id never changed, responses, suggestions and vectors upserted without deleting
// others; then the status is recomputed.
func (a *appCall) writeRecord(ds *appDataset, in *recordInput, r *appRecord) *appRecord {
	t := a.data.stamp(a.now)
	if r == nil {
		r = &appRecord{ID: a.st.newUUID(a.e.seed), DatasetID: ds.ID, Fields: in.Fields, Metadata: in.Metadata,
			ExternalID: in.ExternalID, CreatedAt: t, UpdatedAt: t}
		ds.Records = append(ds.Records, r)
		a.data.indexRecord(ds, r)
	} else {
		modified := false
		if in.HasFields && !sameRaw(r.Fields, in.Fields) {
			r.Fields, modified = in.Fields, true
		}
		if in.HasMetadata && !sameRaw(r.Metadata, in.Metadata) || (in.HasMetadata && (r.Metadata == nil) != (in.Metadata == nil)) {
			r.Metadata, modified = in.Metadata, true
		}
		if modified {
			r.UpdatedAt = t
		}
	}
	for _, resp := range in.Responses {
		a.upsertResponse(r, resp.UserID, resp, t)
	}
	for _, s := range in.Suggestions {
		upsertSuggestion(a, r, s, t)
	}
	for name, v := range in.Vectors {
		if r.Vectors == nil {
			r.Vectors = map[string][]float64{}
		}
		r.Vectors[name] = v
	}
	r.Status = recordStatus(ds, r)
	return r
}

// sameRaw compares two stored JSON objects.
func sameRaw(a, b map[string]json.RawMessage) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || string(v) != string(w) {
			return false
		}
	}
	return true
}

// upsertResponse sets the user's response on the record (one per user), keeping the others.
func (a *appCall) upsertResponse(r *appRecord, userID string, in responseInput, t time.Time) *appResponse {
	for _, resp := range r.Responses {
		if resp.UserID == userID {
			resp.Status, resp.Values, resp.UpdatedAt = in.Status, storedValues(in.Values, in.HasValues), t
			return resp
		}
	}
	resp := &appResponse{ID: a.st.newUUID(a.e.seed), UserID: userID, Status: in.Status,
		Values: storedValues(in.Values, in.HasValues), CreatedAt: t, UpdatedAt: t}
	r.Responses = append(r.Responses, resp)
	a.data.ix().responses[resp.ID] = r
	return resp
}

// ---- Single records ----

// recordFor loads the record of the path: 422 → 404 → allowed (403).
func (a *appCall) recordFor(allowed func(ds *appDataset) bool) (*appRecord, *appDataset) {
	id := a.pathUUID("record_id")
	if !a.valid() {
		return nil, nil
	}
	r := a.data.ix().records[id]
	if r == nil {
		a.notFound("Record", id)
		return nil, nil
	}
	ds := a.data.dataset(r.DatasetID)
	if !allowed(ds) {
		a.forbidden()
		return nil, nil
	}
	return r, ds
}

// getRecord is GET /records/{id}: 404 → 403 (member); responses, suggestions and vectors included.
func (a *appCall) getRecord() {
	if a.auth() == nil {
		return
	}
	if r, _ := a.recordFor(a.member); r != nil {
		a.reply(http.StatusOK, recordJSON(r, everything))
	}
}

// updateRecord is PATCH /records/{id} {fields?, metadata?, suggestions?, vectors?}: 404 → 403 → 422.
// suggestions replaces all of the record's suggestions, vectors upserts by name, metadata replaces.
func (a *appCall) updateRecord() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	in := recordInput{HasFields: b.has("fields") && !b.null("fields"), Fields: b.recordFields(),
		HasMetadata: b.has("metadata"), Metadata: compactMap(b.dict("metadata")),
		Suggestions: b.suggestions("suggestions"), Vectors: b.vectors()}
	r, ds := a.recordFor(a.manager)
	if r == nil {
		return
	}
	msg := ""
	if in.HasFields {
		msg = checkFields(ds, in.Fields)
	}
	if msg == "" {
		msg = checkMetadata(ds, in.Metadata)
	}
	if msg == "" {
		msg = checkVectors(ds, in.Vectors)
	}
	if msg == "" {
		msg = a.checkSuggestions(ds, in.Suggestions, r.Fields)
	}
	if msg != "" {
		a.unprocessable(msg)
		return
	}
	if b.has("suggestions") {
		r.Suggestions = nil
	}
	a.writeRecord(ds, &in, r)
	a.reply(http.StatusOK, recordJSON(r, everything))
}

// deleteRecord is DELETE /records/{id}: 404 → 403; the answer has no relationship keys.
func (a *appCall) deleteRecord() {
	if a.auth() == nil {
		return
	}
	r, ds := a.recordFor(a.manager)
	if r == nil {
		return
	}
	a.dropRecords(ds, map[string]bool{r.ID: true})
	a.reply(http.StatusOK, recordJSON(r, include{}))
}

// deleteRecords is DELETE /datasets/{id}/records?ids=: 404 → 403 → 422(B) bad UUIDs → 422(B) over 100.
// Unknown ids and ids of other datasets are ignored; 204 without a body.
func (a *appCall) deleteRecords() {
	if a.auth() == nil {
		return
	}
	ds := a.datasetFor(a.manager)
	if ds == nil {
		return
	}
	ids := map[string]bool{}
	for _, id := range strings.Split(a.r.URL.Query().Get("ids"), ",") {
		if !uuidRe.MatchString(id) {
			a.unprocessable("Invalid UUID format")
			return
		}
		ids[strings.ToLower(id)] = true
	}
	if len(strings.Split(a.r.URL.Query().Get("ids"), ",")) > deleteMaxIDs {
		a.unprocessable(fmt.Sprintf("Cannot delete more than %d records at once", deleteMaxIDs))
		return
	}
	a.dropRecords(ds, ids)
	a.w.WriteHeader(http.StatusNoContent)
}

// dropRecords removes the dataset's records with these ids (one pass over the slice).
func (a *appCall) dropRecords(ds *appDataset, ids map[string]bool) {
	ext := ds.extIndex()
	ds.Records = filter(ds.Records, func(r *appRecord) bool {
		if !ids[r.ID] {
			return true
		}
		a.data.unindexRecord(r)
		if r.ExternalID != nil {
			delete(ext, *r.ExternalID)
		}
		return false
	})
	ds.LastActivityAt = a.data.stamp(a.now)
}
