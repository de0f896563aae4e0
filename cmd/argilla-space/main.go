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
	return withInterrupts(func(ctx context.Context) int {
		return newApp(os.Stdin, os.Stdout, os.Stderr, os.Getenv).execute(ctx, args)
	})
}

// withInterrupts runs work with a context that the first Ctrl-C (or SIGTERM) cancels, so the command
// stops cleanly (exit 130). A second one ends the process at once, even when the work is stuck (a
// read, a prompt, a slow server): exit 130 without waiting for anything.
func withInterrupts(work func(context.Context) int) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-ctx.Done():
			return
		}
		<-sigs
		os.Stderr.WriteString("\ninterrupted again: stopping now\n")
		os.Exit(exitInterrupted)
	}()
	return work(ctx)
}
