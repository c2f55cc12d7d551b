package assume

import (
	"strings"
	"testing"

	"github.com/ramtui/ramtui/policy"
)

const acct = "1234567890123456"

func mustParse(t *testing.T, doc string, kind policy.Kind) *policy.Document {
	t.Helper()
	d, err := policy.Parse(doc, kind)
	if err != nil {
		t.Fatalf("parse %s: %v", doc, err)
	}
	return d
}

func named(t *testing.T, name, doc string) policy.Named {
	return policy.Named{Name: name, Type: "Custom", Doc: mustParse(t, doc, policy.Permission)}
}

func systemPolicy(t *testing.T, name string) policy.Named {
	t.Helper()
	for _, p := range policy.SystemPolicies() {
		if p.Name == name {
			return policy.Named{Name: name, Type: "System", Doc: mustParse(t, p.Document, policy.Permission)}
		}
	}
	t.Fatalf("no system policy %s", name)
	return policy.Named{}
}

func trustUser(t *testing.T, user string) *policy.Document {
	return mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::`+acct+`:user/`+user+`"]}}]}`, policy.Trust)
}

func alice(policies ...policy.Named) Caller {
	return Caller{Kind: CallerUser, AccountID: acct, UserName: "alice", Policies: policies}
}

var reader = RoleARN{AccountID: acct, RoleName: "reader"}

func hasCause(d Diagnosis, c Cause) bool {
	for _, x := range d.Causes {
		if x == c {
			return true
		}
	}
	return false
}

func TestDiagnoseAssumable(t *testing.T) {
	d := Diagnose(alice(systemPolicy(t, "AliyunSTSAssumeRoleAccess")), Target{ARN: reader, Trust: trustUser(t, "alice")}, "")
	if !d.Assumable || len(d.Causes) != 0 || d.Summary() != "" {
		t.Fatalf("want assumable, got %+v", d)
	}
}

func TestDiagnoseRootCaller(t *testing.T) {
	root := Caller{Kind: CallerRoot, AccountID: acct}
	d := Diagnose(root, Target{ARN: reader, Trust: mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::`+acct+`:root"]}}]}`, policy.Trust)}, "")
	if d.Assumable || !hasCause(d, CauseRootCaller) {
		t.Fatalf("root caller: %+v", d)
	}
	if !strings.Contains(d.Explain(), "RAM user") {
		t.Errorf("explanation should point to a RAM user's key:\n%s", d.Explain())
	}
}

func TestDiagnoseNoPermissionOffersScopedThenSystemPolicy(t *testing.T) {
	caller := alice(systemPolicy(t, "AliyunOSSReadOnlyAccess"))
	target := Target{ARN: reader, Trust: trustUser(t, "alice")}
	d := Diagnose(caller, target, "")
	if d.Assumable || !hasCause(d, CauseNoPermission) || hasCause(d, CauseNotTrusted) {
		t.Fatalf("causes: %v", d.Causes)
	}
	if !strings.Contains(d.Missing, `"sts:AssumeRole"`) || !strings.Contains(d.Missing, reader.String()) {
		t.Errorf("missing statement should name sts:AssumeRole on the role:\n%s", d.Missing)
	}
	if len(d.Fixes) != 2 || d.Fixes[0].Kind != FixCreateAndAttachPolicy || d.Fixes[1].PolicyName != "AliyunSTSAssumeRoleAccess" {
		t.Fatalf("fixes: %+v", d.Fixes)
	}
	// Applying the first fix makes the role assumable.
	fixed := append(caller.Policies, named(t, d.Fixes[0].PolicyName, d.Fixes[0].PolicyDocument))
	if after := Diagnose(alice(fixed...), target, ""); !after.Assumable {
		t.Fatalf("after the scoped-policy fix: %+v", after)
	}
}

func TestDiagnoseExplicitDenyIsNoPermission(t *testing.T) {
	deny := named(t, "NoSTS", `{"Version":"1","Statement":[{"Effect":"Deny","Action":"sts:*","Resource":"*"}]}`)
	d := Diagnose(alice(systemPolicy(t, "AdministratorAccess"), deny), Target{ARN: reader, Trust: trustUser(t, "alice")}, "")
	if !hasCause(d, CauseNoPermission) {
		t.Fatalf("an explicit deny must block: %+v", d)
	}
}

func TestDiagnoseNotTrustedFixAddsCallerKeepingOthers(t *testing.T) {
	caller := alice(systemPolicy(t, "AliyunSTSAssumeRoleAccess"))
	target := Target{ARN: reader, Trust: trustUser(t, "bob")}
	d := Diagnose(caller, target, "")
	if !hasCause(d, CauseNotTrusted) || hasCause(d, CauseNoPermission) {
		t.Fatalf("causes: %v", d.Causes)
	}
	if len(d.Fixes) != 1 || d.Fixes[0].Kind != FixUpdateTrustPolicy {
		t.Fatalf("fixes: %+v", d.Fixes)
	}
	newTrust := mustParse(t, d.Fixes[0].TrustDocument, policy.Trust)
	if policy.Trusts(newTrust, policy.Caller{Type: policy.CallerUser, AccountID: acct, Name: "bob"}, nil).Decision != policy.Allowed {
		t.Error("the fix dropped bob from the trust policy")
	}
	if after := Diagnose(caller, Target{ARN: reader, Trust: newTrust}, ""); !after.Assumable {
		t.Fatalf("after the trust fix: %+v", after)
	}
	// The original document is untouched.
	if len(target.Trust.Statement) != 1 {
		t.Error("Diagnose modified the role's trust policy")
	}
}

func TestDiagnoseExternalID(t *testing.T) {
	trust := mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
	  "Principal":{"RAM":["acs:ram::`+acct+`:root"]},"Condition":{"StringEquals":{"sts:ExternalId":"abc-123"}}}]}`, policy.Trust)
	caller := alice(systemPolicy(t, "AliyunSTSAssumeRoleAccess"))
	for id, want := range map[string]bool{"": false, "wrong": false, "abc-123": true} {
		d := Diagnose(caller, Target{ARN: reader, Trust: trust}, id)
		if d.Assumable != want {
			t.Errorf("ExternalId %q: assumable=%v, want %v (%v)", id, d.Assumable, want, d.Causes)
		}
		if !want && (!hasCause(d, CauseExternalIDRequired) || hasCause(d, CauseNotTrusted)) {
			t.Errorf("ExternalId %q: causes %v, want only the ExternalId cause", id, d.Causes)
		}
	}
}

func TestDiagnoseRoleSessionHonoursSessionPolicy(t *testing.T) {
	session := &policy.Named{Name: "session", Type: "Session",
		Doc: mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`, policy.Session)}
	chained := Caller{Kind: CallerRoleSession, AccountID: acct, RoleName: "hop",
		Policies: []policy.Named{systemPolicy(t, "AdministratorAccess")}, Session: session}
	trust := mustParse(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::`+acct+`:role/hop"]}}]}`, policy.Trust)
	d := Diagnose(chained, Target{ARN: reader, Trust: trust}, "")
	if !hasCause(d, CauseNoPermission) || hasCause(d, CauseNotTrusted) {
		t.Fatalf("the session policy allows only oss:GetObject, so sts:AssumeRole must be denied: %+v", d.Causes)
	}
	if d.Fixes[0].PrincipalType != "Role" || d.Fixes[0].PrincipalName != "hop" {
		t.Errorf("the fix should target the role: %+v", d.Fixes[0])
	}
	chained.Session = nil
	if d := Diagnose(chained, Target{ARN: reader, Trust: trust}, ""); !d.Assumable {
		t.Fatalf("without a session policy the role session may chain: %+v", d)
	}
}

func TestDiagnoseOtherAccountRole(t *testing.T) {
	other := RoleARN{AccountID: "9999999999999999", RoleName: "vendor"}
	d := Diagnose(alice(systemPolicy(t, "AliyunSTSAssumeRoleAccess")), Target{ARN: other}, "")
	if !d.Assumable || !d.Unknown || !strings.Contains(d.Summary(), "9999999999999999") {
		t.Fatalf("other-account role: %+v", d)
	}
}

func TestParseRoleARN(t *testing.T) {
	r, err := ParseRoleARN(" acs:ram::1234567890123456:role/ops-readonly ")
	if err != nil || r.AccountID != acct || r.RoleName != "ops-readonly" || r.String() != "acs:ram::1234567890123456:role/ops-readonly" {
		t.Fatalf("got %+v, %v", r, err)
	}
	for _, bad := range []string{"ops-readonly", "acs:ram::abc:role/x", "acs:ram::123:user/x", "acs:ram::123:role/", "acs:oss::123:role/x", "acs:ram::123:role/a/b"} {
		if _, err := ParseRoleARN(bad); err == nil {
			t.Errorf("ParseRoleARN(%q) accepted it", bad)
		}
	}
}

func TestDiagnoseUnreadablePoliciesAreUnknownNotDenied(t *testing.T) {
	caller := Caller{Kind: CallerUser, AccountID: acct, UserName: "alice", PoliciesUnreadable: errString("NoPermission")}
	d := Diagnose(caller, Target{ARN: reader, Trust: trustUser(t, "bob")}, "")
	if hasCause(d, CauseNoPermission) || !hasCause(d, CauseNotTrusted) || !d.Unknown {
		t.Fatalf("unreadable policies: %+v", d)
	}
	if !strings.Contains(d.Explain(), "could not be read: NoPermission") {
		t.Errorf("explanation should say what could not be checked:\n%s", d.Explain())
	}
}

type errString string

func (e errString) Error() string { return string(e) }
