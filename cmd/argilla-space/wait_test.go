package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// Issue 10 item 13: `wait` on its own exits 4 when it times out, naming the Space and how to go on.
func TestWaitTimeoutExits4(t *testing.T) {
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	a, _, _, errb := createApp(t, srv.URL)
	if code := a.execute(context.Background(), []string{"create", "slow", "--public", "--no-wait"}); code != 0 {
		t.Fatalf("create: exit %d: %s", code, errb)
	}
	a, _, out, errb := createApp(t, srv.URL)
	if code := a.execute(context.Background(), []string{"wait", "--space", "alice/slow", "--timeout", "1s", "-o", "json"}); code != exitSpaceFailed {
		t.Fatalf("exit %d, want %d: %s", code, exitSpaceFailed, errb)
	}
	if !strings.Contains(errb.String(), "alice/slow") || !strings.Contains(errb.String(), "argilla-space wait --space alice/slow") {
		t.Fatalf("stderr does not say how to go on: %s", errb)
	}
	if !strings.Contains(out.String(), `"exitCode": 4`) {
		t.Fatalf("stdout: %s", out)
	}
}
