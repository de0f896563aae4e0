package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/argilla-space/argilla-space/internal/config"
	"github.com/argilla-space/argilla-space/internal/prompt"
	"github.com/argilla-space/argilla-space/pkg/hfapi"
	"github.com/argilla-space/argilla-space/pkg/oauthcfg"
	"github.com/argilla-space/argilla-space/pkg/spaces"
)

type createOptions struct {
	arg                      string
	org                      string
	private, public, protect bool
	storage, bucket          string
	hardware, sleepTime      string
	username                 string
	passwordStdin            bool
	workspaces               []string
	noOAuth, hideWarning     bool
	wait, noWait             bool
	timeout                  time.Duration
	existOK, dryRun          bool

	// resolved
	id         spaces.ID
	visibility string
	password   string
	apiKey     string
	keyMade    bool
}

func (a *app) createCmd() *cobra.Command {
	o := &createOptions{}
	c := &cobra.Command{
		Use:   "create [OWNER/]NAME",
		Short: "Create an Argilla Space that survives restarts, owned by you",
		Long: `Create an Argilla Space from the official template in one build: storage, owner secrets, OAuth
file, visibility and hardware are all sent in a single create request, then the command waits until
Argilla answers and your API key is the owner's.

The password and API key never go on the command line: the password comes from a masked prompt,
--password-stdin or ARGILLA_PASSWORD; the API key from ARGILLA_API_KEY, or it is generated and saved
(mode 0600) for ` + "`argilla-space connect`" + `.`,
		Example: `  argilla-space create --org acme --private argilla
  echo "$ARGILLA_PASSWORD" | argilla-space create acme/argilla --private --password-stdin --no-input -o json
  argilla-space create demo --allow-workspace argilla --allow-workspace community-initiative`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.arg = args[0]
			}
			return a.runCreate(c.Context(), o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.org, "org", "", "create the Space in this organization")
	f.BoolVar(&o.private, "private", false, "only you (or your org) can see the Space; the app needs an HF token")
	f.BoolVar(&o.public, "public", false, "anyone can see the Space and sign in as annotator")
	f.BoolVar(&o.protect, "protected", false, "private code, public app (needs PRO or Team)")
	f.StringVar(&o.storage, "storage", spaces.StorageBucket, "bucket (persistent, default) | ephemeral (wiped on every restart) | small|medium|large (retired legacy tiers)")
	f.StringVar(&o.bucket, "bucket", "", "storage bucket OWNER/NAME (default OWNER/NAME-data)")
	f.StringVar(&o.hardware, "hardware", "", "hardware flavor, e.g. cpu-basic or cpu-upgrade (checked against the Hub's list)")
	f.StringVar(&o.sleepTime, "sleep-time", "", "sleep after this long without traffic (2h, 30m) or never; not on cpu-basic")
	f.StringVar(&o.username, "username", "", "Argilla owner username (default: your Hugging Face user)")
	f.BoolVar(&o.passwordStdin, "password-stdin", false, "read the owner password from stdin")
	f.StringArrayVar(&o.workspaces, "allow-workspace", nil, "workspace Hugging Face users join at sign-in (repeatable; replaces the default `argilla`)")
	f.BoolVar(&o.noOAuth, "no-oauth", false, "turn Sign in with Hugging Face off (the owner then needs a password)")
	f.BoolVar(&o.hideWarning, "hide-storage-warning", false, "hide Argilla's persistent-storage banner")
	f.BoolVar(&o.noWait, "no-wait", false, "return once the Hub accepted the Space, without waiting for Argilla")
	f.BoolVar(&o.wait, "wait", true, "wait until Argilla answers and the API key is the owner's (--wait=false is --no-wait)")
	f.DurationVar(&o.timeout, "timeout", 20*time.Minute, "how long to wait")
	f.BoolVar(&o.existOK, "exist-ok", false, "if the Space exists, reconcile it to these flags instead of failing")
	f.BoolVar(&o.dryRun, "dry-run", false, "print the plan; send no change")
	return c
}

func (a *app) runCreate(ctx context.Context, o *createOptions) error {
	if err := o.checkFlags(); err != nil {
		return err
	}
	hub, err := a.client()
	if err != nil {
		return err
	}
	who, err := whoami(ctx, hub)
	if err != nil {
		return err
	}
	if err := a.resolveCreateInputs(ctx, o, who); err != nil {
		return err
	}
	if err := preflight(who, o.id.Owner, o.visibility); err != nil {
		return err
	}
	if err := checkHardware(ctx, hub, o.hardware, o.sleepTime); err != nil {
		return err
	}
	full := o.fullSpec(who)
	hub.Redact(full.SecretValues()...)
	engine := a.engine(hub)
	req := spaces.Request{ID: o.id, DryRun: o.dryRun, Files: true,
		Desire: func(ctx context.Context, st *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
			if !st.Exists {
				t, err := spaces.LoadTemplate(ctx, hub)
				return full, spaces.PlanOptions{Template: t}, err
			}
			if !o.existOK {
				return spaces.Spec{}, spaces.PlanOptions{}, &spaces.ExistsError{Space: o.id.String()}
			}
			return o.explicitSpec(), spaces.PlanOptions{}, nil
		}}
	out, err := engine.Run(ctx, req)
	if err != nil {
		return err
	}
	if o.dryRun {
		return a.printPlan(out.Plan)
	}
	created := !out.Plan.Exists
	if created || o.keyMade == false && o.apiKey != "" && planSetsKey(out.Plan, spaces.SecretAPIKey) {
		if err := a.saveKey(hub, o); err != nil {
			return err
		}
	}
	res := a.spaceResult(out.State)
	res.Created = created
	res.Changes = len(out.Plan.Changes)
	if o.wait && !o.noWait {
		apiKey := o.apiKey
		if !created && !planSetsKey(out.Plan, spaces.SecretAPIKey) {
			apiKey = a.storedKey(hub, o.id)
		}
		w, err := spaces.Wait(ctx, hub, o.id, a.waitOptions(hub, apiKey, o.timeout))
		if w != nil {
			res.Stage = w.Stage
			res.ArgillaVersion = w.Version
		}
		if err != nil {
			return err
		}
	}
	a.writeSpecFile(full)
	return a.printCreateResult(res, o)
}

func (o *createOptions) checkFlags() error {
	n := 0
	for _, b := range []bool{o.private, o.public, o.protect} {
		if b {
			n++
		}
	}
	if n > 1 {
		return usagef("choose one of --private, --public and --protected")
	}
	switch {
	case o.private:
		o.visibility = "private"
	case o.public:
		o.visibility = "public"
	case o.protect:
		o.visibility = "protected"
	}
	if o.storage != spaces.StorageBucket && o.storage != spaces.StorageEphemeral && !spaces.IsLegacyTier(o.storage) {
		return usagef("--storage must be bucket, ephemeral, small, medium or large, not %q", o.storage)
	}
	if o.bucket != "" {
		if o.storage != spaces.StorageBucket {
			return usagef("--bucket only goes with --storage bucket")
		}
		if _, err := spaces.ParseID(o.bucket, ""); err != nil {
			return usagef("--bucket: %v", err)
		}
	}
	for _, w := range o.workspaces {
		if err := oauthcfg.ValidateWorkspaceName(w); err != nil {
			return usagef("--allow-workspace %q: %v", w, err)
		}
	}
	if o.sleepTime != "" {
		if _, err := spaces.ParseSleep(o.sleepTime); err != nil {
			return usagef("--sleep-time: %v", err)
		}
	}
	if o.username != "" {
		if err := spaces.ValidateRepoName(o.username); err != nil {
			return usagef("--username: %v", err)
		}
	}
	if o.timeout <= 0 {
		return usagef("--timeout must be positive")
	}
	return nil
}

// resolveCreateInputs fills what flags left open: from the environment, then (on a terminal) the wizard.
// Without a terminal, a missing input is an error that names its flag.
func (a *app) resolveCreateInputs(ctx context.Context, o *createOptions, who *hfapi.WhoAmI) error {
	if o.passwordStdin {
		b, err := io.ReadAll(a.stdin)
		if err != nil {
			return err
		}
		o.password = strings.TrimRight(string(b), "\r\n")
		if o.password == "" {
			return usagef("--password-stdin read an empty password")
		}
	} else if p := a.getenv("ARGILLA_PASSWORD"); p != "" {
		o.password = p
	}
	interactive := a.canPrompt() && !o.passwordStdin
	if interactive && (o.arg == "" || o.noOAuth && o.password == "") {
		if err := a.createWizard(ctx, o, who); err != nil {
			return err
		}
	}
	if o.arg == "" {
		return usagef("missing the Space name: argilla-space create [OWNER/]NAME (or run it on a terminal for the wizard)")
	}
	owner := who.Name
	if o.org != "" {
		owner = o.org
	}
	id, err := spaces.ParseID(o.arg, owner)
	if err != nil {
		return usagef("%v", err)
	}
	if o.org != "" && !strings.EqualFold(id.Owner, o.org) {
		return usagef("--org %s does not match the owner in %s", o.org, o.arg)
	}
	o.id = id
	if o.username == "" {
		o.username = who.Name
	}
	if o.password != "" {
		if err := spaces.ValidatePassword(o.password); err != nil {
			return usagef("%v", err)
		}
	} else if o.noOAuth {
		return usagef("--no-oauth turns Sign in with Hugging Face off, so the owner needs a password: give it with --password-stdin or ARGILLA_PASSWORD")
	}
	if k := a.getenv("ARGILLA_API_KEY"); k != "" {
		if err := spaces.ValidateAPIKey(k); err != nil {
			return usagef("ARGILLA_API_KEY: %v", err)
		}
		o.apiKey = k
	} else {
		o.apiKey, o.keyMade = spaces.GenerateSecret(), true
	}
	return nil
}

func (a *app) createWizard(ctx context.Context, o *createOptions, who *hfapi.WhoAmI) error {
	owners := []string{who.Name}
	notes := map[string]string{}
	if !who.IsPro {
		notes[who.Name] = "free plan: Docker Spaces need PRO"
	}
	for _, org := range who.Orgs {
		if canWrite(org.RoleInOrg) {
			owners = append(owners, org.Name)
			if org.Plan == "" {
				notes[org.Name] = "no paid plan: Docker Spaces need Team or Enterprise"
			}
		}
	}
	q := prompt.CreateQuestions{
		AskName: o.arg == "", AskOwner: o.arg == "" && o.org == "", AskVisibility: o.visibility == "",
		AskStorage: o.arg == "", AskUsername: o.username == "", AskPassword: o.password == "",
		AskWorkspaces: len(o.workspaces) == 0 && !o.noOAuth,
		Owners:        owners, PlanNote: notes,
		Defaults: prompt.CreateAnswers{Owner: firstNonEmpty(o.org, who.Name), Visibility: firstNonEmpty(o.visibility, "private"),
			Storage: o.storage, Username: firstNonEmpty(o.username, who.Name), Workspaces: []string{spaces.DefaultWorkspace}},
	}
	ans, err := a.prompts().CreateWizard(ctx, q)
	if err != nil {
		return err
	}
	if q.AskPassword && ans.Password == "" && o.noOAuth {
		return prompt.ErrEmptySecret
	}
	if q.AskName {
		o.arg = ans.Name
	}
	if q.AskOwner && ans.Owner != "" {
		o.org = ans.Owner
		if ans.Owner == who.Name {
			o.org = ""
			o.arg = who.Name + "/" + o.arg
		}
	}
	if q.AskVisibility {
		o.visibility = ans.Visibility
	}
	if q.AskStorage && ans.Storage != "" {
		o.storage = ans.Storage
	}
	if q.AskUsername && ans.Username != "" {
		o.username = ans.Username
	}
	if q.AskPassword {
		o.password = ans.Password
	}
	if q.AskWorkspaces && len(ans.Workspaces) > 0 {
		o.workspaces = ans.Workspaces
	}
	return o.checkFlags()
}

// fullSpec is everything a new Space gets.
func (o *createOptions) fullSpec(who *hfapi.WhoAmI) spaces.Spec {
	s := o.explicitSpec()
	s.Storage = &spaces.StorageSpec{Type: o.storage, Bucket: o.bucket}
	if s.Owner == nil {
		s.Owner = &spaces.OwnerSpec{}
	}
	s.Owner.Username = o.username
	s.Owner.APIKey = o.apiKey
	s.Owner.Password = o.password
	if s.OAuth == nil {
		enabled := true
		s.OAuth = &spaces.OAuthSpec{Enabled: &enabled, AllowedWorkspaces: []string{spaces.DefaultWorkspace}}
	}
	if s.OAuth.AllowedWorkspaces == nil {
		s.OAuth.AllowedWorkspaces = []string{spaces.DefaultWorkspace}
	}
	return s
}

// explicitSpec is only what the flags said: --exist-ok reconciles these and leaves the rest alone.
func (o *createOptions) explicitSpec() spaces.Spec {
	s := spaces.Spec{Space: o.id.String(), Visibility: o.visibility, Hardware: o.hardware, SleepTime: o.sleepTime}
	if o.storageSet() {
		s.Storage = &spaces.StorageSpec{Type: o.storage, Bucket: o.bucket}
	}
	owner := &spaces.OwnerSpec{Username: o.username, Password: o.password}
	if !o.keyMade {
		owner.APIKey = o.apiKey
	}
	s.Owner = owner
	if o.hideWarning {
		s.Variables = map[string]string{"ARGILLA_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING": "false"}
	}
	if o.noOAuth || len(o.workspaces) > 0 {
		enabled := !o.noOAuth
		s.OAuth = &spaces.OAuthSpec{Enabled: &enabled, AllowedWorkspaces: o.workspaces}
	}
	return s
}

// storageSet: --storage was given explicitly (its default is bucket for a new Space; an existing Space's
// storage is only changed when asked).
func (o *createOptions) storageSet() bool { return o.storage != spaces.StorageBucket || o.bucket != "" }

func planSetsKey(p *spaces.Plan, key string) bool {
	for _, c := range p.Changes {
		if c.Kind == spaces.KindSetSecret && c.Target == key || c.Kind == spaces.KindCreateSpace {
			return true
		}
	}
	return false
}

func (a *app) saveKey(hub *hfapi.Client, o *createOptions) error {
	dirs, err := a.userDirs()
	if err != nil {
		return err
	}
	return dirs.SaveCredential(config.Credential{Endpoint: a.credentialEndpoint(hub), Space: o.id.String(), APIKey: o.apiKey, Username: o.username})
}

// credentialEndpoint keys stored API keys: the emulator's port changes between runs, its name does not.
func (a *app) credentialEndpoint(hub *hfapi.Client) string {
	if a.emulator != nil {
		return "emulator"
	}
	return hub.Endpoint()
}

func (a *app) storedKey(hub *hfapi.Client, id spaces.ID) string {
	dirs, err := a.userDirs()
	if err != nil {
		return ""
	}
	c, ok, _ := dirs.LoadCredential(a.credentialEndpoint(hub), id.String())
	if !ok {
		return ""
	}
	hub.Redact(c.APIKey)
	return c.APIKey
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

var _ = fmt.Sprintf
