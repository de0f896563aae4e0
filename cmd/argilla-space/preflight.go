package main

import (
	"context"
	"sort"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// whoami checks that there is a token and the Hub takes it.
func whoami(ctx context.Context, hub *hfapi.Client) (*hfapi.WhoAmI, error) {
	if hub.Token() == "" {
		return nil, authf("no Hugging Face token found: run `hf auth login`, or set HF_TOKEN (a write token)")
	}
	who, err := hub.WhoAmI(ctx)
	if hfapi.IsUnauthorized(err) {
		return nil, authf("the Hub refused the token (%v): create a new write token at https://huggingface.co/settings/tokens and `hf auth login` with it", err)
	}
	if err != nil {
		return nil, err
	}
	return who, nil
}

// preflight refuses, before any write, a create that whoami proves cannot succeed (spaces.Preflight),
// or whose bucket (OWNER/NAME, "" for the default) it proves cannot be made (spaces.PreflightBucket).
func preflight(who *hfapi.WhoAmI, namespace, visibility, bucket string) error {
	if err := spaces.Preflight(who, namespace, visibility); err != nil {
		return err
	}
	return spaces.PreflightBucket(who, bucket)
}

// checkHardware validates a flavor against the Hub's live list (reference §15: enums drift). A ZeroGPU
// flavor is refused before the list is read: the Hub keeps it for gradio Spaces (reference §2) and
// Argilla is a Docker Space. A sleep time the flavor would ignore is the plan's to refuse, since only
// it knows an existing Space's hardware.
func checkHardware(ctx context.Context, hub *hfapi.Client, flavor string) error {
	if flavor == "" {
		return nil
	}
	if gradioOnly(flavor) {
		return usagef("hardware %s is ZeroGPU, which the Hub only runs for gradio Spaces, and Argilla is a Docker Space: choose a GPU flavor such as t4-small or a10g-small (or cpu-upgrade)", flavor)
	}
	list, err := hub.ListHardware(ctx)
	if err != nil {
		return err
	}
	var names []string
	for _, h := range list {
		if h.Name == flavor {
			return nil
		}
		names = append(names, h.Name)
	}
	sort.Strings(names)
	return usagef("unknown hardware %q: the Hub offers %s", flavor, strings.Join(names, ", "))
}

// gradioOnly reports the ZeroGPU flavors, which need the gradio SDK (reference §2: zero-a10g and
// zerogpu; any later zero-* flavor is taken to be ZeroGPU too).
func gradioOnly(flavor string) bool {
	return flavor == "zerogpu" || strings.HasPrefix(flavor, "zero-")
}

func (a *app) engine(hub *hfapi.Client) *spaces.Engine {
	e := &spaces.Engine{Hub: hub, Yes: a.yes, Progress: a.progress, Stakes: a.argillaAccess(hub)}
	if a.canPrompt() {
		e.Confirm = a.prompts()
	}
	return e
}
