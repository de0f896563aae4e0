package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/spaces"
)

// connectOptions are what `connect` was asked for beyond the default snippet.
type connectOptions struct {
	env     bool // only the export lines, for eval
	showKey bool // the real key even when stdout is not a terminal (the user's explicit request)
}

func (a *app) connectCmd() *cobra.Command {
	var space string
	var o connectOptions
	c := &cobra.Command{
		Use:   "connect",
		Short: "Print what an Argilla client needs: API URL, env exports, a Python snippet",
		Long: `Print what an Argilla client needs to reach the Space: ARGILLA_API_URL (read from the Hub),
ARGILLA_API_KEY, and a Python snippet with the Authorization: Bearer header a private Space needs.

The API key stored by create is shown on a terminal only; in a pipe or a CI log a placeholder naming
the credentials file stands in for it, unless --show-key asks for it. Every value is shell-quoted, so
the export lines are safe to eval. The Space comes from --space, else ARGILLA_SPACE, else space: in
./argilla-space.yaml.`,
		Example: `  eval "$(argilla-space connect --env --show-key)"
  argilla-space connect --space acme/argilla -o json --show-key | jq -r .apiKey`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			hub, st, err := a.existingSpace(c.Context(), space, false)
			if err != nil {
				return err
			}
			// what connect prints sends the API key (and the token) to this host
			if err := spaces.CheckAppHost(st.Host(), hub.Endpoint()); err != nil {
				return err
			}
			return a.printConnect(a.spaceResult(st), a.storedKey(hub, st.ID), o)
		},
	}
	spaceFlag(c.Flags(), &space)
	c.Flags().BoolVar(&o.env, "env", false, "print only the export lines, for eval \"$(argilla-space connect --env --show-key)\"")
	c.Flags().BoolVar(&o.showKey, "show-key", false, "print the stored API key even when stdout is not a terminal (-o json: as apiKey)")
	return c
}

// printConnect tells a client how to reach Argilla. The API key itself is printed only to a terminal
// (a person reading it once) or when asked for with --show-key; elsewhere a placeholder stands in its
// place. Values are shell-quoted: the URL comes from the Hub's answer, and nothing in it may run when
// the lines are eval'd.
func (a *app) printConnect(r *spaceResult, apiKey string, o connectOptions) error {
	keyShown := apiKey != "" && (o.showKey || a.stdoutIsTerminal())
	if a.output == "json" {
		out := connectResult{Space: r.Space, APIURL: r.APIURL, Private: r.Private,
			APIKeyStored: apiKey != "", CredentialsFile: a.credentialsPath()}
		if o.showKey {
			out.APIKey = apiKey
		}
		return a.writeJSON(out)
	}
	w := a.stdout
	key := "<your Argilla API key>"
	switch {
	case keyShown:
		key = apiKey
	case apiKey != "":
		key = "<API key saved in " + a.credentialsPath() + ">"
	}
	fmt.Fprintf(w, "export ARGILLA_API_URL=%s\n", shellQuote(r.APIURL))
	fmt.Fprintf(w, "export ARGILLA_API_KEY=%s\n", shellQuote(key))
	switch {
	case apiKey == "":
		fmt.Fprintln(a.stderr, "note: no API key is stored for this Space here; find it in Argilla under My Settings, or set it with `argilla-space owner set`")
	case !keyShown && o.env:
		fmt.Fprintln(a.stderr, "note: ARGILLA_API_KEY is a placeholder because stdout is not a terminal: add --show-key to print the key itself")
	}
	if o.env {
		if r.Private {
			fmt.Fprintf(a.stderr, "note: %s is private: a client also needs a Hugging Face token that can read it, sent as Authorization: Bearer (argilla-space connect shows the snippet)\n", r.Space)
		}
		return nil
	}
	if r.Private {
		fmt.Fprintln(w, "export HF_TOKEN=<a Hugging Face token that can read the Space>  # private Space")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "import os")
	fmt.Fprintln(w, "import argilla as rg")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "client = rg.Argilla(")
	fmt.Fprintln(w, `    api_url=os.environ["ARGILLA_API_URL"],`)
	fmt.Fprintln(w, `    api_key=os.environ["ARGILLA_API_KEY"],`)
	if r.Private {
		fmt.Fprintln(w, `    headers={"Authorization": f"Bearer {os.environ['HF_TOKEN']}"},  # private Space: the Hub's proxy needs it`)
	}
	fmt.Fprintln(w, ")")
	return nil
}

// shellQuote makes s one word for a POSIX shell, taken literally: inside single quotes nothing is
// special but the single quote itself, which is closed, escaped and reopened.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
