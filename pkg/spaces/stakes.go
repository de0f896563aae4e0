package spaces

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// StakesCounter counts what Argilla holds on a Space, so the guard can say what a change would wipe.
type StakesCounter interface {
	CountStakes(ctx context.Context, st *State) (*argilla.Stakes, error)
}

// stakesTimeout bounds the count: the guard must answer promptly even when Argilla is slow, and says
// that it could not count rather than wait. (A variable for tests.)
var stakesTimeout = 5 * time.Second

// ArgillaAccess reaches the Argilla server behind a Space's host as the Space's owner: the guard counts
// through it, and backups and restores go through it.
type ArgillaAccess struct {
	APIKey   func(ID) string // the owner's API key of a Space, "" when none is known
	HFToken  string          // sent to the app of a private Space (its proxy needs it)
	Endpoint string          // the Hub's (see CheckAppHost)
	HTTP     *http.Client
}

// Client is a client for the Argilla of a running Space, as its owner.
func (c ArgillaAccess) Client(st *State) (*argilla.Client, error) {
	if stage := st.Stage(); stage != "RUNNING" {
		return nil, fmt.Errorf("the Space is %s, not running", orNone(stage))
	}
	host := st.Host()
	if host == "" {
		return nil, errors.New("the Hub gives no host for the Space")
	}
	key := c.key(st.ID)
	if key == "" {
		return nil, errors.New("no owner API key is known for it (the one `create` saved, or ARGILLA_API_KEY)")
	}
	app, err := NewApp(host, c.Endpoint, st.Visibility() == "private", argilla.Options{APIKey: key, HFToken: c.HFToken, HTTPClient: c.HTTP})
	if err != nil {
		return nil, err
	}
	return app, nil
}

// CountStakes counts users, datasets, records and responses of a running Space.
func (c ArgillaAccess) CountStakes(ctx context.Context, st *State) (*argilla.Stakes, error) {
	app, err := c.Client(st)
	if err != nil {
		return nil, err
	}
	return app.CountStakes(ctx)
}

// countStakes fills in what is at stake before the guard asks or refuses: only for a plan that can lose
// data, unless --yes already accepted it, and within stakesTimeout.
func (e *Engine) countStakes(ctx context.Context, st *State, p *Plan) {
	if e.Stakes == nil || e.Yes || !p.LosesData() {
		return
	}
	cctx, cancel := context.WithTimeout(ctx, stakesTimeout)
	defer cancel()
	s, err := e.Stakes.CountStakes(cctx, st)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within %s", stakesTimeout)
		}
		p.stakesErr = err
		return
	}
	p.AtStake = s
}
