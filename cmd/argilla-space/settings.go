package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

func (a *app) visibilityCmd() *cobra.Command {
	var m mutation
	c := &cobra.Command{
		Use:       "visibility public|private|protected",
		Short:     "Change who can see the Space (restarts it)",
		Args:      cobra.ExactArgs(1),
		ValidArgs: spaces.Visibilities,
		RunE: func(c *cobra.Command, args []string) error {
			v := args[0]
			if !contains(spaces.Visibilities, v) {
				return usagef("visibility must be public, private or protected, not %q", v)
			}
			m.desire = func(context.Context, *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
				// The Hub's Space info cannot tell private from protected: send it whenever asked.
				return spaces.Spec{Visibility: v}, spaces.PlanOptions{ForceVisibility: v != "public"}, nil
			}
			_, err := a.mutate(c.Context(), m)
			return err
		},
	}
	mutationFlags(c, &m)
	return c
}

func (a *app) hardwareCmd() *cobra.Command {
	var m mutation
	c := &cobra.Command{
		Use:   "hardware FLAVOR",
		Short: "Move the Space to other hardware (restarts it; checked against the Hub's list)",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			flavor := args[0]
			hub, err := a.client()
			if err != nil {
				return err
			}
			if err := checkHardware(c.Context(), hub, flavor, ""); err != nil {
				return err
			}
			m.desire = func(context.Context, *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
				return spaces.Spec{Hardware: flavor}, spaces.PlanOptions{}, nil
			}
			_, err = a.mutate(c.Context(), m)
			return err
		},
	}
	mutationFlags(c, &m)
	return c
}

func (a *app) sleepCmd() *cobra.Command {
	var m mutation
	c := &cobra.Command{
		Use:   "sleep DURATION|never",
		Short: "Set how long the Space runs without traffic before it sleeps (paid hardware only)",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if _, err := spaces.ParseSleep(args[0]); err != nil {
				return usagef("%v", err)
			}
			m.desire = func(context.Context, *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
				return spaces.Spec{SleepTime: args[0]}, spaces.PlanOptions{}, nil
			}
			_, err := a.mutate(c.Context(), m)
			return err
		},
	}
	mutationFlags(c, &m)
	return c
}

func (a *app) restartCmd() *cobra.Command {
	var m mutation
	var factory bool
	c := &cobra.Command{
		Use:   "restart",
		Short: "Restart the Space (--factory rebuilds without cache); guarded when its data is ephemeral",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			op := spaces.OpRestart
			if factory {
				op = spaces.OpFactoryRestart
			}
			m.desire = withOperation(op)
			_, err := a.mutate(c.Context(), m)
			return err
		},
	}
	c.Flags().BoolVar(&factory, "factory", false, "factory reboot: rebuild the image without cache")
	mutationFlags(c, &m)
	return c
}

func (a *app) pauseCmd() *cobra.Command {
	var m mutation
	c := &cobra.Command{
		Use:   "pause",
		Short: "Pause the Space (billing stops; `restart` resumes it); guarded when its data is ephemeral",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			m.desire = withOperation(spaces.OpPause)
			_, err := a.mutate(c.Context(), m)
			return err
		},
	}
	mutationFlags(c, &m)
	return c
}

func (a *app) deleteCmd() *cobra.Command {
	var m mutation
	c := &cobra.Command{
		Use:   "delete",
		Short: "Delete the Space for good (asks for its name typed back, or --yes)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			m.desire = withOperation(spaces.OpDelete)
			out, err := a.mutate(c.Context(), m)
			if err == nil && !m.dryRun && out != nil && out.Plan != nil {
				hub, _ := a.client()
				if dirs, derr := a.userDirs(); derr == nil {
					_ = dirs.DeleteCredential(a.credentialEndpoint(hub), out.Plan.Space)
				}
			}
			return err
		},
	}
	mutationFlags(c, &m)
	return c
}

func withOperation(op string) func(context.Context, *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
	return func(context.Context, *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
		return spaces.Spec{}, spaces.PlanOptions{Operation: op}, nil
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
