package prompt

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// ownersQuestions asks only the owner: alice and her org acme can create, readers cannot.
func ownersQuestions() CreateQuestions {
	return CreateQuestions{
		AskOwner: true, Owners: []string{"alice", "acme"},
		Unavailable: map[string]string{"readers": `your role is "read"`},
		Defaults:    CreateAnswers{Owner: "alice"},
	}
}

// The namespaces where a Space cannot be created are listed, with their reason, after the others.
func TestOwnerOptionsListUnavailableWithReason(t *testing.T) {
	opts := ownerOptions(ownersQuestions())
	if len(opts) != 3 || opts[2].Value != "readers" || opts[2].Key != `readers: cannot create here: your role is "read"` {
		t.Fatalf("options = %+v", opts)
	}
}

// Choosing an unavailable namespace in accessible mode is refused with the reason, and asked again.
func TestCreateWizardAccessibleRefusesUnavailableOwner(t *testing.T) {
	var out bytes.Buffer
	p := New(Options{In: typed("3\n2\n"), Out: &out, Accessible: true})
	got, err := p.CreateWizard(context.Background(), ownersQuestions())
	if err != nil {
		t.Fatal(err)
	}
	if got.Owner != "acme" {
		t.Errorf("owner = %q, want acme (the second choice)", got.Owner)
	}
	if !strings.Contains(out.String(), `cannot be created under readers: your role is "read"; choose another owner`) {
		t.Errorf("output does not give the reason:\n%s", out.String())
	}
}

// In the TUI, Enter on an unavailable namespace shows the reason and keeps the focus there.
func TestCreateFormRefusesUnavailableOwner(t *testing.T) {
	d := newDriver(t)
	var a CreateAnswers
	d.runForm(BuildCreateForm(ownersQuestions(), &a))
	d.waitFocus("owner")
	d.press(keyDown + keyDown + keyEnter)
	d.waitError(ErrOwnerUnavailable)
	d.press(keyUp + keyEnter)
	if err := d.wait(); err != nil {
		t.Fatal(err)
	}
	if a.Owner != "acme" {
		t.Errorf("owner = %q, want acme", a.Owner)
	}
}

// An unavailable owner that bypassed the select (accessible EOF) is refused afterwards.
func TestCheckCreateAnswersRefusesUnavailableOwner(t *testing.T) {
	q := ownersQuestions()
	a := CreateAnswers{Owner: "readers"}
	err := checkCreateAnswers(q, &a, &createState{})
	if !errors.Is(err, ErrOwnerUnavailable) {
		t.Fatalf("err = %v, want ErrOwnerUnavailable", err)
	}
}

// With no namespace left to choose, the wizard says why before asking anything.
func TestCreateWizardNoOwnerAvailable(t *testing.T) {
	q := CreateQuestions{AskOwner: true, AskName: true,
		Unavailable: map[string]string{"alice": "free plan: Docker Spaces need PRO"}}
	var out bytes.Buffer
	p := New(Options{In: typed("x\n"), Out: &out, Accessible: true})
	_, err := p.CreateWizard(context.Background(), q)
	if !errors.Is(err, ErrOwnerUnavailable) || !strings.Contains(err.Error(), "alice: free plan") {
		t.Fatalf("err = %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("asked before refusing:\n%s", out.String())
	}
}

// The retired tiers are not offered, and a retired default falls back to bucket.
func TestStorageOptionsOfferNoRetiredTier(t *testing.T) {
	for _, o := range storageOptions() {
		if o.Value != "bucket" && o.Value != "ephemeral" {
			t.Errorf("offered %q", o.Value)
		}
	}
	a := startingAnswers(CreateQuestions{AskStorage: true, Defaults: CreateAnswers{Storage: "small"}})
	if a.Storage != "bucket" {
		t.Errorf("storage default = %q, want bucket", a.Storage)
	}
	if err := checkCreateAnswers(CreateQuestions{AskStorage: true}, &CreateAnswers{Storage: "large"}, &createState{}); err == nil {
		t.Error("a retired tier passed the final check")
	}
	var out bytes.Buffer
	p := New(Options{In: typed("\n"), Out: &out, Accessible: true})
	if _, err := p.CreateWizard(context.Background(), CreateQuestions{AskStorage: true}); err != nil {
		t.Fatal(err)
	}
	for _, tier := range []string{"small", "medium", "large"} {
		if strings.Contains(out.String(), tier) {
			t.Errorf("the storage question mentions %s:\n%s", tier, out.String())
		}
	}
}

// summaryQuestions asks everything and wants the final confirm.
func summaryQuestions() CreateQuestions {
	q := allQuestions()
	q.Confirm = true
	q.PasswordOptional = true
	q.AskPassword = false // accessible mode reads no password without a TTY
	q.Defaults.Name = "my-space"
	return q
}

// The summary lists what will be created, then only yes goes ahead.
func TestCreateWizardAccessibleSummaryYes(t *testing.T) {
	var out bytes.Buffer
	q := summaryQuestions()
	p := New(Options{In: typed(strings.Repeat("\n", 6) + "y\n"), Out: &out, Accessible: true})
	got, err := p.CreateWizard(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "my-space" {
		t.Errorf("answers = %+v", got)
	}
	for _, want := range []string{"Summary", "Space:", got.Owner + "/my-space", "Storage:", "Create this Space? [y/N]"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// Enter (the default, No), or n, at the final question is ErrNotConfirmed.
func TestCreateWizardAccessibleSummaryDefaultNo(t *testing.T) {
	for _, last := range []string{"\n", "n\n"} {
		p := New(Options{In: typed(strings.Repeat("\n", 6) + last), Out: io.Discard, Accessible: true})
		_, err := p.CreateWizard(context.Background(), summaryQuestions())
		if !errors.Is(err, ErrNotConfirmed) {
			t.Errorf("last %q: err = %v, want ErrNotConfirmed", last, err)
		}
	}
}

// The summary says whether there is a password, never what it is.
func TestCreateSummaryHidesPassword(t *testing.T) {
	q := CreateQuestions{AskPassword: true}
	a := CreateAnswers{Name: "s", Owner: "alice", Visibility: "private", Storage: "bucket",
		Username: "alice", Password: "hunter22hunter", Workspaces: []string{"a", "b"}}
	s := createSummary(q, a)
	if strings.Contains(s, "hunter22") || !strings.Contains(s, "set (not shown)") ||
		!strings.Contains(s, "alice/s") || !strings.Contains(s, "a, b") {
		t.Errorf("summary:\n%s", s)
	}
	a.Password = ""
	if s := createSummary(q, a); !strings.Contains(s, "signs in with Hugging Face") {
		t.Errorf("summary without password:\n%s", s)
	}
}

// In the TUI the final question starts at No: a careless Enter sends nothing.
func TestCreateConfirmFormTUIDefaultNo(t *testing.T) {
	d := newDriver(t)
	form, yes := buildCreateConfirmForm(CreateQuestions{}, CreateAnswers{Name: "s", Owner: "alice"})
	d.runForm(form)
	d.waitFocus("create-confirm")
	d.press(keyEnter)
	if err := d.wait(); err != nil {
		t.Fatal(err)
	}
	if *yes {
		t.Error("Enter answered yes")
	}
}

// The user is labelled "(you)" even when listed as unavailable.
func TestOwnerOptionsLabelSelfWhenUnavailable(t *testing.T) {
	opts := ownerOptions(CreateQuestions{Owners: []string{"acme"}, Self: "bob",
		Unavailable: map[string]string{"bob": "free plan"}})
	if len(opts) != 2 || opts[0].Key != "acme" || opts[1].Key != "bob (you): cannot create here: free plan" {
		t.Fatalf("options = %+v", opts)
	}
}
