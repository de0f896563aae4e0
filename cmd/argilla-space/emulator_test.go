package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Issue 15, item 8: `emulator` on an address other machines reach warns that its debug API shows
// every secret, and prints the address it really listens on (every interface, not 127.0.0.1).
func TestEmulatorWarnsOffLoopback(t *testing.T) {
	for _, tc := range []struct {
		addr, listens string
		warns         bool
	}{
		{"0.0.0.0:0", "every network interface", true},
		{"127.0.0.1:0", "127.0.0.1:", false},
	} {
		var out, errb syncBuffer
		a := newApp(strings.NewReader(""), &out, &errb, func(string) string { return "" })
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int)
		go func() { done <- a.execute(ctx, []string{"emulator", "--addr", tc.addr}) }()
		for i := 0; i < 500 && !strings.Contains(out.String(), "listening"); i++ {
			time.Sleep(10 * time.Millisecond) // polling for the banner, not a timing assertion
		}
		cancel()
		if code := <-done; code != exitInterrupted && code != exitOK {
			t.Fatalf("%s: exit %d\n%s%s", tc.addr, code, out.String(), errb.String())
		}
		if !strings.Contains(out.String(), tc.listens) || !strings.Contains(out.String(), "Hub emulator listening on ") {
			t.Errorf("%s: the real address is not shown:\n%s", tc.addr, out.String())
		}
		warned := strings.Contains(errb.String(), "reachable from other machines") && strings.Contains(errb.String(), "debug API")
		if warned != tc.warns {
			t.Errorf("%s: warned=%v, want %v:\n%s", tc.addr, warned, tc.warns, errb.String())
		}
	}
	var help syncBuffer
	newApp(strings.NewReader(""), &help, &help, func(string) string { return "" }).execute(context.Background(), []string{"emulator", "--help"})
	if !strings.Contains(help.String(), "The debug API shows every secret") {
		t.Errorf("help does not say the debug API shows secrets:\n%s", help.String())
	}
}
