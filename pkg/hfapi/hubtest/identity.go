package hubtest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
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
	if !c.e.opts.WhoamiWithoutPlan {
		writeJSON(c.w, http.StatusOK, out)
		return
	}
	writeJSON(c.w, http.StatusOK, withoutPlanFields(out))
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

// bucketInfo answers GET /api/buckets/{ns}/{name} with the fields huggingface_hub's BucketInfo reads
// (_buckets.py: id, private, createdAt, size, totalFiles); a missing bucket, or a private one the
// caller cannot see, is a 404 (401 when anonymous) with X-Error-Code RepoNotFound, as for repos.
// Sizes are 0: the emulated Argilla keeps its data outside any file.
func (c *call) bucketInfo(ns, name string) {
	b := c.st.findBucketFold(ns + "/" + name)
	if b == nil || !c.bucketVisible(b) {
		c.repoNotFound()
		return
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"id": b.ID, "private": b.Private, "createdAt": hubTime(b.CreatedAt),
		"size": 0, "totalFiles": 0})
}

// deleteBucket answers DELETE /api/buckets/{ns}/{name} (huggingface_hub's delete_bucket): 401, 404
// RepoNotFound when missing or invisible, 403 without write rights, then 200 {}. Conservative choice
// (the reference is silent): a bucket still mounted by a Space is a 409 naming it, never deleted.
func (c *call) deleteBucket(ns, name string) {
	if !c.requireUser() {
		return
	}
	b := c.st.findBucketFold(ns + "/" + name)
	if b == nil || !c.bucketVisible(b) {
		c.repoNotFound()
		return
	}
	bns, _, _ := splitRepoID(b.ID)
	if !c.canWriteNS(bns) {
		hubError(c.w, http.StatusForbidden, "", "You don't have the rights to delete the bucket "+b.ID)
		return
	}
	for _, id := range sortedKeys(c.st.Spaces) {
		for _, v := range c.st.Spaces[id].Volumes {
			if v.Type == "bucket" && strings.EqualFold(v.Source, b.ID) {
				hubError(c.w, http.StatusConflict, "", "bucket "+b.ID+" is mounted by the Space "+id+": unmount it first")
				return
			}
		}
	}
	delete(c.st.Buckets, b.ID)
	writeJSON(c.w, http.StatusOK, map[string]any{})
}

// withoutPlanFields is the whoami answer without isPro, canPay, plan and roleInOrg (WhoamiWithoutPlan).
func withoutPlanFields(out whoamiUser) map[string]any {
	var m map[string]any
	data, _ := json.Marshal(out)
	json.Unmarshal(data, &m)
	delete(m, "isPro")
	delete(m, "canPay")
	for _, o := range m["orgs"].([]any) {
		org := o.(map[string]any)
		delete(org, "plan")
		delete(org, "canPay")
		delete(org, "roleInOrg")
	}
	return m
}
