package hubtest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// argillaVersion is the version the emulated app reports (the template pins v2.8.0).
const argillaVersion = "2.8.0"

// serveApp answers a request to a Space's app host (argilla-on-spaces §1.3, §2.4, §4). Private Spaces
// need Authorization: Bearer <token that can read the Space>, else HF's 404 page; protected and public
// apps are open. Until the Space is RUNNING the proxy answers 503 HTML. Argilla credentials travel in
// X-Argilla-Api-Key.
func (e *Emulator) serveApp(w http.ResponseWriter, r *http.Request, sub string, seg []string, body []byte) {
	out := newBufWriter()
	err := e.tx(func(st *state) {
		e.appRequest(st, out, r, sub, seg, body)
		st.logRequest(RequestRecord{Method: r.Method, Host: r.Host, Path: r.URL.Path, Status: out.code()})
	})
	if err != nil {
		writeHTML(w, http.StatusInternalServerError, "emulator state: "+err.Error())
		return
	}
	out.flushTo(w, r.Method == http.MethodHead)
}

// appRequest handles one app request inside a transaction.
func (e *Emulator) appRequest(st *state, w http.ResponseWriter, r *http.Request, sub string, seg []string, body []byte) {
	var sp *space
	for _, id := range sortedKeys(st.Spaces) {
		if subdomainOf(id) == sub {
			sp = st.Spaces[id]
			break
		}
	}
	if sp == nil || (sp.Visibility == "private" && !bearerReads(st, r, sp)) {
		writeHTML(w, http.StatusNotFound, "404 - Hugging Face")
		return
	}
	if e.stage(sp, e.now()) != stageRunning {
		writeHTML(w, http.StatusServiceUnavailable, "503 - Space is not running")
		return
	}
	if sp.SDK != "docker" || len(seg) < 2 || seg[0] != "api" || seg[1] != "v1" {
		appError(w, http.StatusNotFound, "Not Found")
		return
	}
	a := &appCall{e: e, st: st, sp: sp, w: w, r: r, body: body, data: st.appDataOf(sp)}
	a.route(strings.Join(seg[2:], "/"))
}

// bearerReads reports whether the request carries an HF token that can read the private Space.
func bearerReads(st *state, r *http.Request, sp *space) bool {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	t := st.World.token(strings.TrimSpace(tok))
	return strings.EqualFold(scheme, "Bearer") && t != nil && st.tokenReads(t, sp)
}

// appCall is one request to an Argilla app.
type appCall struct {
	e    *Emulator
	st   *state
	sp   *space
	w    http.ResponseWriter
	r    *http.Request
	body []byte
	data *appData
}

// appError is Argilla's (FastAPI's) error shape: {"detail": ...}.
func appError(w http.ResponseWriter, status int, detail string) {
	writeJSON(w, status, map[string]string{"detail": detail})
}

// route dispatches /api/v1/{path}.
func (a *appCall) route(path string) {
	m := a.r.Method
	switch {
	case path == "status" && m == "GET":
		writeJSON(a.w, http.StatusOK, map[string]any{"version": argillaVersion,
			"search_engine": map[string]any{"backend": "elasticsearch", "version": "8.8.2"},
			"memory":        map[string]any{"rss": "512MB"}})
	case path == "version" && m == "GET":
		writeJSON(a.w, http.StatusOK, map[string]string{"version": argillaVersion})
	case path == "oauth2/providers" && m == "GET":
		items := []map[string]string{}
		for _, p := range a.sp.Providers {
			items = append(items, map[string]string{"name": p})
		}
		writeJSON(a.w, http.StatusOK, map[string]any{"items": items})
	case path == "me" && m == "GET":
		if u := a.auth(); u != nil {
			writeJSON(a.w, http.StatusOK, userJSON(u))
		}
	case path == "me/workspaces" && m == "GET":
		if u := a.auth(); u != nil {
			a.listWorkspaces(u)
		}
	case path == "workspaces" && m == "POST":
		if u := a.auth(); u != nil {
			a.createWorkspace(u)
		}
	default:
		appError(a.w, http.StatusNotFound, "Not Found")
	}
}

// auth finds the user of X-Argilla-Api-Key; 401 otherwise.
func (a *appCall) auth() *appUser {
	if u := a.data.userByKey(a.r.Header.Get("X-Argilla-Api-Key")); u != nil {
		return u
	}
	appError(a.w, http.StatusUnauthorized, "Could not validate credentials")
	return nil
}

func userJSON(u *appUser) map[string]any {
	ts := u.CreatedAt.UTC().Format("2006-01-02T15:04:05.000000")
	return map[string]any{"id": u.ID, "first_name": u.FirstName, "last_name": nil, "username": u.Username,
		"role": u.Role, "api_key": u.APIKey, "inserted_at": ts, "updated_at": ts}
}

func workspaceJSON(ws *appWorkspace) map[string]any {
	ts := ws.CreatedAt.UTC().Format("2006-01-02T15:04:05.000000")
	return map[string]any{"id": ws.ID, "name": ws.Name, "inserted_at": ts, "updated_at": ts}
}

// listWorkspaces answers GET /api/v1/me/workspaces; owners see every workspace (the emulated app only
// ever has owner users).
func (a *appCall) listWorkspaces(u *appUser) {
	items := []map[string]any{}
	for i := range a.data.Workspaces {
		items = append(items, workspaceJSON(&a.data.Workspaces[i]))
	}
	writeJSON(a.w, http.StatusOK, map[string]any{"items": items})
}

// createWorkspace answers POST /api/v1/workspaces {name}: owner only (403), 422 without a name, 409
// when it exists, 201 with the workspace.
func (a *appCall) createWorkspace(u *appUser) {
	if u.Role != "owner" {
		appError(a.w, http.StatusForbidden, "Operation not allowed for this role")
		return
	}
	var req struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(a.body, &req) != nil || req.Name == "" {
		appError(a.w, http.StatusUnprocessableEntity, "name is required")
		return
	}
	if a.data.workspace(req.Name) != nil {
		appError(a.w, http.StatusConflict, "Workspace with name `"+req.Name+"` already exists")
		return
	}
	a.data.ensureWorkspace(a.st, a.e.seed, req.Name, a.e.now())
	writeJSON(a.w, http.StatusCreated, workspaceJSON(a.data.workspace(req.Name)))
}
