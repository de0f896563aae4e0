package hubtest

import (
	"net/http"
	"strconv"
)

// fault is the outcome of one fault draw for a Hub request.
type fault struct {
	before    bool // answer with status (or drop) without processing the request
	status    int  // 500, 502 or 503; 0 with before means a dropped connection
	dropAfter bool // process the request, then drop the connection (the change happened, the answer is lost)
}

// drawFault decides, with probability FaultRate and the seeded RNG, whether this request fails and how:
// 500, 502, 503 or a dropped connection (half of the drops after processing). 429s are not drawn: they
// come from the rate limit (Options.RateLimit), with the truthful wait of a real window.
func (e *Emulator) drawFault() fault {
	if e.opts.FaultRate <= 0 {
		return fault{}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.rng.Float64() >= e.opts.FaultRate {
		return fault{}
	}
	switch e.rng.Intn(4) {
	case 0:
		return fault{before: true, status: http.StatusInternalServerError}
	case 1:
		return fault{before: true, status: http.StatusBadGateway}
	case 2:
		return fault{before: true, status: http.StatusServiceUnavailable}
	}
	if e.rng.Intn(2) == 0 {
		return fault{before: true}
	}
	return fault{dropAfter: true}
}

// statusForLog is what the request log shows for a fault answered before processing.
func (f fault) statusForLog() int { return f.status }

// write sends the injected answer of a "before" fault: 500 has the Hub's JSON error shape; 502/503 are
// HTML pages, as a load balancer sends them.
func (f fault) write(w http.ResponseWriter) {
	switch f.status {
	case 0:
		dropConnection(w)
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
