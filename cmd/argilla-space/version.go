package main

import (
	"runtime/debug"
	"strings"
)

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

func versionLine() string {
	s := "argilla-space " + buildVersion()
	if commit != "" {
		s += " (" + commit
		if date != "" {
			s += ", " + date
		}
		s += ")"
	}
	return s + "\n"
}
