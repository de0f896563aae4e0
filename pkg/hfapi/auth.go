package hfapi

import (
	"os"
	"path/filepath"
	"strings"
)

// ResolveToken finds the Hub token the way huggingface_hub's get_token() does,
// minus OIDC and Colab (reference §13):
//
//  1. HF_TOKEN, else HUGGING_FACE_HUB_TOKEN (an empty value falls through);
//  2. the token file. Like huggingface_hub (constants.py), exactly one file is
//     read: HF_TOKEN_PATH when set, else $HF_HOME/token, else
//     $XDG_CACHE_HOME/huggingface/token, else ~/.cache/huggingface/token.
//     A missing HF_TOKEN_PATH file does not fall back to the others.
//
// "~" and $VARS are expanded in paths. The value has \r and \n removed and is
// trimmed; empty means none. source is "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN",
// the file path, or "" when no token was found. An empty environment value
// counts as unset everywhere (Python would join an empty HF_HOME as "").
func ResolveToken(getenv func(string) string) (token, source string) {
	// Python's `HF_TOKEN or HUGGING_FACE_HUB_TOKEN` picks the first non-empty
	// raw value and cleans it after: a blank HF_TOKEN ("  ") hides the legacy
	// variable and falls through to the file.
	raw, name := getenv("HF_TOKEN"), "HF_TOKEN"
	if raw == "" {
		raw, name = getenv("HUGGING_FACE_HUB_TOKEN"), "HUGGING_FACE_HUB_TOKEN"
	}
	if t := cleanToken(raw); t != "" {
		return t, name
	}
	path := tokenPath(getenv)
	b, err := os.ReadFile(path)
	if err != nil {
		return "", ""
	}
	if t := cleanToken(string(b)); t != "" {
		return t, path
	}
	return "", ""
}

// ResolveEndpoint returns HF_ENDPOINT without trailing slashes, else
// DefaultEndpoint.
func ResolveEndpoint(getenv func(string) string) string {
	if e := strings.TrimRight(getenv("HF_ENDPOINT"), "/"); e != "" {
		return e
	}
	return DefaultEndpoint
}

// cleanToken removes \r and \n and surrounding spaces, as huggingface_hub does.
func cleanToken(s string) string {
	s = strings.NewReplacer("\r", "", "\n", "").Replace(s)
	return strings.TrimSpace(s)
}

// tokenPath picks the token file path (see ResolveToken).
func tokenPath(getenv func(string) string) string {
	if p := getenv("HF_TOKEN_PATH"); p != "" {
		return expandPath(p, getenv)
	}
	return filepath.Join(hfHome(getenv), "token")
}

// hfHome is $HF_HOME, else $XDG_CACHE_HOME/huggingface, else
// ~/.cache/huggingface, expanded.
func hfHome(getenv func(string) string) string {
	if h := getenv("HF_HOME"); h != "" {
		return expandPath(h, getenv)
	}
	if x := getenv("XDG_CACHE_HOME"); x != "" {
		return expandPath(filepath.Join(x, "huggingface"), getenv)
	}
	return filepath.Join(homeDir(getenv), ".cache", "huggingface")
}

// expandPath expands a leading "~" (then $VARS), in that order, like Python's
// os.path.expandvars(os.path.expanduser(p)). Unknown variables stay as written.
func expandPath(p string, getenv func(string) string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		p = homeDir(getenv) + p[1:]
	}
	return os.Expand(p, func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return "${" + name + "}"
	})
}

// homeDir is $HOME from getenv, else the OS's idea of it.
func homeDir(getenv func(string) string) string {
	if h := getenv("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}
