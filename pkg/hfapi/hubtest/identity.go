package hubtest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/http"
)

// whoamiOrg is an item of whoami-v2 orgs[] (reference §1).
type whoamiOrg struct {
	Type      string  `json:"type"`
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Fullname  string  `json:"fullname"`
	Email     *string `json:"email"`
	CanPay    bool    `json:"canPay"`
	AvatarURL string  `json:"avatarUrl"`
	PeriodEnd *int64  `json:"periodEnd"`
	Plan      string  `json:"plan,omitempty"`
	RoleInOrg string  `json:"roleInOrg"`
}

// whoamiToken is auth.accessToken of whoami-v2.
type whoamiToken struct {
	DisplayName string `json:"displayName"`
	Role        string `json:"role"`
	CreatedAt   string `json:"createdAt"`
}

type whoamiAuth struct {
	Type        string      `json:"type"`
	AccessToken whoamiToken `json:"accessToken"`
}

// whoamiUser is the user variant of GET /api/whoami-v2 (reference §1).
type whoamiUser struct {
	Type          string      `json:"type"`
	ID            string      `json:"id"`
	Name          string      `json:"name"`
	Fullname      string      `json:"fullname"`
	Email         string      `json:"email"`
	EmailVerified bool        `json:"emailVerified"`
	IsPro         bool        `json:"isPro"`
	CanPay        bool        `json:"canPay"`
	BillingMode   string      `json:"billingMode"`
	AvatarURL     string      `json:"avatarUrl"`
	PeriodEnd     *int64      `json:"periodEnd"`
	Orgs          []whoamiOrg `json:"orgs"`
	Auth          whoamiAuth  `json:"auth"`
}

// nameID is a stable 24-hex id for a world name (users and orgs have no stored id).
func nameID(kind, name string) string {
	sum := sha1.Sum([]byte(kind + ":" + name))
	return hex.EncodeToString(sum[:])[:24]
}

// whoami answers GET /api/whoami-v2: 401 without a token (a bad token was refused by authenticate).
func (c *call) whoami() {
	if !c.requireUser() {
		return
	}
	u := c.user
	out := whoamiUser{Type: "user", ID: nameID("user", u.Name), Name: u.Name, Fullname: u.Fullname,
		Email: u.Name + "@example.com", EmailVerified: true, IsPro: u.IsPro, CanPay: u.IsPro,
		BillingMode: "prepaid", AvatarURL: c.baseURL() + "/avatars/" + u.Name + ".svg", Orgs: []whoamiOrg{},
		Auth: whoamiAuth{Type: "access_token", AccessToken: whoamiToken{
			DisplayName: "emulator-" + c.tok.Role, Role: c.tok.Role, CreatedAt: "2026-01-01T00:00:00.000Z"}}}
	for _, o := range c.st.World.orgsOf(u.Name) {
		paid := o.Plan != ""
		out.Orgs = append(out.Orgs, whoamiOrg{Type: "org", ID: nameID("org", o.Name), Name: o.Name, Fullname: o.Name,
			CanPay: paid, AvatarURL: c.baseURL() + "/avatars/" + o.Name + ".svg", Plan: o.Plan, RoleInOrg: o.Members[u.Name]})
	}
	writeJSON(c.w, http.StatusOK, out)
}

// listTemplates answers GET /api/spaces/templates.
func (c *call) listTemplates() {
	out := []templateJSON{}
	for _, t := range templates() {
		out = append(out, templateJSON{Name: t.Name, RepoID: t.RepoID, SDK: t.SDK, PreferredPrivate: t.PreferredPrivate})
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"templates": out})
}

// bucketRequest is the body of POST /api/buckets/{ns}/{name} (reference §5.2; huggingface.js sends
// visibility instead of private).
type bucketRequest struct {
	Private    *bool   `json:"private"`
	Visibility *string `json:"visibility"`
	Region     *string `json:"region"`
}

// createBucket answers POST /api/buckets/{ns}/{name}: 401, then 403 without write rights on ns, then
// 409 {error,url,id} when it exists, then 400 for a bad body; 200 {url,name,id}.
func (c *call) createBucket(ns, name string) {
	if !c.requireUser() {
		return
	}
	if !c.canWriteNS(ns) {
		hubError(c.w, http.StatusForbidden, "", "You don't have the rights to create a bucket under the namespace "+ns)
		return
	}
	id := c.st.World.spelling(ns) + "/" + name
	url := c.baseURL() + "/buckets/" + id
	if b := c.st.findBucketFold(id); b != nil {
		hubErrorWith(c.w, http.StatusConflict, "You already created this bucket", map[string]string{"url": c.baseURL() + "/buckets/" + b.ID, "id": b.ObjectID})
		return
	}
	var req bucketRequest
	if len(c.body) > 0 {
		if err := json.Unmarshal(c.body, &req); err != nil {
			c.badRequest("invalid JSON body: %v", err)
			return
		}
	}
	if !validRepoName(name) {
		c.badRequest("invalid bucket name %q", name)
		return
	}
	private := req.Private != nil && *req.Private
	if req.Visibility != nil {
		switch *req.Visibility {
		case "private":
			private = true
		case "public":
			private = false
		default:
			c.badRequest("visibility must be public or private for a bucket")
			return
		}
	}
	b := &bucket{ID: id, ObjectID: c.st.newID(c.e.seed, "bucket"), Private: private, CreatedAt: c.now}
	if req.Region != nil {
		if *req.Region != "us" && *req.Region != "eu" {
			c.badRequest("region must be us or eu")
			return
		}
		b.Region = *req.Region
	}
	c.st.Buckets[id] = b
	writeJSON(c.w, http.StatusOK, map[string]string{"url": url, "name": id, "id": b.ObjectID})
}

// bucketVisible reports whether the caller may mount the bucket (public, or readable namespace).
func (c *call) bucketVisible(b *bucket) bool {
	if !b.Private {
		return true
	}
	ns, _, _ := splitRepoID(b.ID)
	if c.tok == nil {
		return false
	}
	r := c.st.roleIn(c.tok.User, ns)
	return r == "owner" || writerRoles[r] || r == "read"
}
