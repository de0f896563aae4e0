package termsafe

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"plain line\n\tindented\n":            "plain line\n\tindented\n",
		"\x1b[2J\x1b]52;c;ZXZpbA==\x07":       `\x1b[2J\x1b]52;c;ZXZpbA==\x07`,
		"hidden\x1b[8mtext\x1b[0m":            `hidden\x1b[8mtext\x1b[0m`,
		"over\rwrite":                         `over\rwrite`,
		"crlf\r\nok":                          "crlf\r\nok",
		"csi\u009b31m c1\u0085 del\x7f bs\b":  `csi\u009b31m c1\u0085 del\x7f bs\x08`,
		"bidi \u202eevil\u202c \u2066x\u2069": `bidi \u202eevil\u202c \u2066x\u2069`,
		"bad \xff\x9b byte":                   `bad \xff\x9b byte`,
		"ünïcödé, 日本語, emoji 🙂":               "ünïcödé, 日本語, emoji 🙂",
		"trailing \r":                         `trailing \r`,
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLineAndCell(t *testing.T) {
	in := "RUNNING\nStorage: persistent\tyes\r\n"
	if got := Line(in); got != "RUNNING\\nStorage: persistent\tyes\\r\\n" {
		t.Errorf("Line = %q", got)
	}
	if got := Cell(in); got != `RUNNING\nStorage: persistent\tyes\r\n` {
		t.Errorf("Cell = %q", got)
	}
}

// A stream cut anywhere (inside a rune, between \r and \n) comes out as Text of the whole.
func TestWriterPieces(t *testing.T) {
	in := "a\x1b[31mé\r\n日本\u009b\xffz\r"
	for step := 1; step <= len(in); step++ {
		var out bytes.Buffer
		w := NewWriter(&out)
		for i := 0; i < len(in); i += step {
			end := min(i+step, len(in))
			if n, err := w.Write([]byte(in[i:end])); n != end-i || err != nil {
				t.Fatalf("Write = %d, %v", n, err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if out.String() != Text(in) {
			t.Errorf("step %d: %q, want %q", step, out.String(), Text(in))
		}
	}
}

// FuzzText: no control but \n, \t (and \r before \n) survives, valid UTF-8 comes out, safe text is
// kept as it is, and the Writer agrees with Text however the input is split.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "ok\n", "\x1b]52;c;QQ==\x07", "\u009b2J", "\xe6\x97", "\r", "a\r\nb", "\u202e"} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, s string, step int) {
		for _, out := range []string{Text(s), Line(s), Cell(s)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q: %q", s, out)
			}
			for i, r := range out {
				bad := r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r == 0x7f || r >= 0x80 && r <= 0x9f ||
					r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
				if bad || r == '\r' && !strings.HasPrefix(out[i+1:], "\n") {
					t.Fatalf("control %U survives in %q", r, out)
				}
			}
		}
		if strings.ContainsAny(Line(s), "\n\r") || strings.ContainsAny(Cell(s), "\n\t\r") {
			t.Fatalf("Line or Cell kept a line break: %q", s)
		}
		if safe(s, text) && Text(s) != s {
			t.Fatalf("safe text changed: %q", s)
		}
		if step < 1 {
			step = 1
		}
		var b bytes.Buffer
		w := NewWriter(&b)
		for i := 0; i < len(s); i += step {
			w.Write([]byte(s[i:min(i+step, len(s))]))
		}
		w.Flush()
		if b.String() != Text(s) {
			t.Fatalf("Writer %q != Text %q", b.String(), Text(s))
		}
	})
}

// Writers shared by goroutines (a fleet's workers all report on stderr) write whole pieces.
func TestWriterConcurrent(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	done := make(chan bool)
	for i := 0; i < 4; i++ {
		go func() {
			for j := 0; j < 100; j++ {
				w.Write([]byte("é\x1b line\n"))
			}
			done <- true
		}()
	}
	for i := 0; i < 4; i++ {
		<-done
	}
	if got := strings.Count(out.String(), "é\\x1b line\n"); got != 400 {
		t.Fatalf("%d whole lines, want 400", got)
	}
}
