package main

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

// tag is one header entry for makeRPM: a string array or an integer array.
type tag struct {
	id    uint32
	strs  []string
	ints  []uint32
	width int // 2 or 4 for ints
}

// makeHeader writes a header structure the way the format describes it: intro, index, data store.
func makeHeader(tags []tag) []byte {
	var index, data bytes.Buffer
	for _, t := range tags {
		typ, count := uint32(typeStringArray), len(t.strs)
		if t.strs == nil {
			typ, count = typeInt32, len(t.ints)
			if t.width == 2 {
				typ = typeInt16
			}
			for data.Len()%t.width != 0 { // integers are aligned to their size
				data.WriteByte(0)
			}
		}
		binary.Write(&index, binary.BigEndian, [4]uint32{t.id, typ, uint32(data.Len()), uint32(count)})
		for _, s := range t.strs {
			data.WriteString(s + "\x00")
		}
		for _, v := range t.ints {
			if t.width == 2 {
				binary.Write(&data, binary.BigEndian, uint16(v))
			} else {
				binary.Write(&data, binary.BigEndian, v)
			}
		}
	}
	var h bytes.Buffer
	h.Write(headerMagic)
	h.Write(make([]byte, 4))
	binary.Write(&h, binary.BigEndian, [2]uint32{uint32(len(tags)), uint32(data.Len())})
	h.Write(index.Bytes())
	h.Write(data.Bytes())
	return h.Bytes()
}

// makeRPM is a lead, a signature header with one 3-byte entry (so it needs padding), and a main
// header holding the file list.
func makeRPM(files []tag) []byte {
	var b bytes.Buffer
	lead := make([]byte, leadSize)
	copy(lead, leadMagic)
	b.Write(lead)
	b.Write(makeHeader([]tag{{id: 1000, strs: []string{"ab"}}}))
	for b.Len()%8 != 0 {
		b.WriteByte(0)
	}
	b.Write(makeHeader(files))
	b.WriteString("payload that is never read")
	return b.Bytes()
}

func sampleRPM() []byte {
	return makeRPM([]tag{
		{id: tagFileModes, ints: []uint32{0o100755, 0o100644, 0o040755}, width: 2},
		{id: tagDirIndexes, ints: []uint32{0, 1, 1}, width: 4},
		{id: tagBaseNames, strs: []string{"argilla-space", "argilla-space.1.gz", "extra"}},
		{id: tagDirNames, strs: []string{"/usr/bin/", "/usr/share/man/man1/"}},
	})
}

func TestList(t *testing.T) {
	files, err := List(bytes.NewReader(sampleRPM()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.FileMode().String()+" "+f.Path)
	}
	want := "-rwxr-xr-x /usr/bin/argilla-space,-rw-r--r-- /usr/share/man/man1/argilla-space.1.gz,drwxr-xr-x /usr/share/man/man1/extra"
	if strings.Join(got, ",") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestListRefusesBrokenPackages(t *testing.T) {
	good := sampleRPM()
	cases := map[string][]byte{
		"empty":              nil,
		"not an rpm":         []byte(strings.Repeat("x", 200)),
		"truncated header":   good[:leadSize+20],
		"truncated main":     good[:len(good)-60],
		"bad header magic":   append(append([]byte{}, good[:leadSize]...), make([]byte, 100)...),
		"index out of range": makeRPM([]tag{{id: tagFileModes, ints: []uint32{0o100644}, width: 2}, {id: tagDirIndexes, ints: []uint32{5}, width: 4}, {id: tagBaseNames, strs: []string{"a"}}, {id: tagDirNames, strs: []string{"/"}}}),
		"counts differ":      makeRPM([]tag{{id: tagFileModes, ints: []uint32{}, width: 2}, {id: tagDirIndexes, ints: []uint32{0}, width: 4}, {id: tagBaseNames, strs: []string{"a"}}, {id: tagDirNames, strs: []string{"/"}}}),
		"strings as ints":    makeRPM([]tag{{id: tagDirIndexes, strs: []string{"x"}}}),
		"ints as strings":    makeRPM([]tag{{id: tagBaseNames, ints: []uint32{1}, width: 4}}),
	}
	for name, b := range cases {
		if files, err := List(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: no error, files %v", name, files)
		}
	}
}

// FuzzList: whatever the bytes, List returns files or an error, without panicking or allocating
// beyond its bound.
func FuzzList(f *testing.F) {
	good := sampleRPM()
	f.Add(good)
	f.Add(good[:leadSize+16])
	f.Add(makeRPM(nil))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		files, err := List(bytes.NewReader(b))
		if err == nil {
			for _, fi := range files {
				_ = fi.FileMode().String()
			}
		}
	})
}
