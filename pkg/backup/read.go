package backup

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Source is a backup opened for reading, checked against its manifest.
type Source struct {
	Manifest *Manifest
	dir      string
	cleanup  func()
}

// Close removes what Open unpacked.
func (s *Source) Close() {
	if s.cleanup != nil {
		s.cleanup()
	}
}

// Open reads the backup at src (a directory or a .tar.gz) and checks it before anything uses it: the
// manifest, the format version and the SHA-256 of every file. A damaged, incomplete or newer backup is
// an *InputError.
func Open(src string) (*Source, error) {
	st, err := os.Stat(src)
	if err != nil {
		return nil, inputf("cannot read the backup %s: %v", src, errors.Unwrap(err))
	}
	s := &Source{dir: src}
	if !st.IsDir() {
		tmp, err := os.MkdirTemp("", "argilla-space-restore-")
		if err != nil {
			return nil, err
		}
		s.dir, s.cleanup = tmp, func() { os.RemoveAll(tmp) }
		if err := unpack(src, tmp); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.check(src); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// check reads the manifest and verifies every file it lists.
func (s *Source) check(src string) error {
	data, err := os.ReadFile(filepath.Join(s.dir, manifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return inputf("%s is not a complete backup: it has no %s (an interrupted backup never gets one)", src, manifestFile)
	}
	if err != nil {
		return err
	}
	m, err := ParseManifest(data)
	if err != nil {
		return inputf("%s is damaged: %v", src, err)
	}
	if m.FormatVersion > FormatVersion {
		return inputf("%s has backup format %d, newer than the %d this argilla-space reads: use a newer argilla-space", src, m.FormatVersion, FormatVersion)
	}
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f.Path] = true
		if err := verifyFile(s.dir, f); err != nil {
			return inputf("%s is damaged: %v; nothing was restored", src, err)
		}
	}
	need := []string{usersFile, workspacesFile}
	for _, d := range m.Datasets {
		need = append(need, d.Dir+"/"+datasetFile, d.Dir+"/"+recordsFile)
	}
	for _, p := range need {
		if !listed[p] {
			return inputf("%s is damaged: the manifest does not list %s", src, p)
		}
	}
	s.Manifest = m
	return nil
}

// ParseManifest decodes manifest.json and checks its shape (not the files it lists).
func ParseManifest(data []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %v", manifestFile, err)
	}
	if m.FormatVersion < 1 {
		return nil, fmt.Errorf("%s has no format_version", manifestFile)
	}
	for _, f := range m.Files {
		if !safePath(f.Path) {
			return nil, fmt.Errorf("%s lists the path %q, which is not inside the backup", manifestFile, f.Path)
		}
		if len(f.SHA256) != 64 {
			return nil, fmt.Errorf("%s has no valid checksum for %s", manifestFile, f.Path)
		}
	}
	for _, d := range m.Datasets {
		if !safePath(d.Dir) || d.Name == "" || d.Records < 0 {
			return nil, fmt.Errorf("%s has a damaged dataset entry (%q)", manifestFile, d.Dir)
		}
	}
	return &m, nil
}

// safePath: relative, slash-separated, no "..", not the manifest's own name in another spelling.
func safePath(p string) bool {
	return p != "" && !strings.HasPrefix(p, "/") && !strings.Contains(p, "\\") && path.Clean(p) == p &&
		p != ".." && !strings.HasPrefix(p, "../") && fs.ValidPath(p)
}

func verifyFile(dir string, f FileSum) error {
	file, err := os.Open(filepath.Join(dir, filepath.FromSlash(f.Path)))
	if err != nil {
		return fmt.Errorf("%s is missing", f.Path)
	}
	defer file.Close()
	h := sha256.New()
	n, err := io.Copy(h, file)
	if err != nil {
		return fmt.Errorf("%s cannot be read: %v", f.Path, err)
	}
	if n != f.Size || hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
		return fmt.Errorf("%s does not match its checksum in %s", f.Path, manifestFile)
	}
	return nil
}

// unpack extracts a .tar.gz backup into dir: regular files at safe paths only.
func unpack(src, dir string) error {
	f, err := os.Open(src)
	if err != nil {
		return inputf("cannot read the backup %s: %v", src, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return inputf("%s is not a .tar.gz backup (or is damaged): %v", src, err)
	}
	tr := tar.NewReader(zr)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return inputf("%s is damaged: %v", src, err)
		}
		if hdr.Typeflag == tar.TypeDir {
			continue
		}
		if hdr.Typeflag != tar.TypeReg || !safePath(hdr.Name) {
			return inputf("%s is not a backup this tool wrote: it holds %q", src, hdr.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(hdr.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		out, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return inputf("%s is damaged: %v", src, err)
		}
		_, err = io.Copy(out, tr)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return inputf("%s is damaged: %v", src, err)
		}
	}
}

// readJSON decodes the backup's file rel into v.
func (s *Source) readJSON(rel string, v any) error {
	data, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return inputf("the backup's %s is not what this tool writes: %v", rel, err)
	}
	return nil
}

// eachRecord calls fn with every line of a dataset's records.jsonl, in order.
func (s *Source) eachRecord(dir string, fn func(*RecordLine) error) error {
	f, err := os.Open(filepath.Join(s.dir, filepath.FromSlash(dir), recordsFile))
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	for n := 1; ; n++ {
		var l RecordLine
		if err := dec.Decode(&l); err == io.EOF {
			return nil
		} else if err != nil {
			return inputf("the backup's %s/%s, record %d: %v", dir, recordsFile, n, err)
		}
		if err := fn(&l); err != nil {
			return err
		}
	}
}
