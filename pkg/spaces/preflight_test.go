package spaces

import (
	"errors"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

func TestPreflightRefusesOnlyOnEvidence(t *testing.T) {
	yes, no := true, false
	team, none := "team", ""
	full := func() *hfapi.WhoAmI {
		return &hfapi.WhoAmI{Name: "bob", IsPro: &no, CanPay: &no,
			Auth: hfapi.WhoAmIAuth{AccessToken: &hfapi.AccessToken{Role: "write"}},
			Orgs: []hfapi.Org{
				{Name: "acme", Plan: &team, CanPay: &yes, RoleInOrg: "read"},
				{Name: "freeorg", Plan: &none, CanPay: &no, RoleInOrg: "admin"},
				{Name: "newco", RoleInOrg: "admin"}, // no plan, no canPay: unknown
				{Name: "odd", Plan: &team, CanPay: &yes, RoleInOrg: "owner-ish"},
			}}
	}
	minimal := func() *hfapi.WhoAmI { // no isPro, canPay, plan, roleInOrg
		w := full()
		w.IsPro, w.CanPay = nil, nil
		for i := range w.Orgs {
			w.Orgs[i].Plan, w.Orgs[i].CanPay, w.Orgs[i].RoleInOrg = nil, nil, ""
		}
		return w
	}
	cases := []struct {
		name string
		who  *hfapi.WhoAmI
		ns   string
		want string // "" = sent to the Hub
	}{
		{"free user who cannot pay", full(), "bob", "need a paid plan"},
		{"user in another case", full(), "BOB", "need a paid plan"},
		{"read role", full(), "acme", `your role in acme is "read"`},
		{"free org that cannot pay", full(), "freeorg", "freeorg has none"},
		{"org without plan fields", full(), "newco", ""},
		{"unknown role", full(), "odd", ""},
		{"not a member", full(), "stranger", "neither you nor an organization you belong to"},
		{"minimal: user", minimal(), "bob", ""},
		{"minimal: org", minimal(), "acme", ""},
		{"minimal: free org", minimal(), "freeorg", ""},
		{"no orgs list", &hfapi.WhoAmI{Name: "bob"}, "stranger", ""},
	}
	for _, c := range cases {
		err := Preflight(c.who, c.ns, "private")
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: refused without evidence: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: err %v, want %q", c.name, err, c.want)
		}
	}
	ro := full()
	ro.Auth.AccessToken.Role = "read"
	if err := Preflight(ro, "bob", ""); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("read token: %v", err)
	}
}

// A bucket's namespace is held to the same evidence as a Space's, but no plan is asked of it: the
// bucket's own plan is not what makes a Docker Space possible.
func TestPreflightBucket(t *testing.T) {
	team, none, no := "team", "", false
	who := &hfapi.WhoAmI{Name: "bob", Auth: hfapi.WhoAmIAuth{AccessToken: &hfapi.AccessToken{Role: "write"}},
		Orgs: []hfapi.Org{{Name: "acme", Plan: &team, RoleInOrg: "read"}, {Name: "freeorg", Plan: &none, CanPay: &no, RoleInOrg: "admin"},
			{Name: "gone", RoleInOrg: "no_access"}}}
	for bucket, want := range map[string]string{
		"":             "",
		"bob/data":     "",
		"BOB/data":     "",
		"freeorg/data": "",
		"acme/data":    `your role in acme is "read": creating a storage bucket there`,
		"gone/data":    `your role in gone is "no_access"`,
		"alice/data":   "bob cannot create storage buckets under alice: it is neither you nor an organization you belong to; name the bucket ORG/NAME",
	} {
		err := PreflightBucket(who, bucket)
		var pe *PermissionError
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: refused without evidence: %v", bucket, err)
		case want != "" && (!errors.As(err, &pe) || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: err %v, want a PermissionError with %q", bucket, err, want)
		}
	}
	if err := PreflightBucket(&hfapi.WhoAmI{Name: "bob"}, "alice/data"); err != nil {
		t.Errorf("no orgs list is no evidence: %v", err)
	}
	ro := &hfapi.WhoAmI{Name: "bob", Auth: hfapi.WhoAmIAuth{AccessToken: &hfapi.AccessToken{Role: "read"}}}
	if err := PreflightBucket(ro, "bob/data"); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("read token: %v", err)
	}
}
