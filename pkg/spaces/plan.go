package spaces

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// ChangeKind names one kind of change to a Space; each maps to one Hub request.
type ChangeKind string

// The changes a plan can hold, one Hub request each.
const (
	KindCreateBucket      ChangeKind = "create-bucket"
	KindCreateSpace       ChangeKind = "create-space"
	KindSetVolumes        ChangeKind = "set-volumes"
	KindDeleteVolumes     ChangeKind = "delete-volumes"
	KindSetStorageTier    ChangeKind = "set-storage-tier"
	KindDeleteStorageTier ChangeKind = "delete-storage-tier"
	KindVisibility        ChangeKind = "set-visibility"
	KindHardware          ChangeKind = "set-hardware"
	KindSleep             ChangeKind = "set-sleep-time"
	KindSetVariable       ChangeKind = "set-variable"
	KindDeleteVariable    ChangeKind = "delete-variable"
	KindSetSecret         ChangeKind = "set-secret"
	KindDeleteSecret      ChangeKind = "delete-secret"
	KindCommitFile        ChangeKind = "commit-file"
	KindRestart           ChangeKind = "restart"
	KindPause             ChangeKind = "pause"
	KindDeleteSpace       ChangeKind = "delete-space"
)

// Change is one step of a plan. Exported fields are what `--dry-run` and `plan -o json` show; they never
// hold a secret value.
type Change struct {
	Kind      ChangeKind `json:"kind"`
	Target    string     `json:"target,omitempty"` // key, file path, bucket or flavor
	From      string     `json:"from,omitempty"`
	To        string     `json:"to,omitempty"`
	Summary   string     `json:"summary"`
	Restarts  bool       `json:"restarts"`
	LosesData bool       `json:"losesData"`
	// Exposes is set when the change makes a private or protected Space public: anyone can then see it
	// and, with OAuth on, sign in as an annotator. The guard asks for it as it does for data loss.
	Exposes bool `json:"exposes"`
	// ConfirmName is set when only the Space's name typed back confirms this change (delete, removing
	// persistence).
	ConfirmName string `json:"confirmName,omitempty"`
	Diff        string `json:"diff,omitempty"`
	// Source is the ${NAME} a secret or variable is read from. Such a value is never shown: a secret's
	// never is, and a variable's from the environment may be one the spec's author did not mean to show.
	Source string `json:"source,omitempty"`

	value      string // the secret's or variable's value, sent but never shown
	prevSecret *hfapi.SecretInfo
	create     *hfapi.CreateRepoRequest
	volumes    []hfapi.Volume
	content    []byte
	parent     string
	factory    bool
	seconds    int
	sleep      *int // set by Apply on a hardware change followed by a sleep change
}

// Plan is the ordered list of changes that makes a Space match a Spec.
type Plan struct {
	Space            string   `json:"space"`
	Exists           bool     `json:"exists"`
	PersistentBefore bool     `json:"persistentBefore"`
	PersistentAfter  bool     `json:"persistentAfter"`
	Changes          []Change `json:"changes"`
	Warnings         []string `json:"warnings,omitempty"`
	// AtStake is what Argilla holds now, counted when the plan can lose data and Argilla answered.
	AtStake   *argilla.Stakes `json:"atStake,omitempty"`
	stakesErr error           // why it was not counted
}

// Empty reports whether there is nothing to do.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 }

// Restarts reports whether applying the plan restarts the Space.
func (p *Plan) Restarts() bool {
	for _, c := range p.Changes {
		if c.Restarts {
			return true
		}
	}
	return false
}

// LosesData reports whether any change can lose Argilla data.
func (p *Plan) LosesData() bool {
	for _, c := range p.Changes {
		if c.LosesData {
			return true
		}
	}
	return false
}

// Exposes reports whether any change makes a private Space public.
func (p *Plan) Exposes() bool {
	for _, c := range p.Changes {
		if c.Exposes {
			return true
		}
	}
	return false
}

// Mutations counts the Hub requests that change something.
func (p *Plan) Mutations() int { return len(p.Changes) }

// Template is what a new Space starts from: the official Argilla template and its OAuth file.
type Template struct {
	RepoID           string
	SDK              string
	PreferredPrivate bool
	OAuthPath        string
	OAuthFile        []byte
	Dockerfile       []byte
}

// TemplateID is the official Argilla template Space (argilla-on-spaces §1).
const TemplateID = "argilla/argilla-template-space"

// Lifecycle operations a command can ask of the engine besides the spec.
const (
	OpRestart        = "restart"
	OpFactoryRestart = "factory-restart"
	OpPause          = "pause"
	OpDelete         = "delete"
)

// PlanOptions tune one plan.
type PlanOptions struct {
	Template        *Template     // needed when the Space does not exist yet
	RotateSecrets   bool          // (re)send every secret of the spec, not only missing ones
	RotateKeys      []string      // (re)send these secrets even when present
	ForceVisibility bool          // send the visibility even when `private` already matches (private vs protected)
	Operation       string        // one of the Op* constants, after the spec's changes
	GenerateSecret  func() string // for ARGILLA_AUTH_SECRET_KEY; default crypto/rand
	// AnyArgillaVersion lets the spec pin an Argilla version argilla-space does not know (--any-version).
	AnyArgillaVersion bool
	// CarryData: a migration backs Argilla up before a storage change and restores it after, so the
	// change's summary says the data is carried over (the guard still asks: it restarts the Space).
	CarryData bool
	// NewSpace: the Space was created by this run, so its database holds nothing an older Argilla
	// version could not read (a Hub that dropped the inline Dockerfile built the template's version).
	NewSpace bool
}

// Secret keys the Argilla image reads (argilla-on-spaces §1.4).
const (
	SecretUsername  = "USERNAME"
	SecretPassword  = "PASSWORD"
	SecretAPIKey    = "API_KEY"
	SecretSessionKy = "ARGILLA_AUTH_SECRET_KEY"
)

// NewPlan compares the spec with the observed state and returns the changes, in the order that keeps
// data safest: persistence first, removal of persistence last.
func NewPlan(spec Spec, st *State, opts PlanOptions) (*Plan, error) {
	id, err := ParseID(spec.Space, "")
	if err != nil {
		return nil, err
	}
	p := &Plan{Space: id.String(), Exists: st.Exists, Changes: []Change{}}
	if !st.Exists {
		if opts.Operation != "" {
			return nil, fmt.Errorf("%s does not exist", id)
		}
		return p, planCreate(p, id, spec, opts)
	}
	p.PersistentBefore = st.Persistent()
	persistent := p.PersistentBefore
	add := func(c Change) {
		if c.Restarts && !persistent {
			c.LosesData = true
		}
		p.Changes = append(p.Changes, c)
	}

	note := wipeNote
	if opts.CarryData {
		note = carryNote
	}
	removal, err := planStorage(p, id, spec, st, note, &persistent, add)
	if err != nil {
		return nil, err
	}
	if err := planSettings(spec, st, opts, add); err != nil {
		return nil, err
	}
	planVariables(spec, st, add)
	planSecrets(spec, st, opts, add)
	if err := planOAuth(p, spec, st, add); err != nil {
		return nil, err
	}
	if err := planVersion(p, spec, st, opts, add); err != nil {
		return nil, err
	}
	for _, c := range removal {
		add(c)
		persistent = false
	}
	if err := planOperation(p, id, opts.Operation, persistent, st.Stage(), add); err != nil {
		return nil, err
	}
	p.PersistentAfter = persistent
	return p, nil
}

func planCreate(p *Plan, id ID, spec Spec, opts PlanOptions) error {
	t := opts.Template
	if t == nil {
		return fmt.Errorf("internal: no template to create %s from", id)
	}
	req := hfapi.CreateRepoRequest{
		Name: id.Name, Organization: id.Owner, Type: "space", SDK: t.SDK, Template: t.RepoID,
		Visibility: spec.Visibility, Hardware: spec.Hardware,
	}
	if req.Visibility == "" {
		req.Visibility = "public"
		if t.PreferredPrivate {
			req.Visibility = "private"
		}
	}
	if spec.SleepTime != "" {
		secs, _ := ParseSleep(spec.SleepTime)
		switch {
		case spec.Hardware != "" && spec.Hardware != "cpu-basic":
			req.SleepTimeSeconds = &secs
		case secs != cpuBasicSleep:
			return refusedf(nil, "%s", sleepOnCPUBasic)
		}
	}
	st := spec.Storage
	if st == nil {
		st = &StorageSpec{Type: StorageBucket}
	}
	switch {
	case st.Type == StorageBucket:
		bucket, err := bucketName(id, st.Bucket)
		if err != nil {
			return err
		}
		p.Changes = append(p.Changes, Change{Kind: KindCreateBucket, Target: bucket,
			Summary: fmt.Sprintf("create storage bucket %s (kept if it exists)", bucket)})
		req.Volumes = []hfapi.Volume{{Type: "bucket", Source: bucket, MountPath: DataMount}}
		p.PersistentAfter = true
	case IsLegacyTier(st.Type):
		req.StorageTier = st.Type
		p.PersistentAfter = true
	default:
		p.Warnings = append(p.Warnings, ephemeralWarning)
	}
	secrets, _ := desiredSecrets(spec)
	gen := opts.GenerateSecret
	if gen == nil {
		gen = GenerateSecret
	}
	if spec.Owner != nil {
		if _, ok := secrets[SecretSessionKy]; !ok {
			secrets[SecretSessionKy] = gen()
		}
	}
	for _, k := range sortedKeys(secrets) {
		req.Secrets = append(req.Secrets, hfapi.KeyValue{Key: k, Value: secrets[k]})
	}
	for _, k := range sortedKeys(spec.Variables) {
		req.Variables = append(req.Variables, hfapi.KeyValue{Key: k, Value: spec.Variables[k]})
	}
	content, err := oauthContent(spec.OAuth, t.OAuthPath, t.OAuthFile, t.Dockerfile)
	if err != nil {
		return err
	}
	if content != nil && string(content) != string(t.OAuthFile) {
		req.Files = []hfapi.InlineFile{hfapi.NewInlineFile(t.OAuthPath, content)}
	}
	dockerfile, err := pinTemplateVersion(spec, t, opts)
	if err != nil {
		return err
	}
	if dockerfile != nil {
		req.Files = append(req.Files, hfapi.NewInlineFile(DockerfilePath, dockerfile))
	}
	summary := fmt.Sprintf("create %s Space %s from %s", req.Visibility, id, t.RepoID)
	p.Changes = append(p.Changes, Change{Kind: KindCreateSpace, Target: id.String(), Summary: summary,
		To: describeCreate(req, spec), create: &req})
	return nil
}

const ephemeralWarning = "storage is ephemeral: EVERY restart (any settings change, a push, the 48 h sleep on cpu-basic, Hub maintenance) wipes all Argilla users, datasets and annotations"

// describeCreate lists what a new Space gets: keys, and where values come from, never values.
func describeCreate(r hfapi.CreateRepoRequest, spec Spec) string {
	withSource := func(key string, from map[string]string) string {
		if name, ok := from[key]; ok {
			return key + " (from " + EnvRef(name) + ")"
		}
		return key
	}
	var parts []string
	if r.Hardware != "" {
		parts = append(parts, "hardware "+r.Hardware)
	}
	for _, v := range r.Volumes {
		parts = append(parts, fmt.Sprintf("bucket %s at %s", v.Source, v.MountPath))
	}
	if r.StorageTier != "" {
		parts = append(parts, "legacy storage tier "+r.StorageTier)
	}
	var keys []string
	for _, s := range r.Secrets {
		keys = append(keys, withSource(s.Key, spec.SecretFrom))
	}
	if len(keys) > 0 {
		parts = append(parts, "secrets "+strings.Join(keys, ", "))
	}
	keys = keys[:0]
	for _, v := range r.Variables {
		keys = append(keys, withSource(v.Key, spec.VariableFrom))
	}
	if len(keys) > 0 {
		parts = append(parts, "variables "+strings.Join(keys, ", "))
	}
	for _, f := range r.Files {
		parts = append(parts, "file "+f.Path)
	}
	return strings.Join(parts, "; ")
}

// cpuBasicSleep is the sleep time the Hub fixes on cpu-basic (reference §6: gcTimeout 172800).
const cpuBasicSleep = 48 * 60 * 60

// sleepOnCPUBasic refuses a sleep time the Hub would ignore: it fixes cpu-basic's at 48 h and answers OK.
const sleepOnCPUBasic = "the sleep time cannot be set on cpu-basic hardware (the Hub fixes it at 48 h); choose paid hardware such as cpu-upgrade, or leave the sleep time out"

// DefaultBucket is the bucket a Space's data goes to unless told otherwise: OWNER/NAME-data.
func DefaultBucket(id ID) string { return id.Owner + "/" + id.Name + "-data" }

// bucketName is the bucket named, else the default one, refused before any request when the Hub would
// refuse it: a Space name of 92 or more characters leaves no room for "-data".
func bucketName(id ID, named string) (string, error) {
	if named != "" {
		return named, nil // checked where it was given (flag or spec)
	}
	b := DefaultBucket(id)
	if _, err := ParseBucketID(b); err != nil {
		return "", refusedf(err, "the default storage bucket %s is not a valid name (%v): name the bucket yourself (create --bucket OWNER/NAME, or storage.bucket in the spec file)", b, err)
	}
	return b, nil
}

// wipeNote ends the summary of a storage change that starts Argilla on new storage; carryNote, that of
// a migration.
const (
	wipeNote  = "the Space restarts on new, empty storage: today's data is not carried over"
	carryNote = "the Space restarts on it; argilla-space backs Argilla up first and restores the backup there"
)

// planStorage adds the changes that attach persistence first and returns those that remove it, which
// the caller adds last.
func planStorage(p *Plan, id ID, spec Spec, st *State, wipeNote string, persistent *bool, add func(Change)) ([]Change, error) {
	want := spec.Storage
	if want == nil {
		return nil, nil
	}
	have := st.StorageKind()
	vol, hasVol := st.DataVolume()
	others := otherVolumes(st)
	switch {
	case want.Type == StorageBucket:
		bucket := want.Bucket
		if bucket == "" {
			if hasVol {
				return nil, nil // any bucket at /data satisfies an unnamed bucket
			}
			var err error
			if bucket, err = bucketName(id, ""); err != nil {
				return nil, err
			}
		}
		if hasVol && vol.Source == bucket {
			return nil, nil
		}
		add(Change{Kind: KindCreateBucket, Target: bucket, Summary: fmt.Sprintf("create storage bucket %s (kept if it exists)", bucket)})
		vols := append(others, hfapi.Volume{Type: "bucket", Source: bucket, MountPath: DataMount})
		add(Change{Kind: KindSetVolumes, Target: bucket, From: have, To: "bucket " + bucket, Restarts: true,
			LosesData: true, Summary: fmt.Sprintf("mount bucket %s at %s; %s", bucket, DataMount, wipeNote), volumes: vols})
		*persistent = true
		return nil, nil
	case IsLegacyTier(want.Type):
		if st.LegacyTier() == want.Type {
			return nil, nil
		}
		if order(st.LegacyTier()) > order(want.Type) {
			return nil, refusedf(nil, "storage tiers can only be upgraded: going from %s to %s needs `storage remove` first, which deletes all data", st.LegacyTier(), want.Type)
		}
		add(Change{Kind: KindSetStorageTier, Target: want.Type, From: have, To: want.Type, Restarts: true,
			LosesData: st.LegacyTier() == "", Summary: "request legacy storage tier " + want.Type})
		*persistent = true
		return nil, nil
	default: // ephemeral: remove what persists
		var out []Change
		confirm := id.Name
		if hasVol {
			c := Change{Kind: KindDeleteVolumes, Target: vol.Source, From: "bucket " + vol.Source, To: StorageEphemeral,
				Restarts: true, LosesData: true, ConfirmName: confirm,
				Summary: fmt.Sprintf("unmount bucket %s from %s: Argilla starts empty and every later restart wipes it (the bucket itself is kept)", vol.Source, DataMount)}
			if len(others) > 0 {
				c.Kind, c.volumes = KindSetVolumes, others
			}
			out = append(out, c)
		}
		if t := st.LegacyTier(); t != "" {
			out = append(out, Change{Kind: KindDeleteStorageTier, Target: t, From: t, To: StorageEphemeral, Restarts: true,
				LosesData: true, ConfirmName: confirm, Summary: "delete legacy storage tier " + t + ": ALL data on it is deleted for good"})
		}
		return out, nil
	}
}

func order(tier string) int {
	for i, t := range LegacyTiers {
		if t == tier {
			return i + 1
		}
	}
	return 0
}

func otherVolumes(st *State) []hfapi.Volume {
	var out []hfapi.Volume
	if st.Runtime == nil {
		return nil
	}
	for _, v := range st.Runtime.Volumes {
		if strings.TrimSuffix(v.MountPath, "/") != DataMount {
			out = append(out, v)
		}
	}
	return out
}

func planSettings(spec Spec, st *State, opts PlanOptions, add func(Change)) error {
	if v := spec.Visibility; v != "" {
		wantPrivate := v != "public"
		if wantPrivate != (st.Visibility() == "private") || opts.ForceVisibility {
			exposes := v == "public" && st.Exists && st.Visibility() == "private"
			add(Change{Kind: KindVisibility, Target: v, From: st.Visibility(), To: v, Restarts: true,
				Exposes: exposes, Summary: "set visibility to " + v})
		}
	}
	hw := st.Hardware()
	if spec.Hardware != "" && spec.Hardware != hw {
		add(Change{Kind: KindHardware, Target: spec.Hardware, From: hw, To: spec.Hardware, Restarts: true,
			Summary: fmt.Sprintf("switch hardware from %s to %s", orNone(hw), spec.Hardware)})
		hw = spec.Hardware
	}
	if spec.SleepTime != "" {
		secs, err := ParseSleep(spec.SleepTime)
		if err != nil {
			return err
		}
		// On cpu-basic only the fixed 48 h is possible, whatever the Space had before: checked even
		// when the sleep time is unchanged, since a hardware switch to cpu-basic resets it.
		if (hw == "cpu-basic" || hw == "") && secs != cpuBasicSleep {
			return refusedf(nil, "%s", sleepOnCPUBasic)
		}
		if secs != st.SleepSeconds() {
			add(Change{Kind: KindSleep, Target: FormatSleep(secs), From: FormatSleep(st.SleepSeconds()), To: FormatSleep(secs),
				Summary: "set sleep time to " + FormatSleep(secs), seconds: secs})
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func planVariables(spec Spec, st *State, add func(Change)) {
	for _, k := range sortedKeys(spec.Variables) {
		v := spec.Variables[k]
		old, ok := st.Variables[k]
		if ok && old.Value == v {
			continue
		}
		c := Change{Kind: KindSetVariable, Target: k, To: v, Restarts: true, Summary: "set variable " + k, value: v}
		if ok {
			c.From = old.Value
		}
		if name, env := spec.VariableFrom[k]; env {
			// neither value: the old one may be what the environment held before
			c.From, c.To, c.Source = "", "", EnvRef(name)
			c.Summary += " from " + c.Source
		}
		add(c)
	}
	for _, k := range sortedUnique(spec.DeleteVariables) {
		if old, ok := st.Variables[k]; ok {
			add(Change{Kind: KindDeleteVariable, Target: k, From: old.Value, Restarts: true, Summary: "delete variable " + k})
		}
	}
}

func planSecrets(spec Spec, st *State, opts PlanOptions, add func(Change)) {
	secrets, _ := desiredSecrets(spec)
	if spec.Owner != nil {
		if _, ok := st.SecretKeys[SecretSessionKy]; !ok {
			if _, given := secrets[SecretSessionKy]; !given {
				gen := opts.GenerateSecret
				if gen == nil {
					gen = GenerateSecret
				}
				secrets[SecretSessionKy] = gen()
			}
		}
	}
	for _, k := range sortedKeys(secrets) {
		_, present := st.SecretKeys[k]
		if present && !opts.RotateSecrets && !contains(opts.RotateKeys, k) {
			continue // secrets are write-only: a present key is all we can know (reference §4)
		}
		verb := "add"
		if present {
			verb = "replace"
		}
		prev := st.SecretKeys[k] // zero when absent: what a lost answer is checked against
		c := Change{Kind: KindSetSecret, Target: k, Restarts: true, Summary: verb + " secret " + k, value: secrets[k], prevSecret: &prev}
		if name, env := spec.SecretFrom[k]; env {
			c.Source = EnvRef(name)
			c.Summary += " from " + c.Source
		}
		add(c)
	}
	for _, k := range sortedUnique(spec.DeleteSecrets) {
		if _, ok := st.SecretKeys[k]; ok {
			add(Change{Kind: KindDeleteSecret, Target: k, Restarts: true, Summary: "delete secret " + k})
		}
	}
}

// desiredSecrets maps the owner credentials and extra secrets to the keys the Argilla image reads.
func desiredSecrets(spec Spec) (map[string]string, []string) {
	out := map[string]string{}
	for k, v := range spec.Secrets {
		out[k] = v
	}
	if o := spec.Owner; o != nil {
		if o.Username != "" {
			out[SecretUsername] = o.Username
		}
		if o.Password != "" {
			out[SecretPassword] = o.Password
		}
		if o.APIKey != "" {
			out[SecretAPIKey] = o.APIKey
		}
	}
	var values []string
	for _, v := range out {
		values = append(values, v)
	}
	return out, values
}

// SecretValues lists every secret value a spec carries, for redaction. The owner's username travels
// as the USERNAME secret but is no secret (usually the owner's public Hub name, also the namespace of
// their Spaces): scrubbing it would garble every message naming alice/annotate as [REDACTED]/annotate.
func (s Spec) SecretValues() []string {
	secrets, _ := desiredSecrets(s)
	var out []string
	for k, v := range secrets {
		if k != SecretUsername {
			out = append(out, v)
		}
	}
	return out
}

// StagePaused is the runtime stage of a paused Space (reference §6).
const StagePaused = "PAUSED"

// planOperation adds the lifecycle operation. A pause of a Space that is paused already changes nothing,
// so it plans nothing: no request, and no guard question. A restart always does something (it also
// resumes a paused Space), and a delete of an existing Space too.
func planOperation(p *Plan, id ID, op string, persistent bool, stage string, add func(Change)) error {
	switch op {
	case "":
	case OpRestart, OpFactoryRestart:
		c := Change{Kind: KindRestart, Target: id.String(), Restarts: true, Summary: "restart " + id.String()}
		if op == OpFactoryRestart {
			c.factory, c.Summary = true, "factory-restart (rebuild without cache) "+id.String()
		}
		add(c)
	case OpPause:
		if stage == StagePaused {
			p.Warnings = append(p.Warnings, id.String()+" is paused already: nothing to do (`argilla-space restart` resumes it)")
			return nil
		}
		add(Change{Kind: KindPause, Target: id.String(), Summary: "pause " + id.String() + " (billing stops; a restart is needed to resume)",
			LosesData: !persistent})
	case OpDelete:
		add(Change{Kind: KindDeleteSpace, Target: id.String(), LosesData: true, ConfirmName: id.Name,
			Summary: "delete " + id.String() + " for good: its repo, settings and secrets (a storage bucket is kept)"})
	default:
		return fmt.Errorf("internal: unknown operation %q", op)
	}
	return nil
}

// GenerateSecret returns 32 random bytes, URL-safe base64: an API key or session key nobody can guess.
func GenerateSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortedUnique(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return dedupe(out)
}
