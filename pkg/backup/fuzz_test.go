package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzParseManifest(f *testing.F) {
	f.Add([]byte(`{"format_version":1,"argilla_version":"2.8.0","created_at":"2026-01-01T00:00:00Z","datasets":[{"dir":"datasets/0001","workspace":"w","name":"d","records":3}],"files":[{"path":"users.json","size":2,"sha256":"` + strings.Repeat("a", 64) + `"}]}`))
	f.Add([]byte(`{"format_version":2}`))
	f.Add([]byte(`{"format_version":1,"files":[{"path":"../etc/passwd","sha256":"x"}]}`))
	f.Add([]byte(`{"format_version":1,"files":[{"path":"/abs","sha256":"` + strings.Repeat("b", 64) + `"}]}`))
	f.Add([]byte(`{"format_version":1,"datasets":[{"dir":"a/../b","name":"x"}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest(data)
		if err != nil {
			return
		}
		if m.FormatVersion < 1 {
			t.Fatal("no format version accepted")
		}
		for _, fs := range m.Files {
			if !safePath(fs.Path) || strings.Contains("/"+fs.Path+"/", "/../") || strings.HasPrefix(fs.Path, "/") {
				t.Fatalf("unsafe path %q accepted", fs.Path)
			}
		}
	})
}

func FuzzRecordLine(f *testing.F) {
	f.Add([]byte(`{"id":"r","external_id":null,"status":"pending","fields":{"t":"x"},"metadata":{"f":1.0},"suggestions":[{"question":"q","value":"a","score":0.5}],"responses":[{"user":"u","status":"submitted","values":{"q":{"value":1}}}],"inserted_at":"2025-01-01T00:00:00"}` + "\n" + `{"id":"s","fields":{}}`))
	f.Add([]byte(`{"id":1}`))
	f.Add([]byte(`{"inserted_at":"tomorrow"}`))
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "d"), 0o700)
		os.WriteFile(filepath.Join(dir, "d", recordsFile), data, 0o600)
		s := &Source{dir: dir}
		n := 0
		err := s.eachRecord("d", func(l *RecordLine) error {
			n++
			if _, err := json.Marshal(l); err != nil {
				t.Fatalf("a decoded line does not encode: %v", err)
			}
			return nil
		})
		var ie *InputError
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("a bad line is not an input error: %v", err)
		}
	})
}

func FuzzUnpack(f *testing.F) {
	f.Add(tarGz(map[string]string{"manifest.json": "{}", "datasets/0001/records.jsonl": "{}\n"}))
	f.Add(tarGz(map[string]string{"../evil": "x"}))
	f.Add(tarGz(map[string]string{"/abs": "x"}))
	f.Add([]byte("not gzip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tmp := t.TempDir()
		src := filepath.Join(tmp, "b.tar.gz")
		os.WriteFile(src, data, 0o600)
		out := filepath.Join(tmp, "out")
		os.Mkdir(out, 0o700)
		if err := unpack(src, out); err != nil {
			return
		}
		filepath.WalkDir(tmp, func(p string, d os.DirEntry, err error) error {
			if err == nil && p != src && p != tmp && !strings.HasPrefix(p, out) {
				t.Fatalf("unpack wrote %s outside its directory", p)
			}
			return nil
		})
	})
}

func tarGz(files map[string]string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for name, content := range files {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(content)), Typeflag: tar.TypeReg})
		tw.Write([]byte(content))
	}
	tw.Close()
	zw.Close()
	return b.Bytes()
}
