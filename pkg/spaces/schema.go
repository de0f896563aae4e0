package spaces

import (
	"encoding/json"
	"reflect"
	"strings"
)

// SchemaID names the schema; editors match it with `# yaml-language-server: $schema=...` comments.
const SchemaID = "https://github.com/argilla-space/argilla-space/argilla-space.schema.json"

// Schema returns the JSON Schema (draft 2020-12) of argilla-space.yaml. It is generated from the Spec
// type itself (its yaml tags; a tag without omitempty is required; every object is closed, as the
// parser refuses unknown keys), so a field added to Spec shows up here by itself. What reflection
// cannot know, descriptions, enums and patterns, comes from schemaNotes by the field's dotted path.
func Schema() map[string]any {
	s := schemaOf(reflect.TypeOf(Spec{}), "")
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = SchemaID
	s["title"] = "argilla-space.yaml"
	s["description"] = "One Argilla Space on Hugging Face Spaces, as `argilla-space plan` and `apply` read it. " +
		"A file may hold several YAML documents (a fleet); a directory of such files is a fleet too. " +
		"A field left out is not managed: the Space keeps what it has."
	return s
}

// SchemaJSON is Schema as indented JSON, with a final newline.
func SchemaJSON() ([]byte, error) {
	b, err := json.MarshalIndent(Schema(), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// schemaOf maps a Go type to its schema; path is the dotted YAML path of the value ("" at the top).
func schemaOf(t reflect.Type, path string) map[string]any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var s map[string]any
	switch t.Kind() {
	case reflect.String:
		s = map[string]any{"type": "string"}
	case reflect.Bool:
		s = map[string]any{"type": "boolean"}
	case reflect.Slice:
		s = map[string]any{"type": "array", "items": schemaOf(t.Elem(), path+"[]")}
	case reflect.Map:
		s = map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), path+".*")}
	case reflect.Struct:
		s = structSchema(t, path)
	default:
		panic("spaces: no schema for " + t.String()) // a new field type: teach schemaOf about it
	}
	if note, ok := schemaNotes[path]; ok {
		for k, v := range note {
			s[k] = v
		}
	}
	return s
}

func structSchema(t reflect.Type, path string) map[string]any {
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		p := name
		if path != "" {
			p = path + "." + name
		}
		props[name] = schemaOf(f.Type, p)
		if !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// Patterns shared by the schema and its documentation (Go and ECMA-262 read them the same way).
const (
	idPattern      = `^[A-Za-z0-9_.-]{1,96}/[A-Za-z0-9_.-]{1,96}$`
	keyPattern     = `^[A-Za-z][_A-Za-z0-9]*$`
	envRefPattern  = `^\$\{[A-Za-z_][A-Za-z0-9_]*\}$`
	envNamePattern = `^[A-Za-z_][A-Za-z0-9_]*$`
	sleepPattern   = `^(never|-1|[0-9]+|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$`
)

// schemaNotes adds to the generated schema, by dotted path ("*" is any map key, "[]" any item).
var schemaNotes = map[string]map[string]any{
	"space": {"pattern": idPattern,
		"description": "The Space, OWNER/NAME (a user or an organization, then the Space's name). Required."},
	"visibility": {"enum": Visibilities,
		"description": "Who sees the Space: public, private, or protected (private code, public app; needs PRO or Team). " +
			"The Hub reports protected Spaces as private, so a change between the two is only made by `argilla-space visibility`."},
	"hardware": {"description": "Hardware flavor such as cpu-basic or cpu-upgrade, checked against the Hub's live list " +
		"(GET /api/spaces/hardware) when it would change."},
	"sleepTime": {"type": []string{"string", "integer"}, "pattern": sleepPattern,
		"description": "Sleep after this long without traffic: a duration like 2h or 30m, a number of seconds, or never. " +
			"Not on cpu-basic, whose sleep time the Hub fixes at 48 h."},
	"storage": {"description": "Where Argilla keeps /data. Without storage every restart wipes all Argilla data."},
	"storage.type": {"enum": append([]string{StorageBucket, StorageEphemeral}, LegacyTiers...),
		"description": "bucket: a Storage Bucket mounted at /data (persistent, the default for new Spaces); " +
			"ephemeral: no persistence, removing it needs confirmation; small, medium, large: the retired legacy tiers."},
	"storage.bucket": {"pattern": idPattern,
		"description": "The bucket, OWNER/NAME; default OWNER/NAME-data of the Space. Only with type: bucket."},
	"owner": {"description": "The Argilla owner account, set through the USERNAME, PASSWORD and API_KEY secrets. " +
		"Argilla reads them only when it first creates the owner."},
	"owner.username": {"description": "The owner's username (default for a new Space: the token's Hugging Face user)."},
	"owner.password": {"pattern": envRefPattern, "description": "Always ${ENV_NAME}, never the password itself: 8 to 100 characters."},
	"owner.apiKey":   {"pattern": envRefPattern, "description": "Always ${ENV_NAME}, never the key itself. Left out, a new Space gets a generated key, saved for `argilla-space connect`."},
	"variables":      {"propertyNames": map[string]any{"pattern": keyPattern}, "description": "Space variables (public: anyone who sees the Space can read them), KEY: value. Listed ones are set; others are left alone."},
	"variables.*": {"type": []string{"string", "number", "boolean"}, "description": "The value, or ${ENV_NAME} when ENV_NAME is listed in env: " +
		"(a variable is public, so reading the environment into one needs that visible opt-in)."},
	"secrets": {"propertyNames": map[string]any{"pattern": keyPattern}, "description": "Space secrets, KEY: ${ENV_NAME}. Write-only: a secret is sent when its key is missing, or with --rotate-secrets."},
	"secrets.*": {"pattern": envRefPattern, "description": "Always ${ENV_NAME}: a literal secret in a file is refused. " +
		"A Hugging Face token (" + strings.Join(HubTokenEnv, ", ") + ") only when env: lists it."},
	"env": {"uniqueItems": true, "description": "The environment variables this spec may publish: each ${NAME} under variables: must be listed here, " +
		"and so must a Hugging Face token (" + strings.Join(HubTokenEnv, ", ") + ") copied into secrets or the owner's password or API key. " +
		"Other secrets may read any variable."},
	"env[]":                     {"pattern": envNamePattern, "description": "An environment variable name."},
	"oauth":                     {"description": "What the Space's OAuth file (.oauth.yaml) says: Sign in with Hugging Face."},
	"oauth.enabled":             {"description": "Sign in with Hugging Face on or off. Off needs the owner's password to exist."},
	"oauth.allowedWorkspaces":   {"description": "The workspaces Hugging Face users join at their first sign-in; exactly these."},
	"oauth.allowedWorkspaces[]": {"minLength": 1, "description": "A workspace name."},
	"argillaVersion": {"pattern": `^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`,
		"description": "The Argilla release the Space runs, " + KnownArgillaVersions[0] + " to " + KnownArgillaVersions[len(KnownArgillaVersions)-1] +
			": the tag of the Dockerfile's `FROM argilla/argilla-hf-spaces:TAG` (never latest). " +
			"Changing it commits the Dockerfile (one build); an older version than the Space has is refused, as Argilla's database migrations do not run backwards."},
}
