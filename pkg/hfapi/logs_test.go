package hfapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// sse writes events (with a keep-alive and a non-data line) and then either
// returns (ending the stream) or holds it open until the client leaves.
func sse(events []string, hold bool) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fl := w.(http.Flusher)
		fmt.Fprint(w, "data:\n\n: comment\nevent: ping\n")
		for i, e := range events {
			fmt.Fprintf(w, "data: {\"data\": %q, \"timestamp\": \"2026-01-01T00:00:0%dZ\"}\n\n", e, i)
		}
		fmt.Fprint(w, "data: {not json}\n\n")
		fl.Flush()
		if hold {
			<-r.Context().Done()
		}
	}
}

func collect(t *testing.T, c *hfapi.Client, opts hfapi.LogsOptions, stopAt string) ([]string, error) {
	t.Helper()
	var got []string
	err := c.StreamLogs(context.Background(), "alice/x", opts, func(ev hfapi.LogEvent) error {
		if ev.Timestamp == "" {
			t.Errorf("event without timestamp: %+v", ev)
		}
		got = append(got, ev.Data)
		if ev.Data == stopAt {
			return errStop
		}
		return nil
	})
	return got, err
}

var errStop = errors.New("stop")

func TestStreamLogsNoFollow(t *testing.T) {
	t.Run("stream ends", func(t *testing.T) {
		f := newFakeHub(t, sse([]string{"a", "b", "c"}, false))
		c, _ := newClient(t, f)
		got, err := collect(t, c, hfapi.LogsOptions{}, "")
		if err != nil || !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
			t.Errorf("got %v, %v", got, err)
		}
		if r := f.requests()[0]; r.RequestURI != "/api/spaces/alice/x/logs/run" || r.Header.Get("Accept") != "text/event-stream" {
			t.Errorf("request = %s %v", r.RequestURI, r.Header)
		}
	})
	t.Run("idle stream stops", func(t *testing.T) {
		f := newFakeHub(t, sse([]string{"a", "b"}, true))
		c, _ := newClient(t, f)
		got, err := collect(t, c, hfapi.LogsOptions{Build: true, Tail: 10, IdleTimeout: 50 * time.Millisecond}, "")
		if err != nil || !reflect.DeepEqual(got, []string{"a", "b"}) {
			t.Errorf("got %v, %v", got, err)
		}
		if r := f.requests()[0]; r.RequestURI != "/api/spaces/alice/x/logs/build" {
			t.Errorf("uri = %s", r.RequestURI)
		}
	})
	// Tail is kept client side (huggingface_hub sends `tail` only for Jobs): no query, the last N of
	// what the stream holds, and the read stops when the server closes the stream.
	t.Run("tail kept client side", func(t *testing.T) {
		f := newFakeHub(t, sse([]string{"a", "b", "c", "d"}, false))
		c, _ := newClient(t, f)
		got, err := collect(t, c, hfapi.LogsOptions{Tail: 2, IdleTimeout: time.Hour}, "")
		if err != nil || !reflect.DeepEqual(got, []string{"c", "d"}) {
			t.Errorf("got %v, %v", got, err)
		}
		if n, r := len(f.requests()), f.requests()[0]; n != 1 || r.RequestURI != "/api/spaces/alice/x/logs/run" {
			t.Errorf("%d requests, uri %s", n, r.RequestURI)
		}
	})
	t.Run("callback error stops", func(t *testing.T) {
		f := newFakeHub(t, sse([]string{"a", "b", "c"}, false))
		c, _ := newClient(t, f)
		got, err := collect(t, c, hfapi.LogsOptions{}, "b")
		if !errors.Is(err, errStop) || !reflect.DeepEqual(got, []string{"a", "b"}) {
			t.Errorf("got %v, %v", got, err)
		}
	})
	t.Run("404 not retried", func(t *testing.T) {
		f := newFakeHub(t, status(404, "X-Error-Code", "RepoNotFound"))
		c, s := newClient(t, f)
		_, err := collect(t, c, hfapi.LogsOptions{}, "")
		if !hfapi.IsNotFound(err) || len(f.requests()) != 1 || len(s.got()) != 0 {
			t.Errorf("err %v, %d requests", err, len(f.requests()))
		}
	})
	t.Run("503 retried", func(t *testing.T) {
		f := newFakeHub(t, script(t, status(503), sse([]string{"a"}, false)))
		c, s := newClient(t, f)
		got, err := collect(t, c, hfapi.LogsOptions{}, "")
		if err != nil || !reflect.DeepEqual(got, []string{"a"}) || !reflect.DeepEqual(s.got(), durations(1)) {
			t.Errorf("got %v, %v, sleeps %v", got, err, s.got())
		}
	})
}

// TestStreamLogsFollow: on reconnect the Hub replays from the start; events
// already delivered are skipped.
func TestStreamLogsFollow(t *testing.T) {
	var mu sync.Mutex
	conns := 0
	f := newFakeHub(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		conns++
		n := conns
		mu.Unlock()
		switch n {
		case 1:
			sse([]string{"a", "b"}, false)(w, r)
		case 2:
			w.WriteHeader(502)
		default:
			sse([]string{"a", "b", "c", "d"}, true)(w, r)
		}
	})
	c, s := newClient(t, f)
	got, err := collect(t, c, hfapi.LogsOptions{Follow: true}, "d")
	if !errors.Is(err, errStop) || !reflect.DeepEqual(got, []string{"a", "b", "c", "d"}) {
		t.Errorf("got %v, %v", got, err)
	}
	if !reflect.DeepEqual(s.got(), durations(1, 2)) {
		t.Errorf("sleeps = %v", s.got())
	}
}
