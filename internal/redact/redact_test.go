package redact

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

const hostile = `p@ss/wörd+"<x>&y=z 1234`

func TestEveryFormIsScrubbed(t *testing.T) {
	r := New()
	r.Add(hostile)
	jsonGo, _ := json.Marshal(hostile)
	b64 := base64.StdEncoding.EncodeToString([]byte(hostile))
	forms := map[string]string{
		"raw":         hostile,
		"query":       "https://h/x?v=" + url.QueryEscape(hostile),
		"path":        "https://h/" + url.PathEscape(hostile),
		"json quoted": `{"value":` + string(jsonGo) + `}`,
		"json plain":  `{"value":"p@ss/wörd+\"<x>&y=z 1234"}`,
		"base64":      `{"content":"` + b64 + `"}`,
	}
	for name, text := range forms {
		got := r.String(text)
		if strings.Contains(got, "1234") || strings.Contains(got, "MTIzNA") || !strings.Contains(got, Mark) {
			t.Errorf("%s: %q -> %q", name, text, got)
		}
	}
}

// A secret inside a longer file, base64-encoded as a commit carries it, is found at every offset.
func TestBase64InsideALongerText(t *testing.T) {
	const secret = "hf_abcdefghijklmnop"
	r := New()
	r.Add(secret)
	for pre := 0; pre < 6; pre++ {
		content := strings.Repeat("x", pre) + "token: " + secret + "\n# end of file\n"
		for _, e := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding} {
			enc := e.EncodeToString([]byte(content))
			got := r.String(enc)
			if got == enc {
				t.Fatalf("prefix %d: %s not scrubbed", pre, enc)
			}
			// What is left on either side decodes to no more than 2 bytes of the secret each.
			for _, part := range strings.Split(got, Mark) {
				if dec, err := e.DecodeString(part[:len(part)/4*4]); err == nil && strings.Contains(string(dec), secret[:6]) {
					t.Fatalf("prefix %d: %q still holds the secret", pre, part)
				}
			}
		}
	}
}

// Cut redacts first: a secret straddling the cut leaks none of its characters.
func TestCutRedactsFirst(t *testing.T) {
	const secret = "SECRETVALUE-0123456789"
	r := New()
	r.Add(secret)
	text := strings.Repeat("a", 495) + secret + " tail"
	got := r.Cut(text, 500)
	if strings.Contains(got, "SECR") || len(got) > 503 {
		t.Fatalf("cut: %q", got[480:])
	}
	if got := r.Cut("é"+strings.Repeat("b", 10), 1); got != "..." {
		t.Fatalf("cut inside a rune: %q", got)
	}
}

func TestShortSecrets(t *testing.T) {
	r := New()
	r.Add("abc", "wxyz")
	if got := r.String("abcdef wxyz"); got != "abcdef "+Mark {
		t.Fatalf("got %q", got)
	}
}

func TestStripUserinfo(t *testing.T) {
	for in, want := range map[string]string{
		"GET https://user:pa55@hub.example/api -> 401": "GET https://hub.example/api -> 401",
		"proxy http://tok@10.0.0.1:8080 refused":       "proxy http://10.0.0.1:8080 refused",
		"mail alice@example.com, see https://h/a@b":    "mail alice@example.com, see https://h/a@b",
		`"url":"HTTPS://u:p@h/x","other":"x@y"`:        `"url":"HTTPS://h/x","other":"x@y"`,
		"two: http://a:b@one/ and ftp://c@two/ end":    "two: http://one/ and ftp://two/ end",
	} {
		if got := StripUserinfo(in); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
}

// FuzzRedact: whatever the secret and the text around it, no registered secret of MinLen or more
// survives in any of its forms, and redacting twice changes nothing more.
func FuzzRedact(f *testing.F) {
	f.Add("hf_abcdefgh", "before ", " after")
	f.Add(hostile, `{"error":"`, `"}`)
	f.Add("abcd", "abc", "d")
	f.Add("[REDACTED]", "", "")
	f.Fuzz(func(t *testing.T, secret, before, after string) {
		if len(secret) < MinLen || strings.Contains(Mark, secret) {
			return
		}
		r := New()
		r.Add(secret)
		for _, form := range Forms(secret)[:5] {
			got := r.String(before + form + after)
			if strings.Contains(got, form) && !strings.Contains(before+after, form) && !strings.Contains(Mark, form) {
				t.Fatalf("form %q of %q survives in %q", form, secret, got)
			}
			if again := r.String(got); again != got && !strings.Contains(Mark, secret) {
				// a secret may only appear again when the text around it forms it
				if !strings.Contains(before+after, secret) {
					t.Fatalf("not stable: %q -> %q", got, again)
				}
			}
		}
	})
}
