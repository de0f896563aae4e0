package hubtest

import (
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// oauthProviders are Argilla's built-in OAuth backends (reference argilla-on-spaces §2.2).
var oauthProviders = map[string]bool{"huggingface": true, "github": true, "google-oauth2": true, "keycloak": true}

// providerKeys are the keys a provider entry may hold (§2.2).
var providerKeys = map[string]bool{"name": true, "client_id": true, "client_secret": true, "scope": true,
	"redirect_uri": true, "sync_user": true}

// oauthConfig is what Argilla reads from the OAuth file.
type oauthConfig struct {
	Providers  []string
	Workspaces []string
}

// parseOAuth validates an OAuth file the way Argilla 2.8 fails at start-up (§2.3): invalid YAML, an
// empty file, null providers, an unknown provider name, unknown keys in a provider, or a workspace entry
// other than {name: x}. Other top-level keys are ignored, as in v2.7+. A null allowed_workspaces is
// refused too (conservative: the list is iterated like providers).
func parseOAuth(data []byte) (oauthConfig, error) {
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return oauthConfig{}, fmt.Errorf("invalid YAML: %v", err)
	}
	if doc == nil {
		return oauthConfig{}, errors.New("the file is empty")
	}
	top, ok := doc.(map[string]any)
	if !ok {
		return oauthConfig{}, errors.New("the file is not a mapping")
	}
	var cfg oauthConfig
	if v, ok := top["providers"]; ok {
		list, ok := v.([]any)
		if !ok {
			return cfg, errors.New("providers must be a list (use providers: [] to disable OAuth)")
		}
		for _, item := range list {
			m, ok := item.(map[string]any)
			if !ok {
				return cfg, errors.New("each provider must be a mapping with a name")
			}
			name, _ := m["name"].(string)
			if !oauthProviders[name] {
				return cfg, fmt.Errorf("unknown OAuth provider %q", fmt.Sprint(m["name"]))
			}
			for k := range m {
				if !providerKeys[k] {
					return cfg, fmt.Errorf("provider %s: unknown key %q", name, k)
				}
			}
			cfg.Providers = append(cfg.Providers, name)
		}
	}
	if v, ok := top["allowed_workspaces"]; ok {
		list, ok := v.([]any)
		if !ok {
			return cfg, errors.New("allowed_workspaces must be a list")
		}
		for _, item := range list {
			m, ok := item.(map[string]any)
			name, isStr := m["name"].(string)
			if !ok || len(m) != 1 || !isStr || name == "" {
				return cfg, errors.New("each allowed workspace must be exactly {name: <non-empty string>}")
			}
			cfg.Workspaces = append(cfg.Workspaces, name)
		}
	}
	return cfg, nil
}
