package ramclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rawProfiles returns each profile's exact text in a config.json.
func rawProfiles(t *testing.T, data []byte) map[string]string {
	t.Helper()
	var cfg struct{ Profiles []json.RawMessage }
	mustOK(t, json.Unmarshal(data, &cfg))
	out := map[string]string{}
	for _, p := range cfg.Profiles {
		var n struct{ Name string }
		mustOK(t, json.Unmarshal(p, &n))
		out[n.Name] = string(p)
	}
	return out
}

func stsCreds() Credentials {
	return Credentials{AccessKeyID: "STS.saved0000000000000", AccessKeySecret: "saved-secret", SecurityToken: "saved-token",
		Expiration: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func TestSaveStsProfileReplaceAndAppend(t *testing.T) {
	h := home(t, "config/modes.json", "", nil)
	path := CLIConfigPath(h)
	orig, _ := os.ReadFile(path)

	for _, name := range []string{"tmp", "switched"} { // replace an existing one, then add one
		before, _ := os.ReadFile(path)
		res, err := SaveProfile(path, name, stsCreds(), SaveOptions{Region: "cn-beijing", ReplaceSts: true})
		mustOK(t, err)
		after, _ := os.ReadFile(path)
		bak, _ := os.ReadFile(res.Backup)
		if !bytes.Equal(bak, before) {
			t.Fatalf("%s: .bak is not the previous file", name)
		}
		// Every other profile's text is still there, byte for byte.
		for n, raw := range rawProfiles(t, before) {
			if n != name && !bytes.Contains(after, []byte(raw)) {
				t.Fatalf("%s: profile %s changed", name, n)
			}
		}
		if !bytes.Contains(after, []byte(`"unknown_top_level": {"kept": true}`)) {
			t.Fatalf("%s: unknown field lost", name)
		}
		st, _ := os.Stat(path)
		if st.Mode().Perm() != 0o600 {
			t.Fatalf("mode %v", st.Mode())
		}
		c, err := resolve(t, CredentialOptions{HomeDir: h, Profile: name})
		mustOK(t, err)
		if c.AccessKeyID != "STS.saved0000000000000" || c.SecurityToken != "saved-token" || c.Region != "cn-beijing" ||
			!c.Expiration.Equal(stsCreds().Expiration) {
			t.Fatalf("%s read back: %v", name, c)
		}
	}
	ps, err := ListProfiles(h)
	mustOK(t, err)
	if len(ps) != 14 || ps[len(ps)-1].Name != "switched" || ps[0].Name != "default" || !ps[0].Current {
		t.Fatalf("profiles = %+v", ps)
	}
	// The appended profile is indented like its siblings.
	after, _ := os.ReadFile(path)
	if !bytes.Contains(after, []byte("\n    {\n      \"name\": \"switched\"")) {
		t.Fatalf("appended profile's layout:\n%s", after[len(after)-400:])
	}
	_ = orig
}

func TestSaveStsProfileKeepsSettingsDropsOldMode(t *testing.T) {
	h := t.TempDir()
	path := CLIConfigPath(h)
	mustOK(t, os.MkdirAll(filepath.Dir(path), 0o700))
	mustOK(t, os.WriteFile(path, []byte("{\n\t\"current\": \"r\",\n\t\"profiles\": [\n\t\t{\n\t\t\t\"name\": \"r\",\n\t\t\t\"mode\": \"RamRoleArn\",\n\t\t\t\"ram_role_arn\": \"acs:ram::1:role/x\",\n\t\t\t\"output_format\": \"json\",\n\t\t\t\"language\": \"zh\",\n\t\t\t\"future_field\": {\"a\": [1, 2]},\n\t\t\t\"region_id\": \"cn-hangzhou\"\n\t\t}\n\t]\n}\n"), 0o600))
	_, err := SaveProfile(path, "r", stsCreds(), SaveOptions{ReplaceTyped: "r"})
	mustOK(t, err)
	data, _ := os.ReadFile(path)
	s := string(data)
	for _, want := range []string{`"mode": "StsToken"`, `"output_format": "json"`, `"language": "zh"`, `"future_field"`, `"region_id": "cn-hangzhou"`, "\t\t\t\"sts_token\": \"saved-token\""} {
		if !strings.Contains(s, want) {
			t.Fatalf("missing %s in\n%s", want, s)
		}
	}
	if strings.Contains(s, "ram_role_arn") {
		t.Fatalf("old mode's field kept:\n%s", s)
	}
}

func TestSaveStsProfileNewFileAndMalformed(t *testing.T) {
	h := t.TempDir()
	path := CLIConfigPath(h)
	mustOK(t, SaveStsProfile(path, "fresh", stsCreds(), "cn-hangzhou"))
	c, err := resolve(t, CredentialOptions{HomeDir: h})
	mustOK(t, err)
	if c.SecurityToken != "saved-token" || !strings.Contains(c.Source, `profile "fresh"`) {
		t.Fatalf("fresh: %v", c)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}

	h2 := home(t, "config/malformed.json", "", nil)
	path2 := CLIConfigPath(h2)
	before, _ := os.ReadFile(path2)
	err = SaveStsProfile(path2, "x", stsCreds(), "")
	if err == nil || !strings.Contains(err.Error(), "malformed JSON at line 5") {
		t.Fatalf("malformed: %v", err)
	}
	after, _ := os.ReadFile(path2)
	if !bytes.Equal(before, after) {
		t.Fatal("malformed file was changed")
	}
	if baks, _ := filepath.Glob(path2 + ".bak*"); len(baks) != 0 {
		t.Fatal("a backup was written for a refused save")
	}
	if err := SaveStsProfile(path, "x", Credentials{AccessKeyID: "LTAI", AccessKeySecret: "s"}, ""); err == nil {
		t.Fatal("permanent keys saved as an StsToken profile")
	}
}

func TestSaveStsProfileIntoEmptyList(t *testing.T) {
	h := t.TempDir()
	path := CLIConfigPath(h)
	mustOK(t, os.MkdirAll(filepath.Dir(path), 0o700))
	mustOK(t, os.WriteFile(path, []byte(`{"current":"","profiles":[],"meta_path":""}`), 0o600))
	mustOK(t, SaveStsProfile(path, "only", stsCreds(), "cn-hangzhou"))
	ps, err := ListProfiles(h)
	mustOK(t, err)
	if len(ps) != 1 || ps[0].Name != "only" || ps[0].Mode != "StsToken" {
		t.Fatalf("profiles = %+v", ps)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), `{"current":"","profiles":[`) || !strings.HasSuffix(string(data), `],"meta_path":""}`) {
		t.Fatalf("surroundings changed:\n%s", data)
	}
}

// A profile that exists is never replaced by default; an StsToken one needs a yes, any other
// mode its name typed (issue 10 item 8: an AK profile's secret was lost).
func TestSaveProfileReplaceNeedsConfirmation(t *testing.T) {
	h := home(t, "config/modes.json", "", nil)
	path := CLIConfigPath(h)
	orig, _ := os.ReadFile(path)
	refused := func(name string, o SaveOptions, typed bool) {
		t.Helper()
		_, err := SaveProfile(path, name, stsCreds(), o)
		var pe *ProfileExistsError
		if !errors.As(err, &pe) || pe.NeedTyped != typed {
			t.Fatalf("%s %+v: err = %v", name, o, err)
		}
		if now, _ := os.ReadFile(path); !bytes.Equal(now, orig) {
			t.Fatalf("%s: file changed by a refused save", name)
		}
	}
	refused("tmp", SaveOptions{}, false)    // StsToken, no answer
	refused("default", SaveOptions{}, true) // AK
	refused("default", SaveOptions{ReplaceSts: true}, true)
	refused("default", SaveOptions{ReplaceTyped: "defaul"}, true)
	if err := SaveStsProfile(path, "tmp", stsCreds(), ""); err == nil {
		t.Fatal("SaveStsProfile replaced an existing profile")
	}
	res, err := SaveProfile(path, "default", stsCreds(), SaveOptions{ReplaceTyped: "default"})
	mustOK(t, err)
	if res.Replaced != "AK" {
		t.Fatalf("result %+v", res)
	}
}

// issue 19 item 5: a world-readable file is tightened (and the result says so), a symbolic link
// stays a link to the updated file, no temporary file is left, and only the last few backups
// are kept.
func TestSaveProfileFileSafety(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "aliyun.json")
	mustOK(t, os.MkdirAll(filepath.Dir(real), 0o700))
	mustOK(t, os.WriteFile(real, []byte(`{"current":"a","profiles":[{"name":"a","mode":"AK","access_key_id":"LTAIkeep","access_key_secret":"s"}]}`), 0o644))
	link := CLIConfigPath(filepath.Join(dir, "home"))
	mustOK(t, os.MkdirAll(filepath.Dir(link), 0o700))
	mustOK(t, os.Symlink(real, link))

	clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range 7 {
		name := fmt.Sprintf("s%d", i)
		res, err := SaveProfile(link, name, stsCreds(), SaveOptions{Now: func() time.Time { return clock.Add(time.Duration(i) * time.Second) }})
		mustOK(t, err)
		if res.Path != real || res.ModeFixed != (i == 0) || (i == 0 && res.PreviousMode != 0o644) {
			t.Fatalf("save %d: %+v", i, res)
		}
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
	ps, err := ListProfiles(filepath.Join(dir, "home"))
	mustOK(t, err)
	if len(ps) != 8 || ps[0].Name != "a" || ps[7].Name != "s6" {
		t.Fatalf("profiles through the link: %+v", ps)
	}
	baks, _ := filepath.Glob(real + ".bak-*")
	if len(baks) != DefaultProfileBackups || !strings.HasSuffix(baks[len(baks)-1], ".bak-20260102T030411.000Z") {
		t.Fatalf("backups %v", baks)
	}
	for _, b := range baks {
		if st, _ := os.Stat(b); st.Mode().Perm() != 0o600 {
			t.Fatalf("backup %s mode %v", b, st.Mode().Perm())
		}
	}
	for _, d := range []string{filepath.Dir(real), filepath.Dir(link)} {
		left, _ := filepath.Glob(filepath.Join(d, ".*"))
		if len(left) != 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	}
}

// A save that cannot write leaves no temporary file and the old file as it was.
func TestSaveProfileFailedWriteLeavesNothing(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only directories")
	}
	h := home(t, "config/modes.json", "", nil)
	path := CLIConfigPath(h)
	dir := filepath.Dir(path)
	orig, _ := os.ReadFile(path)
	mustOK(t, os.Chmod(dir, 0o500))
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	if _, err := SaveProfile(path, "new", stsCreds(), SaveOptions{}); err == nil {
		t.Fatal("saved into a read-only directory")
	}
	mustOK(t, os.Chmod(dir, 0o700))
	if now, _ := os.ReadFile(path); !bytes.Equal(now, orig) {
		t.Fatal("file changed")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
