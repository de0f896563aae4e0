package spaces

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/argilla-space/argilla-space/pkg/hfapi"
)

// ErrStaleHead means a commit found the Space repo changed since it was read (HTTP 412): observe again,
// re-apply the same edit and retry, so a concurrent edit is never lost.
var ErrStaleHead = errors.New("the Space repo changed since it was read")

// ErrLostRace means a create found the Space already there although the plan, made a moment before,
// saw none: another run created it meanwhile (HTTP 409). Like ErrStaleHead it is not a failure of the
// request: the engine observes again and plans on the fresh state.
var ErrLostRace = errors.New("the Space was created by someone else meanwhile")

// ConflictError means concurrent changes by others kept invalidating the plan, attempt after attempt.
// Nothing is wrong with the request: running the same command again is the fix.
type ConflictError struct {
	Space    string
	Attempts int
	Err      error // the last conflict: ErrStaleHead or ErrLostRace
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s kept changing while this run applied its plan (%v, %d times): others are changing it at the same moment; run the same command again", e.Space, e.Err, e.Attempts)
}

func (e *ConflictError) Unwrap() error { return e.Err }

// ExistsError means create found the Space already there.
type ExistsError struct{ Space string }

func (e *ExistsError) Error() string {
	return e.Space + " already exists: pass --exist-ok to reconcile it to these settings, or choose another name"
}

// Applied says what Apply did.
type Applied struct {
	Done    int    // changes sent
	URL     string // of a created Space
	Commits int

	bucket string // the bucket this run created, removed again when the Hub refuses the Space
}

// Apply sends the plan's changes in order. It stops at the first failure and says how far it got;
// the Hub has no transactions, so what was sent stays sent, and the next run plans only the rest.
func Apply(ctx context.Context, hub *hfapi.Client, p *Plan, progress func(string)) (*Applied, error) {
	res := &Applied{}
	for i := 0; i < len(p.Changes); i++ {
		c := p.Changes[i]
		if progress != nil {
			progress(c.Summary)
		}
		// A sleep time right after a hardware switch rides in the same request (reference §6): one
		// call, one restart. Both changes count as done together.
		if next := i + 1; c.Kind == KindHardware && next < len(p.Changes) && p.Changes[next].Kind == KindSleep {
			secs := p.Changes[next].seconds
			c.sleep = &secs
			if progress != nil {
				progress(p.Changes[next].Summary)
			}
			if err := applyOne(ctx, hub, p.Space, c, res); err != nil {
				return res, applyError(c, err, res, len(p.Changes))
			}
			res.Done += 2
			i++
			continue
		}
		// Files committed one after the other go in one commit: one build, not one per file (the
		// OAuth file and the Dockerfile's FROM line of a spec that changes both).
		if n := commitRun(p.Changes[i:]); n > 1 {
			for _, f := range p.Changes[i+1 : i+n] {
				if progress != nil {
					progress(f.Summary)
				}
			}
			if err := commitFiles(ctx, hub, p.Space, p.Changes[i:i+n], res); err != nil {
				return res, applyError(c, err, res, len(p.Changes))
			}
			res.Done += n
			i += n - 1
			continue
		}
		if err := applyOne(ctx, hub, p.Space, c, res); err != nil {
			return res, applyError(c, err, res, len(p.Changes))
		}
		res.Done++
	}
	return res, nil
}

// commitRun counts the file commits at the start of cs.
func commitRun(cs []Change) int {
	n := 0
	for n < len(cs) && cs[n].Kind == KindCommitFile {
		n++
	}
	return n
}

// commitFiles commits the files of cs in one commit on the head they were read at.
func commitFiles(ctx context.Context, hub *hfapi.Client, space string, cs []Change, res *Applied) error {
	ops := make([]hfapi.CommitOp, 0, len(cs))
	paths := make([]string, 0, len(cs))
	for _, c := range cs {
		ops = append(ops, hfapi.CommitOp{Path: c.Target, Content: c.content})
		paths = append(paths, c.Target)
	}
	_, err := hub.Commit(ctx, space, "main", hfapi.CommitRequest{
		Summary:      "Update " + strings.Join(paths, " and ") + " with argilla-space",
		ParentCommit: cs[0].parent,
		Ops:          ops,
	})
	if hfapi.IsPreconditionFailed(err) {
		return ErrStaleHead
	}
	if err == nil {
		res.Commits++
	}
	return err
}

// applyError says which change failed and how far the plan got.
func applyError(c Change, err error, res *Applied, total int) error {
	if errors.Is(err, ErrStaleHead) || errors.Is(err, ErrLostRace) {
		return err
	}
	if res.Done > 0 {
		return fmt.Errorf("%s: %w (%d of %d changes were applied before this one)", c.Summary, err, res.Done, total)
	}
	return fmt.Errorf("%s: %w", c.Summary, err)
}

func applyOne(ctx context.Context, hub *hfapi.Client, space string, c Change, res *Applied) error {
	switch c.Kind {
	case KindCreateBucket:
		// An existing bucket is what we wanted (a 409: made before, or by a concurrent run; buckets are
		// not observed, so the plan asks for "create, kept if it exists"), also one the token may use but not create (401/403
		// followed by a bucket read, as huggingface_hub's create_bucket(exist_ok=True) does).
		created, err := hub.EnsureBucket(ctx, c.Target, hfapi.BucketRequest{Private: ptr(true)})
		if created {
			res.bucket = c.Target
		}
		if s := hfapi.StatusOf(err); s == 401 || s == 403 {
			ns, _, _ := strings.Cut(c.Target, "/")
			return fmt.Errorf("the Hub refused to create the storage bucket %s, and the token cannot use an existing bucket of that name (%w): use a write token with write access to %s, or name a bucket you can use with --bucket (storage.bucket in a spec); nothing was created", c.Target, err, ns)
		}
		return err
	case KindCreateSpace:
		return createSpace(ctx, hub, c, res)
	case KindSetVolumes:
		return hub.SetVolumes(ctx, space, c.volumes)
	case KindDeleteVolumes:
		return hub.DeleteVolumes(ctx, space)
	case KindSetStorageTier:
		_, err := hub.RequestStorage(ctx, space, c.Target)
		return legacyStorageError(err)
	case KindDeleteStorageTier:
		_, err := hub.DeleteStorage(ctx, space)
		return err
	case KindVisibility:
		return hub.UpdateSettings(ctx, space, hfapi.SettingsRequest{Visibility: c.Target})
	case KindHardware:
		_, err := hub.RequestHardware(ctx, space, c.Target, c.sleep)
		return err
	case KindSleep:
		_, err := hub.SetSleepTime(ctx, space, c.seconds)
		return err
	case KindSetVariable:
		_, err := hub.AddVariable(ctx, space, hfapi.KeyValue{Key: c.Target, Value: c.value})
		return err
	case KindDeleteVariable:
		_, err := hub.DeleteVariable(ctx, space, c.Target)
		return err
	case KindSetSecret:
		return hub.AddSecretOver(ctx, space, hfapi.KeyValue{Key: c.Target, Value: c.value}, c.prevSecret)
	case KindDeleteSecret:
		return hub.DeleteSecret(ctx, space, c.Target)
	case KindCommitFile:
		return commitFiles(ctx, hub, space, []Change{c}, res)
	case KindRestart:
		_, err := hub.RestartSpace(ctx, space, c.factory)
		return err
	case KindPause:
		_, err := hub.PauseSpace(ctx, space)
		return err
	case KindDeleteSpace:
		return hub.DeleteRepo(ctx, space, "space")
	}
	return fmt.Errorf("internal: unknown change %q", c.Kind)
}

// createSpace sends the one create request. Only when the Hub refuses that form (templates or inline
// files unsupported: a 400 that names them) does it fall back to duplicating the template and one commit.
func createSpace(ctx context.Context, hub *hfapi.Client, c Change, res *Applied) error {
	req := *c.create
	out, err := hub.CreateRepo(ctx, req)
	switch {
	case err == nil:
		res.URL = out.URL
		return nil
	case hfapi.IsConflict(err):
		return ErrLostRace
	case hfapi.IsPaymentRequired(err), hfapi.IsForbidden(err):
		return undoBucket(ctx, hub, res, createRefused(c.Target, err))
	case hfapi.IsBadRequest(err) && req.StorageTier != "":
		return legacyStorageError(err)
	case hfapi.IsBadRequest(err) && refusesTemplateForm(err):
		return duplicateFallback(ctx, hub, c.Target, req, res)
	}
	return err
}

// undoBucket deletes the bucket this run created for a Space the Hub then refused, so a refused create
// leaves nothing behind; a failed delete is said in the error.
func undoBucket(ctx context.Context, hub *hfapi.Client, res *Applied, err error) error {
	if res.bucket == "" {
		return err
	}
	if derr := hub.DeleteBucket(ctx, res.bucket); derr != nil && !hfapi.IsNotFound(derr) {
		return fmt.Errorf("%w (the storage bucket %s created for it could not be removed: %v)", err, res.bucket, derr)
	}
	res.bucket = ""
	return err
}

func refusesTemplateForm(err error) bool {
	var he *hfapi.Error
	if !errors.As(err, &he) {
		return false
	}
	return containsFold(he.Message, "template") || containsFold(he.Message, "files")
}

func duplicateFallback(ctx context.Context, hub *hfapi.Client, space string, req hfapi.CreateRepoRequest, res *Applied) error {
	dup := hfapi.DuplicateRequest{Repository: space, Visibility: req.Visibility, Hardware: req.Hardware,
		StorageTier: req.StorageTier, SleepTimeSeconds: req.SleepTimeSeconds, Secrets: req.Secrets,
		Variables: req.Variables, Volumes: req.Volumes}
	out, err := hub.DuplicateSpace(ctx, req.Template, dup)
	if hfapi.IsConflict(err) {
		return ErrLostRace
	}
	if err != nil {
		return err
	}
	res.URL = out.URL
	if len(req.Files) == 0 {
		return nil
	}
	ops := make([]hfapi.CommitOp, 0, len(req.Files))
	for _, f := range req.Files {
		b, err := f.Bytes()
		if err != nil {
			return err
		}
		ops = append(ops, hfapi.CommitOp{Path: f.Path, Content: b})
	}
	if _, err := hub.Commit(ctx, space, "main", hfapi.CommitRequest{Summary: "Configure Argilla with argilla-space", Ops: ops}); err != nil {
		return err
	}
	res.Commits++
	return nil
}

// LegacyStorageError explains a refused storage tier and names the way that works today.
type LegacyStorageError struct{ Err error }

func (e *LegacyStorageError) Error() string {
	return fmt.Sprintf("the Hub refused the legacy storage tier (%v): persistent storage tiers were retired in 2026; use --storage bucket, which mounts a Storage Bucket at /data", e.Err)
}

func (e *LegacyStorageError) Unwrap() error { return e.Err }

func legacyStorageError(err error) error {
	if err != nil && hfapi.IsBadRequest(err) {
		return &LegacyStorageError{Err: err}
	}
	return err
}

func ptr[T any](v T) *T { return &v }

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
