package hubtest

import (
	"fmt"
	"net/http"
	"strings"
)

// writerRoles are the org roles that may write to the org's repos (and create them).
var writerRoles = map[string]bool{"admin": true, "write": true, "contributor": true}

// roleIn is the user's role in namespace ns: "owner" for the user's own, the org role, or "".
func (st *state) roleIn(user, ns string) string {
	if strings.EqualFold(user, ns) {
		return "owner"
	}
	if o := st.World.org(ns); o != nil {
		return o.Members[user]
	}
	return ""
}

// canWriteNS reports whether the caller may create and change repos under ns: a write token, and ns is
// the user's own or an org where the user is admin, write or contributor.
func (c *call) canWriteNS(ns string) bool {
	if c.tok == nil || c.tok.Role != "write" {
		return false
	}
	r := c.st.roleIn(c.tok.User, ns)
	return r == "owner" || writerRoles[r]
}

// canRead reports whether the caller sees the Space: public ones are open; private and protected ones
// (whose repos are private, reference §7) only to the owner or members with any role but no_access.
func (c *call) canRead(sp *space) bool {
	if sp.Visibility == "public" {
		return true
	}
	return c.tok != nil && c.st.tokenReads(c.tok, sp)
}

// tokenReads is canRead for a known token (also used by the private app check).
func (st *state) tokenReads(t *Token, sp *space) bool {
	if sp.Visibility == "public" {
		return true
	}
	ns, _, _ := splitRepoID(sp.ID)
	r := st.roleIn(t.User, ns)
	return r == "owner" || writerRoles[r] || r == "read"
}

// paid reports whether ns may create docker/gradio and protected Spaces: a PRO user or a Team or
// Enterprise org (reference §0.2; "plus" and "academia" are not counted, conservatively).
func (st *state) paid(ns string) bool {
	if u := st.World.user(ns); u != nil {
		return u.IsPro
	}
	if o := st.World.org(ns); o != nil {
		return o.Plan == "team" || o.Plan == "enterprise"
	}
	return false
}

// planNeeded names the plan ns lacks, for 402 messages.
func (st *state) planNeeded(ns string) string {
	if st.World.user(ns) != nil {
		return "a PRO subscription"
	}
	return "a Team or Enterprise plan"
}

// requireUser answers 401 for anonymous callers.
func (c *call) requireUser() bool {
	if c.tok == nil {
		hubError(c.w, http.StatusUnauthorized, "", "You must be authenticated to access this endpoint")
		return false
	}
	return true
}

// repoNotFound is the Hub's answer for a missing or invisible repo: 401 to anonymous callers, 404 to
// authenticated ones, with X-Error-Code RepoNotFound (reference §12).
func (c *call) repoNotFound() {
	status := http.StatusNotFound
	if c.tok == nil {
		status = http.StatusUnauthorized
	}
	hubError(c.w, status, "RepoNotFound", "Repository Not Found")
}

// lookup finds a Space the caller may see, ignoring case as the Hub does (ACME/Demo is acme/demo); when
// write is set the caller must also be allowed to change it (403 otherwise; 401 when anonymous). It
// answers the error itself and returns nil.
func (c *call) lookup(ns, name string, write bool) *space {
	sp := c.st.findSpaceFold(ns + "/" + name)
	if sp == nil || !c.canRead(sp) {
		c.repoNotFound()
		return nil
	}
	if !write {
		return sp
	}
	if !c.requireUser() {
		return nil
	}
	if !c.canWriteNS(ns) {
		msg := fmt.Sprintf("You don't have the rights to change the space %s", sp.ID)
		if c.tok.Role != "write" {
			msg += ": this token only has read access"
		}
		hubError(c.w, http.StatusForbidden, "", msg)
		return nil
	}
	return sp
}
