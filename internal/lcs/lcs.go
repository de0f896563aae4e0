// Package lcs aligns two lists of lines by a longest common subsequence: the OAuth file's blank lines
// are put back with it, and plans show a file's change with it as a unified diff.
package lcs

// Align returns the index pairs (i in a, j in b) of a longest common subsequence of a and b, in order.
// It is quadratic, for the few dozen lines of the files we edit.
func Align(a, b []string) [][2]int {
	n, m := len(a), len(b)
	// l[i][j] is the LCS length of a[i:] and b[j:].
	l := make([][]int32, n+1)
	for i := range l {
		l[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var pairs [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			pairs = append(pairs, [2]int{i, j})
			i++
			j++
		case l[i+1][j] >= l[i][j+1]:
			i++
		default:
			j++
		}
	}
	return pairs
}
