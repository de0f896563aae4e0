package hfapi_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

func TestResolveToken(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, content string) string {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	custom := write("custom/tok", " hf_path\r\n")
	hfHome := write("hfhome/token", "hf_home\n")
	xdg := write("xdg/huggingface/token", "hf_xdg")
	home := write("home/.cache/huggingface/token", "\thf_default \n")
	blank := write("blank/token", " \r\n ")
	write("varhome/tok", "hf_var")

	cases := []struct {
		name       string
		env        map[string]string
		token, src string
	}{
		{"HF_TOKEN wins and is cleaned", map[string]string{"HF_TOKEN": " hf_env\r\n", "HUGGING_FACE_HUB_TOKEN": "hf_legacy", "HF_TOKEN_PATH": custom}, "hf_env", "HF_TOKEN"},
		{"empty HF_TOKEN falls to legacy", map[string]string{"HF_TOKEN": "", "HUGGING_FACE_HUB_TOKEN": "hf_legacy"}, "hf_legacy", "HUGGING_FACE_HUB_TOKEN"},
		{"blank HF_TOKEN hides legacy, falls to file", map[string]string{"HF_TOKEN": "  ", "HUGGING_FACE_HUB_TOKEN": "hf_legacy", "HF_TOKEN_PATH": custom}, "hf_path", custom},
		{"HF_TOKEN_PATH", map[string]string{"HF_TOKEN_PATH": custom, "HF_HOME": filepath.Dir(hfHome)}, "hf_path", custom},
		{"HF_TOKEN_PATH with ~", map[string]string{"HOME": dir, "HF_TOKEN_PATH": "~/custom/tok"}, "hf_path", custom},
		{"HF_TOKEN_PATH with $VAR", map[string]string{"BASE": dir, "HF_TOKEN_PATH": "$BASE/varhome/tok"}, "hf_var", filepath.Join(dir, "varhome/tok")},
		{"missing HF_TOKEN_PATH does not fall back", map[string]string{"HF_TOKEN_PATH": filepath.Join(dir, "nope"), "HF_HOME": filepath.Dir(hfHome)}, "", ""},
		{"HF_HOME", map[string]string{"HF_HOME": filepath.Dir(hfHome), "XDG_CACHE_HOME": filepath.Join(dir, "xdg")}, "hf_home", hfHome},
		{"HF_HOME with ~", map[string]string{"HOME": dir, "HF_HOME": "~/hfhome"}, "hf_home", hfHome},
		{"XDG_CACHE_HOME", map[string]string{"XDG_CACHE_HOME": filepath.Join(dir, "xdg"), "HOME": filepath.Join(dir, "home")}, "hf_xdg", xdg},
		{"HOME default", map[string]string{"HOME": filepath.Join(dir, "home")}, "hf_default", home},
		{"blank file is no token", map[string]string{"HF_TOKEN_PATH": blank}, "", ""},
		{"nothing", map[string]string{"HOME": filepath.Join(dir, "empty")}, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tok, src := hfapi.ResolveToken(func(k string) string { return tc.env[k] })
			if tok != tc.token || src != tc.src {
				t.Errorf("ResolveToken = %q, %q; want %q, %q", tok, src, tc.token, tc.src)
			}
		})
	}
}

func TestResolveEndpoint(t *testing.T) {
	for in, want := range map[string]string{
		"":                        hfapi.DefaultEndpoint,
		"http://localhost:8080/":  "http://localhost:8080",
		"https://hub.example//":   "https://hub.example",
		"https://hub.example/api": "https://hub.example/api",
	} {
		if got := hfapi.ResolveEndpoint(func(k string) string {
			if k == "HF_ENDPOINT" {
				return in
			}
			return ""
		}); got != want {
			t.Errorf("ResolveEndpoint(%q) = %q, want %q", in, got, want)
		}
	}
}
