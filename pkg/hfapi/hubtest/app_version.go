package hubtest

import (
	"strings"
)

// argillaVersion is the version an Argilla app reports when its image names no version the emulator
// checks (a Dockerfile FROM another image), and what the tag `latest` means: the newest known.
const argillaVersion = "2.8.0"

// argillaImage is the image of the Argilla Spaces template's FROM line.
const argillaImage = "argilla/argilla-hf-spaces"

// knownArgillaVersions are real argilla-server releases (the v2 tags of the Argilla repository, checked
// in its fork q1blue/argilla: v2.0.0 … v2.8.0, release candidates left out), oldest first.
var knownArgillaVersions = []string{
	"2.0.0", "2.0.1", "2.1.0", "2.2.0", "2.2.1", "2.2.2", "2.3.0", "2.3.1", "2.4.0", "2.4.1",
	"2.5.0", "2.6.0", "2.7.0", "2.7.1", "2.8.0",
}

// imageVersion reads the Argilla version of a FROM step. ok is false when the step names the Argilla
// Spaces image with a tag that does not exist (the registry answers "manifest unknown"); version is ""
// when the step names another image.
func imageVersion(s dockerStep) (version, ref string, ok bool) {
	if s.Instr != "FROM" {
		return "", "", true
	}
	args := s.Args
	for len(args) > 0 && strings.HasPrefix(args[0], "--") { // FROM --platform=... image
		args = args[1:]
	}
	if len(args) == 0 {
		return "", "", true
	}
	ref = args[0]
	image := strings.TrimPrefix(strings.TrimPrefix(ref, "docker.io/"), "library/")
	if at := strings.Index(image, "@"); at >= 0 {
		image = image[:at] // pinned by digest: the emulator cannot tell the version
		if image == argillaImage || strings.HasPrefix(image, argillaImage+":") {
			return argillaVersion, ref, true
		}
		return "", ref, true
	}
	name, tag, hasTag := strings.Cut(image, ":")
	if name != argillaImage {
		return "", ref, true
	}
	if !hasTag || tag == "latest" {
		return argillaVersion, ref, true
	}
	v := strings.TrimPrefix(tag, "v")
	if containsString(knownArgillaVersions, v) {
		return v, ref, true
	}
	return "", ref, false
}

// manifestUnknown is Docker's error for a tag the registry does not have.
func manifestUnknown(ref string) string {
	return "manifest for " + ref + " not found: manifest unknown: manifest unknown"
}

// appVersion is the Argilla version the Space's app runs (set at each start from the Dockerfile).
func appVersion(sp *space) string {
	if sp.AppVersion == "" {
		return argillaVersion
	}
	return sp.AppVersion
}
