package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// listKeyedCmd is `secrets list` and `vars list`: the Space's entries in key order, as a table, or as
// JSON {"space", "<what>": [entries as the Hub gives them]} (a secret has no value: the Hub never
// gives one).
func listKeyedCmd[T any](a *app, what, short string, read func(context.Context, *hfapi.Client, string) (map[string]T, error),
	header []string, row func(T) []string) *cobra.Command {
	var space string
	c := &cobra.Command{
		Use:   "list",
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			id, hub, err := a.readOnlyTarget(space)
			if err != nil {
				return err
			}
			m, err := read(c.Context(), hub, id.String())
			if err != nil {
				return a.explainReadError(err, id)
			}
			entries := make([]T, 0, len(m))
			for _, k := range sortedNames(m) {
				entries = append(entries, m[k])
			}
			if a.output == "json" {
				return a.writeJSON(map[string]any{"space": id.String(), what: entries})
			}
			if len(entries) == 0 {
				fmt.Fprintf(a.stdout, "%s has no %s\n", id, what)
				return nil
			}
			lines := make([][]string, 0, len(entries))
			for _, e := range entries {
				lines = append(lines, row(e))
			}
			return writeColumns(a.stdout, header, lines)
		},
	}
	c.Flags().StringVar(&space, "space", "", "the Space, OWNER/NAME (default: $ARGILLA_SPACE, else argilla-space.yaml)")
	return c
}
