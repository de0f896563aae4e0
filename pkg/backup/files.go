package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/argilla-space/argilla-space/internal/atomicfile"
)

// builder writes the files of a backup under root and keeps their checksums.
type builder struct {
	root  string
	files []FileSum
}

// sumFile is a file being written, hashed as it goes.
type sumFile struct {
	b    *builder
	rel  string
	f    *os.File
	h    hash.Hash
	n    int64
	bw   *bufio.Writer
	enc  *json.Encoder
	done bool
}

// create starts the file rel (slash-separated) under the root.
func (b *builder) create(rel string) (*sumFile, error) {
	path := filepath.Join(b.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	s := &sumFile{b: b, rel: rel, f: f, h: sha256.New()}
	s.bw = bufio.NewWriterSize(io.MultiWriter(f, s.h, countWriter{&s.n}), 256<<10)
	s.enc = json.NewEncoder(s.bw)
	s.enc.SetEscapeHTML(false) // keep the text as Argilla gave it
	return s, nil
}

// encode writes v as one line of JSON.
func (s *sumFile) encode(v any) error { return s.enc.Encode(v) }

// close flushes and syncs the file and records its checksum.
func (s *sumFile) close() error {
	if s.done {
		return nil
	}
	s.done = true
	err := s.bw.Flush()
	if err == nil {
		err = s.f.Sync()
	}
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	s.b.files = append(s.b.files, FileSum{Path: s.rel, Size: s.n, SHA256: hex.EncodeToString(s.h.Sum(nil))})
	return nil
}

// abort drops the file.
func (s *sumFile) abort() {
	if !s.done {
		s.done = true
		s.f.Close()
		os.Remove(s.f.Name())
	}
}

// writeJSON writes v, indented, as the file rel.
func (b *builder) writeJSON(rel string, v any) error {
	f, err := b.create(rel)
	if err != nil {
		return err
	}
	f.enc.SetIndent("", "  ")
	if err := f.encode(v); err != nil {
		f.abort()
		return err
	}
	return f.close()
}

// paths lists the files written, manifest first, then in the order written.
func (b *builder) paths() []string {
	out := []string{manifestFile}
	for _, f := range b.files {
		if f.Path != manifestFile {
			out = append(out, f.Path)
		}
	}
	return out
}

type countWriter struct{ n *int64 }

func (w countWriter) Write(p []byte) (int, error) {
	*w.n += int64(len(p))
	return len(p), nil
}

// syncDir flushes a directory's entries (and, for a backup directory, each subdirectory's).
func syncDir(dir string) error {
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, p := range dirs {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// packArchive writes the files of dir into dest as a .tar.gz, through a temporary file renamed at the
// end (internal/atomicfile). dest was checked to be free when the backup started and is checked again
// just before the rename: a backup never replaces a file.
func packArchive(dir, dest string, paths []string) error {
	p, err := atomicfile.Create(dest, 0o600)
	if err != nil {
		return err
	}
	defer p.Close() // discards it unless committed
	bw := bufio.NewWriterSize(p, 256<<10)
	zw := gzip.NewWriter(bw)
	tw := tar.NewWriter(zw)
	for _, rel := range paths {
		if err := addFile(tw, dir, rel); err != nil {
			return err
		}
	}
	for _, c := range []io.Closer{tw, zw} {
		if err := c.Close(); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if _, err := os.Lstat(dest); err == nil {
		return inputf("%s appeared while the backup ran: it is left alone", dest)
	}
	return p.Commit()
}

func addFile(tw *tar.Writer, dir, rel string) error {
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: rel, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime(), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}
