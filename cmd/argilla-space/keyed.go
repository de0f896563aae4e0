package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
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
				return a.writeJSON(keyedList(id.String(), what, entries))
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
	spaceFlag(c.Flags(), &space)
	return c
}

// deleteKeyedCmd is `secrets delete` and `vars delete`: a key that is not there is skipped without a
// request, and named.
func deleteKeyedCmd[T any](a *app, what string, present func(*spaces.State) map[string]T, spec func(keys []string) spaces.Spec) *cobra.Command {
	return mutationCmd(&cobra.Command{
		Use:   "delete KEY...",
		Short: fmt.Sprintf("Delete %ss (a key that is not there is skipped, without a request)", what),
		Args:  cobra.MinimumNArgs(1),
	}, func(c *cobra.Command, keys []string, m *mutation) error {
		if err := checkKeys(keys); err != nil {
			return err
		}
		var absent []string
		m.desire = func(_ context.Context, st *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
			absent = absentKeys(keys, present(st))
			return spec(keys), spaces.PlanOptions{}, nil
		}
		_, err := a.mutate(c.Context(), *m)
		a.noteAbsent(what, absent)
		return err
	})
}
