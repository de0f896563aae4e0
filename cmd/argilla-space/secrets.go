package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/internal/input"
	"github.com/argilla-space/argilla-space/internal/prompt"
	"github.com/argilla-space/argilla-space/internal/termsafe"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

func (a *app) secretsCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "secrets",
		Short: "List, set and delete the Space's secrets (values never on the command line, never printed)",
		Long: `Secrets are write-only on the Hub: it tells their keys and update times, never their values.
A value comes from stdin, --from-env NAME or --from-file PATH (never from argv, which other users of
the machine can read), or many at once from a dotenv file with --env-file.

Every set or delete restarts the Space; on ephemeral storage that wipes all Argilla data, so the
command asks for confirmation first (or --yes).`,
	}
	c.AddCommand(a.secretsListCmd(), a.secretsSetCmd(), a.secretsDeleteCmd())
	return c
}

func (a *app) secretsListCmd() *cobra.Command {
	return listKeyedCmd(a, "secrets", "List the secret keys and when each was last updated",
		func(ctx context.Context, hub *hfapi.Client, id string) (map[string]hfapi.SecretInfo, error) {
			return hub.ListSecrets(ctx, id)
		},
		[]string{"KEY", "UPDATED"}, func(s hfapi.SecretInfo) []string { return []string{s.Key, orDash(s.UpdatedAt)} })
}

// valueSource says where one secret value comes from; stdin when both are empty.
type valueSource struct {
	fromEnv, fromFile string
}

func (a *app) secretsSetCmd() *cobra.Command {
	var m mutation
	var src valueSource
	var envFile string
	c := &cobra.Command{
		Use:   "set KEY | set --env-file FILE",
		Short: "Add or replace a secret (value typed masked, from stdin, --from-env or --from-file), or many from a dotenv file",
		Long: `Add or replace one secret, or every KEY=VALUE of a dotenv file (--env-file FILE, or - for stdin).

The value of KEY is the environment variable --from-env names, or the content of --from-file
(trailing CR/LF trimmed), or, on a terminal, typed at a masked prompt (as gh secret set asks), or else
all of stdin (trailing CR/LF trimmed). Keys match ^[A-Za-z][_A-Za-z0-9]*$;
PASSWORD must be 8 to 100 characters and API_KEY at least 8, or Argilla fails to start; an empty value
is refused. All of it is checked before anything is sent.

A secret is always sent, even when the key exists: the Hub cannot tell whether the value differs.`,
		Example: `  argilla-space secrets set OPENAI_API_KEY          # on a terminal: asks, masked
  printf '%s' "$OPENAI_API_KEY" | argilla-space secrets set OPENAI_API_KEY
  argilla-space secrets set HF_TOKEN --from-env HF_WRITE_TOKEN
  argilla-space secrets set --env-file .env.space --yes`,
		Args: secretSetArgs(&envFile),
		RunE: func(c *cobra.Command, args []string) error {
			values, err := a.secretSetValues(c.Context(), args, src, envFile)
			if err != nil {
				return err
			}
			return a.writeSecrets(c.Context(), m, secretWrite{secrets: values})
		},
	}
	f := c.Flags()
	f.StringVar(&src.fromEnv, "from-env", "", "read the value from this environment variable")
	f.StringVar(&src.fromFile, "from-file", "", "read the value from this file (trailing CR/LF trimmed)")
	f.StringVar(&envFile, "env-file", "", "set every KEY=VALUE of this dotenv file (- reads it from stdin)")
	mutationFlags(c, &m)
	return c
}

// secretSetArgs takes one KEY, or none with --env-file. A second argument would be a value on argv:
// refused with the ways that keep it private, and never echoed.
func secretSetArgs(envFile *string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		onArgv := "secret values never go on the command line (other users can read it): pipe the value in, or use --from-env NAME or --from-file PATH"
		switch {
		case len(args) > 1:
			return usagef("secrets set takes only KEY: %s", onArgv)
		case len(args) == 1 && strings.Contains(args[0], "="):
			return usagef("secrets set takes KEY, not KEY=VALUE: %s", onArgv)
		case len(args) == 1 && *envFile != "":
			return usagef("give either KEY or --env-file FILE, not both")
		case len(args) == 0 && *envFile == "":
			return usagef("missing KEY: argilla-space secrets set KEY (value on stdin), or --env-file FILE")
		}
		return nil
	}
}

// secretSetValues reads and checks what `secrets set` will send, before any request.
func (a *app) secretSetValues(ctx context.Context, args []string, src valueSource, envFile string) (map[string]string, error) {
	if envFile != "" {
		if src.fromEnv != "" || src.fromFile != "" {
			return nil, usagef("--env-file gives keys and values itself: drop --from-env and --from-file")
		}
		return a.readEnvFile(envFile)
	}
	key := args[0]
	if err := spaces.ValidateKey(key); err != nil {
		return nil, usagef("%v", err)
	}
	v, from, err := a.readValue(ctx, src, key)
	if err != nil {
		return nil, err
	}
	if err := checkSecret(key, v, from); err != nil {
		return nil, err
	}
	return map[string]string{key: v}, nil
}

// readValue reads one secret value from its source and says which source that was: --from-env,
// --from-file, a masked prompt on a terminal (as `gh secret set`), else stdin.
func (a *app) readValue(ctx context.Context, src valueSource, key string) (value, from string, err error) {
	switch {
	case src.fromEnv != "" && src.fromFile != "":
		return "", "", usagef("give the value of %s one way: --from-env or --from-file (or stdin), not both", key)
	case src.fromEnv != "":
		v := a.getenv(src.fromEnv)
		if v == "" {
			return "", "", usagef("--from-env %s: that environment variable is not set (or is empty)", src.fromEnv)
		}
		return v, "--from-env " + src.fromEnv, nil
	case src.fromFile != "":
		b, err := input.ReadFile(src.fromFile)
		if err != nil {
			return "", "", usagef("--from-file: %v", err)
		}
		return strings.TrimRight(string(b), "\r\n"), "--from-file " + src.fromFile, nil
	}
	if asker, ok := a.prompts().(prompt.SecretAsker); a.canPrompt() && ok {
		v, err := asker.Secret(ctx, "Value of "+key)
		return v, "the prompt", err
	}
	b, err := a.readStdin(fmt.Sprintf("the value of %s", key))
	if err != nil {
		return "", "", err
	}
	return strings.TrimRight(b, "\r\n"), "stdin", nil
}

// readStdin reads all of stdin, unless it is a terminal: typed there, a secret would be echoed.
func (a *app) readStdin(what string) (string, error) {
	if f, ok := a.stdin.(*os.File); ok {
		if term.IsTerminal(f.Fd()) {
			return "", usagef("%s comes from stdin, which is a terminal here (typing would show it): pipe it in, e.g. printf '%%s' \"$VALUE\" | argilla-space ..., or use --from-env NAME or --from-file PATH", what)
		}
	}
	b, err := a.readStdinBytes(what)
	return string(b), err
}

// readStdinBytes reads all of stdin, at most input.MaxSize bytes (more is a usage error: stdin is
// not a stream argilla-space waits on for ever).
func (a *app) readStdinBytes(what string) ([]byte, error) {
	b, err := input.ReadAll(a.stdin)
	if errors.Is(err, input.ErrTooLarge) {
		return nil, usagef("%s on stdin is %v: that is not what argilla-space reads there", what, err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading stdin: %w", err)
	}
	return b, nil
}

// readEnvFile reads and checks a dotenv file; one bad line refuses the whole file.
func (a *app) readEnvFile(path string) (map[string]string, error) {
	var data string
	if path == "-" {
		s, err := a.readStdin("the dotenv file")
		if err != nil {
			return nil, err
		}
		data = s
	} else {
		b, err := input.ReadFile(path)
		if err != nil {
			return nil, usagef("--env-file: %v", err)
		}
		data = string(b)
	}
	entries, err := parseDotenv(data)
	if err != nil {
		return nil, usagef("--env-file %s: %v; nothing was sent", path, err)
	}
	out := map[string]string{}
	for _, e := range entries {
		if err := checkSecret(e.Key, e.Value, fmt.Sprintf("--env-file %s line %d", path, e.Line)); err != nil {
			return nil, usagef("%v; nothing was sent", err)
		}
		out[e.Key] = e.Value
	}
	return out, nil
}

// checkSecret applies the Hub's key pattern and Argilla's rules for the owner credentials
// (argilla-on-spaces §0.7: a short PASSWORD or API_KEY crashes the Space at start-up). Messages name the
// key and the source, never the value.
func checkSecret(key, value, from string) error {
	if err := spaces.ValidateKey(key); err != nil {
		return usagef("%v", err)
	}
	if value == "" {
		return usagef("%s gave an empty value for %s: empty secrets are refused (to remove one: `argilla-space secrets delete %s`)", from, key, key)
	}
	var err error
	switch key {
	case spaces.SecretPassword:
		err = spaces.ValidatePassword(value)
	case spaces.SecretAPIKey:
		err = spaces.ValidateAPIKey(value)
	}
	if err != nil {
		return usagef("%s (from %s): %v", key, from, err)
	}
	return nil
}

func (a *app) secretsDeleteCmd() *cobra.Command {
	return deleteKeyedCmd(a, "secret", func(st *spaces.State) map[string]hfapi.SecretInfo { return st.SecretKeys },
		func(keys []string) spaces.Spec { return spaces.Spec{DeleteSecrets: keys} })
}

// secretWrite is one command's new secret values: plain keys (`secrets set`) or the owner account
// (`owner set`, which the engine maps to USERNAME, PASSWORD and API_KEY).
type secretWrite struct {
	secrets map[string]string
	owner   *spaces.OwnerSpec
}

// values maps every key written to its value.
func (w secretWrite) values() map[string]string {
	out := map[string]string{}
	for k, v := range w.secrets {
		out[k] = v
	}
	if o := w.owner; o != nil {
		for k, v := range map[string]string{spaces.SecretUsername: o.Username, spaces.SecretPassword: o.Password, spaces.SecretAPIKey: o.APIKey} {
			if v != "" {
				out[k] = v
			}
		}
	}
	return out
}

// writeSecrets sends new secret values through the engine. Secrets are write-only, so every key is
// sent (RotateKeys) even when present. A new API_KEY is handled after the restart (keepAPIKey), which
// also does the waiting: the shared --wait would check the old stored key against the new owner.
func (a *app) writeSecrets(ctx context.Context, m mutation, w secretWrite) error {
	values := w.values()
	hub, err := a.client()
	if err != nil {
		return err
	}
	for _, v := range values {
		hub.Redact(v)
	}
	keys := sortedNames(values)
	noted := false
	m.desire = func(_ context.Context, st *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
		if !noted && st.Persistent() && touchesOwner(keys) {
			noted = true
			a.noteOwnerFirstTime(st.ID, contains(keys, spaces.SecretUsername))
		}
		return spaces.Spec{Secrets: w.secrets, Owner: w.owner}, spaces.PlanOptions{RotateKeys: keys}, nil
	}
	if key := values[spaces.SecretAPIKey]; key != "" {
		k := apiKeyChange{key: key, username: values[spaces.SecretUsername], wait: m.wait, timeout: m.timeout}
		m.wait = false
		m.after = func(ctx context.Context, hub *hfapi.Client, out *spaces.Outcome) error {
			return a.keepAPIKey(ctx, hub, out, k)
		}
	}
	_, err = a.mutate(ctx, m)
	return err
}

// noteOwnerFirstTime warns that on persistent storage the owner secrets are read only once
// (argilla-on-spaces §0.8): the start-up script skips an owner whose username exists.
func (a *app) noteOwnerFirstTime(id spaces.ID, username bool) {
	extra := ""
	if username {
		extra = "; a new USERNAME adds a second owner instead of renaming the first"
	}
	fmt.Fprintf(a.stderr, "note: %s keeps its data across restarts, and Argilla reads USERNAME, PASSWORD and API_KEY only when it creates the owner: an owner that already exists keeps its old password and API key%s\n", id, extra)
}

func touchesOwner(keys []string) bool {
	for _, k := range keys {
		if k == spaces.SecretUsername || k == spaces.SecretPassword || k == spaces.SecretAPIKey {
			return true
		}
	}
	return false
}

func checkKeys(keys []string) error {
	for _, k := range keys {
		if err := spaces.ValidateKey(k); err != nil {
			return usagef("%v", err)
		}
	}
	return nil
}

// absentKeys lists the keys that are not in have, sorted and once each.
func absentKeys[V any](keys []string, have map[string]V) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if _, ok := have[k]; !ok && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// noteAbsent says which keys a delete skipped because they were not there.
func (a *app) noteAbsent(kind string, keys []string) {
	if len(keys) > 0 {
		fmt.Fprintf(a.stderr, "note: no %s %s on the Space: nothing to delete (no request sent for it)\n", kind, strings.Join(keys, ", "))
	}
}

// readOnlyTarget resolves the Space and the client of a read-only command.
func (a *app) readOnlyTarget(flag string) (spaces.ID, *hfapi.Client, error) {
	id, err := a.targetSpace(flag)
	if err != nil {
		return id, nil, err
	}
	hub, err := a.client()
	return id, hub, err
}

// explainReadError turns a 404 of a read into the message every command gives for an unknown Space.
func (a *app) explainReadError(err error, id spaces.ID) error {
	if hfapi.IsNotFound(err) {
		return notFound(id)
	}
	return err
}

// writeColumns prints a header and rows in aligned columns. Each cell is kept on its line (a value
// from the Hub with a newline or tab cannot fake rows or columns) and its controls are escaped.
func writeColumns(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = termsafe.Cell(c)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

func sortedNames[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
