package spaces

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/argilla-space/argilla-space/internal/redact"
	"github.com/argilla-space/argilla-space/pkg/argilla"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// CheckAppHost refuses a Space host (the Hub's `host` answer) that is not where Spaces' apps live:
// https://SUBDOMAIN.hf.space (hub-api §6: "https://<subdomain>.hf.space"), or, when the Hub itself
// is on this machine (the emulator), http(s)://SUBDOMAIN.localhost[:PORT]. The API key, and for a
// private Space the HF token, go to that host: a tampered answer must not send them elsewhere.
func CheckAppHost(host, endpoint string) error {
	u, err := url.Parse(host)
	if err != nil || u.Host == "" {
		return fmt.Errorf("the Hub gave %q as the Space's host, which is not a URL: refusing to send credentials there", redact.StripUserinfo(host))
	}
	name := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	ok := false
	switch {
	case u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
	case u.Scheme == "https" && strings.HasSuffix(name, ".hf.space") && len(name) > len(".hf.space") && (u.Port() == "" || u.Port() == "443"):
		ok = true
	case (u.Scheme == "http" || u.Scheme == "https") && strings.HasSuffix(name, ".localhost") && len(name) > len(".localhost"):
		e, err := url.Parse(endpoint)
		ok = err == nil && hfapi.IsLoopback(e.Hostname())
	}
	if !ok {
		return fmt.Errorf("the Hub gave %s as the Space's host, which is not a Space app host (https://NAME.hf.space): "+
			"refusing to send the API key or token there; check the --endpoint (or HF_ENDPOINT) you use", redact.StripUserinfo(host))
	}
	return nil
}

// NewApp is the client of a Space's Argilla at host, from o (BaseURL is set here). The host is
// checked (CheckAppHost) and the HF token in o is kept only for a private Space, whose app the Hub's
// proxy guards: a public Space's app needs no token, so it gets none. The Hub reports a protected
// Space as private too; its app is public, but on the same *.hf.space host.
func NewApp(host, endpoint string, private bool, o argilla.Options) (*argilla.Client, error) {
	host = strings.TrimSuffix(host, "/")
	if err := CheckAppHost(host, endpoint); err != nil {
		return nil, err
	}
	if !private {
		o.HFToken = ""
	}
	o.BaseURL = host
	return argilla.New(o), nil
}
