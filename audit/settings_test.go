package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
)

// applyFix applies the one finding's fix and re-runs the audit.
func applyFix(t *testing.T, c *ramclient.Client, f Finding) Report {
	t.Helper()
	if _, err := Apply(ctxT(t), c, f.Fix); err != nil {
		t.Fatalf("apply %s: %v", f.Check, err)
	}
	return Check(load(t, c), time.Now())
}

func TestAuditSettingsFoundAndFixed(t *testing.T) {
	_, c := startDemo(t)
	ctx := ctxT(t)
	sp, err := c.GetSecurityPreference(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sp.AllowUserToManageAccessKeys = true
	if _, err := c.SetSecurityPreference(ctx, sp); err != nil {
		t.Fatal(err)
	}
	r := Check(load(t, c), time.Now())

	// The demo keeps the service's default password policy: 8 characters, nothing else.
	pw := find(r, CheckPasswordPolicy, "account ")
	if len(pw) != 1 || !strings.Contains(pw[0].Why, "minimum length 8 (baseline 14)") ||
		!strings.Contains(pw[0].Why, "symbols not required") || len(pw[0].Fix.Steps) != 1 {
		t.Fatalf("password policy: %+v", pw)
	}
	keys := find(r, CheckUsersManageKeys, "account ")
	mfa := find(r, CheckMFARemembered, "account ")
	if len(keys) != 1 || len(mfa) != 1 {
		t.Fatalf("security preference: keys %+v, mfa %+v", keys, mfa)
	}

	r = applyFix(t, c, pw[0])
	if got := find(r, CheckPasswordPolicy, "account "); len(got) != 0 {
		t.Errorf("password policy still found after its fix: %+v", got)
	}
	p, err := c.GetPasswordPolicy(ctx)
	if err != nil || p.MinimumPasswordLength != 14 || !p.RequireSymbols || p.PasswordReusePrevention != 5 || p.MaxLoginAttempts != 5 {
		t.Errorf("password policy after the fix: %+v %v", p, err)
	}
	r = applyFix(t, c, keys[0])
	if got := find(r, CheckUsersManageKeys, "account "); len(got) != 0 {
		t.Errorf("users-manage-own-keys still found: %+v", got)
	}
	r = applyFix(t, c, find(r, CheckMFARemembered, "account ")[0])
	if got := find(r, CheckMFARemembered, "account "); len(got) != 0 {
		t.Errorf("mfa-remembered still found: %+v", got)
	}
	// MFA at sign-in (IMS's preference): the demo keeps the default, independent.
	mfaLogin := find(r, CheckMFALogin, "account ")
	if len(mfaLogin) != 1 || !strings.Contains(mfaLogin[0].Why, "MFAOperationForLogin independent") ||
		len(mfaLogin[0].Fix.Steps) != 1 || mfaLogin[0].Fix.Steps[0].String() != "SetSecurityPreference (IMS) MFAOperationForLogin=mandatory" {
		t.Fatalf("MFA at sign-in: %+v", mfaLogin)
	}
	r = applyFix(t, c, mfaLogin[0])
	if got := find(r, CheckMFALogin, "account "); len(got) != 0 {
		t.Errorf("mfa-not-required-at-sign-in still found: %+v", got)
	}
	if p, err := c.GetIMSSecurityPreference(ctx); err != nil || p.MFAOperationForLogin != ramclient.MFALoginMandatory {
		t.Errorf("IMS preference after the fix: %+v %v", p, err)
	}
	// Only the fields of each fix changed: the session duration is the one set before.
	after, err := c.GetSecurityPreference(ctx)
	if err != nil || after.LoginSessionDuration != sp.LoginSessionDuration || after.AllowUserToChangePassword != sp.AllowUserToChangePassword ||
		after.AllowUserToManageAccessKeys || after.EnableSaveMFATicket {
		t.Errorf("security preference after the fixes: %+v (before %+v) %v", after, sp, err)
	}
}

// Adaptive MFA at sign-in is below the baseline too, said as such.
func TestAuditMFALoginAdaptive(t *testing.T) {
	_, c := startDemo(t)
	p, err := c.GetIMSSecurityPreference(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	p.MFAOperationForLogin = ramclient.MFALoginAdaptive
	if _, err := c.SetIMSSecurityPreference(ctxT(t), p); err != nil {
		t.Fatal(err)
	}
	f := find(Check(load(t, c), time.Now()), CheckMFALogin, "account ")
	if len(f) != 1 || !strings.Contains(f[0].Why, "unusual") || f[0].Severity != Medium {
		t.Errorf("adaptive: %+v", f)
	}
}

func TestAuditRolesNobodyUses(t *testing.T) {
	_, c := startDemo(t)
	ctx := ctxT(t)
	acct := load(t, c).AccountID
	// wu.hao may not call sts:AssumeRole: a role trusting only wu.hao is assumed by nobody.
	trust := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + acct + `:user/wu.hao"]}}]}`
	if _, err := c.CreateRole(ctx, ramclient.NewRole{RoleName: "orphan-role", TrustPolicy: trust}); err != nil {
		t.Fatal(err)
	}
	svc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}`
	if _, err := c.CreateRole(ctx, ramclient.NewRole{RoleName: "ecs-idle", TrustPolicy: svc}); err != nil {
		t.Fatal(err)
	}
	r := Check(load(t, c), time.Now())
	if got := find(r, CheckRoleUnassumable, "role orphan-role"); len(got) != 1 {
		t.Errorf("orphan-role: %+v", got)
	}
	idle := find(r, CheckServiceRoleIdle, "role ecs-idle")
	if len(idle) != 1 || !strings.Contains(idle[0].Why, "ecs.aliyuncs.com") || !strings.Contains(idle[0].Why, "cannot tell") {
		t.Errorf("ecs-idle: %+v", idle)
	}
	// The demo's own roles are in use: oss-test-sts is assumed by devops_test.
	if got := find(r, CheckRoleUnassumable, "role oss-test-sts"); len(got) != 0 {
		t.Errorf("oss-test-sts reported unassumable: %+v", got)
	}

	// The fixes: allow wu.hao to assume roles; give the service role a policy.
	if err := c.AttachPolicy(ctx, ramclient.UserPrincipal("wu.hao"), "AliyunSTSAssumeRoleAccess", ramclient.PolicySystem); err != nil {
		t.Fatal(err)
	}
	if err := c.AttachPolicy(ctx, ramclient.RolePrincipal("ecs-idle"), "AliyunOSSReadOnlyAccess", ramclient.PolicySystem); err != nil {
		t.Fatal(err)
	}
	r = Check(load(t, c), time.Now())
	if got := append(find(r, CheckRoleUnassumable, "role orphan-role"), find(r, CheckServiceRoleIdle, "role ecs-idle")...); len(got) != 0 {
		t.Errorf("still found after the fixes: %+v", got)
	}
}

func TestAuditIgnoreRoundTrip(t *testing.T) {
	_, c := startDemo(t)
	r := Check(load(t, c), time.Now())
	stale := find(r, CheckKeyUnused, "accesskey ")
	if len(stale) != 1 {
		t.Fatalf("stale key: %+v", stale)
	}
	if _, err := NewIgnore(r.AccountID, stale[0], "  ", time.Now()); err == nil {
		t.Error("an ignore without a reason was accepted")
	}
	ig, err := NewIgnore(r.AccountID, stale[0], "break-glass key, kept on purpose", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ramtui", IgnoreFile)
	var l Ignores
	l.Add(ig)
	l.Add(ig) // the same finding again replaces, not duplicates
	if err := SaveIgnores(path, l); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("ignore file: %v %v", fi, err)
	}
	back, err := LoadIgnores(path)
	if err != nil || len(back.Ignores) != 1 || back.Ignores[0].Reason != ig.Reason {
		t.Fatalf("load: %+v %v", back, err)
	}
	before := r.Score
	r.Apply(back)
	if len(find(r, CheckKeyUnused, "accesskey ")) != 0 || len(r.Ignored) != 1 || r.Ignored[0].Ignore.Reason != ig.Reason || r.Score <= before {
		t.Errorf("applied: score %d -> %d, ignored %+v", before, r.Score, r.Ignored)
	}
	// Another account's same-named finding is not hidden.
	other := Check(load(t, c), time.Now())
	other.AccountID = "999"
	other.Apply(back)
	if len(other.Ignored) != 0 {
		t.Errorf("ignore leaked to another account: %+v", other.Ignored)
	}
	if !back.Remove(r.AccountID, stale[0]) || len(back.Ignores) != 0 {
		t.Errorf("remove: %+v", back)
	}
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadIgnores(path); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("damaged file: %v", err)
	}
}

// With the credential report, console access, MFA and keys' last use cost no call per user:
// the findings are the same as when they are read one by one (the report refused). Whether MFA
// is required at the next sign-in is not in the report: one GetLoginProfile for each user with
// console access and no MFA (console-no-mfa's), and no other.
func TestAuditUsesTheCredentialReport(t *testing.T) {
	_, c := startDemo(t)
	s := load(t, c)
	if !strings.HasPrefix(s.Report, "used") {
		t.Fatalf("report: %q", s.Report)
	}
	perUser, profiles := 0, map[string]int{}
	for _, e := range c.Log().Entries() {
		switch e.Action {
		case "GetLoginProfile":
			profiles[e.Target]++
		case "GetUserMFAInfo", "GetAccessKeyLastUsed":
			perUser++
		}
	}
	if perUser != 0 {
		t.Errorf("%d per-user calls the report makes needless", perUser)
	}
	for _, u := range s.Users {
		if want := map[bool]int{true: 1}[u.Console && !u.MFA]; profiles[u.User.UserName] != want {
			t.Errorf("%s (console %v, MFA %v): %d GetLoginProfile, want %d", u.User.UserName, u.Console, u.MFA, profiles[u.User.UserName], want)
		}
	}
	withReport := Check(s, time.Now())
	if len(find(withReport, CheckRootKey, "account ")) != 1 {
		t.Errorf("the root key (a row of the report) is not found")
	}
	// The same account read without the report (as at more than 3,500 users).
	s2 := load(t, c)
	for i := range s2.Users { // what the report gave, read per user instead
		u := &s2.Users[i]
		_, err := c.GetLoginProfile(ctxT(t), u.User.UserName)
		if u.Console != (err == nil) {
			t.Errorf("%s: console %v from the report, %v from GetLoginProfile", u.User.UserName, u.Console, err == nil)
		}
		_, err = c.GetUserMFA(ctxT(t), u.User.UserName)
		if u.MFA != (err == nil) {
			t.Errorf("%s: MFA %v from the report, %v from GetUserMFAInfo", u.User.UserName, u.MFA, err == nil)
		}
		for _, k := range u.Keys {
			if k.AccessKeyID == c.Credentials().AccessKeyID {
				continue // the key this test signs with is being used as it runs
			}
			used, err := c.AccessKeyLastUsed(ctxT(t), u.User.UserName, k.AccessKeyID)
			if err != nil || !used.Equal(k.LastUsed) {
				t.Errorf("%s %s: last used %v from the report, %v from GetAccessKeyLastUsed (%v)", u.User.UserName, k.AccessKeyID, k.LastUsed, used, err)
			}
		}
	}
}

// Without the credential report (a caller refused it, as at more than 3,500 users), MFA costs
// one ListVirtualMFADevices for the account and a GetUserMFAInfo only for a user with a
// password and no virtual device: users without console access are never asked. The facts
// are those the report gives.
func TestAuditWithoutReportAsksMFAOnlyWherePasswordsAre(t *testing.T) {
	sim, c := startDemo(t)
	withReport := load(t, c)
	c2 := noReportClient(t, sim, c)
	without := load(t, c2)
	if !strings.HasPrefix(without.Report, "not used") {
		t.Fatalf("report: %q", without.Report)
	}
	facts := map[string]UserFacts{}
	for _, u := range withReport.Users {
		facts[u.User.UserName] = u
	}
	asked := map[string]bool{}
	for _, e := range c2.Log().Entries() {
		if e.Action == "GetUserMFAInfo" {
			asked[e.Target] = true
		}
	}
	vmfa, lists := 0, 0
	for _, e := range c2.Log().Entries() {
		if e.Action == "ListVirtualMFADevices" {
			lists++
		}
	}
	for _, u := range without.Users {
		w, ok := facts[u.User.UserName]
		if !ok {
			continue // the user made above
		}
		if w.MFA && u.MFA && activeKeys(u) == 0 && !u.Console {
			vmfa++
			continue // console access not read: no finding depends on it (MFA, no key)
		}
		if u.Console != w.Console || (u.Console && u.MFA != w.MFA) {
			t.Errorf("%s: console %v MFA %v without the report, %v %v with it", u.User.UserName, u.Console, u.MFA, w.Console, w.MFA)
		}
		if w.MFA {
			vmfa++
		}
	}
	if lists != 1 || vmfa == 0 {
		t.Errorf("ListVirtualMFADevices called %d times (want 1); %d users with MFA in the demo", lists, vmfa)
	}
	for name := range asked {
		if f := facts[name]; !f.Console {
			t.Errorf("GetUserMFAInfo asked for %s, who has no console access", name)
		} else if f.MFA {
			t.Errorf("GetUserMFAInfo asked for %s, whose virtual MFA device was listed", name)
		}
	}
	for _, f := range facts {
		if f.Console && !f.MFA && !asked[f.User.UserName] {
			t.Errorf("%s has a password and no virtual MFA device but was not asked", f.User.UserName)
		}
	}
	now := time.Now()
	if got, want := findingLines(Check(without, now)), findingLines(Check(withReport, now)); got != want {
		t.Errorf("findings without the report:\n%s\nwith it:\n%s", got, want)
	}
}

// findingLines are the report's findings, one a line, but those about what a test made and
// the root's keys (a row of the report only).
func findingLines(r Report) string {
	var b strings.Builder
	for _, f := range r.Findings {
		if e := f.Entity(); f.Check != CheckRootKey && !strings.Contains(e, "no-report") && !strings.Contains(e, "deny-report") {
			b.WriteString(f.Check + " " + e + "\n")
		}
	}
	return b.String()
}

// noReportClient is a client of the new user no-report, an administrator refused
// ram:GenerateCredentialReport: its audit reads per user and per key (as above 3,500 users).
func noReportClient(t *testing.T, sim *ramsim.Running, c *ramclient.Client) *ramclient.Client {
	t.Helper()
	ctx := ctxT(t)
	const deny = `{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:GenerateCredentialReport","Resource":"*"}]}`
	if _, err := c.CreateUser(ctx, ramclient.NewUser{UserName: "no-report"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: "deny-report", Document: deny}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ name, typ string }{{"AdministratorAccess", "System"}, {"deny-report", "Custom"}} {
		if err := c.AttachPolicy(ctx, ramclient.UserPrincipal("no-report"), p.name, ramclient.PolicyType(p.typ)); err != nil {
			t.Fatal(err)
		}
	}
	id, secret, err := sim.Account().IssueAccessKey("no-report")
	if err != nil {
		t.Fatal(err)
	}
	c2, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c2.Close)
	return c2
}

func activeKeys(u UserFacts) int {
	n := 0
	for _, k := range u.Keys {
		if k.Status == "Active" {
			n++
		}
	}
	return n
}

// Counts in findings read as English: "an active AccessKey", "2 active AccessKeys", "only the
// last password refused" (the audit said "1 active AccessKey(s)").
func TestFindingsSayOneAndMany(t *testing.T) {
	for _, c := range []struct {
		rootKeys, reuse int
		key, pw         string
	}{
		{1, 0, "has an active AccessKey (", "earlier passwords may be reused (baseline: the last 5 refused)"},
		{2, 1, "has 2 active AccessKeys (", "only the last password refused (baseline: the last 5 refused)"},
		{1, 3, "has an active AccessKey (", "only the last 3 passwords refused (baseline: the last 5 refused)"},
	} {
		r := Check(&Snapshot{AccountID: "1", RootActiveKeys: c.rootKeys,
			PasswordPolicy: &ramclient.PasswordPolicy{MinimumPasswordLength: 14, PasswordReusePrevention: c.reuse}}, time.Now())
		key, pw := find(r, CheckRootKey, "account "), find(r, CheckPasswordPolicy, "account ")
		if len(key) != 1 || !strings.Contains(key[0].Why, c.key) || strings.Contains(key[0].Why, "(s)") {
			t.Errorf("%d root keys: %+v", c.rootKeys, key)
		}
		if len(pw) != 1 || !strings.Contains(pw[0].Why, c.pw) {
			t.Errorf("reuse %d: %+v", c.reuse, pw)
		}
	}
}
