package hubtest

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// defaultRateWindow is the Hub's window: every limit is counted over fixed 5-minute windows (reference §12).
const defaultRateWindow = 5 * time.Minute

// rateLimiter counts Hub requests per caller and bucket in fixed windows, as the Hub does (reference
// §12, hub-docs rate-limits.md): the "api" bucket (paths under /api/) and the "resolvers" bucket (paths
// with a /resolve/ segment), each with the quota Options.RateLimit (the Hub gives resolvers a higher
// one; one knob keeps the emulator simple). A caller is its bearer token, or its IP address when
// anonymous. Counts live in memory: with a StateFile each process keeps its own, which only makes
// the limit looser.
type rateLimiter struct {
	mu     sync.Mutex
	start  time.Time      // the current window's start (the clock truncated to the window)
	counts map[string]int // caller -> requests accepted in the current window
}

// rateVerdict is the limiter's answer for one request: allowed, or refused until the window's end.
type rateVerdict struct {
	refused bool
	reset   int    // whole seconds to the window's end, at least 1
	bucket  string // "api" | "resolvers"
	quota   int
	window  int // seconds
}

// rateBucket is the bucket a Hub path counts in, "" for none.
func rateBucket(path string) string {
	switch {
	case strings.HasPrefix(path, "/api/"):
		return "api"
	case strings.Contains(path, "/resolve/"):
		return "resolvers"
	}
	return ""
}

// admit counts r against its caller's quota and says whether it may go on. Requests refused with a
// 429 are not counted.
func (e *Emulator) admit(r *http.Request) rateVerdict {
	q, bucket := e.opts.RateLimit, rateBucket(r.URL.Path)
	if q <= 0 || bucket == "" {
		return rateVerdict{}
	}
	window := e.opts.RateWindow
	if window <= 0 {
		window = defaultRateWindow
	}
	now := e.now()
	l := &e.limiter
	l.mu.Lock()
	defer l.mu.Unlock()
	if start := now.Truncate(window); !start.Equal(l.start) || l.counts == nil {
		l.start, l.counts = start, map[string]int{}
	}
	left := l.start.Add(window).Sub(now)
	v := rateVerdict{bucket: bucket, quota: q, window: int((window + time.Second - 1) / time.Second),
		reset: max(int((left+time.Second-1)/time.Second), 1)}
	key := bucket + " " + rateKey(r)
	if l.counts[key] >= q {
		v.refused = true
		return v
	}
	l.counts[key]++
	return v
}

// rateKey is who a request is counted for: its token, else its IP address.
func rateKey(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		return "token " + h
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "ip " + host
}

// write sends the 429 with the IETF-draft headers the Hub sends (reference §12): RateLimit
// `"<bucket>";r=0;t=<seconds to the window's end>`, RateLimit-Policy
// `"fixed window";"<bucket>";q=<quota>;w=<window>`, and Retry-After with the same seconds.
func (v rateVerdict) write(w http.ResponseWriter) {
	t := strconv.Itoa(v.reset)
	w.Header().Set("RateLimit", `"`+v.bucket+`";r=0;t=`+t)
	w.Header().Set("RateLimit-Policy", `"fixed window";"`+v.bucket+`";q=`+strconv.Itoa(v.quota)+";w="+strconv.Itoa(v.window))
	w.Header().Set("Retry-After", t)
	hubError(w, http.StatusTooManyRequests, "",
		"You have exceeded our rate limit of "+strconv.Itoa(v.quota)+" "+v.bucket+" requests per "+strconv.Itoa(v.window)+" seconds. Retry after "+t+" seconds.")
}
