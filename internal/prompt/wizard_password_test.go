package prompt

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// With OAuth on the password is optional: Enter at both inputs gives none.
func TestCreateWizardOptionalPasswordLeftEmpty(t *testing.T) {
	q := CreateQuestions{AskPassword: true, PasswordOptional: true, AskUsername: true, Defaults: CreateAnswers{Username: "alice"}}
	d := newDriver(t)
	p := d.prompter()
	var got CreateAnswers
	d.start(func() (err error) {
		got, err = p.CreateWizard(context.Background(), q)
		return err
	})
	d.waitFocus("username")
	d.press(keyEnter)
	d.waitFocus("password")
	d.press(keyEnter)
	d.waitFocus("password-confirm")
	d.press(keyEnter)
	if err := d.wait(); err != nil {
		t.Fatalf("an empty optional password was refused: %v", err)
	}
	assertAnswers(t, got, CreateAnswers{Username: "alice"})
}

// An optional password that is typed is still checked: 8 to 100 characters, typed twice alike.
func TestCreateWizardOptionalPasswordStillChecked(t *testing.T) {
	q := CreateQuestions{AskPassword: true, PasswordOptional: true}
	d := newDriver(t)
	p := d.prompter()
	var got CreateAnswers
	d.start(func() (err error) {
		got, err = p.CreateWizard(context.Background(), q)
		return err
	})
	d.waitFocus("password")
	d.press("short" + keyEnter)
	d.waitFor("length error", func(s formState) bool {
		return s.focus == "password" && s.err != nil && strings.Contains(s.err.Error(), "8 to 100")
	})
	d.press(keyCtrlU + "long-enough-1" + keyEnter)
	d.waitFocus("password-confirm")
	d.press(keyEnter) // empty repeat of a typed password
	d.waitError(ErrPasswordMismatch)
	d.press("other-pass-1" + keyEnter)
	d.waitError(ErrPasswordMismatch)
	d.press(keyCtrlU + "long-enough-1" + keyEnter)
	if err := d.wait(); err != nil {
		t.Fatal(err)
	}
	if got.Password != "long-enough-1" {
		t.Errorf("password differs (got %d chars)", len(got.Password))
	}
}

// With OAuth off (PasswordOptional false) Enter on an empty password is refused in the form.
func TestCreateWizardRequiredPasswordRefusesEmpty(t *testing.T) {
	q := CreateQuestions{AskPassword: true}
	d := newDriver(t)
	p := d.prompter()
	d.start(func() error {
		_, err := p.CreateWizard(context.Background(), q)
		return err
	})
	d.waitFocus("password")
	d.press(keyEnter)
	d.waitFor("length error", func(s formState) bool {
		return s.focus == "password" && s.err != nil && strings.Contains(s.err.Error(), "8 to 100")
	})
	d.press(keyCtrlC)
	if err := d.wait(); !errors.Is(err, ErrCancelled) {
		t.Fatalf("err = %v, want ErrCancelled", err)
	}
}

// Optional or not, a password accessible mode could not read (no TTY: huh drops it silently, and the
// typed lines go to the next field) is an empty secret, not "no password".
func TestCreateWizardOptionalPasswordUnreadIsEmptySecret(t *testing.T) {
	q := allQuestions()
	q.PasswordOptional = true
	q.Defaults.Name = "my-space"
	p := New(Options{In: typed("\n\n\n\n\nhunter22hunter\nhunter22hunter\n\n"), Out: io.Discard, Accessible: true})
	_, err := p.CreateWizard(context.Background(), q)
	if !errors.Is(err, ErrEmptySecret) {
		t.Fatalf("err = %v, want ErrEmptySecret", err)
	}
}

func TestCheckCreateAnswersOptionalPassword(t *testing.T) {
	q := CreateQuestions{AskPassword: true, PasswordOptional: true}
	tests := []struct {
		name     string
		pw, conf string
		unread   bool
		want     error
		substr   string
	}{
		{"none", "", "", false, nil, ""},
		{"typed", "password1", "password1", false, nil, ""},
		{"unread", "", "", true, ErrEmptySecret, ""},
		{"repeat without first", "", "password1", false, ErrPasswordMismatch, ""},
		{"mismatch", "password1", "password2", false, ErrPasswordMismatch, ""},
		{"repeat empty", "password1", "", false, ErrPasswordMismatch, ""},
		{"short", "1234567", "1234567", false, nil, "8 to 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &CreateAnswers{Password: tt.pw}
			err := checkCreateAnswers(q, a, &createState{confirm: tt.conf, passwordUnread: tt.unread})
			switch {
			case tt.want == nil && tt.substr == "":
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
			case err == nil:
				t.Fatal("accepted")
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("err = %v, want %v", err, tt.want)
			case !strings.Contains(err.Error(), tt.substr):
				t.Errorf("err = %v, want it to mention %q", err, tt.substr)
			}
		})
	}
	// Required (OAuth off): empty is an empty secret even when it was read.
	err := checkCreateAnswers(CreateQuestions{AskPassword: true}, &CreateAnswers{}, &createState{})
	if !errors.Is(err, ErrEmptySecret) {
		t.Errorf("required, empty: %v", err)
	}
}
