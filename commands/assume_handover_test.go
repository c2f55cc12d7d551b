package commands

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials/providers"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/userdata"
)

func runAssumeCmd(t *testing.T, endpoint string, dirs userdata.Dirs, o assumeOpts, role string, command ...string) (string, string, error) {
	t.Helper()
	if o.format == "" {
		o.format = "env"
	}
	var out, errOut strings.Builder
	err := runAssume(context.Background(), &rootFlags{endpoint: endpoint}, o, role, command, &out, &errOut, dirs)
	return out.String(), errOut.String(), err
}

// `assume -- CMD`: the command sees the role's credentials and nothing else a tool could read
// first (Terraform's ALICLOUD_ACCESS_KEY ...), RAMTUI_ASSUMED_ROLE names the role, and a second
// one inside is refused unless --force.
func TestAssumeRunsACommandWithOnlyTheRolesCredentials(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	for _, v := range []string{"ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALICLOUD_ECS_ROLE_NAME",
		"ALIBABACLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"} {
		t.Setenv(v, "stale-"+v)
	}
	dump := filepath.Join(t.TempDir(), "env")
	_, _, err := runAssumeCmd(t, sim.Endpoint, dirs, assumeOpts{format: "env"}, "ops-readonly", "sh", "-c", "env > "+dump)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(dump)
	env := string(data)
	for _, l := range strings.Split(env, "\n") {
		if strings.HasPrefix(l, "ALICLOUD_") || strings.HasPrefix(l, "ALIBABACLOUD_") || strings.Contains(l, "stale-") {
			t.Errorf("the command saw %q", l)
		}
	}
	want := "RAMTUI_ASSUMED_ROLE=acs:ram::" + sim.Account().ID() + ":role/ops-readonly/ops-admin"
	if !strings.Contains(env, "\n"+want+"\n") || !strings.Contains(env, "ALIBABA_CLOUD_SECURITY_TOKEN=") {
		t.Errorf("env lacks %s or the token:\n%s", want, env)
	}

	t.Setenv(assume.EnvAssumedRole, "acs:ram::1:role/outer/x")
	_, _, err = runAssumeCmd(t, sim.Endpoint, dirs, assumeOpts{format: "env"}, "ops-readonly", "true")
	if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("nested: exit %d %v", exitCode(err), err)
	}
	if _, _, err = runAssumeCmd(t, sim.Endpoint, dirs, assumeOpts{format: "env", force: true}, "ops-readonly", "true"); err != nil {
		t.Fatalf("--force: %v", err)
	}
}

// --cache hands out the same session again, from a 0600 file, until it nears its end.
func TestAssumeCacheSkipsAssumeRole(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	first, _, err := runAssumeCmd(t, sim.Endpoint, dirs, assumeOpts{format: "external", cache: true}, "ops-readonly")
	mustNil(t, err)
	second, _, err := runAssumeCmd(t, sim.Endpoint, dirs, assumeOpts{format: "external", cache: true}, "ops-readonly")
	mustNil(t, err)
	if first != second {
		t.Fatalf("the cached session was not reused:\n%s\n%s", first, second)
	}
	other, _, err := runAssumeCmd(t, sim.Endpoint, dirs, assumeOpts{format: "external", cache: true, sessionName: "other"}, "ops-readonly")
	mustNil(t, err)
	if other == first {
		t.Fatal("another session name got the cached session")
	}
	files, _ := filepath.Glob(filepath.Join(dirs.Cache, "sessions", "*.json"))
	if len(files) != 2 {
		t.Fatalf("cache files %v", files)
	}
	for _, f := range files {
		if st, _ := os.Stat(f); st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", f, st.Mode().Perm())
		}
	}
	if st, _ := os.Stat(filepath.Dir(files[0])); st.Mode().Perm() != 0o700 {
		t.Errorf("cache dir mode %v", st.Mode().Perm())
	}
	uncached, _, err := runAssumeCmd(t, sim.Endpoint, dirs, assumeOpts{format: "external"}, "ops-readonly")
	mustNil(t, err)
	if uncached == first {
		t.Fatal("without --cache the cached session was used")
	}
}

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// credentials-go's External provider (what SDK users configure) runs `ramtui assume --format
// external` once for three API calls: the "expiration" field lets it keep the session.
func TestExternalFormatThroughCredentialsGo(t *testing.T) {
	bin := ramtuiBinary(t) // before assumeEnv moves HOME, and with it Go's caches
	sim, _ := assumeEnv(t, "ops-admin")
	dir := t.TempDir()
	count := filepath.Join(dir, "runs")
	script := filepath.Join(dir, "ramtui-external")
	mustNil(t, os.WriteFile(script, []byte(fmt.Sprintf("#!/bin/sh\necho run >> '%s'\nexec '%s' assume ops-readonly --format external --endpoint %s\n",
		count, bin, sim.Endpoint)), 0o700))
	prov, err := providers.NewExternalCredentialsProviderBuilder().WithProcessCommand(script).Build()
	mustNil(t, err)
	for i := range 3 {
		cc, err := prov.GetCredentials()
		mustNil(t, err)
		c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{
			AccessKeyID: cc.AccessKeyId, AccessKeySecret: cc.AccessKeySecret, SecurityToken: cc.SecurityToken}})
		mustNil(t, err)
		who, err := c.CallerIdentity(context.Background())
		if err != nil || !strings.Contains(who.Arn, "role/ops-readonly") {
			t.Fatalf("call %d: %v %v", i, who, err)
		}
	}
	runs, _ := os.ReadFile(count)
	if n := strings.Count(string(runs), "run"); n != 1 {
		t.Fatalf("ramtui ran %d times for three calls", n)
	}
}

// --save-profile writes through a symbolic link, refuses to replace a profile unless --replace
// repeats its name, and the aliyun CLI config it leaves resolves to the session.
func TestAssumeSaveProfileOverSymlink(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	home := os.Getenv("HOME")
	real := filepath.Join(home, "dotfiles", "aliyun.json")
	mustNil(t, os.MkdirAll(filepath.Dir(real), 0o700))
	mustNil(t, os.WriteFile(real, []byte(`{"current":"keep","profiles":[{"name":"keep","mode":"AK","access_key_id":"LTAIkeep","access_key_secret":"s"}]}`), 0o644))
	link := ramclient.CLIConfigPath(home)
	mustNil(t, os.MkdirAll(filepath.Dir(link), 0o700))
	mustNil(t, os.Symlink(real, link))

	_, stderr, err := runAssumeCmd(t, sim.Endpoint, dirs, assumeOpts{saveProfile: "ro"}, "ops-readonly")
	mustNil(t, err)
	if !strings.Contains(stderr, `saved profile "ro"`) || !strings.Contains(stderr, "now 0600") {
		t.Errorf("stderr %q", stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the symbolic link was replaced by a file")
	}
	c, err := ramclient.ResolveCredentials(context.Background(), ramclient.CredentialOptions{HomeDir: home, Profile: "ro",
		Getenv: func(string) string { return "" }})
	mustNil(t, err)
	if who, err := mustClient(t, sim.Endpoint, c).CallerIdentity(context.Background()); err != nil || !strings.Contains(who.Arn, "role/ops-readonly") {
		t.Fatalf("saved profile signs in as %v %v", who, err)
	}
	for _, name := range []string{"ro", "keep"} {
		_, _, err = runAssumeCmd(t, sim.Endpoint, dirs, assumeOpts{saveProfile: name}, "ops-readonly")
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "--replace "+name) {
			t.Fatalf("replacing %s unasked: %v", name, err)
		}
	}
	_, _, err = runAssumeCmd(t, sim.Endpoint, dirs, assumeOpts{saveProfile: "ro", replace: "ro"}, "ops-readonly")
	mustNil(t, err)
	if data, _ := os.ReadFile(real); !strings.Contains(string(data), "LTAIkeep") {
		t.Fatal("the other profile was lost")
	}
}

func mustClient(t *testing.T, endpoint string, c ramclient.Credentials) *ramclient.Client {
	t.Helper()
	cl, err := ramclient.New(ramclient.Options{Endpoint: endpoint, Credentials: c})
	mustNil(t, err)
	t.Cleanup(cl.Close)
	return cl
}

// --serve: a loopback credentials URI that ramtui itself (and the aliyun CLI's CredentialsURI
// mode) signs in with.
func TestAssumeServe(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runAssume(ctx, &rootFlags{endpoint: sim.Endpoint}, assumeOpts{format: "env", serve: true, listen: "127.0.0.1:0"},
			"ops-readonly", nil, pw, io.Discard, dirs)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	mustNil(t, err)
	go io.Copy(io.Discard, pr)
	uri := strings.TrimSpace(strings.TrimPrefix(line, "ALIBABA_CLOUD_CREDENTIALS_URI="))
	if !strings.HasPrefix(uri, "http://127.0.0.1:") || len(uri) < 40 {
		t.Fatalf("printed %q", line)
	}
	c, err := ramclient.ResolveCredentials(ctx, ramclient.CredentialOptions{HomeDir: t.TempDir(),
		Getenv: func(k string) string { return map[string]string{"ALIBABA_CLOUD_CREDENTIALS_URI": uri}[k] }})
	mustNil(t, err)
	if who, err := mustClient(t, sim.Endpoint, c).CallerIdentity(ctx); err != nil || !strings.Contains(who.Arn, "role/ops-readonly") {
		t.Fatalf("served session signs in as %v %v", who, err)
	}
	if resp, err := exec.Command("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", strings.TrimSuffix(uri, uri[len(uri)-4:])).Output(); err == nil && string(resp) != "404" {
		t.Errorf("a wrong path got %s", resp)
	}
	cancel()
	select {
	case err := <-done:
		mustNil(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("--serve did not stop")
	}
	_, _, err = runAssumeCmd(t, sim.Endpoint, dirs, assumeOpts{serve: true, listen: "0.0.0.0:0"}, "ops-readonly")
	if exitCode(err) != exitUsage {
		t.Fatalf("non-loopback --listen: %v", err)
	}
}

func TestAssumeUnset(t *testing.T) {
	var out strings.Builder
	mustNil(t, printUnset(assumeOpts{format: "fish"}, &out))
	if !strings.Contains(out.String(), " set -e ALIBABA_CLOUD_SECURITY_TOKEN\n") {
		t.Fatalf("fish unset: %q", out.String())
	}
	if err := printUnset(assumeOpts{format: "json"}, &out); exitCode(err) != exitUsage {
		t.Fatalf("json unset: %v", err)
	}
}

// --serve renews the session it serves when it is within cacheMargin of its end.
func TestServeRenewsBeforeTheEnd(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	c, err := connect(context.Background(), &rootFlags{endpoint: sim.Endpoint})
	mustNil(t, err)
	req, err := parseAssume(assumeOpts{format: "json"}, "ops-readonly")
	mustNil(t, err)
	first, err := assumeOnce(context.Background(), c, &req, dirs, io.Discard)
	mustNil(t, err)
	ending := first
	ending.Expiration = time.Now().Add(cacheMargin - time.Second) // as good as spent
	var renewals atomic.Int32
	renew := func(ctx context.Context) (assume.Credentials, error) {
		renewals.Add(1)
		return assumeOnce(ctx, c, &req, dirs, io.Discard)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	go serveCredentials(ctx, "127.0.0.1:0", ending, renew, pw, io.Discard)
	line, err := bufio.NewReader(pr).ReadString('\n')
	mustNil(t, err)
	uri := strings.TrimSpace(strings.TrimPrefix(line, "ALIBABA_CLOUD_CREDENTIALS_URI="))
	var got [2]string
	for i := range got {
		creds, err := ramclient.ResolveCredentials(ctx, ramclient.CredentialOptions{HomeDir: t.TempDir(),
			Getenv: func(k string) string { return map[string]string{"ALIBABA_CLOUD_CREDENTIALS_URI": uri}[k] }})
		mustNil(t, err)
		got[i] = creds.AccessKeyID
	}
	if got[0] == first.AccessKeyID || got[0] != got[1] || renewals.Load() != 1 {
		t.Fatalf("served %v (first %s), %d renewals: want one renewal, then the renewed session", got, first.AccessKeyID, renewals.Load())
	}
}
