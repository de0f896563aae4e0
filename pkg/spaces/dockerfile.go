package spaces

import (
	"path"
	"strings"
)

// Argilla's image works in /home/argilla and reads the OAuth file from ARGILLA_AUTH_OAUTH_CFG, relative to
// that directory, default `.oauth.yaml` (argilla-on-spaces §0.1, §1.4).
const (
	argillaWorkdir    = "/home/argilla"
	DefaultOAuthFile  = ".oauth.yaml"
	OAuthPathVariable = "ARGILLA_AUTH_OAUTH_CFG"
)

// OAuthRepoPath finds which file of the Space repo ends up as the OAuth file the server reads: the source
// of the Dockerfile's COPY into /home/argilla/ that lands on the configured path. The template copies
// `.oauth.yaml`, not the `.oauth.yml` the docs name, so guessing would edit a file nobody reads.
func OAuthRepoPath(dockerfile string, cfgVariable string) string {
	cfg := cfgVariable
	if cfg == "" {
		cfg = DefaultOAuthFile
	}
	target := cfg
	if !path.IsAbs(target) {
		target = path.Join(argillaWorkdir, target)
	}
	target = path.Clean(target)
	for _, line := range dockerfileInstructions(dockerfile) {
		fields := strings.Fields(line)
		if len(fields) < 3 || !strings.EqualFold(fields[0], "COPY") {
			continue
		}
		args := fields[1:]
		// Flags such as --chown=1000 come before the sources.
		for len(args) > 0 && strings.HasPrefix(args[0], "--") {
			args = args[1:]
		}
		if len(args) < 2 {
			continue
		}
		srcs, dest := args[:len(args)-1], args[len(args)-1]
		if !path.IsAbs(dest) {
			dest = path.Join(argillaWorkdir, dest) // WORKDIR of the base image
		}
		for _, src := range srcs {
			landed := dest
			if strings.HasSuffix(args[len(args)-1], "/") || len(srcs) > 1 {
				landed = path.Join(dest, path.Base(src))
			}
			if path.Clean(landed) == target {
				return strings.TrimPrefix(path.Clean(src), "./")
			}
		}
	}
	if !path.IsAbs(cfg) {
		return strings.TrimPrefix(path.Clean(cfg), "./")
	}
	return DefaultOAuthFile
}

// dockerfileInstructions joins continuation lines and drops comments and blank lines.
func dockerfileInstructions(dockerfile string) []string {
	var out []string
	var cur strings.Builder
	for _, raw := range strings.Split(strings.ReplaceAll(dockerfile, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(raw)
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if strings.HasSuffix(line, "\\") {
			cur.WriteString(strings.TrimSuffix(line, "\\"))
			cur.WriteByte(' ')
			continue
		}
		cur.WriteString(line)
		out = append(out, cur.String())
		cur.Reset()
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}
