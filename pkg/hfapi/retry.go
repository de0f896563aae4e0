package hfapi

import (
	"errors"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// retryMode says when an operation may be sent again.
type retryMode int

const (
	// retryIdempotent: a replay is harmless (GET/HEAD, PUT of a whole value,
	// upserts of the same value). Retry on 408/429/5xx and any network error.
	retryIdempotent retryMode = iota
	// retryUnprocessed: a replay could act twice (restart, commit without a
	// parent). Retry only when the failure proves the Hub did not act: a 429
	// (refused by the rate limiter) or a dial error (nothing was sent).
	retryUnprocessed
)

// maxBackoff caps the exponential backoff (huggingface_hub: 1, 2, 4, 8, 8 s).
const maxBackoff = 8 * time.Second

// backoff returns the wait before retry number n (0-based): 1, 2, 4, 8, 8... s.
func backoff(n int) time.Duration {
	if n >= 4 {
		return maxBackoff
	}
	return time.Second << n
}

// isTransientStatus lists the statuses huggingface_hub's http_backoff retries.
func isTransientStatus(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// notSent reports a transport error that happened before the request left:
// the connection could not be dialled (refused, DNS), so the Hub saw nothing.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// retryDelay decides whether attempt n (0-based), which failed with err, may
// be retried under mode, and how long to wait first.
func (c *Client) retryDelay(mode retryMode, err error, n int) (time.Duration, bool) {
	if n >= c.maxRetries {
		return 0, false
	}
	if e := asError(err); e != nil {
		if !isTransientStatus(e.Status) || (mode == retryUnprocessed && e.Status != http.StatusTooManyRequests) {
			return 0, false
		}
		if e.RetryAfter > 0 {
			return e.RetryAfter, true
		}
		return backoff(n), true
	}
	if mode == retryUnprocessed && !notSent(err) {
		return 0, false
	}
	return backoff(n), true
}

// rateLimitPattern follows huggingface_hub's parse_ratelimit_headers: the
// IETF-draft `"api";r=<remaining>;t=<seconds to reset>` (searched, not anchored).
var rateLimitPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`"(\w+)"\s*;\s*r\s*=\s*(\d+)\s*;\s*t\s*=\s*(\d+)`) })

// maxServerWait bounds a wait the server asks for; the Hub's windows are 5
// minutes, so anything longer is a malformed header, not a real request.
const maxServerWait = 10 * time.Minute

// parseRateLimit reads a RateLimit header value. ok is false when it does not
// have the expected shape.
func parseRateLimit(v string) (remaining, resetSeconds int64, ok bool) {
	m := rateLimitPattern().FindStringSubmatch(v)
	if m == nil {
		return 0, 0, false
	}
	r, err1 := strconv.ParseInt(m[2], 10, 64)
	t, err2 := strconv.ParseInt(m[3], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return r, t, true
}

// parseRetryAfter reads an integer Retry-After (seconds). The HTTP-date form
// is ignored, as huggingface_hub ignores it.
func parseRetryAfter(v string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// retryAfter applies reference §12: on a 429 whose RateLimit says r=0, wait
// t+1 s; otherwise an integer Retry-After, +1 s (huggingface_hub adds 1 s to
// avoid rounding issues). Retry-After counts on any status (a 503 may carry it).
func retryAfter(status int, h http.Header) time.Duration {
	if status == http.StatusTooManyRequests {
		if r, t, ok := parseRateLimit(h.Get("RateLimit")); ok && r == 0 {
			return clampWait(t + 1)
		}
	}
	if s, ok := parseRetryAfter(h.Get("Retry-After")); ok {
		return clampWait(s + 1)
	}
	return 0
}

func clampWait(seconds int64) time.Duration {
	if seconds > int64(maxServerWait/time.Second) {
		return maxServerWait
	}
	return time.Duration(seconds) * time.Second
}
