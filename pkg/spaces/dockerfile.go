package spaces

import (
	"encoding/json"
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

// OAuthSource says which file of the Space repo becomes the OAuth file Argilla reads, and how that was
// decided.
type OAuthSource struct {
	// Path is the file in the Space repo: the source of the COPY that lands on Target, else (Copied
	// false) the configured name, or .oauth.yaml.
	Path string
	// Target is the absolute path in the container that Argilla reads.
	Target string
	// Setting tells where Target comes from: the Space variable, an ENV line of the Dockerfile, or the
	// default.
	Setting string
	// Copied reports whether a COPY (or ADD) of the Dockerfile's last stage puts a repo file on Target.
	Copied bool
	// Copies are the COPY and ADD instructions of that stage, as written, for messages.
	Copies []string
	// Suggest is the file one of those instructions copies whose name says OAuth (relative to
	// /home/argilla when it lands under it), "" when none does: the likely value for
	// ARGILLA_AUTH_OAUTH_CFG when Copied is false.
	Suggest     string
	suggestRepo string
}

// OAuthRepoPath finds which file of the Space repo ends up as the OAuth file the server reads: the source
// of the Dockerfile's COPY into /home/argilla/ that lands on the configured path. The template copies
// `.oauth.yaml`, not the `.oauth.yml` the docs name, so guessing would edit a file nobody reads. When no
// COPY lands there it is the configured name (ResolveOAuthFile tells that case apart).
func OAuthRepoPath(dockerfile string, cfgVariable string) string {
	return ResolveOAuthFile(dockerfile, cfgVariable).Path
}

// ResolveOAuthFile reads the Dockerfile the way Docker would for the file Argilla reads: the path is
// the Space variable ARGILLA_AUTH_OAUTH_CFG (variables override the image's ENV), else an
// `ENV ARGILLA_AUTH_OAUTH_CFG` of the Dockerfile, else .oauth.yaml, relative to /home/argilla; the
// repo file is the source of the last COPY or ADD of the last stage that lands there. Sources are
// files, except `.`, `./` and names ending in `/` (directories: their files keep their relative path)
// and globs; `COPY --from` copies from another image, not from the repo.
func ResolveOAuthFile(dockerfile string, cfgVariable string) OAuthSource {
	var s OAuthSource
	var instrs []string
	for _, line := range dockerfileInstructions(dockerfile) {
		if instr, _ := splitInstruction(line); strings.EqualFold(instr, "FROM") {
			instrs = instrs[:0] // only the last stage makes the image
			continue
		}
		instrs = append(instrs, line)
	}
	cfg, setting := cfgVariable, "the "+OAuthPathVariable+" variable of the Space"
	if cfg == "" {
		for _, line := range instrs {
			if v, ok := envValue(line, OAuthPathVariable); ok {
				cfg, setting = v, "ENV "+OAuthPathVariable+" in the Dockerfile"
			}
		}
	}
	if cfg == "" {
		cfg, setting = DefaultOAuthFile, "the default: "+OAuthPathVariable+" is not set"
	}
	s.Setting = setting
	s.Target = path.Clean(inDir(argillaWorkdir, cfg))

	workdir := argillaWorkdir
	for _, line := range instrs {
		instr, rest := splitInstruction(line)
		switch strings.ToUpper(instr) {
		case "WORKDIR":
			if d := strings.TrimSpace(rest); d != "" {
				workdir = path.Clean(inDir(workdir, unquote(d)))
			}
			continue
		case "COPY", "ADD":
		default:
			continue
		}
		s.Copies = append(s.Copies, line)
		srcs, dest, ok := copyArgs(rest)
		if !ok {
			continue
		}
		dirDest := strings.HasSuffix(dest, "/") || len(srcs) > 1
		dest = path.Clean(inDir(workdir, dest))
		// Directories the image has: a file copied onto one goes inside it, slash or not.
		dirDest = dirDest || dest == workdir || dest == argillaWorkdir
		for _, src := range srcs {
			if strings.Contains(src, "://") {
				continue // ADD of a URL
			}
			if repo, ok := copiedOnto(src, dest, dirDest, s.Target); ok && repo != "" {
				s.Path, s.Copied = repo, true
			}
			if s.Suggest == "" && !isDirSource(src) && strings.Contains(strings.ToLower(path.Base(src)), "oauth") {
				landed := dest
				if dirDest {
					landed = path.Join(dest, path.Base(src))
				}
				s.Suggest, s.suggestRepo = landed, cleanRepoPath(src)
				if rel, ok := under(argillaWorkdir, landed); ok {
					s.Suggest = rel
				}
			}
		}
	}
	if !s.Copied {
		s.Path = DefaultOAuthFile
		if p := cleanRepoPath(cfg); !path.IsAbs(cfg) && p != "" {
			s.Path = p
		}
	}
	return s
}

// copiedOnto reports which repo file a COPY of src to dest puts on target.
func copiedOnto(src, dest string, dirDest bool, target string) (string, bool) {
	switch {
	case isDirSource(src):
		rel, ok := under(dest, target)
		if !ok {
			return "", false
		}
		return cleanRepoPath(path.Join(src, rel)), true
	case strings.ContainsAny(src, "*?["):
		if path.Dir(target) != dest {
			return "", false
		}
		candidate := path.Join(path.Dir(src), path.Base(target))
		if ok, _ := path.Match(path.Clean(src), path.Clean(candidate)); ok {
			return cleanRepoPath(candidate), true
		}
		return "", false
	}
	landed := dest
	if dirDest {
		landed = path.Join(dest, path.Base(src))
	}
	if landed == target {
		return cleanRepoPath(src), true
	}
	return "", false
}

func isDirSource(src string) bool {
	return src == "." || src == "./" || strings.HasSuffix(src, "/")
}

// under gives p relative to dir, when p is inside it.
func under(dir, p string) (string, bool) {
	if dir == "/" {
		return strings.TrimPrefix(p, "/"), p != "/"
	}
	rel, ok := strings.CutPrefix(p, dir+"/")
	return rel, ok && rel != ""
}

func inDir(dir, p string) string {
	if path.IsAbs(p) {
		return p
	}
	return path.Join(dir, p)
}

func cleanRepoPath(p string) string {
	return strings.TrimPrefix(path.Clean("/"+p), "/")
}

// copyArgs splits a COPY/ADD's arguments (shell or JSON-array form) into sources and destination;
// ok is false for `--from` (another image) or too few arguments.
func copyArgs(rest string) (srcs []string, dest string, ok bool) {
	fields := strings.Fields(rest)
	i := 0
	for ; i < len(fields) && strings.HasPrefix(fields[i], "--"); i++ {
		if strings.HasPrefix(fields[i], "--from") {
			return nil, "", false
		}
	}
	args := fields[i:]
	if joined := strings.TrimSpace(strings.Join(args, " ")); strings.HasPrefix(joined, "[") {
		var arr []string
		if json.Unmarshal([]byte(joined), &arr) == nil {
			args = arr
		}
	}
	if len(args) < 2 {
		return nil, "", false
	}
	return args[:len(args)-1], args[len(args)-1], true
}

// envValue reads key from an ENV instruction, in either form: `ENV K=V [K2=V2...]` or `ENV K V`.
func envValue(line, key string) (string, bool) {
	instr, rest := splitInstruction(line)
	if !strings.EqualFold(instr, "ENV") {
		return "", false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return "", false
	}
	if !strings.Contains(fields[0], "=") {
		if fields[0] == key {
			return unquote(strings.TrimSpace(strings.TrimPrefix(rest, fields[0]))), true
		}
		return "", false
	}
	found, value := false, ""
	for _, f := range fields {
		if k, v, ok := strings.Cut(f, "="); ok && k == key {
			found, value = true, unquote(v)
		}
	}
	return value, found
}

// splitInstruction splits an instruction into its keyword and the rest, trimmed.
func splitInstruction(line string) (string, string) {
	line = strings.TrimSpace(line)
	i := strings.IndexAny(line, " \t")
	if i < 0 {
		return line, ""
	}
	return line[:i], strings.TrimSpace(line[i:])
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
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
