package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/internal/termsafe"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// defaultLogIdle ends a no-follow read: the Hub never closes a log stream, so "all there is" means "no
// new line for a while". huggingface_hub waits 5 s (reference §11); for a person at a terminal 2 s is
// enough, because the Hub sends the backlog at once when the stream opens.
const defaultLogIdle = 2 * time.Second

// logsOptions are the flags of `logs`.
type logsOptions struct {
	space  string
	build  bool
	follow bool
	tail   int
	idle   time.Duration
	raw    bool
}

// logLine is the JSON shape of one event with -o json: one object per line (JSON Lines), so a pipe
// can read it while -f streams.
type logLine struct {
	Timestamp string `json:"timestamp"`
	Data      string `json:"data"`
}

func (a *app) logsCmd() *cobra.Command {
	var o logsOptions
	c := &cobra.Command{
		Use:   "logs",
		Short: "Print the Space's run logs (or --build logs); -f follows them",
		Long: `Print the Space's run logs, or its build logs with --build, one line per event.

Without -f it prints what is there and stops when the Hub closes the stream, or once no new line
came for --idle (a running Space's stream stays open). --tail N keeps the last N lines of that. With
-f it keeps following, reconnecting when the stream drops, until interrupted (exit 130). With -o json
each event is one JSON object per line: {"timestamp","data"}.

Control characters in the lines (terminal escape sequences a Space printed) are shown escaped, as
\x1b and the like, so a log cannot drive your terminal; --raw prints the bytes as the Space wrote
them, for a pipe. Known secrets are scrubbed either way.`,
		Example: `  argilla-space logs --space acme/annotate --build --tail 20
  argilla-space logs -f -o json | jq -r .data`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return a.runLogs(c, o)
		},
	}
	f := c.Flags()
	spaceFlag(f, &o.space)
	f.BoolVar(&o.build, "build", false, "build logs instead of run logs")
	f.BoolVarP(&o.follow, "follow", "f", false, "keep following new lines until interrupted")
	f.IntVarP(&o.tail, "tail", "n", 0, "only the last N lines (picked here, not by the Hub; with -f, then new ones)")
	f.DurationVar(&o.idle, "idle", defaultLogIdle, "without -f, stop after this long without a new line")
	f.BoolVar(&o.raw, "raw", false, "print control characters as they are (escape sequences included), for a pipe")
	return c
}

// runLogs streams the logs to stdout. It is read-only: no plan, no guard.
func (a *app) runLogs(c *cobra.Command, o logsOptions) error {
	if o.tail < 0 {
		return usagef("--tail must be 0 (all) or a positive number of lines, not %d", o.tail)
	}
	if o.idle <= 0 {
		return usagef("--idle must be a positive duration, like 2s")
	}
	id, err := a.targetSpace(o.space)
	if err != nil {
		return err
	}
	hub, err := a.client()
	if err != nil {
		return err
	}
	if hub.Token() == "" {
		// The logs endpoints need a token even for public Spaces (reference §11); without one the Hub
		// answers 401, which would read as "not found".
		return authf("reading logs needs a Hugging Face token: set HF_TOKEN, pass --token, or run `hf auth login`")
	}
	// The Space may print its own environment: its owner's API key, stored by create, is scrubbed
	// from the lines as wait scrubs it from its log tail.
	a.storedCredential(hub, id)
	kind := "run"
	if o.build {
		kind = "build"
	}
	if o.follow {
		a.progress(fmt.Sprintf("following the %s logs of %s (Ctrl-C to stop)", kind, id))
	}

	printed := 0
	out := a.stdout
	if o.raw {
		out = a.rawStdout()
	}
	enc := json.NewEncoder(out) // compact: one object per line
	err = hub.StreamLogs(c.Context(), id.String(),
		hfapi.LogsOptions{Build: o.build, Follow: o.follow, Tail: o.tail, IdleTimeout: o.idle},
		func(ev hfapi.LogEvent) error {
			printed++
			a.wroteJSON = a.output == "json" // JSON lines are out: a failure after them adds no document
			// A Space may print its own environment: scrub every secret this client knows (the token first).
			data := a.redact(strings.TrimRight(ev.Data, "\r\n"))
			if a.output == "json" {
				return enc.Encode(logLine{Timestamp: ev.Timestamp, Data: data})
			}
			if !o.raw {
				data = termsafe.Line(data) // one event, one line: a newline in it would fake others
			}
			_, err := fmt.Fprintln(out, data)
			return err
		})
	if err != nil {
		return a.explainLogsError(err, id.String(), kind)
	}
	if printed == 0 {
		a.progress(emptyLogsHint(id.String(), o.build))
	}
	return nil
}

// explainLogsError turns the Hub's refusals into messages that say what to do, with the exit code of
// their kind: unknown Space 2, token or rights 3. Interrupts pass through (exit 130).
func (a *app) explainLogsError(err error, id, kind string) error {
	switch {
	case hfapi.IsInvalidToken(err):
		return authf("%v: the token was refused; check HF_TOKEN or run `hf auth login`", err)
	case hfapi.IsNotFound(err):
		return usagef("Space %s not found (or your token cannot see it): check the name with `argilla-space status --space %s`", id, id)
	case hfapi.IsForbidden(err), hfapi.IsUnauthorized(err):
		return authf("%v: your token cannot read the %s logs of %s", err, kind, id)
	}
	return err
}

// emptyLogsHint explains an empty answer, which is normal right after a (re)start or a failed build.
func emptyLogsHint(id string, build bool) string {
	if build {
		return "no build log lines yet"
	}
	return fmt.Sprintf("no run log lines yet (a Space that failed to build has none: `argilla-space logs --space %s --build`)", id)
}
