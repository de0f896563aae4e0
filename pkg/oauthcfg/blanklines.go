package oauthcfg

import (
	"strings"

	"github.com/argilla-space/argilla-space/internal/lcs"
)

// maxAlignCells bounds the alignment table (lines of source times lines of
// output). OAuth files have a dozen lines; beyond this the blank lines are
// simply not restored.
const maxAlignCells = 1 << 20

// restoreBlankLines puts back the blank lines yaml/v3 drops when it encodes a
// document (for instance the one before "# Allowed workspaces must exists" in
// the template). It aligns the non-blank lines of src and out (longest common
// subsequence of their trimmed text, so an indent change still matches) and
// gives every matched output line at least as many blank lines before it as
// it had in src. Lines added by an edit have no match and get none; lines
// removed by an edit take theirs with them. Bytes checks the result parses to
// the same data, which guards against a blank line landing inside a scalar.
func restoreBlankLines(src, out []byte) []byte {
	srcKeys, srcBlanks := contentLines(string(src))
	outText := strings.TrimSuffix(string(out), "\n")
	outLines := strings.Split(outText, "\n")
	outKeys, outBlanks := contentLines(string(out))
	if len(srcKeys)*len(outKeys) > maxAlignCells || len(srcKeys) == 0 {
		return out
	}
	need := map[int]int{} // output content index -> blank lines to add before it
	for _, m := range lcs.Align(srcKeys, outKeys) {
		if extra := srcBlanks[m[0]] - outBlanks[m[1]]; extra > 0 {
			need[m[1]] = extra
		}
	}
	if len(need) == 0 {
		return out
	}
	var b strings.Builder
	content := 0
	for _, line := range outLines {
		if strings.TrimSpace(line) != "" {
			for range need[content] {
				b.WriteByte('\n')
			}
			content++
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// contentLines returns the trimmed non-blank lines of text and, for each, the
// number of blank lines right before it.
func contentLines(text string) (keys []string, blanksBefore []int) {
	blanks := 0
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			blanks++
			continue
		}
		keys = append(keys, t)
		blanksBefore = append(blanksBefore, blanks)
		blanks = 0
	}
	return keys, blanksBefore
}
