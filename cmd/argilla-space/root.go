package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/internal/config"
	"github.com/argilla-space/argilla-space/internal/prompt"
	"github.com/argilla-space/argilla-space/internal/termsafe"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// app holds what every command shares: the streams, the global flags, and the Hub client built from
// them on first use.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string

	endpoint string
	token    string
	// tokenSource says where the token came from (--token, HF_TOKEN, a token file), for a 401's advice.
	tokenSource string
	output      string
	wroteJSON   bool // stdout holds a JSON document already: a failure after it adds none
	yes         bool
	noInput     bool
	debug       bool
	// insecureHTTP allows a plain http:// endpoint on another machine (the token crosses in clear).
	insecureHTTP bool

	hub      *hfapi.Client
	emulator *hubtest.Server
	dirs     *config.Dirs
	prompter prompt.Prompter // tests may set it; else built on first use
	promptOK *bool           // tests may force whether a person is there to answer
	// sleep replaces the client's backoff sleep in tests, so retries under injected faults run fast.
	sleep func(ctx context.Context, d time.Duration) error
}

// newApp wraps stderr, and stdout in text mode (see rootCmd), in a termsafe.Writer: what the Hub, a
// Space or Argilla wrote reaches the terminal with its control characters escaped.
func newApp(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *app {
	return &app{stdin: stdin, stdout: stdout, stderr: termsafe.NewWriter(stderr), getenv: getenv}
}

// rawStdout and rawStderr are the real streams under the escaping writers: for terminal checks, the
// prompts (which draw with escape sequences of their own) and `logs --raw`.
func (a *app) rawStdout() io.Writer { return unwrapTerm(a.stdout) }
func (a *app) rawStderr() io.Writer { return unwrapTerm(a.stderr) }

func unwrapTerm(w io.Writer) io.Writer {
	if t, ok := w.(*termsafe.Writer); ok {
		return t.Unwrap()
	}
	return w
}

// flushTerm writes what the escaping writers hold of an unfinished UTF-8 sequence.
func (a *app) flushTerm() {
	for _, w := range []io.Writer{a.stdout, a.stderr} {
		if t, ok := w.(*termsafe.Writer); ok {
			_ = t.Flush()
		}
	}
}

func (a *app) execute(ctx context.Context, args []string) int {
	defer a.flushTerm() // last: after the error line
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	err := root.ExecuteContext(ctx)
	defer a.close()
	if err == nil {
		return exitOK
	}
	if ctx.Err() != nil {
		err = context.Canceled
	}
	code := exitCode(err)
	if hfapi.StatusOf(err) == 401 && !strings.Contains(err.Error(), "auth login") {
		which := "no token was found"
		if a.tokenSource != "" {
			which = "the Hub refused the token from " + a.tokenSource
		}
		err = fmt.Errorf("%w\n%s: create a token at https://huggingface.co/settings/tokens and run `hf auth login` (or set HF_TOKEN)", err, which)
	}
	var noAnswer *url.Error
	if code != exitInterrupted && errors.As(err, &noAnswer) && hfapi.StatusOf(err) == 0 {
		err = fmt.Errorf("%w\nno answer came from the Hub: a change sent just before may or may not have been made; `argilla-space status` shows the Space as it is", err)
	}
	msg := "interrupted"
	if code == exitInterrupted {
		fmt.Fprintln(a.stderr, msg)
	} else if msg = a.redact(err.Error()); msg != "" {
		fmt.Fprintln(a.stderr, "error: "+msg)
	}
	if a.output == "json" && !a.wroteJSON && code != exitInterrupted && msg != "" { // Ctrl-C: the person is there
		_ = a.writeJSON(newJSONError(msg, code, err))
	}
	return code
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "argilla-space",
		Short: "Deploy and run Argilla on Hugging Face Spaces",
		Long: `argilla-space creates an Argilla annotation server on Hugging Face Spaces that survives restarts,
is owned by you and properly secured, and keeps it that way: every change is planned, guarded against
data loss, applied and verified.

Try it offline with the built-in Hub emulator:
  argilla-space --endpoint emulator create demo --org acme --private`,
		Version:       buildVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate(versionLine())
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usagef("%v (see `%s --help`)", err, c.CommandPath())
	})
	f := root.PersistentFlags()
	f.StringVar(&a.endpoint, "endpoint", "", "Hub `URL` (default: $HF_ENDPOINT, else https://huggingface.co), or the word emulator for the built-in Hub emulator")
	f.StringVar(&a.token, "token", "", "Hugging Face `token` (prefer HF_TOKEN or hf auth login: argv is visible to other users)")
	f.StringVarP(&a.output, "output", "o", "text", "output format: text or json")
	f.BoolVar(&a.yes, "yes", false, "confirm changes that can lose data (restarts of ephemeral Spaces, removals)")
	f.BoolVar(&a.noInput, "no-input", false, "never prompt; a missing input is an error naming its flag")
	f.BoolVar(&a.debug, "debug", false, "log every request (method, URL, status, time) to stderr; secrets redacted")
	f.BoolVar(&a.insecureHTTP, "insecure-http", false, "allow a plain http:// --endpoint on another machine (your token crosses the network unencrypted)")
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if a.output != "text" && a.output != "json" {
			return usagef("--output must be text or json, not %q", a.output)
		}
		if a.output == "text" {
			a.stdout = termsafe.NewWriter(a.stdout) // JSON escapes controls itself
		}
		return nil
	}
	root.AddCommand(
		a.createCmd(),
		a.statusCmd(),
		a.waitCmd(),
		a.connectCmd(),
		a.visibilityCmd(),
		a.hardwareCmd(),
		a.sleepCmd(),
		a.restartCmd(),
		a.pauseCmd(),
		a.deleteCmd(),
		a.oauthCmd(),
		a.secretsCmd(),
		a.varsCmd(),
		a.ownerCmd(),
		a.storageCmd(),
		a.upgradeCmd(),
		a.logsCmd(),
		a.backupCmd(),
		a.restoreCmd(),
		a.planCmd(),
		a.applyCmd(),
		a.schemaCmd(),
		a.emulatorCmd(),
	)
	for _, extra := range extraCommands {
		root.AddCommand(extra(a))
	}
	argsAreUsage(root)
	unknownSubcommandsAreUsage(root)
	root.AddCommand(&cobra.Command{Use: "exit-codes", Short: "What each exit code means", Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if a.output == "json" {
				return a.writeJSON(exitCodesJSON())
			}
			_, err := io.WriteString(a.stdout, exitCodesHelp)
			return err
		}})
	return root
}

// client returns the Hub client, starting the in-process emulator for `--endpoint emulator`.
func (a *app) client() (*hfapi.Client, error) {
	if a.hub != nil {
		return a.hub, nil
	}
	endpoint := a.endpoint
	if endpoint == "" {
		endpoint = hfapi.ResolveEndpoint(a.getenv)
	}
	token, source := a.token, "--token"
	if token == "" {
		token, source = hfapi.ResolveToken(a.getenv)
	}
	if endpoint == "emulator" {
		srv, tok, err := a.startEmulator(token)
		if err != nil {
			return nil, err
		}
		endpoint, token = srv.URL, tok
	} else if err := hfapi.CheckEndpoint(endpoint, a.insecureHTTP); err != nil {
		return nil, usagef("--endpoint: %v (or the word emulator)", err)
	}
	a.tokenSource = source
	opts := hfapi.Options{Endpoint: endpoint, Token: token, UserAgent: hfapi.DefaultUserAgent(buildVersion())}
	if a.debug {
		opts.Debug = a.stderr
	}
	if a.sleep != nil {
		opts.Sleep = a.sleep
	}
	a.hub = hfapi.New(opts)
	return a.hub, nil
}

// startEmulator runs the Hub emulator in this process, its state in the user's state dir so that a
// sequence of commands sees one Hub. A token the emulator's world does not know (a real HF_TOKEN, say)
// is replaced by alice's demo token.
func (a *app) startEmulator(token string) (*hubtest.Server, string, error) {
	dirs, err := a.userDirs()
	if err != nil {
		return nil, "", err
	}
	if err := os.MkdirAll(dirs.State, 0o700); err != nil {
		return nil, "", err
	}
	// Listen where the last run did, so the Space hosts it printed (http://SUBDOMAIN.localhost:PORT)
	// stay valid from one command to the next; a busy port (another command running) gets a new one.
	opts := hubtest.Options{StateFile: dirs.EmulatorStateFile()}
	addrFile := filepath.Join(dirs.State, "emulator.addr")
	var srv *hubtest.Server
	err = errors.New("no previous address")
	if last, rerr := os.ReadFile(addrFile); rerr == nil {
		srv, err = hubtest.Listen(strings.TrimSpace(string(last)), opts)
	}
	if err != nil {
		srv, err = hubtest.Listen("127.0.0.1:0", opts)
	}
	if err != nil {
		return nil, "", fmt.Errorf("starting the emulator: %w", err)
	}
	_ = os.WriteFile(addrFile, []byte(strings.TrimPrefix(srv.URL, "http://")+"\n"), 0o600)
	a.emulator = srv
	known := false
	for _, t := range hubtest.DefaultWorld().Tokens {
		if t.Value == token {
			known = true
		}
	}
	if !known {
		token = "hf_alice"
	}
	return srv, token, nil
}

func (a *app) userDirs() (config.Dirs, error) {
	if a.dirs != nil {
		return *a.dirs, nil
	}
	d, err := config.ResolveDirs(a.getenv)
	if err != nil {
		return d, err
	}
	a.dirs = &d
	return d, nil
}

func (a *app) close() {
	if a.emulator != nil {
		a.emulator.Close()
	}
}

// canPrompt: a person is there to answer.
func (a *app) canPrompt() bool {
	if a.promptOK != nil {
		return *a.promptOK
	}
	return prompt.CanPrompt(a.stdin, a.rawStdout(), a.noInput, a.getenv)
}

func (a *app) prompts() prompt.Prompter {
	if a.prompter == nil {
		a.prompter = prompt.New(prompt.Options{In: a.stdin, Out: a.rawStderr(), Accessible: a.getenv("ACCESSIBLE") == "1"})
	}
	return a.prompter
}

// redact removes every secret the client has seen from a message before it is printed.
func (a *app) redact(s string) string {
	if a.hub == nil {
		return s
	}
	return a.hub.RedactString(s)
}

// progress prints a step on stderr (stdout stays for results).
func (a *app) progress(s string) {
	if a.output == "json" {
		return
	}
	fmt.Fprintln(a.stderr, "• "+a.redact(s))
}

// argsAreUsage makes cobra's argument-count errors input errors (exit 2), like flag errors, on every
// command of the tree.
func argsAreUsage(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return usagef("%v (see `%s --help`)", err, cmd.CommandPath())
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		argsAreUsage(sub)
	}
}

// extraCommands are compiled in only by build tags (the man page generator, `-tags man`), so the
// everyday binary does not pay for their dependencies at start-up.
var extraCommands []func(*app) *cobra.Command

var errNoSpace = errors.New("no Space selected: pass --space OWNER/NAME, set ARGILLA_SPACE, or run where argilla-space.yaml names one")
