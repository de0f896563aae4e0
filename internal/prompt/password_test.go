package prompt

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// runPassword starts Password on a driven prompter and returns where the
// result lands once d.wait() returned.
func runPassword(d *driver, twice bool) *string {
	p := d.prompter()
	got := new(string)
	d.start(func() (err error) {
		*got, err = p.Password(context.Background(), "Owner password", twice)
		return err
	})
	return got
}

func TestPasswordTypedTwice(t *testing.T) {
	d := newDriver(t)
	got := runPassword(d, true)
	d.waitFocus("password")
	d.press("correct horse" + keyEnter)
	d.waitFocus("password-confirm")
	d.press("correct horse" + keyEnter)
	if err := d.wait(); err != nil {
		t.Fatal(err)
	}
	if *got != "correct horse" {
		t.Errorf("password differs (got %d chars)", len(*got))
	}
}

func TestPasswordOnce(t *testing.T) {
	d := newDriver(t)
	got := runPassword(d, false)
	d.waitFocus("password")
	d.press("only-once-1" + keyEnter)
	if err := d.wait(); err != nil {
		t.Fatal(err)
	}
	if *got != "only-once-1" {
		t.Errorf("password differs (got %d chars)", len(*got))
	}
}

func TestPasswordMismatchThenCancel(t *testing.T) {
	d := newDriver(t)
	got := runPassword(d, true)
	d.waitFocus("password")
	d.press("password-a" + keyEnter)
	d.waitFocus("password-confirm")
	d.press("password-b" + keyEnter)
	d.waitError(ErrPasswordMismatch)
	d.press(keyCtrlC)
	if err := d.wait(); !errors.Is(err, ErrCancelled) {
		t.Fatalf("err = %v, want ErrCancelled", err)
	}
	if *got != "" {
		t.Error("a password was returned after cancel")
	}
}

func TestPasswordTooLongRefused(t *testing.T) {
	d := newDriver(t)
	runPassword(d, false)
	d.waitFocus("password")
	d.press(strings.Repeat("x", 101) + keyEnter)
	d.waitFor("length error", func(s formState) bool { return s.err != nil })
	d.press(keyCtrlC)
	if err := d.wait(); !errors.Is(err, ErrCancelled) {
		t.Fatalf("err = %v, want ErrCancelled", err)
	}
}

// huh pitfall 4: accessible password fields need a TTY, and without one the
// form returns "" and no error. Both a plain reader and a pipe (which has a
// file descriptor, but not a terminal) must end in ErrEmptySecret.
func TestPasswordAccessibleWithoutTTY(t *testing.T) {
	pipe, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pipe.Close(); _ = w.Close() })
	for name, in := range map[string]io.Reader{
		"reader": strings.NewReader("typed-password\ntyped-password\n"),
		"pipe":   pipe,
	} {
		t.Run(name, func(t *testing.T) {
			p := New(Options{In: in, Out: io.Discard, Accessible: true})
			got, err := p.Password(context.Background(), "Password", true)
			if !errors.Is(err, ErrEmptySecret) || got != "" {
				t.Fatalf("Password = %d chars, %v; want ErrEmptySecret", len(got), err)
			}
		})
	}
}

func TestCheckPassword(t *testing.T) {
	if err := checkPassword("", "", false); !errors.Is(err, ErrEmptySecret) {
		t.Errorf("empty: %v", err)
	}
	if err := checkPassword("abcdefgh", "abcdefgX", true); !errors.Is(err, ErrPasswordMismatch) {
		t.Errorf("mismatch: %v", err)
	}
	if err := checkPassword("abcdefgh", "", false); err != nil {
		t.Errorf("once, no confirm: %v", err)
	}
	if err := checkPassword("abc", "abc", true); err == nil || strings.Contains(err.Error(), "abc") {
		t.Errorf("short: %v", err)
	}
}
