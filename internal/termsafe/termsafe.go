// Package termsafe keeps hostile text from driving the terminal. Hub answers, Space logs, the OAuth
// file and Argilla's errors are written by others; printed as they are, an ESC or OSC sequence could
// rewrite the screen, hide text, set the window title or write the clipboard (OSC 52). Text shows
// every such control as a visible escape (\x1b, \u009b) instead.
//
// Escaped: C0 controls but \t and \n (and \r when a \n follows: a CRLF line end harms nothing), DEL,
// C1 controls (U+0080 to U+009F, which some terminals obey as ESC sequences), the bidirectional
// overrides and isolates that reorder what is shown (U+202A to U+202E, U+2066 to U+2069), and bytes
// that are not UTF-8 (\xNN), as an 8-bit C1 byte could act on a terminal not in UTF-8 mode.
package termsafe

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// What a mode keeps of \n and \t.
type mode int

const (
	text mode = iota // keeps \n and \t
	line             // keeps \t
	cell             // keeps neither
)

// Text returns s with every control escaped but \n and \t: for multi-line text (a file, an error).
func Text(s string) string { return escape(s, text) }

// Line returns s on one line: like Text, with \n (and \r) escaped too, for what must not pretend to
// be more lines of output (a log line, a stage, a URL, a date).
func Line(s string) string { return escape(s, line) }

// Cell is Line with \t escaped too, for a cell of aligned columns.
func Cell(s string) string { return escape(s, cell) }

func escape(s string, m mode) string {
	if safe(s, m) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	appendEscaped(&b, s, m, true)
	return b.String()
}

// safe reports whether s is printable ASCII (and the \n and \t m keeps), which needs no escaping:
// the common case, checked without allocating. Other text goes rune by rune.
func safe(s string, m mode) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 || c >= 0x7f) && !(c == '\n' && m == text) && !(c == '\t' && m != cell) {
			return false
		}
	}
	return true
}

// appendEscaped writes the escaped s to b. With final false, an incomplete UTF-8 sequence at the
// end is left out and its length returned, for a Writer to keep until its next Write.
func appendEscaped(b *strings.Builder, s string, m mode, final bool) (held int) {
	multiline := m == text
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n' && multiline, c == '\t' && m != cell:
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\r':
				if multiline && i+1 < len(s) && s[i+1] == '\n' {
					b.WriteByte(c)
				} else if !final && multiline && i+1 == len(s) {
					return 1 // a \n may follow in the next Write
				} else {
					b.WriteString(`\r`)
				}
			case c < 0x20 || c == 0x7f:
				fmt.Fprintf(b, `\x%02x`, c)
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			if !final && !utf8.FullRuneInString(s[i:]) {
				return len(s) - i
			}
			fmt.Fprintf(b, `\x%02x`, c)
			i++
			continue
		}
		if (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			fmt.Fprintf(b, `\u%04x`, r)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return 0
}

// Writer escapes a stream of text as Text does, whatever pieces it is written in: a UTF-8 sequence
// (or a \r before a \n) split between two Writes is kept until the next one. Flush writes what is kept.
// It is safe for concurrent use (the workers of a fleet share stderr), one Write at a time.
type Writer struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte
}

// NewWriter returns a Writer that writes the escaped text to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write escapes p and writes it. It reports len(p) when the underlying write succeeds.
func (t *Writer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := string(p)
	if len(t.pending) > 0 {
		s = string(t.pending) + s
		t.pending = t.pending[:0]
	}
	if safe(s, text) {
		if _, err := io.WriteString(t.w, s); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	var b strings.Builder
	held := appendEscaped(&b, s, text, false)
	t.pending = append(t.pending, s[len(s)-held:]...)
	if _, err := io.WriteString(t.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes, escaped, what an unfinished sequence left pending.
func (t *Writer) Flush() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.pending) == 0 {
		return nil
	}
	var b strings.Builder
	appendEscaped(&b, string(t.pending), text, true)
	t.pending = t.pending[:0]
	_, err := io.WriteString(t.w, b.String())
	return err
}

// Unwrap returns the writer t writes to, for callers that need the real stream (a terminal check,
// `logs --raw`).
func (t *Writer) Unwrap() io.Writer { return t.w }
