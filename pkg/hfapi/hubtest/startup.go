package hubtest

import (
	"fmt"
	"path"
	"strings"
	"time"
)

// argillaHome is the working directory of the argilla-hf-spaces image, where relative paths resolve.
const argillaHome = "/home/argilla"

// boot emulates one start of the Space from its files and secrets at this moment: the Docker build
// (every COPY source must exist), then Argilla's start-up (secret lengths, owner creation, the OAuth
// file, allowed workspaces). It sets the outcome and writes the build and run logs, timed over the
// BUILDING and APP_STARTING windows. App data changes happen now; the app is reachable once RUNNING.
func (e *Emulator) boot(st *state, sp *space, now time.Time) {
	sp.Outcome, sp.ErrorMessage, sp.Providers = "", "", nil
	lg := newLogWriter(now, e.buildTime(), e.startTime(), sp.head().Sha)
	defer func() { sp.BuildLog, sp.RunLog = lg.build, lg.run }()

	forced := sp.ForceFail
	sp.ForceFail = nil
	if sp.SDK != "docker" {
		lg.buildLine("Build succeeded (" + sp.SDK + " Space)")
		if forced != nil {
			lg.runError(forced.Message)
			sp.Outcome, sp.ErrorMessage = forced.Stage, forced.Message
			return
		}
		lg.runLine("Application started")
		return
	}
	files := sp.files(sp.head())
	df, ok := files["Dockerfile"]
	if !ok {
		sp.Outcome, sp.ErrorMessage = stageNoAppFile, "No Dockerfile found in the repository"
		return
	}
	steps := parseDockerfile(string(df))
	missing, placed := copyCheck(steps, files)
	sp.AppVersion = ""
	for i, s := range steps {
		lg.buildLine(fmt.Sprintf("--> %s", s.Raw))
		version, ref, ok := imageVersion(s)
		if !ok {
			lg.buildError("ERROR: failed to solve: " + manifestUnknown(ref))
			sp.Outcome, sp.ErrorMessage = stageBuildError, "Build failed: "+manifestUnknown(ref)
			return
		}
		if version != "" && sp.AppVersion == "" {
			sp.AppVersion = version
		}
		if missing != "" && (s.Instr == "COPY" || s.Instr == "ADD") && containsString(s.Args, missing) {
			lg.buildError(fmt.Sprintf("ERROR: failed to compute cache key: %q not found in the build context", missing))
			sp.Outcome = stageBuildError
			sp.ErrorMessage = fmt.Sprintf("Build failed: COPY source %q does not exist in the repository", missing)
			return
		}
		lg.buildLine(fmt.Sprintf("DONE step %d/%d", i+1, len(steps)))
	}
	if forced != nil && forced.Stage == stageBuildError {
		lg.buildError(forced.Message)
		sp.Outcome, sp.ErrorMessage = stageBuildError, forced.Message
		return
	}
	lg.buildLine("--> Pushing image")
	lg.buildLine("DONE")
	if forced != nil {
		lg.runError(forced.Message)
		sp.Outcome, sp.ErrorMessage = stageRuntimeError, forced.Message
		return
	}
	e.startArgilla(st, sp, files, placed, lg)
}

// startArgilla is the image's start-up (argilla-on-spaces §1.3): secrets checked and the owner created
// from USERNAME/API_KEY unless that username exists already (secrets only count the first time), then
// the OAuth file read and its allowed workspaces created. A failure is a RUNTIME_ERROR.
func (e *Emulator) startArgilla(st *state, sp *space, files map[string][]byte, placed map[string]string, lg *logWriter) {
	env := envOf(sp)
	sp.AppSecret = st.newID(e.seed, "jwt") + st.newID(e.seed, "jwt") // a new key each start: old JWTs die
	lg.runLine("===== Application Startup =====")
	fail := func(msg string) {
		lg.runError(msg)
		sp.Outcome, sp.ErrorMessage = stageRuntimeError, "Exit code: 1. Reason: "+msg
	}
	for _, k := range []string{"PASSWORD", "API_KEY"} {
		if v := env[k]; v != "" && len(v) < 8 {
			fail(fmt.Sprintf("ValueError: %s must be at least 8 characters long", k))
			return
		}
	}
	if len(env["PASSWORD"]) > 100 {
		fail("ValueError: PASSWORD must be at most 100 characters long")
		return
	}
	data := st.appDataOf(sp)
	username := argillaUsername(sp, env)
	if data.user(username) != nil || (env["API_KEY"] != "" && data.userByKey(env["API_KEY"]) != nil) {
		lg.runLine(fmt.Sprintf("User with username %q already exists. Skipping...", username))
	} else {
		key, password := env["API_KEY"], env["PASSWORD"]
		if key == "" {
			key = st.newAPIKey(e.seed)
		}
		if password == "" {
			password = st.newID(e.seed, "password") // start.sh's pwgen: random, never shown
		}
		owner := data.newUser(st.newUUID(e.seed), username, username, nil, roleOwner, key, password, lg.now)
		lg.runLine(fmt.Sprintf("User with username %q and role owner has been created", username))
		// --workspace runs only with the owner's creation (§16.1): it creates the workspace if missing
		// and makes the owner a member.
		if ws := env["WORKSPACE"]; ws != "" {
			w, _ := data.ensureWorkspace(st, e.seed, ws, lg.now)
			data.addMember(owner.ID, w.ID, lg.now)
		}
	}
	cfg, err := readOAuth(env, placed, files)
	if err != nil {
		fail("Invalid OAuth configuration: " + err.Error())
		return
	}
	sp.Providers = cfg.Providers
	for _, ws := range cfg.Workspaces {
		if _, created := data.ensureWorkspace(st, e.seed, ws, lg.now); created {
			lg.runLine(fmt.Sprintf("Workspace %q created", ws))
		}
	}
	lg.runLine("INFO:     Uvicorn running on http://0.0.0.0:6900 (Press CTRL+C to quit)")
}

// readOAuth finds the OAuth file the server reads (ARGILLA_AUTH_OAUTH_CFG, default .oauth.yaml, relative
// to /home/argilla) among the files the Dockerfile copied. No file means no providers, which is valid.
func readOAuth(env map[string]string, placed map[string]string, files map[string][]byte) (oauthConfig, error) {
	p := env["ARGILLA_AUTH_OAUTH_CFG"]
	if p == "" {
		p = ".oauth.yaml"
	}
	if !strings.HasPrefix(p, "/") {
		p = path.Join(argillaHome, p)
	}
	repoPath, ok := placed[path.Clean(p)]
	if !ok {
		return oauthConfig{}, nil
	}
	return parseOAuth(files[repoPath])
}

// argillaUsername is USERNAME as start.sh leaves it: the secret or variable, else the Space's creator.
func argillaUsername(sp *space, env map[string]string) string {
	if u := env["USERNAME"]; u != "" {
		return u
	}
	return sp.Creator
}

// envOf is the container environment the emulation reads: variables, overridden by secrets.
func envOf(sp *space) map[string]string {
	env := map[string]string{}
	for k, v := range sp.Variables {
		env[k] = v.Value
	}
	for k, v := range sp.Secrets {
		env[k] = v.Value
	}
	return env
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// logWriter times the log lines of one start: build lines spread over the build window, run lines over
// the start window, and an error line at the end of its window (when the stage turns to the error).
type logWriter struct {
	now        time.Time // the start
	buildTime  time.Duration
	startTime  time.Duration
	build, run []logEvent
}

func newLogWriter(now time.Time, buildTime, startTime time.Duration, sha string) *logWriter {
	lg := &logWriter{now: now, buildTime: buildTime, startTime: startTime}
	short := sha
	if len(short) > 7 {
		short = short[:7]
	}
	lg.buildLine("===== Build Queued at " + now.UTC().Format(time.RFC3339) + " / Commit SHA: " + short + " =====")
	return lg
}

// spread places the i-th line of a window inside it (never at its end, which belongs to errors).
func spread(window time.Duration, i int) time.Duration {
	return window * time.Duration(min(i, 31)) / 32
}

func (lg *logWriter) buildLine(s string) {
	lg.build = append(lg.build, logEvent{Time: lg.now.Add(spread(lg.buildTime, len(lg.build))), Text: s})
}

func (lg *logWriter) buildError(s string) {
	lg.build = append(lg.build, logEvent{Time: lg.now.Add(lg.buildTime), Text: s})
}

func (lg *logWriter) runLine(s string) {
	t := lg.now.Add(lg.buildTime + spread(lg.startTime, len(lg.run)))
	lg.run = append(lg.run, logEvent{Time: t, Text: s})
}

func (lg *logWriter) runError(s string) {
	lg.run = append(lg.run, logEvent{Time: lg.now.Add(lg.buildTime + lg.startTime), Text: s})
}
