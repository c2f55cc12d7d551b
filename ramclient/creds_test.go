package ramclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

// home builds a temporary home directory with testdata/config/<config> as ~/.aliyun/config.json
// and testdata/ini/<ini> as ~/.alibabacloud/credentials ("" = absent). {{KEY}} placeholders are
// replaced from subst.
func home(t *testing.T, config, ini string, subst map[string]string) string {
	t.Helper()
	h := t.TempDir()
	put := func(src, dst string) {
		if src == "" {
			return
		}
		data, err := os.ReadFile(filepath.Join("testdata", src))
		mustOK(t, err)
		for k, v := range subst {
			data = bytes.ReplaceAll(data, []byte("{{"+k+"}}"), []byte(v))
		}
		mustOK(t, os.MkdirAll(filepath.Dir(filepath.Join(h, dst)), 0o700))
		mustOK(t, os.WriteFile(filepath.Join(h, dst), data, 0o600))
	}
	put(config, ".aliyun/config.json")
	put(ini, ".alibabacloud/credentials")
	return h
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func resolve(t *testing.T, o CredentialOptions) (Credentials, error) {
	t.Helper()
	if o.Getenv == nil {
		o.Getenv = env(nil)
	}
	return ResolveCredentials(context.Background(), o)
}

func TestResolveOrder(t *testing.T) {
	h := home(t, "config/modes.json", "ini/access_key", nil)
	// Flags win over everything.
	c, err := resolve(t, CredentialOptions{HomeDir: h, AccessKeyID: "LTAIflag", AccessKeySecret: "flag-secret",
		Getenv: env(map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenv", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "e"})})
	mustOK(t, err)
	if c.AccessKeyID != "LTAIflag" || c.Source != "flags" {
		t.Fatalf("flags: %v", c)
	}
	// An explicit --profile beats the environment.
	c, err = resolve(t, CredentialOptions{HomeDir: h, Profile: "tmp",
		Getenv: env(map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenv", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "e"})})
	mustOK(t, err)
	if c.AccessKeyID != "STS.fixtureTemporary000" || c.SecurityToken != "fixture-sts-token" || c.Region != "cn-shanghai" {
		t.Fatalf("--profile tmp: %v", c)
	}
	// Environment (any alias) beats config.json.
	for _, prefix := range []string{"ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_"} {
		c, err = resolve(t, CredentialOptions{HomeDir: h, Getenv: env(map[string]string{
			prefix + "ACCESS_KEY_ID": "LTAIenv", prefix + "ACCESS_KEY_SECRET": "env-secret", prefix + "SECURITY_TOKEN": "tok"})})
		mustOK(t, err)
		if c.AccessKeyID != "LTAIenv" || c.SecurityToken != "tok" || !strings.Contains(c.Source, prefix+"ACCESS_KEY_ID") {
			t.Fatalf("env %s: %v", prefix, c)
		}
	}
	// config.json's current profile.
	c, err = resolve(t, CredentialOptions{HomeDir: h})
	mustOK(t, err)
	if c.AccessKeyID != "LTAIfixtureDefault00000" || c.Source != `profile "default" (~/.aliyun/config.json, mode AK)` || c.Region != "cn-hangzhou" {
		t.Fatalf("current: %v / %q", c, c.Source)
	}
	// ALIBABA_CLOUD_PROFILE picks another one.
	c, err = resolve(t, CredentialOptions{HomeDir: h, Getenv: env(map[string]string{"ALICLOUD_PROFILE": "legacy"})})
	mustOK(t, err)
	if c.AccessKeyID != "LTAIfixtureLegacy000000" || !strings.Contains(c.Source, "mode AK") {
		t.Fatalf("env profile: %v", c)
	}
	// ALIBABA_CLOUD_IGNORE_PROFILE skips config.json.
	hb := home(t, "config/modes.json", "ini/access_key", nil)
	c, err = resolve(t, CredentialOptions{HomeDir: hb, Getenv: env(map[string]string{"ALIBABA_CLOUD_IGNORE_PROFILE": "TRUE"})})
	mustOK(t, err)
	if c.AccessKeyID != "LTAIfixtureIni000000000" {
		t.Fatalf("ignore profile: %v", c)
	}
	// No config.json: the ini file.
	h2 := home(t, "", "ini/access_key", nil)
	c, err = resolve(t, CredentialOptions{HomeDir: h2})
	mustOK(t, err)
	if c.AccessKeyID != "LTAIfixtureIni000000000" || !strings.Contains(c.Source, ".alibabacloud/credentials [default]") {
		t.Fatalf("ini: %v", c)
	}
	// Nothing at all: the error lists what was tried.
	_, err = resolve(t, CredentialOptions{HomeDir: t.TempDir()})
	var ce *CredentialsError
	if !errors.As(err, &ce) || !errors.Is(err, ErrCredentials) || len(ce.Tried) != 6 || ce.Err != nil {
		t.Fatalf("nothing: %v", err)
	}
	if !strings.Contains(err.Error(), "config.json: not found") || !strings.Contains(err.Error(), "environment") {
		t.Fatalf("tried list: %v", err)
	}
}

func TestResolveProfileErrors(t *testing.T) {
	h := home(t, "config/modes.json", "", nil)
	for profile, want := range map[string]string{
		"sso":          "cloud_sso_account_id and cloud_sso_access_config are required",
		"half":         "access_key_id and access_key_secret are required",
		"sts-no-token": "sts_token is required",
		"nope":         `no profile "nope"`,
	} {
		_, err := resolve(t, CredentialOptions{HomeDir: h, Profile: profile})
		if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, ErrCredentials) {
			t.Errorf("profile %s: want %q, got %v", profile, want, err)
		}
	}
	// A current profile that does not exist is an error, not a silent fall-through.
	h2 := home(t, "config/current-missing.json", "ini/access_key", nil)
	_, err := resolve(t, CredentialOptions{HomeDir: h2})
	if err == nil || !strings.Contains(err.Error(), `no profile "gone"`) {
		t.Errorf("current missing: %v", err)
	}
	// --profile with no config.json.
	_, err = resolve(t, CredentialOptions{HomeDir: t.TempDir(), Profile: "x"})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("no file: %v", err)
	}
	// Half-set environment.
	_, err = resolve(t, CredentialOptions{HomeDir: h, Getenv: env(map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIx"})})
	if err == nil || !strings.Contains(err.Error(), "environment") {
		t.Errorf("half env: %v", err)
	}
}

// Reading never changes a file, even a malformed one; the error names the file and position.
func TestMalformedConfigUntouched(t *testing.T) {
	for fixture, want := range map[string]string{
		"config/malformed.json": "~/.aliyun/config.json: malformed JSON at line 5, column 57",
		"config/wrongtype.json": `~/.aliyun/config.json: at line 5, column 30: field "profiles.expired_seconds" should be a number, not a JSON string`,
	} {
		h := home(t, fixture, "", nil)
		path := filepath.Join(h, ".aliyun", "config.json")
		old := time.Now().Add(-time.Hour).Truncate(time.Second)
		mustOK(t, os.Chtimes(path, old, old))
		before, _ := os.ReadFile(path)
		_, err := resolve(t, CredentialOptions{HomeDir: h})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: want %q, got %v", fixture, want, err)
		}
		_, err = ListProfiles(h)
		if err == nil || !strings.Contains(err.Error(), "config.json") {
			t.Errorf("%s ListProfiles: %v", fixture, err)
		}
		after, _ := os.ReadFile(path)
		st, _ := os.Stat(path)
		if !bytes.Equal(before, after) || !st.ModTime().Equal(old) {
			t.Errorf("%s was modified", fixture)
		}
	}
}

func TestReadingLeavesFilesAlone(t *testing.T) {
	h := home(t, "config/modes.json", "ini/access_key", nil)
	paths := []string{filepath.Join(h, ".aliyun", "config.json"), filepath.Join(h, ".alibabacloud", "credentials")}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	var before [][]byte
	for _, p := range paths {
		mustOK(t, os.Chtimes(p, old, old))
		b, _ := os.ReadFile(p)
		before = append(before, b)
	}
	for _, p := range []string{"", "default", "tmp", "legacy", "ext", "sso"} {
		_, _ = resolve(t, CredentialOptions{HomeDir: h, Profile: p})
	}
	_, _ = ListProfiles(h)
	for i, p := range paths {
		b, _ := os.ReadFile(p)
		st, _ := os.Stat(p)
		if !bytes.Equal(b, before[i]) || !st.ModTime().Equal(old) {
			t.Errorf("%s changed", p)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(h, ".aliyun"))
	if len(entries) != 1 {
		t.Errorf("files appeared next to config.json: %v", entries)
	}
}

func TestListProfiles(t *testing.T) {
	h := home(t, "config/modes.json", "", nil)
	ps, err := ListProfiles(h)
	mustOK(t, err)
	if len(ps) != 13 || ps[0] != (ProfileInfo{Name: "default", Mode: "AK", Region: "cn-hangzhou", Current: true}) {
		t.Fatalf("profiles = %+v", ps)
	}
	if ps[1].Site != "international" || ps[0].Site != "" {
		t.Errorf("sites: %q %q", ps[0].Site, ps[1].Site)
	}
	if ps[2].Mode != "AK" || ps[1].Current {
		t.Fatalf("legacy/tmp = %+v %+v", ps[2], ps[1])
	}
	out := fmt.Sprintf("%+v", ps)
	if strings.Contains(out, "fixture-") {
		t.Fatal("profile listing shows secrets")
	}
	ps, err = ListProfiles(t.TempDir())
	if err != nil || len(ps) != 0 {
		t.Fatalf("no file: %v %v", ps, err)
	}
}

func TestExternalProcess(t *testing.T) {
	ext, err := filepath.Abs("testdata/external")
	mustOK(t, err)
	h := home(t, "config/modes.json", "", map[string]string{"EXT": ext})
	c, err := resolve(t, CredentialOptions{HomeDir: h, Profile: "ext"})
	mustOK(t, err)
	if c.AccessKeyID != "LTAIfixtureExternal0000" || c.AccessKeySecret != "fixture-external-secret" || c.Temporary() {
		t.Fatalf("ext: %v", c)
	}
	c, err = resolve(t, CredentialOptions{HomeDir: h, Profile: "ext-sts"})
	mustOK(t, err)
	if c.SecurityToken != "fixture-ext-token" {
		t.Fatalf("ext-sts: %v", c)
	}
	_, err = resolve(t, CredentialOptions{HomeDir: h, Profile: "ext-fail"})
	if err == nil || !strings.Contains(err.Error(), "vault: permission denied") || !strings.Contains(err.Error(), "exit status 3") {
		t.Fatalf("ext-fail: %v", err)
	}
	_, err = resolve(t, CredentialOptions{HomeDir: h, Profile: "ext-garbage"})
	if err == nil || strings.Contains(err.Error(), "fixture-leaky-secret") || !strings.Contains(err.Error(), "not the expected JSON") {
		t.Fatalf("ext-garbage: %v", err)
	}
	// Like the aliyun CLI: split on white space, no shell, so $HOME and ; reach the program as
	// written.
	c, err = resolve(t, CredentialOptions{HomeDir: h, Profile: "ext-args"})
	mustOK(t, err)
	if c.AccessKeySecret != "$HOME;x" {
		t.Fatalf("ext-args: the command went through a shell (argument became %q)", c.AccessKeySecret)
	}
	start := time.Now()
	_, err = resolve(t, CredentialOptions{HomeDir: h, Profile: "ext-slow", ExternalTimeout: 200 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "timed out") || time.Since(start) > 3*time.Second {
		t.Fatalf("ext-slow: %v after %v", err, time.Since(start))
	}
}

// EcsRamRole against an httptest IMDS (the real one is only reachable on ECS).
func TestEcsRamRole(t *testing.T) {
	exp := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	var sawToken bool
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token":
			w.Write([]byte("imds-session-token"))
		case r.URL.Path == "/latest/meta-data/ram/security-credentials/":
			w.Write([]byte("app-role"))
		case r.URL.Path == "/latest/meta-data/ram/security-credentials/app-role":
			sawToken = r.Header.Get("X-aliyun-ecs-metadata-token") == "imds-session-token"
			json.NewEncoder(w).Encode(map[string]string{"Code": "Success", "AccessKeyId": "STS.imds", "AccessKeySecret": "imds-secret",
				"SecurityToken": "imds-token", "Expiration": exp.Format("2006-01-02T15:04:05Z")})
		default:
			http.NotFound(w, r)
		}
	}))
	defer imds.Close()
	h := home(t, "config/modes.json", "", nil)
	c, err := resolve(t, CredentialOptions{HomeDir: h, Profile: "ecs", IMDSEndpoint: imds.URL})
	mustOK(t, err)
	if c.AccessKeyID != "STS.imds" || c.SecurityToken != "imds-token" || !c.Expiration.Equal(exp) || !sawToken {
		t.Fatalf("ecs: %v (token header %v)", c, sawToken)
	}
	if !strings.Contains(c.Source, "mode EcsRamRole") {
		t.Fatalf("source %q", c.Source)
	}
	// No role name: it is looked up.
	c2, err := fetchIMDS(context.Background(), imds.URL, "", false)
	if err != nil || c2.AccessKeyID != "STS.imds" {
		t.Fatalf("lookup: %v %v", c2, err)
	}
	_, err = fetchIMDS(context.Background(), imds.URL, "other-role", false)
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("missing role: %v", err)
	}
}

func TestINI(t *testing.T) {
	h := home(t, "", "ini/sts", nil)
	c, err := resolve(t, CredentialOptions{HomeDir: h})
	mustOK(t, err)
	if c.SecurityToken != "fixture-ini-token" {
		t.Fatalf("sts ini: %v", c)
	}
	h = home(t, "", "ini/bearer", nil)
	_, err = resolve(t, CredentialOptions{HomeDir: h})
	if err == nil || !strings.Contains(err.Error(), `type "bearer" is not supported`) {
		t.Fatalf("bearer: %v", err)
	}
	// ALIBABA_CLOUD_CREDENTIALS_FILE names the file, which must exist.
	c, err = resolve(t, CredentialOptions{HomeDir: t.TempDir(), Getenv: env(map[string]string{"ALIBABA_CLOUD_CREDENTIALS_FILE": filepath.Join("testdata", "ini", "access_key")})})
	mustOK(t, err)
	if c.AccessKeyID != "LTAIfixtureIni000000000" {
		t.Fatalf("env file: %v", c)
	}
	_, err = resolve(t, CredentialOptions{HomeDir: t.TempDir(), Getenv: env(map[string]string{"ALIBABA_CLOUD_CREDENTIALS_FILE": "/nonexistent/creds"})})
	if err == nil {
		t.Fatal("missing ALIBABA_CLOUD_CREDENTIALS_FILE accepted")
	}
}

// Role profiles call AssumeRole themselves, so they work against ramsim over plain HTTP.
func TestRoleProfilesAgainstRamsim(t *testing.T) {
	sim, _ := startSim(t, ramsim.Options{Seed: "demo"})
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	mustOK(t, err)
	subst := map[string]string{"AK": id, "SECRET": secret, "ACCOUNT": sim.Account().ID()}
	h := home(t, "config/roles.json.tmpl", "", subst)
	o := CredentialOptions{HomeDir: h, Endpoint: sim.Endpoint}

	c, err := resolve(t, o) // current = role
	mustOK(t, err)
	if !strings.HasPrefix(c.AccessKeyID, "STS.") || c.SecurityToken == "" || c.Region != "cn-shenzhen" {
		t.Fatalf("role: %v", c)
	}
	if d := time.Until(c.Expiration); d < 25*time.Minute || d > 31*time.Minute {
		t.Fatalf("expired_seconds 1800 not honoured: expires in %v", d)
	}
	if !strings.Contains(c.Source, `profile "role"`) || !strings.Contains(c.Source, "role/ops-readonly") {
		t.Fatalf("source %q", c.Source)
	}
	who, err := newClient(t, sim.Endpoint, c).CallerIdentity(ctxT(t))
	mustOK(t, err)
	if who.IdentityType != "AssumedRoleUser" || !strings.Contains(who.Arn, "fixture-session") {
		t.Fatalf("identity %+v", who)
	}

	o.Profile = "chain"
	c, err = resolve(t, o)
	mustOK(t, err)
	if !strings.HasPrefix(c.AccessKeyID, "STS.") {
		t.Fatalf("chain: %v", c)
	}
	o.Profile = "loop-a"
	_, err = resolve(t, o)
	if err == nil || !strings.Contains(err.Error(), "cycle: loop-a -> loop-b -> loop-a") {
		t.Fatalf("cycle: %v", err)
	}
	o.Profile = "orphan"
	_, err = resolve(t, o)
	if err == nil || !strings.Contains(err.Error(), `source_profile "nowhere" does not exist`) {
		t.Fatalf("orphan: %v", err)
	}
	o.Profile = "denied"
	_, err = resolve(t, o)
	if !errors.Is(err, ErrDenied) || !errors.Is(err, ErrCredentials) {
		t.Fatalf("denied: %v", err)
	}

	hi := home(t, "", "ini/ram_role_arn.tmpl", subst)
	c, err = resolve(t, CredentialOptions{HomeDir: hi, Endpoint: sim.Endpoint})
	mustOK(t, err)
	if !strings.HasPrefix(c.AccessKeyID, "STS.") || !strings.Contains(c.Source, "ram_role_arn") {
		t.Fatalf("ini role: %v", c)
	}
}

func TestCredentialsExpired(t *testing.T) {
	now := time.Now()
	if (Credentials{}).Expired(now) || !(Credentials{Expiration: now}).Expired(now) || (Credentials{Expiration: now.Add(time.Second)}).Expired(now) {
		t.Fatal("Expired")
	}
}

func TestCredentialsNeverPrintSecrets(t *testing.T) {
	c := Credentials{AccessKeyID: "LTAI1234567890abcdef", AccessKeySecret: "the-secret", SecurityToken: "the-token", Source: "flags"}
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s", c, c, c, c)} {
		if strings.Contains(s, "the-secret") || strings.Contains(s, "the-token") {
			t.Fatalf("printed: %s", s)
		}
	}
	if MaskKeyID("LTAI1234567890abcdef") != "LTAI************cdef" {
		t.Fatal(MaskKeyID("LTAI1234567890abcdef"))
	}
}

func TestResolvedProfileIsNamed(t *testing.T) {
	h := home(t, "config/modes.json", "", nil)
	c, err := resolve(t, CredentialOptions{HomeDir: h, Profile: "tmp"})
	mustOK(t, err)
	if c.Profile != "tmp" || c.Label != "profile tmp · StsToken" {
		t.Fatalf("Profile = %q, Label = %q, want tmp, profile tmp · StsToken", c.Profile, c.Label)
	}
	c, err = resolve(t, CredentialOptions{HomeDir: h, Getenv: env(map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIx", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s"})})
	mustOK(t, err)
	if c.Profile != "" || c.Label != "environment" {
		t.Fatalf("environment credentials name a profile: %q (label %q)", c.Profile, c.Label)
	}
}

// writeConfig writes ~/.aliyun/config.json with the given profiles (JSON objects) into a new
// home directory.
func writeConfig(t *testing.T, current string, profiles ...string) string {
	t.Helper()
	h := t.TempDir()
	path := CLIConfigPath(h)
	mustOK(t, os.MkdirAll(filepath.Dir(path), 0o700))
	data := fmt.Sprintf(`{"current": %q, "profiles": [%s]}`, current, strings.Join(profiles, ","))
	mustOK(t, os.WriteFile(path, []byte(data), 0o600))
	return h
}

// issue 13 item 3: process_command is split with the aliyun CLI's quoting rules, the helper
// gets the terminal's stdin and stderr (an MFA prompt), and ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS
// forbids it.
func TestExternalLikeTheCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my tools")
	mustOK(t, os.MkdirAll(dir, 0o700))
	script := filepath.Join(dir, "cred helper.sh")
	mustOK(t, os.WriteFile(script, []byte(`#!/bin/sh
echo "MFA code for $1:" >&2
read code
printf '{"mode":"StsToken","access_key_id":"STS.ext%s","access_key_secret":"%s","sts_token":"tok","expiration":"2030-01-02T03:04:05Z"}' "$code" "$1"
`), 0o700))
	cmd, _ := json.Marshal(`"` + script + `" 'prod team'`)
	h := writeConfig(t, "q", `{"name":"q","mode":"External","process_command":`+string(cmd)+`}`)
	var stderr bytes.Buffer
	c, err := resolve(t, CredentialOptions{HomeDir: h, ExternalStdin: strings.NewReader("123456\n"), ExternalStderr: &stderr})
	mustOK(t, err)
	if c.AccessKeyID != "STS.ext123456" || c.AccessKeySecret != "prod team" ||
		!c.Expiration.Equal(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Fatalf("quoted command: %v secret %q", c, c.AccessKeySecret)
	}
	if stderr.String() != "MFA code for prod team:\n" {
		t.Fatalf("the helper's stderr did not pass through: %q", stderr.String())
	}
	// The TUI's way: a runner that hands the helper the terminal (tea.ExecProcess sets stdin
	// and stderr when they are nil, as this stand-in does); the credentials still come from
	// stdout, which the runner must leave alone.
	stderr.Reset()
	var ran int
	c, err = resolve(t, CredentialOptions{HomeDir: h, ExternalRun: func(cmd *exec.Cmd) error {
		ran++
		if cmd.Stdin != nil || cmd.Stderr != nil || cmd.Stdout == nil {
			t.Errorf("the runner got stdin %v, stderr %v, stdout %v", cmd.Stdin, cmd.Stderr, cmd.Stdout)
		}
		cmd.Stdin, cmd.Stderr = strings.NewReader("654321\n"), &stderr
		return cmd.Run()
	}})
	mustOK(t, err)
	if ran != 1 || c.AccessKeyID != "STS.ext654321" || stderr.String() != "MFA code for prod team:\n" {
		t.Fatalf("through the runner (%d runs): %v, stderr %q", ran, c, stderr.String())
	}
	for _, v := range []string{"1", "true", "TRUE"} {
		_, err = resolve(t, CredentialOptions{HomeDir: h, Getenv: env(map[string]string{EnvDisableExternalProcess: v})})
		if err == nil || !strings.Contains(err.Error(), "disabled by "+EnvDisableExternalProcess) {
			t.Fatalf("disabled by %s: %v", v, err)
		}
	}
	h = writeConfig(t, "q", `{"name":"q","mode":"External","process_command":"sh -c 'echo x'\"' ''"}`)
	if _, err = resolve(t, CredentialOptions{HomeDir: h}); err == nil || !strings.Contains(err.Error(), "unclosed quote") {
		t.Fatalf("unclosed quote: %v", err)
	}
}

// issue 13 item 4: the variables the aliyun CLI and credentials-go read.
func TestCredentialVariables(t *testing.T) {
	h := home(t, "config/modes.json", "ini/access_key", nil)
	// ALIBABA_CLOUD_PROFILE names a section of ~/.alibabacloud/credentials when config.json has
	// no such profile; config.json's profile wins when it has one.
	c, err := resolve(t, CredentialOptions{HomeDir: h, Getenv: env(map[string]string{"ALIBABA_CLOUD_PROFILE": "other"})})
	mustOK(t, err)
	if c.AccessKeyID != "LTAIother" || !strings.Contains(c.Source, "[other]") {
		t.Fatalf("ini section by ALIBABA_CLOUD_PROFILE: %v", c)
	}
	_, err = resolve(t, CredentialOptions{HomeDir: h, Getenv: env(map[string]string{"ALIBABA_CLOUD_PROFILE": "nowhere"})})
	if err == nil || !strings.Contains(err.Error(), `profile "nowhere" (named by ALIBABA_CLOUD_PROFILE) is neither`) {
		t.Fatalf("unknown profile: %v", err)
	}
	// Only TRUE skips config.json, as in the aliyun CLI.
	c, err = resolve(t, CredentialOptions{HomeDir: h, Getenv: env(map[string]string{"ALIBABA_CLOUD_IGNORE_PROFILE": "true"})})
	mustOK(t, err)
	if c.AccessKeyID != "LTAIfixtureDefault00000" {
		t.Fatalf("IGNORE_PROFILE=true is not the CLI's TRUE: %v", c)
	}
	// ALIBABA_CLOUD_CONFIG_FILE and ALIBABA_CLOUD_CREDENTIALS_FILE move the files.
	elsewhere := writeConfig(t, "x", `{"name":"x","mode":"AK","access_key_id":"LTAIelsewhere","access_key_secret":"s"}`)
	c, err = resolve(t, CredentialOptions{HomeDir: h, Getenv: env(map[string]string{"ALIBABA_CLOUD_CONFIG_FILE": CLIConfigPath(elsewhere)})})
	mustOK(t, err)
	if c.AccessKeyID != "LTAIelsewhere" {
		t.Fatalf("CONFIG_FILE: %v", c)
	}
	_, err = resolve(t, CredentialOptions{HomeDir: h, Getenv: env(map[string]string{"ALIBABA_CLOUD_CONFIG_FILE": "/nonexistent/config.json"})})
	if err == nil || !strings.Contains(err.Error(), "ALIBABA_CLOUD_CONFIG_FILE") {
		t.Fatalf("missing CONFIG_FILE: %v", err)
	}
}

func TestECSRoleFromVariables(t *testing.T) {
	v1 := true // whether the IMDS hands out v2 tokens
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token" && !v1:
			w.Write([]byte("v2-token"))
		case r.URL.Path == "/latest/meta-data/ram/security-credentials/app-role":
			json.NewEncoder(w).Encode(map[string]string{"Code": "Success", "AccessKeyId": "STS.imds", "AccessKeySecret": "s",
				"SecurityToken": "t", "Expiration": "2030-01-01T00:00:00Z"})
		default:
			http.NotFound(w, r)
		}
	}))
	defer imds.Close()
	vars := map[string]string{"ALIBABA_CLOUD_ECS_METADATA": "app-role"}
	o := CredentialOptions{HomeDir: t.TempDir(), IMDSEndpoint: imds.URL, Getenv: env(vars)}
	c, err := resolve(t, o)
	mustOK(t, err)
	if c.AccessKeyID != "STS.imds" || !strings.Contains(c.Source, "ALIBABA_CLOUD_ECS_METADATA") {
		t.Fatalf("ECS role by variable: %v", c)
	}
	vars["ALIBABA_CLOUD_IMDSV1_DISABLED"] = "true"
	if _, err = resolve(t, o); err == nil || !strings.Contains(err.Error(), "IMDSv1 is disabled") {
		t.Fatalf("IMDSv1 disabled, no v2 token: %v", err)
	}
	v1 = false
	_, err = resolve(t, o)
	mustOK(t, err)
	vars["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "TRUE"
	if _, err = resolve(t, o); err == nil || !strings.Contains(err.Error(), "disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED") {
		t.Fatalf("metadata disabled: %v", err)
	}
}

// ALIBABA_CLOUD_STS_ENDPOINT sends a role profile's AssumeRole elsewhere (here: the simulator,
// over plain HTTP because it is on loopback).
func TestStsEndpointVariable(t *testing.T) {
	sim, _ := startSim(t, ramsim.Options{Seed: "demo"})
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	mustOK(t, err)
	h := home(t, "config/roles.json.tmpl", "", map[string]string{"AK": id, "SECRET": secret, "ACCOUNT": sim.Account().ID()})
	c, err := resolve(t, CredentialOptions{HomeDir: h, Getenv: env(map[string]string{"ALIBABA_CLOUD_STS_ENDPOINT": "http://" + sim.Endpoint})})
	mustOK(t, err)
	if !strings.HasPrefix(c.AccessKeyID, "STS.") {
		t.Fatalf("role through ALIBABA_CLOUD_STS_ENDPOINT: %v", c)
	}
}

// testClock is a clock a test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// issue 13 item 2: a client signed with a RamRoleArn profile's session keeps working past the
// session's end: it renews before expiry, for every caller, without anyone asking. The
// simulator's clock and the client's move together; nobody waits an hour.
func TestRoleProfileSessionIsRenewed(t *testing.T) {
	clk := &testClock{t: time.Now()}
	sim, _ := startSim(t, ramsim.Options{Seed: "demo", Clock: clk.Now})
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	mustOK(t, err)
	h := home(t, "config/roles.json.tmpl", "", map[string]string{"AK": id, "SECRET": secret, "ACCOUNT": sim.Account().ID()})
	first, err := resolve(t, CredentialOptions{HomeDir: h, Endpoint: sim.Endpoint})
	mustOK(t, err)
	if !first.Refreshable() {
		t.Fatalf("a role profile's session is not refreshable: %v", first)
	}
	var renewals atomic.Int32
	c := newClient(t, sim.Endpoint, first.WithRefresh(func(ctx context.Context) (Credentials, error) {
		renewals.Add(1)
		return first.refresh(ctx)
	}))
	c.now = clk.Now
	stale := first
	stale.refresh = nil // the same session without renewal: proves the simulator does expire it
	old := newClient(t, sim.Endpoint, stale)

	_, err = c.CallerIdentity(ctxT(t))
	mustOK(t, err)
	clk.Add(30*time.Minute + time.Minute) // expired_seconds is 1800
	if _, err := old.CallerIdentity(ctxT(t)); err == nil {
		t.Fatal("the simulator accepted an expired session: this test proves nothing")
	}
	var wg sync.WaitGroup
	for range 4 { // concurrent callers share one renewal
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.ListUsersPage(ctxT(t), ""); err != nil {
				t.Errorf("after expiry: %v", err)
			}
		}()
	}
	wg.Wait()
	now := c.Credentials()
	if now.AccessKeyID == first.AccessKeyID || !now.Expiration.After(clk.Now().Add(25*time.Minute)) || !now.Refreshable() ||
		!strings.Contains(now.Source, `profile "role"`) || now.Label != first.Label || !strings.HasPrefix(now.Label, "profile role · ") {
		t.Fatalf("after renewal: %v (was %v)", now, first)
	}
	if n := renewals.Load(); n != 1 {
		t.Fatalf("%d renewals for 4 concurrent calls", n)
	}
	// Within the margin, before expiry, it renews too.
	second := now
	clk.Add(30*time.Minute - RefreshMargin + time.Second)
	_, err = c.CallerIdentity(ctxT(t))
	mustOK(t, err)
	if c.Credentials().AccessKeyID == second.AccessKeyID {
		t.Fatal("not renewed within RefreshMargin of expiry")
	}
}
