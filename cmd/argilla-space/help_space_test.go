package main

import (
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Every command that takes --space says in its help where the Space comes from without it: the
// ARGILLA_SPACE variable, then argilla-space.yaml (issue 10 item 12), since targetSpace falls back
// for all of them.
func TestSpaceFlagHelpNamesTheFallback(t *testing.T) {
	a := newApp(strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" })
	seen := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if f := c.Flags().Lookup("space"); f != nil {
			seen++
			if !strings.Contains(f.Usage, "$ARGILLA_SPACE") || !strings.Contains(f.Usage, "argilla-space.yaml") {
				t.Errorf("%s: --space help %q does not name $ARGILLA_SPACE and argilla-space.yaml", c.CommandPath(), f.Usage)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(a.rootCmd())
	if seen < 20 {
		t.Fatalf("only %d commands take --space: the walk missed the tree", seen)
	}
}
