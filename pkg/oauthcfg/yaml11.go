package oauthcfg

import (
	"regexp"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The server parses the file with PyYAML, which resolves plain scalars by the
// YAML 1.1 type regexps (yaml.org/type/*.html), not by YAML 1.2 as yaml/v3 does:
// `yes`, `on`, `0b1_0` or `2024-01-01` are strings to yaml/v3 but not to the
// server. These expressions are transcribed from those type definitions.
var (
	yaml11Bool = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)
	})
	yaml11Null = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:~|null|Null|NULL|)$`) })
	yaml11Int  = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)
	})
	yaml11Float = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	})
	yaml11Time = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$`)
	})
)

// Scalar types as the server sees them.
const (
	typeStr   = "string"
	typeBool  = "bool"
	typeInt   = "int"
	typeFloat = "float"
	typeNull  = "null"
	typeTime  = "timestamp"
	typeOther = "tagged value"
)

// pyType returns the type PyYAML gives the scalar node n.
func pyType(n *yaml.Node) string {
	if n.Style&yaml.TaggedStyle != 0 {
		switch n.ShortTag() {
		case "!!str":
			return typeStr
		case "!!bool":
			return typeBool
		case "!!int":
			return typeInt
		case "!!float":
			return typeFloat
		case "!!null":
			return typeNull
		case "!!timestamp":
			return typeTime
		}
		return typeOther
	}
	if n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return typeStr
	}
	return plainType(n.Value)
}

// plainType resolves an unquoted scalar the YAML 1.1 way.
func plainType(s string) string {
	switch {
	case yaml11Bool().MatchString(s):
		return typeBool
	case yaml11Null().MatchString(s):
		return typeNull
	case yaml11Int().MatchString(s):
		return typeInt
	case yaml11Float().MatchString(s):
		return typeFloat
	case yaml11Time().MatchString(s):
		return typeTime
	}
	return typeStr
}
