package backup_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/backup"
	"github.com/argilla-space/argilla-space/pkg/backup/backuptest"
)

// TestVerifyNamesTheDifference: a proxy that drops the responses of every bulk makes the target hold
// fewer responses than the manifest; restore says which, per dataset and status.
func TestVerifyNamesTheDifference(t *testing.T) {
	w := newWorld(t)
	src := w.space("src", "public")
	seed(t, src, w.hub.HTTPClient(), backuptest.Options{Records: 6})
	dir, _ := backupOnce(t, src)
	dropper := hooked(func(_ http.RoundTripper, r *http.Request) {
		if r.Method != "PUT" || !strings.HasSuffix(r.URL.Path, "/records/bulk") {
			return
		}
		var body struct {
			Items []map[string]json.RawMessage `json:"items"`
		}
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &body)
		for _, it := range body.Items {
			delete(it, "responses")
		}
		b, _ = json.Marshal(body)
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	})
	w.space("dst", "public")
	rep, err := backup.Restore(context.Background(), w.client("dst", dropper), dir, backup.RestoreOptions{})
	var ve *backup.VerifyError
	if !errors.As(err, &ve) || rep.Verified {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"team-a/reviews: 0 completed records, the backup has 2", "team-a/reviews: 0 submitted responses, the backup has 6",
		"team-b/chats: 0 submitted responses, the backup has 2"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	// Run again without the proxy: the responses are added and the check passes.
	if _, err := backup.Restore(context.Background(), w.client("dst", nil), dir, backup.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
}

// TestConflictThenMerge: a dataset whose guidelines were edited in the target is a conflict that
// writes nothing; with Merge the records go into it.
func TestConflictThenMerge(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	src := w.space("src", "public")
	seed(t, src, w.hub.HTTPClient(), backuptest.Options{Records: 4})
	dir, _ := backupOnce(t, src)
	dst := w.space("dst", "public")
	if err := backuptest.Conflict(ctx, dst); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dst)
	_, err := backup.Restore(ctx, dst, dir, backup.RestoreOptions{})
	var ce *backup.ConflictError
	if !errors.As(err, &ce) || len(ce.Conflicts) != 1 || !strings.Contains(ce.Conflicts[0], "dataset team-a/reviews exists with other settings") {
		t.Fatalf("err = %v", err)
	}
	if snapshot(t, dst) != before {
		t.Error("a refused restore wrote something")
	}

	// Guidelines edited after a full restore: conflict, then --merge carries on.
	w.space("dst2", "public")
	dst2 := w.client("dst2", nil)
	if _, err := backup.Restore(ctx, dst2, dir, backup.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	ds, _ := dst2.Datasets(ctx)
	req, _ := http.NewRequest("PATCH", dst2.BaseURL()+"/api/v1/datasets/"+ds[0].ID, strings.NewReader(`{"guidelines":"new rules"}`))
	req.Header.Set("X-Argilla-Api-Key", keys[dst2])
	req.Header.Set("Content-Type", "application/json")
	if resp, err := w.hub.HTTPClient().Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("patch: %v %v", err, resp)
	}
	if _, err := backup.Restore(ctx, dst2, dir, backup.RestoreOptions{}); !errors.As(err, &ce) || !strings.Contains(err.Error(), "other guidelines") {
		t.Fatalf("edited guidelines: %v", err)
	}
	rep, err := backup.Restore(ctx, dst2, dir, backup.RestoreOptions{Merge: true})
	if err != nil || !rep.Verified || rep.Datasets[0].Created {
		t.Fatalf("merge: %+v %v", rep, err)
	}
}
