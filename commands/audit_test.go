package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/audit"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
)

func runAuditForTest(t *testing.T, sim *ramsim.Running, o auditOpts) (string, error) {
	t.Helper()
	if o.format == "" {
		o.format = "text"
	}
	if o.minSeverity == "" {
		o.minSeverity = "low"
	}
	var out bytes.Buffer
	err := runAudit(context.Background(), &rootFlags{endpoint: sim.Endpoint}, o, &out)
	return out.String(), err
}

func runWhoCanForTest(t *testing.T, sim *ramsim.Running, o whoCanOpts) (string, error) {
	t.Helper()
	if o.format == "" {
		o.format = "text"
	}
	var out bytes.Buffer
	err := runWhoCan(context.Background(), &rootFlags{endpoint: sim.Endpoint}, o, &out)
	return out.String(), err
}

func TestAuditCommand(t *testing.T) {
	sim, _ := assumeEnv(t, "ops-admin")
	out, err := runAuditForTest(t, sim, auditOpts{})
	if exitCode(err) != exitRefused {
		t.Errorf("findings: exit %d, want 1", exitCode(err))
	}
	for _, want := range []string{
		"score ", "\nHIGH\n", "user li.na  console-no-mfa", "user ops-admin  admin-on-user",
		"of user legacy-app  key-unused-90-days", "UpdateAccessKey Status=Inactive",
		"policy legacy-unused  policy-unattached", "DeletePolicy PolicyName=legacy-unused", "on the user li.na screen",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}

	out, err = runAuditForTest(t, sim, auditOpts{format: "json", minSeverity: "high"})
	var r struct {
		AccountID string
		Score     int
		Findings  []struct{ Check, Severity, Kind, Name, User, Why string }
	}
	if exitCode(err) != exitRefused || json.Unmarshal([]byte(out), &r) != nil || r.AccountID != sim.Account().ID() {
		t.Fatalf("json: exit %d\n%s", exitCode(err), out)
	}
	for _, f := range r.Findings {
		if f.Severity != "high" && f.Severity != "critical" {
			t.Errorf("--min-severity high shows %+v", f)
		}
	}
	if r.Score <= 0 || r.Score >= 100 || len(r.Findings) < 3 {
		t.Errorf("json report: %+v", r)
	}

	// The one critical finding when a RAM user audits the demo account is the simulator's root
	// AccessKey (from the credential report); ignored with a reason, nothing critical is
	// left: exit 0.
	out, err = runAuditForTest(t, sim, auditOpts{minSeverity: "critical"})
	if exitCode(err) != exitRefused || !strings.Contains(out, "1 finding at or above critical") || !strings.Contains(out, "root-accesskey") {
		t.Errorf("critical: %v\n%s", err, out)
	}
	path := filepath.Join(t.TempDir(), audit.IgnoreFile)
	ig, _ := audit.NewIgnore(sim.Account().ID(), audit.Finding{Check: audit.CheckRootKey, Kind: "account", Name: sim.Account().ID()}, "the simulator's own key", time.Now())
	if err := audit.SaveIgnores(path, audit.Ignores{Ignores: []audit.Ignore{ig}}); err != nil {
		t.Fatal(err)
	}
	if out, err := runAuditForTest(t, sim, auditOpts{minSeverity: "critical", ignores: path}); err != nil || !strings.Contains(out, "0 findings at or above critical (of ") {
		t.Errorf("critical, root key ignored: %v\n%s", err, out)
	}

	out, _ = runAuditForTest(t, sim, auditOpts{format: "sarif"})
	var s struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID, Level string
				Message       struct{ Text string }
			}
		}
	}
	if json.Unmarshal([]byte(out), &s) != nil || s.Version != "2.1.0" || len(s.Runs) != 1 || len(s.Runs[0].Results) == 0 || len(s.Runs[0].Tool.Driver.Rules) == 0 {
		t.Fatalf("sarif:\n%s", out)
	}
	for _, res := range s.Runs[0].Results {
		if res.RuleID == "console-no-mfa" && res.Level != "error" {
			t.Errorf("sarif level: %+v", res)
		}
	}
}

func TestAuditAndWhoCanBadInput(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIunused")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "unused")
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo"}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	for _, o := range []auditOpts{{format: "xml"}, {minSeverity: "urgent"}} {
		if _, err := runAuditForTest(t, sim, o); exitCode(err) != exitUsage {
			t.Errorf("%+v: exit %d", o, exitCode(err))
		}
	}
	for _, o := range []whoCanOpts{
		{action: "PutObject", resource: "*"},
		{action: "oss:PutObject", resource: "oss-test/a.txt"},
		{action: "oss:PutObject", resource: "*", context: []string{"novalue"}},
		{action: "oss:PutObject", resource: "*", format: "sarif"},
	} {
		if _, err := runWhoCanForTest(t, sim, o); exitCode(err) != exitUsage {
			t.Errorf("%+v: exit %d", o, exitCode(err))
		}
	}
	// An unknown key cannot sign in: exit 3.
	if _, err := runAuditForTest(t, sim, auditOpts{}); exitCode(err) != exitSignIn {
		t.Errorf("unknown key: exit %d", exitCode(err))
	}
	if _, err := runWhoCanForTest(t, sim, whoCanOpts{action: "oss:PutObject", resource: "*"}); exitCode(err) != exitSignIn {
		t.Errorf("who-can, unknown key: exit %d", exitCode(err))
	}
}

func TestWhoCanCommand(t *testing.T) {
	sim, _ := assumeEnv(t, "ops-admin")
	obj := "acs:oss:*:*:oss-test/" + seedDir + "a.txt"
	out, err := runWhoCanForTest(t, sim, whoCanOpts{action: "oss:PutObject", resource: obj})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{
		"\nrole oss-test-sts\n  allowed by oss-test-dir111 (Custom v2)",
		"  assumed by user devops_test: sts:AssumeRole allowed by AliyunSTSAssumeRoleAccess",
		"\nuser ops-admin (groups: ops)\n  allowed by AdministratorAccess (System v1) Statement[0] via user ops-admin",
		"\nrole prod-admin\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\nuser devops_test") {
		t.Errorf("devops_test may not write there itself:\n%s", out)
	}

	out, err = runWhoCanForTest(t, sim, whoCanOpts{action: "oss:PutObject", resource: obj, format: "json"})
	var doc struct {
		Allowed []struct {
			Kind, Name string
			Deciding   []struct{ Policy, Text string }
			Assumers   []struct {
				User  string
				Allow struct {
					Decision string
					Deciding []struct{ Text string }
				}
			}
		}
	}
	if err != nil || json.Unmarshal([]byte(out), &doc) != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	found := false
	for _, a := range doc.Allowed {
		if a.Kind == "role" && a.Name == "oss-test-sts" {
			found = len(a.Assumers) == 1 && a.Assumers[0].User == "devops_test" && a.Assumers[0].Allow.Decision == "Allow" &&
				len(a.Assumers[0].Allow.Deciding) == 1 && strings.Contains(a.Assumers[0].Allow.Deciding[0].Text, "sts:AssumeRole") &&
				len(a.Deciding) == 1 && strings.Contains(a.Deciding[0].Text, "oss:PutObject")
		}
	}
	if !found {
		t.Errorf("json lacks oss-test-sts assumed by devops_test:\n%s", out)
	}

	// AdministratorAccess allows any action, even one no service has.
	if out, err := runWhoCanForTest(t, sim, whoCanOpts{action: "nosuch:Thing", resource: "*"}); err != nil || !strings.Contains(out, "\nuser ops-admin") {
		t.Errorf("nosuch:Thing: %v\n%s", err, out)
	}
}

// Strings from the service (here a policy's actions, quoted by a lint finding) reach the
// terminal only through safetext.
func TestAuditTextIsSafe(t *testing.T) {
	sim, _ := assumeEnv(t, "ops-admin")
	c, err := connect(context.Background(), &rootFlags{endpoint: sim.Endpoint})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:PutObject\u001b[2J","ecs:*"],"Resource":"*"}]}`
	if _, err := c.CreatePolicy(context.Background(), ramclient.NewPolicy{PolicyName: "hostile", Document: doc}); err != nil {
		t.Fatal(err)
	}
	out, _ := runAuditForTest(t, sim, auditOpts{})
	if !strings.Contains(out, "policy hostile") || strings.Contains(out, "\x1b") || !strings.Contains(out, `\x1b[2J`) {
		t.Errorf("hostile policy:\n%s", out)
	}
}

func TestAuditCommandHonoursIgnores(t *testing.T) {
	sim, _ := assumeEnv(t, "ops-admin")
	path := filepath.Join(t.TempDir(), audit.IgnoreFile)
	f := audit.Finding{Check: audit.CheckConsoleNoMFA, Kind: "user", Name: "li.na"}
	ig, err := audit.NewIgnore(sim.Account().ID(), f, "shared kiosk account, MFA on the kiosk", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.SaveIgnores(path, audit.Ignores{Ignores: []audit.Ignore{ig}}); err != nil {
		t.Fatal(err)
	}
	out, _ := runAuditForTest(t, sim, auditOpts{ignores: path})
	if strings.Contains(out, "user li.na  console-no-mfa") || !strings.Contains(out, "1 ignored with a reason (--show-ignored lists them)") {
		t.Errorf("ignored finding shown:\n%s", out)
	}
	out, _ = runAuditForTest(t, sim, auditOpts{ignores: path, showIgnored: true})
	if !strings.Contains(out, "\nIGNORED\n") || !strings.Contains(out, "shared kiosk account, MFA on the kiosk") || !strings.Contains(out, "user li.na  console-no-mfa") {
		t.Errorf("--show-ignored:\n%s", out)
	}
	if err := os.WriteFile(path, []byte("[damaged"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := runAuditForTest(t, sim, auditOpts{ignores: path}); exitCode(err) != exitUsage {
		t.Errorf("damaged ignore file: exit %d", exitCode(err))
	}
}
