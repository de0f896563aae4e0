// Package bench measures the budgets of DESIGN.md against the real binary:
//
//	go test -run x -bench . ./bench/
//
// BenchmarkCreate: Hub requests (mutating and reads) and builds per `create` of a full Space (org,
// private, bucket, owner secrets, two workspaces) on the emulator. BenchmarkColdStart: median wall time
// and peak RSS of `argilla-space --version` (20 runs per iteration), and the stripped binary's size,
// beside two floors run interleaved with it (testdata/floor): a Go hello-world and a CLI made of only
// the prescribed dependencies.
// BenchmarkFleet (fleet_test.go, about 10 minutes): a 50-Space fleet at 100 ms emulator latency with
// --parallel 1 and 8, with and without injected faults.
package bench
