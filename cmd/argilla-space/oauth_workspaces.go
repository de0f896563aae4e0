package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// workspaceCheck is the after-step of OAuth edits: with --wait, once Argilla answers again, each
// allowed workspace must exist. Argilla v2.0+ creates them at start-up, but v1.x does not (a new user's
// sign-in then fails with 422), and a start that read another file would not either (argilla-on-spaces
// §0.3, §2.4), so a missing one is created through the API with the owner's stored key.
func (a *app) workspaceCheck(m *mutation) func(context.Context, *hfapi.Client, *spaces.Outcome) error {
	return func(ctx context.Context, hub *hfapi.Client, out *spaces.Outcome) error {
		if !m.wait || out.State == nil {
			return nil
		}
		st := out.State
		want := allowedWorkspaces(st.OAuthFile)
		if len(want) == 0 {
			return nil
		}
		// mutate waited for Argilla when the plan restarted the Space; otherwise it must be running now.
		if !out.Plan.Restarts() && st.Stage() != "RUNNING" {
			a.checkNote("workspace check skipped: %s is %s, not RUNNING", st.ID, orDash(st.Stage()))
			return nil
		}
		key := a.storedKey(hub, st.ID)
		if key == "" {
			a.checkNote("workspace check skipped: no Argilla API key for %s is stored in %s (create stores the owner's key; `argilla-space owner set` can set one), so whether Argilla has each allowed workspace is unknown",
				st.ID, a.credentialsPath())
			return nil
		}
		app, err := a.appClient(hub, st.Host(), st.Visibility() == "private", key)
		if err != nil {
			return err
		}
		return ensureWorkspaces(ctx, app, want, a.stderr)
	}
}

// workspaceAPI is the part of the Argilla client the check needs.
type workspaceAPI interface {
	Workspaces(ctx context.Context) ([]argilla.Workspace, error)
	CreateWorkspace(ctx context.Context, name string) (*argilla.Workspace, error)
}

// ensureWorkspaces creates each of want that Argilla does not have, and says what it found on w. A
// failure to list is reported and tolerated (the change itself is done); a failure to create is an error.
func ensureWorkspaces(ctx context.Context, app workspaceAPI, want []string, w io.Writer) error {
	have, err := app.Workspaces(ctx)
	if err != nil {
		fmt.Fprintf(w, "note: could not check the allowed workspaces in Argilla: %v\n", err)
		return nil
	}
	names := map[string]bool{}
	for _, ws := range have {
		names[ws.Name] = true
	}
	var created []string
	for _, name := range want {
		if names[name] {
			continue
		}
		_, err := app.CreateWorkspace(ctx, name)
		switch {
		case errors.Is(err, argilla.ErrExists): // created meanwhile, by a sign-in or another run
		case err != nil:
			return fmt.Errorf("workspace %s is allowed but missing in Argilla, and creating it failed: %w", name, err)
		default:
			created = append(created, name)
		}
	}
	if len(created) > 0 {
		fmt.Fprintf(w, "note: created %s in Argilla: %s\n", plural(len(created), "missing workspace"), strings.Join(created, ", "))
		return nil
	}
	if len(want) == 1 {
		fmt.Fprintf(w, "note: the allowed workspace %s exists in Argilla\n", want[0])
		return nil
	}
	fmt.Fprintf(w, "note: all %s exist in Argilla\n", plural(len(want), "allowed workspace"))
	return nil
}

// allowedWorkspaces are the workspaces the file lets new users join; none when sign-in is off.
func allowedWorkspaces(content []byte) []string {
	f, err := oauthcfg.Parse(content)
	if err != nil || !f.OAuthEnabled() {
		return nil
	}
	return f.Workspaces()
}

// checkNote prints a remark on stderr in every output mode: stdout stays the result.
func (a *app) checkNote(format string, args ...any) {
	fmt.Fprintln(a.stderr, "note: "+a.redact(fmt.Sprintf(format, args...)))
}
