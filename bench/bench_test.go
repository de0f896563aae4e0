//go:build unix

package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds argilla-space as the release does (.goreleaser.yaml): stripped, trimmed, no cgo, the
// version set by the linker.
func binary(b *testing.B) string {
	buildOnce.Do(func() {
		binPath, buildErr = build("../cmd/argilla-space", "-s -w -X main.version=0.0.0-bench -X main.commit=bench")
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return binPath
}

// build compiles the package at pkg (relative to this directory) into a temporary directory, with the
// release's flags, and returns the binary's path.
func build(pkg, ldflags string) (string, error) {
	dir, err := os.MkdirTemp("", "argilla-space-bench")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", bin, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin, nil
}

func BenchmarkCreate(b *testing.B) {
	bin := binary(b)
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: -1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	home := b.TempDir()
	var muts, reads, builds float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		srv.ResetRequests()
		name := fmt.Sprintf("acme/bench-%d", i)
		cmd := exec.Command(bin, "create", name, "--private", "--allow-workspace", "argilla", "--allow-workspace", "team-b", "--no-input", "-o", "json")
		cmd.Dir = home
		cmd.Env = []string{"HF_ENDPOINT=" + srv.URL, "HF_TOKEN=hf_alice", "HOME=" + home, "CI=true",
			"ARGILLA_PASSWORD=correct-horse-battery", "ARGILLA_SPACE_CONFIG_DIR=" + filepath.Join(home, "cfg")}
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("create: %v\n%s", err, out)
		}
		for _, r := range srv.Requests() {
			switch {
			case strings.Contains(r.Host, ".localhost"):
				// Argilla's own API, polled by the wait: not a Hub request.
			case r.Method == "GET" || r.Method == "HEAD" || strings.Contains(r.Path, "/preupload/"):
				reads++
			default:
				muts++
			}
		}
		sp, ok := srv.Space(name)
		if !ok {
			b.Fatalf("%s not created", name)
		}
		builds += float64(sp.Builds)
	}
	n := float64(b.N)
	b.ReportMetric(muts/n, "mutating-req/op")
	b.ReportMetric(reads/n, "read-req/op")
	b.ReportMetric(builds/n, "builds/op")
}

// BenchmarkColdStart runs `argilla-space --version` and `argilla-space exit-codes` (a real command: it
// builds the whole command tree) 20 times each per iteration and reports the median of each over every
// run of every iteration, the peak RSS of any run and the binary's size. Beside them, interleaved run by
// run so that all see the same machine, it measures two floors built with the same flags
// (testdata/floor): a Go hello-world (the runtime alone) and a CLI made of only the dependencies
// DESIGN.md prescribes (cobra, huh, resty with TLS, yaml.v3). Each of our two commands is reported as a
// ratio to the dependencies' floor too (DESIGN.md Budgets: each <= 1.2x).
func BenchmarkColdStart(b *testing.B) {
	ours := binary(b)
	runs := []struct{ name, path, arg string }{
		{"", ours, "--version"},
		{"exit-codes-", ours, "exit-codes"},
	}
	for _, floor := range []string{"hello", "deps"} {
		path, err := build("./testdata/floor/"+floor, "-s -w")
		if err != nil {
			b.Fatal(err)
		}
		defer os.RemoveAll(filepath.Dir(path))
		runs = append(runs, struct{ name, path, arg string }{"floor-" + floor + "-", path, "--version"})
	}
	fi, err := os.Stat(ours)
	if err != nil {
		b.Fatal(err)
	}
	times := make([][]time.Duration, len(runs))
	var peak int64
	for i := 0; i < b.N; i++ {
		for run := 0; run < 20; run++ {
			for k, r := range runs {
				d, rss := startOnce(b, r.path, r.arg)
				times[k] = append(times[k], d)
				if r.path == ours {
					peak = max(peak, rss)
				}
			}
		}
	}
	for k, r := range runs {
		b.ReportMetric(float64(median(times[k]).Microseconds())/1000, r.name+"median-ms")
	}
	floor := float64(median(times[len(runs)-1]))
	b.ReportMetric(float64(median(times[0]))/floor, "version-x-deps-floor")
	b.ReportMetric(float64(median(times[1]))/floor, "exit-codes-x-deps-floor")
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(float64(fi.Size())/1e6, "binary-MB")
}

// startOnce runs `bin arg` with its output to /dev/null, as a shell's `>/dev/null` would, and returns
// its wall time and peak RSS in bytes.
func startOnce(b *testing.B, bin, arg string) (time.Duration, int64) {
	cmd := exec.Command(bin, arg)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatal(err)
	}
	d := time.Since(start)
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss)
		if runtime.GOOS != "darwin" {
			rss *= 1024 // Linux reports KiB, macOS bytes
		}
	}
	return d, rss
}

func median(ds []time.Duration) time.Duration {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[len(ds)/2]
}
