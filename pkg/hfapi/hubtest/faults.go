package hubtest

import (
	"net/http"
	"strconv"
)

// fault is the outcome of one fault draw for a Hub request.
type fault struct {
	before    bool // answer with status (or drop) without processing the request
	status    int  // 429, 500, 502 or 503; 0 with before means a dropped connection
	dropAfter bool // process the request, then drop the connection (the change happened, the answer is lost)
}

// drawFault decides, with probability FaultRate and the seeded RNG, whether this request fails and how:
// 429, 500, 502, 503 or a dropped connection (half of the drops after processing).
func (e *Emulator) drawFault() fault {
	if e.opts.FaultRate <= 0 {
		return fault{}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.rng.Float64() >= e.opts.FaultRate {
		return fault{}
	}
	switch e.rng.Intn(5) {
	case 0:
		return fault{before: true, status: http.StatusTooManyRequests}
	case 1:
		return fault{before: true, status: http.StatusInternalServerError}
	case 2:
		return fault{before: true, status: http.StatusBadGateway}
	case 3:
		return fault{before: true, status: http.StatusServiceUnavailable}
	}
	if e.rng.Intn(2) == 0 {
		return fault{before: true}
	}
	return fault{dropAfter: true}
}

// statusForLog is what the request log shows for a fault answered before processing.
func (f fault) statusForLog() int { return f.status }

// write sends the injected answer of a "before" fault. A 429 carries the IETF rate-limit headers and
// Retry-After (reference §12); 500 has the Hub's JSON error shape; 502/503 are HTML pages, as a load
// balancer sends them.
func (f fault) write(w http.ResponseWriter, retryAfter int) {
	switch f.status {
	case 0:
		dropConnection(w)
	case http.StatusTooManyRequests:
		secs := strconv.Itoa(retryAfter)
		w.Header().Set("RateLimit", `"api";r=0;t=`+secs)
		w.Header().Set("RateLimit-Policy", `"fixed window";"api";q=1000;w=300`)
		w.Header().Set("Retry-After", secs)
		hubError(w, f.status, "", "You have exceeded our rate limit of api requests (injected by the emulator). Retry later.")
	case http.StatusInternalServerError:
		hubError(w, f.status, "", "Internal Error (injected by the emulator)")
	default:
		writeHTML(w, f.status, strconv.Itoa(f.status)+" "+http.StatusText(f.status))
	}
}

// dropConnection closes the client's connection without an answer. Without a Hijacker (a recorder in a
// unit test) it aborts the handler, which net/http also turns into a closed connection.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
