package spaces

import (
	"fmt"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// PermissionError is a create that cannot succeed for the token's rights or the namespace's plan:
// refused before anything is written when whoami proves it, or refused by the Hub (402/403, wrapped
// in Err). The CLI exits 3.
type PermissionError struct {
	msg string
	Err error // the Hub's refusal, nil when Preflight refused on whoami's evidence
}

func (e *PermissionError) Error() string { return e.msg }

// Unwrap gives the Hub's refusal, when there was one.
func (e *PermissionError) Unwrap() error { return e.Err }

// Preflight checks, before any write, what whoami proves about creating a Docker Space in namespace:
// a read-only token, a namespace that is neither the user nor one of the orgs whoami lists, a read or
// no_access role there, or a known free plan that cannot pay. It refuses only on such evidence: the
// official Python client reads none of isPro, plan and roleInOrg (hf_api.py) and huggingface.js marks
// plan deprecated, so a missing or unknown field is no reason to refuse. Then the create is sent, and
// a 402 or 403 from the Hub becomes the same message (CreateRefused), with nothing created.
func Preflight(who *hfapi.WhoAmI, namespace, visibility string) error {
	if err := ReadOnlyToken(who); err != nil {
		return err
	}
	if strings.EqualFold(namespace, who.Name) {
		if NoPaidPlan(who, namespace) {
			return planError(namespace, "PRO", nil)
		}
		return nil
	}
	if err := writableNamespace(who, namespace, "Spaces", "a Space", "name the Space ORG/NAME for an organization where you have write access (create also takes --org ORG), or "+who.Name+"/NAME to create it under your account"); err != nil {
		return err
	}
	if NoPaidPlan(who, namespace) {
		return planError(namespace, "Team or Enterprise", nil)
	}
	_ = visibility // protected needs PRO/Team too, which the paid-plan evidence above already covers
	return nil
}

// PreflightBucket checks, before any write, that whoami shows the token may create (or use) a storage
// bucket under bucket's namespace (OWNER/NAME): the same evidence as Preflight for a Space, so a
// --bucket under another user's or a read-only namespace is refused before the Space, or anything, is
// created. An empty bucket (the default OWNER/NAME-data, under the Space's own namespace) passes.
func PreflightBucket(who *hfapi.WhoAmI, bucket string) error {
	if bucket == "" {
		return nil
	}
	b, err := ParseBucketID(bucket)
	if err != nil {
		return err
	}
	if err := ReadOnlyToken(who); err != nil {
		return err
	}
	if strings.EqualFold(b.Owner, who.Name) {
		return nil
	}
	return writableNamespace(who, b.Owner, "storage buckets", "a storage bucket", "name the bucket ORG/NAME for an organization where you have write access, or "+who.Name+"/NAME")
}

// writableNamespace refuses namespace when whoami proves the user cannot create what there: it is
// neither them nor one of their orgs, or their role there is read or no_access. fix says what to do.
// what is the plural ("Spaces"), one the singular with its article ("a Space").
func writableNamespace(who *hfapi.WhoAmI, namespace, what, one, fix string) error {
	if strings.EqualFold(namespace, who.Name) || who.Orgs == nil {
		return nil // whoami did not list the orgs: nothing to go by
	}
	var org *hfapi.Org
	for i := range who.Orgs {
		if strings.EqualFold(who.Orgs[i].Name, namespace) {
			org = &who.Orgs[i]
		}
	}
	if org == nil {
		// The token's orgs are all the orgs the user belongs to; namespace may be another user or an
		// org without them, and whoami cannot tell which, so the message does not guess.
		return &PermissionError{msg: fmt.Sprintf("%s cannot create %s under %s: it is neither you nor an organization you belong to; %s", who.Name, what, namespace, fix)}
	}
	if org.RoleInOrg == "read" || org.RoleInOrg == "no_access" {
		return &PermissionError{msg: fmt.Sprintf("your role in %s is %q: creating %s there needs write, contributor or admin; nothing was created", namespace, org.RoleInOrg, one)}
	}
	return nil
}

// ReadOnlyToken refuses a token whoami shows as read-only, with the one message every command gives
// (create before any request, day-2 commands on the Hub's 403).
func ReadOnlyToken(who *hfapi.WhoAmI) error {
	if who != nil && who.Auth.AccessToken != nil && who.Auth.AccessToken.Role == "read" {
		return &PermissionError{msg: "the token is read-only: creating and changing Spaces needs a write token (https://huggingface.co/settings/tokens)"}
	}
	return nil
}

// planError is the one message for a missing plan, whether whoami showed it or the Hub answered 402.
// NoPaidPlan reports whether whoami proves namespace (the user's, or one of its orgs) has no paid
// plan: isPro false and canPay false for the user; no plan and canPay false for an org (a paid org
// has its plan and can pay). A missing field proves nothing.
func NoPaidPlan(who *hfapi.WhoAmI, namespace string) bool {
	if strings.EqualFold(namespace, who.Name) {
		return who.IsPro != nil && !*who.IsPro && who.CanPay != nil && !*who.CanPay
	}
	for _, org := range who.Orgs {
		if strings.EqualFold(org.Name, namespace) {
			return (org.Plan == nil || *org.Plan == "") && org.CanPay != nil && !*org.CanPay
		}
	}
	return false
}

// planError is the message for a missing plan, whether whoami showed it or the Hub answered 402 (then
// the plan to name depends on what the namespace is, which the 402 does not say).
func planError(namespace, plan string, err error) error {
	return &PermissionError{Err: err, msg: fmt.Sprintf("Docker Spaces need a paid plan: %s has none. Upgrade %s to %s (https://huggingface.co/pricing), or create the Space in a namespace that has one; nothing was created", namespace, namespace, plan)}
}

// createRefused turns the Hub's refusal of a create into the message Preflight gives when whoami
// shows the cause: 402 is the plan; 403 is the rights (or, for a user namespace, the plan of a
// protected Space). Other errors pass through.
func createRefused(space string, err error) error {
	ns, _, _ := strings.Cut(space, "/")
	switch hfapi.StatusOf(err) {
	case 402:
		return planError(ns, "PRO (a user) or Team or Enterprise (an organization)", err)
	case 403:
		return &PermissionError{Err: err, msg: fmt.Sprintf("the Hub refused to create %s (%v): the token needs write access to %s (a write token; in an organization the write, contributor or admin role); nothing was created", space, err, ns)}
	}
	return err
}
