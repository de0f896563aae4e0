//go:build unix

package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/backup/backuptest"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/hfapi/hubtest"
)

// BenchmarkBackupRestore runs `argilla-space backup` and `argilla-space restore` as child processes
// against the in-memory emulator, for 10,000 and 100,000 records that each carry a submitted response,
// three suggestions, a vector and metadata. It reports records/s, the Argilla requests of each command
// beside the budget (backup: one page per 1000 records plus a constant; restore: one bulk per 500 plus
// a constant), each child's CPU seconds (the wall time depends on what else the machine runs) and peak
// RSS, which must not grow with the record count (at most 64 MiB).
//
//	go test -run x -bench BackupRestore -benchtime 1x ./bench/
//	BACKUP_BENCH_RECORDS=2000 go test -run x -bench BackupRestore -benchtime 1x ./bench/   (a quick look)
func BenchmarkBackupRestore(b *testing.B) {
	sizes := benchSizes
	if v := os.Getenv("BACKUP_BENCH_RECORDS"); v != "" { // e.g. 2000 for a quick look
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			if n, err := strconv.Atoi(f); err == nil && n > 0 {
				sizes = append(sizes, n)
			}
		}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) { benchBackupRestore(b, n) })
	}
}

func benchBackupRestore(b *testing.B, records int) {
	bin := binary(b)
	srv, err := hubtest.NewServer(hubtest.Options{BuildTime: -1, StartTime: -1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	hub := hfapi.New(hfapi.Options{Endpoint: srv.URL, Token: "hf_alice", UserAgent: "bench"})
	ctx := context.Background()
	const key = "bench-owner-key-0123456789"
	space := func(name string) string {
		_, err := hub.CreateRepo(ctx, hfapi.CreateRepoRequest{Name: name, Organization: "acme", SDK: "docker",
			Template: "argilla/argilla-template-space", Visibility: "public",
			Secrets: []hfapi.KeyValue{{Key: "USERNAME", Value: "alice"}, {Key: "API_KEY", Value: key}}})
		if err != nil {
			b.Fatal(err)
		}
		info, err := hub.SpaceInfo(ctx, "acme/"+name)
		if err != nil {
			b.Fatal(err)
		}
		return info.Host
	}
	host := space("src")
	src := argilla.New(argilla.Options{BaseURL: host, APIKey: key, HTTPClient: hub.HTTPClient()})
	if _, err := backuptest.Seed(ctx, src, hub.HTTPClient(), key, "", backuptest.Options{Records: records, Small: true}); err != nil {
		b.Fatal(err)
	}
	home := b.TempDir()
	env := []string{"HF_ENDPOINT=" + srv.URL, "HF_TOKEN=hf_alice", "HOME=" + home, "CI=true", "ARGILLA_API_KEY=" + key,
		"ARGILLA_SPACE_CONFIG_DIR=" + filepath.Join(home, "cfg"), "ARGILLA_SPACE_STATE_DIR=" + filepath.Join(home, "state")}
	// run runs the binary and returns its wall time, peak RSS (bytes), Argilla requests and CPU time.
	run := func(args ...string) (time.Duration, func() int64, int, time.Duration) {
		srv.ResetRequests()
		cmd := exec.Command(bin, args...)
		var out strings.Builder
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = home, env, &out, &out
		began := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		rss := watchHWM(cmd.Process.Pid)
		if err := cmd.Wait(); err != nil {
			b.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
		took := time.Since(began)
		cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		n := 0
		for _, r := range srv.Requests() {
			if strings.Contains(r.Host, ".localhost") {
				n++
			}
		}
		return took, rss, n, cpu
	}
	var bSecs, rSecs, bCPU, rCPU float64
	var bRSS, rRSS int64
	var bReq, rReq int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(home, fmt.Sprintf("bk-%d", i))
		t, rss, req, cpu := run("backup", "--space", "acme/src", "--out", out)
		bSecs, bRSS, bReq, bCPU = bSecs+t.Seconds(), max(bRSS, rss()), req, bCPU+cpu.Seconds()
		dst := fmt.Sprintf("dst-%d", i)
		b.StopTimer()
		space(dst)
		b.StartTimer()
		t, rss, req, cpu = run("restore", out, "--space", "acme/"+dst)
		rSecs, rRSS, rReq, rCPU = rSecs+t.Seconds(), max(rRSS, rss()), req, rCPU+cpu.Seconds()
	}
	n := float64(b.N)
	b.ReportMetric(float64(records)*n/bSecs, "backup-records/s")
	b.ReportMetric(float64(records)*n/rSecs, "restore-records/s")
	// CPU seconds of the child: what the command costs, whatever else the machine runs.
	b.ReportMetric(bCPU/n, "backup-cpu-s")
	b.ReportMetric(rCPU/n, "restore-cpu-s")
	b.ReportMetric(float64(bReq), "backup-req")
	b.ReportMetric(float64(records/1000), "backup-pages")
	b.ReportMetric(float64(rReq), "restore-req")
	b.ReportMetric(float64((records+499)/500), "restore-bulks")
	b.ReportMetric(float64(bRSS)/(1<<20), "backup-peak-RSS-MiB")
	b.ReportMetric(float64(rRSS)/(1<<20), "restore-peak-RSS-MiB")
}

// benchSizes are the record counts measured: peak RSS at both says whether memory grows with the data.
var benchSizes = []int{10_000, 100_000}

// watchHWM follows the peak RSS (VmHWM) of process pid until it exits, and returns a func that gives
// the last value read. rusage's maxrss cannot be used here: Go starts children with CLONE_VM, and Linux
// counts the parent's high-water mark (this process, which holds the emulator and its data) in the
// child's maxrss at exec.
func watchHWM(pid int) func() int64 {
	var peak atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		path := fmt.Sprintf("/proc/%d/status", pid)
		for {
			data, err := os.ReadFile(path)
			if err != nil {
				return
			}
			s := string(data)
			i := strings.Index(s, "VmHWM:")
			if i < 0 { // a zombie has no memory lines: the process ended
				return
			}
			var kb int64
			fmt.Sscan(strings.TrimSpace(s[i+len("VmHWM:"):]), &kb)
			peak.Store(max(peak.Load(), kb*1024))
			time.Sleep(2 * time.Millisecond)
		}
	}()
	return func() int64 {
		<-done
		return peak.Load()
	}
}
