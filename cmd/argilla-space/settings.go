package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

func (a *app) visibilityCmd() *cobra.Command {
	return mutationCmd(&cobra.Command{
		Use:       "visibility public|private|protected",
		Short:     "Change who can see the Space (restarts it)",
		Args:      cobra.ExactArgs(1),
		ValidArgs: spaces.Visibilities,
	}, func(c *cobra.Command, args []string, m *mutation) error {
		v := args[0]
		if !contains(spaces.Visibilities, v) {
			return usagef("visibility must be public, private or protected, not %q", v)
		}
		// The Hub's Space info cannot tell private from protected: send it whenever asked.
		m.desire = fixed(spaces.Spec{Visibility: v}, spaces.PlanOptions{ForceVisibility: v != "public"})
		_, err := a.mutate(c.Context(), *m)
		return err
	})
}

func (a *app) hardwareCmd() *cobra.Command {
	return mutationCmd(&cobra.Command{
		Use:   "hardware FLAVOR",
		Short: "Move the Space to other hardware (restarts it; checked against the Hub's list)",
		Args:  cobra.ExactArgs(1),
	}, func(c *cobra.Command, args []string, m *mutation) error {
		hub, err := a.client()
		if err != nil {
			return err
		}
		if err := checkHardware(c.Context(), hub, args[0]); err != nil {
			return err
		}
		m.desire = fixed(spaces.Spec{Hardware: args[0]}, spaces.PlanOptions{})
		_, err = a.mutate(c.Context(), *m)
		return err
	})
}

func (a *app) sleepCmd() *cobra.Command {
	return mutationCmd(&cobra.Command{
		Use:   "sleep DURATION|never",
		Short: "Set how long the Space runs without traffic before it sleeps (paid hardware only)",
		Args:  cobra.ExactArgs(1),
	}, func(c *cobra.Command, args []string, m *mutation) error {
		if _, err := spaces.ParseSleep(args[0]); err != nil {
			return usagef("%v", err)
		}
		m.desire = fixed(spaces.Spec{SleepTime: args[0]}, spaces.PlanOptions{})
		_, err := a.mutate(c.Context(), *m)
		return err
	})
}

func (a *app) restartCmd() *cobra.Command {
	var factory bool
	c := mutationCmd(&cobra.Command{
		Use:   "restart",
		Short: "Restart the Space (--factory rebuilds without cache); guarded when its data is ephemeral",
		Args:  cobra.NoArgs,
	}, func(c *cobra.Command, _ []string, m *mutation) error {
		op := spaces.OpRestart
		if factory {
			op = spaces.OpFactoryRestart
		}
		return a.operate(c, m, op)
	})
	c.Flags().BoolVar(&factory, "factory", false, "factory reboot: rebuild the image without cache")
	return c
}

func (a *app) pauseCmd() *cobra.Command {
	return mutationCmd(&cobra.Command{
		Use:   "pause",
		Short: "Pause the Space (billing stops; `restart` resumes it); guarded when its data is ephemeral",
		Args:  cobra.NoArgs,
	}, func(c *cobra.Command, _ []string, m *mutation) error { return a.operate(c, m, spaces.OpPause) })
}

func (a *app) deleteCmd() *cobra.Command {
	var missingOK bool
	c := mutationCmd(&cobra.Command{
		Use:   "delete",
		Short: "Delete the Space for good (asks for its name typed back, or --yes)",
		Args:  cobra.NoArgs,
	}, func(c *cobra.Command, _ []string, m *mutation) error {
		err := a.operate(c, m, spaces.OpDelete)
		if missingOK && errors.Is(err, errSpaceNotFound) {
			fmt.Fprintln(a.stderr, "nothing to delete: the Space is not there (or your token cannot see it)")
			if a.output == "json" { // an object, as a delete that happened prints one
				id, _ := a.targetSpace(m.space)
				return a.writeJSON(mutationResult{Space: id.String(), DryRun: m.dryRun, Missing: true})
			}
			return nil
		}
		return err
	})
	// A teardown run twice (a retried CI job) should not fail the second time, as huggingface_hub's
	// delete_repo(missing_ok=True) does not (reference §8).
	c.Flags().BoolVar(&missingOK, "missing-ok", false, "succeed when the Space does not exist (for teardown jobs that may run twice)")
	_ = c.Flags().MarkHidden("wait") // nothing to wait for after a delete
	_ = c.Flags().MarkHidden("timeout")
	return c
}

// operate runs a lifecycle operation; after a delete, the Space's stored API key is forgotten.
func (a *app) operate(c *cobra.Command, m *mutation, op string) error {
	m.desire = fixed(spaces.Spec{}, spaces.PlanOptions{Operation: op})
	out, err := a.mutate(c.Context(), *m)
	if err == nil && op == spaces.OpDelete && !m.dryRun && out != nil && out.Plan != nil {
		hub, _ := a.client()
		if dirs, derr := a.userDirs(); derr == nil {
			_ = dirs.DeleteCredential(a.credentialEndpoint(hub), out.Plan.Space)
		}
	}
	return err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
