// Command rpmls lists the files an .rpm package installs, one "MODE PATH" line each with the mode as
// ls and `dpkg-deb -c` show it (-rwxr-xr-x), so scripts/check-release.sh can check the packages
// goreleaser makes on a machine without rpm. It reads only the package's main header, where the
// file list lives, as `rpm -qlp` does.
//
// The format (lead, signature header, main header, payload) is the one described in rpm's own
// documentation, docs/manual/format.md and docs/manual/tags.md of the rpm-software-management/rpm
// project.
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
)

// File is one entry of an RPM's file list.
type File struct {
	Path string
	Mode uint32 // the Unix st_mode: type bits and permissions
}

// FileMode is the Unix mode as Go's: type (directory, symlink) and permission bits.
func (f File) FileMode() fs.FileMode {
	m := fs.FileMode(f.Mode & 0o777)
	switch f.Mode & 0o170000 {
	case 0o040000:
		m |= fs.ModeDir
	case 0o120000:
		m |= fs.ModeSymlink
	}
	return m
}

const (
	leadSize      = 96
	maxHeaderSize = 64 << 20 // far above any real package's header; bounds what a bad file makes us read

	tagFileModes  = 1030
	tagDirIndexes = 1116
	tagBaseNames  = 1117
	tagDirNames   = 1118

	typeInt16       = 3
	typeInt32       = 4
	typeStringArray = 8
)

var (
	leadMagic   = []byte{0xed, 0xab, 0xee, 0xdb}
	headerMagic = []byte{0x8e, 0xad, 0xe8, 0x01}
)

type entry struct {
	tag, typ, offset, count uint32
}

// header is one parsed header structure: its index and its data store.
type header struct {
	entries map[uint32]entry
	data    []byte
}

// readHeader reads a header structure (magic, reserved, index count, data size, index, data store).
func readHeader(r io.Reader) (*header, int, error) {
	var pre [16]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return nil, 0, fmt.Errorf("header: %w", err)
	}
	if !bytes.Equal(pre[:4], headerMagic) {
		return nil, 0, errors.New("header: bad magic")
	}
	n := binary.BigEndian.Uint32(pre[8:12])
	size := binary.BigEndian.Uint32(pre[12:16])
	if uint64(n)*16+uint64(size) > maxHeaderSize {
		return nil, 0, fmt.Errorf("header: %d entries and %d bytes of data is not a real package", n, size)
	}
	index := make([]byte, int(n)*16)
	if _, err := io.ReadFull(r, index); err != nil {
		return nil, 0, fmt.Errorf("header index: %w", err)
	}
	h := &header{entries: make(map[uint32]entry, n), data: make([]byte, size)}
	if _, err := io.ReadFull(r, h.data); err != nil {
		return nil, 0, fmt.Errorf("header data: %w", err)
	}
	for i := 0; i < int(n); i++ {
		b := index[i*16:]
		e := entry{binary.BigEndian.Uint32(b), binary.BigEndian.Uint32(b[4:]), binary.BigEndian.Uint32(b[8:]),
			binary.BigEndian.Uint32(b[12:])}
		if e.offset > size {
			return nil, 0, fmt.Errorf("header: tag %d points outside the data", e.tag)
		}
		h.entries[e.tag] = e
	}
	return h, 16 + len(index) + len(h.data), nil
}

// strings returns a STRING_ARRAY tag's values (nil when the tag is absent).
func (h *header) strings(tag uint32) ([]string, error) {
	e, ok := h.entries[tag]
	if !ok {
		return nil, nil
	}
	if e.typ != typeStringArray {
		return nil, fmt.Errorf("tag %d: type %d, want a string array", tag, e.typ)
	}
	if uint64(e.count) > uint64(len(h.data)) {
		return nil, fmt.Errorf("tag %d: %d strings in %d bytes", tag, e.count, len(h.data))
	}
	rest := h.data[e.offset:]
	out := make([]string, 0, e.count)
	for i := uint32(0); i < e.count; i++ {
		end := bytes.IndexByte(rest, 0)
		if end < 0 {
			return nil, fmt.Errorf("tag %d: unterminated string", tag)
		}
		out = append(out, string(rest[:end]))
		rest = rest[end+1:]
	}
	return out, nil
}

// ints returns an INT16 or INT32 array tag's values (nil when the tag is absent).
func (h *header) ints(tag uint32) ([]uint32, error) {
	e, ok := h.entries[tag]
	if !ok {
		return nil, nil
	}
	width := map[uint32]uint64{typeInt16: 2, typeInt32: 4}[e.typ]
	if width == 0 {
		return nil, fmt.Errorf("tag %d: type %d, want integers", tag, e.typ)
	}
	if uint64(e.offset)+uint64(e.count)*width > uint64(len(h.data)) {
		return nil, fmt.Errorf("tag %d: %d integers overrun the data", tag, e.count)
	}
	out := make([]uint32, e.count)
	for i := range out {
		b := h.data[uint64(e.offset)+uint64(i)*width:]
		if width == 2 {
			out[i] = uint32(binary.BigEndian.Uint16(b))
		} else {
			out[i] = binary.BigEndian.Uint32(b)
		}
	}
	return out, nil
}

// List reads an RPM package's file list.
func List(r io.Reader) ([]File, error) {
	lead := make([]byte, leadSize)
	if _, err := io.ReadFull(r, lead); err != nil {
		return nil, fmt.Errorf("not an rpm package: %w", err)
	}
	if !bytes.Equal(lead[:4], leadMagic) {
		return nil, errors.New("not an rpm package: bad lead magic")
	}
	_, n, err := readHeader(r) // the signature header
	if err != nil {
		return nil, fmt.Errorf("signature %w", err)
	}
	if pad := (8 - n%8) % 8; pad > 0 { // the main header starts on an 8-byte boundary
		if _, err := io.CopyN(io.Discard, r, int64(pad)); err != nil {
			return nil, fmt.Errorf("signature padding: %w", err)
		}
	}
	h, _, err := readHeader(r)
	if err != nil {
		return nil, err
	}
	base, err := h.strings(tagBaseNames)
	if err != nil {
		return nil, err
	}
	dirs, err := h.strings(tagDirNames)
	if err != nil {
		return nil, err
	}
	idx, err := h.ints(tagDirIndexes)
	if err != nil {
		return nil, err
	}
	modes, err := h.ints(tagFileModes)
	if err != nil {
		return nil, err
	}
	if len(idx) != len(base) || len(modes) != len(base) {
		return nil, fmt.Errorf("%d file names, %d directory indexes, %d modes", len(base), len(idx), len(modes))
	}
	files := make([]File, len(base))
	for i, b := range base {
		if int(idx[i]) >= len(dirs) {
			return nil, fmt.Errorf("file %q: directory index %d of %d", b, idx[i], len(dirs))
		}
		files[i] = File{Path: path.Join(dirs[idx[i]], b), Mode: modes[i]}
	}
	return files, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rpmls FILE.rpm")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "rpmls:", err)
		os.Exit(1)
	}
	defer f.Close()
	files, err := List(bufio.NewReader(f))
	if err != nil {
		fmt.Fprintf(os.Stderr, "rpmls: %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	for _, fi := range files {
		fmt.Fprintf(w, "%s %s\n", fi.FileMode(), fi.Path)
	}
	if err := w.Flush(); err != nil {
		os.Exit(1)
	}
}
