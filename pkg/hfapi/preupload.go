package hfapi

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"strconv"
)

// PreuploadFile describes a file about to be committed.
type PreuploadFile struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	Sample string `json:"sample"` // base64 of the first 512 bytes
}

// NewPreuploadFile describes content for Preupload.
func NewPreuploadFile(path string, content []byte) PreuploadFile {
	sample := content
	if len(sample) > 512 {
		sample = sample[:512]
	}
	return PreuploadFile{Path: path, Size: int64(len(content)), Sample: base64.StdEncoding.EncodeToString(sample)}
}

// PreuploadResult is the Hub's verdict on each file, plus the head commit.
type PreuploadResult struct {
	Files     []PreuploadFileResult `json:"files"`
	CommitOid string                `json:"commitOid"` // head of the revision
}

// PreuploadFileResult says how a file must be uploaded, and the id of the blob
// already at that path (when there is one).
type PreuploadFileResult struct {
	Path         string `json:"path"`
	UploadMode   string `json:"uploadMode"` // "regular" | "lfs"
	Oid          string `json:"oid"`
	ShouldIgnore bool   `json:"shouldIgnore"`
}

// preuploadChunk is how many files go in one call (huggingface_hub uses 256;
// the Hub accepts up to 1000).
const preuploadChunk = 256

// Preupload asks the Hub how to upload files (POST .../preupload/{rev}). It
// also gives the head commit and each existing blob's oid, to skip no-op
// commits. Large lists are sent in chunks; CommitOid is the last chunk's.
// Retried: it changes nothing on the Hub.
func (c *Client) Preupload(ctx context.Context, repoID, rev string, files []PreuploadFile) (*PreuploadResult, error) {
	u, err := c.spaceAPI(repoID, "preupload/"+escapeRev(rev))
	if err != nil {
		return nil, err
	}
	out := &PreuploadResult{}
	for start := 0; start == 0 || start < len(files); start += preuploadChunk {
		chunk := files[start:min(start+preuploadChunk, len(files))]
		if chunk == nil {
			chunk = []PreuploadFile{} // send [] rather than null
		}
		body := struct {
			Files []PreuploadFile `json:"files"`
		}{chunk}
		var part PreuploadResult
		cl, err := jsonCall("POST", u, nil, body)
		if err != nil {
			return nil, err
		}
		cl.needAnswer = true // the verdicts and the head are the point of the call
		if _, err := c.doCall(ctx, cl, &part, retryIdempotent); err != nil {
			return nil, err
		}
		out.Files = append(out.Files, part.Files...)
		out.CommitOid = part.CommitOid
	}
	return out, nil
}

// GitBlobOid returns the git blob id (sha1 of "blob <size>\x00" + content),
// which is what preupload's oid holds for a regular file.
func GitBlobOid(content []byte) string {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(content)) + "\x00"))
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}
