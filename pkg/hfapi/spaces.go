package hfapi

import (
	"context"
	"net/url"
)

// SpaceInfo is the answer of GET /api/spaces/{ns}/{name} (reference §6).
type SpaceInfo struct {
	ID           string         `json:"id"`
	Author       string         `json:"author"`
	SHA          string         `json:"sha"`       // head commit
	Host         string         `json:"host"`      // "https://<subdomain>.hf.space"
	Subdomain    string         `json:"subdomain"` // read it, never compute it
	SDK          string         `json:"sdk"`
	Private      bool           `json:"private"`
	Disabled     bool           `json:"disabled"`
	CardData     map[string]any `json:"cardData"`
	Siblings     []Sibling      `json:"siblings"`
	Runtime      *SpaceRuntime  `json:"runtime"`
	CreatedAt    string         `json:"createdAt"`
	LastModified string         `json:"lastModified"`
}

// Sibling is one file of the repo.
type Sibling struct {
	RFilename string `json:"rfilename"`
}

// SpaceInfo reads a Space. expand, when given, asks only for those
// properties (sent as repeated `expand=` query parameters). A GET: retried.
func (c *Client) SpaceInfo(ctx context.Context, id string, expand ...string) (*SpaceInfo, error) {
	u, err := c.spaceAPI(id, "")
	if err != nil {
		return nil, err
	}
	var q url.Values
	if len(expand) > 0 {
		q = url.Values{"expand": expand}
	}
	var out SpaceInfo
	if _, err := c.doJSON(ctx, "GET", u, q, nil, &out, retryIdempotent); err != nil {
		return nil, err
	}
	return &out, nil
}

// SpaceRuntime is the Space's runtime state (§6).
type SpaceRuntime struct {
	Stage        string          `json:"stage"`
	Hardware     RuntimeHardware `json:"hardware"`
	Storage      *string         `json:"storage"`   // legacy tier or null
	GCTimeout    *int            `json:"gcTimeout"` // sleep time in seconds; null = never sleeps
	DevMode      bool            `json:"devMode"`
	Domains      []Domain        `json:"domains"`
	Volumes      []Volume        `json:"volumes"`
	ErrorMessage string          `json:"errorMessage"`
	SDK          string          `json:"sdk"` // typed by huggingface.js; absent from the recorded answers
	Replicas     *Replicas       `json:"replicas"`
}

// RuntimeHardware is the current and requested flavor; current is null during
// the first build.
type RuntimeHardware struct {
	Current   *string `json:"current"`
	Requested *string `json:"requested"`
}

// Domain is a host serving the Space (the *.hf.space one and custom ones).
type Domain struct {
	Domain string `json:"domain"`
	Stage  string `json:"stage"`
}

// Replicas is the requested and current replica count.
type Replicas struct {
	Requested int  `json:"requested"`
	Current   *int `json:"current"`
}

// SpaceRuntime reads GET /api/spaces/{id}/runtime. A GET: retried.
func (c *Client) SpaceRuntime(ctx context.Context, id string) (*SpaceRuntime, error) {
	return c.runtimeCall(ctx, "GET", id, "runtime", nil, nil, retryIdempotent)
}

// RequestHardware asks for a flavor (POST .../hardware {"flavor",
// "sleepTimeSeconds"?}). Retried: it sets a value.
func (c *Client) RequestHardware(ctx context.Context, id, flavor string, sleepTimeSeconds *int) (*SpaceRuntime, error) {
	body := struct {
		Flavor           string `json:"flavor"`
		SleepTimeSeconds *int   `json:"sleepTimeSeconds,omitempty"`
	}{flavor, sleepTimeSeconds}
	u, err := c.spaceAPI(id, "hardware")
	if err != nil {
		return nil, err
	}
	var out SpaceRuntime
	var seen *SpaceRuntime
	res, err := c.doJSONChecked(ctx, "POST", u, body, &out, func(ctx context.Context) bool {
		rt, err := c.SpaceRuntime(ctx, id)
		seen = rt
		return err == nil && rt.Hardware.Requested != nil && *rt.Hardware.Requested == flavor
	})
	if res.settled {
		return seen, err
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// SetSleepTime sets the sleep time in seconds, -1 = never (POST .../sleeptime
// {"seconds"}). Retried: it sets a value.
func (c *Client) SetSleepTime(ctx context.Context, id string, seconds int) (*SpaceRuntime, error) {
	body := struct {
		Seconds int `json:"seconds"`
	}{seconds}
	return c.runtimeCall(ctx, "POST", id, "sleeptime", nil, body, retryIdempotent)
}

// PauseSpace pauses a Space (POST .../pause, no body). Retried: pausing twice
// leaves it paused. If a replay after a lost answer fails, the runtime is read
// and a PAUSED stage counts as success, since the Hub's answer to pausing a
// paused Space is not documented.
func (c *Client) PauseSpace(ctx context.Context, id string) (*SpaceRuntime, error) {
	rt, res, err := c.runtimeCallResult(ctx, "POST", id, "pause", nil, nil, retryIdempotent)
	if err != nil && res.replayed && ctx.Err() == nil {
		if now, rerr := c.SpaceRuntime(ctx, id); rerr == nil && now.Stage == "PAUSED" {
			return now, nil
		}
	}
	return rt, err
}

// RestartSpace restarts a Space (POST .../restart, `factory=true` for a
// factory reboot). A replay would restart twice (and, without persistent
// storage, wipe data again), so it is retried only when the Hub provably did
// nothing: a 429 or a failed dial. Not on 5xx or a lost answer, where the
// restart may be under way; the caller can read the runtime.
func (c *Client) RestartSpace(ctx context.Context, id string, factory bool) (*SpaceRuntime, error) {
	var q url.Values
	if factory {
		q = url.Values{"factory": {"true"}}
	}
	return c.runtimeCall(ctx, "POST", id, "restart", q, nil, retryUnprocessed)
}

// runtimeCall sends a request on a Space sub-resource that answers a runtime.
func (c *Client) runtimeCall(ctx context.Context, method, id, suffix string, q url.Values, in any, mode retryMode) (*SpaceRuntime, error) {
	rt, _, err := c.runtimeCallResult(ctx, method, id, suffix, q, in, mode)
	return rt, err
}

func (c *Client) runtimeCallResult(ctx context.Context, method, id, suffix string, q url.Values, in any, mode retryMode) (*SpaceRuntime, sendResult, error) {
	u, err := c.spaceAPI(id, suffix)
	if err != nil {
		return nil, sendResult{}, err
	}
	var out SpaceRuntime
	res, err := c.doJSON(ctx, method, u, q, in, &out, mode)
	if err != nil {
		return nil, res, err
	}
	return &out, res, nil
}

// IsIntermediateStage reports the stages huggingface_hub's wait_for_space
// keeps polling on.
func IsIntermediateStage(stage string) bool {
	switch stage {
	case "BUILDING", "RUNNING_BUILDING", "APP_STARTING", "RUNNING_APP_STARTING":
		return true
	}
	return false
}

// IsErrorStage reports the stages in which the Space failed.
func IsErrorStage(stage string) bool {
	switch stage {
	case "BUILD_ERROR", "RUNTIME_ERROR", "CONFIG_ERROR", "NO_APP_FILE":
		return true
	}
	return false
}
