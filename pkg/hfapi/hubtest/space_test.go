package hubtest

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSpaceInfoAndVisibility(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("acme", "priv", map[string]any{"visibility": "private"}))
	h.createSpace("hf_alice", argillaBody("alice", "Pub_Space", nil))

	info := h.must(200, req{method: "GET", path: "/api/spaces/alice/Pub_Space"}).JSON(t)
	eq(t, "id", info["id"], any("alice/Pub_Space"))
	eq(t, "author", info["author"], any("alice"))
	eq(t, "subdomain", info["subdomain"], any("alice-pub-space"))
	eq(t, "host", info["host"], any("http://alice-pub-space.localhost:"+h.port()))
	eq(t, "private", info["private"], any(false))
	eq(t, "sdk", info["sdk"], any("docker"))
	eq(t, "card title", info["cardData"].(map[string]any)["title"], any("Argilla Space"))
	if sha, _ := info["sha"].(string); len(sha) != 40 {
		t.Errorf("sha = %v", info["sha"])
	}
	for _, k := range []string{"_id", "lastModified", "createdAt", "gated", "disabled", "likes", "tags", "siblings", "runtime"} {
		if _, ok := info[k]; !ok {
			t.Errorf("space info lacks %s", k)
		}
	}
	if n := len(info["siblings"].([]any)); n != 4 {
		t.Errorf("%d siblings, want 4", n)
	}
	domains := info["runtime"].(map[string]any)["domains"].([]any)
	eq(t, "domain", domains[0].(map[string]any)["domain"], any("alice-pub-space.localhost:"+h.port()))

	exp := h.must(200, req{method: "GET", path: "/api/spaces/alice/Pub_Space?expand=sha&expand=runtime"}).JSON(t)
	if len(exp) != 4 || exp["sha"] == nil || exp["runtime"] == nil || exp["id"] == nil || exp["_id"] == nil {
		t.Errorf("expand answer = %v", exp)
	}
	h.must(400, req{method: "GET", path: "/api/spaces/alice/Pub_Space?expand=nope"})
	rev := h.must(404, req{method: "GET", path: "/api/spaces/alice/Pub_Space/revision/refs%2Fpr%2F1"})
	eq(t, "revision code", rev.Header.Get("X-Error-Code"), "RevisionNotFound")
	byRev := h.must(200, req{method: "GET", path: "/api/spaces/alice/Pub_Space/revision/" + info["sha"].(string)}).JSON(t)
	eq(t, "sha by revision", byRev["sha"], info["sha"])

	// Private: 401 anonymous, 404 for outsiders, 200 for members (any role but no_access).
	anon := h.must(401, req{method: "GET", path: "/api/spaces/acme/priv"})
	eq(t, "anon code", anon.Header.Get("X-Error-Code"), "RepoNotFound")
	h.createSpace("hf_alice", map[string]any{"name": "mine", "type": "space", "sdk": "static", "private": true})
	out := h.must(404, req{method: "GET", path: "/api/spaces/alice/mine", token: "hf_bob"})
	eq(t, "outsider code", out.Header.Get("X-Error-Code"), "RepoNotFound")
	eq(t, "same as missing", h.must(404, req{method: "GET", path: "/api/spaces/alice/none", token: "hf_bob"}).Header.Get("X-Error-Code"), "RepoNotFound")
	eq(t, "member private", h.must(200, req{method: "GET", path: "/api/spaces/acme/priv", token: "hf_bob"}).JSON(t)["private"], any(true))
	// A read member sees the Space but cannot change it.
	h.must(403, req{method: "POST", path: "/api/spaces/acme/priv/restart", token: "hf_bob"})
	h.must(401, req{method: "POST", path: "/api/spaces/alice/Pub_Space/restart"})
}

func TestSettings(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "s", nil))
	path := "/api/spaces/alice/s/settings"
	h.must(400, req{method: "PUT", path: path, token: "hf_alice", body: map[string]any{}})
	h.must(400, req{method: "PUT", path: path, token: "hf_alice", body: map[string]any{"visibility": "private", "private": true}})
	h.must(400, req{method: "PUT", path: path, token: "hf_alice", body: map[string]any{"visibility": "secret"}})
	h.must(403, req{method: "PUT", path: path, token: "hf_alice_read", body: map[string]any{"visibility": "private"}})

	r := h.must(200, req{method: "PUT", path: path, token: "hf_alice", body: map[string]any{"visibility": "protected"}}).JSON(t)
	eq(t, "visibility", r["visibility"], any("protected"))
	eq(t, "private", r["private"], any(true))
	eq(t, "restarted", h.space("alice/s").Restarts, 1)
	// Same visibility again, and gated: no restart.
	h.must(200, req{method: "PUT", path: path, token: "hf_alice", body: map[string]any{"visibility": "protected", "gated": "auto"}})
	eq(t, "no restart without change", h.space("alice/s").Restarts, 1)
	h.must(200, req{method: "PUT", path: path, token: "hf_alice", body: map[string]any{"private": false}})
	eq(t, "legacy private=false", h.space("alice/s").Visibility, "public")

	h.must(200, req{method: "POST", path: "/api/repos/create", token: "hf_bob", body: map[string]any{"name": "st", "type": "space", "sdk": "static"}})
	h.must(402, req{method: "PUT", path: "/api/spaces/bob/st/settings", token: "hf_bob", body: map[string]any{"visibility": "protected"}})
}

func TestSecretsAndVariables(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "kv", nil))
	base := "/api/spaces/alice/kv/"

	r := h.must(200, req{method: "POST", path: base + "secrets", token: "hf_alice", body: map[string]any{"key": "API_KEY", "value": "long-enough-key", "description": "owner key"}})
	eq(t, "secret POST body", string(r.Body), "{}")
	list := h.must(200, req{method: "GET", path: base + "secrets", token: "hf_alice"})
	if strings.Contains(string(list.Body), "long-enough-key") {
		t.Fatal("secret value leaked by GET secrets")
	}
	entry := list.JSON(t)["API_KEY"].(map[string]any)
	eq(t, "secret key", entry["key"], any("API_KEY"))
	eq(t, "secret description", entry["description"], any("owner key"))
	if ts, _ := entry["updatedAt"].(string); !strings.HasSuffix(ts, "Z") {
		t.Errorf("updatedAt = %v", entry["updatedAt"])
	}
	h.must(400, req{method: "POST", path: base + "secrets", token: "hf_alice", body: map[string]any{"key": "bad-key", "value": "x"}})
	h.must(403, req{method: "GET", path: base + "secrets", token: "hf_bob"})

	eq(t, "delete secret", string(h.must(200, req{method: "DELETE", path: base + "secrets", token: "hf_alice", body: map[string]any{"key": "API_KEY"}}).Body), "{}")
	eq(t, "delete missing secret", string(h.must(200, req{method: "DELETE", path: base + "secrets", token: "hf_alice", body: map[string]any{"key": "API_KEY"}}).Body), "{}")
	eq(t, "restarts after secret add+delete", h.space("alice/kv").Restarts, 2)

	vars := h.must(200, req{method: "POST", path: base + "variables", token: "hf_alice", body: map[string]any{"key": "A", "value": "1"}}).JSON(t)
	eq(t, "variable map after POST", vars["A"].(map[string]any)["value"], any("1"))
	vars = h.must(200, req{method: "POST", path: base + "variables", token: "hf_alice", body: map[string]any{"key": "B", "value": "2"}}).JSON(t)
	if len(vars) != 2 {
		t.Errorf("POST variables returned %v, want the whole map", vars)
	}
	vars = h.must(200, req{method: "DELETE", path: base + "variables", token: "hf_alice", body: map[string]any{"key": "A"}}).JSON(t)
	if _, ok := vars["A"]; ok || len(vars) != 1 {
		t.Errorf("DELETE variables returned %v", vars)
	}
	vars = h.must(200, req{method: "GET", path: base + "variables", token: "hf_bob"}).JSON(t)
	eq(t, "public variables", vars["B"].(map[string]any)["value"], any("2"))
	h.must(403, req{method: "POST", path: base + "variables", token: "hf_bob", body: map[string]any{"key": "C", "value": "3"}})
	eq(t, "restarts", h.space("alice/kv").Restarts, 5)
	eq(t, "wipes (no storage)", h.space("alice/kv").Wipes, 5)
}

func TestHardwareSleepPauseRestart(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "hw", nil))
	base := "/api/spaces/alice/hw/"
	h.settle()

	// Sleep time on cpu-basic: accepted, ignored.
	rt := h.must(200, req{method: "POST", path: base + "sleeptime", token: "hf_alice", body: map[string]any{"seconds": 3600}}).JSON(t)
	eq(t, "cpu-basic gcTimeout", rt["gcTimeout"], any(float64(172800)))
	eq(t, "sleeptime does not restart", h.space("alice/hw").Restarts, 0)
	h.must(400, req{method: "POST", path: base + "sleeptime", token: "hf_alice", body: map[string]any{"seconds": -5}})

	rt = h.must(200, req{method: "POST", path: base + "hardware", token: "hf_alice", body: map[string]any{"flavor": "t4-small"}}).JSON(t)
	hw := rt["hardware"].(map[string]any)
	eq(t, "requested", hw["requested"], any("t4-small"))
	eq(t, "current while rebuilding", hw["current"], any("cpu-basic"))
	eq(t, "upgraded gcTimeout", rt["gcTimeout"], any(nil))
	eq(t, "stage", rt["stage"], any("BUILDING"))
	rt = h.must(200, req{method: "POST", path: base + "sleeptime", token: "hf_alice", body: map[string]any{"seconds": 600}}).JSON(t)
	eq(t, "upgraded sleep", rt["gcTimeout"], any(float64(600)))
	h.must(400, req{method: "POST", path: base + "hardware", token: "hf_alice", body: map[string]any{"flavor": "h100"}})
	h.must(200, req{method: "POST", path: base + "hardware", token: "hf_alice", body: map[string]any{"flavor": "cpu-basic"}})
	eq(t, "back to cpu-basic", *h.space("alice/hw").GCTimeout, 172800)

	h.settle()
	rt = h.must(200, req{method: "POST", path: base + "pause", token: "hf_alice"}).JSON(t)
	eq(t, "paused", rt["stage"], any("PAUSED"))
	h.settle()
	eq(t, "still paused", h.space("alice/hw").Stage, "PAUSED")
	rt = h.must(200, req{method: "POST", path: base + "restart?factory=true", token: "hf_alice"}).JSON(t)
	eq(t, "restarted", rt["stage"], any("BUILDING"))
	s := h.space("alice/hw")
	eq(t, "restarts", s.Restarts, 3)
	eq(t, "builds", s.Builds, 4)
}

func TestVolumesAndLegacyStorage(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "vol", nil))
	base := "/api/spaces/alice/vol/"
	h.must(400, req{method: "PUT", path: base + "volumes", token: "hf_alice", body: map[string]any{"volumes": []any{}}})
	h.must(400, req{method: "DELETE", path: base + "volumes", token: "hf_alice"})
	h.must(200, req{method: "POST", path: "/api/buckets/alice/vol-data", token: "hf_alice"})
	h.must(200, req{method: "PUT", path: base + "volumes", token: "hf_alice", body: map[string]any{"volumes": []map[string]any{
		{"type": "bucket", "source": "alice/vol-data", "mountPath": "/data"},
		{"type": "dataset", "source": "someone/ds", "mountPath": "/ds"}}}})
	s := h.space("alice/vol")
	eq(t, "volumes", len(s.Volumes), 2)
	eq(t, "dataset read-only", s.Volumes[1].ReadOnly, true)
	eq(t, "persistent", s.Persistent, true)
	h.must(400, req{method: "PUT", path: base + "volumes", token: "hf_alice", body: map[string]any{"volumes": []map[string]any{
		{"type": "model", "source": "a/b", "mountPath": "/m", "readOnly": false}}}})
	h.must(200, req{method: "DELETE", path: base + "volumes", token: "hf_alice"})
	eq(t, "restarts", h.space("alice/vol").Restarts, 2)

	r := h.must(400, req{method: "POST", path: base + "storage", token: "hf_alice", body: map[string]any{"tier": "small"}})
	if !strings.Contains(string(r.Body), "bucket") {
		t.Errorf("storage 400 should point at buckets: %s", r.Body)
	}

	legacy := newHub(t, Options{LegacyStorage: true})
	legacy.createSpace("hf_alice", argillaBody("alice", "old", map[string]any{"storageTier": "small"}))
	base = "/api/spaces/alice/old/"
	eq(t, "tier", legacy.space("alice/old").StorageTier, "small")
	rt := legacy.must(200, req{method: "POST", path: base + "storage", token: "hf_alice", body: map[string]any{"tier": "medium"}}).JSON(t)
	eq(t, "runtime storage", rt["storage"], any("medium"))
	legacy.must(400, req{method: "POST", path: base + "storage", token: "hf_alice", body: map[string]any{"tier": "small"}})
	before := legacy.space("alice/old")
	eq(t, "upgrade keeps data", before.Wipes, 0)
	legacy.must(200, req{method: "DELETE", path: base + "storage", token: "hf_alice"})
	eq(t, "delete wipes", legacy.space("alice/old").Wipes, 1)
	legacy.must(400, req{method: "DELETE", path: base + "storage", token: "hf_alice"})
}

func TestRuntimeShape(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("alice", "rt", nil))
	var rt runtimeJSON
	json.Unmarshal(h.must(200, req{method: "GET", path: "/api/spaces/alice/rt/runtime"}).Body, &rt)
	eq(t, "stage", rt.Stage, "BUILDING")
	eq(t, "current", rt.Hardware.Current == nil, true)
	eq(t, "requested", *rt.Hardware.Requested, "cpu-basic")
	eq(t, "replicas", rt.Replicas.Requested, 1)
	h.settle()
	json.Unmarshal(h.must(200, req{method: "GET", path: "/api/spaces/alice/rt/runtime"}).Body, &rt)
	eq(t, "stage", rt.Stage, "RUNNING")
	eq(t, "replicas current", *rt.Replicas.Current, 1)
}

// TestIdsIgnoreCase: lookups ignore case and answers carry the Hub's spelling; a namespace given in
// another case is stored as the account spells it.
func TestIdsIgnoreCase(t *testing.T) {
	h := newHub(t, Options{})
	h.createSpace("hf_alice", argillaBody("ACME", "Demo", nil))
	info := h.must(200, req{method: "GET", path: "/api/spaces/acme/demo", token: "hf_alice"}).JSON(t)
	eq(t, "id", info["id"], any("acme/Demo"))
	eq(t, "author", info["author"], any("acme"))
	h.must(200, req{method: "GET", path: "/api/spaces/Acme/DEMO/runtime", token: "hf_alice"})
	h.must(200, req{method: "HEAD", path: "/spaces/ACME/demo/resolve/main/Dockerfile", token: "hf_alice"})
	h.must(200, req{method: "POST", path: "/api/spaces/acme/DEMO/variables", token: "hf_alice", body: map[string]any{"key": "K", "value": "v"}})
	eq(t, "variable set through another case", h.space("acme/Demo").Variables["K"], "v")
	h.must(409, req{method: "POST", path: "/api/repos/create", token: "hf_alice", body: argillaBody("acme", "DEMO", nil)})
	h.must(200, req{method: "POST", path: "/api/buckets/ACME/Data", token: "hf_alice"})
	b := h.must(409, req{method: "POST", path: "/api/buckets/acme/data", token: "hf_alice"}).JSON(t)
	eq(t, "bucket url", b["url"], any(h.srv.URL+"/buckets/acme/Data"))
}
