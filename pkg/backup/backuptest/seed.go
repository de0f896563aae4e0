// Package backuptest fills an Argilla instance with sample data through its REST API and reads an
// instance back in a form that compares field by field: the tests of backup and restore, the
// testscript helper and the benchmark use it. It talks to Argilla only through pkg/argilla.
package backuptest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/argilla"
)

// Options say what to seed.
type Options struct {
	Records int  // records of the main dataset (0: 12)
	Small   bool // only the main dataset, one user: for the benchmark
	// Password is given to every seeded user (8–100 characters).
	Password string
}

// Seeded is what Seed made: users' API keys by username (the tests need an annotator's).
type Seeded struct {
	Keys map[string]string
}

// Seed creates, with the owner's client c: users of every role, two workspaces with members, and
// datasets with every field and question type, metadata properties of every type, vectors, records
// with and without external_id, suggestions, and responses in all three statuses. httpc reaches the
// server (for the users' keys, which the client keeps to itself on purpose).
func Seed(ctx context.Context, c *argilla.Client, httpc *http.Client, apiKey, hfToken string, o Options) (*Seeded, error) {
	if o.Records == 0 {
		o.Records = 12
	}
	if o.Password == "" {
		o.Password = "seed-password-123"
	}
	s := &Seeded{Keys: map[string]string{}}
	users := []map[string]any{
		{"username": "ann", "first_name": "Ann", "last_name": "Lee", "role": "annotator"},
		{"username": "adam", "first_name": "Adam", "role": "admin"},
		{"username": "zoe", "first_name": "Zoe", "last_name": "Roe", "role": "annotator"},
		{"username": "olga", "first_name": "Olga", "role": "owner"},
	}
	if o.Small {
		users = users[:1]
	}
	ids := map[string]string{}
	for _, u := range users {
		u["password"] = o.Password
		var out struct {
			ID     string `json:"id"`
			APIKey string `json:"api_key"`
		}
		if err := rawPost(ctx, httpc, c.BaseURL()+"/api/v1/users", apiKey, hfToken, u, &out); err != nil {
			return nil, fmt.Errorf("seeding user %s: %w", u["username"], err)
		}
		ids[u["username"].(string)], s.Keys[u["username"].(string)] = out.ID, out.APIKey
	}
	wsA, err := c.CreateWorkspace(ctx, "team-a")
	if err != nil {
		return nil, err
	}
	if o.Small {
		if err := c.AddWorkspaceUser(ctx, wsA.ID, ids["ann"]); err != nil {
			return nil, err
		}
		return s, seedReviews(ctx, c, wsA.ID, ids, o.Records, true)
	}
	wsB, err := c.CreateWorkspace(ctx, "team-b")
	if err != nil {
		return nil, err
	}
	for _, m := range [][2]string{{wsA.ID, "ann"}, {wsA.ID, "adam"}, {wsB.ID, "zoe"}, {wsB.ID, "adam"}} {
		if err := c.AddWorkspaceUser(ctx, m[0], ids[m[1]]); err != nil {
			return nil, err
		}
	}
	if err := seedReviews(ctx, c, wsA.ID, ids, o.Records, false); err != nil {
		return nil, err
	}
	if err := seedChats(ctx, c, wsB.ID, ids); err != nil {
		return nil, err
	}
	// A draft: settings only (records need a published dataset).
	d, err := c.CreateDataset(ctx, argilla.NewDataset{Name: "draft notes", AllowExtraMetadata: true,
		Distribution: argilla.Distribution{Strategy: "overlap", MinSubmitted: 1}, WorkspaceID: wsB.ID})
	if err != nil {
		return nil, err
	}
	if _, err := c.CreateField(ctx, d.ID, argilla.Field{Name: "note", Title: "Note", Required: true, Settings: raw(`{"type":"text"}`)}); err != nil {
		return nil, err
	}
	return s, nil
}

func raw(s string) json.RawMessage { return json.RawMessage(s) }

// seedReviews is the main dataset: every field and question type, metadata, a vector, suggestions
// and responses.
func seedReviews(ctx context.Context, c *argilla.Client, wsID string, ids map[string]string, n int, small bool) error {
	g := "Label each review.\nUse **neutral** when unsure."
	d, err := c.CreateDataset(ctx, argilla.NewDataset{Name: "reviews", Guidelines: &g, AllowExtraMetadata: false,
		Distribution: argilla.Distribution{Strategy: "overlap", MinSubmitted: 2}, Metadata: raw(`{"team":"ml","year":2025}`), WorkspaceID: wsID})
	if err != nil {
		return err
	}
	for _, f := range []argilla.Field{
		{Name: "text", Title: "Review", Required: true, Settings: raw(`{"type":"text","use_markdown":true}`)},
		{Name: "image", Title: "Picture", Settings: raw(`{"type":"image"}`)},
		{Name: "chat", Title: "Conversation", Settings: raw(`{"type":"chat"}`)},
		{Name: "extra", Title: "Extra", Settings: raw(`{"type":"custom","template":"<b>{{record.fields.extra.n}}</b>"}`)},
	} {
		if _, err := c.CreateField(ctx, d.ID, f); err != nil {
			return fmt.Errorf("field %s: %w", f.Name, err)
		}
	}
	desc := "How does the customer feel?"
	for _, q := range []argilla.Question{
		{Name: "label", Title: "Sentiment", Description: &desc, Required: true, Settings: raw(`{"type":"label_selection","options":[{"value":"pos","text":"Positive"},{"value":"neg","text":"Negative","description":"unhappy"},{"value":"neutral","text":"Neutral"}],"visible_options":3}`)},
		{Name: "topics", Title: "Topics", Settings: raw(`{"type":"multi_label_selection","options":[{"value":"price","text":"Price"},{"value":"delivery","text":"Delivery"},{"value":"quality","text":"Quality"}],"options_order":"suggestion"}`)},
		{Name: "stars", Title: "Stars", Settings: raw(`{"type":"rating","options":[{"value":1},{"value":2},{"value":3},{"value":4},{"value":5}]}`)},
		{Name: "rank", Title: "Rank the replies", Settings: raw(`{"type":"ranking","options":[{"value":"r1","text":"Reply 1"},{"value":"r2","text":"Reply 2"}]}`)},
		{Name: "comment", Title: "Comment", Settings: raw(`{"type":"text","use_markdown":false}`)},
		{Name: "entities", Title: "Entities", Settings: raw(`{"type":"span","field":"text","options":[{"value":"PROD","text":"Product"},{"value":"ORG","text":"Company"}],"allow_overlapping":true}`)},
	} {
		if _, err := c.CreateQuestion(ctx, d.ID, q); err != nil {
			return fmt.Errorf("question %s: %w", q.Name, err)
		}
	}
	for _, m := range []argilla.MetadataProperty{
		{Name: "source", Title: "Source", Settings: raw(`{"type":"terms","values":["web","mail"]}`), VisibleForAnnotators: true},
		{Name: "length", Title: "Length", Settings: raw(`{"type":"integer","min":0,"max":100000}`)},
		{Name: "score", Title: "Score", Settings: raw(`{"type":"float","min":0.0,"max":1.0}`), VisibleForAnnotators: true},
	} {
		if _, err := c.CreateMetadataProperty(ctx, d.ID, m); err != nil {
			return fmt.Errorf("metadata property %s: %w", m.Name, err)
		}
	}
	if _, err := c.CreateVectorSettings(ctx, d.ID, argilla.VectorSettings{Name: "emb", Title: "Embedding", Dimensions: 4}); err != nil {
		return err
	}
	if _, err := c.PublishDataset(ctx, d.ID); err != nil {
		return err
	}
	qs, err := c.Questions(ctx, d.ID)
	if err != nil {
		return err
	}
	q := map[string]string{}
	for _, x := range qs {
		q[x.Name] = x.ID
	}
	batch := make([]argilla.RecordUpsert, 0, argilla.MaxBulk)
	for i := 0; i < n; i++ {
		batch = append(batch, reviewRecord(i, q, ids, small))
		if len(batch) == argilla.MaxBulk || i == n-1 {
			if err := c.UpsertRecords(ctx, d.ID, batch, nil); err != nil {
				return fmt.Errorf("records up to %d: %w", i, err)
			}
			batch = batch[:0]
		}
	}
	return nil
}

// reviewRecord is record i; one in four has no external_id (restore keys it by its old id).
func reviewRecord(i int, q, ids map[string]string, small bool) argilla.RecordUpsert {
	text := fmt.Sprintf("Review %d: the Acme kettle broke <again> & again.", i)
	r := argilla.RecordUpsert{
		Fields: raw(fmt.Sprintf(`{"text":%q,"image":"https://example.com/img/%d.png","chat":[{"role":"user","content":"hi %d"},{"role":"assistant","content":"hello"}],"extra":{"n":%d}}`,
			text, i, i, i)),
		// 1.0 must stay a float: Argilla's float metadata refuses 1.
		Metadata: raw(fmt.Sprintf(`{"source":%q,"length":%d,"score":%s}`, []string{"web", "mail"}[i%2], len(text), []string{"1.0", "0.25", "0.5"}[i%3])),
		Vectors:  raw(fmt.Sprintf(`{"emb":[%d.5,-1.25,0.0,3.0e-5]}`, i)),
		Suggestions: []argilla.NewSuggestion{
			{QuestionID: q["label"], Value: raw(`"pos"`), Type: ptr("model"), Agent: ptr("sentiment-v1"), Score: raw(`0.75`)},
			{QuestionID: q["topics"], Value: raw(`["price","quality"]`), Score: raw(`[0.5,0.25]`), Agent: ptr("topics:v2")},
			{QuestionID: q["entities"], Value: raw(`[{"label":"ORG","start":15,"end":19}]`), Type: ptr("human")},
		},
	}
	if i%4 != 3 {
		r.ExternalID = fmt.Sprintf("rev-%05d", i)
	}
	submitted := raw(`{"label":{"value":"neg"},"topics":{"value":["delivery"]},"stars":{"value":2},"rank":{"value":[{"value":"r2","rank":1},{"value":"r1","rank":2}]},"comment":{"value":"late"},"entities":{"value":[{"label":"PROD","start":20,"end":26}]}}`)
	switch {
	case small:
		r.Responses = []argilla.NewResponse{{UserID: ids["ann"], Status: "submitted", Values: submitted}}
	case i%3 == 0:
		r.Responses = []argilla.NewResponse{{UserID: ids["ann"], Status: "submitted", Values: submitted},
			{UserID: ids["adam"], Status: "submitted", Values: raw(`{"label":{"value":"neutral"}}`)},
			{UserID: ids["zoe"], Status: "discarded"}}
	case i%3 == 1:
		r.Responses = []argilla.NewResponse{{UserID: ids["ann"], Status: "draft", Values: raw(`{"comment":{"value":"thinking"},"rank":{"value":[{"value":"r1"}]}}`)},
			{UserID: ids["zoe"], Status: "submitted", Values: raw(`{"label":{"value":"pos"}}`)}}
	}
	return r
}

// seedChats is a second published dataset in the other workspace, with a chat field and text answers.
func seedChats(ctx context.Context, c *argilla.Client, wsID string, ids map[string]string) error {
	d, err := c.CreateDataset(ctx, argilla.NewDataset{Name: "chats", AllowExtraMetadata: true,
		Distribution: argilla.Distribution{Strategy: "overlap", MinSubmitted: 1}, WorkspaceID: wsID})
	if err != nil {
		return err
	}
	if _, err := c.CreateField(ctx, d.ID, argilla.Field{Name: "chat", Title: "Chat", Required: true, Settings: raw(`{"type":"chat","use_markdown":false}`)}); err != nil {
		return err
	}
	if _, err := c.CreateQuestion(ctx, d.ID, argilla.Question{Name: "answer", Title: "Better answer", Required: true, Settings: raw(`{"type":"text"}`)}); err != nil {
		return err
	}
	if _, err := c.PublishDataset(ctx, d.ID); err != nil {
		return err
	}
	var items []argilla.RecordUpsert
	for i := 0; i < 3; i++ {
		it := argilla.RecordUpsert{ExternalID: fmt.Sprintf("chat-%d", i),
			Fields:   raw(fmt.Sprintf(`{"chat":[{"role":"user","content":"question %d"}]}`, i)),
			Metadata: raw(`{"free":{"nested":[1,2]}}`)}
		if i < 2 {
			it.Responses = []argilla.NewResponse{{UserID: ids["zoe"], Status: "submitted", Values: raw(fmt.Sprintf(`{"answer":{"value":"answer %d"}}`, i))}}
		}
		items = append(items, it)
	}
	return c.UpsertRecords(ctx, d.ID, items, nil)
}

func ptr(s string) *string { return &s }

// rawPost POSTs JSON and decodes the answer: the seeder needs the api_key the client hides.
func rawPost(ctx context.Context, hc *http.Client, url, apiKey, hfToken string, in, out any) error {
	b, _ := json.Marshal(in)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Argilla-Api-Key", apiKey)
	if hfToken != "" {
		req.Header.Set("Authorization", "Bearer "+hfToken)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, strings.TrimSpace(buf.String()))
	}
	return json.Unmarshal(buf.Bytes(), out)
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// Conflict makes workspace team-a and, in it, a dataset "reviews" whose settings differ from Seed's
// (another distribution, one field, one question): a restore of Seed's data must refuse it.
func Conflict(ctx context.Context, c *argilla.Client) error {
	ws, err := c.CreateWorkspace(ctx, "team-a")
	if err != nil {
		return err
	}
	d, err := c.CreateDataset(ctx, argilla.NewDataset{Name: "reviews", AllowExtraMetadata: true,
		Distribution: argilla.Distribution{Strategy: "overlap", MinSubmitted: 3}, WorkspaceID: ws.ID})
	if err != nil {
		return err
	}
	if _, err := c.CreateField(ctx, d.ID, argilla.Field{Name: "text", Title: "Text", Required: true, Settings: raw(`{"type":"text"}`)}); err != nil {
		return err
	}
	_, err = c.CreateQuestion(ctx, d.ID, argilla.Question{Name: "label", Title: "Label", Required: true,
		Settings: raw(`{"type":"label_selection","options":[{"value":"yes","text":"Yes"},{"value":"no","text":"No"}]}`)})
	return err
}
