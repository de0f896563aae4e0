package hubtest

import (
	"encoding/base64"
	"fmt"
	"path"
	"strings"
	"time"
)

// kvIn is a secret or variable in a request body ({key, value, description?}).
type kvIn struct {
	Key         string  `json:"key"`
	Value       *string `json:"value"`
	Description *string `json:"description"`
}

// volumeIn is a volume in a request body (reference §5.2).
type volumeIn struct {
	Type      string  `json:"type"`
	Source    string  `json:"source"`
	MountPath string  `json:"mountPath"`
	Revision  *string `json:"revision"`
	ReadOnly  *bool   `json:"readOnly"`
	Path      *string `json:"path"`
}

// fileIn is an inline file of create ({path, content, encoding utf-8|base64}).
type fileIn struct {
	Path     string `json:"path"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
}

// spaceConfig is the validated configuration of a new Space (create and duplicate).
type spaceConfig struct {
	visibility string
	hardware   string
	sleep      *int
	secrets    map[string]*setting
	variables  map[string]*setting
	volumes    []volume
	tier       string
}

// visibilityOf merges the visibility and legacy private fields; both together are refused (reference
// §0.2, surprise 5).
func visibilityOf(vis *string, private *bool, def string) (string, error) {
	if vis != nil && private != nil {
		return "", fmt.Errorf("cannot use both private and visibility: use visibility only")
	}
	if private != nil {
		if *private {
			return "private", nil
		}
		return "public", nil
	}
	if vis == nil {
		return def, nil
	}
	switch *vis {
	case "public", "private", "protected":
		return *vis, nil
	}
	return "", fmt.Errorf("visibility must be public, private or protected, not %q", *vis)
}

// settingsOf validates secrets or variables from a request ({key, value, description?}).
func settingsOf(kind string, in []kvIn, now time.Time) (map[string]*setting, error) {
	out := map[string]*setting{}
	for _, kv := range in {
		if !keyPattern().MatchString(kv.Key) {
			return nil, fmt.Errorf("invalid %s key %q: it must match ^[a-zA-Z][_a-zA-Z0-9]*$", kind, kv.Key)
		}
		s := &setting{UpdatedAt: now}
		if kv.Value != nil {
			s.Value = *kv.Value
		}
		if kv.Description != nil {
			s.Description = *kv.Description
		}
		out[kv.Key] = s
	}
	return out, nil
}

// volumesOf validates volumes: known type, "ns/name" source, absolute and unique mount paths, an
// existing bucket (or Space) the caller can see, and read-only for everything but buckets. Model and
// dataset sources cannot be checked (the emulator has no such repos) and are accepted.
func (c *call) volumesOf(in []volumeIn) ([]volume, error) {
	var out []volume
	seen := map[string]bool{}
	for _, v := range in {
		if _, _, ok := splitRepoID(v.Source); !ok {
			return nil, fmt.Errorf("volume source %q must be of the form namespace/name", v.Source)
		}
		if !strings.HasPrefix(v.MountPath, "/") {
			return nil, fmt.Errorf("volume mountPath %q must start with /", v.MountPath)
		}
		mp := path.Clean(v.MountPath)
		if seen[mp] {
			return nil, fmt.Errorf("two volumes are mounted at %s", mp)
		}
		seen[mp] = true
		vol := volume{Type: v.Type, Source: v.Source, MountPath: v.MountPath, ReadOnly: v.ReadOnly != nil && *v.ReadOnly}
		switch v.Type {
		case "bucket":
			if b := c.st.findBucketFold(v.Source); b == nil || !c.bucketVisible(b) {
				return nil, fmt.Errorf("bucket %s not found: create it first (POST /api/buckets/%s)", v.Source, v.Source)
			}
		case "space":
			if sp := c.st.findSpaceFold(v.Source); sp == nil || !c.canRead(sp) {
				return nil, fmt.Errorf("space %s not found", v.Source)
			}
			fallthrough
		case "model", "dataset":
			if v.ReadOnly != nil && !*v.ReadOnly {
				return nil, fmt.Errorf("%s volumes are always read-only", v.Type)
			}
			vol.ReadOnly = true
		default:
			return nil, fmt.Errorf("volume type %q must be bucket, model, dataset or space", v.Type)
		}
		if v.Revision != nil {
			vol.Revision = *v.Revision
		}
		if v.Path != nil {
			vol.Path = *v.Path
		}
		out = append(out, vol)
	}
	return out, nil
}

// checkHardware validates a flavor for an SDK (reference §2, §15).
func checkHardware(flavor, sdk string) error {
	if !knownHardware(flavor) {
		return fmt.Errorf("unknown hardware flavor %q (see GET /api/spaces/hardware)", flavor)
	}
	if needsGradio(flavor) && sdk != "gradio" {
		return fmt.Errorf("hardware %s needs the gradio SDK", flavor)
	}
	return nil
}

// checkSleep validates sleepTimeSeconds: > 0, or -1 for never.
func checkSleep(s *int) error {
	if s != nil && *s <= 0 && *s != -1 {
		return fmt.Errorf("sleepTimeSeconds must be > 0 or -1 (never), not %d", *s)
	}
	return nil
}

// legacyTierError is the 400 for the retired storage tiers (reference §0.2, §5.1).
const legacyTierError = "Persistent storage (storageTier) is no longer available. " +
	"Mount a Storage Bucket as a volume at /data instead (volumes: [{type: bucket, source, mountPath: /data}])"

// checkTier validates a legacy tier request.
func (c *call) checkTier(tier *string) (string, error) {
	if tier == nil || *tier == "" {
		return "", nil
	}
	if !c.e.opts.LegacyStorage {
		return "", fmt.Errorf("%s", legacyTierError)
	}
	if tierRank(*tier) == 0 {
		return "", fmt.Errorf("storage tier must be small, medium or large, not %q", *tier)
	}
	return *tier, nil
}

// tierRank orders tiers for the upgrade-only rule; 0 is not a tier.
func tierRank(t string) int {
	return map[string]int{"small": 1, "medium": 2, "large": 3}[t]
}

// inlineFiles decodes the files of create (utf-8 by default, or base64), checking their paths.
func inlineFiles(in []fileIn) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, f := range in {
		if err := checkRepoPath(f.Path); err != nil {
			return nil, err
		}
		switch f.Encoding {
		case "", "utf-8":
			out[f.Path] = []byte(f.Content)
		case "base64":
			b, err := base64.StdEncoding.DecodeString(f.Content)
			if err != nil {
				return nil, fmt.Errorf("file %s: invalid base64 content", f.Path)
			}
			out[f.Path] = b
		default:
			return nil, fmt.Errorf("file %s: encoding must be utf-8 or base64", f.Path)
		}
	}
	return out, nil
}

// checkRepoPath refuses empty, absolute, "..", ".git" and non-canonical paths.
func checkRepoPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || path.Clean(p) != p || p == "." {
		return fmt.Errorf("invalid file path %q", p)
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." || part == ".git" {
			return fmt.Errorf("invalid file path %q", p)
		}
	}
	return nil
}

// applySleep stores a sleep time unless the hardware is cpu-basic, where the Hub fixes it at 48h and
// the request is accepted but ignored (reference §6, surprise 13).
func applySleep(sp *space, s *int) {
	if s == nil || sp.Hardware == "cpu-basic" || sp.Hardware == "" {
		return
	}
	v := *s
	sp.SleepTime = &v
}
