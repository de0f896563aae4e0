package hubtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// bufWriter buffers a response so it can be produced inside a state transaction and sent (or dropped,
// for an injected fault) after the transaction ends.
type bufWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufWriter() *bufWriter { return &bufWriter{header: http.Header{}} }

func (b *bufWriter) Header() http.Header { return b.header }

func (b *bufWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufWriter) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

// code is the final status (200 when nothing was written).
func (b *bufWriter) code() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}

// flushTo copies the buffered response to w; Content-Length is set unless the handler set it (HEAD).
func (b *bufWriter) flushTo(w http.ResponseWriter, head bool) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	if w.Header().Get("Content-Length") == "" {
		w.Header().Set("Content-Length", strconv.Itoa(b.body.Len()))
	}
	w.WriteHeader(b.code())
	if !head {
		w.Write(b.body.Bytes())
	}
}

// writeJSON sends v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"encoding failed"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(data)
}

// hubError sends the Hub's error shape: JSON {"error": msg}, X-Error-Message, and X-Error-Code when
// code is set (reference §12).
func hubError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("X-Error-Message", headerSafe(msg))
	if code != "" {
		w.Header().Set("X-Error-Code", code)
	}
	writeJSON(w, status, map[string]string{"error": msg})
}

// hubErrorWith is the error shape of the 409s that name what exists (create and duplicate carry url,
// buckets url and id): the body only, without X-Error-Message, as the recorded create 409 shows
// (TestSpaceAPIProduction.test_manage_secrets).
func hubErrorWith(w http.ResponseWriter, status int, msg string, extra map[string]string) {
	body := map[string]string{"error": msg}
	for k, v := range extra {
		body[k] = v
	}
	writeJSON(w, status, body)
}

// headerSafe keeps a message usable as a header value.
func headerSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// writeHTML sends a small HTML page, as HF's proxy and load balancer do.
func writeHTML(w http.ResponseWriter, status int, title string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte("<!DOCTYPE html>\n<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>\n"))
}

// writeText sends a text/plain body.
func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(text))
}
