package hubtest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// debugOAuthSignin is POST /_emulator/spaces/{ns}/{name}/argilla/oauth-signin {"username"}: what
// Argilla does when someone signs in with Hugging Face (argilla-api §14.5). An unknown username becomes
// a user (first name = username, a random password, role owner when it equals USERNAME else
// annotator) and joins the OAuth file's allowed_workspaces, created if missing; a known username is
// only signed in (no sync_user). The answer is the user as GET /api/v1/me shows it, API key included,
// so tests can act as that user. The Space must be running with the huggingface provider (409 else).
func (e *Emulator) debugOAuthSignin(w http.ResponseWriter, r *http.Request, id string) {
	var req struct {
		Username string `json:"username"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || strings.TrimSpace(req.Username) == "" {
		hubError(w, http.StatusBadRequest, "", `body must be {"username":"..."}`)
		return
	}
	status, msg := http.StatusOK, ""
	var out userOut
	e.tx(func(st *state) {
		sp := st.Spaces[id]
		switch {
		case sp == nil:
			status, msg = http.StatusNotFound, "no such Space"
			return
		case e.stage(sp, e.now()) != stageRunning:
			status, msg = http.StatusConflict, "the Space is not running"
			return
		case !containsString(sp.Providers, "huggingface"):
			status, msg = http.StatusConflict, "the Space's Argilla has no huggingface OAuth provider"
			return
		}
		data := st.appDataOf(sp)
		u := data.user(req.Username)
		if u == nil {
			env := envOf(sp)
			role := roleAnnotator
			if req.Username == argillaUsername(sp, env) {
				role = roleOwner
			}
			now := e.now()
			u = data.newUser(st.newUUID(e.seed), req.Username, req.Username, nil, role, st.newAPIKey(e.seed),
				st.newID(e.seed, "password"), now)
			for _, name := range e.allowedWorkspaces(sp, env) {
				ws, _ := data.ensureWorkspace(st, e.seed, name, now)
				data.addMember(u.ID, ws.ID, now)
			}
		}
		out = userJSON(u)
	})
	if msg != "" {
		hubError(w, status, "", msg)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// allowedWorkspaces re-reads the OAuth file of the running build (the head commit: every commit restarts).
func (e *Emulator) allowedWorkspaces(sp *space, env map[string]string) []string {
	files := sp.files(sp.head())
	_, placed := copyCheck(parseDockerfile(string(files["Dockerfile"])), files)
	cfg, err := readOAuth(env, placed, files)
	if err != nil {
		return nil
	}
	return cfg.Workspaces
}
