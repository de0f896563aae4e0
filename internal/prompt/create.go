package prompt

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"charm.land/huh/v2"
)

// CreateQuestions says which create inputs are missing and what to offer.
type CreateQuestions struct {
	// Which fields to ask: only the missing ones are asked.
	AskName, AskOwner, AskVisibility, AskStorage, AskUsername, AskPassword, AskWorkspaces bool
	// Owners to choose from: first the user's own name, then the orgs where
	// they can write. When empty (and Unavailable too), the owner is typed
	// instead.
	Owners []string
	// Self is the user's name, labelled "(you)"; when empty, the first of
	// Owners is.
	Self string
	// Defaults pre-fill the asked fields and are returned as-is for the
	// fields not asked.
	Defaults CreateAnswers
	// PlanNote maps an owner to a note shown next to it (optional).
	PlanNote map[string]string
	// Unavailable maps a namespace where a Docker Space cannot be created
	// to the reason, e.g. "your role is read". They are listed after
	// Owners with their reason, so the user sees why, and choosing one is
	// refused.
	Unavailable map[string]string
	// Confirm shows a summary of the answers after the questions and asks
	// a final yes/no (default No) before anything is sent; No is
	// ErrNotConfirmed.
	Confirm bool
	// PasswordOptional lets the asked password be left empty (Enter at both
	// password inputs): with Sign in with Hugging Face on, the owner can sign
	// in without one. A typed password is still checked (8 to 100
	// characters, typed twice). Leave it false with OAuth off.
	PasswordOptional bool
}

// CreateAnswers are the create inputs after the wizard.
type CreateAnswers struct {
	Name, Owner, Visibility, Storage, Username, Password string
	Workspaces                                           []string
}

// Defaults used for asked fields whose q.Defaults value is empty.
const (
	defaultVisibility = "public" // the Hub's own default when visibility is not sent
	defaultStorage    = "bucket" // the only persistent storage the Hub still sells
	defaultWorkspace  = "argilla"
)

// createState holds what the form edits besides CreateAnswers: the second
// typing of the password, the raw workspace text and its default, and
// whether the password input was never read (accessible mode without a TTY).
type createState struct {
	confirm           string
	workspaces        string
	workspacesDefault string
	passwordUnread    bool
}

// workspaceText is the workspace text, or its default when left empty.
func (st *createState) workspaceText() string {
	if strings.TrimSpace(st.workspaces) == "" {
		return st.workspacesDefault
	}
	return st.workspaces
}

// BuildCreateForm builds the create wizard for the questions in q, writing the
// answers into *a (which it first fills with the defaults). Running the form
// is left to the caller, so tests can drive it with piped keystrokes. Field
// keys: name, owner, visibility, storage, username, password,
// password-confirm, workspaces.
func BuildCreateForm(q CreateQuestions, a *CreateAnswers) *huh.Form {
	form, _ := buildCreateForm(q, a)
	return form
}

// buildCreateForm is BuildCreateForm that also returns the extra state the
// post-run checks need.
func buildCreateForm(q CreateQuestions, a *CreateAnswers) (*huh.Form, *createState) {
	*a = startingAnswers(q)
	def := strings.Join(a.Workspaces, ", ")
	st := &createState{workspaces: def, workspacesDefault: def, passwordUnread: q.AskPassword}
	var groups []*huh.Group
	for _, fields := range [][]huh.Field{
		spaceFields(q, a),
		storageFields(q, a),
		accountFields(q, a, st),
		workspaceFields(q, a, st),
	} {
		if len(fields) > 0 {
			groups = append(groups, huh.NewGroup(fields...))
		}
	}
	return huh.NewForm(groups...), st
}

// startingAnswers copies the defaults and fills the asked fields that have
// no default. An asked password always starts empty: a pre-filled secret
// would be accepted by a careless Enter without the user knowing it.
func startingAnswers(q CreateQuestions) CreateAnswers {
	a := q.Defaults
	a.Workspaces = slices.Clone(a.Workspaces)
	if q.AskOwner && len(q.Owners) > 0 && !slices.Contains(q.Owners, a.Owner) {
		a.Owner = q.Owners[0]
	}
	if q.AskVisibility && a.Visibility == "" {
		a.Visibility = defaultVisibility
	}
	if q.AskStorage && oneOf(a.Storage, storageOptions()) != nil {
		a.Storage = defaultStorage // empty, or a retired tier the wizard does not offer
	}
	if q.AskWorkspaces && len(a.Workspaces) == 0 {
		a.Workspaces = []string{defaultWorkspace}
	}
	if q.AskPassword {
		a.Password = ""
	}
	return a
}

// spaceFields asks where the Space goes and who can see it.
func spaceFields(q CreateQuestions, a *CreateAnswers) []huh.Field {
	var fields []huh.Field
	if q.AskName {
		fields = append(fields, textInput("name", "Space name",
			"Letters, digits, '-', '_' and '.'; at most 96 characters.", &a.Name, validateSpaceName))
	}
	if q.AskOwner {
		fields = append(fields, ownerField(q, a))
	}
	if q.AskVisibility {
		fields = append(fields, huh.NewSelect[string]().Key("visibility").
			Title(withDefault("Visibility", a.Visibility)).
			Options(visibilityOptions()...).Value(&a.Visibility))
	}
	return fields
}

// ownerField is a select over q.Owners, or a typed name when none are known.
func ownerField(q CreateQuestions, a *CreateAnswers) huh.Field {
	if len(q.Owners) == 0 {
		return textInput("owner", "Owner", "Your username, or an organization where you can write.",
			&a.Owner, notEmpty)
	}
	return huh.NewSelect[string]().Key("owner").
		Title(withDefault("Owner", a.Owner)).
		Description("You, or an organization where you can write.").
		Options(ownerOptions(q)...).Value(&a.Owner).
		Validate(func(o string) error { return ownerAllowed(q, o) })
}

// ownerAllowed refuses an empty owner and one of q.Unavailable, with its reason.
func ownerAllowed(q CreateQuestions, owner string) error {
	if err := notEmpty(owner); err != nil {
		return err
	}
	if why, ok := q.Unavailable[owner]; ok {
		return fmt.Errorf("%w under %s: %s; choose another owner", ErrOwnerUnavailable, owner, why)
	}
	return nil
}

// storageFields asks where Argilla's data lives.
func storageFields(q CreateQuestions, a *CreateAnswers) []huh.Field {
	if !q.AskStorage {
		return nil
	}
	return []huh.Field{huh.NewSelect[string]().Key("storage").
		Title(withDefault("Storage", a.Storage)).
		Description("Argilla keeps all users, datasets and annotations in /data.").
		Options(storageOptions()...).Value(&a.Storage)}
}

// accountFields asks the Argilla owner account; the password is typed twice.
func accountFields(q CreateQuestions, a *CreateAnswers, st *createState) []huh.Field {
	var fields []huh.Field
	if q.AskUsername {
		fields = append(fields, textInput("username", "Owner username",
			"The Argilla owner; a Hugging Face user with this name also becomes owner at sign-in.",
			&a.Username, validateUsername))
	}
	if q.AskPassword {
		f := passwordField{title: "Owner password", optional: q.PasswordOptional, unread: &st.passwordUnread}
		fields = append(fields, passwordFields(f, &a.Password, &st.confirm)...)
	}
	return fields
}

// workspaceFields asks the workspaces new Hugging Face users join.
func workspaceFields(q CreateQuestions, a *CreateAnswers, st *createState) []huh.Field {
	if !q.AskWorkspaces {
		return nil
	}
	def := st.workspacesDefault
	return []huh.Field{huh.NewInput().Key("workspaces").
		Title(withDefault("Allowed workspaces", def)).
		Description("Comma separated; users who sign in with Hugging Face join these.").
		Accessor(&workspacesAccessor{st: st, parsed: &a.Workspaces}).
		Validate(func(s string) error {
			if strings.TrimSpace(s) == "" && def != "" {
				return nil // the default
			}
			_, err := ParseWorkspaces(s)
			return err
		})}
}

// workspacesAccessor lets an Input edit the workspace list as text while
// keeping the parsed list current, so a driven form's answers are complete
// without a post-processing step. Empty text stands for the default list.
type workspacesAccessor struct {
	st     *createState
	parsed *[]string
}

// Get returns the text being edited.
func (w *workspacesAccessor) Get() string { return w.st.workspaces }

// Set stores the text and its parsed list (nil while it is invalid).
func (w *workspacesAccessor) Set(s string) {
	w.st.workspaces = s
	*w.parsed, _ = ParseWorkspaces(w.st.workspaceText())
}

// textInput is a text field bound to *value. When *value already holds a
// default, the title shows it and an empty answer keeps it: huh's accessible
// mode validates the raw line before it falls back to the default, so a
// validator that refuses "" would loop on Enter; and in the TUI a cleared
// field means the default too.
func textInput(key, title, description string, value *string, validate func(string) error) *huh.Input {
	def := *value
	in := huh.NewInput().Key(key).Title(withDefault(title, def)).Description(description)
	if def == "" {
		return in.Value(value).Validate(validate)
	}
	return in.Accessor(&defaultAccessor{raw: def, value: value, def: def}).
		Validate(func(s string) error {
			if strings.TrimSpace(s) == "" {
				return nil
			}
			return validate(s)
		})
}

// defaultAccessor keeps the text being edited apart from the answer, which is
// the default while the text is blank.
type defaultAccessor struct {
	raw   string
	value *string
	def   string
}

// Get returns the text being edited.
func (d *defaultAccessor) Get() string { return d.raw }

// Set stores the text and the answer it stands for.
func (d *defaultAccessor) Set(s string) {
	d.raw = s
	*d.value = s
	if strings.TrimSpace(s) == "" {
		*d.value = d.def
	}
}

// withDefault adds the default to a title: huh's accessible mode prints the
// title and not the pre-filled value or the select cursor, so this is how a
// screen-reader user learns what Enter keeps.
func withDefault(title, def string) string {
	if def == "" {
		return title
	}
	return fmt.Sprintf("%s (default: %s)", title, def)
}

// CreateWizard runs the create form and checks the answers again afterwards:
// accessible mode skips validators on EOF and drops passwords without a TTY.
func (p *huhPrompter) CreateWizard(ctx context.Context, q CreateQuestions) (CreateAnswers, error) {
	if q.AskOwner && len(q.Owners) == 0 && len(q.Unavailable) > 0 {
		return CreateAnswers{}, fmt.Errorf("%w: none of your namespaces can take a new Docker Space (%s)",
			ErrOwnerUnavailable, unavailableList(q.Unavailable))
	}
	var a CreateAnswers
	form, st := buildCreateForm(q, &a)
	if !q.asksAnything() {
		return a, nil
	}
	if err := p.run(ctx, form); err != nil {
		return CreateAnswers{}, err
	}
	if err := checkCreateAnswers(q, &a, st); err != nil {
		return CreateAnswers{}, err
	}
	if q.Confirm {
		form, yes := buildCreateConfirmForm(q, a)
		if err := p.run(ctx, form); err != nil {
			return CreateAnswers{}, err
		}
		if !*yes {
			return CreateAnswers{}, ErrNotConfirmed
		}
	}
	return a, nil
}

// asksAnything reports whether any question is asked.
func (q CreateQuestions) asksAnything() bool {
	return q.AskName || q.AskOwner || q.AskVisibility || q.AskStorage ||
		q.AskUsername || q.AskPassword || q.AskWorkspaces
}

// checkCreateAnswers validates every asked answer, the secret first so an
// empty password is reported as such, and normalizes the workspace list. An
// optional password may be empty only if it was read and both typings are
// empty; one that could not be read is an empty secret.
func checkCreateAnswers(q CreateQuestions, a *CreateAnswers, st *createState) error {
	if q.AskPassword {
		if q.PasswordOptional && !st.passwordUnread && a.Password == "" {
			if st.confirm != "" {
				return ErrPasswordMismatch
			}
		} else if err := checkPassword(a.Password, st.confirm, true); err != nil {
			return err
		}
	}
	var errs []error
	check := func(asked bool, what string, err error) {
		if asked && err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", what, err))
		}
	}
	check(q.AskName, "Space name", validateSpaceName(a.Name))
	check(q.AskOwner, "owner", ownerAllowed(q, a.Owner))
	check(q.AskVisibility, "visibility", oneOf(a.Visibility, visibilityOptions()))
	check(q.AskStorage, "storage", oneOf(a.Storage, storageOptions()))
	check(q.AskUsername, "username", validateUsername(a.Username))
	if q.AskWorkspaces {
		ws, err := ParseWorkspaces(st.workspaceText())
		check(true, "workspaces", err)
		a.Workspaces = ws
	}
	return errors.Join(errs...)
}

// notEmpty refuses an empty answer.
func notEmpty(s string) error {
	if s == "" {
		return errors.New("an answer is required")
	}
	return nil
}

// oneOf refuses a value that is not among the options.
func oneOf(v string, opts []huh.Option[string]) error {
	for _, o := range opts {
		if o.Value == v {
			return nil
		}
	}
	return fmt.Errorf("unexpected value %q", v)
}

// ErrOwnerUnavailable is an owner where the wizard knows a Docker Space cannot
// be created (CreateQuestions.Unavailable).
var ErrOwnerUnavailable = errors.New("a Space cannot be created")

// ErrNotConfirmed is the answer No to the wizard's final question: nothing
// may be sent.
var ErrNotConfirmed = errors.New("not confirmed: nothing was created")

// unavailableList is "ns: reason; ..." in name order.
func unavailableList(m map[string]string) string {
	parts := make([]string, 0, len(m))
	for _, ns := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, ns+": "+m[ns])
	}
	return strings.Join(parts, "; ")
}

// buildCreateConfirmForm shows what will be created and asks a last yes/no,
// No by default. The summary is a Note, which huh's accessible mode prints
// in full; the password itself is never shown, only whether there is one.
func buildCreateConfirmForm(q CreateQuestions, a CreateAnswers) (*huh.Form, *bool) {
	yes := new(bool)
	note := huh.NewNote().Title("Summary").Description(createSummary(q, a))
	field := huh.NewConfirm().Key("create-confirm").
		Title("Create this Space?").
		Affirmative("Yes").Negative("No").
		Value(yes)
	return huh.NewForm(huh.NewGroup(note, field)), yes
}

// createSummary lists the answers, one per line, leaving out empty ones.
func createSummary(q CreateQuestions, a CreateAnswers) string {
	space := a.Name
	if a.Owner != "" && !strings.Contains(space, "/") {
		space = a.Owner + "/" + space
	}
	var b strings.Builder
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%-16s %s\n", label+":", value)
		}
	}
	line("Space", space)
	line("Visibility", a.Visibility)
	line("Storage", a.Storage)
	line("Owner username", a.Username)
	switch {
	case a.Password != "":
		line("Owner password", "set (not shown)")
	case q.AskPassword:
		line("Owner password", "none: the owner signs in with Hugging Face")
	}
	line("Workspaces", strings.Join(a.Workspaces, ", "))
	return strings.TrimRight(b.String(), "\n")
}
