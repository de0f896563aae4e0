package hfapi

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Hardware is one flavor of GET /api/spaces/hardware (§15).
type Hardware struct {
	Name             string       `json:"name"`
	PrettyName       string       `json:"prettyName"`
	CPU              string       `json:"cpu"`
	RAM              string       `json:"ram"`
	Accelerator      *Accelerator `json:"accelerator"`
	UnitCostMicroUSD int64        `json:"unitCostMicroUSD"`
	UnitCostUSD      float64      `json:"unitCostUSD"`
	UnitLabel        string       `json:"unitLabel"` // e.g. "minute"
}

// Accelerator is a flavor's GPU (or Neuron) part.
type Accelerator struct {
	Type         string `json:"type"` // "gpu" | "neuron"
	Model        string `json:"model"`
	VRAM         string `json:"vram"`
	Manufacturer string `json:"manufacturer"`
	Quantity     int    `json:"quantity"`
}

// UnmarshalJSON accepts the costs as numbers, numeric strings or null: the
// published schemas disagree (the OpenAPI copy types them `number | null`).
func (h *Hardware) UnmarshalJSON(b []byte) error {
	type plain Hardware
	var aux struct {
		plain
		UnitCostMicroUSD json.RawMessage `json:"unitCostMicroUSD"`
		UnitCostUSD      json.RawMessage `json:"unitCostUSD"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*h = Hardware(aux.plain)
	h.UnitCostMicroUSD = int64(flexNumber(aux.UnitCostMicroUSD))
	h.UnitCostUSD = flexNumber(aux.UnitCostUSD)
	return nil
}

// UnmarshalJSON accepts quantity and vram as numbers or strings: the Jobs
// hardware schema types them as strings, the Spaces list as numbers.
func (a *Accelerator) UnmarshalJSON(b []byte) error {
	type plain Accelerator
	var aux struct {
		plain
		VRAM     json.RawMessage `json:"vram"`
		Quantity json.RawMessage `json:"quantity"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*a = Accelerator(aux.plain)
	a.VRAM = flexString(aux.VRAM)
	a.Quantity = int(flexNumber(aux.Quantity))
	return nil
}

// maxFlexNumber bounds flexNumber: 2^62 is exact in a float64, so every kept value converts to an
// int64 with room to spare (a bound of MaxInt64/2 rounded up to 2^62 and let it through).
const maxFlexNumber = 1 << 62

// flexNumber reads a JSON number or numeric string; anything else (or anything at or past 2^62) is 0.
func flexNumber(raw json.RawMessage) float64 {
	s := strings.Trim(string(bytes.TrimSpace(raw)), `"`)
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) >= maxFlexNumber {
		return 0
	}
	return f
}

// flexString reads a JSON string, or a number as its text; null is "".
func flexString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// ListHardware returns the live flavor list (public). A GET: retried.
func (c *Client) ListHardware(ctx context.Context) ([]Hardware, error) {
	var out []Hardware
	if _, err := c.doJSON(ctx, "GET", c.endpoint+"/api/spaces/hardware", nil, nil, &out, retryIdempotent); err != nil {
		return nil, err
	}
	return out, nil
}
