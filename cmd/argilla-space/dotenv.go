package main

import (
	"fmt"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// envEntry is one KEY=VALUE of a dotenv file, with the line it starts on for error messages.
type envEntry struct {
	Key   string
	Value string
	Line  int
}

// parseDotenv reads a dotenv file (`secrets set --env-file`): KEY=VALUE lines, blank lines, `#`
// comments, an optional `export ` prefix, values in single quotes (literal) or double quotes (with
// \n \r \t \" \\ escapes); both kinds of quotes may span lines. Unquoted values end at ` #`. There is no
// ${VAR} expansion: a value is sent as written.
//
// Every error names its line and never the value: a dotenv file holds secrets. An empty value, a
// repeated key or a key the Hub refuses is an error, so a file is sent whole or not at all.
func parseDotenv(data string) ([]envEntry, error) {
	data = strings.TrimPrefix(data, "\uFEFF") // a byte-order mark some editors write
	p := &dotenvParser{src: strings.ReplaceAll(data, "\r\n", "\n"), line: 1}
	seen := map[string]int{}
	var out []envEntry
	for {
		p.skipBlankAndComments()
		if p.done() {
			break
		}
		e, err := p.entry()
		if err != nil {
			return nil, err
		}
		if first, ok := seen[e.Key]; ok {
			return nil, fmt.Errorf("line %d: %s is already set on line %d", e.Line, e.Key, first)
		}
		seen[e.Key] = e.Line
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no KEY=VALUE line found")
	}
	return out, nil
}

type dotenvParser struct {
	src  string
	pos  int
	line int
}

func (p *dotenvParser) done() bool { return p.pos >= len(p.src) }

// next consumes one byte, counting lines.
func (p *dotenvParser) next() byte {
	c := p.src[p.pos]
	p.pos++
	if c == '\n' {
		p.line++
	}
	return c
}

func (p *dotenvParser) skipSpaces() {
	for !p.done() && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

// restOfLine consumes up to and including the next newline and returns the text before it.
func (p *dotenvParser) restOfLine() string {
	start := p.pos
	for !p.done() && p.src[p.pos] != '\n' {
		p.pos++
	}
	s := p.src[start:p.pos]
	if !p.done() {
		p.next()
	}
	return s
}

func (p *dotenvParser) skipBlankAndComments() {
	for !p.done() {
		p.skipSpaces()
		if p.done() {
			return
		}
		if c := p.src[p.pos]; c != '\n' && c != '#' {
			return
		}
		p.restOfLine()
	}
}

// entry reads KEY=VALUE starting at a non-blank, non-comment line.
func (p *dotenvParser) entry() (envEntry, error) {
	e := envEntry{Line: p.line}
	start := p.pos
	for !p.done() && p.src[p.pos] != '=' && p.src[p.pos] != '\n' {
		p.pos++
	}
	if p.done() || p.src[p.pos] != '=' {
		// The line is not shown: it may be a bare secret.
		return e, fmt.Errorf("line %d: expected KEY=VALUE", e.Line)
	}
	key := strings.TrimSpace(p.src[start:p.pos])
	if rest, ok := strings.CutPrefix(key, "export"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
		key = strings.TrimSpace(rest)
	}
	if err := spaces.ValidateKey(key); err != nil {
		return e, fmt.Errorf("line %d: %v", e.Line, err)
	}
	e.Key = key
	p.next() // '='
	p.skipSpaces()
	var err error
	switch {
	case p.done():
	case p.src[p.pos] == '"' || p.src[p.pos] == '\'':
		e.Value, err = p.quoted(e)
	default:
		e.Value = unquotedValue(p.restOfLine())
	}
	if err != nil {
		return e, err
	}
	if e.Value == "" {
		return e, fmt.Errorf("line %d: %s has an empty value (empty secrets are refused; remove the line, or delete the secret with `secrets delete %s`)", e.Line, key, key)
	}
	return e, nil
}

// unquotedValue ends a bare value at a comment (` #`) and trims the space around it.
func unquotedValue(s string) string {
	for i := 1; i < len(s); i++ {
		if s[i] == '#' && (s[i-1] == ' ' || s[i-1] == '\t') {
			s = s[:i]
			break
		}
	}
	return strings.TrimSpace(s)
}

// quoted reads a single- or double-quoted value and what may follow it on its last line: space and an
// optional comment.
func (p *dotenvParser) quoted(e envEntry) (string, error) {
	q := p.next()
	var b strings.Builder
	for {
		if p.done() {
			return "", fmt.Errorf("line %d: the value of %s has no closing %c", e.Line, e.Key, q)
		}
		c := p.next()
		if c == q {
			break
		}
		if c == '\\' && q == '"' && !p.done() {
			b.WriteString(unescape(p.next()))
			continue
		}
		b.WriteByte(c)
	}
	line := p.line
	if tail := strings.TrimSpace(p.restOfLine()); tail != "" && !strings.HasPrefix(tail, "#") {
		return "", fmt.Errorf("line %d: unexpected text after the closing quote of %s", line, e.Key)
	}
	return b.String(), nil
}

// unescape maps the character after a backslash inside double quotes.
func unescape(c byte) string {
	switch c {
	case 'n':
		return "\n"
	case 'r':
		return "\r"
	case 't':
		return "\t"
	case '"', '\\':
		return string(c)
	}
	return "\\" + string(c) // unknown escapes stay as written
}
