package hfapi

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// RateGate holds back every request of the Clients that share it while the Hub's rate limit is
// exhausted. The Hub counts requests per user over 5-minute windows (reference §12), so when one of
// many workers gets a 429, the others would only burn the rest of the window and get 429s too: with a
// gate, one 429 that says how long to wait (RateLimit `t`, else Retry-After) pauses them all until
// then, and the fleet slows down instead of failing.
//
// The zero value is ready to use with the real clock. A RateGate is safe for concurrent use.
type RateGate struct {
	// Now and Sleep are the clock; nil means the real one. Tests give a fake clock whose Sleep
	// advances Now: Wait sleeps until Now reaches the block.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error

	mu     sync.Mutex
	until  time.Time
	blocks int
}

// Block holds every request sent through the gate until the given time. A block never shortens an
// earlier, longer one.
func (g *RateGate) Block(until time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.blocks++
	if until.After(g.until) {
		g.until = until
	}
}

// Until is the end of the current block (in the past, or zero, when requests may go).
func (g *RateGate) Until() time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.until
}

// Blocks counts the calls to Block so far: how often the Hub said "slow down".
func (g *RateGate) Blocks() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.blocks
}

// Wait returns once no block is in force, or with ctx's error. A block added while it sleeps is
// honoured too.
func (g *RateGate) Wait(ctx context.Context) error {
	for {
		d := g.Until().Sub(g.now())
		if d <= 0 {
			return ctx.Err()
		}
		if err := g.sleep(ctx, d); err != nil {
			return err
		}
	}
}

func (g *RateGate) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}

func (g *RateGate) sleep(ctx context.Context, d time.Duration) error {
	if g.Sleep != nil {
		return g.Sleep(ctx, d)
	}
	return realSleep(ctx, d)
}

// SetGate makes the Client wait on g before every request and block g when the Hub answers 429 with
// a wait. Clients that share one gate slow down together. nil removes the gate. Call it before the
// Client is shared; it is nonetheless safe to call at any time.
func (c *Client) SetGate(g *RateGate) { c.gate.Store(g) }

// gateWait holds a request back while the shared gate is blocked.
func (c *Client) gateWait(ctx context.Context) error {
	g := c.gate.Load()
	if g == nil {
		return nil
	}
	return g.Wait(ctx)
}

// gateBlock blocks the shared gate after a 429 that says how long to wait (err.RetryAfter is the
// RateLimit `t`+1 s, else Retry-After+1 s, as huggingface_hub waits). A 429 without either header
// blocks nobody: each request then backs off on its own.
func (c *Client) gateBlock(err error) {
	g := c.gate.Load()
	e := asError(err)
	if g == nil || e == nil || e.Status != http.StatusTooManyRequests || e.RetryAfter <= 0 {
		return
	}
	if c.debug != nil {
		c.debug.printf("hfapi: rate limited: holding every request for %s", e.RetryAfter)
	}
	g.Block(g.now().Add(e.RetryAfter))
}
