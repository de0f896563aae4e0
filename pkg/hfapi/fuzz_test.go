package hfapi

import (
	"encoding/json"
	"math"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// FuzzParseRateLimit feeds RateLimit and Retry-After values from the outside
// world: no panic, and never a negative or unbounded wait.
func FuzzParseRateLimit(f *testing.F) {
	for _, s := range []string{`"api";r=0;t=55`, `"api";r=3;t=1`, `"a" ; r = 0 ; t = 18446744073709551616`, `"";r=0;t=1`, `r=0;t=1`, "", "5", "-3", "Wed, 21 Oct 2015 07:28:00 GMT", " 7 "} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, rateLimit, retry string) {
		if r, tt, ok := parseRateLimit(rateLimit); ok && (r < 0 || tt < 0) {
			t.Errorf("negative values from %q", rateLimit)
		}
		h := http.Header{}
		h.Set("RateLimit", rateLimit)
		h.Set("Retry-After", retry)
		for _, status := range []int{429, 503} {
			if d := retryAfter(status, h); d < 0 || d > maxServerWait {
				t.Errorf("retryAfter(%q, %q) = %v", rateLimit, retry, d)
			}
		}
	})
}

// FuzzParseErrorBody feeds error bodies: no panic, bounded message.
func FuzzParseErrorBody(f *testing.F) {
	for _, s := range []string{`{"error":"msg"}`, `{"error":["a","b"]}`, `{"error":"e","error_description":"d"}`,
		`{"errors":[{"message":"m"}]}`, `{"error":null}`, `{"error":1}`, "plain", "<html>", "", `{"url":"u"}`, `[1,2]`} {
		f.Add("application/json", s)
		f.Add("text/html", s)
	}
	f.Fuzz(func(t *testing.T, contentType, body string) {
		_ = mergeMessages(parseErrorBody(contentType, []byte(body)))
		_ = bodyURL([]byte(body))
		e := newError("GET", "http://x/api/spaces/a/b", 404, http.Header{"X-Error-Message": {""}}, []byte(body), newRedactor())
		if e.Message == "" || e.Error() == "" {
			t.Errorf("empty message for %q", body)
		}
		if len(e.Message) > maxErrorMessage+3 || len(e.RepoURL) > maxErrorMessage+3 {
			t.Errorf("message too long: %d", len(e.Message))
		}
	})
}

// FuzzParseSSELine feeds log stream lines: no panic; accepted lines start
// with "data: {".
func FuzzParseSSELine(f *testing.F) {
	for _, s := range []string{`data: {"data":"x","timestamp":"t"}`, "data:", "data: {", `data: {"data":1}`, "event: x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if _, ok := parseSSELine(line); ok && !strings.HasPrefix(line, "data: {") {
			t.Errorf("accepted %q", line)
		}
	})
}

// FuzzHardware feeds hardware list entries to the lenient decoder.
func FuzzHardware(f *testing.F) {
	for _, s := range []string{`{"name":"t4","accelerator":{"quantity":"2","vram":16},"unitCostMicroUSD":"NaN","unitCostUSD":1e400}`,
		`{"unitCostMicroUSD":1e30}`, `{"accelerator":null}`, `[]`, `{"unitCostMicroUSD":"4611686018427387903","accelerator":{"vram":"24 GB","quantity":-1}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var h Hardware
		if h.UnmarshalJSON([]byte(s)) != nil {
			return
		}
		// Whatever the wire said, the costs come out finite and bounded (flexNumber's promise), so
		// the cost table never prints NaN, Inf or an overflowed integer.
		if math.IsNaN(h.UnitCostUSD) || math.IsInf(h.UnitCostUSD, 0) || math.Abs(h.UnitCostUSD) >= maxFlexNumber {
			t.Fatalf("unitCostUSD decoded to %v from %q", h.UnitCostUSD, s)
		}
		if h.UnitCostMicroUSD >= maxFlexNumber || h.UnitCostMicroUSD <= -maxFlexNumber {
			t.Fatalf("unitCostMicroUSD decoded to %d from %q", h.UnitCostMicroUSD, s)
		}
		// A decoded flavor encodes and decodes back to itself: no field is lost or changed in transit.
		b, err := json.Marshal(h)
		if err != nil {
			t.Fatalf("re-encoding %+v: %v", h, err)
		}
		var back Hardware
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("decoding our own encoding %s: %v", b, err)
		}
		if !reflect.DeepEqual(h, back) {
			t.Fatalf("round trip changed the flavor: %+v became %+v", h, back)
		}
	})
}

// TestHardwareDecodesSeeds pins what the fuzz seeds decode to, so FuzzHardware's invariants are
// checked against known answers and not only against themselves.
func TestHardwareDecodesSeeds(t *testing.T) {
	var h Hardware
	if err := json.Unmarshal([]byte(`{"name":"t4","accelerator":{"quantity":"2","vram":16},"unitCostMicroUSD":"NaN","unitCostUSD":"0.6"}`), &h); err != nil {
		t.Fatal(err)
	}
	if h.Name != "t4" || h.Accelerator == nil || h.Accelerator.Quantity != 2 || h.Accelerator.VRAM != "16" ||
		h.UnitCostMicroUSD != 0 || h.UnitCostUSD != 0.6 {
		t.Fatalf("decoded %+v (accelerator %+v)", h, h.Accelerator)
	}
}
