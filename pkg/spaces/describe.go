package spaces

import (
	"sort"

	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
)

// Describe is the spec of a Space as observed (read with the files), so that planning it against the
// same Space finds nothing to change: what `create --exist-ok` writes to argilla-space.yaml for a
// Space it did not create. What the Hub cannot tell is left out: the owner's username (a write-only
// secret) and whether a private Space is protected. Secret values are never readable, so secrets are
// only named; the spec file turns the names into ${NAME} references, which apply reads only when it
// sends the secret.
func Describe(st *State) Spec {
	s := Spec{Space: st.ID.String(), Visibility: st.Visibility(), Hardware: st.Hardware()}
	if hw := st.Hardware(); hw != "" && hw != "cpu-basic" {
		s.SleepTime = FormatSleep(st.SleepSeconds()) // fixed at 48 h on cpu-basic, so not a setting there
	}
	switch kind := st.StorageKind(); kind {
	case StorageBucket:
		v, _ := st.DataVolume()
		s.Storage = &StorageSpec{Type: StorageBucket}
		if v.Source != DefaultBucket(st.ID) {
			s.Storage.Bucket = v.Source
		}
	default:
		s.Storage = &StorageSpec{Type: kind}
	}
	owner := &OwnerSpec{}
	if _, ok := st.SecretKeys[SecretPassword]; ok {
		owner.Password = "${ARGILLA_PASSWORD}"
	}
	s.Owner = owner
	for k, v := range st.Variables {
		if s.Variables == nil {
			s.Variables = map[string]string{}
		}
		s.Variables[k] = v.Value
	}
	for k := range st.SecretKeys {
		switch k {
		case SecretUsername, SecretPassword, SecretAPIKey, SecretSessionKy:
			continue // the owner block and the generated session key stand for these
		}
		if s.Secrets == nil {
			s.Secrets = map[string]string{}
		}
		s.Secrets[k] = "${" + k + "}"
	}
	if f, err := oauthcfg.Parse(st.OAuthFile); err == nil && st.OAuthFile != nil {
		enabled := f.OAuthEnabled()
		ws := f.Workspaces()
		sort.Strings(ws)
		s.OAuth = &OAuthSpec{Enabled: &enabled, AllowedWorkspaces: ws}
	}
	return s
}
