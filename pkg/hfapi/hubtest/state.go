package hubtest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/argilla-space/argilla-space/internal/atomicfile"
)

// state is everything the emulator knows. It is plain data so that it round-trips through JSON: with
// Options.StateFile it is loaded and saved around every request.
type state struct {
	World    *World             `json:"world"`
	Seq      int64              `json:"seq"` // counter behind every generated id (shared across processes)
	Spaces   map[string]*space  `json:"spaces"`
	Buckets  map[string]*bucket `json:"buckets"`
	Requests []RequestRecord    `json:"requests"`
}

// maxRequests bounds the request log so a long-running emulator's state file stays small.
const maxRequests = 5000

// space is one Space repo with its settings, git history, lifecycle and Argilla data.
type space struct {
	ID                  string              `json:"id"`
	ObjectID            string              `json:"objectId"`
	Creator             string              `json:"creator"`
	SDK                 string              `json:"sdk"`
	Visibility          string              `json:"visibility"`
	Gated               string              `json:"gated,omitempty"` // "" means false
	DiscussionsDisabled bool                `json:"discussionsDisabled,omitempty"`
	Hardware            string              `json:"hardware,omitempty"`  // requested flavor; "" for static
	SleepTime           *int                `json:"sleepTime,omitempty"` // only kept on upgraded hardware; -1 = never
	Secrets             map[string]*setting `json:"secrets"`
	Variables           map[string]*setting `json:"variables"`
	Volumes             []volume            `json:"volumes,omitempty"`
	StorageTier         string              `json:"storageTier,omitempty"`
	DevMode             bool                `json:"devMode,omitempty"`
	Region              string              `json:"region,omitempty"`
	CreatedAt           time.Time           `json:"createdAt"`
	Blobs               map[string][]byte   `json:"blobs"`   // git blob sha1 -> content
	Commits             []commit            `json:"commits"` // oldest first; the last is the head of main
	Template            bool                `json:"template,omitempty"`

	// Lifecycle: the stage is computed from StartedAt and the clock (lifecycle.go).
	StartedAt     time.Time   `json:"startedAt"`
	Paused        bool        `json:"paused,omitempty"`
	PrevHardware  string      `json:"prevHardware,omitempty"`  // hardware.current while (re)building
	StartHardware string      `json:"startHardware,omitempty"` // the flavor this start runs on
	Outcome       string      `json:"outcome,omitempty"`       // "", BUILD_ERROR, RUNTIME_ERROR or NO_APP_FILE
	ErrorMessage  string      `json:"errorMessage,omitempty"`
	ForceFail     *forcedFail `json:"forceFail,omitempty"`
	Restarts      int         `json:"restarts"`
	Wipes         int         `json:"wipes"`
	Builds        int         `json:"builds"`
	BuildLog      []logEvent  `json:"buildLog,omitempty"`
	RunLog        []logEvent  `json:"runLog,omitempty"`
	DataLoc       string      `json:"dataLoc"` // where the running app keeps /data: ephemeral, tier or bucket:<id>
	Ephemeral     *appData    `json:"ephemeral,omitempty"`
	TierData      *appData    `json:"tierData,omitempty"`
	Providers     []string    `json:"providers,omitempty"`  // OAuth providers read at start
	AppVersion    string      `json:"appVersion,omitempty"` // Argilla version of the image this start runs
	AppSecret     string      `json:"appSecret,omitempty"`  // Argilla's JWT key, drawn at each start
}

// setting is a secret or a variable.
type setting struct {
	Value       string    `json:"value"`
	Description string    `json:"description,omitempty"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

// volume is a mounted volume, normalized (reference §5.2 shape, camelCase as the runtime shows it).
type volume struct {
	Type      string `json:"type"`
	Source    string `json:"source"`
	MountPath string `json:"mountPath"`
	Revision  string `json:"revision,omitempty"`
	ReadOnly  bool   `json:"readOnly"`
	Path      string `json:"path,omitempty"`
}

// commit is a git commit of main: a full snapshot (path -> blob sha).
type commit struct {
	Sha     string            `json:"sha"`
	Parent  string            `json:"parent,omitempty"`
	Title   string            `json:"title"`
	Message string            `json:"message,omitempty"`
	Author  string            `json:"author"`
	Date    time.Time         `json:"date"`
	Tree    map[string]string `json:"tree"`
}

// forcedFail is a failure planted by POST /_emulator/spaces/{ns}/{name}/fail for the next start.
type forcedFail struct {
	Stage   string `json:"stage"`
	Message string `json:"message"`
}

// logEvent is one line of a build or run log, due at Time.
type logEvent struct {
	Time time.Time `json:"time"`
	Text string    `json:"text"`
}

// bucket is a Storage Bucket; Data is the Argilla data of the apps that mount it at /data.
type bucket struct {
	ID        string    `json:"id"`
	ObjectID  string    `json:"objectId"`
	Private   bool      `json:"private"`
	Region    string    `json:"region,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	Data      *appData  `json:"data,omitempty"`
}

// newState is the initial state: the world plus the template Spaces.
func newState(w *World, seed int64, now time.Time) *state {
	st := &state{World: w.clone().withImplicitOrgs(), Spaces: map[string]*space{}, Buckets: map[string]*bucket{}}
	for _, t := range templates() {
		ns, _, _ := splitRepoID(t.RepoID)
		sp := &space{ID: t.RepoID, ObjectID: st.newID(seed, "space"), Creator: ns, SDK: t.SDK, Visibility: "public",
			Secrets: map[string]*setting{}, Variables: map[string]*setting{}, Blobs: map[string][]byte{},
			Template: true, CreatedAt: templateEpoch, DataLoc: locEphemeral, Ephemeral: &appData{}}
		if t.SDK != "static" {
			sp.Hardware, sp.StartHardware = "cpu-basic", "cpu-basic"
		}
		files := map[string][]byte{}
		for p, c := range t.Files {
			files[p] = []byte(c)
		}
		sp.addCommit(files, "initial commit", "", ns, templateEpoch)
		st.Spaces[sp.ID] = sp
	}
	return st
}

// templateEpoch dates the template Spaces (Argilla v2.8.0's release day).
var templateEpoch = time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)

// newID returns a fresh 24-hex object id. It hashes the seed and a counter kept in the state, so ids are
// deterministic for a seed and never collide between processes sharing a state file.
func (st *state) newID(seed int64, kind string) string {
	st.Seq++
	sum := sha1.Sum([]byte(fmt.Sprintf("%d/%s/%d", seed, kind, st.Seq)))
	return hex.EncodeToString(sum[:])[:24]
}

// newUUID returns a deterministic UUID-shaped id (Argilla ids are UUIDs).
func (st *state) newUUID(seed int64) string {
	h := st.newID(seed, "uuid") + st.newID(seed, "uuid")[:8]
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
}

// logRequest appends to the request log, dropping the oldest beyond maxRequests.
func (st *state) logRequest(rec RequestRecord) {
	st.Requests = append(st.Requests, rec)
	if n := len(st.Requests); n > maxRequests {
		st.Requests = append([]RequestRecord(nil), st.Requests[n-maxRequests:]...)
	}
}

// findSpaceFold finds a Space whose id equals id ignoring case: every lookup, and the conflict check of
// create. An exact match is tried first (the common case, no scan).
func (st *state) findSpaceFold(id string) *space {
	if sp := st.Spaces[id]; sp != nil {
		return sp
	}
	for k, sp := range st.Spaces {
		if strings.EqualFold(k, id) {
			return sp
		}
	}
	return nil
}

// findBucketFold finds a bucket by id ignoring case.
func (st *state) findBucketFold(id string) *bucket {
	if b := st.Buckets[id]; b != nil {
		return b
	}
	for k, b := range st.Buckets {
		if strings.EqualFold(k, id) {
			return b
		}
	}
	return nil
}

// blobSHA is git's blob object id: sha1("blob <len>\0<content>").
func blobSHA(content []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(content))
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}

// head is the latest commit of main.
// author is the Space's namespace, as the Hub spells it.
func (sp *space) author() string {
	ns, _, _ := strings.Cut(sp.ID, "/")
	return ns
}

func (sp *space) head() *commit { return &sp.Commits[len(sp.Commits)-1] }

// addCommit records a commit whose tree is files (a full snapshot). Its sha is derived from the parent,
// the messages and the tree only, so the same change on the same parent always gets the same sha.
func (sp *space) addCommit(files map[string][]byte, title, message, author string, now time.Time) *commit {
	tree := make(map[string]string, len(files))
	paths := make([]string, 0, len(files))
	for p, c := range files {
		sha := blobSHA(c)
		sp.Blobs[sha] = c
		tree[p] = sha
		paths = append(paths, p)
	}
	sort.Strings(paths)
	parent := ""
	if len(sp.Commits) > 0 {
		parent = sp.head().Sha
	}
	h := sha1.New()
	fmt.Fprintf(h, "parent %s\x00title %s\x00message %s\x00", parent, title, message)
	for _, p := range paths {
		fmt.Fprintf(h, "%s\x00%s\n", p, tree[p])
	}
	sp.Commits = append(sp.Commits, commit{Sha: hex.EncodeToString(h.Sum(nil)), Parent: parent, Title: title,
		Message: message, Author: author, Date: now, Tree: tree})
	return sp.head()
}

// files returns the snapshot of a commit as path -> content.
func (sp *space) files(c *commit) map[string][]byte {
	out := make(map[string][]byte, len(c.Tree))
	for p, sha := range c.Tree {
		out[p] = sp.Blobs[sha]
	}
	return out
}

// revision resolves "main" or a full 40-hex commit sha.
func (sp *space) revision(rev string) (*commit, bool) {
	if rev == "main" {
		return sp.head(), true
	}
	if len(rev) == 40 {
		for i := range sp.Commits {
			if sp.Commits[i].Sha == rev {
				return &sp.Commits[i], true
			}
		}
	}
	return nil, false
}

// readStateFile loads the state file; a missing file gives (nil, nil).
func readStateFile(path string) (*state, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	if st.World == nil || st.Spaces == nil || st.Buckets == nil {
		return nil, fmt.Errorf("state file %s: not an emulator state", path)
	}
	return &st, nil
}

// writeStateFile saves atomically and durably (temporary file, fsync, rename, fsync of the directory):
// a crash leaves the old state or the new one, never a torn file.
func writeStateFile(path string, st *state) error {
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data, 0o600)
}
