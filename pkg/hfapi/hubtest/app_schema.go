package hubtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Request schema validation, as pydantic does it for FastAPI: every error of the path, query and body is
// collected and the request then fails with one coded 422 (argilla-api §1.4 shape A) listing
// {"type", "loc", "msg"} per error. Handlers read the body through jobj, which records the errors on
// the call; a.valid() sends the 422 when there are any.

// schemaErr is one pydantic error (without input, ctx and url, which the server drops).
type schemaErr struct {
	Type string `json:"type"`
	Loc  []any  `json:"loc"`
	Msg  string `json:"msg"`
}

// fail records a schema error at loc.
func (a *appCall) fail(loc []any, typ, msg string) {
	a.errs = append(a.errs, schemaErr{Type: typ, Loc: append([]any(nil), loc...), Msg: msg})
}

// valid sends the coded 422 when schema errors were collected and reports whether there were none.
func (a *appCall) valid() bool {
	if len(a.errs) == 0 {
		return true
	}
	codedError(a.w, http.StatusUnprocessableEntity, "ValidationError", map[string]any{"errors": a.errs})
	return false
}

// uuidRe is the canonical UUID form; pydantic also accepts it without dashes or in braces, which
// clients do not send, so those are refused (conservative).
var uuidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// pathUUID reads a path parameter that must be a UUID (lower-cased as Python's UUID prints it).
func (a *appCall) pathUUID(name string) string {
	v := a.params[name]
	if !uuidRe.MatchString(v) {
		a.fail([]any{"path", name}, "uuid_parsing", "Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]")
		return ""
	}
	return strings.ToLower(v)
}

// queryInt reads an integer query parameter with bounds (lo/hi nil when unbounded).
func (a *appCall) queryInt(name string, def int, lo, hi *int) int {
	vals, ok := a.r.URL.Query()[name]
	if !ok || len(vals) == 0 {
		return def
	}
	s := vals[len(vals)-1]
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		a.fail([]any{"query", name}, "int_parsing", "Input should be a valid integer, unable to parse string as an integer")
		return def
	}
	if lo != nil && n < *lo {
		a.fail([]any{"query", name}, "greater_than_equal", fmt.Sprintf("Input should be greater than or equal to %d", *lo))
	}
	if hi != nil && n > *hi {
		a.fail([]any{"query", name}, "less_than_equal", fmt.Sprintf("Input should be less than or equal to %d", *hi))
	}
	return n
}

func intp(n int) *int { return &n }

// jobj is a JSON object of the request being validated, with its location for errors. A nil m means
// the object was absent or invalid (its error is recorded already); reads then return zero values.
type jobj struct {
	a   *appCall
	loc []any
	m   map[string]json.RawMessage
}

// bodyObject parses the request body as a JSON object.
func (a *appCall) bodyObject() jobj {
	o := jobj{a: a, loc: []any{"body"}}
	body := bytes.TrimSpace(a.body)
	if len(body) == 0 {
		a.fail(o.loc, "missing", "Field required")
		return o
	}
	var syntax *json.SyntaxError
	switch err := json.Unmarshal(body, &o.m); {
	case errors.As(err, &syntax):
		a.fail([]any{"body", int(syntax.Offset)}, "json_invalid", "JSON decode error")
		o.m = nil
	case err != nil || o.m == nil:
		a.fail(o.loc, "model_attributes_type", "Input should be a valid dictionary or object to extract fields from")
		o.m = nil
	}
	return o
}

// at is the location of a key of this object.
func (o jobj) at(key any) []any { return append(append([]any(nil), o.loc...), key) }

// has reports whether the key is present (even as null).
func (o jobj) has(key string) bool {
	_, ok := o.m[key]
	return ok
}

// null reports whether the key is present with a JSON null.
func (o jobj) null(key string) bool {
	v, ok := o.m[key]
	return ok && isNull(v)
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// raw returns the key's value, or nil when absent.
func (o jobj) raw(key string) json.RawMessage { return o.m[key] }

// missing records "Field required" when a required key is absent and reports whether it was.
func (o jobj) missing(key string) bool {
	if o.m == nil {
		return true
	}
	if _, ok := o.m[key]; !ok {
		o.a.fail(o.at(key), "missing", "Field required")
		return true
	}
	return false
}

// strLen is a string constraint: trim whitespace first (pydantic strip_whitespace), then min..max
// characters (max 0 = none).
type strLen struct {
	min, max int
	trim     bool
}

// str reads a string key. Absent or null gives nil (after "Field required" if required, or a
// string_type error for a null that is not nullable).
func (o jobj) str(key string, required, nullable bool, c strLen) *string {
	if o.m == nil || (!o.has(key) && !required) {
		return nil
	}
	if o.missing(key) {
		return nil
	}
	if o.null(key) {
		if !nullable {
			o.a.fail(o.at(key), "string_type", "Input should be a valid string")
		}
		return nil
	}
	return checkStr(o.a, o.at(key), o.m[key], c)
}

// checkStr validates a raw JSON value as a constrained string.
func checkStr(a *appCall, loc []any, v json.RawMessage, c strLen) *string {
	var s string
	if json.Unmarshal(v, &s) != nil {
		a.fail(loc, "string_type", "Input should be a valid string")
		return nil
	}
	if c.trim {
		s = strings.TrimSpace(s)
	}
	n := utf8.RuneCountInString(s)
	if n < c.min {
		a.fail(loc, "string_too_short", fmt.Sprintf("String should have at least %d %s", c.min, plural(c.min, "character")))
		return nil
	}
	if c.max > 0 && n > c.max {
		a.fail(loc, "string_too_long", fmt.Sprintf("String should have at most %d %s", c.max, plural(c.max, "character")))
		return nil
	}
	return &s
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// boolean reads an optional bool key (def when absent; null is an error unless nullable).
func (o jobj) boolean(key string, def bool, nullable bool) bool {
	if o.m == nil || !o.has(key) {
		return def
	}
	if o.null(key) {
		if !nullable {
			o.a.fail(o.at(key), "bool_type", "Input should be a valid boolean")
		}
		return def
	}
	var b bool
	if json.Unmarshal(o.m[key], &b) != nil {
		o.a.fail(o.at(key), "bool_type", "Input should be a valid boolean")
	}
	return b
}

// bounds constrain an integer: ge/le inclusive, gt exclusive (nil = unbounded).
type bounds struct{ ge, gt, le *int }

// integer reads an int key; ok is false when absent, null or invalid.
func (o jobj) integer(key string, required bool, b bounds) (int, bool) {
	if o.m == nil || (!o.has(key) && !required) || o.missing(key) {
		return 0, false
	}
	if o.null(key) {
		o.a.fail(o.at(key), "int_type", "Input should be a valid integer")
		return 0, false
	}
	return checkInt(o.a, o.at(key), o.m[key], b)
}

// checkInt validates a JSON integer (a float with no fraction passes, as in pydantic's lax mode).
func checkInt(a *appCall, loc []any, v json.RawMessage, b bounds) (int, bool) {
	var f float64
	if json.Unmarshal(v, &f) != nil || f != math.Trunc(f) {
		a.fail(loc, "int_type", "Input should be a valid integer")
		return 0, false
	}
	n := int(f)
	switch {
	case b.ge != nil && n < *b.ge:
		a.fail(loc, "greater_than_equal", fmt.Sprintf("Input should be greater than or equal to %d", *b.ge))
		return n, false
	case b.gt != nil && n <= *b.gt:
		a.fail(loc, "greater_than", fmt.Sprintf("Input should be greater than %d", *b.gt))
		return n, false
	case b.le != nil && n > *b.le:
		a.fail(loc, "less_than_equal", fmt.Sprintf("Input should be less than or equal to %d", *b.le))
		return n, false
	}
	return n, true
}

// enum reads a string key that must be one of allowed (def when absent or null and nullable).
func (o jobj) enum(key string, required bool, def string, allowed ...string) string {
	if o.m == nil || (!o.has(key) && !required) || o.missing(key) {
		return def
	}
	if o.null(key) {
		o.a.fail(o.at(key), "enum", "Input should be "+quoteList(allowed))
		return def
	}
	var s string
	if json.Unmarshal(o.m[key], &s) != nil || !containsString(allowed, s) {
		o.a.fail(o.at(key), "enum", "Input should be "+quoteList(allowed))
		return def
	}
	return s
}

// quoteList renders 'a', 'b' or 'c' as pydantic does.
func quoteList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "'" + v + "'"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// uuid reads a UUID key; "" when absent, null or invalid.
func (o jobj) uuid(key string, required bool) string {
	if o.m == nil || (!o.has(key) && !required) || o.missing(key) || o.null(key) {
		if o.null(key) && required {
			o.a.fail(o.at(key), "uuid_type", "UUID input should be a string, bytes or UUID object")
		}
		return ""
	}
	var s string
	if json.Unmarshal(o.m[key], &s) != nil {
		o.a.fail(o.at(key), "uuid_type", "UUID input should be a string, bytes or UUID object")
		return ""
	}
	if !uuidRe.MatchString(s) {
		o.a.fail(o.at(key), "uuid_parsing", "Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]")
		return ""
	}
	return strings.ToLower(s)
}

// object reads a nested object key; the result has a nil map when absent, null or invalid.
func (o jobj) object(key string, required bool) jobj {
	sub := jobj{a: o.a, loc: o.at(key)}
	if o.m == nil || (!o.has(key) && !required) || o.missing(key) || o.null(key) {
		if o.null(key) && required {
			o.a.fail(sub.loc, "model_attributes_type", "Input should be a valid dictionary or object to extract fields from")
		}
		return sub
	}
	if json.Unmarshal(o.m[key], &sub.m) != nil || sub.m == nil {
		o.a.fail(sub.loc, "model_attributes_type", "Input should be a valid dictionary or object to extract fields from")
		sub.m = nil
	}
	return sub
}

// dict reads a free-form object key (a Dict[str, Any]); nil when absent, null or invalid.
func (o jobj) dict(key string) map[string]json.RawMessage {
	if o.m == nil || !o.has(key) || o.null(key) {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(o.m[key], &m) != nil || m == nil {
		o.a.fail(o.at(key), "dict_type", "Input should be a valid dictionary")
		return nil
	}
	return m
}

// list reads a list key with length bounds (max 0 = none); nil when absent, null or invalid.
func (o jobj) list(key string, required bool, minItems, maxItems int) []json.RawMessage {
	if o.m == nil || (!o.has(key) && !required) || o.missing(key) {
		return nil
	}
	if o.null(key) {
		if required {
			o.a.fail(o.at(key), "list_type", "Input should be a valid list")
		}
		return nil
	}
	var l []json.RawMessage
	if json.Unmarshal(o.m[key], &l) != nil {
		o.a.fail(o.at(key), "list_type", "Input should be a valid list")
		return nil
	}
	if len(l) < minItems {
		o.a.fail(o.at(key), "too_short", fmt.Sprintf("List should have at least %d %s after validation, not %d", minItems, plural(minItems, "item"), len(l)))
		return nil
	}
	if maxItems > 0 && len(l) > maxItems {
		o.a.fail(o.at(key), "too_long", fmt.Sprintf("List should have at most %d %s after validation, not %d", maxItems, plural(maxItems, "item"), len(l)))
		return nil
	}
	return l
}

// elem wraps a list element as an object at loc+index.
func (o jobj) elem(key string, i int, v json.RawMessage) jobj {
	sub := jobj{a: o.a, loc: append(o.at(key), i)}
	if json.Unmarshal(v, &sub.m) != nil || sub.m == nil {
		o.a.fail(sub.loc, "model_attributes_type", "Input should be a valid dictionary or object to extract fields from")
		sub.m = nil
	}
	return sub
}

// nonNull is UpdateSchema's rule: the listed keys may be omitted but not sent as null (§3 UserUpdate).
func (o jobj) nonNull(keys ...string) {
	var bad []string
	for _, k := range keys {
		if o.null(k) {
			bad = append(bad, k)
		}
	}
	if len(bad) > 0 {
		o.a.fail(o.loc, "value_error", "Value error, The following keys must have non-null values: "+strings.Join(bad, ", "))
	}
}

// pyRepr renders a decoded JSON value as Python's repr() does (error messages quote values that way).
func pyRepr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case string:
		if strings.Contains(x, "'") && !strings.Contains(x, `"`) {
			return `"` + x + `"`
		}
		return "'" + strings.ReplaceAll(strings.ReplaceAll(x, `\`, `\\`), "'", `\'`) + "'"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e16 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case json.Number:
		return x.String()
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []string:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = pyRepr(k) + ": " + pyRepr(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// decodeAny decodes a raw value keeping numbers as json.Number (integers stay distinguishable).
func decodeAny(v json.RawMessage) any {
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return nil
	}
	return out
}

// isJSONInt reports whether a raw value is a JSON integer literal (no fraction, no exponent).
func isJSONInt(v json.RawMessage) bool {
	s := strings.TrimSpace(string(v))
	if s == "" {
		return false
	}
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return true
	}
	return false
}

// compact normalizes a raw value's whitespace for storage.
func compact(v json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return v
	}
	return b.Bytes()
}
