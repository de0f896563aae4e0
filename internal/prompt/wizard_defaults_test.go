package prompt

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// lines reads like a terminal in canonical mode: at most one line per Read. huh's accessible mode
// wraps the reader in a new bufio.Scanner for every field, so a plain strings.Reader would be read
// whole by the first field and leave EOF (and the defaults) to the others.
type lines struct{ rest string }

func typed(s string) io.Reader { return &lines{rest: s} }

func (l *lines) Read(p []byte) (int, error) {
	if l.rest == "" {
		return 0, io.EOF
	}
	n := strings.IndexByte(l.rest, '\n') + 1
	if n == 0 {
		n = len(l.rest)
	}
	n = copy(p, l.rest[:n])
	l.rest = l.rest[n:]
	return n, nil
}

// defaultsQuestions asks the two typed fields that have defaults, as createWizard does.
func defaultsQuestions() CreateQuestions {
	return CreateQuestions{
		AskUsername: true, AskWorkspaces: true,
		Defaults: CreateAnswers{Username: "alice", Workspaces: []string{"argilla"}},
	}
}

// In accessible mode Enter keeps a typed field's default, and the title says what it is. huh validates
// the raw line before it falls back to the default, so a validator that refuses "" used to loop
// ("empty name" at the username): the next line ("team-a") then became the username.
func TestCreateWizardAccessibleEnterKeepsDefaults(t *testing.T) {
	var out bytes.Buffer
	p := New(Options{In: typed("\nteam-a\n"), Out: &out, Accessible: true})
	got, err := p.CreateWizard(context.Background(), defaultsQuestions())
	if err != nil {
		t.Fatal(err)
	}
	assertAnswers(t, got, CreateAnswers{Username: "alice", Workspaces: []string{"team-a"}})

	out.Reset()
	p = New(Options{In: typed("\n\n"), Out: &out, Accessible: true})
	got, err = p.CreateWizard(context.Background(), defaultsQuestions())
	if err != nil {
		t.Fatal(err)
	}
	assertAnswers(t, got, CreateAnswers{Username: "alice", Workspaces: []string{"argilla"}})
	text := out.String()
	for _, want := range []string{"Owner username (default: alice)", "Allowed workspaces (default: argilla)"} {
		if !strings.Contains(text, want) {
			t.Errorf("output does not show %q:\n%s", want, text)
		}
	}
	for _, refusal := range []string{"empty", "give at least one workspace"} {
		if strings.Contains(text, refusal) {
			t.Errorf("Enter on a default was refused (%q):\n%s", refusal, text)
		}
	}
}

// Typed answers replace the defaults, and a bad one is still refused before Enter takes the default.
func TestCreateWizardAccessibleTypedAnswersReplaceDefaults(t *testing.T) {
	var out bytes.Buffer
	p := New(Options{In: typed("bob\nteam-a, team-b\n"), Out: &out, Accessible: true})
	got, err := p.CreateWizard(context.Background(), defaultsQuestions())
	if err != nil {
		t.Fatal(err)
	}
	assertAnswers(t, got, CreateAnswers{Username: "bob", Workspaces: []string{"team-a", "team-b"}})

	out.Reset()
	p = New(Options{In: typed("a--b\n\nCaps\n\n"), Out: &out, Accessible: true})
	got, err = p.CreateWizard(context.Background(), defaultsQuestions())
	if err != nil {
		t.Fatal(err)
	}
	assertAnswers(t, got, CreateAnswers{Username: "alice", Workspaces: []string{"argilla"}})
	if n := strings.Count(out.String(), "Owner username (default: alice)"); n != 2 {
		t.Errorf("the username was asked %d times, want 2 (refused a--b, then Enter):\n%s", n, out.String())
	}
	if n := strings.Count(out.String(), "Allowed workspaces (default: argilla)"); n != 2 {
		t.Errorf("the workspaces were asked %d times, want 2 (refused Caps, then Enter):\n%s", n, out.String())
	}
}

// The selects accept Enter already; their titles now say what Enter keeps.
func TestCreateWizardAccessibleSelectTitlesShowDefaults(t *testing.T) {
	var out bytes.Buffer
	q := CreateQuestions{AskOwner: true, AskVisibility: true, AskStorage: true, Owners: []string{"alice", "acme"},
		Defaults: CreateAnswers{Owner: "acme", Visibility: "private"}}
	p := New(Options{In: typed("\n\n\n"), Out: &out, Accessible: true})
	got, err := p.CreateWizard(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	assertAnswers(t, got, CreateAnswers{Owner: "acme", Visibility: "private", Storage: "bucket"})
	for _, want := range []string{"Owner (default: acme)", "Visibility (default: private)", "Storage (default: bucket)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output does not show %q:\n%s", want, out.String())
		}
	}
}

// A typed owner (no list of owners) keeps its default on Enter too.
func TestCreateWizardAccessibleTypedOwnerDefault(t *testing.T) {
	var out bytes.Buffer
	q := CreateQuestions{AskOwner: true, AskName: true, Defaults: CreateAnswers{Owner: "alice"}}
	p := New(Options{In: typed("demo\n\n"), Out: &out, Accessible: true})
	got, err := p.CreateWizard(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	assertAnswers(t, got, CreateAnswers{Name: "demo", Owner: "alice"})
	if !strings.Contains(out.String(), "Owner (default: alice)") || strings.Contains(out.String(), "Space name (default") {
		t.Errorf("titles:\n%s", out.String())
	}
}

// In the TUI the default is pre-filled; a field cleared to nothing means the default as well.
func TestCreateFormClearedFieldMeansDefault(t *testing.T) {
	d := newDriver(t)
	p := d.prompter()
	var got CreateAnswers
	d.start(func() (err error) {
		got, err = p.CreateWizard(context.Background(), defaultsQuestions())
		return err
	})
	d.waitFocus("username")
	d.press(keyCtrlU + keyEnter)
	d.waitFocus("workspaces")
	d.press(keyCtrlU + keyEnter)
	if err := d.wait(); err != nil {
		t.Fatal(err)
	}
	assertAnswers(t, got, CreateAnswers{Username: "alice", Workspaces: []string{"argilla"}})
}
