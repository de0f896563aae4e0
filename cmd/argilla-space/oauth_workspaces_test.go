package main

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// fakeWorkspaces is an Argilla server's workspace API in memory.
type fakeWorkspaces struct {
	names     []string
	listErr   error
	createErr error
	created   []string
}

func (f *fakeWorkspaces) Workspaces(context.Context) ([]argilla.Workspace, error) {
	var out []argilla.Workspace
	for _, n := range f.names {
		out = append(out, argilla.Workspace{Name: n})
	}
	return out, f.listErr
}

func (f *fakeWorkspaces) CreateWorkspace(_ context.Context, name string) (*argilla.Workspace, error) {
	if f.createErr != nil {
		return nil, f.createErr
	}
	f.created = append(f.created, name)
	f.names = append(f.names, name)
	return &argilla.Workspace{Name: name}, nil
}

// The emulated Argilla creates allowed workspaces at start-up, as v2 does; v1.x did not, which only a
// fake server can show.
func TestEnsureWorkspacesCreatesMissing(t *testing.T) {
	app := &fakeWorkspaces{names: []string{"argilla"}}
	var out strings.Builder
	if err := ensureWorkspaces(context.Background(), app, []string{"argilla", "community", "reviewers"}, &out); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(app.created, []string{"community", "reviewers"}) {
		t.Errorf("created %q", app.created)
	}
	if got := out.String(); got != "note: created 2 missing workspaces in Argilla: community, reviewers\n" {
		t.Errorf("output %q", got)
	}
}

func TestEnsureWorkspacesAllPresent(t *testing.T) {
	app := &fakeWorkspaces{names: []string{"b", "a"}}
	var out strings.Builder
	if err := ensureWorkspaces(context.Background(), app, []string{"a", "b"}, &out); err != nil {
		t.Fatal(err)
	}
	if len(app.created) != 0 || out.String() != "note: all 2 allowed workspaces exist in Argilla\n" {
		t.Errorf("created %q, output %q", app.created, out.String())
	}
}

func TestEnsureWorkspacesFailures(t *testing.T) {
	// Listing fails: the change is done, so this is a note, not a failure.
	app := &fakeWorkspaces{listErr: errors.New("argilla: GET /api/v1/me/workspaces: 401 Unauthorized")}
	var out strings.Builder
	if err := ensureWorkspaces(context.Background(), app, []string{"a"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "could not check the allowed workspaces in Argilla: argilla: GET") {
		t.Errorf("output %q", out.String())
	}
	// Creating fails: a new user's sign-in could fail, so the command does.
	app = &fakeWorkspaces{createErr: errors.New("403 Forbidden")}
	err := ensureWorkspaces(context.Background(), app, []string{"a"}, &out)
	if err == nil || !strings.Contains(err.Error(), "workspace a is allowed but missing in Argilla, and creating it failed: 403") {
		t.Errorf("err %v", err)
	}
	// Someone created it meanwhile: fine.
	app = &fakeWorkspaces{createErr: &argilla.Error{Status: 409}}
	if err := ensureWorkspaces(context.Background(), app, []string{"a"}, &out); err != nil {
		t.Errorf("409 should count as present: %v", err)
	}
}

func TestAllowedWorkspacesOnlyWhenSignInIsOn(t *testing.T) {
	on := []byte("providers:\n  - name: huggingface\nallowed_workspaces:\n  - name: a\n  - name: b\n")
	off := []byte("providers: []\nallowed_workspaces:\n  - name: a\n")
	if got := allowedWorkspaces(on); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("on: %q", got)
	}
	for _, f := range [][]byte{off, nil, []byte("providers: [\n")} {
		if got := allowedWorkspaces(f); got != nil {
			t.Errorf("%q: %q", f, got)
		}
	}
}

// One workspace is said in the singular, created or present (issue 10 item 12: plural forms).
func TestEnsureWorkspacesSingular(t *testing.T) {
	app := &fakeWorkspaces{names: []string{"argilla"}}
	var out strings.Builder
	if err := ensureWorkspaces(context.Background(), app, []string{"argilla", "team"}, &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "note: created 1 missing workspace in Argilla: team\n" {
		t.Errorf("output %q", got)
	}
	out.Reset()
	if err := ensureWorkspaces(context.Background(), app, []string{"team"}, &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "note: the allowed workspace team exists in Argilla\n" {
		t.Errorf("output %q", got)
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 changes", 1: "1 change", 2: "2 changes", 20: "20 changes"} {
		if got := plural(n, "change"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
}
