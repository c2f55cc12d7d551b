package account

import (
	"encoding/base32"
	"testing"
	"time"

	"github.com/ramtui/ramtui/policy"
)

func TestTOTPMatchesRFC6238(t *testing.T) {
	// RFC 6238 appendix B, SHA-1 key "12345678901234567890": 8-digit codes 94287082 (T=59) and
	// 07081804 (T=1111111109); the 6-digit codes are their last six digits.
	seed := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	for unix, want := range map[int64]string{59: "287082", 1111111109: "081804"} {
		got, err := TOTP(seed, time.Unix(unix, 0))
		if err != nil || got != want {
			t.Errorf("TOTP at %d = %s, %v; want %s", unix, got, err, want)
		}
	}
	if _, err := TOTP("not base32!", time.Now()); err == nil {
		t.Error("bad seed accepted")
	}
}

func TestRenamesKeepRelations(t *testing.T) {
	a, _ := newTestAccount(t, "demo")
	root := a.rootIdentity()
	ops := userIdentity(t, a, "ops-admin")
	wantErr(t, a, root, "UpdateUser", map[string]string{"UserName": "li.na", "NewUserName": "ZHANG.WEI"}, 409, "EntityAlreadyExists.User")
	mustCall(t, a, root, "UpdateUser", map[string]string{"UserName": "ops-admin", "NewUserName": "ops-root"})
	// The renamed user keeps its key, groups, policies and MFA device.
	cred, _ := a.Credential(ops.AccessKeyID)
	if cred.Identity.UserName != "ops-root" {
		t.Fatalf("key now belongs to %q", cred.Identity.UserName)
	}
	mustCall(t, a, cred.Identity, "ListRoles", nil) // AdministratorAccess still attached
	groups := dig(mustCall(t, a, root, "ListGroupsForUser", map[string]string{"UserName": "ops-root"}), "Groups", "Group").([]any)
	if len(groups) != 1 {
		t.Fatalf("groups after rename: %v", groups)
	}
	mfa := mustCall(t, a, root, "ListVirtualMFADevices", nil)
	found := false
	for _, d := range dig(mfa, "VirtualMFADevices", "VirtualMFADevice").([]any) {
		found = found || dig(d, "User", "UserName") == "ops-root"
	}
	if !found {
		t.Fatal("MFA device lost its user on rename")
	}
	// Group rename keeps members.
	mustCall(t, a, root, "UpdateGroup", map[string]string{"GroupName": "ops", "NewGroupName": "operations"})
	users := dig(mustCall(t, a, root, "ListUsersForGroup", map[string]string{"GroupName": "operations"}), "Users", "User").([]any)
	if len(users) != 4 {
		t.Fatalf("members after group rename: %d", len(users))
	}
	wantErr(t, a, root, "GetGroup", map[string]string{"GroupName": "ops"}, 404, "EntityNotExist.Group")
}

func TestAssumeRoleDurationAndSessionIdentity(t *testing.T) {
	a, clk := newTestAccount(t, "demo")
	ops := userIdentity(t, a, "ops-admin")
	arn := roleARN(a.ID(), "dev-deploy") // MaxSessionDuration 7200
	out := mustCall(t, a, ops, "AssumeRole", map[string]string{"RoleArn": arn, "RoleSessionName": "long", "DurationSeconds": "7200"})
	if got := dig(out, "Credentials", "Expiration"); got != clk.t.Add(2*time.Hour).Format(timeFormat) {
		t.Fatalf("Expiration %v", got)
	}
	wantErr(t, a, ops, "AssumeRole", map[string]string{"RoleArn": arn, "RoleSessionName": "long", "DurationSeconds": "7201"}, 400, "InvalidParameter.DurationSeconds")
	wantErr(t, a, ops, "AssumeRole", map[string]string{"RoleSessionName": "x1"}, 400, "MissingParameter")

	cred, err := a.Credential(dig(out, "Credentials", "AccessKeyId").(string))
	if err != nil || cred.SecurityToken == "" || !cred.Expiration.Equal(clk.t.Add(2*time.Hour)) {
		t.Fatalf("session credential: %+v %v", cred, err)
	}
	id := mustCall(t, a, cred.Identity, "GetCallerIdentity", nil)
	if id["IdentityType"] != "AssumedRoleUser" || id["Arn"] != arn+"/long" || id["UserId"] != nil || id["RoleId"] == "" {
		t.Fatalf("GetCallerIdentity: %v", id)
	}
	// Once the role is gone, its sessions can do nothing.
	root := a.rootIdentity()
	for _, p := range []string{"ci-deploy", "AliyunContainerRegistryFullAccess"} {
		typ := "Custom"
		if p[0] == 'A' {
			typ = "System"
		}
		mustCall(t, a, root, "DetachPolicyFromRole", map[string]string{"RoleName": "dev-deploy", "PolicyType": typ, "PolicyName": p})
	}
	mustCall(t, a, root, "DeleteRole", map[string]string{"RoleName": "dev-deploy"})
	wantErr(t, a, cred.Identity, "ListUsers", nil, 403, "NoPermission")
}

func TestConditionContext(t *testing.T) {
	a, _ := newTestAccount(t, "empty")
	root := a.rootIdentity()
	mustCall(t, a, root, "CreateUser", map[string]string{"UserName": "office"})
	mustCall(t, a, root, "CreatePolicy", map[string]string{"PolicyName": "office-only", "PolicyDocument": `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"ram:ListUsers","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}},
		{"Effect":"Allow","Action":"ram:ListGroups","Resource":"*","Condition":{"Bool":{"acs:SecureTransport":"true"}}}]}`})
	mustCall(t, a, root, "AttachPolicyToUser", map[string]string{"UserName": "office", "PolicyType": "Custom", "PolicyName": "office-only"})
	who := userIdentity(t, a, "office")
	run := func(action, ip string, secure bool) *Error {
		_, _, err := a.Invoke(Request{Product: RAM, Action: action, Caller: who, SourceIP: ip, Secure: secure})
		return err
	}
	if err := run("ListUsers", "10.1.2.3:5555", false); err != nil {
		t.Fatalf("from the office: %v", err)
	}
	if err := run("ListUsers", "192.0.2.1", false); err == nil || err.Code != "NoPermission" {
		t.Fatalf("from outside: %v", err)
	}
	if err := run("ListGroups", "192.0.2.1", true); err != nil {
		t.Fatalf("over TLS: %v", err)
	}
	if err := run("ListGroups", "192.0.2.1", false); err == nil {
		t.Fatal("plain HTTP allowed")
	}
}

func TestDemoOSSRoleIsScopedToItsDirectory(t *testing.T) {
	a, _ := newTestAccount(t, "demo")
	r := a.s.role("oss-test-sts")
	pols := a.s.attachedPolicies(r.Attached)
	decide := func(action, resource, prefix string) policy.Decision {
		ctx := policy.Context{}
		if prefix != "" {
			ctx["oss:Prefix"] = []string{prefix}
		}
		return policy.Evaluate(policy.Request{Action: action, Resource: resource, Context: ctx}, pols).Decision
	}
	const dir = "acs:oss:*:*:oss-test/dir111/dir111_secondline1/"
	if d := decide("oss:PutObject", dir+"report.csv", ""); d != policy.Allowed {
		t.Fatalf("PutObject in the directory: %v", d)
	}
	if d := decide("oss:ListObjects", "acs:oss:*:*:oss-test", "dir111/dir111_secondline1/"); d != policy.Allowed {
		t.Fatalf("ListObjects of the directory: %v", d)
	}
	if d := decide("oss:GetObject", "acs:oss:*:*:oss-test/dir222/secret.txt", ""); d == policy.Allowed {
		t.Fatal("GetObject outside the directory allowed")
	}
	if d := decide("oss:PutObject", "acs:oss:*:*:other-bucket/dir111/dir111_secondline1/x", ""); d == policy.Allowed {
		t.Fatal("PutObject in another bucket allowed")
	}
}

func TestAccountQuotas(t *testing.T) {
	a, _ := newTestAccount(t, "empty")
	root := a.rootIdentity()
	a.s.Limits = limits{Users: 1, Groups: 1, Roles: 1, Policies: 1}
	doc := everyActionParams["PolicyDocument"]
	trust := everyActionParams["AssumeRolePolicyDocument"]
	mustCall(t, a, root, "CreateUser", map[string]string{"UserName": "u1"})
	wantErr(t, a, root, "CreateUser", map[string]string{"UserName": "u2"}, 409, "LimitExceeded.User")
	mustCall(t, a, root, "CreateGroup", map[string]string{"GroupName": "g1"})
	wantErr(t, a, root, "CreateGroup", map[string]string{"GroupName": "g2"}, 409, "LimitExceeded.Group")
	mustCall(t, a, root, "CreateRole", map[string]string{"RoleName": "r1", "AssumeRolePolicyDocument": trust})
	wantErr(t, a, root, "CreateRole", map[string]string{"RoleName": "r2", "AssumeRolePolicyDocument": trust}, 409, "LimitExceeded.Role")
	mustCall(t, a, root, "CreatePolicy", map[string]string{"PolicyName": "p1", "PolicyDocument": doc}) // system policies do not count
	wantErr(t, a, root, "CreatePolicy", map[string]string{"PolicyName": "p2", "PolicyDocument": doc}, 409, "LimitExceeded.Policy")
}

func TestMFAConflicts(t *testing.T) {
	a, clk := newTestAccount(t, "demo")
	root := a.rootIdentity()
	out := mustCall(t, a, root, "CreateVirtualMFADevice", map[string]string{"VirtualMFADeviceName": "spare"})
	serial := dig(out, "VirtualMFADevice", "SerialNumber").(string)
	seed := dig(out, "VirtualMFADevice", "Base32StringSeed").(string)
	wantErr(t, a, root, "CreateVirtualMFADevice", map[string]string{"VirtualMFADeviceName": "SPARE"}, 409, "EntityAlreadyExists.VirtualMFADevice")
	c1, _ := TOTP(seed, clk.t.Add(-totpStep))
	c2, _ := TOTP(seed, clk.t)
	bind := map[string]string{"SerialNumber": serial, "AuthenticationCode1": c1, "AuthenticationCode2": c2}
	bind["UserName"] = "zhang.wei" // already has a device
	wantErr(t, a, root, "BindMFADevice", bind, 409, "EntityAlreadyExists.User.MFADevice")
	bind["UserName"] = "li.na"
	bind["AuthenticationCode1"], bind["AuthenticationCode2"] = c2, c1 // wrong order
	wantErr(t, a, root, "BindMFADevice", bind, 403, "CheckAuthenticationCodeFail")
	bind["AuthenticationCode1"], bind["AuthenticationCode2"] = c1, c2
	mustCall(t, a, root, "BindMFADevice", bind)
	bind["UserName"] = "wang.fang" // the device is taken
	wantErr(t, a, root, "BindMFADevice", bind, 409, "EntityAlreadyExists.VirtualMFADevice.User")
	bind["SerialNumber"] = serial + "-nope"
	wantErr(t, a, root, "BindMFADevice", bind, 404, "EntityNotExist.VirtualMFADevice")
	wantErr(t, a, root, "UnbindMFADevice", map[string]string{"UserName": "wang.fang"}, 404, "EntityNotExist.User.MFADevice")
	// Codes from long ago no longer bind.
	old1, _ := TOTP(seed, clk.t.Add(-20*totpStep))
	old2, _ := TOTP(seed, clk.t.Add(-19*totpStep))
	mustCall(t, a, root, "UnbindMFADevice", map[string]string{"UserName": "li.na"})
	wantErr(t, a, root, "BindMFADevice", map[string]string{"UserName": "li.na", "SerialNumber": serial,
		"AuthenticationCode1": old1, "AuthenticationCode2": old2}, 403, "CheckAuthenticationCodeFail")
}
