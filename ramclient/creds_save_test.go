package ramclient

import (
	"bytes"
	"encoding/json"
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
		mustOK(t, SaveStsProfile(path, name, stsCreds(), "cn-beijing"))
		after, _ := os.ReadFile(path)
		bak, _ := os.ReadFile(path + ".bak")
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
	mustOK(t, SaveStsProfile(path, "r", stsCreds(), ""))
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
	if _, err := os.Stat(path2 + ".bak"); err == nil {
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
