// Package hubtest is an emulator of the Hugging Face Hub HTTP API, as far as deploying Argilla on Spaces
// needs it, with a minimal Argilla server behind every Space. It plays the part net/http/httptest plays
// for handlers: tests run against it (NewServer), and `argilla-space emulator` serves it to users (Listen).
//
// The contract is /work/shared/reference/hub-api.md (section numbers below refer to it) and, for the
// app, argilla-on-spaces.md. The package shares no code or types with pkg/hfapi on purpose: its wire
// structs are a second, independent reading of the reference. It imports only the standard library and
// go.yaml.in/yaml/v3.
//
// # Hosts
//
// Requests are dispatched by Host header. "{subdomain}.localhost[:port]" is the Argilla app of the Space
// with that subdomain (§14: owner and name each sanitized to [a-z0-9-], trimmed, joined with '-');
// anything else is the Hub. Space info reports host "http://{subdomain}.localhost:{port}", the port being
// the one of the request's Host, so it works in-process and through a server.
//
// # Hub endpoints
//
//	GET    /api/whoami-v2                                  user, orgs (plan, roleInOrg), auth.accessToken; without
//	                                                       isPro, canPay, plan and roleInOrg under Options.WhoamiWithoutPlan
//	POST   /api/repos/create                               Spaces only; template + inline files in ONE commit
//	                                                       (inline files dropped under Options.IgnoreFilesWithTemplate)
//	DELETE /api/repos/delete                               JSON body {name, organization, type}; 200 text "OK"
//	POST   /api/spaces/{ns}/{name}/duplicate               200 {url}; 409 {error,url}
//	GET    /api/spaces/{ns}/{name}[/revision/{rev}]        space info; repeated expand=
//	GET    /api/spaces/{ns}/{name}/runtime                 SpaceRuntime
//	POST   /api/spaces/{ns}/{name}/hardware                {flavor, sleepTimeSeconds?} -> runtime
//	POST   /api/spaces/{ns}/{name}/sleeptime               {seconds} -> runtime
//	POST   /api/spaces/{ns}/{name}/pause                   -> runtime (PAUSED)
//	POST   /api/spaces/{ns}/{name}/restart[?factory=true]  -> runtime
//	GET|POST|DELETE /api/spaces/{ns}/{name}/secrets        POST/DELETE -> {}; GET never returns values
//	GET|POST|DELETE /api/spaces/{ns}/{name}/variables      POST/DELETE -> the whole map
//	PUT|DELETE /api/spaces/{ns}/{name}/volumes             {"volumes":[...]} (min 1, replaces) -> runtime
//	POST|DELETE /api/spaces/{ns}/{name}/storage            legacy tiers: 400 unless Options.LegacyStorage
//	PUT    /api/spaces/{ns}/{name}/settings                visibility|private, gated, discussionsDisabled
//	POST   /api/spaces/{ns}/{name}/preupload/{rev}         {files:[{path,uploadMode,shouldIgnore,oid?}],commitOid}
//	POST   /api/spaces/{ns}/{name}/commit/{rev}            application/x-ndjson or legacy application/json
//	GET    /api/spaces/{ns}/{name}/commits/{rev}           p, limit; X-Total-Count, Link
//	GET    /api/spaces/{ns}/{name}/tree/{rev}[/{path}]     recursive=true
//	GET    /api/spaces/{ns}/{name}/logs/{build|run}        text/event-stream; tail=N
//	POST   /api/buckets/{ns}/{name}                        {private?, visibility?, region?} -> {url,name,id}; 409 {error,url,id}
//	GET    /api/buckets/{ns}/{name}                        {id, private, createdAt, size, totalFiles}; 404/401 RepoNotFound
//	DELETE /api/buckets/{ns}/{name}                        {}; 409 while a Space mounts it
//	GET    /api/spaces/hardware                            the 17 public flavors (§15)
//	GET    /api/spaces/templates                           {"templates":[{name,repoId,sdk,preferredPrivate}]}
//	HEAD|GET /spaces/{ns}/{name}/resolve/{rev}/{path}      content, ETag (quoted git blob sha1), X-Repo-Commit; a file
//	                                                       .gitattributes stores in LFS: 302 to the CDN (X-Linked-Etag)
//	HEAD|GET /_cdn/{ns}/{name}/{blob}                      the "CDN": an LFS file's content, no auth (other host name)
//
// Every other path (including /api/agent-harnesses, which huggingface_hub probes) is a 404. Every
// response carries X-Request-Id; errors are {"error": msg} with X-Error-Message, and X-Error-Code
// RepoNotFound, RevisionNotFound or EntryNotFound where §12 names one.
//
// # Rights and visibility
//
// A present but unknown token is a 401 with X-Error-Message "Invalid credentials in Authorization
// header" on every Hub endpoint. Writes need a write token and write rights on the namespace (the
// user's own, or org role admin, write or contributor); read tokens and read members get 403, anonymous
// callers 401. Private and protected Spaces are visible only to the owner and org members (any role but
// no_access); others get what a missing Space gets: 401 anonymous, 404 authenticated, RepoNotFound.
//
// POST /api/repos/create checks, in this order: token (401), write rights on the namespace (403), paid
// plan for docker/gradio (402: PRO user, or team/enterprise org), paid plan for protected (402),
// existence (409 {"error":"You already created this space repo","url":...}), then validation (400).
//
// # Lifecycle
//
// The stage is computed from the last (re)start and the clock: BUILDING for Options.BuildTime, then
// APP_STARTING for Options.StartTime, then RUNNING; PAUSED after pause until a restart. Creation is the
// first build (builds 1, restarts 0). These restart the Space (restarts+1, builds+1): a secret or
// variable write, deleting an existing secret or variable, POST hardware, PUT/DELETE volumes, a storage
// change, a settings change of visibility, every commit, restart. Sleep time never restarts. A restart
// is also a wipe (wipes+1; the app starts on empty data) when the app's data was on ephemeral disk, or
// now lives elsewhere (a bucket at /data added, removed or replaced). Data in a read-write bucket
// mounted at /data, or in a legacy tier, survives; it is kept per bucket, so re-mounting a bucket brings
// its data back.
//
// Each start emulates the build and Argilla's start-up from the Space's real files and secrets: a
// docker Space without a Dockerfile is NO_APP_FILE; a COPY/ADD source missing from the repo is a
// BUILD_ERROR; a PASSWORD or API_KEY secret shorter than 8 characters (or a PASSWORD over 100) is a
// RUNTIME_ERROR before the owner exists; then the owner is created (USERNAME, default the Space's
// creator; api key API_KEY or a random one) unless that username exists already (secrets only count
// the first time); then the OAuth file (ARGILLA_AUTH_OAUTH_CFG or .oauth.yaml under /home/argilla, as
// the Dockerfile's COPY lines place repo files) is read: invalid YAML, an empty file, null providers, an
// unknown provider, unknown provider keys or a workspace entry other than {name: x} is a RUNTIME_ERROR;
// its allowed_workspaces are created. errorMessage is set on every error stage.
//
// # The Argilla app
//
// Behind each Space host runs an emulated Argilla server 2.8.0 following argilla-api.md (the REST API v1;
// section numbers below refer to it). Until RUNNING the host answers 503 HTML; a private Space's app
// needs Authorization: Bearer <HF token that can read the Space>, else HF's 404 HTML page; protected
// and public apps are open. Routes under /api/v1 (§15, the subset a backup and a restore need and their
// neighbours):
//
//	GET  version, status, settings, oauth2/providers            no auth
//	POST token                                                   form username, password -> JWT
//	GET  me; GET|POST users; GET|PATCH|DELETE users/{id}; GET users/{id}/workspaces
//	POST workspaces; GET|DELETE workspaces/{id}; GET me/workspaces
//	GET|POST workspaces/{id}/users; DELETE workspaces/{id}/users/{user_id}
//	GET  me/datasets; POST datasets; GET|PATCH|DELETE datasets/{id}; PUT datasets/{id}/publish
//	GET  datasets/{id}/progress, datasets/{id}/users/progress
//	GET|POST datasets/{id}/fields, datasets/{id}/questions, datasets/{id}/vectors-settings
//	GET  me/datasets/{id}/metadata-properties; POST datasets/{id}/metadata-properties
//	PATCH|DELETE fields/{id}, questions/{id}, metadata-properties/{id}, vectors-settings/{id}
//	GET|DELETE datasets/{id}/records; POST|PUT datasets/{id}/records/bulk
//	GET|PATCH|DELETE records/{id}; POST records/{id}/responses
//	GET|PUT|DELETE records/{id}/suggestions; DELETE suggestions/{id}; PUT|DELETE responses/{id}
//	POST me/responses/bulk
//
// It copies the reference's behaviour: authentication by X-Argilla-Api-Key, then Authorization: Bearer
// <JWT from POST /token> (HS256, ARGILLA_AUTH_SECRET_KEY or a key drawn at each start, so a restart
// invalidates tokens; anything else, such as a private Space's HF token, is "Invalid token", §1.2);
// the error shapes (coded 401/403/schema 422, plain 404/409/business 422, §1.4) with the reference's
// messages; the order of checks (§1.5) and each endpoint's 404-vs-403 order; the role matrix (owner, admin in member workspaces, annotator, §1.3);
// ids honoured only on POST users and POST workspaces, name uniqueness checked first; bulk create (ready
// dataset, 1–500 items, all or nothing, "Record at position i is not valid because ...") and bulk upsert
// (match by id then external_id, relationships upserted, 200, §10.3, §10.4); response value rules (§11);
// record status from distribution.min_submitted, recomputed on every write (§13; a distribution PATCH
// recomputes at once where the server runs a background job); the dataset lifecycle (§14.6 item 10);
// and serialization (§1.6): naive timestamps (microseconds, no zone; every write gets a later one),
// nulls present, relationship keys only when loaded, vectors as name -> list, lists in insertion order.
// GET .../records pages over a slice (O(limit)); ids and external_ids resolve through maps rebuilt
// after a state-file load. Not emulated: search (so the third error shape, {"code","message"} of a
// vector search, never appears), metrics, jobs, webhooks, OAuth redirects.
//
// At every start (Lifecycle above) the owner is created from USERNAME (default: the creator), PASSWORD
// (default random) and API_KEY (default random) unless that username or key exists; WORKSPACE is
// created with the owner as member only then (§16.1); the OAuth file's allowed_workspaces are created
// if missing (§16.4). The app reports the Argilla version of the Dockerfile's
// FROM argilla/argilla-hf-spaces:TAG (v2.8.0 or 2.8.0; latest is the newest known); the known tags are
// the argilla-server releases v2.0.0 … v2.8.0, and any other tag fails the build (BUILD_ERROR, Docker's
// "manifest unknown"). A FROM of another image reports 2.8.0.
//
// # Faults, latency, accounting
//
// Options.Latency is slept before every Hub and app request. With Options.RateLimit, Hub requests are
// counted per caller (bearer token, else IP address) and bucket ("api": paths under /api/;
// "resolvers": /resolve/ URLs; each with that quota) in fixed windows of Options.RateWindow (default 5
// minutes, aligned on the clock), as the Hub counts them (reference §12); over the quota a request
// gets a 429 with RateLimit "<bucket>";r=0;t=<seconds to the window's end>, RateLimit-Policy "fixed
// window";"<bucket>";q=<quota>;w=<window seconds> and Retry-After with the same seconds, and is not
// counted. With probability Options.FaultRate (seeded by
// Options.Seed, so runs repeat) a Hub request gets a 500 (JSON), a 502 or 503 (HTML, like a load
// balancer), or a dropped connection; 5xx and half of the drops happen before processing, the other
// drops after it (the change happened, the answer is lost). Every Hub and app request is logged in
// order as {method, host, path, status}, status 0 for a dropped connection.
//
// Interrupter (interrupt.go) wraps an emulator to stop the client when the N-th request arrives (a
// test kills the process or cancels the run there), then handles that request anyway, as the Hub
// finishes a request whose client went away: tests of interrupted runs drive N over every request.
//
// # Debug API (Hub host only; no latency, faults or logging)
//
// It shows every secret, so it answers only requests whose Host header is a loopback name or address
// (127.0.0.1, [::1], localhost): a web page that rebinds its own DNS name to 127.0.0.1 gets 403. A
// caller that reaches a non-loopback listening address directly can still send such a Host: bind the
// emulator to loopback (the default) unless the network is trusted.
//
//	GET    /_emulator/requests                   JSON array of {"method","host","path","status"}
//	DELETE /_emulator/requests                   empties the log
//	GET    /_emulator/spaces/{ns}/{name}         SpaceState: visibility, hardware, sleepTimeSeconds, gcTimeout,
//	                                             secrets and variables (key -> value), volumes, storageTier,
//	                                             persistent, files (path -> content), commits, headCommit, stage,
//	                                             errorMessage, restarts, wipes, builds, workspaces, owner {username, apiKey}
//	GET    /_emulator/buckets                    JSON array of bucket ids
//	POST   /_emulator/spaces/{ns}/{name}/fail    {"stage":"BUILD_ERROR"|"RUNTIME_ERROR","message":"..."}: the
//	                                             next start ends in that stage
//	POST   /_emulator/spaces/{ns}/{name}/argilla/oauth-signin  {"username":"..."}: a Hugging Face sign-in
//	                                             (argilla-api §14.5): an unknown username becomes a user
//	                                             (owner if it equals USERNAME, else annotator) that joins the
//	                                             OAuth file's allowed_workspaces; answers the user with its
//	                                             api_key. 409 unless running with the huggingface provider.
//
// Server.Requests, Server.ResetRequests and Server.Space give the same data in-process.
//
// # State file
//
// With Options.StateFile the whole state (world, Spaces, files, commits, buckets, app data, start times,
// request log) lives in that JSON file (mode 0600: it holds secrets). Each request takes an exclusive
// lock on StateFile+".lock" (flock; LockFileEx on Windows), reloads, handles and saves (temporary file +
// rename). Several processes can therefore share one Hub. An existing file's world wins over
// Options.World, so a world applies once.
//
// # Conservative choices (where the reference is silent)
//
//   - Only Spaces exist: create with another type is a 400; delete of a model or dataset is a 404.
//   - A bucket volume whose bucket does not exist (or is private to others) is a 400 naming the bucket;
//     so is a space volume whose Space is not visible. Model and dataset sources are not checked.
//     Model, dataset and space volumes are read-only; asking for readOnly false on them is a 400; two
//     volumes on one mount path are a 400.
//   - protected without a paid plan is a 402, like the docker/gradio rule.
//   - Paid plans are "team" and "enterprise" for orgs ("plus" and "academia" are not counted).
//   - The legacy storageTier on create/duplicate and POST/DELETE .../storage are 400s telling to mount a
//     bucket at /data, unless Options.LegacyStorage. With it: upgrade only (same tier is a no-op,
//     downgrade 400), DELETE with none 400, DELETE loses the tier's data.
//   - Sleep time on cpu-basic (create, duplicate, hardware, sleeptime) is accepted and silently
//     ignored: gcTimeout stays 172800. Upgraded hardware defaults to gcTimeout null (never sleeps).
//   - Every accepted hardware, secret or variable write restarts, even with an unchanged value;
//     deleting a missing secret or variable returns 200 without a restart; settings restart only on a
//     real visibility change.
//   - PUT settings with an empty body is a 400; the answer is {visibility, private, gated,
//     discussionsDisabled}.
//   - Space info: private is true for private and protected Spaces; expand= returns only the props
//     asked plus id; an unknown expand prop is a 400. The runtime omits volumes when none are mounted;
//     hardware.current is null during the first build and while paused, the previous flavor while
//     rebuilding. domains[].domain includes the port. Every (re)start goes through BUILDING (no
//     RUNNING_BUILDING). Static Spaces are always RUNNING and have no hardware.
//   - Ids match without regard to case, as on the Hub: every lookup of a Space or bucket (ACME/Demo
//     finds acme/Demo), and a create whose name differs only by case from an existing one is a 409.
//     A namespace given in another case is stored as the account spells it; answers carry the stored
//     spelling.
//   - Only the main branch exists and is writable; revisions are "main" or a full 40-hex sha. create_pr
//     is a 400. lfsFile operations and files over 10 MiB are 400s; preupload says "lfs" for paths the
//     head's .gitattributes stores in LFS (a "file" op on such a path is stored all the same).
//     Deleting a missing file or folder in a commit is a 404 EntryNotFound. A parentCommit must be 5 to
//     40 hex characters (else 400) and a prefix of the head (else 412). Commit shas are derived from
//     parent, messages and tree only. Preupload needs write rights; a malformed preupload body is a 422.
//   - Secrets listing needs write rights; variables listing needs read access (variables are public).
//   - Logs need a token (even for public Spaces). Each line's "data" is the text without a trailing
//     newline. A stream stops adding lines when the Space restarts (a new stream shows the new start).
//   - A Space created without a template gets .gitattributes and a generated README.md.
//   - The emulated app: every docker Space is treated as Argilla. A null allowed_workspaces is a
//     RUNTIME_ERROR, like null providers. The WORKSPACE secret's workspace is created with the owner.
//   - Hardware list prices are per minute from the hourly table of §15; specs the reference lacks
//     (zero-a10g) are illustrative. The two non-Argilla templates (emulator-templates/gradio-blank,
//     emulator-templates/static-html) are the emulator's own.
package hubtest
