package backup_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/backup"
	"github.com/argilla-space/argilla-space/pkg/backup/backuptest"
)

// hook runs fn before each request goes out.
type hook struct {
	base http.RoundTripper
	fn   func(*http.Request)
}

func (h hook) RoundTrip(r *http.Request) (*http.Response, error) {
	h.fn(r)
	return h.base.RoundTrip(r)
}

func hooked(fn func(base http.RoundTripper, r *http.Request)) func(http.RoundTripper) http.RoundTripper {
	return func(base http.RoundTripper) http.RoundTripper {
		return hook{base: base, fn: func(r *http.Request) { fn(base, r) }}
	}
}

// backupOnce writes a backup of c into a new directory.
func backupOnce(t *testing.T, c *argilla.Client) (string, *backup.Manifest) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "bk")
	m, err := backup.Write(context.Background(), c, dir, backup.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return dir, m
}

// TestRestoreKilledAnywhereConverges kills restores after k requests, for k drawn with a fixed seed over
// the whole run, and runs them again: the end state is the source's every time (issue 13 item 4).
func TestRestoreKilledAnywhereConverges(t *testing.T) {
	w := newWorld(t)
	src := w.space("src", "public")
	seed(t, src, w.hub.HTTPClient(), backuptest.Options{Records: 600})
	dir, _ := backupOnce(t, src)
	want := snapshot(t, src)

	var n atomic.Int64
	counting := hooked(func(_ http.RoundTripper, r *http.Request) { n.Add(1) })
	w.space("full", "public")
	if _, err := backup.Restore(context.Background(), w.client("full", counting), dir, backup.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	total := int(n.Load())
	rng := rand.New(rand.NewPCG(2026, 13))
	for i := 0; i < 4; i++ {
		k := 1 + rng.IntN(total-1)
		ctx, cancel := context.WithCancel(context.Background())
		var seen atomic.Int64
		killer := hooked(func(_ http.RoundTripper, r *http.Request) {
			if seen.Add(1) == int64(k) {
				cancel()
			}
		})
		name := fmt.Sprintf("dst%d", i)
		w.space(name, "public")
		if _, err := backup.Restore(ctx, w.client(name, killer), dir, backup.RestoreOptions{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("restore killed at request %d of %d: %v", k, total, err)
		}
		again := w.client(name, nil)
		if _, err := backup.Restore(context.Background(), again, dir, backup.RestoreOptions{}); err != nil {
			t.Fatalf("re-run after a kill at request %d of %d: %v", k, total, err)
		}
		if got := snapshot(t, again); got != want {
			t.Fatalf("after a kill at request %d of %d, the re-run differs from the source", k, total)
		}
	}
}

// TestBackupOfASpaceInUse writes while a backup pages (issue 13 item 5): records deleted between two
// pages shift the offsets; the backup notices and reads the dataset again.
func TestBackupOfASpaceInUse(t *testing.T) {
	w := newWorld(t)
	var once sync.Once
	var deleteTen func()
	writer := hooked(func(base http.RoundTripper, r *http.Request) {
		if r.Method == "GET" && strings.Contains(r.URL.RawQuery, "offset=1000") && strings.Contains(r.URL.RawQuery, "include=") {
			once.Do(deleteTen)
		}
	})
	plain := w.space("src", "public")
	src := w.client("src", writer)
	seed(t, plain, w.hub.HTTPClient(), backuptest.Options{Records: 1500, Small: true})
	deleteTen = func() { deleteFirst(t, w, plain, 10) }

	_, m := backupOnce(t, src)
	if len(m.Changes) != 0 || m.Datasets[0].Records != 1490 {
		t.Fatalf("after one shift the second reading is consistent: %d records, changes %v", m.Datasets[0].Records, m.Changes)
	}

	// A writer that never stops: the backup says what changed.
	always := hooked(func(base http.RoundTripper, r *http.Request) {
		if r.Method == "GET" && strings.Contains(r.URL.RawQuery, "offset=0") && strings.Contains(r.URL.RawQuery, "include=") {
			addRecord(t, plain)
		}
	})
	busy := w.client("src", always)
	_, m = backupOnce(t, busy)
	if len(m.Changes) != 1 || !strings.Contains(m.Changes[0], "dataset team-a/reviews changed while it was read: last activity moved from") {
		t.Fatalf("changes = %q", m.Changes)
	}
}

var added atomic.Int64

func addRecord(t *testing.T, c *argilla.Client) {
	ds, err := c.Datasets(context.Background())
	if err != nil {
		t.Error(err)
		return
	}
	id := fmt.Sprintf("late-%d", added.Add(1))
	err = c.UpsertRecords(context.Background(), ds[0].ID, []argilla.RecordUpsert{{ExternalID: id, Fields: []byte(`{"text":"late"}`)}}, nil)
	if err != nil {
		t.Error(err)
	}
}

// deleteFirst deletes the first n records of the first dataset (DELETE .../records?ids=, reference §10.2).
func deleteFirst(t *testing.T, w *world, c *argilla.Client, n int) {
	ctx := context.Background()
	ds, err := c.Datasets(ctx)
	if err != nil {
		t.Error(err)
		return
	}
	var ids []string
	c.Records(ctx, ds[0].ID, 0, n, func(r *argilla.Record) error { ids = append(ids, r.ID); return nil })
	req, _ := http.NewRequest("DELETE", c.BaseURL()+"/api/v1/datasets/"+ds[0].ID+"/records?ids="+strings.Join(ids, ","), nil)
	req.Header.Set("X-Argilla-Api-Key", keys[c])
	resp, err := w.hub.HTTPClient().Do(req)
	if err != nil || resp.StatusCode != 204 {
		t.Errorf("delete: %v %v", err, resp)
	}
}

// TestRestoreLosesNoRaceOnCreates: another writer creates the same user, workspace and dataset just
// before restore does; the 409 is read again and mapped, not an error (issue 13 item 1).
func TestRestoreLosesNoRaceOnCreates(t *testing.T) {
	w := newWorld(t)
	src := w.space("src", "public")
	seed(t, src, w.hub.HTTPClient(), backuptest.Options{Records: 8})
	dir, _ := backupOnce(t, src)
	var raced sync.Map
	racer := hooked(func(base http.RoundTripper, r *http.Request) {
		if r.Method != "POST" || r.Body == nil {
			return
		}
		p := r.URL.Path
		if !strings.HasSuffix(p, "/users") && !strings.HasSuffix(p, "/workspaces") && !strings.HasSuffix(p, "/datasets") {
			return
		}
		if strings.Contains(p, "/workspaces/") { // memberships: not a create of an object
			return
		}
		if _, done := raced.LoadOrStore(p, true); done {
			return
		}
		body, _ := r.GetBody()
		b, _ := io.ReadAll(body)
		dup, _ := http.NewRequest("POST", r.URL.String(), bytes.NewReader(b))
		dup.Header = r.Header.Clone()
		if resp, err := base.RoundTrip(dup); err == nil {
			resp.Body.Close()
		}
	})
	w.space("dst", "public")
	dst := w.client("dst", racer)
	rep, err := backup.Restore(context.Background(), dst, dir, backup.RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	raced.Range(func(any, any) bool { n++; return true })
	if n != 3 || len(rep.UsersExisting) != 2 || len(rep.WorkspacesExist) != 2 || rep.Datasets[0].Created {
		t.Errorf("raced %d creates; report %+v", n, rep)
	}
	if got, want := snapshot(t, w.client("dst", nil)), snapshot(t, src); got != want {
		t.Errorf("after the races the restore differs from the source")
	}
}

// TestInterruptedBackupNeverLooksComplete: a backup stopped at any request leaves no file or directory
// at the target, and Open of it fails.
func TestInterruptedBackupNeverLooksComplete(t *testing.T) {
	w := newWorld(t)
	seed(t, w.space("src", "public"), w.hub.HTTPClient(), backuptest.Options{Records: 5})
	for _, k := range []int{1, 4, 9, 14} {
		ctx, cancel := context.WithCancel(context.Background())
		var seen atomic.Int64
		c := w.client("src", hooked(func(_ http.RoundTripper, r *http.Request) {
			if seen.Add(1) == int64(k) {
				cancel()
			}
		}))
		tmp := t.TempDir()
		for _, dest := range []string{filepath.Join(tmp, "bk"), filepath.Join(tmp, "bk.tar.gz")} {
			seen.Store(0)
			ctx, cancel = context.WithCancel(context.Background())
			if _, err := backup.Write(ctx, c, dest, backup.WriteOptions{}); !errors.Is(err, context.Canceled) {
				t.Fatalf("stopped at request %d: %v", k, err)
			}
			if _, err := backup.Open(dest); err == nil {
				t.Errorf("an interrupted backup opens: %s", dest)
			}
		}
		if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
			t.Errorf("left behind after a stop at request %d: %v", k, entries)
		}
		cancel()
	}
}
