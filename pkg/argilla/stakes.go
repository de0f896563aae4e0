package argilla

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// Stakes is what an Argilla server holds, counted: what a restart of a Space without persistent storage
// wipes (argilla-api.md §16.3).
type Stakes struct {
	Datasets  int `json:"datasets"`
	Records   int `json:"records"`
	Responses int `json:"responses"` // Submitted + Discarded + Draft
	Submitted int `json:"submitted"`
	Discarded int `json:"discarded"`
	Draft     int `json:"draft"`
	Users     int `json:"users"`
}

// String reads "3 datasets, 12,400 records, 5,100 responses, 7 users".
func (s Stakes) String() string {
	return fmt.Sprintf("%s, %s, %s, %s", count(s.Datasets, "dataset"), count(s.Records, "record"),
		count(s.Responses, "response"), count(s.Users, "user"))
}

// Empty reports whether there is nothing but users: no dataset, so no annotation either.
func (s Stakes) Empty() bool { return s.Datasets == 0 && s.Records == 0 && s.Responses == 0 }

func count(n int, noun string) string {
	if n != 1 {
		noun += "s"
	}
	return thousands(n) + " " + noun
}

// thousands writes n with comma separators: 12400 → "12,400".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// stakesParallel bounds the requests in flight while counting: the counts come from SQL reads on a
// server that may be small (a cpu-basic Space).
const stakesParallel = 4

// CountStakes counts users, datasets, records and responses, with reads that touch only the database
// (argilla-api.md §15: "Reads of users, workspaces, datasets, settings and GET .../records are SQL
// only"), never the search engine: one GET /users, one GET /me/datasets, then per dataset one
// GET /datasets/{id}/records?offset=0&limit=1 (RecordTotal: its `total` counts every record, §10.2) and one
// GET /datasets/{id}/users/progress (responses per user, record status and response status,
// `S:contexts/datasets.py` get_dataset_users_progress). It needs the owner's key: /users is owner-only
// and /me/datasets shows an owner every dataset (§3, §5). The caller bounds the time through ctx.
func (c *Client) CountStakes(ctx context.Context) (*Stakes, error) {
	users, err := c.Users(ctx)
	if err != nil {
		return nil, err
	}
	datasets, err := c.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	s := &Stakes{Users: len(users), Datasets: len(datasets)}
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
		slots    = make(chan struct{}, stakesParallel)
	)
	for _, d := range datasets {
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			one, err := c.countDataset(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			s.Records += one.Records
			s.Submitted += one.Submitted
			s.Discarded += one.Discarded
			s.Draft += one.Draft
		}(d.ID)
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	s.Responses = s.Submitted + s.Discarded + s.Draft
	return s, nil
}

// countDataset counts one dataset's records and its responses per status.
func (c *Client) countDataset(ctx context.Context, id string) (*Stakes, error) {
	total, err := c.RecordTotal(ctx, id)
	if err != nil {
		return nil, err
	}
	// {"users":[{"username", "completed":{submitted,discarded,draft}, "pending":{...}}]}: the responses
	// of each user on completed and on pending records, by response status (§5).
	type byStatus struct {
		Submitted int `json:"submitted"`
		Discarded int `json:"discarded"`
		Draft     int `json:"draft"`
	}
	var progress struct {
		Users []struct {
			Completed byStatus `json:"completed"`
			Pending   byStatus `json:"pending"`
		} `json:"users"`
	}
	if err := c.do(ctx, http.MethodGet, "/datasets/"+url.PathEscape(id)+"/users/progress", nil, &progress); err != nil {
		return nil, err
	}
	s := &Stakes{Records: total}
	for _, u := range progress.Users {
		for _, b := range []byStatus{u.Completed, u.Pending} {
			s.Submitted += b.Submitted
			s.Discarded += b.Discarded
			s.Draft += b.Draft
		}
	}
	return s, nil
}
