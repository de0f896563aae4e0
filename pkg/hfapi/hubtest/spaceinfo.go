package hubtest

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"go.yaml.in/yaml/v3"
)

// hubTime is the Hub's timestamp format (ISO 8601 with milliseconds, UTC).
func hubTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// runtimeHardware is SpaceRuntime.hardware.
type runtimeHardware struct {
	Current   *string `json:"current"`
	Requested *string `json:"requested"`
}

type runtimeReplicas struct {
	Requested int  `json:"requested"`
	Current   *int `json:"current,omitempty"`
}

type runtimeDomain struct {
	Domain string `json:"domain"`
	Stage  string `json:"stage"`
}

// runtimeJSON is a SpaceRuntime (reference §6), with the keys the recorded answers show
// (testdata/cassettes): no sdk; volumes left out when none are mounted. A static Space's runtime is
// staticRuntimeJSON.
type runtimeJSON struct {
	Stage        string          `json:"stage"`
	Hardware     runtimeHardware `json:"hardware"`
	Storage      *string         `json:"storage"`
	GCTimeout    *int            `json:"gcTimeout"`
	Replicas     runtimeReplicas `json:"replicas"`
	DevMode      bool            `json:"devMode"`
	Domains      []runtimeDomain `json:"domains"`
	Volumes      []volume        `json:"volumes,omitempty"`
	ErrorMessage string          `json:"errorMessage,omitempty"`
}

// staticRuntimeJSON is a static Space's runtime as recorded (TestSpaceAPIProduction
// .test_static_space_runtime): stage, hardware, storage and replicas only.
type staticRuntimeJSON struct {
	Stage    string          `json:"stage"`
	Hardware runtimeHardware `json:"hardware"`
	Storage  *string         `json:"storage"`
	Replicas runtimeReplicas `json:"replicas"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// appHost is the Space's app URL as this client reaches the emulator: http://{subdomain}.localhost:{port}.
func (c *call) appHost(sp *space) (url, domain string) {
	domain = subdomainOf(sp.ID) + ".localhost"
	if p := portOf(c.r.Host); p != "" {
		domain += ":" + p
	}
	return "http://" + domain, domain
}

// runtime builds the SpaceRuntime of sp now (a runtimeJSON, or a staticRuntimeJSON).
func (c *call) runtime(sp *space) any {
	stage := c.e.stage(sp, c.now)
	if sp.SDK == "static" {
		one := 1
		return staticRuntimeJSON{Stage: stage, Storage: strPtr(sp.StorageTier),
			Replicas: runtimeReplicas{Requested: 1, Current: &one}}
	}
	_, domain := c.appHost(sp)
	rt := runtimeJSON{Stage: stage, Storage: strPtr(sp.StorageTier), GCTimeout: gcTimeout(sp),
		Replicas: runtimeReplicas{Requested: 1}, DevMode: sp.DevMode,
		Domains: []runtimeDomain{{Domain: domain, Stage: "READY"}}, Volumes: sp.Volumes}
	rt.Hardware.Requested = strPtr(sp.Hardware)
	rt.Hardware.Current = strPtr(c.e.currentHardware(sp, c.now))
	if stage == stageRunning {
		one := 1
		rt.Replicas.Current = &one
	}
	if stage == stageBuildError || stage == stageRuntimeError || stage == stageNoAppFile {
		rt.ErrorMessage = sp.ErrorMessage
	}
	return rt
}

// getRuntime answers GET /api/spaces/{ns}/{name}/runtime.
func (c *call) getRuntime(ns, name string) {
	if sp := c.lookup(ns, name, false); sp != nil {
		writeJSON(c.w, http.StatusOK, c.runtime(sp))
	}
}

// expandable are the props accepted by ?expand= (reference §6 "Space info").
var expandable = map[string]bool{"author": true, "cardData": true, "createdAt": true, "datasets": true,
	"disabled": true, "lastModified": true, "likes": true, "models": true, "private": true, "region": true,
	"resourceGroup": true, "runtime": true, "sdk": true, "sha": true, "siblings": true, "subdomain": true,
	"tags": true, "trendingScore": true, "usedStorage": true, "xetEnabled": true}

// spaceInfo answers GET /api/spaces/{ns}/{name}[/revision/{rev}] (reference §6). private is true for
// private and protected Spaces (no documented field tells them apart). With expand=, only those props
// plus _id and id come back (as recorded: {"_id","id","xetEnabled"}); an unknown prop is a 400.
func (c *call) spaceInfo(ns, name, rev string) {
	sp, cm := c.lookupRevision(ns, name, rev)
	if cm == nil {
		return
	}
	host, _ := c.appHost(sp)
	card := cardData(sp.Blobs[cm.Tree["README.md"]])
	siblings := []map[string]string{}
	for _, p := range sortedKeys(cm.Tree) {
		siblings = append(siblings, map[string]string{"rfilename": p})
	}
	tags := []string{}
	if t, ok := card["tags"].([]any); ok {
		for _, v := range t {
			if s, ok := v.(string); ok {
				tags = append(tags, s)
			}
		}
	}
	tags = append(tags, sp.SDK)
	var gated any = false
	if sp.Gated != "" {
		gated = sp.Gated
	}
	var used int64
	for _, b := range sp.Blobs {
		used += int64(len(b))
	}
	full := map[string]any{
		"_id": sp.ObjectID, "id": sp.ID, "author": sp.author(), "sha": cm.Sha, "lastModified": hubTime(sp.head().Date),
		"createdAt": hubTime(sp.CreatedAt), "private": sp.Visibility != "public", "gated": gated,
		"disabled": false, "host": host, "subdomain": subdomainOf(sp.ID), "likes": 0, "sdk": sp.SDK,
		"tags": tags, "cardData": card, "siblings": siblings, "runtime": c.runtime(sp),
		"models": []string{}, "datasets": []string{}, "usedStorage": used, "xetEnabled": false,
	}
	if sp.Region != "" {
		full["region"] = sp.Region
	}
	if card == nil {
		delete(full, "cardData")
	}
	expand := c.r.URL.Query()["expand"]
	if len(expand) == 0 {
		delete(full, "xetEnabled") // only on request, as the client asks for it
		writeJSON(c.w, http.StatusOK, full)
		return
	}
	out := map[string]any{"_id": sp.ObjectID, "id": sp.ID}
	for _, p := range expand {
		if !expandable[p] {
			c.badRequest("invalid expand value %q", p)
			return
		}
		if v, ok := full[p]; ok {
			out[p] = v
		}
	}
	writeJSON(c.w, http.StatusOK, out)
}

// cardData parses the README's YAML front matter; nil when there is none or it is invalid.
func cardData(readme []byte) map[string]any {
	rest, ok := bytes.CutPrefix(bytes.ReplaceAll(readme, []byte("\r\n"), []byte("\n")), []byte("---\n"))
	if !ok {
		return nil
	}
	front, _, ok := bytes.Cut(rest, []byte("\n---"))
	if !ok {
		return nil
	}
	var m map[string]any
	if yaml.Unmarshal(front, &m) != nil || m == nil {
		return nil
	}
	return jsonable(m).(map[string]any)
}

// jsonable converts YAML's map[any]any (non-string keys) into JSON-encodable maps.
func jsonable(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = jsonable(x)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[fmt.Sprint(k)] = jsonable(x)
		}
		return m
	case []any:
		for i, x := range t {
			t[i] = jsonable(x)
		}
		return t
	}
	return v
}
