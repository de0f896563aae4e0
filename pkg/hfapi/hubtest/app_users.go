package hubtest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"
)

// Users (argilla-api §3). Every /users endpoint is owner-only; each one's order of 404 and 403 is the
// reference's table. Every user object carries its api_key.

// userOut is the User JSON.
type userOut struct {
	ID         string  `json:"id"`
	FirstName  string  `json:"first_name"`
	LastName   *string `json:"last_name"`
	Username   string  `json:"username"`
	Role       string  `json:"role"`
	APIKey     string  `json:"api_key"`
	InsertedAt string  `json:"inserted_at"`
	UpdatedAt  string  `json:"updated_at"`
}

func userJSON(u *appUser) userOut {
	return userOut{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username, Role: u.Role,
		APIKey: u.APIKey, InsertedAt: isoTime(u.CreatedAt), UpdatedAt: isoTime(updated(u.CreatedAt, u.UpdatedAt))}
}

func usersJSON(list []*appUser) []userOut {
	out := make([]userOut, 0, len(list))
	for _, u := range list {
		out = append(out, userJSON(u))
	}
	return out
}

// Password and name rules of UserCreate/UserUpdate (S:api/schemas/v1/users.py).
var (
	firstNameRule = strLen{min: 1, trim: true}
	lastNameRule  = strLen{min: 1, trim: true}
	usernameRule  = strLen{min: 1}
	passwordRule  = strLen{min: 8, max: 100}
	roles         = []string{roleOwner, roleAdmin, roleAnnotator}
)

// hashPassword keeps a digest, never the password (the server keeps a bcrypt hash).
func hashPassword(p string) string {
	sum := sha256.Sum256([]byte(p))
	return hex.EncodeToString(sum[:])
}

// newAPIKey is a fresh, unguessable-looking key (the server uses secrets.token_urlsafe(80)).
func (st *state) newAPIKey(seed int64) string {
	k := ""
	for len(k) < 96 {
		k += st.newID(seed, "apikey")
	}
	return k
}

// newUser adds a user; the caller has checked the username and id are free.
func (d *appData) newUser(id, username, firstName string, lastName *string, role, apiKey, password string, now time.Time) *appUser {
	t := d.stamp(now)
	u := &appUser{ID: id, Username: username, FirstName: firstName, LastName: lastName, Role: role, APIKey: apiKey,
		PasswordHash: hashPassword(password), CreatedAt: t, UpdatedAt: t}
	d.Users = append(d.Users, u)
	return u
}

// getMe is GET /me: any authenticated user.
func (a *appCall) getMe() {
	if u := a.auth(); u != nil {
		a.reply(http.StatusOK, userJSON(u))
	}
}

// listUsers is GET /users: owner, inserted_at ascending.
func (a *appCall) listUsers() {
	if a.auth() == nil {
		return
	}
	if a.user.Role != roleOwner {
		a.forbidden()
		return
	}
	a.reply(http.StatusOK, items(usersJSON(a.data.Users)))
}

// getUser is GET /users/{id}: 403 before 404.
func (a *appCall) getUser() {
	u := a.ownerReadsUser()
	if u == nil {
		return
	}
	a.reply(http.StatusOK, userJSON(u))
}

// createUser is POST /users: 422(A) → 403 → 409 username → 409 id. The id is honoured (§14.6 item 3).
func (a *appCall) createUser() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	id := b.uuid("id", false)
	first := b.str("first_name", true, false, firstNameRule)
	last := b.str("last_name", false, true, lastNameRule)
	username := b.str("username", true, false, usernameRule)
	role := roleAnnotator // omitted or null: the model's default (T:api/handlers/v1/users/test_create_user.py)
	if !b.null("role") {
		role = b.enum("role", false, roleAnnotator, roles...)
	}
	password := b.str("password", true, false, passwordRule)
	if !a.valid() {
		return
	}
	if a.user.Role != roleOwner {
		a.forbidden()
		return
	}
	if a.data.user(*username) != nil {
		a.conflict(fmt.Sprintf("User username `%s` is not unique", *username))
		return
	}
	if id != "" && a.data.userByID(id) != nil {
		a.conflict(fmt.Sprintf("User with id `%s` is not unique", id))
		return
	}
	if id == "" {
		id = a.st.newUUID(a.e.seed)
	}
	u := a.data.newUser(id, *username, *first, last, role, a.st.newAPIKey(a.e.seed), *password, a.now)
	a.reply(http.StatusCreated, userJSON(u))
}

// updateUser is PATCH /users/{id}: 422(A) → 404 → 403 → 422(B) on a username clash (not 409).
func (a *appCall) updateUser() {
	if a.auth() == nil {
		return
	}
	id := a.pathUUID("user_id")
	b := a.bodyObject()
	b.nonNull("first_name", "username", "role", "password")
	first := b.str("first_name", false, true, firstNameRule)
	last := b.str("last_name", false, true, lastNameRule)
	username := b.str("username", false, true, usernameRule)
	role := ""
	if !b.null("role") { // a null is reported once, by nonNull
		role = b.enum("role", false, "", roles...)
	}
	password := b.str("password", false, true, passwordRule)
	if !a.valid() {
		return
	}
	u := a.data.userByID(id)
	if u == nil {
		a.notFound("User", id)
		return
	}
	if a.user.Role != roleOwner {
		a.forbidden()
		return
	}
	if username != nil && *username != u.Username && a.data.user(*username) != nil {
		a.unprocessable(fmt.Sprintf("Username '%s' already exists", *username))
		return
	}
	if first != nil {
		u.FirstName = *first
	}
	if b.has("last_name") {
		u.LastName = last
	}
	if username != nil {
		u.Username = *username
	}
	if role != "" {
		u.Role = role
	}
	if password != nil {
		u.PasswordHash = hashPassword(*password)
	}
	u.UpdatedAt = a.data.stamp(a.now)
	a.reply(http.StatusOK, userJSON(u))
}

// deleteUser is DELETE /users/{id}: 404 → 403. The delete cascades to the user's memberships and all
// its responses (FK ON DELETE CASCADE); record statuses are not recomputed, as in the database.
func (a *appCall) deleteUser() {
	if a.auth() == nil {
		return
	}
	id := a.pathUUID("user_id")
	if !a.valid() {
		return
	}
	u := a.data.userByID(id)
	if u == nil {
		a.notFound("User", id)
		return
	}
	if a.user.Role != roleOwner {
		a.forbidden()
		return
	}
	a.data.Users = remove(a.data.Users, u)
	a.data.Members = filter(a.data.Members, func(m *appMember) bool { return m.UserID != id })
	x := a.data.ix()
	for _, ds := range a.data.Datasets {
		for _, r := range ds.Records {
			r.Responses = filter(r.Responses, func(resp *appResponse) bool {
				if resp.UserID == id {
					delete(x.responses, resp.ID)
					return false
				}
				return true
			})
		}
	}
	a.reply(http.StatusOK, userJSON(u))
}

// listUserWorkspaces is GET /users/{id}/workspaces: 403 → 404; an owner target gets every workspace.
func (a *appCall) listUserWorkspaces() {
	u := a.ownerReadsUser()
	if u == nil {
		return
	}
	a.reply(http.StatusOK, items(workspacesJSON(a.data.workspacesOf(u))))
}

// remove drops one element (by identity) keeping the order.
func remove[T comparable](list []T, v T) []T {
	for i := range list {
		if list[i] == v {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

// filter keeps the elements for which keep is true, in order.
func filter[T any](list []T, keep func(T) bool) []T {
	out := list[:0:0]
	for _, v := range list {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

// ownerReadsUser is the start of the /users/{id} routes that authorize first (argilla-api §1.5):
// 401, the path's 422, 403 unless the caller is an owner, then 404. nil when it has answered.
func (a *appCall) ownerReadsUser() *appUser {
	if a.auth() == nil {
		return nil
	}
	id := a.pathUUID("user_id")
	if !a.valid() {
		return nil
	}
	if a.user.Role != roleOwner {
		a.forbidden()
		return nil
	}
	u := a.data.userByID(id)
	if u == nil {
		a.notFound("User", id)
	}
	return u
}
