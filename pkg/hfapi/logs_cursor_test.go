package hfapi

import "testing"

// A reconnect with tail=N replays the last N events, not the first ones: only new events pass.
func TestLogCursorSkipsReplayedEvents(t *testing.T) {
	ev := func(ts, d string) LogEvent { return LogEvent{Timestamp: ts, Data: d} }
	c := &logCursor{}
	c.rewind()
	for _, e := range []LogEvent{ev("t1", "a"), ev("t2", "b"), ev("t2", "c")} {
		if !c.fresh(e) {
			t.Fatalf("first connection dropped %v", e)
		}
	}
	// Reconnect: the server replays its last 2 events, then a new one at the same second, then later.
	c.rewind()
	var got []string
	for _, e := range []LogEvent{ev("t2", "b"), ev("t2", "c"), ev("t2", "d"), ev("t3", "e")} {
		if c.fresh(e) {
			got = append(got, e.Data)
		}
	}
	if len(got) != 2 || got[0] != "d" || got[1] != "e" {
		t.Fatalf("delivered %v, want [d e]", got)
	}
	// A full replay from the start skips everything seen.
	c.rewind()
	for _, e := range []LogEvent{ev("t1", "a"), ev("t2", "b"), ev("t2", "c"), ev("t2", "d"), ev("t3", "e")} {
		if c.fresh(e) {
			t.Fatalf("replayed %v again", e)
		}
	}
	// Without timestamps, counting.
	n := &logCursor{}
	n.rewind()
	n.fresh(ev("", "x"))
	n.rewind()
	if n.fresh(ev("", "x")) || !n.fresh(ev("", "y")) {
		t.Fatal("counting fallback wrong")
	}
}
