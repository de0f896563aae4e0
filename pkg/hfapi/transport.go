package hfapi

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// NewTransport returns a clone of http.DefaultTransport whose dialer sends any
// "*.localhost" host to 127.0.0.1. RFC 6761 §6.3 says such names are loopback,
// but Go's resolver does not know it; the emulator serves Space hosts as
// "<subdomain>.localhost". Proxies are bypassed for those hosts too.
func NewTransport() http.RoundTripper {
	t := &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	if def, ok := http.DefaultTransport.(*http.Transport); ok { // unless a program replaced it
		t = def.Clone()
	}
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		return dialer.DialContext(ctx, network, loopbackAddr(addr))
	}
	proxy := t.Proxy
	t.Proxy = func(req *http.Request) (*url.URL, error) {
		if proxy == nil || isLocalhostSubdomain(req.URL.Hostname()) {
			return nil, nil
		}
		return proxy(req)
	}
	return t
}

// loopbackAddr maps "x.localhost:port" to "127.0.0.1:port" and leaves other
// addresses alone ("localhost" itself already resolves).
func loopbackAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || !isLocalhostSubdomain(host) {
		return addr
	}
	return net.JoinHostPort("127.0.0.1", port)
}

func isLocalhostSubdomain(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	return strings.HasSuffix(h, ".localhost")
}

// hubTransport sets the User-Agent on every request and writes the debug line.
type hubTransport struct {
	base      http.RoundTripper
	userAgent string
	debug     *debugLog
}

// RoundTrip implements http.RoundTripper. It clones the request because a
// RoundTripper must not modify the caller's request.
func (t *hubTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", t.userAgent)
	start := time.Now()
	resp, err := t.base.RoundTrip(r)
	if t.debug != nil {
		t.debug.request(r.Method, r.URL.String(), resp, err, time.Since(start))
	}
	return resp, err
}

// debugLog writes one line per attempt. It never sees headers or bodies, and
// every line goes through the redactor (tokens could end up in a URL or in a
// network error message).
type debugLog struct {
	mu  sync.Mutex
	w   io.Writer
	red *redactor
}

func (d *debugLog) request(method, u string, resp *http.Response, err error, took time.Duration) {
	took = took.Round(time.Millisecond)
	if err != nil {
		d.printf("hfapi: %s %s -> error: %v (%s)", method, u, err, took)
		return
	}
	d.printf("hfapi: %s %s -> %s (%s)", method, u, resp.Status, took)
}

func (d *debugLog) printf(format string, args ...any) {
	line := d.red.String(fmt.Sprintf(format, args...))
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintln(d.w, line)
}
