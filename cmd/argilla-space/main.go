// Command argilla-space deploys and runs Argilla on Hugging Face Spaces through the Hub HTTP API.
package main

import (
	"context"
	"os"
	"os/signal"
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	a := newApp(os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	return a.execute(ctx, args)
}
