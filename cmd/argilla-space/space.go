package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/argilla-space/argilla-space/internal/input"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// specFileName is the spec `create` writes and `apply` reads, in the current directory.
const specFileName = "argilla-space.yaml"

// spaceFlag adds --space, whose help names the fallbacks targetSpace uses: said once, for every
// command that acts on one Space.
func spaceFlag(fs *pflag.FlagSet, p *string) {
	fs.StringVar(p, "space", "", "the Space, OWNER/NAME (default: $ARGILLA_SPACE, else argilla-space.yaml)")
}

// targetSpace picks the Space a command acts on: --space, else ARGILLA_SPACE, else `space:` in
// ./argilla-space.yaml (DESIGN.md, Commands).
func (a *app) targetSpace(flag string) (spaces.ID, error) {
	s := flag
	if s == "" {
		s = a.getenv("ARGILLA_SPACE")
	}
	if s == "" {
		data, err := input.ReadFile(specFileName)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return spaces.ID{}, usagef("%v", err)
		}
		if err == nil {
			specs, err := spaces.ParseSpecs(data)
			if err != nil {
				return spaces.ID{}, usagef("%s: %v", specFileName, err)
			}
			if len(specs) > 1 {
				// A fleet file: which Space a single command means is a guess, and a wrong guess
				// could delete or restart the wrong Space.
				return spaces.ID{}, usagef("%s describes %d Spaces: say which with --space OWNER/NAME (or ARGILLA_SPACE); `apply` and `plan` take the whole file", specFileName, len(specs))
			}
			s = specs[0].Space
		}
	}
	if s == "" {
		return spaces.ID{}, &usageError{msg: errNoSpace.Error()}
	}
	id, err := spaces.ParseID(s, "")
	if err != nil {
		return spaces.ID{}, usagef("%v", err)
	}
	return id, nil
}

// existingSpace resolves the target Space (flag, env, spec file) and reads it; read-only commands start
// here. A Space that is not there is an input error.
func (a *app) existingSpace(ctx context.Context, flag string, files bool) (*hfapi.Client, *spaces.State, error) {
	id, err := a.targetSpace(flag)
	if err != nil {
		return nil, nil, err
	}
	hub, err := a.client()
	if err != nil {
		return nil, nil, err
	}
	st, err := a.observeExisting(ctx, hub, id, files)
	return hub, st, err
}

func notFound(id spaces.ID) error {
	return &usageError{reason: errSpaceNotFound,
		msg: fmt.Sprintf("Space %s not found (or your token cannot see it): check the name, or create it with `argilla-space create %s`", id, id)}
}

func (a *app) waitOptions(hub *hfapi.Client, apiKey string, timeout time.Duration) spaces.WaitOptions {
	return spaces.WaitOptions{Timeout: timeout, APIKey: apiKey, HFToken: hub.Token(), Endpoint: hub.Endpoint(), HTTP: hub.HTTPClient(), Progress: a.progress}
}

func (a *app) statusCmd() *cobra.Command {
	var space string
	c := &cobra.Command{
		Use:   "status",
		Short: "Show a Space: stage, URLs, settings, storage, secrets present, OAuth, Argilla reachable",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			hub, st, err := a.existingSpace(c.Context(), space, true)
			if err != nil {
				return err
			}
			return a.printStatus(c.Context(), hub, st, a.spaceResult(st))
		},
	}
	spaceFlag(c.Flags(), &space)
	return c
}

func (a *app) waitCmd() *cobra.Command {
	var space string
	var timeout time.Duration
	c := &cobra.Command{
		Use:   "wait",
		Short: "Wait until the Space runs and Argilla answers; fail fast on a build or runtime error",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if timeout <= 0 {
				return usagef("--timeout must be positive") // 0 would mean no limit, which CI must not get by accident
			}
			// Wait reads the Space itself (its first request): nothing else is read before it.
			id, err := a.targetSpace(space)
			if err != nil {
				return err
			}
			hub, err := a.client()
			if err != nil {
				return err
			}
			w, err := spaces.Wait(c.Context(), hub, id, a.waitOptions(hub, a.storedKey(hub, id), timeout))
			if hfapi.IsNotFound(err) {
				return notFound(id)
			}
			if err != nil {
				return err
			}
			if a.output == "json" {
				return a.writeJSON(waitResult{id.String(), w})
			}
			fmt.Fprintf(a.stdout, "%s is %s; Argilla %s answers\n", id, w.Stage, w.Version)
			return nil
		},
	}
	spaceFlag(c.Flags(), &space)
	c.Flags().DurationVar(&timeout, "timeout", 20*time.Minute, "how long to wait")
	return c
}

// observeExisting reads a Space that must exist, for a command that only reads (a read token will do).
func (a *app) observeExisting(ctx context.Context, hub *hfapi.Client, id spaces.ID, files bool) (*spaces.State, error) {
	st, err := spaces.Observe(ctx, hub, id, spaces.ObserveOptions{Files: files, SecretsOptional: true})
	if err != nil {
		return nil, err
	}
	if !st.Exists {
		return nil, notFound(id)
	}
	return st, nil
}
