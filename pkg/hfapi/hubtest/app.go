package hubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

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
	sp := st.spaceBySubdomain(sub)
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
	a := &appCall{e: e, st: st, sp: sp, w: w, r: r, body: body, data: st.appDataOf(sp), now: e.now()}
	a.route(seg[2:])
}

// spaceBySubdomain finds the Space whose app host has this subdomain.
func (st *state) spaceBySubdomain(sub string) *space {
	for _, id := range sortedKeys(st.Spaces) {
		if subdomainOf(id) == sub {
			return st.Spaces[id]
		}
	}
	return nil
}

// bearerReads reports whether the request carries an HF token that can read the private Space.
func bearerReads(st *state, r *http.Request, sp *space) bool {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	t := st.World.token(strings.TrimSpace(tok))
	return strings.EqualFold(scheme, "Bearer") && t != nil && st.tokenReads(t, sp)
}

// appCall is one request to an Argilla app.
type appCall struct {
	e      *Emulator
	st     *state
	sp     *space
	w      http.ResponseWriter
	r      *http.Request
	body   []byte
	data   *appData
	now    time.Time
	params map[string]string // path parameters of the matched route
	user   *appUser          // the authenticated caller
	errs   []schemaErr       // request schema errors collected before the handler body runs
}

// appRoute is one route of the v1 API: a method, a pattern with {param} segments, and a handler.
type appRoute struct {
	method  string
	pattern string
	handle  func(a *appCall)
}

// appRoutes is the route table (argilla-api §15; the emulated subset). Handlers authenticate themselves
// because the order of 401, 422 and 403 varies (§1.5).
var appRoutes []appRoute

func init() {
	appRoutes = []appRoute{
		{"GET", "version", (*appCall).getVersion},
		{"GET", "status", (*appCall).getStatus},
		{"GET", "settings", (*appCall).getSettings},
		{"GET", "oauth2/providers", (*appCall).getProviders},
		{"POST", "token", (*appCall).createToken},
		{"GET", "me", (*appCall).getMe},
		{"GET", "users", (*appCall).listUsers},
		{"POST", "users", (*appCall).createUser},
		{"GET", "users/{user_id}", (*appCall).getUser},
		{"PATCH", "users/{user_id}", (*appCall).updateUser},
		{"DELETE", "users/{user_id}", (*appCall).deleteUser},
		{"GET", "users/{user_id}/workspaces", (*appCall).listUserWorkspaces},
		{"POST", "workspaces", (*appCall).createWorkspace},
		{"GET", "workspaces/{workspace_id}", (*appCall).getWorkspace},
		{"DELETE", "workspaces/{workspace_id}", (*appCall).deleteWorkspace},
		{"GET", "me/workspaces", (*appCall).listMyWorkspaces},
		{"GET", "workspaces/{workspace_id}/users", (*appCall).listWorkspaceUsers},
		{"POST", "workspaces/{workspace_id}/users", (*appCall).addWorkspaceUser},
		{"DELETE", "workspaces/{workspace_id}/users/{user_id}", (*appCall).deleteWorkspaceUser},
		{"GET", "me/datasets", (*appCall).listMyDatasets},
		{"POST", "datasets", (*appCall).createDataset},
		{"GET", "datasets/{dataset_id}", (*appCall).getDataset},
		{"PATCH", "datasets/{dataset_id}", (*appCall).updateDataset},
		{"DELETE", "datasets/{dataset_id}", (*appCall).deleteDataset},
		{"PUT", "datasets/{dataset_id}/publish", (*appCall).publishDataset},
		{"GET", "datasets/{dataset_id}/progress", (*appCall).datasetProgress},
		{"GET", "datasets/{dataset_id}/users/progress", (*appCall).datasetUsersProgress},
		{"GET", "datasets/{dataset_id}/fields", (*appCall).listFields},
		{"POST", "datasets/{dataset_id}/fields", (*appCall).createField},
		{"PATCH", "fields/{field_id}", (*appCall).updateField},
		{"DELETE", "fields/{field_id}", (*appCall).deleteField},
		{"GET", "datasets/{dataset_id}/questions", (*appCall).listQuestions},
		{"POST", "datasets/{dataset_id}/questions", (*appCall).createQuestion},
		{"PATCH", "questions/{question_id}", (*appCall).updateQuestion},
		{"DELETE", "questions/{question_id}", (*appCall).deleteQuestion},
		{"GET", "me/datasets/{dataset_id}/metadata-properties", (*appCall).listMetadataProperties},
		{"POST", "datasets/{dataset_id}/metadata-properties", (*appCall).createMetadataProperty},
		{"PATCH", "metadata-properties/{metadata_property_id}", (*appCall).updateMetadataProperty},
		{"DELETE", "metadata-properties/{metadata_property_id}", (*appCall).deleteMetadataProperty},
		{"GET", "datasets/{dataset_id}/vectors-settings", (*appCall).listVectorSettings},
		{"POST", "datasets/{dataset_id}/vectors-settings", (*appCall).createVectorSettings},
		{"PATCH", "vectors-settings/{vector_settings_id}", (*appCall).updateVectorSettings},
		{"DELETE", "vectors-settings/{vector_settings_id}", (*appCall).deleteVectorSettings},
		{"GET", "datasets/{dataset_id}/records", (*appCall).listRecords},
		{"DELETE", "datasets/{dataset_id}/records", (*appCall).deleteRecords},
		{"POST", "datasets/{dataset_id}/records/bulk", (*appCall).createRecordsBulk},
		{"PUT", "datasets/{dataset_id}/records/bulk", (*appCall).upsertRecordsBulk},
		{"GET", "records/{record_id}", (*appCall).getRecord},
		{"PATCH", "records/{record_id}", (*appCall).updateRecord},
		{"DELETE", "records/{record_id}", (*appCall).deleteRecord},
		{"POST", "records/{record_id}/responses", (*appCall).createResponse},
		{"GET", "records/{record_id}/suggestions", (*appCall).listSuggestions},
		{"PUT", "records/{record_id}/suggestions", (*appCall).upsertSuggestion},
		{"DELETE", "records/{record_id}/suggestions", (*appCall).deleteRecordSuggestions},
		{"DELETE", "suggestions/{suggestion_id}", (*appCall).deleteSuggestion},
		{"PUT", "responses/{response_id}", (*appCall).updateResponse},
		{"POST", "me/responses/bulk", (*appCall).upsertMyResponsesBulk},
		{"DELETE", "responses/{response_id}", (*appCall).deleteResponse},
	}
}

// route dispatches /api/v1/{seg...}: an unknown path is 404, a known path with another method 405
// (both plain), and a trailing slash a 307 to the path without it (FastAPI's redirect_slashes, §1.1).
func (a *appCall) route(seg []string) {
	var methodMismatch bool
	for _, rt := range appRoutes {
		params, ok := matchRoute(rt.pattern, seg)
		if !ok {
			continue
		}
		if strings.HasSuffix(a.r.URL.Path, "/") {
			loc := strings.TrimRight(a.r.URL.Path, "/")
			if a.r.URL.RawQuery != "" {
				loc += "?" + a.r.URL.RawQuery
			}
			a.w.Header().Set("Location", loc)
			a.w.WriteHeader(http.StatusTemporaryRedirect)
			return
		}
		if rt.method != a.r.Method && !(rt.method == "GET" && a.r.Method == "HEAD") {
			methodMismatch = true
			continue
		}
		a.params = params
		rt.handle(a)
		return
	}
	if methodMismatch {
		appError(a.w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	appError(a.w, http.StatusNotFound, "Not Found")
}

// matchRoute matches path segments against a pattern, returning the {param} values.
func matchRoute(pattern string, seg []string) (map[string]string, bool) {
	pp := strings.Split(pattern, "/")
	if len(pp) != len(seg) {
		return nil, false
	}
	var params map[string]string
	for i, p := range pp {
		if strings.HasPrefix(p, "{") {
			if seg[i] == "" {
				return nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[strings.Trim(p, "{}")] = seg[i]
			continue
		}
		if p != seg[i] {
			return nil, false
		}
	}
	return params, true
}

// Error bodies: Argilla has three shapes (argilla-api §1.4).

// appError is shape B, plain: {"detail": "<message>"} (404, 409, business 422, FastAPI's 404/405).
func appError(w http.ResponseWriter, status int, detail string) {
	writeJSON(w, status, map[string]string{"detail": detail})
}

// codedError is shape A: {"detail": {"code": "argilla.api.errors::<Class>", "params": {...}}}.
func codedError(w http.ResponseWriter, status int, class string, params any) {
	writeJSON(w, status, map[string]any{"detail": map[string]any{"code": "argilla.api.errors::" + class, "params": params}})
}

// unauthorized is a coded 401 (UnauthorizedError).
func (a *appCall) unauthorized(msg string) {
	codedError(a.w, http.StatusUnauthorized, "UnauthorizedError", map[string]string{"detail": msg})
}

// forbidden is the coded 403 every policy denial gives (§1.3).
func (a *appCall) forbidden() {
	codedError(a.w, http.StatusForbidden, "ForbiddenOperationError", map[string]string{"detail": "Operation not allowed"})
}

// notFound is get_or_raise's plain 404: "<Model> with id `<id>` not found" (§1.4).
func (a *appCall) notFound(model, id string) {
	appError(a.w, http.StatusNotFound, fmt.Sprintf("%s with id `%s` not found", model, id))
}

func (a *appCall) conflict(msg string) { appError(a.w, http.StatusConflict, msg) }

// unprocessable is a business-rule 422 (UnprocessableEntityError), plain.
func (a *appCall) unprocessable(msg string) { appError(a.w, http.StatusUnprocessableEntity, msg) }

func (a *appCall) reply(status int, v any) { writeJSON(a.w, status, v) }

// auth authenticates the caller (§1.2): X-Argilla-Api-Key first; an unknown key falls through to the
// Bearer scheme (a JWT from POST /token), so a private Space's HF token with a wrong key gives
// "Invalid token". Nothing usable gives "Could not validate credentials".
func (a *appCall) auth() *appUser {
	if u := a.data.userByKey(a.r.Header.Get("X-Argilla-Api-Key")); u != nil {
		a.user = u
		return u
	}
	if scheme, token, _ := strings.Cut(a.r.Header.Get("Authorization"), " "); strings.EqualFold(scheme, "Bearer") {
		a.user = a.bearerUser(strings.TrimSpace(token))
		return a.user
	}
	a.unauthorized("Could not validate credentials")
	return nil
}

// Roles (§1.3).
const (
	roleOwner     = "owner"
	roleAdmin     = "admin"
	roleAnnotator = "annotator"
)

// isMemberOf: an owner, or any user with a membership row in the workspace.
func (a *appCall) isMemberOf(workspaceID string) bool {
	return a.user.Role == roleOwner || a.data.isMember(a.user.ID, workspaceID)
}

// canManage: an owner, or an admin that is a member of the workspace (dataset writes).
func (a *appCall) canManage(workspaceID string) bool {
	return a.user.Role == roleOwner || (a.user.Role == roleAdmin && a.data.isMember(a.user.ID, workspaceID))
}

// isoTime is Python's datetime.isoformat() of a naive UTC time: no zone suffix, and a six-digit
// fraction only when the microseconds are not 0 (§1.6).
func isoTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04:05.000000")
}

// items is the list envelope {"items": [...]}, never null.
func items[T any](list []T) map[string]any {
	if list == nil {
		list = []T{}
	}
	return map[string]any{"items": list}
}

// Info endpoints (§2).

func (a *appCall) getVersion() {
	a.reply(http.StatusOK, map[string]string{"version": appVersion(a.sp)})
}

func (a *appCall) getStatus() {
	a.reply(http.StatusOK, map[string]any{"version": appVersion(a.sp),
		"search_engine": map[string]any{"name": "argilla-es", "cluster_name": "elasticsearch",
			"version": map[string]any{"distribution": "elasticsearch", "number": "8.8.2"}},
		"memory": map[string]string{"rss": "512M", "vms": "2G"}})
}

// getSettings is GET /settings: nulls dropped; huggingface present because SPACE_ID is set on Spaces.
func (a *appCall) getSettings() {
	ns, name, _ := splitRepoID(a.sp.ID)
	p := persistent(a.sp)
	env := envOf(a.sp)
	a.reply(http.StatusOK, map[string]any{
		"argilla": map[string]any{"share_your_progress_enabled": false,
			"show_huggingface_space_persistent_storage_warning": env["ARGILLA_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING"] != "false"},
		"huggingface": map[string]any{"space_id": a.sp.ID, "space_title": name, "space_subdomain": subdomainOf(a.sp.ID),
			"space_host": subdomainOf(a.sp.ID) + ".hf.space", "space_repo_name": name, "space_author_name": ns,
			"space_persistent_storage_enabled": p}})
}

func (a *appCall) getProviders() {
	list := []map[string]string{}
	for _, p := range a.sp.Providers {
		list = append(list, map[string]string{"name": p})
	}
	a.reply(http.StatusOK, items(list))
}

// rawJSON marshals v for storage as a json.RawMessage.
func rawJSON(v any) json.RawMessage {
	data, _ := json.Marshal(v)
	return data
}
