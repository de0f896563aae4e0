package spaces

import (
	"strings"
	"testing"
)

func TestParseID(t *testing.T) {
	good := map[string]ID{
		"acme/argilla":     {"acme", "argilla"},
		"alice/my_space.1": {"alice", "my_space.1"},
		"demo":             {"alice", "demo"},
	}
	for in, want := range good {
		got, err := ParseID(in, "alice")
		if err != nil || got != want {
			t.Errorf("ParseID(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	bad := []string{"", "a/b/c", "acme/-x", "acme/x-", "acme/.x", "acme/a--b", "acme/a..b", "acme/x.git",
		"acme/" + strings.Repeat("a", 97), "acme/é", "acme/a b", "/x", "acme/", "-acme/x"}
	for _, in := range bad {
		if _, err := ParseID(in, "alice"); err == nil {
			t.Errorf("ParseID(%q) accepted", in)
		}
	}
	if _, err := ParseID("demo", ""); err == nil {
		t.Error("a bare name without a default owner was accepted")
	}
}

func TestValidateKey(t *testing.T) {
	for _, k := range []string{"USERNAME", "a", "A_1", "api_KEY9"} {
		if err := ValidateKey(k); err != nil {
			t.Errorf("%q: %v", k, err)
		}
	}
	for _, k := range []string{"", "1A", "_A", "A-B", "A B", "Ä", "A.B"} {
		if err := ValidateKey(k); err == nil {
			t.Errorf("%q accepted", k)
		}
	}
}

func TestCredentialRules(t *testing.T) {
	if ValidatePassword("1234567") == nil || ValidatePassword(strings.Repeat("x", 101)) == nil {
		t.Error("bad password lengths accepted")
	}
	if ValidatePassword("12345678") != nil || ValidatePassword(strings.Repeat("x", 100)) != nil {
		t.Error("good password lengths refused")
	}
	if ValidateAPIKey("short") == nil || ValidateAPIKey("has space in it") == nil {
		t.Error("bad API key accepted")
	}
	if ValidateAPIKey("argilla.apikey") != nil {
		t.Error("good API key refused")
	}
}

func FuzzParseID(f *testing.F) {
	for _, s := range []string{"acme/argilla", "demo", "a/b/c", "a--b/c", "x.git", "é/é", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseID(s, "alice")
		if err != nil {
			return
		}
		// Whatever we accept must round-trip and obey every rule of reference §14.
		for _, part := range []string{id.Owner, id.Name} {
			if part == "" || len(part) > 96 || strings.Contains(part, "--") || strings.Contains(part, "..") ||
				strings.HasSuffix(part, ".git") || strings.Trim(part, "-.") != part || !repoNameRe().MatchString(part) {
				t.Fatalf("accepted bad part %q of %q", part, s)
			}
		}
		again, err := ParseID(id.String(), "")
		if err != nil || again != id {
			t.Fatalf("round trip of %q: %v %v", s, again, err)
		}
	})
}

func FuzzValidateKey(f *testing.F) {
	for _, s := range []string{"USERNAME", "1x", "a_b", "", "A-B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateKey(s) != nil {
			return
		}
		if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
			t.Fatalf("accepted %q", s)
		}
		for _, r := range s {
			if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				t.Fatalf("accepted %q", s)
			}
		}
	})
}

func TestValidatePasswordIsOneLine(t *testing.T) {
	for _, p := range []string{"goodpass123\n", "first-line\nsecond-line", "with\ttab-inside", "cr-ending-1\r"} {
		if err := ValidatePassword(p); err == nil || !strings.Contains(err.Error(), "one line") {
			t.Errorf("%q: %v", p, err)
		}
	}
	if err := ValidatePassword("correct horse battery"); err != nil {
		t.Errorf("spaces are fine in a password: %v", err)
	}
}

func TestParseBucketIDNamesABucket(t *testing.T) {
	if _, err := ParseBucketID("data"); err == nil || !strings.Contains(err.Error(), `bucket "data" has no owner`) {
		t.Fatalf("got %v", err)
	}
	if id, err := ParseBucketID("acme/argilla-data"); err != nil || id.Owner != "acme" || id.Name != "argilla-data" {
		t.Fatalf("got %v %v", id, err)
	}
}
