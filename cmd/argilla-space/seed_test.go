package main

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/backup/backuptest"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// cmdSeed fills or reads a Space's emulated Argilla through its API, as the Space's owner:
//
//	argilla-seed OWNER/NAME [RECORDS]   sample data: users of every role, two workspaces, datasets with
//	                                    every field and question type, records with responses (all
//	                                    statuses), suggestions and vectors; sets $ANNOTATOR_KEY (ann's key)
//	                                    and $SEED_PASSWORD for secret checks
//	argilla-seed conflict OWNER/NAME    makes dataset team-a/reviews with settings other than the sample's
//	argilla-seed snapshot OWNER/NAME    prints the instance without ids, timestamps or secrets, records
//	                                    by external_id (backuptest.Take), for `cmp`
func cmdSeed(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 {
		ts.Fatalf("usage: argilla-seed [snapshot] OWNER/NAME [RECORDS]")
	}
	sub := ""
	if args[0] == "snapshot" || args[0] == "conflict" {
		sub, args = args[0], args[1:]
	}
	snap := sub == "snapshot"
	c, key, tok, hc := seedClient(ts, args[0])
	ctx := context.Background()
	if snap {
		s, err := backuptest.Take(ctx, c)
		if err != nil {
			ts.Fatalf("snapshot: %v", err)
		}
		b, _ := json.MarshalIndent(s, "", "  ")
		ts.Stdout().Write(append(b, '\n'))
		return
	}
	if sub == "conflict" {
		if err := backuptest.Conflict(ctx, c); err != nil {
			ts.Fatalf("%v", err)
		}
		return
	}
	o := backuptest.Options{Password: "seed-password-8642"}
	if len(args) > 1 {
		o.Records, _ = strconv.Atoi(args[1])
	}
	seeded, err := backuptest.Seed(ctx, c, hc, key, tok, o)
	if err != nil {
		ts.Fatalf("seeding %s: %v", args[0], err)
	}
	ts.Setenv("ANNOTATOR_KEY", seeded.Keys["ann"])
	ts.Setenv("SEED_PASSWORD", o.Password)
}

// seedClient is the owner's client of a Space's Argilla in the script's emulator.
func seedClient(ts *testscript.TestScript, id string) (*argilla.Client, string, string, *http.Client) {
	srv := ts.Value("emu").(*hubtest.Server)
	sp, ok := srv.Space(id)
	if !ok {
		ts.Fatalf("no Space %s", id)
	}
	key := sp.Secrets["API_KEY"]
	if key == "" {
		ts.Fatalf("Space %s has no API_KEY secret", id)
	}
	hub := hfapi.New(hfapi.Options{Endpoint: srv.URL, Token: "hf_alice", UserAgent: "argilla-seed"})
	info, err := hub.SpaceInfo(context.Background(), id)
	if err != nil {
		ts.Fatalf("%v", err)
	}
	tok := ""
	if sp.Visibility == "private" {
		tok = "hf_alice"
	}
	return argilla.New(argilla.Options{BaseURL: info.Host, APIKey: key, HFToken: tok, HTTPClient: hub.HTTPClient()}), key, tok, hub.HTTPClient()
}

// cmdKillAfter runs argilla-space and kills it once the emulated Argilla has answered N more requests:
//
//	killafter N [SEED] ARGS...   N requests; with SEED, a number drawn in 1..N from that seed instead
//
// The run must not finish by itself first (the script then fails), so the kill point is inside it.
func cmdKillAfter(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: killafter N [seed=S] ARGS...")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 {
		ts.Fatalf("killafter: N must be a positive number")
	}
	args = args[1:]
	if s, ok := strings.CutPrefix(args[0], "seed="); ok {
		seed, _ := strconv.ParseUint(s, 10, 64)
		n = 1 + rand.New(rand.NewPCG(seed, seed)).IntN(n)
		args = args[1:]
	}
	srv := ts.Value("emu").(*hubtest.Server)
	appRequests := func() int {
		k := 0
		for _, r := range srv.Requests() {
			if strings.Contains(r.Host, ".localhost") {
				k++
			}
		}
		return k
	}
	base := appRequests()
	bin, err := exec.LookPath("argilla-space")
	if err != nil {
		ts.Fatalf("%v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = ts.Getenv("WORK")
	cmd.Env = os.Environ() // the test binary finds its commands through it; the script's values below win
	for _, k := range []string{"PATH", "HOME", "HF_ENDPOINT", "HF_TOKEN", "ARGILLA_SPACE_CONFIG_DIR", "ARGILLA_SPACE_STATE_DIR", "CI", "ARGILLA_API_KEY", "ARGILLA_SPACE"} {
		cmd.Env = append(cmd.Env, k+"="+ts.Getenv(k))
	}
	if err := cmd.Start(); err != nil {
		ts.Fatalf("%v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case err := <-done:
			ts.Fatalf("argilla-space finished (%v) before %d Argilla requests: pick a smaller N", err, n)
		case <-time.After(200 * time.Microsecond):
		}
		if appRequests()-base >= n {
			cmd.Process.Kill()
			<-done
			ts.Logf("killed after %d Argilla requests", appRequests()-base)
			return
		}
	}
}
