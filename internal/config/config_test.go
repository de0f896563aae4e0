package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestResolveDirsOverrides(t *testing.T) {
	env := map[string]string{"ARGILLA_SPACE_CONFIG_DIR": "/c", "ARGILLA_SPACE_STATE_DIR": "/s"}
	d, err := ResolveDirs(func(k string) string { return env[k] })
	if err != nil || d.Config != "/c" || d.State != "/s" {
		t.Fatalf("got %+v, %v", d, err)
	}
	env = map[string]string{"XDG_CONFIG_HOME": "/xc", "XDG_STATE_HOME": "/xs"}
	d, _ = ResolveDirs(func(k string) string { return env[k] })
	if d.Config != filepath.Join("/xc", "argilla-space") || d.State != filepath.Join("/xs", "argilla-space") {
		t.Fatalf("got %+v", d)
	}
	if d.EmulatorStateFile() != filepath.Join("/xs", "argilla-space", "emulator.json") {
		t.Fatalf("state file %s", d.EmulatorStateFile())
	}
}

func TestCredentialsRoundTripAndMode(t *testing.T) {
	d := Dirs{Config: filepath.Join(t.TempDir(), "cfg")}
	if _, ok, err := d.LoadCredential("e", "acme/demo"); ok || err != nil {
		t.Fatalf("empty store: ok=%v err=%v", ok, err)
	}
	if err := d.SaveCredential(Credential{Endpoint: "e", Space: "acme/demo", APIKey: "k1-abcdefgh"}); err != nil {
		t.Fatal(err)
	}
	if err := d.SaveCredential(Credential{Endpoint: "e", Space: "acme/other", APIKey: "k2-abcdefgh"}); err != nil {
		t.Fatal(err)
	}
	if err := d.SaveCredential(Credential{Endpoint: "e", Space: "ACME/demo", APIKey: "k3-abcdefgh"}); err != nil {
		t.Fatal(err)
	}
	c, ok, err := d.LoadCredential("e", "acme/demo")
	if err != nil || !ok || c.APIKey != "k3-abcdefgh" {
		t.Fatalf("got %+v ok=%v err=%v", c, ok, err)
	}
	if _, ok, _ := d.LoadCredential("other-endpoint", "acme/demo"); ok {
		t.Fatal("credential leaked across endpoints")
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(d.CredentialsFile())
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Fatalf("credentials mode %v, want 0600", fi.Mode().Perm())
		}
		di, _ := os.Stat(d.Config)
		if di.Mode().Perm() != 0o700 {
			t.Fatalf("config dir mode %v, want 0700", di.Mode().Perm())
		}
	}
	if err := d.DeleteCredential("e", "acme/demo"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := d.LoadCredential("e", "acme/demo"); ok {
		t.Fatal("credential still there after delete")
	}
	if _, ok, _ := d.LoadCredential("e", "acme/other"); !ok {
		t.Fatal("delete removed the wrong credential")
	}
}

func TestCorruptCredentialsFileSaysWhatToDo(t *testing.T) {
	d := Dirs{Config: t.TempDir()}
	os.WriteFile(d.CredentialsFile(), []byte("{not json"), 0o600)
	_, _, err := d.LoadCredential("e", "a/b")
	if err == nil {
		t.Fatal("want an error")
	}
}

func TestConcurrentSavesKeepEveryKey(t *testing.T) {
	d := Dirs{Config: filepath.Join(t.TempDir(), "cfg")}
	const n = 20
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.SaveCredential(Credential{Endpoint: "e", Space: fmt.Sprintf("acme/s%d", i), APIKey: fmt.Sprintf("key-%08d", i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for i := range n {
		c, ok, err := d.LoadCredential("e", fmt.Sprintf("acme/s%d", i))
		if err != nil || !ok || c.APIKey != fmt.Sprintf("key-%08d", i) {
			t.Fatalf("key %d: %+v ok=%v err=%v", i, c, ok, err)
		}
	}
}

func TestSaveKeepsUsernameOnFile(t *testing.T) {
	d := Dirs{Config: t.TempDir()}
	d.SaveCredential(Credential{Endpoint: "e", Space: "acme/demo", APIKey: "k1-abcdefgh", Username: "alice"})
	d.SaveCredential(Credential{Endpoint: "e", Space: "acme/demo", APIKey: "k2-abcdefgh"})
	if c, _, _ := d.LoadCredential("e", "acme/demo"); c.Username != "alice" || c.APIKey != "k2-abcdefgh" {
		t.Fatalf("got %+v", c)
	}
}

func TestCorruptFileIsNeverReplaced(t *testing.T) {
	d := Dirs{Config: t.TempDir()}
	os.WriteFile(d.CredentialsFile(), []byte("{not json"), 0o600)
	err := d.SaveCredential(Credential{Endpoint: "e", Space: "a/b", APIKey: "k1-abcdefgh"})
	var ce *CorruptError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), d.CredentialsFile()) || !strings.Contains(err.Error(), "left it as it is") && !strings.Contains(err.Error(), "left as it is") {
		t.Fatalf("got %v", err)
	}
	if b, _ := os.ReadFile(d.CredentialsFile()); string(b) != "{not json" {
		t.Fatalf("the corrupt file was replaced: %q", b)
	}
}

func TestConfigDirOthersCanWriteIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	d := Dirs{Config: t.TempDir()}
	if err := os.Chmod(d.Config, 0o777); err != nil {
		t.Fatal(err)
	}
	err := d.SaveCredential(Credential{Endpoint: "e", Space: "a/b", APIKey: "k1-abcdefgh"})
	if err == nil || !strings.Contains(err.Error(), "chmod go-w "+d.Config) {
		t.Fatalf("got %v", err)
	}
	if _, _, err := d.LoadCredential("e", "a/b"); err == nil {
		t.Fatal("a world-writable config dir was read")
	}
	if _, err := os.Stat(d.CredentialsFile()); !os.IsNotExist(err) {
		t.Fatal("the credentials file was written into a world-writable directory")
	}
}

// The credentials file is outside input (a user may edit it): any bytes give a credential list or a
// CorruptError naming the file, never a panic; what parses survives a write and a read unchanged.
func FuzzParseCredentials(f *testing.F) {
	f.Add([]byte(`{"credentials":[{"endpoint":"e","space":"a/b","apiKey":"k1-abcdefgh","pendingKey":"k2-abcdefgh"}]}`))
	f.Add([]byte(`{"credentials":null}`))
	f.Add([]byte(`{not json`))
	f.Add([]byte(``))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := Dirs{Config: t.TempDir()}
		all, err := d.parseCredentials(data)
		if err != nil {
			var ce *CorruptError
			if !errors.As(err, &ce) || ce.Path != d.CredentialsFile() {
				t.Fatalf("error %v does not name the file", err)
			}
			return
		}
		for _, c := range all.Credentials {
			if c.Endpoint == "" || c.Space == "" || c.APIKey == "" {
				return // not something we write
			}
		}
		os.WriteFile(d.CredentialsFile(), data, 0o600)
		if err := d.SaveCredential(Credential{Endpoint: "fuzz", Space: "x/y", APIKey: "k-fuzz-123"}); err != nil {
			t.Fatalf("saving beside a valid file: %v", err)
		}
		for _, c := range all.Credentials {
			got, ok, err := d.LoadCredential(c.Endpoint, c.Space)
			if err != nil || !ok || got.APIKey == "" {
				t.Fatalf("credential %q lost: %+v %v %v", c.Space, got, ok, err)
			}
		}
	})
}
