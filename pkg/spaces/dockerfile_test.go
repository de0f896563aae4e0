package spaces

import "testing"

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
	}
	for _, c := range cases {
		if got := OAuthRepoPath(c.dockerfile, c.variable); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
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
