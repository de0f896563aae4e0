package spaces

import (
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

func TestOAuthRepoPath(t *testing.T) {
	template := "FROM argilla/argilla-hf-spaces:v2.8.0\nCOPY .oauth.yaml /home/argilla/\n#ENV ARGILLA_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING=false\n"
	cases := []struct {
		name, dockerfile, variable, want string
	}{
		{"template", template, "", ".oauth.yaml"},
		{"renamed in the COPY", "FROM x\nCOPY auth/oauth.yml /home/argilla/.oauth.yaml\n", "", "auth/oauth.yml"},
		{"variable points elsewhere", "FROM x\nCOPY my.yaml /home/argilla/\n", "my.yaml", "my.yaml"},
		{"absolute variable", "FROM x\nCOPY --chown=1000 cfg.yaml /etc/argilla/\n", "/etc/argilla/cfg.yaml", "cfg.yaml"},
		{"continuation line", "FROM x\nCOPY \\\n  .oauth.yaml \\\n  /home/argilla/\n", "", ".oauth.yaml"},
		{"no COPY: default", "FROM x\n", "", ".oauth.yaml"},
		{"lower-case copy, several sources", "from x\ncopy a.txt .oauth.yaml /home/argilla/\n", "", ".oauth.yaml"},
		{"comment mentioning COPY ignored", "# COPY other.yaml /home/argilla/.oauth.yaml\nCOPY .oauth.yaml /home/argilla/\n", "", ".oauth.yaml"},
		{"copied under another name: the configured name", "FROM x\nCOPY .oauth.yml /home/argilla/\n", "", ".oauth.yaml"},
		{"JSON form", "FROM x\nCOPY [\".oauth.yaml\", \"/home/argilla/\"]\n", "", ".oauth.yaml"},
		{"whole context", "FROM x\nCOPY --chown=argilla . /home/argilla/\n", "", ".oauth.yaml"},
		{"directory source", "FROM x\nCOPY config/ /home/argilla/\n", "", "config/.oauth.yaml"},
		{"glob", "FROM x\nCOPY conf/*.yaml /home/argilla/\n", "", "conf/.oauth.yaml"},
		{"relative destination after WORKDIR", "FROM x\nWORKDIR /home/argilla\nCOPY auth.yaml .oauth.yaml\n", "", "auth.yaml"},
		{"workdir without a slash", "FROM x\nCOPY auth/.oauth.yaml /home/argilla\n", "", "auth/.oauth.yaml"},
		{"ENV in the Dockerfile", "FROM x\nENV ARGILLA_AUTH_OAUTH_CFG=/home/argilla/.oauth.yml\nCOPY .oauth.yml /home/argilla/\n", "", ".oauth.yml"},
		{"ENV, old form", "FROM x\nENV ARGILLA_AUTH_OAUTH_CFG .oauth.yml\nCOPY .oauth.yml /home/argilla/\n", "", ".oauth.yml"},
		{"the variable wins over ENV", "FROM x\nENV ARGILLA_AUTH_OAUTH_CFG=a.yaml\nCOPY a.yaml b.yaml /home/argilla/\n", "b.yaml", "b.yaml"},
		{"the last COPY wins", "FROM x\nCOPY a.yaml /home/argilla/.oauth.yaml\nCOPY b.yaml /home/argilla/.oauth.yaml\n", "", "b.yaml"},
		{"COPY --from is not the repo", "FROM x\nCOPY .oauth.yaml /home/argilla/\nCOPY --from=build /x.yaml /home/argilla/.oauth.yaml\n", "", ".oauth.yaml"},
		{"an earlier stage does not count", "FROM a AS build\nCOPY x.yaml /home/argilla/.oauth.yaml\nFROM argilla/argilla-hf-spaces:v2.8.0\nCOPY .oauth.yaml /home/argilla/\n", "", ".oauth.yaml"},
	}
	for _, c := range cases {
		if got := OAuthRepoPath(c.dockerfile, c.variable); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestResolveOAuthFileTellsWhenNothingIsCopied(t *testing.T) {
	// The template Space's real Dockerfile, as the emulator serves it.
	template := hubtest.TemplateFiles()["Dockerfile"]
	if s := ResolveOAuthFile(template, ""); !s.Copied || s.Path != ".oauth.yaml" || s.Target != "/home/argilla/.oauth.yaml" {
		t.Errorf("template: %+v", s)
	}
	s := ResolveOAuthFile("FROM x\nCOPY .oauth.yml /home/argilla/\n", "")
	if s.Copied || s.Target != "/home/argilla/.oauth.yaml" || s.Suggest != ".oauth.yml" ||
		len(s.Copies) != 1 || s.Copies[0] != "COPY .oauth.yml /home/argilla/" || !strings.Contains(s.Setting, "default") {
		t.Errorf(".oauth.yml copied, .oauth.yaml read: %+v", s)
	}
	s = ResolveOAuthFile("FROM x\nCOPY .oauth.yaml /home/argilla/\n", "cfg/oauth.yaml")
	if s.Copied || s.Path != "cfg/oauth.yaml" || s.Target != "/home/argilla/cfg/oauth.yaml" || !strings.Contains(s.Setting, "variable") {
		t.Errorf("variable naming a file nobody copies: %+v", s)
	}
	if s := ResolveOAuthFile("", ""); s.Copied || s.Path != ".oauth.yaml" {
		t.Errorf("no Dockerfile: %+v", s)
	}
}

func FuzzOAuthRepoPath(f *testing.F) {
	f.Add("FROM x\nCOPY .oauth.yaml /home/argilla/\n", "")
	f.Add("COPY --from=a b c d /e\\\n", "x/../y")
	f.Fuzz(func(t *testing.T, dockerfile, variable string) {
		if got := OAuthRepoPath(dockerfile, variable); got == "" {
			t.Fatalf("empty path for %q / %q", dockerfile, variable)
		}
	})
}
