package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// The version command is added the way build-tagged commands are, so root.go stays as it is.
func init() { extraCommands = append(extraCommands, (*app).versionCmd) }

// buildVersion is the release version from ldflags, else what `go install` recorded, else "dev".
func buildVersion() string {
	if version != "" {
		return strings.TrimPrefix(version, "v")
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
}

// versionLine is what `--version` prints: only the linker's values, since it answers before anything
// else is done (the cold-start budget).
func versionLine() string { return formatVersion(buildVersion(), commit, date) }

func formatVersion(version, commit, date string) string {
	s := "argilla-space " + version
	if commit != "" {
		s += " (" + commit
		if date != "" {
			s += ", " + date
		}
		s += ")"
	}
	return s + "\n"
}

// versionInfo is the stable JSON shape of `argilla-space version -o json` (documented in the README),
// what a bug report needs to name the build.
type versionInfo struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	Date      string `json:"date"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
}

// buildInfo reads the release's ldflags; a `go build` in a git checkout (without -buildvcs=false)
// records the revision and its time instead, which serve the same purpose.
func buildInfo() versionInfo {
	v := versionInfo{Version: buildVersion(), Commit: commit, Date: date, GoVersion: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if v.Commit == "" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				switch s.Key {
				case "vcs.revision":
					v.Commit = s.Value
				case "vcs.time":
					if v.Date == "" {
						v.Date = s.Value
					}
				}
			}
		}
	}
	return v
}

// versionCmd prints what `--version` prints and the Go toolchain and platform; -o json for bug reports.
func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit, build date and Go version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			v := buildInfo()
			if a.output == "json" {
				return a.writeJSON(v)
			}
			_, err := fmt.Fprintf(a.stdout, "%sbuilt with %s for %s\n", formatVersion(v.Version, v.Commit, v.Date), v.GoVersion, v.Platform)
			return err
		},
	}
}
