package templates

import (
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// FuzzSpecFile checks that no value can break the YAML structure of
// argilla-space.yaml: what goes in reads back unchanged.
func FuzzSpecFile(f *testing.F) {
	f.Add("alice", "cpu-basic", "2h", "false")
	f.Add("yes", "", "never", "a: b\n- c # d")
	f.Add("", "${X}", "0x10", "\x00\t\"'")
	f.Fuzz(func(t *testing.T, user, hardware, sleep, value string) {
		for _, s := range []string{user, hardware, sleep, value} {
			if !utf8.ValidString(s) {
				return
			}
		}
		d := SpecFileData{Space: "acme/argilla", OwnerUsername: user, OwnerPassword: true, Hardware: hardware, SleepTime: sleep,
			Variables: map[string]string{"V": value}}
		out, err := SpecFile(d)
		if err != nil {
			t.Fatal(err)
		}
		var s spec
		if err := yaml.Unmarshal(out, &s); err != nil {
			t.Fatalf("invalid YAML: %v\n%s", err, out)
		}
		if s.Owner.Username != user || s.Hardware != hardware || s.SleepTime != sleep || s.Variables["V"] != value ||
			s.Owner.Password != "${ARGILLA_PASSWORD}" {
			t.Fatalf("read back %+v\nfrom\n%s", s, out)
		}
	})
}
