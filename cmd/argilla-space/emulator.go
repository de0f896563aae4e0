package main

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

func (a *app) emulatorCmd() *cobra.Command {
	var (
		addr, worldFile, stateFile string
		opts                       hubtest.Options
	)
	c := &cobra.Command{
		Use:   "emulator",
		Short: "Serve the built-in Hugging Face Hub emulator, for trying argilla-space and for your own CI",
		Long: `Serve a Hub emulator on a local address: the same endpoints, bodies, status codes and quirks as
huggingface.co for everything argilla-space does, a small world of users, orgs and tokens, the Argilla
template Space, and behind each Space's host (http://SUBDOMAIN.localhost:PORT) a minimal Argilla.

Its debug API: GET /_emulator/requests, DELETE /_emulator/requests, GET /_emulator/spaces/OWNER/NAME.
The debug API shows every secret the Spaces hold (and its tokens are public demo tokens): it answers
only requests to a loopback host name, and the emulator listens on 127.0.0.1 unless --addr says
otherwise. On another address, anyone who reaches it can read those secrets: a warning says so.`,
		Example: `  argilla-space emulator --addr 127.0.0.1:8080 --build-time 1s
  HF_ENDPOINT=http://127.0.0.1:8080 HF_TOKEN=hf_alice argilla-space create demo --org acme`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if worldFile != "" {
				w, err := hubtest.LoadWorld(worldFile)
				if err != nil {
					return usagef("--world: %v", err)
				}
				opts.World = w
			}
			if opts.FaultRate < 0 || opts.FaultRate > 1 {
				return usagef("--fault-rate must be between 0 and 1")
			}
			if opts.RateLimit < 0 || opts.RateWindow < time.Second {
				return usagef("--rate-limit must be 0 or more and --rate-window at least 1s")
			}
			if opts.BuildTime == 0 {
				opts.BuildTime = -1 // 0 asks for the package default; the flag's 0 means instant
			}
			opts.StateFile = stateFile
			srv, err := hubtest.Listen(addr, opts)
			if err != nil {
				return err
			}
			defer srv.Close()
			w := a.stdout
			if !listensOnLoopback(srv.Addr) {
				fmt.Fprintf(a.stderr, "warning: the emulator listens on %s, reachable from other machines: anyone who can connect "+
					"can use its demo tokens and read every Space secret through its debug API (/_emulator/); "+
					"listen on 127.0.0.1 unless this network is trusted\n", srv.Addr)
			}
			where := srv.Addr
			if h, _, err := net.SplitHostPort(where); err == nil && net.ParseIP(h).IsUnspecified() {
				where += ", every network interface"
			}
			fmt.Fprintf(w, "Hub emulator listening on %s (%s)\n\n", where, srv.URL)
			fmt.Fprintf(w, "  export HF_ENDPOINT=%s\n", srv.URL)
			fmt.Fprintln(w, "  export HF_TOKEN=hf_alice        # alice: PRO, admin of acme (team) and freeorg (no plan)")
			fmt.Fprintln(w, "  # other tokens: hf_alice_read (alice, read-only), hf_bob (bob: free, read in acme)")
			fmt.Fprintf(w, "\n  curl -H 'Authorization: Bearer hf_alice' %s/api/whoami-v2\n", srv.URL)
			fmt.Fprintln(w, "\nPress Ctrl-C to stop.")
			stop := make(chan os.Signal, 1)
			signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
			select {
			case <-stop:
			case <-c.Context().Done():
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:0", "address to listen on (port 0 picks a free one)")
	f.DurationVar(&opts.BuildTime, "build-time", 2*time.Second, "how long a Space builds before it starts")
	f.DurationVar(&opts.Latency, "latency", 0, "added to every request")
	f.Float64Var(&opts.FaultRate, "fault-rate", 0, "share of Hub requests that get a 5xx or a dropped connection (0 to 1)")
	f.IntVar(&opts.RateLimit, "rate-limit", 0, "Hub requests per token and window (api and resolvers each), then 429 with RateLimit and Retry-After; 0 = no limit")
	f.DurationVar(&opts.RateWindow, "rate-window", 5*time.Minute, "the fixed window of --rate-limit (the Hub's is 5m)")
	f.Int64Var(&opts.Seed, "seed", 1, "seed for faults and ids, for reproducible runs")
	f.StringVar(&worldFile, "world", "", "YAML file with users, orgs and tokens (default: alice, bob, acme, freeorg)")
	f.BoolVar(&opts.LegacyStorage, "legacy-storage", false, "accept the retired storage tiers (small, medium, large)")
	f.StringVar(&stateFile, "state", "", "keep state in this JSON file (default: in memory)")
	return c
}

// listensOnLoopback reports whether a listening address (host:port) is reachable from this machine
// only: a loopback address, not an unspecified one (every interface) nor another.
func listensOnLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
