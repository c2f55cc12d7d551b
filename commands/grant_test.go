package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/limits"
	"github.com/ramtui/ramtui/ossclient"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
)

const seedDir = "dir111/dir111_secondline1/"

func runGrantForTest(t *testing.T, sim *ramsim.Running, o grantOpts) (string, error) {
	t.Helper()
	return runGrantInRegion(t, sim, "", o)
}

func runGrantInRegion(t *testing.T, sim *ramsim.Running, region string, o grantOpts) (string, error) {
	t.Helper()
	if o.format == "" {
		o.format = "text"
	}
	if o.access == "" {
		o.access = "list,read,write"
	}
	var out, errOut bytes.Buffer
	err := runGrantOSS(context.Background(), &rootFlags{endpoint: sim.Endpoint, region: region}, o, &out, &errOut)
	return out.String(), err
}

func runSimulateForTest(t *testing.T, sim *ramsim.Running, o simulateOpts) (string, error) {
	t.Helper()
	if o.format == "" {
		o.format = "text"
	}
	var out bytes.Buffer
	err := runSimulate(context.Background(), &rootFlags{endpoint: sim.Endpoint}, o, &out)
	return out.String(), err
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// The seed's workflow end to end: the admin grants devops_test oss-test/dir111/dir111_secondline1/,
// devops_test assumes the role with `ramtui assume`, and `simulate` shows what the session may do.
func TestGrantOSSThenAssumeThenSimulate(t *testing.T) {
	sim, dirs := assumeEnv(t, "ops-admin")
	acct := sim.Account().ID()
	out, err := runGrantInRegion(t, sim, "cn-hangzhou", grantOpts{bucket: "oss-test", dir: seedDir, user: "devops_test", yes: true})
	if err != nil {
		t.Fatalf("grant: %v\n%s", err, out)
	}
	arn := "acs:ram::" + acct + ":role/oss-test-dir111-dir111-secondline1"
	if lastLine(out) != arn {
		t.Fatalf("last line %q, want the role ARN\n%s", lastLine(out), out)
	}
	for _, want := range []string{"✓  write inside", "✓  list the bucket root", "✓ AssumeRole as user devops_test", "oss-cn-hangzhou.aliyuncs.com"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}

	// devops_test assumes the role the grant made.
	id, secret, err := sim.Account().IssueAccessKey("devops_test")
	if err != nil {
		t.Fatal(err)
	}
	admin := [2]string{os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID"), os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")}
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", id)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
	creds, _, err := runAssumeForTest(t, sim, dirs, assumeOpts{}, arn)
	if err != nil {
		t.Fatalf("assume as devops_test: %v", err)
	}
	var got struct{ AccessKeyId, AccessKeySecret, SecurityToken string }
	if err := json.Unmarshal([]byte(creds), &got); err != nil {
		t.Fatal(err)
	}
	cred, aerr := sim.Account().Credential(got.AccessKeyId)
	if aerr != nil || cred.Identity.RoleName != "oss-test-dir111-dir111-secondline1" || cred.Identity.SessionName != "devops_test" {
		t.Fatalf("session %+v %v", cred.Identity, aerr)
	}

	// The session really writes inside the directory and is refused outside, by the simulator's
	// OSS, which authorizes with the same RAM policies.
	oc, err := ossclient.New(ossclient.Config{Endpoint: sim.Endpoint, Credentials: ossclient.Credentials{
		AccessKeyID: got.AccessKeyId, AccessKeySecret: got.AccessKeySecret, SecurityToken: got.SecurityToken}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := oc.Put(context.Background(), "oss-test", seedDir+"report.csv", []byte("a,b\n"), "text/csv"); err != nil {
		t.Errorf("put inside with the session: %v", err)
	}
	if _, err := oc.Put(context.Background(), "oss-test", "dir111/report.csv", []byte("a,b\n"), "text/csv"); !ossclient.IsAccessDenied(err) {
		t.Errorf("put outside with the session: %v, want AccessDenied", err)
	}

	// What that session may do, as the admin sees it.
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", admin[0])
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", admin[1])
	out, err = runSimulateForTest(t, sim, simulateOpts{role: "oss-test-dir111-dir111-secondline1", action: "oss:PutObject",
		resource: "acs:oss:*:*:oss-test/" + seedDir + "report.csv"})
	if err != nil || !strings.HasPrefix(out, "Allow\n") || !strings.Contains(out, "oss-test-dir111-dir111-secondline1-oss (Custom v1) Statement[1]") {
		t.Errorf("put inside: %v\n%s", err, out)
	}
	out, err = runSimulateForTest(t, sim, simulateOpts{role: "oss-test-dir111-dir111-secondline1", action: "oss:PutObject",
		resource: "acs:oss:*:*:oss-test/dir111/report.csv"})
	if exitCode(err) != exitRefused || !strings.HasPrefix(out, "ImplicitDeny\n") {
		t.Errorf("put outside: exit %d\n%s", exitCode(err), out)
	}
}

func TestGrantOSSDryRunJSONAndRerun(t *testing.T) {
	sim, _ := assumeEnv(t, "ops-admin")
	o := grantOpts{bucket: "oss-test", dir: "team-a", user: "wang.fang", format: "json"}
	out, err := runGrantForTest(t, sim, o)
	if exitCode(err) != exitRefused {
		t.Fatalf("dry run: exit %d %v", exitCode(err), err)
	}
	var doc struct {
		RoleArn       string
		Applied       bool
		PlannedProbes []struct{ OK bool }
		Steps         []struct{ Kind, Action string }
		Documents     map[string]string
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.Applied || len(doc.Steps) != 5 || len(doc.PlannedProbes) != 10 || !doc.PlannedProbes[4].OK || doc.Steps[3].Action != "create" || !strings.Contains(doc.Documents["caller"], doc.RoleArn) {
		t.Errorf("dry run document: %+v", doc)
	}
	c := adminClient(t, sim)
	if _, err := c.GetRole(context.Background(), "oss-test-team-a"); !errors.Is(err, ramclient.ErrNotFound) {
		t.Fatalf("the dry run created the role: %v", err)
	}

	o.yes = true
	out, err = runGrantForTest(t, sim, o)
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	var applied struct {
		Applied, OK bool
		Probes      []struct {
			Name, Decision string
			OK             bool
		}
	}
	if err := json.Unmarshal([]byte(out), &applied); err != nil || !applied.Applied || !applied.OK || len(applied.Probes) != 10 {
		t.Fatalf("apply document: %v %+v", err, applied)
	}
	// The same request again changes nothing and still verifies.
	o.format = "text"
	out, err = runGrantForTest(t, sim, o)
	if err != nil || strings.Contains(out, "] done") || !strings.Contains(out, "reuse policy oss-test-team-a-oss") {
		t.Errorf("re-run: %v\n%s", err, out)
	}
}

func TestGrantOSSBadInputIsExitTwoBeforeAnyCall(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIunused")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "unused")
	f := &rootFlags{endpoint: "127.0.0.1:1"} // nothing listens: a call would be exit 3
	for name, tc := range map[string]struct {
		o    grantOpts
		want string
	}{
		"bucket":  {grantOpts{bucket: "Bad", dir: "d", user: "u"}, "bucket"},
		"dir":     {grantOpts{bucket: "bkt", dir: "../d", user: "u"}, "--dir"},
		"no dir":  {grantOpts{bucket: "bkt", user: "u"}, "--dir"},
		"user":    {grantOpts{bucket: "bkt", dir: "d"}, "--user"},
		"access":  {grantOpts{bucket: "bkt", dir: "d", user: "u", access: "list,all"}, "--access"},
		"session": {grantOpts{bucket: "bkt", dir: "d", user: "u", maxSession: 13 * 3600e9}, "--max-session"},
		"format":  {grantOpts{bucket: "bkt", dir: "d", user: "u", format: "yaml"}, "--format"},
		"replace": {grantOpts{bucket: "bkt", dir: "d", user: "u", replace: true}, "--replace needs --yes"},
		"missing": {grantOpts{bucket: "bkt", dir: "d", user: "u", allowMissingBucket: true}, "--allow-missing-bucket needs --yes"},
	} {
		if tc.o.access == "" {
			tc.o.access = "list,read,write"
		}
		if tc.o.format == "" {
			tc.o.format = "text"
		}
		err := runGrantOSS(context.Background(), f, tc.o, &bytes.Buffer{}, &bytes.Buffer{})
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: exit %d, %v; want exit 2 mentioning %q", name, exitCode(err), err, tc.want)
		}
	}
}

func TestGrantOSSUnknownUserAndSignIn(t *testing.T) {
	sim, _ := assumeEnv(t, "ops-admin")
	_, err := runGrantForTest(t, sim, grantOpts{bucket: "bkt", dir: "d", user: "nobody"})
	if exitCode(err) != exitRefused || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("unknown user: exit %d %v", exitCode(err), err)
	}
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "wrong")
	_, err = runGrantForTest(t, sim, grantOpts{bucket: "bkt", dir: "d", user: "devops_test"})
	if exitCode(err) != exitSignIn {
		t.Errorf("bad secret: exit %d %v", exitCode(err), err)
	}
}

func TestGrantRevokeCommand(t *testing.T) {
	sim, _ := assumeEnv(t, "ops-admin")
	if out, err := runGrantForTest(t, sim, grantOpts{bucket: "oss-test", dir: "team-r/", user: "liu.yang", yes: true}); err != nil {
		t.Fatalf("grant: %v\n%s", err, out)
	}
	f := &rootFlags{endpoint: sim.Endpoint}
	var out bytes.Buffer
	err := runGrantRevoke(context.Background(), f, "oss-test-team-r", false, &out)
	if exitCode(err) != exitRefused || !strings.Contains(out.String(), "4. detach policy AssumeRole-oss-test-team-r from User liu.yang") {
		t.Fatalf("revoke plan: exit %d\n%s", exitCode(err), out.String())
	}
	out.Reset()
	if err := runGrantRevoke(context.Background(), f, "oss-test-team-r", true, &out); err != nil {
		t.Fatalf("revoke: %v\n%s", err, out.String())
	}
	if _, err := adminClient(t, sim).GetRole(context.Background(), "oss-test-team-r"); !errors.Is(err, ramclient.ErrNotFound) {
		t.Errorf("role still there: %v", err)
	}
	if err := runGrantRevoke(context.Background(), f, "oss-test-sts", true, &out); exitCode(err) != exitRefused {
		t.Errorf("revoke of a role no grant made: exit %d %v", exitCode(err), err)
	}
	if err := runGrantRevoke(context.Background(), f, "bad name", true, &out); exitCode(err) != exitUsage {
		t.Errorf("bad role name: exit %d %v", exitCode(err), err)
	}
}

func TestSimulateCommand(t *testing.T) {
	sim, _ := assumeEnv(t, "ops-admin")
	acct := sim.Account().ID()
	office := simulateOpts{group: "oncall", action: "ecs:RebootInstance", resource: "*", context: []string{"acs:SourceIp=10.1.2.3"}}
	if out, err := runSimulateForTest(t, sim, office); err != nil || !strings.Contains(out, "ecs-restart-from-office") || !strings.Contains(out, " acs:SourceIp=10.1.2.3") {
		t.Errorf("from the office: %v\n%s", err, out)
	}
	office.context = []string{"acs:SourceIp=198.51.100.7"}
	if _, err := runSimulateForTest(t, sim, office); exitCode(err) != exitRefused {
		t.Errorf("from elsewhere: exit %d", exitCode(err))
	}
	out, err := runSimulateForTest(t, sim, simulateOpts{user: "zhou.jie", action: "actiontrail:DeleteTrail", resource: "*", format: "json"})
	var doc struct {
		Principal, Decision string
		Groups              []string
		Deciding            []struct {
			Policy, Version, Text string
			Statement             int
			Via                   []string
		}
		AlsoMatched []struct{ Policy string }
	}
	if exitCode(err) != exitRefused || json.Unmarshal([]byte(out), &doc) != nil {
		t.Fatalf("explicit deny: exit %d\n%s", exitCode(err), out)
	}
	if doc.Principal != "acs:ram::"+acct+":user/zhou.jie" || doc.Decision != "ExplicitDeny" || len(doc.Deciding) != 1 ||
		doc.Deciding[0].Policy != "deny-actiontrail-delete" || doc.Deciding[0].Via[0] != "group auditors" ||
		!strings.Contains(doc.Deciding[0].Text, `"Effect":"Deny"`) || len(doc.AlsoMatched) != 1 {
		t.Errorf("json: %+v", doc)
	}
	// A role with a session policy: the session policy narrows the role.
	sp := filepath.Join(t.TempDir(), "read.json")
	os.WriteFile(sp, []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`), 0o600)
	obj := "acs:oss:*:*:oss-test/" + seedDir + "a.txt"
	if _, err := runSimulateForTest(t, sim, simulateOpts{role: "oss-test-sts", sessionPolicy: sp, action: "oss:GetObject", resource: obj}); err != nil {
		t.Errorf("session get: %v", err)
	}
	if out, err := runSimulateForTest(t, sim, simulateOpts{role: "oss-test-sts", sessionPolicy: sp, action: "oss:PutObject", resource: obj}); exitCode(err) != exitRefused || !strings.Contains(out, "session policy does not") {
		t.Errorf("session put: exit %d\n%s", exitCode(err), out)
	}
	// acs:CurrentTime is the present unless given: a condition on it can match.
	dated := filepath.Join(t.TempDir(), "dated.json")
	os.WriteFile(dated, []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*",
		"Condition":{"DateGreaterThan":{"acs:CurrentTime":"2020-01-01T00:00:00Z"}}}]}`), 0o600)
	if out, err := runSimulateForTest(t, sim, simulateOpts{role: "oss-test-sts", sessionPolicy: dated, action: "oss:GetObject", resource: obj}); err != nil {
		t.Errorf("dated session policy, now: %v\n%s", err, out)
	}
	past := simulateOpts{role: "oss-test-sts", sessionPolicy: dated, action: "oss:GetObject", resource: obj, context: []string{"acs:CurrentTime=2019-06-01T00:00:00Z"}}
	if _, err := runSimulateForTest(t, sim, past); exitCode(err) != exitRefused {
		t.Errorf("dated session policy, 2019: exit %d", exitCode(err))
	}
	if _, err := runSimulateForTest(t, sim, simulateOpts{user: "nobody", action: "oss:GetObject", resource: "*"}); exitCode(err) != exitRefused || !errors.Is(err, ramclient.ErrNotFound) {
		t.Errorf("unknown user: exit %d %v", exitCode(err), err)
	}
}

func TestSimulateBadInputIsExitTwo(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIunused")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "unused")
	big := filepath.Join(t.TempDir(), "big.json")
	os.WriteFile(big, bytes.Repeat([]byte(" "), limits.PolicyFile+1), 0o600)
	f := &rootFlags{endpoint: "127.0.0.1:1"}
	for name, tc := range map[string]struct {
		o    simulateOpts
		want string
	}{
		"no principal":  {simulateOpts{action: "a:b", resource: "*"}, "exactly one principal"},
		"two":           {simulateOpts{user: "u", group: "g", action: "a:b", resource: "*"}, "exactly one principal"},
		"action":        {simulateOpts{user: "u", action: "GetObject", resource: "*"}, "--action"},
		"resource":      {simulateOpts{user: "u", action: "a:b", resource: "bucket/key"}, "--resource"},
		"context":       {simulateOpts{user: "u", action: "a:b", resource: "*", context: []string{"acs:SourceIp=nope"}}, "--context"},
		"session alone": {simulateOpts{user: "u", sessionPolicy: big, action: "a:b", resource: "*"}, "goes with --role"},
		"huge file":     {simulateOpts{role: "r", sessionPolicy: big, action: "a:b", resource: "*"}, "file too large"},
		"format":        {simulateOpts{user: "u", action: "a:b", resource: "*", format: "yaml"}, "--format"},
	} {
		if tc.o.format == "" {
			tc.o.format = "text"
		}
		err := runSimulate(context.Background(), f, tc.o, &bytes.Buffer{})
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: exit %d, %v; want exit 2 mentioning %q", name, exitCode(err), err, tc.want)
		}
	}
}

// A step that fails part-way: the command rolls back what it created and exits 1.
func TestGrantOSSRollsBackAFailedStep(t *testing.T) {
	sim, _ := assumeEnv(t, "ops-admin")
	c := adminClient(t, sim)
	ctx := context.Background()
	fillCustomPolicies(t, c, "liu.yang")
	createBucket(t, sim, "acme-dev")
	out, err := runGrantForTest(t, sim, grantOpts{bucket: "acme-dev", dir: "web/", user: "liu.yang", yes: true})
	if exitCode(err) != exitRefused || !errors.Is(err, ramclient.ErrLimitExceeded) {
		t.Fatalf("exit %d %v\n%s", exitCode(err), err, out)
	}
	for _, want := range []string{"[5/5] failed", "rolling back", "[4/4] undone      delete policy acme-dev-web-oss"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.HasSuffix(strings.TrimSpace(out), "role/acme-dev-web") {
		t.Error("a failed grant printed the role ARN as if it were done")
	}
	if _, err := c.GetRole(ctx, "acme-dev-web"); !errors.Is(err, ramclient.ErrNotFound) {
		t.Errorf("the role survived the rollback: %v", err)
	}
}

// fillCustomPolicies attaches to user as many custom policies as RAM allows a user (10), so
// the grant's caller-side attachment fails: the way to make a step fail part-way.
func fillCustomPolicies(t *testing.T, c *ramclient.Client, user string) {
	t.Helper()
	ctx := context.Background()
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:DescribeInstances","Resource":"*"}]}`
	for i := 0; i < 10; i++ {
		name := "filler-" + string(rune('a'+i))
		if _, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: name, Document: doc}); err != nil {
			t.Fatal(err)
		}
		if err := c.AttachPolicy(ctx, ramclient.UserPrincipal(user), name, ramclient.PolicyCustom); err != nil {
			t.Fatal(err)
		}
	}
}
