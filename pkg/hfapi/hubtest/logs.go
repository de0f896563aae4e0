package hubtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Poll and keep-alive periods of a log stream (real time: they pace I/O, no test asserts on them).
// Tests shorten the keep-alive through Emulator.keepAlive.
const (
	logPoll      = 100 * time.Millisecond
	logKeepAlive = time.Second
)

// logSnapshot is what one poll of a log stream sees.
type logSnapshot struct {
	events  []logEvent // due events of the current start
	started time.Time  // identifies the start the events belong to
	settled bool       // the stage is no longer intermediate
}

// serveLogs answers GET /api/spaces/{ns}/{name}/logs/{build|run} as Server-Sent Events (reference
// §11): `data: {"data": ..., "timestamp": ...}` per line (the last tail=N only, if given), new lines
// while the Space is building or starting, then empty `data:` keep-alives every second until the client
// goes away (the real server never closes). A token with read access is required.
func (e *Emulator) serveLogs(w http.ResponseWriter, r *http.Request, ns, name, kind string, f fault) {
	out := newBufWriter()
	var snap logSnapshot
	ok := false
	err := e.tx(func(st *state) {
		c := &call{e: e, st: st, w: out, r: r, now: e.now(), seg: nil}
		if c.authenticate() && c.requireUser() {
			if sp := c.lookup(ns, name, false); sp != nil {
				snap, ok = e.logSnapshot(sp, kind, c.now), true
			}
		}
		status := out.code()
		if ok && f.dropAfter {
			status = 0
		}
		st.logRequest(RequestRecord{Method: r.Method, Host: r.Host, Path: r.URL.Path, Status: status})
	})
	if err != nil {
		hubError(w, http.StatusInternalServerError, "", "emulator state: "+err.Error())
		return
	}
	if !ok {
		out.flushTo(w, false)
		return
	}
	if f.dropAfter {
		dropConnection(w)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	sent := len(snap.events)
	if n, err := strconv.Atoi(r.URL.Query().Get("tail")); err == nil && n >= 0 && n < len(snap.events) {
		snap.events = snap.events[len(snap.events)-n:]
	}
	writeEvents(w, snap.events)
	e.followLogs(w, r, ns+"/"+name, kind, snap, sent)
}

// followLogs streams the lines that become due until the stage settles, then sends keep-alives.
func (e *Emulator) followLogs(w http.ResponseWriter, r *http.Request, id, kind string, snap logSnapshot, sent int) {
	poll := time.NewTicker(logPoll)
	defer poll.Stop()
	lastWrite := time.Now()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-e.done:
			return
		case <-poll.C:
		}
		if !snap.settled {
			next, ok := e.pollLogs(id, kind)
			if !ok || !next.started.Equal(snap.started) {
				snap.settled = true // deleted or restarted: this stream's start is over
			} else {
				if len(next.events) > sent {
					writeEvents(w, next.events[sent:])
					sent = len(next.events)
					lastWrite = time.Now()
				}
				snap.settled = next.settled
			}
		}
		if time.Since(lastWrite) >= e.keepAlive {
			if _, err := w.Write([]byte("data: \n\n")); err != nil {
				return
			}
			flush(w)
			lastWrite = time.Now()
		}
	}
}

// pollLogs takes a fresh snapshot (reloading a shared state file).
func (e *Emulator) pollLogs(id, kind string) (logSnapshot, bool) {
	var snap logSnapshot
	ok := false
	e.tx(func(st *state) {
		if sp := st.Spaces[id]; sp != nil {
			snap, ok = e.logSnapshot(sp, kind, e.now()), true
		}
	})
	return snap, ok
}

// logSnapshot lists the due lines of the current start's build or run log.
func (e *Emulator) logSnapshot(sp *space, kind string, now time.Time) logSnapshot {
	events := sp.BuildLog
	if kind == "run" {
		events = sp.RunLog
	}
	snap := logSnapshot{started: sp.StartedAt, settled: !intermediate(e.stage(sp, now))}
	for _, ev := range events {
		if !ev.Time.After(now) {
			snap.events = append(snap.events, ev)
		}
	}
	return snap
}

// writeEvents sends log lines as SSE events and flushes them.
func writeEvents(w http.ResponseWriter, events []logEvent) {
	for _, ev := range events {
		data, _ := json.Marshal(map[string]string{"data": ev.Text, "timestamp": hubTime(ev.Time)})
		w.Write([]byte("data: "))
		w.Write(data)
		w.Write([]byte("\n\n"))
	}
	flush(w)
}

func flush(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}
