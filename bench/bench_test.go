//go:build unix

package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
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

// binary builds argilla-space as a release would: stripped, trimmed, no cgo.
func binary(b *testing.B) string {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "argilla-space-bench")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "argilla-space")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", binPath, "../cmd/argilla-space")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return binPath
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

// BenchmarkColdStart runs `argilla-space --version` 20 times per iteration and reports the median over
// every run of every iteration, and the peak RSS of any run.
func BenchmarkColdStart(b *testing.B) {
	bin := binary(b)
	fi, err := os.Stat(bin)
	if err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	var peak int64
	for i := 0; i < b.N; i++ {
		for run := 0; run < 20; run++ {
			cmd := exec.Command(bin, "--version")
			var out bytes.Buffer
			cmd.Stdout = &out
			start := time.Now()
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
			times = append(times, time.Since(start))
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				rss := int64(ru.Maxrss)
				if runtime.GOOS != "darwin" {
					rss *= 1024 // Linux reports KiB, macOS bytes
				}
				peak = max(peak, rss)
			}
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	median := times[len(times)/2]
	b.ReportMetric(float64(median.Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(float64(fi.Size())/1e6, "binary-MB")
}
