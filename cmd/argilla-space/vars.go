package main

import (
	"context"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

func (a *app) varsCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "vars",
		Short: "List, set and delete the Space's variables (public configuration)",
		Long: `Variables are public: anyone who can see the Space can read them, and they are copied when the Space
is duplicated. Put anything private in ` + "`argilla-space secrets`" + ` instead.

Every set or delete restarts the Space (a value that is already there sends nothing); on ephemeral
storage that wipes all Argilla data, so the command asks for confirmation first (or --yes).`,
	}
	c.AddCommand(a.varsListCmd(), a.varsSetCmd(), a.varsDeleteCmd())
	return c
}

func (a *app) varsListCmd() *cobra.Command {
	return listKeyedCmd(a, "variables", "List the variables with their values",
		func(ctx context.Context, hub *hfapi.Client, id string) (map[string]hfapi.VariableInfo, error) {
			return hub.ListVariables(ctx, id)
		},
		[]string{"KEY", "VALUE", "UPDATED"}, func(v hfapi.VariableInfo) []string {
			return []string{v.Key, displayValue(v.Value), orDash(v.UpdatedAt)}
		})
}

// displayValue keeps a table row on one line: a value with tabs, newlines or outer spaces is quoted.
func displayValue(v string) string {
	if strings.ContainsAny(v, "\t\r\n") || strings.TrimSpace(v) != v {
		return strconv.Quote(v)
	}
	return v
}

// secretLikeKeys are keys whose values must never be public: as variables they would be.
var secretLikeKeys = []string{spaces.SecretPassword, spaces.SecretAPIKey, spaces.SecretSessionKy, "HF_TOKEN",
	"OAUTH2_HUGGINGFACE_CLIENT_SECRET"}

func (a *app) varsSetCmd() *cobra.Command {
	var m mutation
	c := &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Set a variable (nothing is sent when it already has this value)",
		Example: `  argilla-space vars set ARGILLA_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING false
  argilla-space vars set ARGILLA_AUTH_TOKEN_EXPIRATION 604800 --yes`,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			key, value := args[0], args[1]
			if err := spaces.ValidateKey(key); err != nil {
				return usagef("%v", err)
			}
			if contains(secretLikeKeys, key) {
				return usagef("%s holds a secret, and variables are public: use `argilla-space secrets set %s` (value on stdin)", key, key)
			}
			if value == "" {
				return usagef("an empty value is refused: to remove %s, run `argilla-space vars delete %s`", key, key)
			}
			m.desire = fixed(spaces.Spec{Variables: map[string]string{key: value}}, spaces.PlanOptions{})
			_, err := a.mutate(c.Context(), m)
			return err
		},
	}
	mutationFlags(c, &m)
	return c
}

func (a *app) varsDeleteCmd() *cobra.Command {
	return deleteKeyedCmd(a, "variable", func(st *spaces.State) map[string]hfapi.VariableInfo { return st.Variables },
		func(keys []string) spaces.Spec { return spaces.Spec{DeleteVariables: keys} })
}
