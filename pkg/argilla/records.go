package argilla

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// MaxPage is the largest page of GET /datasets/{id}/records (reference §10.2).
const MaxPage = 1000

// MaxBulk is the largest batch of POST/PUT /datasets/{id}/records/bulk (reference §10.3, §10.4).
const MaxBulk = 500

// Record is a dataset record as GET /datasets/{id}/records?include=... and the bulk endpoints give it
// (reference §10.1). Fields, metadata and vectors are kept as the server wrote them, so that a float
// such as 1.0 stays a float (Argilla's float metadata rejects 1, reference §8).
type Record struct {
	ID          string          `json:"id"`
	Status      string          `json:"status"` // pending | completed, derived by the server (§13)
	Fields      json.RawMessage `json:"fields"`
	Metadata    json.RawMessage `json:"metadata"`
	ExternalID  *string         `json:"external_id"`
	Responses   []Response      `json:"responses"`
	Suggestions []Suggestion    `json:"suggestions"`
	Vectors     json.RawMessage `json:"vectors"` // {"name": [float, ...]}
	DatasetID   string          `json:"dataset_id"`
	InsertedAt  Time            `json:"inserted_at"`
	UpdatedAt   Time            `json:"updated_at"`
}

// Response is one user's response to a record (reference §10.1, §11).
type Response struct {
	ID       string          `json:"id"`
	Values   json.RawMessage `json:"values"` // {"question_name": {"value": ...}} or null
	Status   string          `json:"status"` // submitted | discarded | draft
	RecordID string          `json:"record_id"`
	UserID   string          `json:"user_id"`
}

// Suggestion is a suggested answer to one question of a record (reference §10.1, §12).
type Suggestion struct {
	ID         string          `json:"id"`
	QuestionID string          `json:"question_id"`
	Type       *string         `json:"type"` // model | human | null
	Value      json.RawMessage `json:"value"`
	Agent      *string         `json:"agent"`
	Score      json.RawMessage `json:"score"` // a float, a list of floats, or null
}

// RecordUpsert is one item of PUT /datasets/{id}/records/bulk, matched by external_id (reference
// §10.4): fields and metadata are replaced only when present; responses, suggestions and vectors are
// upserted, never deleted.
type RecordUpsert struct {
	ExternalID  string          `json:"external_id,omitempty"` // empty: a new record every time
	Fields      json.RawMessage `json:"fields,omitempty"`
	Metadata    json.RawMessage `json:"metadata,omitempty"`
	Vectors     json.RawMessage `json:"vectors,omitempty"`
	Suggestions []NewSuggestion `json:"suggestions,omitempty"`
	Responses   []NewResponse   `json:"responses,omitempty"`
}

// NewSuggestion is a suggestion in a bulk item; the question is named by its id in this dataset.
type NewSuggestion struct {
	QuestionID string          `json:"question_id"`
	Value      json.RawMessage `json:"value"`
	Type       *string         `json:"type,omitempty"`
	Agent      *string         `json:"agent,omitempty"`
	Score      json.RawMessage `json:"score,omitempty"`
}

// NewResponse is a response in a bulk item, for any user (the only way to write another user's
// response, reference §14.4).
type NewResponse struct {
	UserID string          `json:"user_id"`
	Status string          `json:"status"`
	Values json.RawMessage `json:"values,omitempty"`
}

// RecordPage is what one page read said besides its records.
type RecordPage struct {
	Total     int // every record of the dataset, as the server counted it for this page
	Delivered int // records passed to the callback
}

// Records reads one page of GET /api/v1/datasets/{id}/records with responses, suggestions and vectors,
// oldest first (the only order there is, reference §10.2), passing each record to fn as it is decoded:
// memory does not grow with the page. limit is 1..MaxPage. A failure before the first record is retried
// like every read; after it, the error comes back with Delivered set, so the caller can go on from
// offset+Delivered.
func (c *Client) Records(ctx context.Context, datasetID string, offset, limit int, fn func(*Record) error) (RecordPage, error) {
	if limit < 1 || limit > MaxPage {
		return RecordPage{}, fmt.Errorf("argilla: a page holds 1 to %d records, not %d", MaxPage, limit)
	}
	q := url.Values{}
	q.Set("offset", strconv.Itoa(offset))
	q.Set("limit", strconv.Itoa(limit))
	q["include"] = []string{"responses", "suggestions", "vectors"} // the SDK's repeated form
	var page RecordPage
	err := c.send(ctx, call{method: http.MethodGet, path: datasetPath(datasetID, "/records?"+q.Encode()), retry: true,
		stream: func(r io.Reader) error {
			page = RecordPage{}
			err := decodeItems(r, &page.Total, func(rec *Record) error {
				page.Delivered++
				return fn(rec)
			})
			if err != nil && page.Delivered == 0 && ctx.Err() == nil && !errors.Is(err, errCallback) {
				return &transportError{err} // nothing delivered yet: safe to read the page again
			}
			return err
		}})
	return page, err
}

// UpsertRecords calls PUT /api/v1/datasets/{id}/records/bulk with 1..MaxBulk items (200). The server
// answers every record as it is now (status, all responses); fn, if not nil, sees each one, decoded
// as a stream. The upsert is idempotent by external_id, so it is retried like a read.
func (c *Client) UpsertRecords(ctx context.Context, datasetID string, items []RecordUpsert, fn func(*Record) error) error {
	if len(items) < 1 || len(items) > MaxBulk {
		return fmt.Errorf("argilla: a bulk holds 1 to %d records, not %d", MaxBulk, len(items))
	}
	if fn == nil {
		fn = func(*Record) error { return nil }
	}
	return c.send(ctx, call{method: http.MethodPut, path: datasetPath(datasetID, "/records/bulk"),
		in: map[string]any{"items": items}, retry: true,
		stream: func(r io.Reader) error { return decodeItems(r, nil, fn) }})
}

// RecordTotal reads how many records a dataset has (one record asked for).
func (c *Client) RecordTotal(ctx context.Context, datasetID string) (int, error) {
	var v struct {
		Total int `json:"total"`
	}
	err := c.get(ctx, datasetPath(datasetID, "/records?offset=0&limit=1"), &v)
	return v.Total, err
}

// errCallback marks an error of the caller's callback, which a retry must not hide.
var errCallback = errors.New("argilla: record callback failed")

// decodeItems reads {"items": [Record...], "total": n} one record at a time.
func decodeItems(r io.Reader, total *int, fn func(*Record) error) error {
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		switch {
		case key == "items":
			if err := expectDelim(dec, '['); err != nil {
				return err
			}
			for dec.More() {
				var rec Record
				if err := dec.Decode(&rec); err != nil {
					return fmt.Errorf("a record: %w", err)
				}
				if err := fn(&rec); err != nil {
					return errors.Join(errCallback, err)
				}
			}
			if err := expectDelim(dec, ']'); err != nil {
				return err
			}
		case key == "total" && total != nil:
			if err := dec.Decode(total); err != nil {
				return fmt.Errorf("total: %w", err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("the answer is not the expected JSON: something follows the object")
	}
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("the answer is not the expected JSON: %v where %q was expected", tok, want)
	}
	return nil
}
