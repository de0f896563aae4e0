package spaces

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// ArgillaImage is the image the Argilla template's Dockerfile builds FROM (argilla-on-spaces §1.2,
// reference §16.1): `FROM argilla/argilla-hf-spaces:TAG`. The tag pins the Argilla version.
const ArgillaImage = "argilla/argilla-hf-spaces"

// DockerfilePath is the Dockerfile in the Space repo, the one the Hub builds.
const DockerfilePath = "Dockerfile"

// KnownArgillaVersions are the Argilla releases argilla-space knows, oldest first: the v2 release tags of
// argilla-io/argilla (git tags v2.0.0 to v2.8.0 in its history; the argilla-hf-spaces image exists
// since v2.0.0, argilla-server CHANGELOG 2.0.0, PR #5307). Argilla is feature-frozen since v2.8.0
// (argilla-on-spaces §7), the newest, which is also what the template pins.
var KnownArgillaVersions = []string{
	"v2.0.0", "v2.0.1", "v2.1.0", "v2.2.0", "v2.2.1", "v2.2.2", "v2.3.0", "v2.3.1",
	"v2.4.0", "v2.4.1", "v2.5.0", "v2.6.0", "v2.7.0", "v2.7.1", "v2.8.0",
}

// NewestArgillaVersion is the newest release argilla-space knows: what `upgrade` goes to without --to.
func NewestArgillaVersion() Version {
	v, _ := ParseVersion(KnownArgillaVersions[len(KnownArgillaVersions)-1])
	return v
}

// Version is an Argilla release, MAJOR.MINOR.PATCH.
type Version struct{ Major, Minor, Patch int }

// ParseVersion reads "v2.8.0" or "2.8.0". Anything else (latest, a pre-release, a branch name) is an
// error: an image tag that moves, or one nobody can compare, is never pinned.
func ParseVersion(s string) (Version, error) {
	if strings.EqualFold(s, "latest") {
		return Version{}, fmt.Errorf("%q is not a version: `latest` moves under the Space and is never pinned; name a release such as %s", s, KnownArgillaVersions[len(KnownArgillaVersions)-1])
	}
	parts := strings.Split(strings.TrimPrefix(s, "v"), ".")
	var v Version
	ok := len(parts) == 3
	for i, p := range parts {
		if !ok {
			break
		}
		n, err := strconv.Atoi(p)
		// Atoi takes "+1" and "-1"; a version part is plain digits, at most a few of them.
		if err != nil || p == "" || len(p) > 6 || p[0] < '0' || p[0] > '9' || (len(p) > 1 && p[0] == '0') {
			ok = false
			break
		}
		*[]*int{&v.Major, &v.Minor, &v.Patch}[i] = n
	}
	if !ok {
		return Version{}, fmt.Errorf("%q is not an Argilla version like %s", s, KnownArgillaVersions[len(KnownArgillaVersions)-1])
	}
	return v, nil
}

// Tag is the image tag of the version, v-prefixed as Argilla's images are tagged: "v2.8.0".
func (v Version) Tag() string { return "v" + v.String() }

// String is the version as Argilla reports it (GET /api/v1/version): "2.8.0".
func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// Compare is -1, 0 or +1 as v is older than, the same as, or newer than o.
func (v Version) Compare(o Version) int {
	for _, d := range []int{v.Major - o.Major, v.Minor - o.Minor, v.Patch - o.Patch} {
		switch {
		case d < 0:
			return -1
		case d > 0:
			return 1
		}
	}
	return 0
}

// Known reports whether v is a release argilla-space knows.
func (v Version) Known() bool { return contains(KnownArgillaVersions, v.Tag()) }

// CheckArgillaVersion reads a version a user asked for (--argilla-version, --to, argillaVersion:) and
// refuses one that is not a known release unless anyVersion says the user vouches for the tag (a
// release newer than this build of argilla-space). Refusals are input errors (exit 2).
func CheckArgillaVersion(s string, anyVersion bool) (Version, error) {
	v, err := ParseVersion(s)
	if err != nil {
		return v, refusedf(err, "Argilla version: %v", err)
	}
	if !v.Known() && !anyVersion {
		return v, refusedf(nil, "Argilla version %s is not a release argilla-space knows (%s to %s; Argilla is feature-frozen since %s); check the tag, or, if %s:%s really exists, pin it with `argilla-space upgrade --to %s --any-version`",
			v.Tag(), KnownArgillaVersions[0], KnownArgillaVersions[len(KnownArgillaVersions)-1], KnownArgillaVersions[len(KnownArgillaVersions)-1], ArgillaImage, v.Tag(), v.Tag())
	}
	return v, nil
}

// ImageRef is the FROM line of a Dockerfile that picks the Argilla image of the final stage.
type ImageRef struct {
	Line  int    // index of the line in the Dockerfile (split on "\n")
	Image string // as written, without the tag: argilla/argilla-hf-spaces, docker.io/argilla/argilla-hf-spaces
	Tag   string // as written; "" when the line has none (Docker then takes latest)
	// Digest is set when the image is pinned by digest (@sha256:...): its version cannot be read or
	// changed by tag.
	Digest string
	raw    string // the reference as written
}

// String is the image reference as written on the line.
func (r ImageRef) String() string {
	s := r.Image
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// Version is the version the tag pins. latest (or no tag) counts as the newest known release, which is
// what Docker pulls today for an image that no longer changes (Argilla is feature-frozen).
func (r ImageRef) Version() (Version, error) {
	if r.Digest != "" {
		return Version{}, fmt.Errorf("the image is pinned by digest (%s), not by a version tag", r.Digest)
	}
	if r.Tag == "" || strings.EqualFold(r.Tag, "latest") {
		return NewestArgillaVersion(), nil
	}
	return ParseVersion(r.Tag)
}

// FindArgillaImage finds the FROM line the final stage of the Dockerfile builds from, following stage
// names (`FROM base` after `FROM argilla/argilla-hf-spaces:v2.8.0 AS base`), and reports whether it is
// Argilla's Spaces image. FROM lines are single lines in practice; a continued one is not followed.
func FindArgillaImage(dockerfile []byte) (ImageRef, bool) {
	lines := strings.Split(string(dockerfile), "\n")
	type from struct {
		line  int
		image string
	}
	stages := map[string]from{} // lower-case stage name → its FROM
	var last *from
	for i, raw := range lines {
		fields := strings.Fields(raw)
		if len(fields) < 2 || !strings.EqualFold(fields[0], "FROM") {
			continue
		}
		args := fields[1:]
		for len(args) > 0 && strings.HasPrefix(args[0], "--") { // --platform=...
			args = args[1:]
		}
		if len(args) == 0 {
			continue
		}
		f := from{line: i, image: args[0]}
		if prev, ok := stages[strings.ToLower(f.image)]; ok {
			f = prev // FROM an earlier stage: the image is that stage's
		}
		if len(args) >= 3 && strings.EqualFold(args[1], "AS") {
			stages[strings.ToLower(args[2])] = f
		}
		last = &f
	}
	if last == nil {
		return ImageRef{}, false
	}
	ref := ImageRef{Line: last.line, Image: last.image, raw: last.image}
	if at := strings.Index(ref.Image, "@"); at >= 0 {
		ref.Image, ref.Digest = ref.Image[:at], ref.Image[at+1:]
	}
	// The tag follows the last ':' after the last '/' (a registry may carry a port: host:5000/img:tag).
	if colon := strings.LastIndex(ref.Image, ":"); colon > strings.LastIndex(ref.Image, "/") {
		ref.Image, ref.Tag = ref.Image[:colon], ref.Image[colon+1:]
	}
	name := strings.TrimPrefix(strings.TrimPrefix(ref.Image, "docker.io/"), "index.docker.io/")
	return ref, name == ArgillaImage
}

// PinArgillaVersion returns the Dockerfile with the final stage's Argilla image pinned to v, every other
// byte as it was (comments, COPY lines, the rest of the FROM line such as `AS base`).
func PinArgillaVersion(dockerfile []byte, v Version) ([]byte, error) {
	ref, ok := FindArgillaImage(dockerfile)
	if !ok {
		return nil, notArgillaImage(ref)
	}
	if strings.Contains(ref.Tag, "$") {
		return nil, refusedf(nil, "the Dockerfile's FROM line takes its tag from a build argument (%s): pin the version by hand", ref)
	}
	if ref.Digest != "" {
		return nil, refusedf(nil, "the Dockerfile pins the Argilla image by digest (%s): argilla-space only changes version tags; edit the FROM line by hand", ref)
	}
	lines := bytes.Split(dockerfile, []byte("\n"))
	old := ref.raw
	line := string(lines[ref.Line])
	i := strings.Index(line, old)
	if i < 0 {
		return nil, fmt.Errorf("internal: %q not found on line %d of the Dockerfile", old, ref.Line+1)
	}
	lines[ref.Line] = []byte(line[:i] + ref.Image + ":" + v.Tag() + line[i+len(old):])
	return bytes.Join(lines, []byte("\n")), nil
}

func notArgillaImage(ref ImageRef) error {
	if ref.Image == "" {
		return refusedf(nil, "the Space's Dockerfile has no FROM line, so it does not run %s and its Argilla version cannot be pinned", ArgillaImage)
	}
	return refusedf(nil, "the Space's Dockerfile builds FROM %s, not %s:TAG, so argilla-space cannot pin its Argilla version; edit the FROM line by hand", ref, ArgillaImage)
}

// planVersion adds the commit of the Dockerfile that pins spec.ArgillaVersion. A downgrade is refused:
// Argilla migrates its database forward at start (`database migrate`, reference §16.1) and the
// migrations do not run backwards, so an older server on a newer database fails or corrupts it
// (argilla-on-spaces §6, argilla#5814). The one exception is a Space whose build failed on the
// version it pins now: that version never ran, so nothing migrated.
func planVersion(p *Plan, spec Spec, st *State, opts PlanOptions, add func(Change)) error {
	if spec.ArgillaVersion == "" {
		return nil
	}
	if !st.FilesRead {
		return fmt.Errorf("internal: the Dockerfile of %s was not read", st.ID)
	}
	want, err := CheckArgillaVersion(spec.ArgillaVersion, opts.AnyArgillaVersion)
	if err != nil {
		return err
	}
	if len(st.Dockerfile) == 0 {
		return refusedf(nil, "%s has no Dockerfile, so argilla-space cannot pin its Argilla version", st.ID)
	}
	ref, ok := FindArgillaImage(st.Dockerfile)
	if !ok {
		return notArgillaImage(ref)
	}
	have, err := ref.Version()
	if err != nil {
		return refusedf(err, "cannot tell which Argilla version %s runs: its Dockerfile builds FROM %s (%v); edit the FROM line by hand", st.ID, ref, err)
	}
	if have.Compare(want) == 0 && ref.Tag != "" && !strings.EqualFold(ref.Tag, "latest") {
		return nil
	}
	if have.Compare(want) > 0 && !opts.NewSpace {
		if st.Stage() != "BUILD_ERROR" {
			de := &DowngradeError{Space: st.ID.String(), From: have, To: want}
			return refusedf(de, "%s", de.Error())
		}
		p.Warnings = append(p.Warnings, fmt.Sprintf("the build of %s failed, so Argilla %s never ran and its database is as the version before it left it: going to %s is safe only if that is not older than the version that ran before", ref, have, want))
	}
	content, err := PinArgillaVersion(st.Dockerfile, want)
	if err != nil {
		return err
	}
	add(Change{Kind: KindCommitFile, Target: DockerfilePath, From: ref.Tag, To: want.Tag(), Restarts: true,
		Summary: fmt.Sprintf("pin Argilla %s (from %s) in %s; the Space rebuilds", want.Tag(), orNone(ref.Tag), DockerfilePath),
		Diff:    UnifiedDiff(DockerfilePath, string(st.Dockerfile), string(content)),
		content: content, parent: st.Head})
	return nil
}

// DowngradeError refuses to pin an older Argilla than the one a Space has (exit 2): Argilla's database
// migrations run forward only.
type DowngradeError struct {
	Space    string
	From, To Version
}

func (e *DowngradeError) Error() string {
	return fmt.Sprintf("refusing to downgrade %s from Argilla %s to %s: Argilla migrates its database forward at every start and the migrations do not run backwards, so an older server would fail on it or damage it; nothing was changed. To run %s, create a new Space with `argilla-space create --argilla-version %s` and restore a backup into it",
		e.Space, e.From, e.To, e.To, e.To.Tag())
}

// pinTemplateVersion is the template's Dockerfile pinned to the version a new Space asks for, nil when
// the template pins it already.
func pinTemplateVersion(spec Spec, t *Template, opts PlanOptions) ([]byte, error) {
	if spec.ArgillaVersion == "" {
		return nil, nil
	}
	want, err := CheckArgillaVersion(spec.ArgillaVersion, opts.AnyArgillaVersion)
	if err != nil {
		return nil, err
	}
	if ref, ok := FindArgillaImage(t.Dockerfile); ok && ref.Tag == want.Tag() {
		return nil, nil
	}
	return PinArgillaVersion(t.Dockerfile, want)
}

// ReadsFiles reports whether planning the spec needs the Space's files (the Dockerfile and the OAuth
// file): an OAuth edit, or a pinned Argilla version.
func (s Spec) ReadsFiles() bool { return s.OAuth != nil || s.ArgillaVersion != "" }
