package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestValidFile(t *testing.T) {
	c, err := Parse("c.yaml", []byte(`
theme: light
mouse: true
clipboard: osc52
session:
  duration: 2h
  name: "{user}-{profile}.ops"
profiles:
  prod:
    read_only: true
    accent: red
  dev: {accent: green}
keys:
  list.delete: [ctrl+d]
  global.log: []
  nav.down: j
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Theme != ThemeLight || !c.Mouse || c.Clipboard != ClipboardOSC52 || c.Session.Duration != 2*time.Hour {
		t.Errorf("settings = %+v", c)
	}
	if p := c.Profile("prod"); !p.ReadOnly || p.Accent != "red" {
		t.Errorf("prod = %+v", p)
	}
	if p := c.Profile("dev"); p.ReadOnly || p.Accent != "green" {
		t.Errorf("dev = %+v", p)
	}
	if p := c.Profile("other"); p != (Profile{}) {
		t.Errorf("a profile the file does not name = %+v", p)
	}
	if got := c.SessionName("alice/ops", "prod", "admin"); got != "alice-ops-prod.ops" {
		t.Errorf("session name = %q", got)
	}
	if k := c.Keys["global.log"]; k == nil || len(k) != 0 {
		t.Errorf("global.log = %#v, want an explicit unbind", k)
	}
	if k := c.Keys["nav.down"]; len(k) != 1 || k[0] != "j" {
		t.Errorf("nav.down = %#v", k)
	}
}

func TestEmptyAndMissingFilesAreDefaults(t *testing.T) {
	for _, data := range []string{"", "# only a comment\n", Template} {
		c, err := Parse("c.yaml", []byte(data))
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		if c.Theme != ThemeAuto || c.Clipboard != ClipboardAuto || c.Session.Duration != time.Hour || c.Mouse {
			t.Errorf("%q: %+v", data, c)
		}
	}
	c, err := Load(filepath.Join(t.TempDir(), "none.yaml"))
	if err != nil || c.Theme != ThemeAuto || c.File != "" {
		t.Errorf("missing file: %+v %v", c, err)
	}
}

// Every problem is reported with its line, all of them at once, and nothing is half-applied.
func TestInvalidFileNamesEachLine(t *testing.T) {
	_, err := Parse("/home/a/.config/ramtui/config.yaml", []byte(`theme: blue
mouse: yes please
clipbaord: osc52
session:
  duration: 5m
  name: "{usr}"
profiles:
  prod:
    readonly: true
    accent: purple
keys:
  list.remove: [x]
`))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v, want Problems", err)
	}
	want := []string{
		`/home/a/.config/ramtui/config.yaml:1: theme is "blue": it must be one of auto, dark, light`,
		`config.yaml:2: mouse is "yes please": it must be true or false`,
		`config.yaml:3: unknown setting "clipbaord"`,
		`config.yaml:5: session duration 5m is outside what STS allows`,
		`config.yaml:6: session name "{usr}": unknown placeholder {usr}`,
		`config.yaml:9: unknown setting "readonly" in profile "prod" (known: read_only, accent)`,
		`config.yaml:10: accent is "purple"`,
		`config.yaml:12: keys: unknown key binding "list.remove"`,
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(lines), len(want), err)
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("problem %d = %q, want it to contain %q", i, lines[i], w)
		}
	}
}

func TestInvalidYAMLHasItsLine(t *testing.T) {
	_, err := Parse("c.yaml", []byte("theme: dark\nprofiles:\n  prod: [\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "c.yaml:") || !strings.Contains(err.Error(), "not valid YAML") {
		t.Fatalf("err = %v", err)
	}
	_, err = Parse("c.yaml", []byte("- a\n- b\n"))
	if err == nil || !strings.Contains(err.Error(), "c.yaml:1: the file must be a mapping") {
		t.Fatalf("a list: err = %v", err)
	}
	_, err = Parse("c.yaml", []byte("theme: dark\ntheme: light\n"))
	if err == nil || !strings.Contains(err.Error(), `c.yaml:2: "theme" is set twice`) {
		t.Fatalf("twice: err = %v", err)
	}
}

func TestKeyClashIsReported(t *testing.T) {
	_, err := Parse("c.yaml", []byte("keys:\n  list.delete: [j]\n"))
	if err == nil || !strings.Contains(err.Error(), "c.yaml:2: keys:") || !strings.Contains(err.Error(), `"j"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadCapsTheSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, make([]byte, maxFileSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v", err)
	}
}

func TestInitNeverOverwrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ramtui", "config.yaml")
	if err := Init(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if string(data) != Template {
		t.Fatal("init wrote something else than the template")
	}
	if err := os.WriteFile(path, []byte("theme: dark\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Init(path); !errors.Is(err, ErrExists) {
		t.Fatalf("second init: %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "theme: dark\n" {
		t.Fatal("init replaced the user's file")
	}
}
