package main

import (
	"fmt"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// wizardOwners splits the user and the orgs whoami lists into those where spaces.Preflight lets a
// Docker Space be created, the user first, and the others with a short reason for the wizard's list.
func wizardOwners(who *hfapi.WhoAmI) (owners []string, unavailable map[string]string) {
	unavailable = map[string]string{}
	for _, ns := range append([]string{who.Name}, orgNames(who)...) {
		if err := spaces.Preflight(who, ns, ""); err != nil {
			unavailable[ns] = wizardReason(who, ns, err)
		} else {
			owners = append(owners, ns)
		}
	}
	return owners, unavailable
}

// orgNames lists the orgs whoami shows.
func orgNames(who *hfapi.WhoAmI) []string {
	names := make([]string, 0, len(who.Orgs))
	for _, org := range who.Orgs {
		names = append(names, org.Name)
	}
	return names
}

// wizardReason says in a few words why Preflight refused ns; its full message is kept for others.
func wizardReason(who *hfapi.WhoAmI, ns string, err error) string {
	switch {
	case spaces.NoPaidPlan(who, ns) && strings.EqualFold(ns, who.Name):
		return "free plan: Docker Spaces need PRO"
	case spaces.NoPaidPlan(who, ns):
		return "no paid plan: Docker Spaces need Team or Enterprise"
	}
	for _, org := range who.Orgs {
		if strings.EqualFold(org.Name, ns) && (org.RoleInOrg == "read" || org.RoleInOrg == "no_access") {
			return fmt.Sprintf("your role is %q; creating needs write, contributor or admin", org.RoleInOrg)
		}
	}
	return err.Error()
}
