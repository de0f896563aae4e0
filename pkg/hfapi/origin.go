package hfapi

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/argilla-space/argilla-space/internal/redact"
)

// The token goes to the endpoint only: request sets it on calls to the endpoint's origin, and a
// redirect keeps it only to that same origin. Go's own rule would keep it on a redirect to any
// subdomain, over plain http too.

// sameOrigin reports whether a and b have the same scheme, host and port (a missing port is the
// scheme's default).
func sameOrigin(a, b *url.URL) bool {
	return a != nil && b != nil && strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) && portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// maxRedirects is Go's default limit, kept.
const maxRedirects = 10

// checkRedirect is the Hub client's redirect policy: follow, but drop the Authorization header for
// any other origin than the request's first one (https to http is another origin too).
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return errors.New("stopped after 10 redirects")
	}
	if !sameOrigin(req.URL, via[0].URL) {
		req.Header.Del("Authorization")
	}
	return nil
}

// IsLoopback reports whether host (a name or an address, without a port) is this machine:
// localhost, *.localhost, or a loopback address.
func IsLoopback(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || isLocalhostSubdomain(h) {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	return ip != nil && ip.IsLoopback()
}

// CheckEndpoint refuses an endpoint the token should not be sent to: one that is not an http(s) URL,
// that carries user:password@, or that is plain http to another machine (the token would cross the
// network in clear) unless insecureHTTP says the user accepts that.
func CheckEndpoint(endpoint string, insecureHTTP bool) error {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("the endpoint %q is not a URL of the Hub (http:// or https://)", redact.StripUserinfo(endpoint))
	}
	if u.User != nil {
		return fmt.Errorf("the endpoint %s carries a user name or password: give the token with HF_TOKEN or `hf auth login` instead", redact.StripUserinfo(endpoint))
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) && !insecureHTTP {
		return fmt.Errorf("the endpoint %s is plain http to another machine: your token would cross the network unencrypted; use https, or pass --insecure-http if you accept that", endpoint)
	}
	return nil
}
