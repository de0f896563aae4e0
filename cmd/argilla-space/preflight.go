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

func canWrite(role string) bool {
	return role == "admin" || role == "write" || role == "contributor"
}

// preflight checks, before any write, that the token may create a Docker Space in the namespace: write
// access (whoami orgs[].roleInOrg), a paid plan (Docker Spaces need PRO or Team/Enterprise since July
// 2026, reference §0.2), and PRO/Team for protected visibility. A failure changes nothing on the Hub.
func preflight(who *hfapi.WhoAmI, namespace, visibility string) error {
	if who.Auth.AccessToken != nil && who.Auth.AccessToken.Role == "read" {
		return authf("the token is read-only: creating and changing Spaces needs a write token (https://huggingface.co/settings/tokens)")
	}
	paid := false
	plan := ""
	if strings.EqualFold(namespace, who.Name) {
		paid, plan = who.IsPro, "PRO"
	} else {
		var org *hfapi.Org
		for i := range who.Orgs {
			if strings.EqualFold(who.Orgs[i].Name, namespace) {
				org = &who.Orgs[i]
			}
		}
		if org == nil {
			// The token's orgs are all the orgs the user belongs to; namespace may be another user or an
			// org without them, and whoami cannot tell which, so the message does not guess.
			return authf("%s cannot create Spaces under %s: it is neither you nor an organization you belong to; name the Space ORG/NAME for an organization where you have write access (create also takes --org ORG), or %s/NAME to create it under your account", who.Name, namespace, who.Name)
		}
		if !canWrite(org.RoleInOrg) {
			return authf("your role in %s is %q: creating a Space there needs write, contributor or admin", namespace, org.RoleInOrg)
		}
		// A plan other than none may still be refused by the Hub (402), which is reported the same way.
		paid, plan = org.Plan != "", "Team or Enterprise"
	}
	if !paid {
		return authf("Docker Spaces need a paid plan: %s has none. Upgrade %s to %s (https://huggingface.co/pricing), or create the Space in a namespace that has one", namespace, namespace, plan)
	}
	_ = visibility // protected needs PRO/Team too, which the paid-plan check above already requires
	return nil
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
