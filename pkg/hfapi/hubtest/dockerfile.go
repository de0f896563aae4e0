package hubtest

import (
	"encoding/json"
	"path"
	"strings"
)

// dockerStep is one instruction of a Dockerfile.
type dockerStep struct {
	Instr string   // upper-case instruction (FROM, COPY, ...)
	Args  []string // arguments, flags (--chown=...) removed for COPY/ADD
	Raw   string   // the instruction as written (continuations joined)
	From  bool     // COPY --from=...: copies from another stage, not from the repo
}

// parseDockerfile splits a Dockerfile into instructions: comments and blank lines are skipped, '\'
// continuations joined, and COPY/ADD arguments read in shell or JSON-array form. It never fails: what it
// cannot read is kept as Raw with no Args, as Docker's own parser would report it at build time.
func parseDockerfile(src string) []dockerStep {
	var steps []dockerStep
	var cur strings.Builder
	flush := func() {
		line := strings.TrimSpace(cur.String())
		cur.Reset()
		if line == "" {
			return
		}
		instr, rest, _ := strings.Cut(line, " ")
		st := dockerStep{Instr: strings.ToUpper(instr), Raw: line}
		rest = strings.TrimSpace(rest)
		if st.Instr == "COPY" || st.Instr == "ADD" {
			st.Args, st.From = copyArgs(rest)
		} else {
			st.Args = strings.Fields(rest)
		}
		steps = append(steps, st)
	}
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur.WriteString(strings.TrimSuffix(trimmed, "\\") + " ")
			continue
		}
		cur.WriteString(trimmed)
		flush()
	}
	flush()
	return steps
}

// copyArgs returns the sources and destination of COPY/ADD without flags, and whether --from is used.
func copyArgs(rest string) ([]string, bool) {
	fields := strings.Fields(rest)
	from := false
	i := 0
	for ; i < len(fields) && strings.HasPrefix(fields[i], "--"); i++ {
		if strings.HasPrefix(fields[i], "--from") {
			from = true
		}
	}
	rest = strings.TrimSpace(strings.Join(fields[i:], " "))
	if strings.HasPrefix(rest, "[") {
		var arr []string
		if json.Unmarshal([]byte(rest), &arr) == nil {
			return arr, from
		}
	}
	return fields[i:], from
}

// copyCheck finds the first COPY/ADD source missing from the repo files ("" when all exist), and maps
// the container paths the copies create back to repo paths.
func copyCheck(steps []dockerStep, files map[string][]byte) (missing string, placed map[string]string) {
	placed = map[string]string{}
	workdir := "/home/argilla" // the argilla-hf-spaces image's working directory
	for _, s := range steps {
		if s.Instr == "WORKDIR" && len(s.Args) > 0 {
			workdir = path.Join(workdir, s.Args[0])
			if strings.HasPrefix(s.Args[0], "/") {
				workdir = path.Clean(s.Args[0])
			}
		}
		if (s.Instr != "COPY" && s.Instr != "ADD") || s.From || len(s.Args) < 2 {
			continue
		}
		dest := s.Args[len(s.Args)-1]
		dirDest := strings.HasSuffix(dest, "/") || len(s.Args) > 2
		if !strings.HasPrefix(dest, "/") {
			dest = path.Join(workdir, dest)
		}
		for _, src := range s.Args[:len(s.Args)-1] {
			if strings.Contains(src, "://") {
				continue // ADD of a URL
			}
			matched := matchSources(src, files)
			if len(matched) == 0 {
				return src, placed
			}
			for repoPath, rel := range matched {
				target := dest
				if dirDest || rel != path.Base(repoPath) || len(matched) > 1 {
					target = path.Join(dest, rel)
				}
				placed[path.Clean(target)] = repoPath
			}
		}
	}
	return "", placed
}

// matchSources maps the repo files a COPY source names to their path relative to the copied root:
// an exact file (its base name), a directory or "." (the files under it), or a glob.
func matchSources(src string, files map[string][]byte) map[string]string {
	clean := strings.TrimPrefix(path.Clean("/"+src), "/")
	out := map[string]string{}
	for p := range files {
		switch {
		case clean == "":
			out[p] = p
		case p == clean:
			out[p] = path.Base(p)
		case strings.HasPrefix(p, clean+"/"):
			out[p] = strings.TrimPrefix(p, clean+"/")
		case strings.ContainsAny(clean, "*?["):
			if ok, _ := path.Match(clean, p); ok {
				out[p] = path.Base(p)
			}
		}
	}
	return out
}
