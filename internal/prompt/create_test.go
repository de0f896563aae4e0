package prompt

import (
	"context"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// allQuestions asks everything, as on a bare `create` in a terminal.
func allQuestions() CreateQuestions {
	return CreateQuestions{
		AskName: true, AskOwner: true, AskVisibility: true, AskStorage: true,
		AskUsername: true, AskPassword: true, AskWorkspaces: true,
		Owners:   []string{"alice", "acme-org"},
		PlanNote: map[string]string{"alice": "free plan: Docker Spaces need PRO"},
		Defaults: CreateAnswers{Username: "alice"},
	}
}

func TestCreateFormDrivenByKeystrokes(t *testing.T) {
	var a CreateAnswers
	d := newDriver(t)
	d.runForm(BuildCreateForm(allQuestions(), &a))

	d.waitFocus("name")
	d.press("my-space" + keyEnter)
	d.waitFocus("owner")
	d.press(keyDown + keyEnter) // alice -> acme-org
	d.waitFocus("visibility")
	d.press(keyDown + keyEnter) // public -> private
	d.waitFocus("storage")
	d.press(keyDown + keyEnter) // bucket -> ephemeral
	d.waitFocus("username")
	d.press(keyEnter) // keep the default
	d.waitFocus("password")
	d.press("s3cret-pass" + keyEnter)
	d.waitFocus("password-confirm")
	d.press("s3cret-pass" + keyTab)
	d.waitFocus("workspaces")
	d.press(", team-a,argilla" + keyEnter)
	if err := d.wait(); err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := CreateAnswers{
		Name: "my-space", Owner: "acme-org", Visibility: "private", Storage: "ephemeral",
		Username: "alice", Password: "s3cret-pass", Workspaces: []string{"argilla", "team-a"},
	}
	assertAnswers(t, a, want)
}

func TestCreateFormRejectsMismatchedPassword(t *testing.T) {
	q := CreateQuestions{AskPassword: true}
	d := newDriver(t)
	p := d.prompter()
	var got CreateAnswers
	d.start(func() (err error) {
		got, err = p.CreateWizard(context.Background(), q)
		return err
	})

	d.waitFocus("password")
	d.press("first-pass" + keyEnter)
	d.waitFocus("password-confirm")
	d.press("other-pass" + keyEnter)
	d.waitError(ErrPasswordMismatch) // the form stays on the field
	d.press(keyCtrlU + "first-pass" + keyEnter)
	if err := d.wait(); err != nil {
		t.Fatalf("CreateWizard: %v", err)
	}
	if got.Password != "first-pass" {
		t.Errorf("password not kept after correcting the repeat (len %d)", len(got.Password))
	}
}

func TestCreateFormRejectsShortPassword(t *testing.T) {
	q := CreateQuestions{AskPassword: true}
	d := newDriver(t)
	p := d.prompter()
	d.start(func() error {
		_, err := p.CreateWizard(context.Background(), q)
		return err
	})

	d.waitFocus("password")
	d.press("short" + keyEnter)
	d.waitFor("length error", func(s formState) bool {
		return s.focus == "password" && s.err != nil && strings.Contains(s.err.Error(), "8 to 100")
	})
	d.press(keyCtrlC)
	if err := d.wait(); !errors.Is(err, ErrCancelled) {
		t.Fatalf("err = %v, want ErrCancelled", err)
	}
}

func TestCreateWizardCtrlCCancels(t *testing.T) {
	d := newDriver(t)
	p := d.prompter()
	var got CreateAnswers
	d.start(func() (err error) {
		got, err = p.CreateWizard(context.Background(), allQuestions())
		return err
	})
	d.waitFocus("name")
	d.press("half" + keyCtrlC)
	if err := d.wait(); !errors.Is(err, ErrCancelled) {
		t.Fatalf("err = %v, want ErrCancelled", err)
	}
	if got.Name != "" {
		t.Errorf("answers returned after cancel: %+v", got)
	}
}

func TestCreateWizardOnlyAsksMissing(t *testing.T) {
	q := CreateQuestions{
		AskStorage: true,
		Defaults:   CreateAnswers{Name: "given", Owner: "bob", Password: "from-env-123"},
	}
	d := newDriver(t)
	p := d.prompter()
	var got CreateAnswers
	d.start(func() (err error) {
		got, err = p.CreateWizard(context.Background(), q)
		return err
	})
	d.waitFocus("storage")
	d.press(keyEnter) // accept the recommended default
	if err := d.wait(); err != nil {
		t.Fatal(err)
	}
	want := CreateAnswers{Name: "given", Owner: "bob", Storage: "bucket", Password: "from-env-123"}
	assertAnswers(t, got, want)
}

func TestCreateWizardAsksNothing(t *testing.T) {
	def := CreateAnswers{Name: "n", Workspaces: []string{"w"}}
	// No input at all: a form that ran would block or fail.
	p := New(Options{In: strings.NewReader(""), Out: io.Discard})
	got, err := p.CreateWizard(context.Background(), CreateQuestions{Defaults: def})
	if err != nil {
		t.Fatal(err)
	}
	assertAnswers(t, got, def)
}

// Accessible mode cannot read a password without a TTY and huh hides that
// error (pitfall 4): the wizard must notice the empty secret.
func TestCreateWizardAccessibleWithoutTTYReportsEmptySecret(t *testing.T) {
	q := allQuestions()
	q.Defaults.Name = "my-space"
	p := New(Options{In: strings.NewReader("\n\n\n\n\nhunter22hunter\nhunter22hunter\n\n"), Out: io.Discard, Accessible: true})
	_, err := p.CreateWizard(context.Background(), q)
	if !errors.Is(err, ErrEmptySecret) {
		t.Fatalf("err = %v, want ErrEmptySecret", err)
	}
}

// In accessible mode EOF returns defaults with validators skipped
// (pitfall 3); the post-run check must refuse an invalid default.
func TestCreateWizardAccessibleRechecksAnswers(t *testing.T) {
	q := CreateQuestions{AskName: true, Defaults: CreateAnswers{Name: "bad--name"}}
	p := New(Options{In: strings.NewReader(""), Out: io.Discard, Accessible: true})
	_, err := p.CreateWizard(context.Background(), q)
	if err == nil || !strings.Contains(err.Error(), "Space name") {
		t.Fatalf("err = %v, want a Space name error", err)
	}
}

func TestCreateWizardAccessibleSingleField(t *testing.T) {
	q := CreateQuestions{AskStorage: true}
	p := New(Options{In: strings.NewReader("2\n"), Out: io.Discard, Accessible: true})
	got, err := p.CreateWizard(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if got.Storage != "ephemeral" {
		t.Errorf("storage = %q, want ephemeral (option 2)", got.Storage)
	}
}

func TestStartingAnswers(t *testing.T) {
	q := allQuestions()
	q.Defaults.Owner = "stranger"
	q.Defaults.Password = "preset-secret"
	got := startingAnswers(q)
	want := CreateAnswers{
		Owner: "alice", Visibility: "public", Storage: "bucket",
		Username: "alice", Workspaces: []string{"argilla"},
	}
	assertAnswers(t, got, want)

	// Nothing asked: the defaults come back untouched, even empty ones.
	def := CreateAnswers{Password: "keep-me-123"}
	assertAnswers(t, startingAnswers(CreateQuestions{Defaults: def}), def)
}

func TestCheckCreateAnswers(t *testing.T) {
	q := allQuestions()
	good := func() (*CreateAnswers, *createState) {
		return &CreateAnswers{
			Name: "ok", Owner: "alice", Visibility: "protected", Storage: "ephemeral",
			Username: "alice", Password: "password1",
		}, &createState{confirm: "password1", workspaces: " a , b,a"}
	}
	a, st := good()
	if err := checkCreateAnswers(q, a, st); err != nil {
		t.Fatalf("good answers refused: %v", err)
	}
	if !slices.Equal(a.Workspaces, []string{"a", "b"}) {
		t.Errorf("workspaces = %q", a.Workspaces)
	}

	tests := []struct {
		name   string
		mutate func(*CreateAnswers, *createState)
		want   error
		substr string
	}{
		{"empty password", func(a *CreateAnswers, _ *createState) { a.Password = "" }, ErrEmptySecret, ""},
		{"mismatch", func(_ *CreateAnswers, st *createState) { st.confirm = "password2" }, ErrPasswordMismatch, ""},
		{"short", func(a *CreateAnswers, st *createState) { a.Password, st.confirm = "1234567", "1234567" }, nil, "8 to 100"},
		{"name", func(a *CreateAnswers, _ *createState) { a.Name = "x.git" }, nil, "Space name"},
		{"owner", func(a *CreateAnswers, _ *createState) { a.Owner = "" }, nil, "owner"},
		{"visibility", func(a *CreateAnswers, _ *createState) { a.Visibility = "secret" }, nil, "visibility"},
		{"storage", func(a *CreateAnswers, _ *createState) { a.Storage = "huge" }, nil, "storage"},
		{"username", func(a *CreateAnswers, _ *createState) { a.Username = "" }, nil, "username"},
		{"workspaces", func(_ *CreateAnswers, st *createState) { st.workspaces = "Caps" }, nil, "workspaces"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, st := good()
			tt.mutate(a, st)
			err := checkCreateAnswers(q, a, st)
			if err == nil {
				t.Fatal("accepted")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.substr) {
				t.Errorf("err = %v, want it to mention %q", err, tt.substr)
			}
			if strings.Contains(err.Error(), "password1") {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
}

func TestOwnerOptionsShowPlanNotes(t *testing.T) {
	opts := ownerOptions(CreateQuestions{Owners: []string{"alice", "org"}, PlanNote: map[string]string{"org": "free plan"}})
	if opts[0].Key != "alice (you)" || opts[1].Key != "org: free plan" || opts[1].Value != "org" {
		t.Errorf("options = %+v", opts)
	}
}

// assertAnswers compares answers without printing the password.
func assertAnswers(t *testing.T, got, want CreateAnswers) {
	t.Helper()
	if got.Password != want.Password {
		t.Errorf("password differs (got %d chars, want %d)", len(got.Password), len(want.Password))
	}
	got.Password, want.Password = "", ""
	if !slices.Equal(got.Workspaces, want.Workspaces) {
		t.Errorf("workspaces = %q, want %q", got.Workspaces, want.Workspaces)
	}
	got.Workspaces, want.Workspaces = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answers = %+v\nwant      %+v", got, want)
	}
}
