package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/internal/config"
	"github.com/argilla-space/argilla-space/internal/prompt"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// answeringPrompter stands for a person at a terminal: it answers the typed confirmation and the
// password prompt, and records what it was asked.
type answeringPrompter struct {
	typed        string // what the person types back
	password     string
	askedTyped   []string
	askedPasswd  int
	askedConfirm int
}

func (p *answeringPrompter) CreateWizard(context.Context, prompt.CreateQuestions) (prompt.CreateAnswers, error) {
	return prompt.CreateAnswers{}, prompt.ErrCancelled
}
func (p *answeringPrompter) Confirm(context.Context, string, string) (bool, error) {
	p.askedConfirm++
	return false, nil
}
func (p *answeringPrompter) ConfirmTyped(_ context.Context, _ string, want string) (bool, error) {
	p.askedTyped = append(p.askedTyped, want)
	return prompt.TypedMatches(p.typed, want), nil
}
func (p *answeringPrompter) Password(context.Context, string, bool) (string, error) {
	p.askedPasswd++
	return p.password, nil
}

// terminalSession runs commands as if on a terminal answered by p, against one emulator.
type terminalSession struct {
	t   *testing.T
	srv *hubtest.Server
	env map[string]string
	p   prompt.Prompter
}

func newTerminalSession(t *testing.T, p prompt.Prompter) *terminalSession {
	t.Helper()
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	home := t.TempDir()
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	os.Chdir(home)
	return &terminalSession{t: t, srv: srv, p: p, env: map[string]string{"HF_ENDPOINT": srv.URL, "HF_TOKEN": "hf_alice",
		"HOME": home, "ARGILLA_SPACE_CONFIG_DIR": filepath.Join(home, "cfg"), "ARGILLA_SPACE_STATE_DIR": filepath.Join(home, "state")}}
}

// run executes one command; terminal says whether a person is there to answer.
func (s *terminalSession) run(terminal bool, args ...string) (int, string) {
	var out, errb bytes.Buffer
	a := newApp(strings.NewReader(""), &out, &errb, func(k string) string { return s.env[k] })
	a.prompter, a.promptOK = s.p, &terminal
	code := a.execute(context.Background(), args)
	return code, out.String() + errb.String()
}

// On a terminal, storage remove asks for the Space's name typed back: a wrong name changes nothing
// (exit 5), the right one removes the bucket mount.
func TestStorageRemoveAsksForTheNameTypedBack(t *testing.T) {
	p := &answeringPrompter{typed: "wrong"}
	s := newTerminalSession(t, p)
	if code, out := s.run(false, "create", "acme/kept", "--public"); code != 0 {
		t.Fatalf("create: exit %d\n%s", code, out)
	}
	if code, out := s.run(true, "storage", "remove", "--space", "acme/kept"); code != exitConfirm {
		t.Fatalf("wrong name typed: exit %d, want %d\n%s", code, exitConfirm, out)
	}
	if sp, _ := s.srv.Space("acme/kept"); len(sp.Volumes) != 1 {
		t.Fatalf("declined, yet the volumes are %v", sp.Volumes)
	}
	p.typed = "kept"
	if code, out := s.run(true, "storage", "remove", "--space", "acme/kept"); code != 0 {
		t.Fatalf("right name typed: exit %d\n%s", code, out)
	}
	if sp, _ := s.srv.Space("acme/kept"); len(sp.Volumes) != 0 {
		t.Fatalf("confirmed, yet the volumes are %v", sp.Volumes)
	}
	if len(p.askedTyped) != 2 || p.askedTyped[0] != "acme/kept" || p.askedConfirm != 0 {
		t.Fatalf("asked typed %v, yes/no %d times; want the name twice and no yes/no", p.askedTyped, p.askedConfirm)
	}
}

// `delete` on a terminal takes the name typed back as OWNER/NAME or as NAME; another owner's
// OWNER/NAME is a no and deletes nothing (issue 10 item 12).
func TestDeleteAcceptsOwnerNameOrName(t *testing.T) {
	p := &answeringPrompter{typed: "bob/gone"}
	s := newTerminalSession(t, p)
	for _, id := range []string{"acme/gone", "acme/gone2"} {
		if code, out := s.run(false, "create", id, "--public"); code != 0 {
			t.Fatalf("create %s: exit %d\n%s", id, code, out)
		}
	}
	if code, out := s.run(true, "delete", "--space", "acme/gone"); code != exitConfirm {
		t.Fatalf("another owner's id typed: exit %d, want %d\n%s", code, exitConfirm, out)
	}
	if _, ok := s.srv.Space("acme/gone"); !ok {
		t.Fatal("declined, yet the Space is gone")
	}
	p.typed = "acme/gone"
	if code, out := s.run(true, "delete", "--space", "acme/gone"); code != 0 {
		t.Fatalf("OWNER/NAME typed: exit %d\n%s", code, out)
	}
	p.typed = "gone2"
	if code, out := s.run(true, "delete", "--space", "acme/gone2"); code != 0 {
		t.Fatalf("NAME typed: exit %d\n%s", code, out)
	}
	for _, id := range []string{"acme/gone", "acme/gone2"} {
		if _, ok := s.srv.Space(id); ok {
			t.Fatalf("%s confirmed, yet still there", id)
		}
	}
}

// spaceEditedByHand creates the Space id, then commits ops to it directly through the Hub client, as
// someone editing the repo outside argilla-space would.
func (s *terminalSession) spaceEditedByHand(id string, ops ...hfapi.CommitOp) {
	s.t.Helper()
	if code, out := s.run(false, "create", id, "--public", "--no-wait"); code != 0 {
		s.t.Fatalf("create: exit %d\n%s", code, out)
	}
	hub := hfapi.New(hfapi.Options{Endpoint: s.srv.URL, Token: "hf_alice", MaxRetries: -1})
	if _, err := hub.Commit(context.Background(), id, "main", hfapi.CommitRequest{Summary: "by hand", Ops: ops}); err != nil {
		s.t.Fatal(err)
	}
}

// The "--private was not sent again" note is for a Space someone else may have made protected, not for
// one this command's own interrupted run created with that visibility (issue 10 item 12).
func TestPrivateNoteOnlyWhenItMatters(t *testing.T) {
	s := newTerminalSession(t, &answeringPrompter{})
	if code, out := s.run(false, "create", "acme/x", "--private", "--no-wait"); code != 0 {
		t.Fatalf("create: exit %d\n%s", code, out)
	}
	const note = "was not sent again"
	code, out := s.run(false, "create", "acme/x", "--private", "--exist-ok", "--no-wait")
	if code != 0 || !strings.Contains(out, note) {
		t.Fatalf("existing Space: exit %d, want the note\n%s", code, out)
	}
	// As an interrupted create leaves it: the key sent with the create is still pending here.
	dirs := config.Dirs{Config: s.env["ARGILLA_SPACE_CONFIG_DIR"], State: s.env["ARGILLA_SPACE_STATE_DIR"]}
	err := dirs.UpdateCredential(s.srv.URL, "acme/x", func(c *config.Credential, found bool) bool {
		if !found {
			t.Fatalf("no stored credential for acme/x at %s", s.srv.URL)
		}
		c.PendingKey, c.APIKey = c.APIKey, ""
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	code, out = s.run(false, "create", "acme/x", "--private", "--no-wait")
	if code != 0 || !strings.Contains(out, "interrupted run") || strings.Contains(out, note) {
		t.Fatalf("resumed create: exit %d, want no note\n%s", code, out)
	}
}
