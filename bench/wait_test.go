//go:build unix

package bench

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// BenchmarkWait follows a Space through a one-minute build and start with `argilla-space wait`, and
// reports the requests it sent per 2 s of waiting against the budget (DESIGN.md Budgets: on average at
// most one request per 2 s over a wait of a minute, so req-per-2s-x-budget must stay <= 1) and how long
// after Argilla was ready it returned (budget: within 2 s).
func BenchmarkWait(b *testing.B) {
	bin := binary(b)
	const build, start = 50 * time.Second, 10 * time.Second
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: build, StartTime: start, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	home := b.TempDir()
	env := []string{"HF_ENDPOINT=" + srv.URL, "HF_TOKEN=hf_alice", "HOME=" + home, "CI=true",
		"ARGILLA_SPACE_CONFIG_DIR=" + filepath.Join(home, "cfg")}
	var perSecond, late float64
	for i := 0; i < b.N; i++ {
		id := "acme/wait-" + strings.Repeat("x", i+1)
		create := exec.Command(bin, "create", id, "--public", "--no-wait")
		create.Dir, create.Env = home, env
		if out, err := create.CombinedOutput(); err != nil {
			b.Fatalf("create: %v\n%s", err, out)
		}
		ready := time.Now().Add(build + start) // the emulator runs the app from then on
		srv.ResetRequests()
		began := time.Now()
		wait := exec.Command(bin, "wait", "--space", id)
		wait.Dir, wait.Env = home, env
		if out, err := wait.CombinedOutput(); err != nil {
			b.Fatalf("wait: %v\n%s", err, out)
		}
		ended := time.Now()
		n := 0
		for _, r := range srv.Requests() {
			if r.Method == "GET" {
				n++
			}
		}
		perSecond += float64(n) / ended.Sub(began).Seconds()
		late += max(0, ended.Sub(ready).Seconds())
	}
	const budgetPer2s = 1.0
	b.ReportMetric(perSecond/float64(b.N), "req/s")
	b.ReportMetric(2*perSecond/float64(b.N)/budgetPer2s, "req-per-2s-x-budget")
	b.ReportMetric(late/float64(b.N), "s-after-ready")
	b.ReportMetric(late/float64(b.N)/2, "after-ready-x-budget")
}
