package spaces

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

func TestParseVersion(t *testing.T) {
	for _, ok := range []string{"v2.8.0", "2.8.0", "v2.10.1", "v0.0.0"} {
		if _, err := ParseVersion(ok); err != nil {
			t.Errorf("ParseVersion(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "latest", "LATEST", "v2.8", "2.8.0.1", "v2.8.0rc1", "v2.08.0", "v+2.8.0", "v-1.0.0", "2.8.x", "vv2.8.0", " v2.8.0", "v2.8.0 ", "v9999999.0.0"} {
		if v, err := ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q) = %v, want an error", bad, v)
		}
	}
	if _, err := ParseVersion("latest"); err == nil || !strings.Contains(err.Error(), "never pinned") {
		t.Errorf("latest: %v", err)
	}
	v, _ := ParseVersion("2.5.0")
	if v.Tag() != "v2.5.0" || v.String() != "2.5.0" {
		t.Errorf("tag %s string %s", v.Tag(), v)
	}
	if NewestArgillaVersion().Tag() != "v2.8.0" {
		t.Errorf("newest %s", NewestArgillaVersion())
	}
}

func TestCompareVersions(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"2.8.0", "2.8.0", 0}, {"2.7.1", "2.8.0", -1}, {"2.10.0", "2.9.9", 1}, {"3.0.0", "2.99.99", 1}, {"2.8.0", "2.8.1", -1}} {
		a, _ := ParseVersion(c.a)
		b, _ := ParseVersion(c.b)
		if got := a.Compare(b); got != c.want {
			t.Errorf("%s vs %s = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestCheckArgillaVersionKnowsTheReleases(t *testing.T) {
	if _, err := CheckArgillaVersion("v2.5.0", false); err != nil {
		t.Fatal(err)
	}
	_, err := CheckArgillaVersion("v2.9.0", false)
	var re *RefusedError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "v2.0.0 to v2.8.0") || !strings.Contains(err.Error(), "--any-version") {
		t.Fatalf("unknown release: %v", err)
	}
	if _, err := CheckArgillaVersion("v2.9.0", true); err != nil {
		t.Fatalf("--any-version: %v", err)
	}
	if _, err := CheckArgillaVersion("latest", true); !errors.As(err, &re) {
		t.Fatalf("latest with --any-version: %v", err)
	}
}

func TestFindArgillaImage(t *testing.T) {
	for _, c := range []struct {
		name, dockerfile string
		ok               bool
		line             int
		image, tag       string
	}{
		{"template", templateDockerfile, true, 0, "argilla/argilla-hf-spaces", "v2.8.0"},
		{"no tag", "FROM argilla/argilla-hf-spaces\n", true, 0, "argilla/argilla-hf-spaces", ""},
		{"docker.io", "from docker.io/argilla/argilla-hf-spaces:2.5.0 AS app\n", true, 0, "docker.io/argilla/argilla-hf-spaces", "2.5.0"},
		{"platform", "FROM --platform=linux/amd64 argilla/argilla-hf-spaces:v2.4.0\n", true, 0, "argilla/argilla-hf-spaces", "v2.4.0"},
		{"stage alias", "# build\nFROM argilla/argilla-hf-spaces:v2.6.0 AS base\nRUN true\nFROM base\nCOPY .oauth.yaml /home/argilla/\n", true, 1, "argilla/argilla-hf-spaces", "v2.6.0"},
		{"last stage wins", "FROM argilla/argilla-hf-spaces:v2.6.0 AS tools\nFROM python:3.13\n", false, 1, "python", "3.13"},
		{"registry port", "FROM registry.local:5000/argilla/argilla-hf-spaces:v2.8.0\n", false, 0, "registry.local:5000/argilla/argilla-hf-spaces", "v2.8.0"},
		{"none", "# nothing\n", false, 0, "", ""},
	} {
		ref, ok := FindArgillaImage([]byte(c.dockerfile))
		if ok != c.ok || ref.Line != c.line || ref.Image != c.image || ref.Tag != c.tag {
			t.Errorf("%s: %+v %v", c.name, ref, ok)
		}
	}
	ref, ok := FindArgillaImage([]byte("FROM argilla/argilla-hf-spaces@sha256:abc\n"))
	if !ok || ref.Digest != "sha256:abc" {
		t.Fatalf("digest: %+v", ref)
	}
	if _, err := ref.Version(); err == nil {
		t.Fatal("a digest has no version")
	}
}

// Pinning changes the tag and nothing else: comments, COPY lines, `AS base`, CRLF line ends stay.
func TestPinArgillaVersionChangesOnlyTheTag(t *testing.T) {
	v, _ := ParseVersion("v2.8.0")
	in := "# Argilla\r\nFROM argilla/argilla-hf-spaces:v2.5.0 AS base\r\nFROM base\r\nCOPY .oauth.yaml /home/argilla/\r\n#ENV X=1\r\n"
	out, err := PinArgillaVersion([]byte(in), v)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(in, "v2.5.0", "v2.8.0", 1)
	if string(out) != want {
		t.Fatalf("got %q\nwant %q", out, want)
	}
	out, _ = PinArgillaVersion([]byte("FROM argilla/argilla-hf-spaces\n"), v)
	if string(out) != "FROM argilla/argilla-hf-spaces:v2.8.0\n" {
		t.Fatalf("untagged: %q", out)
	}
	for _, bad := range []string{"FROM python:3.13\n", "", "FROM argilla/argilla-hf-spaces@sha256:abc\n", "ARG V\nFROM argilla/argilla-hf-spaces:${V}\n"} {
		var re *RefusedError
		if _, err := PinArgillaVersion([]byte(bad), v); !errors.As(err, &re) {
			t.Errorf("%q: %v, want a refusal", bad, err)
		}
	}
}

// versionState is a running Space whose Dockerfile builds FROM the Argilla image at tag.
func versionState(tag string) *State {
	st := oauthState(templateOAuth)
	st.Dockerfile = []byte(strings.Replace(templateDockerfile, "v2.8.0", tag, 1))
	st.Runtime.Stage = "RUNNING"
	return st
}

func TestPlanPinsTheVersionInOneCommit(t *testing.T) {
	p, err := NewPlan(Spec{Space: "acme/demo", ArgillaVersion: "v2.8.0"}, versionState("v2.5.0"), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 1 {
		t.Fatalf("changes %+v", p.Changes)
	}
	c := p.Changes[0]
	if c.Kind != KindCommitFile || c.Target != "Dockerfile" || c.From != "v2.5.0" || c.To != "v2.8.0" || !c.Restarts || !c.LosesData || c.parent == "" {
		t.Fatalf("change %+v", c)
	}
	if !strings.Contains(string(c.content), "FROM argilla/argilla-hf-spaces:v2.8.0\n") || !strings.Contains(c.Diff, "+FROM argilla/argilla-hf-spaces:v2.8.0") {
		t.Fatalf("content %q diff %q", c.content, c.Diff)
	}
	// The same version, with or without the v, plans nothing.
	for _, have := range []string{"v2.8.0", "2.8.0"} {
		p, err := NewPlan(Spec{Space: "acme/demo", ArgillaVersion: "2.8.0"}, versionState(have), PlanOptions{})
		if err != nil || !p.Empty() {
			t.Fatalf("%s: %v %+v", have, err, p)
		}
	}
	// latest is pinned to the release it means today.
	p, err = NewPlan(Spec{Space: "acme/demo", ArgillaVersion: "v2.8.0"}, versionState("latest"), PlanOptions{})
	if err != nil || len(p.Changes) != 1 {
		t.Fatalf("latest: %v %+v", err, p)
	}
}

func TestPlanRefusesADowngrade(t *testing.T) {
	_, err := NewPlan(Spec{Space: "acme/demo", ArgillaVersion: "v2.5.0"}, versionState("v2.8.0"), PlanOptions{})
	var de *DowngradeError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "do not run backwards") || !strings.Contains(err.Error(), "create --argilla-version v2.5.0") {
		t.Fatalf("downgrade: %v", err)
	}
	// After a failed build the pinned version never ran: going back is allowed, with a warning.
	st := versionState("v2.9.0")
	st.Runtime.Stage = "BUILD_ERROR"
	p, err := NewPlan(Spec{Space: "acme/demo", ArgillaVersion: "v2.8.0"}, st, PlanOptions{})
	if err != nil || len(p.Changes) != 1 || len(p.Warnings) != 1 {
		t.Fatalf("rollback after a failed build: %v %+v", err, p)
	}
}

func TestPlanRefusesWhatItCannotPin(t *testing.T) {
	st := versionState("v2.5.0")
	st.Dockerfile = []byte("FROM python:3.13\n")
	var re *RefusedError
	if _, err := NewPlan(Spec{Space: "acme/demo", ArgillaVersion: "v2.8.0"}, st, PlanOptions{}); !errors.As(err, &re) || !strings.Contains(err.Error(), "python:3.13") {
		t.Fatalf("foreign image: %v", err)
	}
	st.Dockerfile = []byte("FROM argilla/argilla-hf-spaces:dev\n")
	if _, err := NewPlan(Spec{Space: "acme/demo", ArgillaVersion: "v2.8.0"}, st, PlanOptions{}); !errors.As(err, &re) {
		t.Fatalf("unreadable tag: %v", err)
	}
	if _, err := NewPlan(Spec{Space: "acme/demo", ArgillaVersion: "v2.9.0"}, versionState("v2.8.0"), PlanOptions{}); !errors.As(err, &re) {
		t.Fatalf("unknown version: %v", err)
	}
	p, err := NewPlan(Spec{Space: "acme/demo", ArgillaVersion: "v2.9.0"}, versionState("v2.8.0"), PlanOptions{AnyArgillaVersion: true})
	if err != nil || len(p.Changes) != 1 {
		t.Fatalf("--any-version: %v", err)
	}
}

func TestSpecValidatesArgillaVersion(t *testing.T) {
	if _, err := ParseSpecs([]byte("space: acme/demo\nargillaVersion: v2.5.0\n")); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"latest", "v2.9.0", "2.8"} {
		_, err := ParseSpecs([]byte("space: acme/demo\nargillaVersion: " + bad + "\n"))
		if err == nil || !strings.Contains(err.Error(), "argillaVersion (line 2, column 17):") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// A new Space pinned to a version is still one create request (one build): the Dockerfile rides inline.
// A spec that changes both the OAuth file and the version of an existing Space makes one commit.
func TestVersionOnTheEmulator(t *testing.T) {
	emu := emulator(t)
	hub := newHub(t, emu)
	ctx := context.Background()
	spec := createSpec("acme/pinned")
	spec.ArgillaVersion = "v2.5.0"
	out, err := (&Engine{Hub: hub}).Run(ctx, createRequest(hub, spec))
	if err != nil {
		t.Fatal(err)
	}
	if kindsOf(out.Plan) != "create-bucket,create-space" {
		t.Fatalf("plan %s", kindsOf(out.Plan))
	}
	ref, _ := FindArgillaImage(out.State.Dockerfile)
	if ref.Tag != "v2.5.0" {
		t.Fatalf("Dockerfile after create: %q", out.State.Dockerfile)
	}
	emu.ResetRequests()
	spec.ArgillaVersion = "v2.8.0"
	spec.OAuth.AllowedWorkspaces = []string{"argilla", "team"}
	out, err = (&Engine{Hub: hub}).Run(ctx, createRequest(hub, spec))
	if err != nil {
		t.Fatal(err)
	}
	if kindsOf(out.Plan) != "commit-file,commit-file" || out.Applied.Commits != 1 || out.Applied.Done != 2 {
		t.Fatalf("plan %s, %+v", kindsOf(out.Plan), out.Applied)
	}
	var writes []string
	for _, r := range emu.Requests() {
		if r.Method != "GET" && r.Method != "HEAD" && !strings.Contains(r.Path, "/preupload/") { // preupload asks, it does not write
			writes = append(writes, r.Method+" "+r.Path)
		}
	}
	if len(writes) != 1 || !strings.Contains(writes[0], "/commit/main") {
		t.Fatalf("writes: %q", writes)
	}
	if ref, _ := FindArgillaImage(out.State.Dockerfile); ref.Tag != "v2.8.0" {
		t.Fatalf("Dockerfile after upgrade: %q", out.State.Dockerfile)
	}
}

func FuzzFindArgillaImage(f *testing.F) {
	for _, s := range []string{templateDockerfile, "FROM argilla/argilla-hf-spaces\n", "FROM a AS b\nFROM b\n",
		"FROM --platform=x argilla/argilla-hf-spaces:v2.5.0 AS base\nFROM base\n", "FROM argilla/argilla-hf-spaces@sha256:ab\n",
		"FROM registry:5000/argilla/argilla-hf-spaces:v2.8.0\n", "FROM\nFROM --x\n", "FROM argilla/argilla-hf-spaces:v2.5.0:x\n"} {
		f.Add(s)
	}
	v, _ := ParseVersion("v2.8.0")
	f.Fuzz(func(t *testing.T, dockerfile string) {
		ref, ok := FindArgillaImage([]byte(dockerfile))
		if !ok {
			return
		}
		out, err := PinArgillaVersion([]byte(dockerfile), v)
		if err != nil {
			return
		}
		again, ok := FindArgillaImage(out)
		if !ok || again.Tag != "v2.8.0" || again.Line != ref.Line {
			t.Fatalf("pinned %q to %q: %+v %v", dockerfile, out, again, ok)
		}
		if strings.Count(string(out), "\n") != strings.Count(dockerfile, "\n") {
			t.Fatalf("lines changed: %q -> %q", dockerfile, out)
		}
	})
}

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"v2.8.0", "2.8.0", "latest", "v2.8", "v01.2.3", "v+1.2.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVersion(s)
		if err != nil {
			return
		}
		back, err := ParseVersion(v.Tag())
		if err != nil || back != v || (s != v.Tag() && s != v.String()) {
			t.Fatalf("%q -> %v -> %v %v", s, v, back, err)
		}
	})
}

// A Hub that drops the inline Dockerfile beside the template builds the template's version: the
// create's check commits the pinned one (one more build), though it is older, since the new Space
// holds no data yet.
func TestPinnedVersionWhenTheHubDropsInlineFiles(t *testing.T) {
	emu, err := hubtest.New(hubtest.Options{BuildTime: -1, Seed: 1, IgnoreFilesWithTemplate: true})
	if err != nil {
		t.Fatal(err)
	}
	hub := newHub(t, emu)
	spec := createSpec("acme/dropped")
	spec.ArgillaVersion = "v2.5.0"
	out, err := (&Engine{Hub: hub}).Run(context.Background(), createRequest(hub, spec))
	if err != nil {
		t.Fatal(err)
	}
	if ref, _ := FindArgillaImage(out.State.Dockerfile); ref.Tag != "v2.5.0" || out.Applied.Commits != 1 {
		t.Fatalf("Dockerfile %q, %d commits", out.State.Dockerfile, out.Applied.Commits)
	}
}
