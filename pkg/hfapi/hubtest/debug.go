package hubtest

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
)

// SpaceState is the emulator's full view of a Space, for tests (GET /_emulator/spaces/{ns}/{name}).
// It holds secret values: it is a test aid, never a Hub answer.
type SpaceState struct {
	ID               string            `json:"id"`
	SDK              string            `json:"sdk"`
	Visibility       string            `json:"visibility"` // public, private or protected
	Hardware         string            `json:"hardware"`   // requested flavor ("" for static)
	SleepTimeSeconds *int              `json:"sleepTimeSeconds"`
	GCTimeout        *int              `json:"gcTimeout"` // as the runtime shows it (172800 on cpu-basic)
	Secrets          map[string]string `json:"secrets"`
	Variables        map[string]string `json:"variables"`
	Volumes          []Volume          `json:"volumes"`
	StorageTier      string            `json:"storageTier"`
	Persistent       bool              `json:"persistent"` // data survives a restart
	Files            map[string]string `json:"files"`
	Commits          int               `json:"commits"`
	HeadCommit       string            `json:"headCommit"`
	Stage            string            `json:"stage"`
	ErrorMessage     string            `json:"errorMessage,omitempty"`
	Restarts         int               `json:"restarts"`
	Wipes            int               `json:"wipes"`
	Builds           int               `json:"builds"`
	Workspaces       []string          `json:"workspaces"` // in the app's current data
	Owner            *Owner            `json:"owner"`      // the app's owner user, nil if none
}

// Volume is a mounted volume as the runtime shows it.
type Volume struct {
	Type      string `json:"type"`
	Source    string `json:"source"`
	MountPath string `json:"mountPath"`
	Revision  string `json:"revision,omitempty"`
	ReadOnly  bool   `json:"readOnly"`
	Path      string `json:"path,omitempty"`
}

// Owner is the Argilla owner user of a Space's app.
type Owner struct {
	Username string `json:"username"`
	APIKey   string `json:"apiKey"`
}

// Requests returns the request log (Hub and app requests, in order; not /_emulator).
func (e *Emulator) Requests() []RequestRecord {
	var out []RequestRecord
	e.tx(func(st *state) { out = append([]RequestRecord{}, st.Requests...) })
	return out
}

// ResetRequests empties the request log.
func (e *Emulator) ResetRequests() { e.tx(func(st *state) { st.Requests = nil }) }

// Space returns the state of Space id ("ns/name").
func (e *Emulator) Space(id string) (*SpaceState, bool) {
	var out *SpaceState
	e.tx(func(st *state) {
		if sp := st.Spaces[id]; sp != nil {
			out = e.spaceState(st, sp)
		}
	})
	return out, out != nil
}

// Buckets lists the bucket ids.
func (e *Emulator) Buckets() []string {
	out := []string{}
	e.tx(func(st *state) { out = append(out, sortedKeys(st.Buckets)...) })
	return out
}

// spaceState builds the debug view.
func (e *Emulator) spaceState(st *state, sp *space) *SpaceState {
	now := e.now()
	s := &SpaceState{ID: sp.ID, SDK: sp.SDK, Visibility: sp.Visibility, Hardware: sp.Hardware,
		SleepTimeSeconds: sp.SleepTime, GCTimeout: gcTimeout(sp), Secrets: map[string]string{},
		Variables: map[string]string{}, Volumes: []Volume{}, StorageTier: sp.StorageTier, Persistent: persistent(sp),
		Files: map[string]string{}, Commits: len(sp.Commits), HeadCommit: sp.head().Sha, Stage: e.stage(sp, now),
		Restarts: sp.Restarts, Wipes: sp.Wipes, Builds: sp.Builds, Workspaces: []string{}}
	if s.Stage == stageBuildError || s.Stage == stageRuntimeError || s.Stage == stageNoAppFile {
		s.ErrorMessage = sp.ErrorMessage
	}
	for k, v := range sp.Secrets {
		s.Secrets[k] = v.Value
	}
	for k, v := range sp.Variables {
		s.Variables[k] = v.Value
	}
	for _, v := range sp.Volumes {
		s.Volumes = append(s.Volumes, Volume(v))
	}
	for p, c := range sp.files(sp.head()) {
		s.Files[p] = string(c)
	}
	data := st.appDataOf(sp)
	for _, ws := range data.Workspaces {
		s.Workspaces = append(s.Workspaces, ws.Name)
	}
	for _, u := range data.Users {
		if u.Role == "owner" {
			s.Owner = &Owner{Username: u.Username, APIKey: u.APIKey}
			break
		}
	}
	return s
}

// serveDebug answers the /_emulator debug API (see the package documentation).
func (e *Emulator) serveDebug(w http.ResponseWriter, r *http.Request) {
	if !loopbackHost(r.Host) {
		// DNS rebinding: a web page the user opens can point its own name at 127.0.0.1 and read
		// the answers; its requests carry that name as Host. The debug API shows every secret.
		hubError(w, http.StatusForbidden, "", "the emulator's debug API answers only requests to a loopback host (127.0.0.1, [::1], localhost)")
		return
	}
	seg := splitPath(r.URL)[1:]
	switch {
	case len(seg) == 1 && seg[0] == "requests" && r.Method == "GET":
		writeJSON(w, http.StatusOK, e.Requests())
	case len(seg) == 1 && seg[0] == "requests" && r.Method == "DELETE":
		e.ResetRequests()
		writeJSON(w, http.StatusOK, map[string]any{})
	case len(seg) == 1 && seg[0] == "buckets" && r.Method == "GET":
		writeJSON(w, http.StatusOK, e.Buckets())
	case len(seg) == 3 && seg[0] == "spaces" && r.Method == "GET":
		if s, ok := e.Space(seg[1] + "/" + seg[2]); ok {
			writeJSON(w, http.StatusOK, s)
		} else {
			hubError(w, http.StatusNotFound, "RepoNotFound", "no such Space")
		}
	case len(seg) == 4 && seg[0] == "spaces" && seg[3] == "fail" && r.Method == "POST":
		e.debugFail(w, r, seg[1]+"/"+seg[2])
	case len(seg) == 5 && seg[0] == "spaces" && seg[3] == "argilla" && seg[4] == "oauth-signin" && r.Method == "POST":
		e.debugOAuthSignin(w, r, seg[1]+"/"+seg[2])
	default:
		hubError(w, http.StatusNotFound, "", "unknown debug endpoint")
	}
}

// debugFail plants a failure for the next start of a Space.
func (e *Emulator) debugFail(w http.ResponseWriter, r *http.Request, id string) {
	var req forcedFail
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil ||
		(req.Stage != stageBuildError && req.Stage != stageRuntimeError) {
		hubError(w, http.StatusBadRequest, "", `body must be {"stage":"BUILD_ERROR"|"RUNTIME_ERROR","message":"..."}`)
		return
	}
	if strings.TrimSpace(req.Message) == "" {
		req.Message = "failure injected by the emulator"
	}
	found := false
	e.tx(func(st *state) {
		if sp := st.Spaces[id]; sp != nil {
			sp.ForceFail, found = &req, true
		}
	})
	if !found {
		hubError(w, http.StatusNotFound, "RepoNotFound", "no such Space")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{})
}

// loopbackHost reports whether a Host header names this machine: localhost, *.localhost, or a
// loopback address, with or without a port.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
