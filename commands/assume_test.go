package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/userdata"
)

// assumeEnv starts the demo simulator and signs in as a RAM user through the environment, with
// HOME and the XDG dirs pointed at empty directories so no real profile or cache is touched.
func assumeEnv(t *testing.T, user string) (*ramsim.Running, userdata.Dirs) {
	t.Helper()
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo"}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	id, secret, err := sim.Account().IssueAccessKey(user)
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", id)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
	return sim, userdata.Dirs{Config: filepath.Join(home, "config"), Cache: filepath.Join(home, "cache")}
}

func runAssumeForTest(t *testing.T, sim *ramsim.Running, dirs userdata.Dirs, o assumeOpts, role string) (stdout, stderr string, err error) {
	t.Helper()
	if o.format == "" {
		o.format = "json"
	}
	var out, errOut bytes.Buffer
	err = runAssume(context.Background(), &rootFlags{endpoint: sim.Endpoint}, o, role, nil, &out, &errOut, dirs)
	return out.String(), errOut.String(), err
}

func exitCode(err error) int { return report(&bytes.Buffer{}, err) }

func TestAssumePrintsWorkingCredentials(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	out, _, err := runAssumeForTest(t, sim, dirs, assumeOpts{}, "ops-readonly")
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ AccessKeyId, AccessKeySecret, SecurityToken, Expiration string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("json output: %v", err)
	}
	cred, aerr := sim.Account().Credential(got.AccessKeyId)
	if aerr != nil || cred.SecurityToken != got.SecurityToken || cred.Secret != got.AccessKeySecret {
		t.Fatal("the printed credentials are not the session the simulator issued")
	}
	if cred.Identity.RoleName != "ops-readonly" || cred.Identity.SessionName != "ops-admin" {
		t.Errorf("session %s/%s, want ops-readonly/ops-admin (session name defaults to the caller)", cred.Identity.RoleName, cred.Identity.SessionName)
	}
	exp, err := time.Parse(time.RFC3339, got.Expiration)
	if err != nil || time.Until(exp) < 55*time.Minute || time.Until(exp) > 61*time.Minute {
		t.Errorf("Expiration %q, want about an hour from now", got.Expiration)
	}
}

func TestAssumeClampsDurationToTheRoleMaximum(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	role, err := adminClient(t, sim).GetRole(context.Background(), "ops-readonly")
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runAssumeForTest(t, sim, dirs, assumeOpts{duration: 100 * time.Hour}, "ops-readonly")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "using its maximum") {
		t.Errorf("no warning about clamping: %q", stderr)
	}
	var got struct{ Expiration string }
	_ = json.Unmarshal([]byte(out), &got)
	exp, _ := time.Parse(time.RFC3339, got.Expiration)
	if d := time.Until(exp); d > role.MaxSessionDuration || d < role.MaxSessionDuration-2*time.Minute {
		t.Errorf("session lasts %v, want the role's maximum %v", d, role.MaxSessionDuration)
	}
}

func adminClient(t *testing.T, sim *ramsim.Running) *ramclient.Client {
	t.Helper()
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{
		AccessKeyID: os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID"), AccessKeySecret: os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestAssumeRefusedExplainsWhy(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	_, _, err := runAssumeForTest(t, sim, dirs, assumeOpts{}, "security-audit")
	if exitCode(err) != exitRefused {
		t.Fatalf("exit %d (%v), want %d", exitCode(err), err, exitRefused)
	}
	msg := err.Error()
	for _, want := range []string{"NoPermission", "trust policy does not trust the caller", "add acs:ram::" + sim.Account().ID() + ":user/ops-admin to the trust policy"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	_, _, err = runAssumeForTest(t, sim, dirs, assumeOpts{}, "finance-export")
	if err == nil || !strings.Contains(err.Error(), "requires an ExternalId") {
		t.Errorf("finance-export without ExternalId: %v", err)
	}
	if _, _, err = runAssumeForTest(t, sim, dirs, assumeOpts{externalID: "fin-export-2024"}, "finance-export"); err != nil {
		t.Errorf("finance-export with its ExternalId: %v", err)
	}
	_, _, err = runAssumeForTest(t, sim, dirs, assumeOpts{}, "no-such-role")
	if exitCode(err) != exitRefused || !errors.Is(err, ramclient.ErrNotFound) {
		t.Errorf("missing role: %v", err)
	}
}

func TestAssumeBadInputFailsBeforeAnyCall(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIunused")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "unused")
	badPolicy := filepath.Join(t.TempDir(), "p.json")
	os.WriteFile(badPolicy, []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*"}]}`), 0o600)
	// Nothing listens on port 1: reaching the network would be exit 3, not 2.
	f := &rootFlags{endpoint: "127.0.0.1:1"}
	for name, tc := range map[string]struct {
		o    assumeOpts
		role string
		want string
	}{
		"format":       {assumeOpts{format: "yaml"}, "r", "unknown format"},
		"arn":          {assumeOpts{format: "env"}, "acs:ram::abc:role/r", "not a role ARN"},
		"name":         {assumeOpts{format: "env"}, "a b", "neither a role name"},
		"session name": {assumeOpts{format: "env", sessionName: "张伟"}, "r", "--session-name"},
		"duration":     {assumeOpts{format: "env", duration: time.Minute}, "r", "at least 15m"},
		"policy file":  {assumeOpts{format: "env", policyFile: badPolicy}, "r", "Resource"},
		"missing file": {assumeOpts{format: "env", policyFile: "/nonexistent.json"}, "r", "--policy"},
		"external id":  {assumeOpts{format: "env", externalID: "x"}, "r", "--external-id"},
	} {
		err := runAssume(context.Background(), f, tc.o, tc.role, nil, &bytes.Buffer{}, &bytes.Buffer{}, userdata.Dirs{})
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: exit %d, %v; want exit %d mentioning %q", name, exitCode(err), err, exitUsage, tc.want)
		}
	}
}

func TestAssumeRemembersTheCallerSoLaterRunsCostOneCall(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	c := adminClient(t, sim)
	calls := func() []string {
		var actions []string
		for _, e := range c.Log().Entries() {
			actions = append(actions, e.Action)
		}
		return actions
	}
	for run := 1; run <= 2; run++ {
		before := len(calls())
		req, err := parseAssume(assumeOpts{format: "env"}, "ops-readonly")
		if err != nil {
			t.Fatal(err)
		}
		if err := completeAssume(context.Background(), c, &req, dirs, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		made := calls()[before:]
		if run == 1 && (len(made) != 1 || made[0] != "GetCallerIdentity") {
			t.Errorf("first run made %v, want one GetCallerIdentity", made)
		}
		if run == 2 && len(made) != 0 {
			t.Errorf("second run made %v, want none (identity remembered)", made)
		}
		if req.arn.String() != "acs:ram::"+sim.Account().ID()+":role/ops-readonly" || req.sessionName != "ops-admin" {
			t.Errorf("run %d: arn %s session %s", run, req.arn, req.sessionName)
		}
	}
}

// The real binary: `ramtui assume ROLE -- CMD` runs CMD with the session in its environment and
// exits with CMD's status.
func TestAssumeRunsACommandWithTheCredentials(t *testing.T) {
	bin := ramtuiBinary(t)
	sim, _ := assumeEnv(t, "ops-admin")
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("ALICLOUD_ACCESS_KEY_ID", "LTAIstale") // another credential source that must not leak through

	cmd := exec.Command(bin, "assume", "ops-readonly", "--endpoint", sim.Endpoint, "--",
		"sh", "-c", `echo "$ALIBABA_CLOUD_ACCESS_KEY_ID $ALIBABA_CLOUD_SECURITY_TOKEN $ALIBABA_CLOUD_IGNORE_PROFILE ${ALICLOUD_ACCESS_KEY_ID:-unset}"`)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	fields := strings.Fields(string(out))
	if len(fields) != 4 {
		t.Fatalf("child printed %q", out)
	}
	cred, aerr := sim.Account().Credential(fields[0])
	if aerr != nil || cred.SecurityToken != fields[1] {
		t.Fatal("the child's ALIBABA_CLOUD_SECURITY_TOKEN is not the token the simulator issued for its key")
	}
	if fields[2] != "TRUE" || fields[3] != "unset" {
		t.Errorf("IGNORE_PROFILE=%s ALICLOUD_ACCESS_KEY_ID=%s, want TRUE and unset", fields[2], fields[3])
	}

	for _, tc := range []struct {
		child []string
		want  int
	}{
		{[]string{"sh", "-c", "exit 7"}, 7},
		{[]string{"no-such-command-x"}, exitNotFound},
	} {
		argv := append([]string{"assume", "ops-readonly", "--endpoint", sim.Endpoint, "--"}, tc.child...)
		err := exec.Command(bin, argv...).Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != tc.want {
			t.Errorf("ramtui assume -- %v: %v, want exit %d", tc.child, err, tc.want)
		}
	}
}

func TestAssumeExportLinesPassBashSyntaxCheck(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	out, _, err := runAssumeForTest(t, sim, dirs, assumeOpts{format: "env"}, "ops-readonly")
	if err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("bash", "-n", "-c", out).Run(); err != nil {
		t.Fatalf("bash -n: %v\n", err)
	}
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if !strings.HasPrefix(l, " ") {
			t.Errorf("line without a leading space (it would land in shell history): %q", l)
		}
	}
}

func TestAssumeSignInFailuresAreExitThree(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	for _, k := range []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_PROFILE"} {
		t.Setenv(k, "")
	}
	err := runAssume(context.Background(), &rootFlags{}, assumeOpts{format: "env"}, "r", nil, &bytes.Buffer{}, &bytes.Buffer{}, userdata.Dirs{})
	if exitCode(err) != exitSignIn || !strings.Contains(err.Error(), "tried") {
		t.Errorf("no credentials: exit %d, %v; want %d with what was tried", exitCode(err), err, exitSignIn)
	}
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIx")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s")
	err = runAssume(context.Background(), &rootFlags{endpoint: "ftp://x"}, assumeOpts{format: "env"}, "r", nil, &bytes.Buffer{}, &bytes.Buffer{}, userdata.Dirs{})
	if exitCode(err) != exitUsage {
		t.Errorf("bad endpoint: exit %d, %v; want %d", exitCode(err), err, exitUsage)
	}
}

// DEBUG=sdk makes the SDK print every request, the security token included, on stdout. ramtui
// must never let it: the output stays exactly what was asked for.
func TestSDKDebugOutputIsSuppressed(t *testing.T) {
	bin := ramtuiBinary(t)
	sim, _ := assumeEnv(t, "ops-admin")
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	cmd := exec.Command(bin, "assume", "ops-readonly", "--endpoint", sim.Endpoint, "--format", "json")
	cmd.Env = append(os.Environ(), "DEBUG=sdk,other")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var creds map[string]string
	if err := json.Unmarshal(out, &creds); err != nil {
		t.Fatalf("stdout is not just the JSON asked for (SDK debug output leaked?): %v\n%.300s", err, out)
	}
}
