package prompt

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestConfirm(t *testing.T) {
	tests := []struct {
		name string
		keys string
		want bool
	}{
		{"enter keeps the default No", keyEnter, false},
		{"y accepts", "y", true},
		{"toggle then enter", "\x1b[D" + keyEnter, true}, // left arrow moves to Yes
		{"n rejects", "n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDriver(t)
			p := d.prompter()
			var got bool
			d.start(func() (err error) {
				got, err = p.Confirm(context.Background(), "Restart the Space?", "Data without storage is lost.")
				return err
			})
			d.waitFocus("confirm")
			d.press(tt.keys)
			if err := d.wait(); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Confirm = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConfirmCtrlC(t *testing.T) {
	d := newDriver(t)
	p := d.prompter()
	d.start(func() error {
		_, err := p.Confirm(context.Background(), "Restart?", "")
		return err
	})
	d.waitFocus("confirm")
	d.press(keyCtrlC)
	if err := d.wait(); !errors.Is(err, ErrCancelled) {
		t.Fatalf("err = %v, want ErrCancelled", err)
	}
}

func TestConfirmContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := newDriver(t)
	p := d.prompter()
	d.start(func() error {
		_, err := p.Confirm(ctx, "Restart?", "")
		return err
	})
	d.waitFocus("confirm")
	cancel()
	if err := d.wait(); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestConfirmAccessible(t *testing.T) {
	for input, want := range map[string]bool{"y\n": true, "yes\n": true, "n\n": false, "\n": false, "": false} {
		p := New(Options{In: strings.NewReader(input), Out: io.Discard, Accessible: true})
		got, err := p.Confirm(context.Background(), "Restart?", "")
		if err != nil || got != want {
			t.Errorf("input %q: Confirm = %v, %v; want %v", input, got, err, want)
		}
	}
}

func TestConfirmTyped(t *testing.T) {
	tests := []struct {
		typed string
		want  bool
	}{
		{"my-space", true},
		{"my-spac", false},
		{"My-Space", false},
		{"my-space-2", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			d := newDriver(t)
			p := d.prompter()
			var got bool
			d.start(func() (err error) {
				got, err = p.ConfirmTyped(context.Background(), "Delete alice/my-space?", "my-space")
				return err
			})
			d.waitFocus("confirm-typed")
			d.press(tt.typed + keyEnter)
			if err := d.wait(); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("typed %q: got %v, want %v", tt.typed, got, tt.want)
			}
		})
	}
}

func TestConfirmTypedAccessible(t *testing.T) {
	for input, want := range map[string]bool{"my-space\n": true, "  my-space \n": true, "other\n": false, "": false} {
		p := New(Options{In: strings.NewReader(input), Out: io.Discard, Accessible: true})
		got, err := p.ConfirmTyped(context.Background(), "Delete?", "my-space")
		if err != nil || got != want {
			t.Errorf("input %q: ConfirmTyped = %v, %v; want %v", input, got, err, want)
		}
	}
}

func TestConfirmTypedNeedsText(t *testing.T) {
	p := New(Options{In: strings.NewReader("\n"), Out: io.Discard, Accessible: true})
	if ok, err := p.ConfirmTyped(context.Background(), "Delete?", ""); err == nil || ok {
		t.Fatalf("ConfirmTyped with empty want = %v, %v; want an error", ok, err)
	}
}

// A Space id may be typed back whole or as its NAME; another owner's id, or a different case, is no.
func TestTypedMatchesSpaceID(t *testing.T) {
	for typed, want := range map[string]bool{"alice/my-space": true, "my-space": true, " my-space ": true,
		"bob/my-space": false, "/my-space": false, "alice": false, "Alice/my-space": false, "": false, "alice/": false} {
		if got := TypedMatches(typed, "alice/my-space"); got != want {
			t.Errorf("TypedMatches(%q, alice/my-space) = %v, want %v", typed, got, want)
		}
	}
	p := New(Options{In: strings.NewReader("my-space\n"), Out: io.Discard, Accessible: true})
	if ok, err := p.ConfirmTyped(context.Background(), "Delete?", "alice/my-space"); err != nil || !ok {
		t.Fatalf("NAME typed for OWNER/NAME: %v, %v", ok, err)
	}
}
