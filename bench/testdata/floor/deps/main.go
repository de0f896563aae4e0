// Command deps is the cold-start floor of a CLI built on the dependencies DESIGN.md prescribes
// (cobra, huh v2, resty over net/http with TLS, yaml.v3) and none of argilla-space's own code.
// `--version` returns before any of them runs, as argilla-space's does; the rest keeps the code a
// real CLI uses linked in, so the linker cannot drop it.
package main

import (
	"os"

	"charm.land/huh/v2"
	"github.com/go-resty/resty/v2"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--version" {
		os.Stdout.WriteString("deps dev\n")
		return
	}
	var name, password string
	var ok bool
	form := huh.NewForm(huh.NewGroup(
		huh.NewInput().Title("Name").Value(&name),
		huh.NewInput().Title("Password").EchoMode(huh.EchoModePassword).Value(&password),
		huh.NewSelect[string]().Title("Storage").Options(huh.NewOptions("bucket", "ephemeral")...).Value(&name),
		huh.NewMultiSelect[string]().Title("Workspaces").Options(huh.NewOptions("argilla")...),
		huh.NewConfirm().Title("Create?").Value(&ok),
	))
	root := &cobra.Command{Use: "deps", RunE: func(c *cobra.Command, _ []string) error {
		if err := form.Run(); err != nil {
			return err
		}
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte("a: 1 # kept\n"), &doc); err != nil {
			return err
		}
		out, err := yaml.Marshal(&doc)
		if err != nil {
			return err
		}
		resp, err := resty.New().R().SetContext(c.Context()).SetAuthToken(password).
			SetBody(out).SetResult(&map[string]any{}).Post("https://huggingface.co/api/repos/create")
		if err != nil {
			return err
		}
		c.Println(resp.Status())
		return nil
	}}
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
