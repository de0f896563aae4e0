package hubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// createRequest is the body of POST /api/repos/create (reference §2). Fields not listed (license, ...)
// are accepted and ignored.
type createRequest struct {
	Name             string     `json:"name"`
	Organization     *string    `json:"organization"`
	Type             *string    `json:"type"`
	SDK              *string    `json:"sdk"`
	Visibility       *string    `json:"visibility"`
	Private          *bool      `json:"private"`
	Hardware         *string    `json:"hardware"`
	StorageTier      *string    `json:"storageTier"`
	SleepTimeSeconds *int       `json:"sleepTimeSeconds"`
	Secrets          []kvIn     `json:"secrets"`
	Variables        []kvIn     `json:"variables"`
	Volumes          []volumeIn `json:"volumes"`
	Template         *string    `json:"template"`
	ShortDescription *string    `json:"short_description"`
	DevModeEnabled   *bool      `json:"devModeEnabled"`
	Region           *string    `json:"region"`
	Files            []fileIn   `json:"files"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// createRepo answers POST /api/repos/create. Checks run in the server's order (reference §2, surprise
// 3): token (401), write rights on the namespace (403), paid plan for docker/gradio (402), protected
// needs a paid plan (402), existence (409 with url), then validation (400).
func (c *call) createRepo() {
	if !c.requireUser() {
		return
	}
	var req createRequest
	if err := json.Unmarshal(c.body, &req); err != nil {
		c.badRequest("invalid JSON body: %v", err)
		return
	}
	if req.Name == "" {
		c.badRequest("name is required")
		return
	}
	ns := c.st.World.spelling(str(req.Organization)) // the Hub keeps its own spelling of the namespace
	if ns == "" {
		ns = c.user.Name
	}
	repoType := str(req.Type)
	if repoType == "" {
		repoType = "model"
	}
	if repoType != "space" {
		c.badRequest("the emulator only hosts Spaces: type must be \"space\", not %q", repoType)
		return
	}
	if !c.canWriteNS(ns) {
		hubError(c.w, http.StatusForbidden, "", fmt.Sprintf("You don't have the rights to create a space under the namespace %q", ns))
		return
	}
	sdk := str(req.SDK)
	tmpl, hasTmpl := findTemplate(str(req.Template))
	if sdk == "" && hasTmpl {
		sdk = tmpl.SDK
	}
	if !c.planAllows(ns, sdk, req.Visibility) {
		return
	}
	id := ns + "/" + req.Name
	if existing := c.st.findSpaceFold(id); existing != nil {
		hubErrorWith(c.w, http.StatusConflict, "You already created this space repo",
			map[string]string{"url": c.baseURL() + "/spaces/" + existing.ID})
		return
	}
	cfg, files, err := c.validateCreate(&req, sdk, tmpl, hasTmpl)
	if err != nil {
		c.badRequest("%v", err)
		return
	}
	sp := c.newSpace(id, sdk, cfg, files, "initial commit")
	sp.DevMode = req.DevModeEnabled != nil && *req.DevModeEnabled
	sp.Region = str(req.Region)
	writeJSON(c.w, http.StatusOK, map[string]string{"url": c.baseURL() + "/spaces/" + id, "name": id, "id": sp.ObjectID})
}

// planAllows answers 402 when ns lacks a paid plan for a docker/gradio or a protected Space.
func (c *call) planAllows(ns, sdk string, vis *string) bool {
	if c.st.paid(ns) {
		return true
	}
	if sdk == "docker" || sdk == "gradio" {
		hubError(c.w, http.StatusPaymentRequired, "", fmt.Sprintf(
			"Creating a %s Space under %q requires %s. Static Spaces remain free.", sdk, ns, c.st.planNeeded(ns)))
		return false
	}
	if vis != nil && *vis == "protected" {
		hubError(c.w, http.StatusPaymentRequired, "", fmt.Sprintf(
			"Protected Spaces under %q require %s.", ns, c.st.planNeeded(ns)))
		return false
	}
	return true
}

// validateCreate checks everything that is a 400 for create and builds the first commit's files.
func (c *call) validateCreate(req *createRequest, sdk string, tmpl template, hasTmpl bool) (spaceConfig, map[string][]byte, error) {
	var cfg spaceConfig
	if !validRepoName(req.Name) {
		return cfg, nil, fmt.Errorf("invalid repo name %q", req.Name)
	}
	if req.Template != nil && *req.Template != "" {
		if !hasTmpl {
			return cfg, nil, fmt.Errorf("unknown template %q (see GET /api/spaces/templates)", *req.Template)
		}
		if sdk != tmpl.SDK {
			return cfg, nil, fmt.Errorf("template %s uses the %s SDK, not %s", tmpl.RepoID, tmpl.SDK, sdk)
		}
	}
	if sdk != "gradio" && sdk != "docker" && sdk != "static" {
		return cfg, nil, fmt.Errorf("sdk is required for a space and must be gradio, docker or static, not %q", sdk)
	}
	if req.ShortDescription != nil && len([]rune(*req.ShortDescription)) > 60 {
		return cfg, nil, fmt.Errorf("short_description must be at most 60 characters")
	}
	if r := str(req.Region); r != "" && r != "us" && r != "eu" {
		return cfg, nil, fmt.Errorf("region must be us or eu")
	}
	cfg, err := c.validateConfig(sdk, req.Visibility, req.Private, req.Hardware, req.SleepTimeSeconds,
		req.Secrets, req.Variables, req.Volumes, req.StorageTier, "public")
	if err != nil {
		return cfg, nil, err
	}
	inline, err := inlineFiles(req.Files)
	if err != nil {
		return cfg, nil, err
	}
	files := map[string][]byte{}
	if hasTmpl {
		for p, content := range tmpl.Files {
			files[p] = []byte(content)
		}
	} else {
		files[".gitattributes"] = []byte(gitattributes)
		files["README.md"] = []byte(defaultReadme(req.Name, sdk, str(req.ShortDescription)))
	}
	if hasTmpl && c.e.opts.IgnoreFilesWithTemplate {
		return cfg, files, nil // checked, then dropped: the Space holds the template's files only
	}
	for p, content := range inline {
		files[p] = content
	}
	return cfg, files, nil
}

// validateConfig checks the settings create and duplicate share.
func (c *call) validateConfig(sdk string, vis *string, private *bool, hw *string, sleep *int,
	secrets, variables []kvIn, vols []volumeIn, tier *string, defVis string) (spaceConfig, error) {
	var cfg spaceConfig
	var err error
	if cfg.visibility, err = visibilityOf(vis, private, defVis); err != nil {
		return cfg, err
	}
	if sdk != "static" {
		cfg.hardware = "cpu-basic"
		if h := str(hw); h != "" {
			if err := checkHardware(h, sdk); err != nil {
				return cfg, err
			}
			cfg.hardware = h
		}
	}
	if err := checkSleep(sleep); err != nil {
		return cfg, err
	}
	cfg.sleep = sleep
	if cfg.secrets, err = settingsOf("secret", secrets, c.now); err != nil {
		return cfg, err
	}
	if cfg.variables, err = settingsOf("variable", variables, c.now); err != nil {
		return cfg, err
	}
	if cfg.volumes, err = c.volumesOf(vols); err != nil {
		return cfg, err
	}
	cfg.tier, err = c.checkTier(tier)
	return cfg, err
}

// defaultReadme is the README the Hub writes into a new Space created without a template.
func defaultReadme(name, sdk, short string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\nemoji: 🚀\ncolorFrom: blue\ncolorTo: green\nsdk: %s\npinned: false\n", name, sdk)
	if short != "" {
		fmt.Fprintf(&b, "short_description: %q\n", short)
	}
	b.WriteString("---\n\nCheck out the configuration reference at https://huggingface.co/docs/hub/spaces-config-reference\n")
	return b.String()
}

// newSpace stores a Space with its first commit and starts its first build.
func (c *call) newSpace(id, sdk string, cfg spaceConfig, files map[string][]byte, title string) *space {
	sp := &space{ID: id, ObjectID: c.st.newID(c.e.seed, "space"), Creator: c.user.Name, SDK: sdk,
		Visibility: cfg.visibility, Hardware: cfg.hardware, Secrets: cfg.secrets, Variables: cfg.variables,
		Volumes: cfg.volumes, StorageTier: cfg.tier, CreatedAt: c.now, Blobs: map[string][]byte{}}
	applySleep(sp, cfg.sleep)
	sp.addCommit(files, title, "", c.user.Name, c.now)
	c.st.Spaces[id] = sp
	c.e.firstStart(c.st, sp, c.now)
	return sp
}

// duplicateRequest is the body of POST /api/spaces/{ns}/{name}/duplicate (reference §3).
type duplicateRequest struct {
	Repository       string     `json:"repository"`
	Visibility       *string    `json:"visibility"`
	Private          *bool      `json:"private"`
	Hardware         *string    `json:"hardware"`
	SleepTimeSeconds *int       `json:"sleepTimeSeconds"`
	Secrets          []kvIn     `json:"secrets"`
	Variables        []kvIn     `json:"variables"`
	Volumes          []volumeIn `json:"volumes"`
	StorageTier      *string    `json:"storageTier"`
}

// duplicate answers POST .../duplicate: the source must be visible (401/404), the target needs write
// rights (403) and a paid plan (402), an existing target is a 409 with url, then 400 validation. The
// copy gets the source's files in one commit and its variables (overridden by the request's); secrets
// are not copied. 200 {url}.
func (c *call) duplicate(ns, name string) {
	src := c.lookup(ns, name, false)
	if src == nil || !c.requireUser() {
		return
	}
	var req duplicateRequest
	if err := json.Unmarshal(c.body, &req); err != nil {
		c.badRequest("invalid JSON body: %v", err)
		return
	}
	tns, tname, ok := splitRepoID(req.Repository)
	if !ok {
		c.badRequest("repository is required, as namespace/name")
		return
	}
	tns = c.st.World.spelling(tns)
	req.Repository = tns + "/" + tname
	if !c.canWriteNS(tns) {
		hubError(c.w, http.StatusForbidden, "", fmt.Sprintf("You don't have the rights to create a space under the namespace %q", tns))
		return
	}
	vis := req.Visibility
	if vis == nil && req.Private == nil {
		vis = &src.Visibility
	}
	if !c.planAllows(tns, src.SDK, vis) {
		return
	}
	if existing := c.st.findSpaceFold(req.Repository); existing != nil {
		hubErrorWith(c.w, http.StatusConflict, "You already created this space repo",
			map[string]string{"url": c.baseURL() + "/spaces/" + existing.ID})
		return
	}
	if !validRepoName(tname) || !validRepoName(tns) {
		c.badRequest("invalid repo id %q", req.Repository)
		return
	}
	cfg, err := c.validateConfig(src.SDK, req.Visibility, req.Private, req.Hardware, req.SleepTimeSeconds,
		req.Secrets, req.Variables, req.Volumes, req.StorageTier, src.Visibility)
	if err != nil {
		c.badRequest("%v", err)
		return
	}
	merged := map[string]*setting{}
	for k, v := range src.Variables {
		cp := *v
		cp.UpdatedAt = c.now
		merged[k] = &cp
	}
	for k, v := range cfg.variables {
		merged[k] = v
	}
	cfg.variables = merged
	c.newSpace(req.Repository, src.SDK, cfg, src.files(src.head()), "Duplicate from "+src.ID)
	writeJSON(c.w, http.StatusOK, map[string]string{"url": c.baseURL() + "/spaces/" + req.Repository})
}

// deleteRequest is the JSON body of DELETE /api/repos/delete (reference §8).
type deleteRequest struct {
	Name         string  `json:"name"`
	Organization *string `json:"organization"`
	Type         *string `json:"type"`
}

// deleteRepo answers DELETE /api/repos/delete: 200 text/plain "OK"; 404 RepoNotFound when missing or
// invisible; 403 without write rights. Data in a mounted bucket survives; ephemeral data does not.
func (c *call) deleteRepo() {
	if !c.requireUser() {
		return
	}
	var req deleteRequest
	if err := json.Unmarshal(c.body, &req); err != nil {
		c.badRequest("invalid JSON body: %v", err)
		return
	}
	ns := c.st.World.spelling(str(req.Organization)) // the Hub keeps its own spelling of the namespace
	if ns == "" {
		ns = c.user.Name
	}
	if t := str(req.Type); t != "space" {
		c.repoNotFound() // the emulator holds no models or datasets
		return
	}
	sp := c.lookup(ns, req.Name, true)
	if sp == nil {
		return
	}
	delete(c.st.Spaces, sp.ID)
	writeText(c.w, http.StatusOK, "OK")
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
