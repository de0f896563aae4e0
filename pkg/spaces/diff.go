package spaces

import (
	"fmt"
	"strings"

	"github.com/argilla-space/argilla-space/internal/lcs"
)

// UnifiedDiff renders a small unified diff of two texts (one hunk, whole file context); the files we
// show are a few lines long, so clarity beats a minimal diff.
func UnifiedDiff(name, before, after string) string {
	if before == after {
		return ""
	}
	a, b := splitLines(before), splitLines(after)
	ops := lcsDiff(a, b)
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- a/%s\n+++ b/%s\n@@ -1,%d +1,%d @@\n", name, name, len(a), len(b))
	for _, op := range ops {
		sb.WriteString(op)
		sb.WriteByte('\n')
	}
	return sb.String()
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func lcsDiff(a, b []string) []string {
	var out []string
	i, j := 0, 0
	for _, p := range lcs.Align(a, b) {
		for ; i < p[0]; i++ {
			out = append(out, "-"+a[i])
		}
		for ; j < p[1]; j++ {
			out = append(out, "+"+b[j])
		}
		out = append(out, " "+a[i])
		i, j = i+1, j+1
	}
	for ; i < len(a); i++ {
		out = append(out, "-"+a[i])
	}
	for ; j < len(b); j++ {
		out = append(out, "+"+b[j])
	}
	return out
}
