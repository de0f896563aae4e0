package hubtest

import (
	"net"
	"net/http"
	"strconv"
	"time"
)

// Server is an Emulator listening on a real socket, like httptest.Server.
type Server struct {
	URL      string // base URL of the Hub, e.g. http://127.0.0.1:41234
	Addr     string // the address it really listens on, e.g. [::]:8080 for every interface
	Emulator *Emulator

	srv *http.Server
}

// NewServer starts an emulator on 127.0.0.1 with a free port.
func NewServer(opts Options) (*Server, error) { return Listen("127.0.0.1:0", opts) }

// Listen starts an emulator on addr (host:port; an empty or unspecified host listens everywhere and the
// URL then names 127.0.0.1).
func Listen(addr string, opts Options) (*Server, error) {
	e, err := New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{Emulator: e, srv: &http.Server{Handler: e, ReadHeaderTimeout: 30 * time.Second}}
	tcp := ln.Addr().(*net.TCPAddr)
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	s.URL = "http://" + net.JoinHostPort(host, strconv.Itoa(tcp.Port))
	s.Addr = tcp.String()
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops the server and ends streaming responses.
func (s *Server) Close() {
	s.Emulator.shutdown()
	s.srv.Close()
}

// Requests returns the request log, like GET /_emulator/requests.
func (s *Server) Requests() []RequestRecord { return s.Emulator.Requests() }

// ResetRequests empties the request log, like DELETE /_emulator/requests.
func (s *Server) ResetRequests() { s.Emulator.ResetRequests() }

// Space returns a Space's state, like GET /_emulator/spaces/{ns}/{name}.
func (s *Server) Space(id string) (*SpaceState, bool) { return s.Emulator.Space(id) }
