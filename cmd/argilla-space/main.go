// Command argilla-space deploys and runs Argilla on Hugging Face Spaces through the Hub HTTP API.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// Set by the release build: -ldflags "-X main.version=… -X main.commit=… -X main.date=…".
var (
	version = ""
	commit  = ""
	date    = ""
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run is main without os.Exit, so tests (testscript) run the real command in-process.
func run(args []string) int {
	// `--version` answers before the command tree is built: building it costs more than the rest of
	// the start-up (the cold-start budget is 15 ms), and the output is the same as cobra's.
	if len(args) == 1 && args[0] == "--version" {
		os.Stdout.WriteString(versionLine())
		return 0
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := newApp(os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	return a.execute(ctx, args)
}
