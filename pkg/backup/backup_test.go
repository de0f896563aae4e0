package backup_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/backup"
	"github.com/argilla-space/argilla-space/pkg/backup/backuptest"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

const seedPassword = "seed-password-123"

// world is an emulated Hub with running Argilla Spaces.
type world struct {
	t   *testing.T
	srv *hubtest.Server
	hub *hfapi.Client
}

func newWorld(t *testing.T) *world {
	t.Helper()
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: -1, StartTime: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return &world{t: t, srv: srv, hub: hfapi.New(hfapi.Options{Endpoint: srv.URL, Token: "hf_alice", UserAgent: "backup-test"})}
}

// space creates a running Argilla Space and returns the owner's client of it.
func (w *world) space(name, visibility string) *argilla.Client {
	w.t.Helper()
	ctx := context.Background()
	key := "owner-key-" + name + "-0123456789"
	_, err := w.hub.CreateRepo(ctx, hfapi.CreateRepoRequest{Name: name, Organization: "alice", SDK: "docker",
		Template: "argilla/argilla-template-space", Visibility: visibility,
		Secrets: []hfapi.KeyValue{{Key: "USERNAME", Value: "alice"}, {Key: "PASSWORD", Value: "owner-pass-12345"}, {Key: "API_KEY", Value: key}}})
	if err != nil {
		w.t.Fatal(err)
	}
	return w.client(name, nil)
}

// client is the owner's client of the Space name, its requests going through rt (nil: directly).
func (w *world) client(name string, rt func(http.RoundTripper) http.RoundTripper) *argilla.Client {
	w.t.Helper()
	info, err := w.hub.SpaceInfo(context.Background(), "alice/"+name)
	if err != nil {
		w.t.Fatal(err)
	}
	tok := ""
	if info.Private {
		tok = "hf_alice"
	}
	hc := w.hub.HTTPClient()
	if rt != nil {
		base := hc.Transport
		if base == nil {
			base = http.DefaultTransport
		}
		hc = &http.Client{Transport: rt(base)}
	}
	key := "owner-key-" + name + "-0123456789"
	c := argilla.New(argilla.Options{BaseURL: info.Host, APIKey: key, HFToken: tok, HTTPClient: hc, Backoff: time.Millisecond})
	keys[c], tokens[c] = key, tok
	return c
}

func seed(t *testing.T, c *argilla.Client, hc *http.Client, o backuptest.Options) *backuptest.Seeded {
	t.Helper()
	s, err := backuptest.Seed(context.Background(), c, hc, keyOf(c), tokens[c], o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var keys, tokens = map[*argilla.Client]string{}, map[*argilla.Client]string{}

func keyOf(c *argilla.Client) string { return keys[c] }

func snapshot(t *testing.T, c *argilla.Client) string {
	t.Helper()
	s, err := backuptest.Take(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(s, "", " ")
	return string(b)
}

func TestRoundTripEqualFieldByField(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	src := w.space("src", "public")
	seeded := seed(t, src, w.hub.HTTPClient(), backuptest.Options{Records: 30})
	dir := filepath.Join(t.TempDir(), "bk")
	m, err := backup.Write(ctx, src, dir, backup.WriteOptions{Space: "alice/src"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Records() != 33 || m.Users != 5 || len(m.Datasets) != 3 || len(m.Changes) != 0 || m.ArgillaVersion == "" {
		t.Fatalf("manifest %+v", m)
	}
	noSecrets(t, dir, append([]string{seedPassword, "owner-key-src-0123456789", "owner-pass-12345"}, values(seeded.Keys)...))

	dst := w.space("dst", "public")
	rep, err := backup.Restore(ctx, dst, dir, backup.RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Verified || len(rep.UsersCreated) != 4 || len(rep.UsersExisting) != 1 || rep.Records != 33 {
		t.Errorf("report %+v", rep)
	}
	// Users and workspaces keep their ids (reference §14.2), except those mapped by name.
	ids := func(c *argilla.Client) map[string]string {
		m := map[string]string{}
		us, _ := c.Users(ctx)
		for _, u := range us {
			m["user "+u.Username] = u.ID
		}
		ws, _ := c.Workspaces(ctx)
		for _, w := range ws {
			m["workspace "+w.Name] = w.ID
		}
		return m
	}
	srcIDs, dstIDs := ids(src), ids(dst)
	for _, k := range []string{"user ann", "user adam", "user zoe", "user olga", "workspace team-a", "workspace team-b"} {
		if srcIDs[k] == "" || srcIDs[k] != dstIDs[k] {
			t.Errorf("%s: id %q restored as %q", k, srcIDs[k], dstIDs[k])
		}
	}
	if srcIDs["user alice"] == dstIDs["user alice"] {
		t.Error("the target's own owner was replaced instead of mapped")
	}
	want, got := snapshot(t, src), snapshot(t, dst)
	if want != got {
		t.Fatalf("restored instance differs:\n--- source\n%s\n--- restored\n%s", want, got)
	}

	// A second run changes nothing and duplicates nothing.
	rep, err = backup.Restore(ctx, dst, dir, backup.RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.UsersCreated)+len(rep.WorkspacesCreated)+rep.MembershipsAdded != 0 || rep.Datasets[0].Created {
		t.Errorf("second run created things: %+v", rep)
	}
	if again := snapshot(t, dst); again != got {
		t.Errorf("second restore changed the instance:\n%s", again)
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// noSecrets fails when any file under dir holds one of secrets.
func noSecrets(t *testing.T, dir string, secrets []string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, s := range secrets {
			if s != "" && strings.Contains(string(b), s) {
				t.Errorf("%s holds a secret", p)
			}
		}
		if strings.Contains(string(b), "api_key") || strings.Contains(string(b), "password") {
			t.Errorf("%s names an api_key or password", p)
		}
		return nil
	})
}

func TestArchiveAndDamage(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	src := w.space("src", "private")
	seed(t, src, w.hub.HTTPClient(), backuptest.Options{Records: 5, Small: true})
	tmp := t.TempDir()
	file := filepath.Join(tmp, "b.tar.gz")
	if _, err := backup.Write(ctx, src, file, backup.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Write(ctx, src, file, backup.WriteOptions{}); !isInput(err) {
		t.Errorf("overwrite: %v", err)
	}
	entries, _ := os.ReadDir(tmp)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	s, err := backup.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	dir := filepath.Join(tmp, "d")
	if _, err := backup.Write(ctx, src, dir, backup.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(dir, "datasets", "0001", "records.jsonl")
	b, _ := os.ReadFile(rec)
	os.WriteFile(rec, append(b, '\n'), 0o600)
	if _, err := backup.Open(dir); !isInput(err) || !strings.Contains(err.Error(), "does not match its checksum") {
		t.Errorf("damaged: %v", err)
	}
	os.WriteFile(rec, b, 0o600)
	mf := filepath.Join(dir, "manifest.json")
	mb, _ := os.ReadFile(mf)
	os.WriteFile(mf, []byte(strings.Replace(string(mb), `"format_version": 1`, `"format_version": 2`, 1)), 0o600)
	if _, err := backup.Open(dir); !isInput(err) || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer: %v", err)
	}
	os.Remove(mf)
	if _, err := backup.Open(dir); !isInput(err) || !strings.Contains(err.Error(), "not a complete backup") {
		t.Errorf("no manifest: %v", err)
	}
}

func isInput(err error) bool {
	var ie *backup.InputError
	return errors.As(err, &ie)
}

// TestOAuthUserIsMapped: someone who signed in with Hugging Face before the restore keeps their
// account; the backup's responses by that username are re-attached to it (reference §14.2, §14.5).
func TestOAuthUserIsMapped(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	src := w.space("src", "public")
	seed(t, src, w.hub.HTTPClient(), backuptest.Options{Records: 6})
	dir, m := backupOnce(t, src)
	dst := w.space("dst", "public")
	resp, err := http.Post(w.srv.URL+"/_emulator/spaces/alice/dst/argilla/oauth-signin", "application/json", strings.NewReader(`{"username":"zoe"}`))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("sign-in: %v %v", err, resp)
	}
	var zoe struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&zoe)
	resp.Body.Close()
	rep, err := backup.Restore(ctx, dst, dir, backup.RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rep.UsersExisting, ",") != "alice,zoe" {
		t.Errorf("existing users %v", rep.UsersExisting)
	}
	ds, _ := dst.Datasets(ctx)
	byZoe := 0
	for _, d := range ds {
		dst.Records(ctx, d.ID, 0, 1000, func(r *argilla.Record) error {
			for _, x := range r.Responses {
				if x.UserID == zoe.ID {
					byZoe++
				}
			}
			return nil
		})
	}
	if want := 6; byZoe != want { // reviews: 2 discarded + 2 submitted; chats: 2 submitted
		t.Errorf("zoe's responses on her OAuth account: %d, want %d (manifest %+v)", byZoe, want, m.Datasets)
	}
}
