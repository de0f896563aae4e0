package argilla

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// naiveLayout is how Argilla writes timestamps: UTC without a zone, microseconds only when not zero
// (reference §1.6). time.RFC3339 does not parse it.
const naiveLayout = "2006-01-02T15:04:05.999999999"

// ParseTime reads an Argilla timestamp: naive (taken as UTC) or with a zone (RFC 3339).
func ParseTime(s string) (time.Time, error) {
	if t, err := time.ParseInLocation(naiveLayout, s, time.UTC); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("argilla: %q is not a timestamp", s)
	}
	return t.UTC(), nil
}

// Time is a timestamp in Argilla's JSON; null or absent is the zero Time.
type Time struct{ time.Time }

// UnmarshalJSON parses a naive or zoned timestamp, or null.
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("argilla: a timestamp must be a string: %w", err)
	}
	v, err := ParseTime(s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

// MarshalJSON writes the timestamp as Argilla does (naive UTC), or null.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.UTC().Format(naiveLayout))
}
