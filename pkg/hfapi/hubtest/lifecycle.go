package hubtest

import (
	"strings"
	"time"
)

// Stages (reference §6).
const (
	stageBuilding     = "BUILDING"
	stageBuildError   = "BUILD_ERROR"
	stageAppStarting  = "APP_STARTING"
	stageRunning      = "RUNNING"
	stageRuntimeError = "RUNTIME_ERROR"
	stagePaused       = "PAUSED"
	stageNoAppFile    = "NO_APP_FILE"
)

// Where the running app keeps /data.
const (
	locEphemeral = "ephemeral"
	locTier      = "tier"
	locBucket    = "bucket:"
)

// intermediate reports the stages clients keep polling on.
func intermediate(stage string) bool { return stage == stageBuilding || stage == stageAppStarting }

// stage is computed lazily: BUILDING for the build time after the last (re)start, then APP_STARTING for
// the start time, then RUNNING, unless the start failed or the Space is paused.
func (e *Emulator) stage(sp *space, now time.Time) string {
	if sp.Template || sp.SDK == "static" {
		return stageRunning
	}
	if sp.Paused {
		return stagePaused
	}
	if sp.Outcome == stageNoAppFile {
		return stageNoAppFile
	}
	elapsed := now.Sub(sp.StartedAt)
	build := e.buildTime()
	if elapsed < build {
		return stageBuilding
	}
	if sp.Outcome == stageBuildError {
		return stageBuildError
	}
	if elapsed < build+e.startTime() {
		return stageAppStarting
	}
	if sp.Outcome == stageRuntimeError {
		return stageRuntimeError
	}
	return stageRunning
}

// currentHardware is runtime.hardware.current: null during the first build and while paused, the
// flavor of the previous run while rebuilding, else the flavor of this start. Static Spaces have none.
func (e *Emulator) currentHardware(sp *space, now time.Time) string {
	switch e.stage(sp, now) {
	case stagePaused:
		return ""
	case stageBuilding:
		return sp.PrevHardware
	}
	return sp.StartHardware
}

// gcTimeout is runtime.gcTimeout: 48h fixed on cpu-basic, else the sleep time (null = never sleeps,
// the default on upgraded hardware).
func gcTimeout(sp *space) *int {
	if sp.Hardware == "" {
		return nil
	}
	if sp.Hardware == "cpu-basic" {
		v := 172800
		return &v
	}
	if sp.SleepTime == nil || *sp.SleepTime < 0 {
		return nil
	}
	v := *sp.SleepTime
	return &v
}

// dataLocOf is where /data lives under the Space's current configuration: a read-write bucket mounted
// at /data, a legacy tier, or the container's ephemeral disk.
func dataLocOf(sp *space) string {
	for _, v := range sp.Volumes {
		if v.Type == "bucket" && strings.TrimRight(v.MountPath, "/") == "/data" && !v.ReadOnly {
			return locBucket + v.Source
		}
	}
	if sp.StorageTier != "" {
		return locTier
	}
	return locEphemeral
}

// persistent reports whether the Space's data survives a restart.
func persistent(sp *space) bool { return dataLocOf(sp) != locEphemeral }

// appDataOf returns the data the running app uses.
func (st *state) appDataOf(sp *space) *appData {
	switch {
	case sp.DataLoc == locTier:
		if sp.TierData == nil {
			sp.TierData = &appData{}
		}
		return sp.TierData
	case strings.HasPrefix(sp.DataLoc, locBucket):
		if b := st.Buckets[strings.TrimPrefix(sp.DataLoc, locBucket)]; b != nil {
			if b.Data == nil {
				b.Data = &appData{}
			}
			return b.Data
		}
	}
	if sp.Ephemeral == nil {
		sp.Ephemeral = &appData{}
	}
	return sp.Ephemeral
}

// firstStart is the build that follows creation: it counts a build but no restart and no wipe.
func (e *Emulator) firstStart(st *state, sp *space, now time.Time) {
	sp.DataLoc = dataLocOf(sp)
	sp.Ephemeral = &appData{}
	sp.StartedAt, sp.Paused, sp.PrevHardware, sp.StartHardware = now, false, "", sp.Hardware
	sp.Builds++
	e.boot(st, sp, now)
}

// restartSpace is every restart-causing change (secrets, variables, hardware, volumes, storage,
// visibility, commits, restart). It counts a restart and a build, and a wipe when the data the app had
// was ephemeral or now lives elsewhere (a new or removed bucket): the app then starts on empty data.
func (e *Emulator) restartSpace(st *state, sp *space, now time.Time) {
	if sp.Template {
		return
	}
	prev := e.currentHardware(sp, now) // computed from the previous start: the caller changed only settings
	newLoc := dataLocOf(sp)
	if sp.DataLoc == locEphemeral || sp.DataLoc != newLoc {
		sp.Wipes++
	}
	sp.Ephemeral = &appData{}
	sp.DataLoc = newLoc
	sp.StartedAt, sp.Paused, sp.PrevHardware, sp.StartHardware = now, false, prev, sp.Hardware
	sp.Restarts++
	sp.Builds++
	e.boot(st, sp, now)
}
