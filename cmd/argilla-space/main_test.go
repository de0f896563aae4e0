package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/argilla-space/argilla-space/internal/redact"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"argilla-space": func() { os.Exit(run(os.Args[1:])) },
	})
}

// TestScripts runs the sessions in testdata/script against a fresh emulator each: they read like a
// user's terminal, and every command's stdout, stderr and --debug output is checked for secrets.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup:               setupEmulator,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"as":       cmdAs,
			"exitcode": cmdExitCode,
			"emu":      cmdEmu,
			// seed_test.go: Argilla data for the backup and restore scripts
			"argilla-seed": cmdSeed,
			"killafter":    cmdKillAfter,
		},
	})
}

func setupEmulator(env *testscript.Env) error {
	opts := hubtest.Options{BuildTime: -1, Seed: 1}
	if v := env.Getenv("EMU_BUILD_TIME"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return err
		}
		opts.BuildTime = d
	}
	srv, err := hubtest.NewServer(opts)
	if err != nil {
		return err
	}
	env.Defer(srv.Close)
	env.Values["emu"] = srv
	env.Setenv("HF_ENDPOINT", srv.URL)
	env.Setenv("HF_TOKEN", "hf_alice")
	env.Setenv("HOME", filepath.Join(env.WorkDir, "home"))
	env.Setenv("ARGILLA_SPACE_CONFIG_DIR", filepath.Join(env.WorkDir, "home", "config"))
	env.Setenv("ARGILLA_SPACE_STATE_DIR", filepath.Join(env.WorkDir, "home", "state"))
	env.Setenv("CI", "true")
	return nil
}

// cmdAs runs argilla-space with --debug, records its exit code for `exitcode`, and fails the script if
// any secret known to the emulator or the environment shows up in stdout or stderr.
//
//	as create demo --org acme       (must succeed)
//	! as create demo                (must fail; check the code with `exitcode 2`)
func cmdAs(ts *testscript.TestScript, neg bool, args []string) {
	err := ts.Exec("argilla-space", append(args, "--debug")...)
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("running argilla-space: %v", err)
		}
		code = ee.ExitCode()
	}
	ts.Setenv("EXITCODE", strconv.Itoa(code))
	checkNoSecrets(ts)
	if neg && code == 0 {
		ts.Fatalf("argilla-space %s: unexpected success", strings.Join(args, " "))
	}
	if !neg && code != 0 {
		ts.Fatalf("argilla-space %s: exit code %d\n%s", strings.Join(args, " "), code, ts.ReadFile("stderr"))
	}
}

func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: exitcode N")
	}
	if got := ts.Getenv("EXITCODE"); (got == args[0]) == neg {
		ts.Fatalf("exit code %s, want %s", got, args[0])
	}
}

// secretValues is every secret the run could leak: the tokens of the emulator's world, the secrets
// stored in every Space, and the ones the script put in the environment.
func secretValues(ts *testscript.TestScript) []string {
	srv := ts.Value("emu").(*hubtest.Server)
	var out []string
	for _, t := range hubtest.DefaultWorld().Tokens {
		out = append(out, t.Value)
	}
	for _, id := range spaceIDs(srv) {
		if sp, ok := srv.Space(id); ok {
			for _, v := range sp.Secrets {
				out = append(out, v)
			}
		}
	}
	for _, k := range []string{"ARGILLA_PASSWORD", "ARGILLA_API_KEY", "SECRET_VALUE"} {
		out = append(out, ts.Getenv(k))
	}
	var long []string
	for _, v := range out {
		if len(v) >= 6 && v != "false" && v != "argilla" {
			long = append(long, v)
		}
	}
	return long
}

// checkNoSecrets fails the script when a secret shows in stdout or stderr, as it is or escaped (URL,
// JSON) as an echo of a request would show it.
func checkNoSecrets(ts *testscript.TestScript) {
	for _, f := range []string{"stdout", "stderr"} {
		text := ts.ReadFile(f)
		for _, s := range secretValues(ts) {
			for _, form := range redact.Forms(s)[:5] { // as is, URL- and JSON-escaped
				if strings.Contains(text, form) {
					ts.Fatalf("a secret value leaked into %s", f)
				}
			}
		}
	}
}

// cmdEmu inspects the emulator:
//
//	emu space OWNER/NAME       prints the Space's state as JSON (to stdout, for `stdout` checks)
//	emu mutations              prints the number of mutating Hub requests since the last reset
//	emu requests               prints the request log, one "METHOD PATH STATUS" a line
//	emu reset                  clears the request log
//	emu fail OWNER/NAME STAGE [MESSAGE...]  makes the next start of the Space end in STAGE, logging MESSAGE
func cmdEmu(ts *testscript.TestScript, neg bool, args []string) {
	srv := ts.Value("emu").(*hubtest.Server)
	if len(args) == 0 {
		ts.Fatalf("usage: emu space|mutations|requests|reset|fail")
	}
	var out string
	switch args[0] {
	case "space":
		sp, ok := srv.Space(args[1])
		if !ok {
			if !neg {
				ts.Fatalf("no Space %s in the emulator", args[1])
			}
			return
		}
		if neg {
			ts.Fatalf("Space %s exists", args[1])
		}
		b, _ := json.MarshalIndent(sp, "", "  ")
		out = string(b) + "\n"
	case "mutations":
		out = fmt.Sprintf("mutations: %d\n", countMutations(srv.Requests()))
	case "requests":
		var b strings.Builder
		for _, r := range srv.Requests() {
			fmt.Fprintf(&b, "%s %s %s %d\n", r.Method, r.Host, r.Path, r.Status)
		}
		out = b.String()
	case "reset":
		srv.ResetRequests()
	case "fail":
		msg := "injected by the test"
		if len(args) > 3 {
			msg = strings.Join(args[3:], " ")
		}
		b, _ := json.Marshal(map[string]string{"stage": args[2], "message": msg})
		body := string(b)
		resp, err := http.Post(srv.URL+"/_emulator/spaces/"+args[1]+"/fail", "application/json", strings.NewReader(body))
		if err != nil {
			ts.Fatalf("%v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			ts.Fatalf("emu fail: HTTP %d", resp.StatusCode)
		}
	default:
		ts.Fatalf("unknown emu command %q", args[0])
	}
	ts.Stdout().Write([]byte(out))
}

// countMutations counts Hub requests that change something: every non-GET/HEAD request except the
// read-only POSTs (preupload asks, it does not change).
func countMutations(reqs []hubtest.RequestRecord) int {
	n := 0
	for _, r := range reqs {
		if r.Method == "GET" || r.Method == "HEAD" || strings.Contains(r.Path, "/preupload/") || strings.Contains(r.Host, ".localhost") {
			continue
		}
		n++
	}
	return n
}

var spacePathRe = regexp.MustCompile(`^/api/spaces/([^/]+)/([^/]+)`)

// spaceIDs lists the Spaces the requests so far have touched.
func spaceIDs(srv *hubtest.Server) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range srv.Requests() {
		if m := spacePathRe.FindStringSubmatch(r.Path); m != nil && !seen[m[1]+"/"+m[2]] {
			seen[m[1]+"/"+m[2]] = true
			out = append(out, m[1]+"/"+m[2])
		}
	}
	sort.Strings(out)
	return out
}
