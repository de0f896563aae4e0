package main

import (
	"context"
	"errors"
	"fmt"
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
	argillaVersion           string

	// given explicitly: an existing Space is reconciled to these only
	storageGiven, usernameGiven bool

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
		Use:   "create [[OWNER/]NAME]",
		Short: "Create an Argilla Space that survives restarts, owned by you",
		Long: `Create an Argilla Space from the official template in one build: storage, owner secrets, OAuth
file, visibility and hardware are all sent in a single create request, then the command waits until
Argilla answers and your API key is the owner's.

The password and API key never go on the command line: the password comes from a masked prompt,
--password-stdin or ARGILLA_PASSWORD (optional while OAuth is on, since the owner can sign in with
Hugging Face; required with --no-oauth); the API key from ARGILLA_API_KEY, or it is generated and
saved (mode 0600) for ` + "`argilla-space connect`" + `.

Visibility is your decision, never a default: give --private, --public or --protected; on a terminal
the wizard asks (private preselected), elsewhere a missing one is an error (exit 2).

NAME defaults to ` + spaces.DefaultSpaceName + ` (the name Argilla's deploy_on_spaces uses): ` + "`create --org acme --private`" + `
creates acme/` + spaces.DefaultSpaceName + `, and without --org the Space is YOUR_USER/` + spaces.DefaultSpaceName + `. On a terminal the
wizard proposes it.`,
		Example: `  argilla-space create --org acme --private
  echo "$ARGILLA_PASSWORD" | argilla-space create acme/argilla --private --password-stdin --no-input -o json
  argilla-space create demo --public --allow-workspace argilla --allow-workspace community-initiative`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.arg = args[0]
			}
			o.storageGiven = c.Flags().Changed("storage") || c.Flags().Changed("bucket")
			o.usernameGiven = c.Flags().Changed("username")
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
	f.StringArrayVar(&o.workspaces, "allow-workspace", nil, "`workspace` Hugging Face users join at sign-in (repeatable; replaces the default, argilla)")
	f.BoolVar(&o.noOAuth, "no-oauth", false, "turn Sign in with Hugging Face off (the owner then needs a password)")
	f.BoolVar(&o.hideWarning, "hide-storage-warning", false, "hide Argilla's persistent-storage banner")
	f.BoolVar(&o.noWait, "no-wait", false, "return once the Hub accepted the Space, without waiting for Argilla")
	f.BoolVar(&o.wait, "wait", true, "wait until Argilla answers and the API key is the owner's (--wait=false is --no-wait)")
	f.DurationVar(&o.timeout, "timeout", 20*time.Minute, "how long to wait")
	f.BoolVar(&o.existOK, "exist-ok", false, "if the Space exists, reconcile it to these flags instead of failing")
	f.BoolVar(&o.dryRun, "dry-run", false, "print the plan; send no change")
	f.StringVar(&o.argillaVersion, "argilla-version", "", "pin this Argilla release, vX.Y.Z, in the Dockerfile's FROM line (default: the template's)")
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
	if err := preflight(who, o.id.Owner, o.visibility, o.bucket); err != nil {
		return err
	}
	if err := checkHardware(ctx, hub, o.hardware); err != nil {
		return err
	}
	store := a.keyStore(hub)
	resumable := false // a run of this command here was interrupted: its key is pending
	if o.keyMade {
		o.apiKey, resumable = spaces.KeyForNewSpace(store, o.id)
	}
	full := o.fullSpec(who)
	hub.Redact(full.SecretValues()...)
	engine := a.engine(hub)
	resumed := false // the Space was created by an interrupted run of this command on this machine
	req := spaces.Request{ID: o.id, DryRun: o.dryRun, Files: true,
		Desire: func(ctx context.Context, st *spaces.State) (spaces.Spec, spaces.PlanOptions, error) {
			if !st.Exists {
				if !o.dryRun {
					if err := spaces.KeepBeforeCreate(store, o.id, o.apiKey, o.username); err != nil {
						return full, spaces.PlanOptions{}, err
					}
				}
				t, err := spaces.LoadTemplate(ctx, hub)
				return full, spaces.PlanOptions{Template: t}, err
			}
			if resumable && !o.dryRun {
				key, ok, err := spaces.ResumeKey(store, o.id, o.username)
				if err != nil {
					return full, spaces.PlanOptions{}, err
				}
				if resumed = ok; ok {
					o.apiKey = key
					full.Owner.APIKey = key
					a.progress(o.id.String() + " was created by an interrupted run of this command here: carrying on with it")
					return full, spaces.PlanOptions{}, nil
				}
			}
			if !o.existOK {
				return spaces.Spec{}, spaces.PlanOptions{}, &spaces.ExistsError{Space: st.ID.String()} // the Hub's spelling
			}
			return o.explicitSpec(), spaces.PlanOptions{}, nil
		}}
	out, err := engine.Run(ctx, req)
	created := spaces.Created(ctx, hub, out, err)
	if created {
		// The Space exists from here on, whatever fails next (the check of its settings, the wait, an
		// interrupt): keep its key and its spec file now, so that `connect`, `wait` and `plan` work.
		if kerr := store.Store(o.id, o.apiKey, o.username); kerr != nil && err == nil {
			err = kerr
		}
		a.writeSpecFile(full)
	} else if o.keyMade && !o.dryRun && !resumed {
		// Not created by this run (another run created it with its own key, or the create was refused):
		// the pending key is not the Space's. Only a killed run leaves it, for its re-run.
		_ = store.DropPending(o.id, o.apiKey)
	}
	if err != nil {
		return a.explainCreateFailure(ctx, err, o.id, created)
	}
	if o.dryRun {
		return a.printPlan(out.Plan)
	}
	res := &createResult{spaceResult: a.spaceResult(out.State), Created: created, Changes: len(out.Plan.Changes)}
	wait := o.wait && !o.noWait
	owner, apiKey := o.username, o.apiKey
	if !created {
		if !o.keyMade && spaces.PlanSetsKey(out.Plan, spaces.SecretAPIKey) {
			// Argilla may keep the existing owner's key (persistent storage): keepAPIKey stores the
			// new one only when that is certain.
			if out.Plan.PersistentAfter {
				a.noteOwnerFirstTime(o.id, false)
			}
			if err := a.keepAPIKey(ctx, hub, out, apiKeyChange{key: o.apiKey, wait: wait, timeout: o.timeout}); err != nil {
				return err
			}
		}
		// The note matters only for a Space this command did not create: one its own interrupted run
		// created here sent its visibility in the create request itself (a re-run repeats the same create).
		if (o.visibility == "private" || o.visibility == "protected") && !resumed && !planChanges(out.Plan, spaces.KindVisibility) {
			fmt.Fprintf(a.stderr, "note: the Hub reports private and protected Spaces alike, so --%s was not sent again; `argilla-space visibility %s --space %s` sends it\n", o.visibility, o.visibility, o.id)
		}
		owner, apiKey = a.existingOwner(hub, o, out.Plan)
		if resumed {
			owner, apiKey = o.username, o.apiKey
		}
		a.writeSpecFile(a.describeSpace(hub, out.State))
	}
	if wait {
		// Only a key of ours is checked: the API_KEY of a Space this run did not create may be
		// someone else's (the CI job that won the race to create it).
		key := ""
		if created || resumed {
			key = o.apiKey
		}
		w, err := spaces.Wait(ctx, hub, o.id, a.waitOptions(hub, key, o.timeout))
		if w != nil {
			res.Stage = w.Stage
			res.ArgillaVersion = w.Version
		}
		if err != nil {
			return a.explainCreateFailure(ctx, err, o.id, created)
		}
	}
	known := true
	if !created && !resumed {
		fromEnv := ""
		if !o.keyMade {
			fromEnv = o.apiKey
		}
		key, user, ok, err := spaces.KnownKey(ctx, a.keyStore(hub), out.State, a.waitOptions(hub, "", o.timeout), wait, fromEnv)
		if err != nil {
			return err
		}
		apiKey, known = key, ok
		if owner == "" {
			owner = user
		}
		switch {
		case !known:
			fmt.Fprintln(a.stderr, "note: "+spaces.UnknownKeyNote(o.id))
		case fromEnv != "" && fromEnv != key && !spaces.PlanSetsKey(out.Plan, spaces.SecretAPIKey):
			fmt.Fprintf(a.stderr, "note: ARGILLA_API_KEY was not sent: %s already has an API_KEY, which --exist-ok keeps; rotate it with `argilla-space owner set --space %s --api-key-from-env ARGILLA_API_KEY`\n", o.id, o.id)
		}
	}
	res.APIKeyKnown = known
	if (created || resumed) && o.keyMade {
		_ = store.DropPending(o.id, o.apiKey) // done: a later create is no re-run of this one
	}
	return a.printCreateResult(res, owner, apiKey)
}

// namespaceAsSpelled is owner as the Hub spells it (the user's or an org's name): namespaces match
// without regard to case, but the Hub's write endpoints take them as spelled.
func namespaceAsSpelled(who *hfapi.WhoAmI, owner string) string {
	if strings.EqualFold(owner, who.Name) {
		return who.Name
	}
	for _, org := range who.Orgs {
		if strings.EqualFold(owner, org.Name) {
			return org.Name
		}
	}
	return owner
}

// explainCreateFailure adds to an interrupt what a person needs next: the Space exists and keeps
// building. Other errors already say what to do.
func (a *app) explainCreateFailure(ctx context.Context, err error, id spaces.ID, created bool) error {
	if created && ctx.Err() != nil {
		fmt.Fprintf(a.stderr, "note: %s was created and keeps building: follow it with `argilla-space wait --space %s`\n", id, id)
	}
	return err
}

// existingOwner is the owner and API key to show for a Space this run did not create: those stored
// for `connect`, never the key generated for a create that did not happen. The owner's username is a
// write-only secret, known only from the credentials file, and --username does not change it here.
func (a *app) existingOwner(hub *hfapi.Client, o *createOptions, p *spaces.Plan) (owner, apiKey string) {
	cred, _ := a.storedCredential(hub, o.id)
	if o.usernameGiven && o.username != cred.Username && !spaces.PlanSetsKey(p, spaces.SecretUsername) {
		fmt.Fprintf(a.stderr, "note: --username is used only when a Space is created (Argilla makes its owner once, at the first start); to change the owner of %s use `argilla-space owner set`\n", o.id)
	}
	return cred.Username, cred.APIKey
}

// describeSpace is the spec of a Space this run did not create, as it is now, with the owner's
// username when the credentials file knows it.
func (a *app) describeSpace(hub *hfapi.Client, st *spaces.State) spaces.Spec {
	s := spaces.Describe(st)
	if cred, ok := a.storedCredential(hub, st.ID); ok && cred.Username != "" {
		s.Owner.Username = cred.Username
	}
	return s
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
	if o.argillaVersion != "" {
		if _, err := spaces.CheckArgillaVersion(o.argillaVersion, false); err != nil {
			return usagef("--argilla-version: %v", err)
		}
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
		if _, err := spaces.ParseBucketID(o.bucket); err != nil {
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
		b, err := a.readStdinBytes("the password")
		if err != nil {
			return err
		}
		o.password = strings.TrimRight(string(b), "\r\n")
		if o.password == "" {
			return usagef("--password-stdin read an empty password")
		}
	} else if p := a.getenv("ARGILLA_PASSWORD"); p != "" {
		o.password = p // taken as it is, as apply and owner set take it: a line break is refused
	}
	interactive := a.canPrompt() && !o.passwordStdin
	if interactive && (o.arg == "" || o.visibility == "" || o.noOAuth && o.password == "") {
		if err := a.createWizard(ctx, o, who); err != nil {
			return err
		}
	}
	if o.visibility == "" {
		return usagef("%s: add --private, --public or --protected (%s)", createNeedsVisibility, spaces.VisibilityRequired)
	}
	named := o.arg != ""
	if !named {
		o.arg = spaces.DefaultSpaceName
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
	id.Owner = namespaceAsSpelled(who, id.Owner)
	o.id = id
	if !named {
		fmt.Fprintf(a.stderr, "no name given: creating %s\n", id)
	}
	if o.bucket != "" {
		b, _ := spaces.ParseBucketID(o.bucket) // checked in checkFlags
		o.bucket = namespaceAsSpelled(who, b.Owner) + "/" + b.Name
	}
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

// createNeedsVisibility opens create's error when no visibility flag was given without a terminal.
const createNeedsVisibility = "create needs the Space's visibility"

func (a *app) createWizard(ctx context.Context, o *createOptions, who *hfapi.WhoAmI) error {
	owners, unavailable := wizardOwners(who)
	if len(owners) == 0 && o.arg == "" && o.org == "" {
		return spaces.Preflight(who, who.Name, o.visibility) // nowhere to create: say why before asking
	}
	// Without a name the wizard asks for everything; with one, only for what cannot be left out: the
	// visibility, and the password when OAuth is off.
	all := o.arg == ""
	q := prompt.CreateQuestions{
		AskName: all, AskOwner: all && o.org == "", AskVisibility: o.visibility == "",
		AskStorage: all, AskUsername: o.username == "" && (all || o.noOAuth), AskPassword: o.password == "" && (all || o.noOAuth),
		AskWorkspaces: all && len(o.workspaces) == 0 && !o.noOAuth,
		// With Sign in with Hugging Face on, the owner can sign in without a password.
		PasswordOptional: !o.noOAuth,
		Owners:           owners, Unavailable: unavailable, Self: who.Name, Confirm: true,
		Defaults: prompt.CreateAnswers{Name: firstNonEmpty(o.arg, spaces.DefaultSpaceName), Owner: firstNonEmpty(o.org, who.Name), Visibility: firstNonEmpty(o.visibility, "private"),
			Storage: o.storage, Username: firstNonEmpty(o.username, who.Name), Workspaces: []string{spaces.DefaultWorkspace}},
	}
	ans, err := a.prompts().CreateWizard(ctx, q)
	if errors.Is(err, prompt.ErrNotConfirmed) {
		return &spaces.DeclinedError{Space: "the new Space"}
	}
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
	s := spaces.Spec{Space: o.id.String(), Visibility: o.visibility, Hardware: o.hardware, SleepTime: o.sleepTime, ArgillaVersion: o.argillaVersion}
	if o.storageSet() {
		s.Storage = &spaces.StorageSpec{Type: o.storage, Bucket: o.bucket}
	}
	owner := &spaces.OwnerSpec{Password: o.password}
	if o.usernameGiven {
		owner.Username = o.username
	}
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

// storageSet: --storage or --bucket was given (a new Space gets a bucket by default; an existing Space's
// storage is only changed when asked, even when asked for the default).
func (o *createOptions) storageSet() bool { return o.storageGiven }

// planChanges reports whether the plan has a change of this kind.
func planChanges(p *spaces.Plan, kind spaces.ChangeKind) bool {
	for _, c := range p.Changes {
		if c.Kind == kind {
			return true
		}
	}
	return false
}

// saveKey keeps a Space's owner API key for `connect`, with the owner's username when given, else the
// one already on file.
func (a *app) saveKey(hub *hfapi.Client, id spaces.ID, apiKey, username string) error {
	dirs, err := a.userDirs()
	if err != nil {
		return err
	}
	return dirs.SaveCredential(config.Credential{Endpoint: a.credentialEndpoint(hub), Space: id.String(), APIKey: apiKey, Username: username})
}

// credentialEndpoint keys stored API keys: the emulator's port changes between runs, its name does not.
func (a *app) credentialEndpoint(hub *hfapi.Client) string {
	if a.emulator != nil {
		return "emulator"
	}
	return hub.Endpoint()
}

func (a *app) storedKey(hub *hfapi.Client, id spaces.ID) string {
	c, _ := a.storedCredential(hub, id)
	return c.APIKey
}

// storedCredential is what `create` saved for the Space on this endpoint, its key redacted from logs.
func (a *app) storedCredential(hub *hfapi.Client, id spaces.ID) (config.Credential, bool) {
	dirs, err := a.userDirs()
	if err != nil {
		return config.Credential{}, false
	}
	c, ok, _ := dirs.LoadCredential(a.credentialEndpoint(hub), id.String())
	if !ok {
		return config.Credential{}, false
	}
	hub.Redact(c.APIKey, c.PendingKey)
	return c, c.APIKey != ""
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
