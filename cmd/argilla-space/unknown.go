package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// unknownSubcommandsAreUsage makes a mistyped subcommand, at any depth, a usage error (exit 2) with the
// "did you mean" suggestion cobra can give. Left alone, cobra prints a group's help and exits 0 for
// `secrets sett` (a pipeline would go on as if the secret were set), and exits 1 for `stauts`.
// The completion command is made here, as cobra would at Execute, so `completion tcsh` is covered too.
func unknownSubcommandsAreUsage(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		if !c.HasSubCommands() || c.Runnable() && c != root {
			return
		}
		if c.SuggestionsMinimumDistance <= 0 {
			c.SuggestionsMinimumDistance = 2
		}
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return c.Help()
			}
			return unknownSubcommand(c, args[0])
		}
	}
	walk(root)
}

// unknownSubcommand is the usage error for a name that is not a subcommand of c.
func unknownSubcommand(c *cobra.Command, name string) error {
	var names []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	msg := fmt.Sprintf("unknown command %q for %s", name, c.CommandPath())
	if s := c.SuggestionsFor(name); len(s) > 0 {
		msg += ": did you mean " + strings.Join(s, " or ") + "?"
	}
	if len(names) <= 8 { // the top level's list is --help's job
		msg += " Use " + strings.Join(names, ", ") + "."
	}
	return usagef("%s (see `%s --help`)", msg, c.CommandPath())
}
