package hubtest

import (
	"net/http"
	"strings"
	"sync"
)

// Interrupter wraps an emulator so that a test can stop the client (kill its process, cancel its
// context) when the N-th request arrives: it counts every Hub and app request (not /_emulator) and,
// on the N-th, calls Stop and only then lets the emulator handle the request, as the real Hub finishes
// a request whose client went away. Driving N over 1..a run's request count interrupts a command at
// every point of its run, including right after each change reached the Hub.
type Interrupter struct {
	Handler http.Handler

	mu   sync.Mutex
	at   int    // 0: never
	stop func() // called once, on the at-th request
	seen int
}

// StopAt arms the interrupter: stop is called when the n-th request from now arrives (n >= 1).
func (i *Interrupter) StopAt(n int, stop func()) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.at, i.stop, i.seen = n, stop, 0
}

// Seen is how many requests were counted since StopAt (or since the start).
func (i *Interrupter) Seen() int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.seen
}

func (i *Interrupter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/_emulator/") {
		i.mu.Lock()
		i.seen++
		var stop func()
		if i.seen == i.at {
			stop = i.stop
		}
		i.mu.Unlock()
		if stop != nil {
			stop()
		}
	}
	i.Handler.ServeHTTP(w, r)
}
