package hubtest

import (
	"fmt"
	"net/http"
)

// Workspaces and memberships (argilla-api §4). There is no list-all and no PATCH.

type workspaceOut struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	InsertedAt string `json:"inserted_at"`
	UpdatedAt  string `json:"updated_at"`
}

func workspaceJSON(ws *appWorkspace) workspaceOut {
	return workspaceOut{ID: ws.ID, Name: ws.Name, InsertedAt: isoTime(ws.CreatedAt),
		UpdatedAt: isoTime(updated(ws.CreatedAt, ws.UpdatedAt))}
}

func workspacesJSON(list []*appWorkspace) []workspaceOut {
	out := make([]workspaceOut, 0, len(list))
	for _, ws := range list {
		out = append(out, workspaceJSON(ws))
	}
	return out
}

// workspacesOf is what /me/workspaces and /users/{id}/workspaces list: every workspace for an owner,
// else the user's memberships; inserted_at ascending.
func (d *appData) workspacesOf(u *appUser) []*appWorkspace {
	if u.Role == roleOwner {
		return d.Workspaces
	}
	return filter(d.Workspaces, func(ws *appWorkspace) bool { return d.isMember(u.ID, ws.ID) })
}

// listMyWorkspaces is GET /me/workspaces.
func (a *appCall) listMyWorkspaces() {
	if a.auth() != nil {
		a.reply(http.StatusOK, items(workspacesJSON(a.data.workspacesOf(a.user))))
	}
}

// createWorkspace is POST /workspaces {id?, name}: 422(A) → 403 → 409 name → 409 id (the name is
// checked before the id, §14.6 item 3).
func (a *appCall) createWorkspace() {
	if a.auth() == nil {
		return
	}
	b := a.bodyObject()
	id := b.uuid("id", false)
	name := b.str("name", true, false, strLen{min: 1})
	if !a.valid() {
		return
	}
	if a.user.Role != roleOwner {
		a.forbidden()
		return
	}
	if a.data.workspace(*name) != nil {
		a.conflict(fmt.Sprintf("Workspace name `%s` is not unique", *name))
		return
	}
	if id != "" && a.data.workspaceByID(id) != nil {
		a.conflict(fmt.Sprintf("Workspace with id `%s` is not unique", id))
		return
	}
	if id == "" {
		id = a.st.newUUID(a.e.seed)
	}
	t := a.data.stamp(a.now)
	ws := &appWorkspace{ID: id, Name: *name, CreatedAt: t, UpdatedAt: t}
	a.data.Workspaces = append(a.data.Workspaces, ws)
	a.reply(http.StatusCreated, workspaceJSON(ws))
}

// getWorkspace is GET /workspaces/{id}: 403 first (a non-member gets 403 even for a missing one).
func (a *appCall) getWorkspace() {
	ws := a.allowedWorkspace(a.isMemberOf)
	if ws == nil {
		return
	}
	a.reply(http.StatusOK, workspaceJSON(ws))
}

// deleteWorkspace is DELETE /workspaces/{id}: owner; 403 → 404 → 409 while datasets are linked.
func (a *appCall) deleteWorkspace() {
	ws := a.allowedWorkspace(func(string) bool { return a.user.Role == roleOwner })
	if ws == nil {
		return
	}
	id := ws.ID
	for _, ds := range a.data.Datasets {
		if ds.WorkspaceID == id {
			a.conflict(fmt.Sprintf("Cannot delete the workspace %s. This workspace has some datasets linked", id))
			return
		}
	}
	a.data.Workspaces = remove(a.data.Workspaces, ws)
	a.data.Members = filter(a.data.Members, func(m *appMember) bool { return m.WorkspaceID != id })
	a.reply(http.StatusOK, workspaceJSON(ws))
}

// listWorkspaceUsers is GET /workspaces/{id}/users: owner or admin member; 403 → 404; users in
// membership order.
func (a *appCall) listWorkspaceUsers() {
	ws := a.allowedWorkspace(a.canManage)
	if ws == nil {
		return
	}
	id := ws.ID
	var list []*appUser
	for _, m := range a.data.Members {
		if m.WorkspaceID == id {
			if u := a.data.userByID(m.UserID); u != nil {
				list = append(list, u)
			}
		}
	}
	a.reply(http.StatusOK, items(usersJSON(list)))
}

// addWorkspaceUser is POST /workspaces/{id}/users {user_id}: owner; 422(A) → 403 → 404 workspace →
// 422(B) unknown user (a referenced entity, §14.6 item 2) → 409 existing membership; 201 the user.
func (a *appCall) addWorkspaceUser() {
	if a.auth() == nil {
		return
	}
	id := a.pathUUID("workspace_id")
	b := a.bodyObject()
	userID := b.uuid("user_id", true)
	if !a.valid() {
		return
	}
	if a.user.Role != roleOwner {
		a.forbidden()
		return
	}
	if a.data.workspaceByID(id) == nil {
		a.notFound("Workspace", id)
		return
	}
	u := a.data.userByID(userID)
	if u == nil {
		a.unprocessable(fmt.Sprintf("User with id `%s` not found", userID))
		return
	}
	if a.data.isMember(userID, id) {
		a.conflict(fmt.Sprintf("Workspace user with workspace_id `%s` and user_id `%s` is not unique", id, userID))
		return
	}
	a.data.addMember(userID, id, a.now)
	a.reply(http.StatusCreated, userJSON(u))
}

// deleteWorkspaceUser is DELETE /workspaces/{id}/users/{user_id}: 404 on a missing membership → 403
// (owner or admin member); 200 the user.
func (a *appCall) deleteWorkspaceUser() {
	if a.auth() == nil {
		return
	}
	id := a.pathUUID("workspace_id")
	userID := a.pathUUID("user_id")
	if !a.valid() {
		return
	}
	var row *appMember
	for _, m := range a.data.Members {
		if m.WorkspaceID == id && m.UserID == userID {
			row = m
		}
	}
	if row == nil {
		appError(a.w, http.StatusNotFound, fmt.Sprintf("WorkspaceUser not found filtering by workspace_id=%s, user_id=%s", id, userID))
		return
	}
	if !a.canManage(id) {
		a.forbidden()
		return
	}
	a.data.Members = remove(a.data.Members, row)
	a.reply(http.StatusOK, userJSON(a.data.userByID(userID)))
}

// allowedWorkspace is the start of the /workspaces/{id} routes that authorize first (argilla-api
// §1.5): 401, the path's 422, 403 unless allowed(id), then 404 (so a caller without access cannot
// tell a missing workspace from a hidden one). nil when it has answered.
func (a *appCall) allowedWorkspace(allowed func(id string) bool) *appWorkspace {
	if a.auth() == nil {
		return nil
	}
	id := a.pathUUID("workspace_id")
	if !a.valid() {
		return nil
	}
	if !allowed(id) {
		a.forbidden()
		return nil
	}
	ws := a.data.workspaceByID(id)
	if ws == nil {
		a.notFound("Workspace", id)
	}
	return ws
}
