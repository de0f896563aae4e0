package hubtest

import (
	"encoding/json"
	"net/http"
)

// decode reads the JSON body into v, answering 400 itself on failure.
func (c *call) decode(v any) bool {
	if err := json.Unmarshal(c.body, v); err != nil {
		c.badRequest("invalid JSON body: %v", err)
		return false
	}
	return true
}

// writeRuntime answers with the Space's runtime, as every runtime-changing endpoint does.
func (c *call) writeRuntime(sp *space) { writeJSON(c.w, http.StatusOK, c.runtime(sp)) }

// requestHardware answers POST .../hardware {flavor, sleepTimeSeconds?}. Every accepted request
// restarts the Space, even to the same flavor (conservative: the Hub documents no exception).
func (c *call) requestHardware(ns, name string) {
	sp := c.lookup(ns, name, true)
	var req struct {
		Flavor           string `json:"flavor"`
		SleepTimeSeconds *int   `json:"sleepTimeSeconds"`
	}
	if sp == nil || !c.decode(&req) {
		return
	}
	if sp.SDK == "static" {
		c.badRequest("static Spaces have no hardware")
		return
	}
	if err := checkHardware(req.Flavor, sp.SDK); err != nil {
		c.badRequest("%v", err)
		return
	}
	if err := checkSleep(req.SleepTimeSeconds); err != nil {
		c.badRequest("%v", err)
		return
	}
	if req.Flavor == "cpu-basic" || sp.Hardware == "cpu-basic" {
		sp.SleepTime = nil // cpu-basic has its fixed 48h; upgraded hardware starts at "never"
	}
	sp.Hardware = req.Flavor
	applySleep(sp, req.SleepTimeSeconds)
	c.e.restartSpace(c.st, sp, c.now)
	c.writeRuntime(sp)
}

// setSleepTime answers POST .../sleeptime {seconds}. On cpu-basic the call succeeds but is ignored
// (gcTimeout stays 172800: the Hub fixes it, reference §6). It never restarts the Space.
func (c *call) setSleepTime(ns, name string) {
	sp := c.lookup(ns, name, true)
	var req struct {
		Seconds *int `json:"seconds"`
	}
	if sp == nil || !c.decode(&req) {
		return
	}
	if req.Seconds == nil {
		c.badRequest("seconds is required")
		return
	}
	if err := checkSleep(req.Seconds); err != nil {
		c.badRequest("%v", err)
		return
	}
	applySleep(sp, req.Seconds)
	c.writeRuntime(sp)
}

// pause answers POST .../pause: stage PAUSED until a restart. Static Spaces get 400.
func (c *call) pause(ns, name string) {
	sp := c.lookup(ns, name, true)
	if sp == nil {
		return
	}
	if sp.SDK == "static" {
		c.badRequest("static Spaces cannot be paused")
		return
	}
	sp.Paused = true
	c.writeRuntime(sp)
}

// restart answers POST .../restart[?factory=true], from any stage including PAUSED.
func (c *call) restart(ns, name string) {
	sp := c.lookup(ns, name, true)
	if sp == nil {
		return
	}
	if sp.SDK == "static" {
		c.badRequest("static Spaces cannot be restarted")
		return
	}
	c.e.restartSpace(c.st, sp, c.now)
	c.writeRuntime(sp)
}

// secretJSON is an entry of GET .../secrets: never the value.
type secretJSON struct {
	Key         string `json:"key"`
	Description string `json:"description,omitempty"`
	UpdatedAt   string `json:"updatedAt"`
}

// variableJSON is an entry of the variables map: no key inside, as recorded
// (TestSpaceAPIProduction.test_manage_variables), although the 2026 OpenAPI lists one.
type variableJSON struct {
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
	UpdatedAt   string `json:"updatedAt"`
}

// secrets answers GET/POST/DELETE .../secrets (reference §4). Listing and changing need write rights.
// POST and DELETE answer {}; deleting a missing key is a 200 too, without a restart.
func (c *call) secrets(ns, name string) {
	sp := c.lookup(ns, name, true)
	if sp == nil {
		return
	}
	switch c.r.Method {
	case "GET":
		out := map[string]secretJSON{}
		for k, s := range sp.Secrets {
			out[k] = secretJSON{Key: k, Description: s.Description, UpdatedAt: hubTime(s.UpdatedAt)}
		}
		writeJSON(c.w, http.StatusOK, out)
	case "POST":
		if c.upsertSetting(sp, sp.Secrets, "secret") {
			writeJSON(c.w, http.StatusOK, map[string]any{})
		}
	case "DELETE":
		if c.deleteSetting(sp, sp.Secrets) {
			writeJSON(c.w, http.StatusOK, map[string]any{})
		}
	default:
		c.notFound()
	}
}

// variables answers GET/POST/DELETE .../variables (reference §4). GET needs read access (variables are
// public); POST and DELETE need write rights and return the whole map.
func (c *call) variables(ns, name string) {
	sp := c.lookup(ns, name, c.r.Method != "GET")
	if sp == nil {
		return
	}
	ok := true
	switch c.r.Method {
	case "GET":
	case "POST":
		ok = c.upsertSetting(sp, sp.Variables, "variable")
	case "DELETE":
		ok = c.deleteSetting(sp, sp.Variables)
	default:
		c.notFound()
		return
	}
	if !ok {
		return
	}
	out := map[string]variableJSON{}
	for k, v := range sp.Variables {
		out[k] = variableJSON{Value: v.Value, Description: v.Description, UpdatedAt: hubTime(v.UpdatedAt)}
	}
	writeJSON(c.w, http.StatusOK, out)
}

// upsertSetting adds or replaces a secret or variable and restarts the Space (every write restarts,
// even with the same value: the Hub documents no exception).
func (c *call) upsertSetting(sp *space, m map[string]*setting, kind string) bool {
	var req kvIn
	if !c.decode(&req) {
		return false
	}
	got, err := settingsOf(kind, []kvIn{req}, c.now)
	if err != nil {
		c.badRequest("%v", err)
		return false
	}
	m[req.Key] = got[req.Key]
	c.e.restartSpace(c.st, sp, c.now)
	return true
}

// deleteSetting removes a key given in the JSON body of a DELETE; a missing key changes nothing.
func (c *call) deleteSetting(sp *space, m map[string]*setting) bool {
	var req struct {
		Key string `json:"key"`
	}
	if !c.decode(&req) {
		return false
	}
	if req.Key == "" {
		c.badRequest("key is required")
		return false
	}
	if _, ok := m[req.Key]; ok {
		delete(m, req.Key)
		c.e.restartSpace(c.st, sp, c.now)
	}
	return true
}

// volumes answers PUT .../volumes {"volumes":[...]} (at least one; replaces the list) and DELETE
// (400 when none). Both restart the Space; static Spaces get 400 (reference §5.2). The response is the
// runtime (the reference documents no body; clients ignore it).
func (c *call) volumes(ns, name string) {
	sp := c.lookup(ns, name, true)
	if sp == nil {
		return
	}
	if sp.SDK == "static" {
		c.badRequest("static Spaces cannot mount volumes")
		return
	}
	if c.r.Method == "DELETE" {
		if len(sp.Volumes) == 0 {
			c.badRequest("this Space has no volumes")
			return
		}
		sp.Volumes = nil
	} else {
		var req struct {
			Volumes []volumeIn `json:"volumes"`
		}
		if !c.decode(&req) {
			return
		}
		if len(req.Volumes) == 0 {
			c.badRequest("volumes must hold at least one volume (use DELETE to remove them all)")
			return
		}
		vols, err := c.volumesOf(req.Volumes)
		if err != nil {
			c.badRequest("%v", err)
			return
		}
		sp.Volumes = vols
	}
	c.e.restartSpace(c.st, sp, c.now)
	c.writeRuntime(sp)
}

// storage answers the legacy POST/DELETE .../storage (reference §5.1): 400 unless LegacyStorage. With
// it, a tier can only be upgraded (same tier: no change), and DELETE (400 when none) loses the data.
func (c *call) storage(ns, name string) {
	sp := c.lookup(ns, name, true)
	if sp == nil {
		return
	}
	if !c.e.opts.LegacyStorage {
		c.badRequest(legacyTierError)
		return
	}
	if c.r.Method == "DELETE" {
		if sp.StorageTier == "" {
			c.badRequest("this Space has no persistent storage")
			return
		}
		sp.StorageTier, sp.TierData = "", nil
		c.e.restartSpace(c.st, sp, c.now)
		c.writeRuntime(sp)
		return
	}
	var req struct {
		Tier string `json:"tier"`
	}
	if !c.decode(&req) {
		return
	}
	switch {
	case tierRank(req.Tier) == 0:
		c.badRequest("tier must be small, medium or large")
		return
	case tierRank(req.Tier) < tierRank(sp.StorageTier):
		c.badRequest("persistent storage cannot be downgraded: delete it first (this loses all data)")
		return
	case req.Tier != sp.StorageTier:
		sp.StorageTier = req.Tier
		c.e.restartSpace(c.st, sp, c.now)
	}
	c.writeRuntime(sp)
}

// settingsRequest is the body of PUT .../settings (reference §7).
type settingsRequest struct {
	Visibility          *string          `json:"visibility"`
	Private             *bool            `json:"private"`
	Gated               *json.RawMessage `json:"gated"`
	DiscussionsDisabled *bool            `json:"discussionsDisabled"`
}

// settings answers PUT .../settings. A body without any field is a 400 (conservative; the reference
// leaves it unverified), private with visibility is a 400, protected needs a paid plan (402). Only a real
// visibility change restarts the Space. Other documented fields are accepted; the answer holds the
// updated settings.
func (c *call) settings(ns, name string) {
	sp := c.lookup(ns, name, true)
	if sp == nil {
		return
	}
	var raw map[string]json.RawMessage
	var req settingsRequest
	if json.Unmarshal(c.body, &raw) != nil || len(raw) == 0 {
		c.badRequest("the settings body must be a JSON object with at least one field")
		return
	}
	if !c.decode(&req) {
		return
	}
	vis, err := visibilityOf(req.Visibility, req.Private, sp.Visibility)
	if err != nil {
		c.badRequest("%v", err)
		return
	}
	if vis == "protected" && vis != sp.Visibility && !c.planAllows(ns, "", &vis) {
		return
	}
	gated := sp.Gated
	if req.Gated != nil {
		var b bool
		var s string
		switch {
		case json.Unmarshal(*req.Gated, &b) == nil && !b:
			gated = ""
		case json.Unmarshal(*req.Gated, &s) == nil && (s == "auto" || s == "manual"):
			gated = s
		default:
			c.badRequest("gated must be false, \"auto\" or \"manual\"")
			return
		}
	}
	sp.Gated = gated
	if req.DiscussionsDisabled != nil {
		sp.DiscussionsDisabled = *req.DiscussionsDisabled
	}
	if vis != sp.Visibility {
		sp.Visibility = vis
		c.e.restartSpace(c.st, sp, c.now)
	}
	var g any = false
	if sp.Gated != "" {
		g = sp.Gated
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"visibility": sp.Visibility, "private": sp.Visibility != "public",
		"gated": g, "discussionsDisabled": sp.DiscussionsDisabled})
}
