// Package bench measures the budgets of DESIGN.md against the real binary:
//
//	go test -run x -bench . ./bench/
//
// BenchmarkCreate: Hub requests (mutating and reads) and builds per `create` of a full Space (org,
// private, bucket, owner secrets, two workspaces) on the emulator. BenchmarkColdStart: median wall time
// and peak RSS of `argilla-space --version` over 20 runs, and the stripped binary's size.
package bench
