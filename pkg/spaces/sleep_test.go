package spaces

import (
	"strings"
	"testing"
)

func TestParseSleep(t *testing.T) {
	good := map[string]int{"never": Never, "NEVER": Never, "-1": Never, "3600": 3600, "2h": 7200, "1h30m": 5400, "45s": 45, "90m": 5400}
	for s, want := range good {
		if got, err := ParseSleep(s); err != nil || got != want {
			t.Errorf("ParseSleep(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	bad := map[string]string{"0": "positive", "-5": "positive", "soon": "not a duration", "500ms": "at least one second",
		"1500ms": "whole seconds", "2.5s": "whole seconds", "": "not a duration", "-2h": "at least one second"}
	for s, why := range bad {
		if _, err := ParseSleep(s); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("ParseSleep(%q): %v, want an error saying %q", s, err, why)
		}
	}
}

// Whatever ParseSleep accepts is Never or a positive number of seconds, and prints back to a form it
// reads as the same number.
func FuzzParseSleep(f *testing.F) {
	for _, s := range []string{"never", "-1", "3600", "2h", "1h30m", "1500ms", "0", "1e9h", "9223372036s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		secs, err := ParseSleep(s)
		if err != nil {
			return
		}
		if secs != Never && secs <= 0 {
			t.Fatalf("ParseSleep(%q) = %d", s, secs)
		}
		back, err := ParseSleep(FormatSleep(secs))
		if err != nil || back != secs {
			t.Fatalf("ParseSleep(%q) = %d prints as %q, which reads as %d, %v", s, secs, FormatSleep(secs), back, err)
		}
	})
}
