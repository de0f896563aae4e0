package config

import (
	"os"
	"path/filepath"
	"runtime"
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
