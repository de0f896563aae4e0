package hubtest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// commitOp is one operation of a commit: "file" (add/replace, with Content and optional OldPath),
// "deletedFile" or "deletedFolder".
type commitOp struct {
	Kind    string
	Path    string
	OldPath string
	Content []byte
}

// commitRequest is a parsed commit body (either form).
type commitRequest struct {
	Summary     string
	Description string
	Parent      string
	Ops         []commitOp
}

// errLFS marks a commit that references LFS/Xet files, which the emulator does not store.
var errLFS = errors.New("LFS files are not supported by the emulator: commit small regular files only")

// parentPattern is the accepted parentCommit: 5 to 40 hex characters (reference §10).
var parentPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-fA-F]{5,40}$`) })

type ndjsonLine struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

type commitHeader struct {
	Summary      string  `json:"summary"`
	Description  string  `json:"description"`
	ParentCommit *string `json:"parentCommit"`
}

type commitFile struct {
	Path     string `json:"path"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
	OldPath  string `json:"oldPath"`
}

type commitPath struct {
	Path string `json:"path"`
}

// parseNDJSONCommit reads the application/x-ndjson form (reference §10): a header line first with a
// non-empty summary, then file, deletedFile and deletedFolder lines. lfsFile lines are refused (errLFS).
func parseNDJSONCommit(body []byte) (commitRequest, error) {
	var req commitRequest
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64<<10), maxBody+1)
	first := true
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var l ndjsonLine
		if err := json.Unmarshal(line, &l); err != nil {
			return req, fmt.Errorf("invalid NDJSON line: %v", err)
		}
		if first != (l.Key == "header") {
			return req, errors.New("the header line must come first, exactly once")
		}
		first = false
		if err := req.addLine(l); err != nil {
			return req, err
		}
	}
	if err := sc.Err(); err != nil {
		return req, err
	}
	if first {
		return req, errors.New("empty commit body: a header line is required")
	}
	return req, req.check()
}

// addLine applies one NDJSON line.
func (req *commitRequest) addLine(l ndjsonLine) error {
	switch l.Key {
	case "header":
		var h commitHeader
		if err := json.Unmarshal(l.Value, &h); err != nil {
			return fmt.Errorf("invalid header: %v", err)
		}
		req.Summary, req.Description = h.Summary, h.Description
		if h.ParentCommit != nil {
			req.Parent = *h.ParentCommit
		}
	case "file":
		var f commitFile
		if err := json.Unmarshal(l.Value, &f); err != nil {
			return fmt.Errorf("invalid file operation: %v", err)
		}
		return req.addFile(f)
	case "deletedFile", "deletedFolder":
		var p commitPath
		if err := json.Unmarshal(l.Value, &p); err != nil {
			return fmt.Errorf("invalid %s operation: %v", l.Key, err)
		}
		path := p.Path
		if l.Key == "deletedFolder" {
			// huggingface_hub marks folders with a trailing "/" ("checkpoints/1fec34a/", _commit_api.py).
			path = strings.TrimSuffix(path, "/")
		}
		req.Ops = append(req.Ops, commitOp{Kind: l.Key, Path: path})
	case "lfsFile":
		return errLFS
	default:
		return fmt.Errorf("unknown commit operation %q", l.Key)
	}
	return nil
}

// addFile decodes a file operation's content (base64 or utf-8).
func (req *commitRequest) addFile(f commitFile) error {
	op := commitOp{Kind: "file", Path: f.Path, OldPath: f.OldPath}
	switch f.Encoding {
	case "", "utf-8":
		op.Content = []byte(f.Content)
	case "base64":
		b, err := base64.StdEncoding.DecodeString(f.Content)
		if err != nil {
			return fmt.Errorf("file %s: invalid base64 content", f.Path)
		}
		op.Content = b
	default:
		return fmt.Errorf("file %s: encoding must be base64 or utf-8", f.Path)
	}
	req.Ops = append(req.Ops, op)
	return nil
}

// check validates the summary, the parent and every path.
func (req *commitRequest) check() error {
	if req.Summary == "" {
		return errors.New("summary is required and must not be empty")
	}
	if req.Parent != "" && !parentPattern().MatchString(req.Parent) {
		return fmt.Errorf("parentCommit must be 5 to 40 hex characters")
	}
	for _, op := range req.Ops {
		if err := checkRepoPath(op.Path); err != nil {
			return err
		}
		if op.OldPath != "" {
			if err := checkRepoPath(op.OldPath); err != nil {
				return err
			}
		}
	}
	return nil
}

// legacyCommit is the application/json form: one object.
type legacyCommit struct {
	Summary        string       `json:"summary"`
	Description    string       `json:"description"`
	ParentCommit   *string      `json:"parentCommit"`
	Files          []commitFile `json:"files"`
	DeletedEntries []commitPath `json:"deletedEntries"`
	LFSFiles       []any        `json:"lfsFiles"`
}

// parseJSONCommit reads the legacy application/json form. A deleted entry ending in "/" is a folder.
func parseJSONCommit(body []byte) (commitRequest, error) {
	var lc legacyCommit
	var req commitRequest
	if err := json.Unmarshal(body, &lc); err != nil {
		return req, fmt.Errorf("invalid JSON body: %v", err)
	}
	if len(lc.LFSFiles) > 0 {
		return req, errLFS
	}
	req.Summary, req.Description = lc.Summary, lc.Description
	if lc.ParentCommit != nil {
		req.Parent = *lc.ParentCommit
	}
	for _, f := range lc.Files {
		if err := req.addFile(f); err != nil {
			return req, err
		}
	}
	for _, d := range lc.DeletedEntries {
		if p, ok := bytes.CutSuffix([]byte(d.Path), []byte("/")); ok {
			req.Ops = append(req.Ops, commitOp{Kind: "deletedFolder", Path: string(p)})
		} else {
			req.Ops = append(req.Ops, commitOp{Kind: "deletedFile", Path: d.Path})
		}
	}
	return req, req.check()
}
