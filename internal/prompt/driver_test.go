package prompt

import (
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// Keystrokes as a terminal sends them.
const (
	keyEnter = "\r"
	keyTab   = "\t"
	keyDown  = "\x1b[B"
	keyUp    = "\x1b[A"
	keyCtrlC = "\x03"
	keyCtrlU = "\x15" // delete to the start of the line
)

// guard bounds every wait so a stuck form fails the test instead of hanging.
const guard = 5 * time.Second

// formState is what the driver sees of a running form, captured on Bubble
// Tea's event loop through the view hook.
type formState struct {
	focus string // key of the focused field
	err   error  // validation error of the focused field
}

// driver feeds keystrokes to a form through a pipe and waits for the form's
// state instead of sleeping. It is an io.Pipe, not an OS pipe: for an
// *os.File Bubble Tea uses an epoll cancel reader whose leftover read
// goroutine races with its Close (seen with -race), while for a plain reader
// it cancels without waiting and the leftover read ends when the pipe is
// closed at cleanup.
type driver struct {
	t    *testing.T
	in   *io.PipeReader // given to the form
	keys *io.PipeWriter // where the test types
	done chan error

	mu    sync.Mutex
	state formState
	seen  bool
}

// newDriver opens the pipe; the caller wires d.in and d.observe into a form.
func newDriver(t *testing.T) *driver {
	t.Helper()
	r, w := io.Pipe()
	d := &driver{t: t, in: r, keys: w, done: make(chan error, 1)}
	t.Cleanup(func() {
		_ = w.Close()
		_ = r.Close()
	})
	return d
}

// observe records the focused field; it runs on the form's event loop.
func (d *driver) observe(f *huh.Form) {
	field := f.GetFocusedField()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.state = formState{focus: field.GetKey(), err: field.Error()}
	d.seen = true
}

// hook adapts observe to huh's view hook.
func (d *driver) hook(f *huh.Form) func(tea.View) tea.View {
	return func(v tea.View) tea.View {
		d.observe(f)
		return v
	}
}

// runForm runs a form built outside the prompter (BuildCreateForm, build*).
func (d *driver) runForm(f *huh.Form) {
	f = f.WithInput(d.in).WithOutput(io.Discard).WithWidth(80)
	f = f.WithViewHook(d.hook(f))
	d.start(f.Run)
}

// start runs fn in a goroutine; wait collects its result.
func (d *driver) start(fn func() error) {
	go func() { d.done <- fn() }()
}

// prompter returns a huh prompter wired to this driver.
func (d *driver) prompter() *huhPrompter {
	p := New(Options{In: d.in, Out: io.Discard, Width: 80}).(*huhPrompter)
	p.onView = d.observe
	return p
}

// press types keys into the form.
func (d *driver) press(keys string) {
	d.t.Helper()
	if _, err := io.WriteString(d.keys, keys); err != nil {
		d.t.Fatalf("typing: %v", err)
	}
}

// waitFor waits until the form state satisfies ok, failing after guard.
func (d *driver) waitFor(what string, ok func(formState) bool) {
	d.t.Helper()
	deadline := time.Now().Add(guard)
	var st formState
	for time.Now().Before(deadline) {
		d.mu.Lock()
		seen := d.seen
		st = d.state
		d.mu.Unlock()
		if seen && ok(st) {
			return
		}
		select {
		case err := <-d.done:
			d.t.Fatalf("form ended (err=%v) while waiting for %s", err, what)
		case <-time.After(time.Millisecond):
		}
	}
	d.t.Fatalf("timed out waiting for %s; last state %+v", what, st)
}

// waitFocus waits until the field with key has the focus.
func (d *driver) waitFocus(key string) {
	d.t.Helper()
	d.waitFor("focus on "+key, func(s formState) bool { return s.focus == key })
}

// waitError waits until the focused field shows a validation error matching target.
func (d *driver) waitError(target error) {
	d.t.Helper()
	d.waitFor("error "+target.Error(), func(s formState) bool { return errors.Is(s.err, target) })
}

// wait returns the form's result, failing after guard.
func (d *driver) wait() error {
	d.t.Helper()
	select {
	case err := <-d.done:
		return err
	case <-time.After(guard):
		d.t.Fatal("form did not finish")
		return nil
	}
}
