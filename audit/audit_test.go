package audit

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
)

// startDemo runs a demo simulator and returns a client signed in as ops-admin.
func startDemo(t *testing.T) (*ramsim.Running, *ramclient.Client) {
	t.Helper()
	sim, err := ramsim.Start(ramsim.Options{}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return sim, c
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func load(t *testing.T, c *ramclient.Client) *Snapshot {
	t.Helper()
	s, err := Load(ctxT(t), c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// find returns the findings of a check on an entity ("user legacy-app", "accesskey ID of user U").
func find(r Report, check, entityPrefix string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Check == check && strings.HasPrefix(f.Entity(), entityPrefix) {
			out = append(out, f)
		}
	}
	return out
}

func TestAuditDemoFindings(t *testing.T) {
	_, c := startDemo(t)
	r := Check(load(t, c), time.Now())

	stale := find(r, CheckKeyUnused, "accesskey ")
	if len(stale) != 1 || stale[0].User != "legacy-app" || stale[0].Severity != High ||
		!strings.Contains(stale[0].Why, "last used 2") || len(stale[0].Fix.Steps) != 1 {
		t.Errorf("stale keys: %+v", stale)
	}
	noMFA := map[string]bool{}
	for _, f := range find(r, CheckConsoleNoMFA, "user ") {
		noMFA[f.Name] = true
	}
	for _, u := range []string{"li.na", "david.kim", "wang.fang", "sun.yue", "wu.hao"} {
		if !noMFA[u] {
			t.Errorf("%s has console access and no MFA: not found in %v", u, noMFA)
		}
	}
	for _, u := range []string{"ops-admin", "zhou.jie", "legacy-app"} {
		if noMFA[u] {
			t.Errorf("%s: reported without MFA", u)
		}
	}
	if f := find(r, CheckPolicyUnattached, "policy legacy-unused"); len(f) != 1 || f[0].Fix.Steps[len(f[0].Fix.Steps)-1].Action != "DeletePolicy" {
		t.Errorf("legacy-unused: %+v", f)
	}
	if f := find(r, CheckAdminOnUser, "user "); len(f) != 1 || f[0].Name != "ops-admin" {
		t.Errorf("admin on users: %+v", f)
	}
	if f := find(r, CheckKeyInactive, "accesskey "); len(f) != 1 || f[0].User != "bob.smith" {
		t.Errorf("inactive keys: %+v", f)
	}
	if f := find(r, CheckKeysMultiple, "user "); len(f) != 1 || f[0].Name != "ci-deployer" {
		t.Errorf("several active keys: %+v", f)
	}
	if f := find(r, CheckTrustNoExternal, "role "); len(f) != 0 {
		t.Errorf("vendor-monitoring has an ExternalId: %+v", f)
	}
	if f := find(r, CheckTrustAccount, "role "); len(f) != 2 {
		t.Errorf("prod-admin and dev-deploy trust the whole account: %+v", f)
	}
	inactive := map[string]bool{}
	for _, f := range find(r, CheckUserInactive, "user ") {
		inactive[f.Name] = true
	}
	// legacy-app's key was last used 210 days ago, bob.smith's 95; carol.lee never did anything.
	if len(inactive) != 3 || !inactive["legacy-app"] || !inactive["bob.smith"] || !inactive["carol.lee"] {
		t.Errorf("inactive users: %v", inactive)
	}
	if len(find(r, CheckRootCaller, "")) != 0 || r.Caller == "" || r.AccountID == "" {
		t.Errorf("caller: %q %q", r.Caller, r.AccountID)
	}
	if r.Score != Score(r.Findings) || r.Score >= 100 {
		t.Errorf("score %d", r.Score)
	}
	for i := 1; i < len(r.Findings); i++ {
		if r.Findings[i].Severity > r.Findings[i-1].Severity {
			t.Fatalf("not most severe first at %d: %v after %v", i, r.Findings[i], r.Findings[i-1])
		}
	}
}

// Applying a finding's fix clears it on the next audit.
func TestApplyFixClearsFinding(t *testing.T) {
	_, c := startDemo(t)
	r := Check(load(t, c), time.Now())
	for _, f := range []Finding{
		find(r, CheckKeyUnused, "accesskey ")[0],
		find(r, CheckPolicyUnattached, "policy legacy-unused")[0],
		find(r, CheckKeyInactive, "accesskey ")[0],
	} {
		if n, err := Apply(ctxT(t), c, f.Fix); err != nil || n != len(f.Fix.Steps) {
			t.Fatalf("%s: %d steps, %v", f.Entity(), n, err)
		}
		after := Check(load(t, c), time.Now())
		if left := find(after, f.Check, f.Entity()); len(left) != 0 {
			t.Errorf("%s %s still found after its fix: %+v", f.Check, f.Entity(), left)
		}
	}
	// A screen fix is not applied.
	if _, err := Apply(ctxT(t), c, find(r, CheckConsoleNoMFA, "user li.na")[0].Fix); err == nil {
		t.Error("a screen fix was applied")
	}
}

func TestRootCallerAndTrustAny(t *testing.T) {
	acct := "1234567890123456"
	trust, err := policy.Parse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["*"]}}]}`, policy.Trust)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := policy.Parse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::999:root"]}}]}`, policy.Trust)
	s := &Snapshot{AccountID: acct, Caller: ramclient.CallerIdentity{IdentityType: "Account", AccountID: acct},
		Roles: []RoleFacts{{Role: ramclient.Role{RoleName: "open"}, Trust: trust}, {Role: ramclient.Role{RoleName: "vendor"}, Trust: other}}}
	r := Check(s, time.Now())
	if len(find(r, CheckRootCaller, "account "+acct)) != 1 || len(find(r, CheckTrustAny, "role open")) != 1 ||
		len(find(r, CheckTrustNoExternal, "role vendor")) != 1 || len(find(r, CheckTrustNoExternal, "role open")) != 0 {
		t.Errorf("%+v", r.Findings)
	}
	if r.Findings[0].Severity != Critical || r.Score != 45 {
		t.Errorf("order or score: %d %+v", r.Score, r.Findings)
	}
}

func TestWhoCanOSSDirectory(t *testing.T) {
	_, c := startDemo(t)
	s := load(t, c)
	req := policy.Request{Action: "oss:PutObject", Resource: "acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt"}
	got := map[string]Grant{}
	for _, g := range WhoCan(s, req) {
		got[g.Subject.Principal.String()] = g
		if len(g.Answer.Deciding) == 0 {
			t.Errorf("%s: no deciding statement", g.Subject.Principal)
		}
	}
	role, ok := got["role oss-test-sts"]
	if !ok || len(role.Assumers) != 1 || role.Assumers[0].User != "devops_test" || len(role.Assumers[0].TrustStatements) != 1 {
		t.Fatalf("oss-test-sts: %+v", role)
	}
	if role.Answer.Deciding[0].Policy != "oss-test-dir111" {
		t.Errorf("deciding: %+v", role.Answer.Deciding)
	}
	for _, want := range []string{"user ops-admin", "user backup-bot", "role prod-admin", "role sso-admin"} {
		if _, ok := got[want]; !ok {
			t.Errorf("%s missing from %v", want, keys(got))
		}
	}
	for _, not := range []string{"user devops_test", "user sun.yue", "role ops-readonly", "group developers"} {
		if _, ok := got[not]; ok {
			t.Errorf("%s may not PutObject there directly", not)
		}
	}
	if a := got["user ops-admin"].Answer.Deciding; len(a) == 0 || a[0].Policy != "AdministratorAccess" {
		t.Errorf("ops-admin deciding: %+v", a)
	}
	if sso := got["role sso-admin"]; len(sso.Trusted) != 1 || !strings.Contains(sso.Trusted[0], "saml-provider/azure-ad") {
		t.Errorf("sso-admin trusted: %+v", sso.Trusted)
	}
	if s.Subject(access.User, "nobody") != nil {
		t.Error("unknown user has a subject")
	}
}

func keys(m map[string]Grant) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestScore(t *testing.T) {
	for _, c := range []struct {
		fs   []Finding
		want int
	}{
		{nil, 100},
		{[]Finding{{Severity: Low}}, 98},
		{[]Finding{{Severity: Critical}, {Severity: Critical}}, 50},
		{make([]Finding, 1000), 5}, // 1000 low findings
	} {
		if got := Score(c.fs); got != c.want {
			t.Errorf("Score(%d findings) = %d, want %d", len(c.fs), got, c.want)
		}
	}
}

// Only policies that could allow an sts action are evaluated for sts:AssumeRole; the filter
// errs on the side of evaluating.
func TestMayAllowAssume(t *testing.T) {
	pol := func(doc string) access.Policy {
		d, err := policy.Parse(doc, policy.Permission)
		if err != nil {
			t.Fatal(err)
		}
		return access.Policy{Name: "p", Doc: d, Document: doc}
	}
	stmt := func(effect, key, action string) string {
		return `{"Version":"1","Statement":[{"Effect":"` + effect + `","` + key + `":"` + action + `","Resource":"*"}]}`
	}
	for _, tc := range []struct {
		ps   []access.Policy
		want bool
	}{
		{[]access.Policy{pol(stmt("Allow", "Action", "oss:GetObject"))}, false},
		{[]access.Policy{pol(stmt("Deny", "Action", "sts:AssumeRole"))}, false},
		{[]access.Policy{pol(stmt("Allow", "Action", "oss:GetObject")), pol(stmt("Allow", "Action", "sts:AssumeRole"))}, true},
		{[]access.Policy{pol(stmt("Allow", "Action", "*"))}, true},
		{[]access.Policy{pol(stmt("Allow", "Action", "s*:Assume*"))}, true},
		{[]access.Policy{pol(stmt("Allow", "Action", "*:Get*")), pol(stmt("Allow", "Action", "sts:GetCallerIdentity"))}, false},
		{[]access.Policy{pol(stmt("Allow", "Action", "STS:assume?OLE"))}, true},
		{[]access.Policy{pol(stmt("Allow", "NotAction", "ecs:*"))}, true},
		{[]access.Policy{{Name: "unread"}}, true},
	} {
		if got := mayAllowAssume(tc.ps); got != tc.want {
			t.Errorf("%v: %v, want %v", tc.ps[len(tc.ps)-1].Document, got, tc.want)
		}
	}
}

// user-inactive says what is true: a user whose only key was deleted "has no AccessKey" (it
// said "has never signed in nor used a key", untrue of a key used until it was deleted).
func TestUserInactiveSaysWhatIsKnown(t *testing.T) {
	_, c := startDemo(t)
	why := func() string {
		f := find(Check(load(t, c), time.Now()), CheckUserInactive, "user legacy-app")
		if len(f) != 1 {
			t.Fatalf("legacy-app inactive: %+v", f)
		}
		return f[0].Why
	}
	if w := why(); !strings.HasPrefix(w, "the user has never signed in and last used an AccessKey 210 days ago:") {
		t.Errorf("with its key: %q", w)
	}
	keys, err := c.AccessKeys(ctxT(t), "legacy-app")
	if err != nil || len(keys) != 1 {
		t.Fatalf("legacy-app's keys: %v %v", keys, err)
	}
	if err := c.DeleteAccessKey(ctxT(t), "legacy-app", keys[0].AccessKeyID); err != nil {
		t.Fatal(err)
	}
	if w := why(); !strings.HasPrefix(w, "the user has never signed in and has no AccessKey:") {
		t.Errorf("its only key deleted: %q", w)
	}
}

// console-no-mfa offers to require MFA at the next sign-in; once it is required the finding
// changes (medium, says a device is still to be bound) and no longer offers what was done.
// With the credential report and without it alike.
func TestConsoleNoMFAOnceRequiredAtSignIn(t *testing.T) {
	sim, c := startDemo(t)
	for _, cl := range []*ramclient.Client{c, noReportClient(t, sim, c)} {
		if err := c.UpdateLoginProfile(ctxT(t), "li.na", ramclient.Login{}); err != nil {
			t.Fatal(err)
		}
		f := find(Check(load(t, cl), time.Now()), CheckConsoleNoMFA, "user li.na")
		if len(f) != 1 || f[0].Severity != High || !strings.Contains(f[0].Fix.Summary, "require one at the next sign-in") {
			t.Fatalf("li.na without MFA: %+v", f)
		}
		if err := c.UpdateLoginProfile(ctxT(t), "li.na", ramclient.Login{MFABindRequired: true}); err != nil {
			t.Fatal(err)
		}
		f = find(Check(load(t, cl), time.Now()), CheckConsoleNoMFA, "user li.na")
		if len(f) != 1 || f[0].Severity != Medium || strings.Contains(f[0].Fix.Summary, "require") ||
			!strings.Contains(f[0].Why, "required at the next sign-in") {
			t.Fatalf("li.na with MFA required at the next sign-in: %+v", f)
		}
	}
}
