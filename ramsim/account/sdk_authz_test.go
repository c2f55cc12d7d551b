package account_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

// setupPrincipal creates a user with the given custom policies (name -> document) attached.
func setupUser(t *testing.T, c *ram.Client, user string, policies map[string]string) {
	t.Helper()
	cu := ram.CreateCreateUserRequest()
	cu.UserName = user
	must(c.CreateUser(cu))(t)
	for name, doc := range policies {
		cp := ram.CreateCreatePolicyRequest()
		cp.PolicyName, cp.PolicyDocument = name, doc
		must(c.CreatePolicy(cp))(t)
		at := ram.CreateAttachPolicyToUserRequest()
		at.PolicyType, at.PolicyName, at.UserName = "Custom", name, user
		must(c.AttachPolicyToUser(at))(t)
	}
}

func createRole(t *testing.T, c *ram.Client, name, trust string, policies ...[2]string) {
	t.Helper()
	cr := ram.CreateCreateRoleRequest()
	cr.RoleName, cr.AssumeRolePolicyDocument = name, trust
	must(c.CreateRole(cr))(t)
	for _, p := range policies {
		at := ram.CreateAttachPolicyToRoleRequest()
		at.PolicyType, at.PolicyName, at.RoleName = p[0], p[1], name
		must(c.AttachPolicyToRole(at))(t)
	}
}

func TestSDKUserAuthorization(t *testing.T) {
	e := startSim(t, "empty")
	root := e.rootRAM(t)
	setupUser(t, root, "reader", map[string]string{
		"read-users": `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:GetUser","ram:ListUsers"],"Resource":"*"},
			{"Effect":"Deny","Action":"ram:GetUser","Resource":"acs:ram:*:*:user/secret-*"}]}`,
	})
	for _, n := range []string{"secret-agent", "plain"} {
		cu := ram.CreateCreateUserRequest()
		cu.UserName = n
		must(root.CreateUser(cu))(t)
	}
	c, _ := e.userRAM(t, "reader")

	gu := ram.CreateGetUserRequest()
	gu.UserName = "plain"
	must(c.GetUser(gu))(t)
	must(c.ListUsers(ram.CreateListUsersRequest()))(t)

	// Explicit deny beats the allow.
	gu.UserName = "secret-agent"
	_, err := c.GetUser(gu)
	se := wantCode(t, err, 403, "NoPermission")
	d := se.AccessDeniedDetail()
	if d["NoPermissionType"] != "ExplicitDeny" || d["AuthAction"] != "ram:GetUser" || d["AuthPrincipalType"] != "SubUser" ||
		d["AuthPrincipalDisplayName"] != "reader" || d["AuthPrincipalOwnerId"] != e.acct || d["PolicyType"] != "AccountLevelIdentityBasedPolicy" {
		t.Fatalf("AccessDeniedDetail: %v", d)
	}
	if s, _ := d["EncodedDiagnosticMessage"].(string); s == "" {
		t.Fatal("EncodedDiagnosticMessage is empty")
	} else if _, err := base64.StdEncoding.DecodeString(s); err != nil {
		t.Fatalf("EncodedDiagnosticMessage is not base64: %v", err)
	}
	if se.Message() != "You are not authorized to do this action. You should be authorized by RAM." {
		t.Fatalf("message %q", se.Message())
	}

	// Not allowed at all: implicit deny.
	cu := ram.CreateCreateUserRequest()
	cu.UserName = "intruder"
	_, err = c.CreateUser(cu)
	if d := wantCode(t, err, 403, "NoPermission").AccessDeniedDetail(); d["NoPermissionType"] != "ImplicitDeny" || d["AuthAction"] != "ram:CreateUser" {
		t.Fatalf("AccessDeniedDetail: %v", d)
	}

	// Group policies count too.
	cg := ram.CreateCreateGroupRequest()
	cg.GroupName = "admins"
	must(root.CreateGroup(cg))(t)
	ag := ram.CreateAttachPolicyToGroupRequest()
	ag.GroupName, ag.PolicyType, ag.PolicyName = "admins", "System", "AliyunRAMFullAccess"
	must(root.AttachPolicyToGroup(ag))(t)
	add := ram.CreateAddUserToGroupRequest()
	add.GroupName, add.UserName = "admins", "reader"
	must(root.AddUserToGroup(add))(t)
	must(c.CreateUser(cu))(t)
	_, err = c.GetUser(gu) // the explicit deny still wins over ram:*
	wantCode(t, err, 403, "NoPermission")

	// A user may manage its own keys with UserName omitted when allowed on itself.
	lk := ram.CreateListAccessKeysRequest()
	if keys := must(c.ListAccessKeys(lk))(t).AccessKeys.AccessKey; len(keys) != 1 {
		t.Fatalf("own keys: %+v", keys)
	}

	// GetCallerIdentity needs no permission.
	_, s := e.userRAM(t, "plain")
	id := must(s.GetCallerIdentity(sts.CreateGetCallerIdentityRequest()))(t)
	if id.IdentityType != "RAMUser" || id.Arn != "acs:ram::"+e.acct+":user/plain" || id.UserId == "" || id.PrincipalId != id.UserId {
		t.Fatalf("GetCallerIdentity user: %+v", id)
	}
}

func TestSDKAssumeRoleAndSessions(t *testing.T) {
	e := startSim(t, "empty")
	root := e.rootRAM(t)
	setupUser(t, root, "dev", nil)
	at := ram.CreateAttachPolicyToUserRequest()
	at.PolicyType, at.PolicyName, at.UserName = "System", "AliyunSTSAssumeRoleAccess", "dev"
	must(root.AttachPolicyToUser(at))(t)
	setupUser(t, root, "nobody", nil) // no sts:AssumeRole
	cp := ram.CreateCreatePolicyRequest()
	cp.PolicyName = "no-delete-users"
	cp.PolicyDocument = `{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:DeleteUser","Resource":"*"}]}`
	must(root.CreatePolicy(cp))(t)

	trustDev := fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::%s:user/dev"]}}]}`, e.acct)
	createRole(t, root, "ram-admin", fmt.Sprintf(trustAccount, e.acct), [2]string{"System", "AliyunRAMFullAccess"}, [2]string{"Custom", "no-delete-users"})
	createRole(t, root, "dev-only", trustDev, [2]string{"System", "AliyunRAMReadOnlyAccess"})
	createRole(t, root, "other-only", fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::%s:user/nobody"]}}]}`, e.acct))
	createRole(t, root, "external", fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::%s:root"]},"Condition":{"StringEquals":{"sts:ExternalId":"abc-123"}}}]}`, e.acct),
		[2]string{"System", "AliyunRAMReadOnlyAccess"})
	createRole(t, root, "ecs-role", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}`)
	_, devSTS := e.userRAM(t, "dev")
	_, nobodySTS := e.userRAM(t, "nobody")

	assume := func(c *sts.Client, role, session string, mod func(*sts.AssumeRoleRequest)) (*sts.AssumeRoleResponse, error) {
		r := sts.CreateAssumeRoleRequest()
		r.RoleArn, r.RoleSessionName = e.roleArn(role), session
		if mod != nil {
			mod(r)
		}
		return c.AssumeRole(r)
	}

	// 1. the root account may not assume roles
	_, err := assume(e.rootSTS(t), "ram-admin", "s1", nil)
	if se := wantCode(t, err, 403, "NoPermission"); se.Message() != "Roles may not be assumed by root accounts." {
		t.Fatalf("root message: %q", se.Message())
	}
	// 2. trusted, but no sts:AssumeRole of its own
	_, err = assume(nobodySTS, "other-only", "s1", nil)
	if se := wantCode(t, err, 403, "NoPermission"); !strings.Contains(se.Message(), "does not trust you") {
		t.Fatalf("message: %q", se.Message())
	}
	// 3. allowed to call AssumeRole, but the role does not trust the caller
	_, err = assume(devSTS, "other-only", "s1", nil)
	wantCode(t, err, 403, "NoPermission")
	_, err = assume(devSTS, "ecs-role", "s1", nil)
	wantCode(t, err, 403, "NoPermission")
	// ExternalId: required by the trust policy, must match
	_, err = assume(devSTS, "external", "s1", nil)
	wantCode(t, err, 403, "NoPermission")
	_, err = assume(devSTS, "external", "s1", func(r *sts.AssumeRoleRequest) { r.ExternalId = "wrong-id" })
	wantCode(t, err, 403, "NoPermission")
	must(assume(devSTS, "external", "s1", func(r *sts.AssumeRoleRequest) { r.ExternalId = "abc-123" }))(t)

	// Parameter errors.
	for _, tc := range []struct {
		mod  func(*sts.AssumeRoleRequest)
		code string
	}{
		{func(r *sts.AssumeRoleRequest) { r.RoleArn = "arn:aws:iam::1:role/x" }, "InvalidParameter.RoleArn"},
		{func(r *sts.AssumeRoleRequest) { r.RoleSessionName = "x" }, "InvalidParameter.RoleSessionName"},
		{func(r *sts.AssumeRoleRequest) { r.RoleSessionName = "has space" }, "InvalidParameter.RoleSessionName"},
		{func(r *sts.AssumeRoleRequest) { r.DurationSeconds = requests.NewInteger(899) }, "InvalidParameter.DurationSeconds"},
		{func(r *sts.AssumeRoleRequest) { r.DurationSeconds = requests.NewInteger(3601) }, "InvalidParameter.DurationSeconds"},
		{func(r *sts.AssumeRoleRequest) { r.Policy = `{"Version":"1"` }, "InvalidParameter.PolicyGrammar"},
		{func(r *sts.AssumeRoleRequest) {
			r.Policy = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:Get*","Resource":"` + strings.Repeat("x", 2100) + `"}]}`
		}, "InvalidParameter.PolicySize"},
		{func(r *sts.AssumeRoleRequest) { r.ExternalId = "x" }, "InvalidParameter.ExternalId"},
	} {
		_, err := assume(devSTS, "dev-only", "s1", tc.mod)
		wantCode(t, err, 400, tc.code)
	}
	_, err = assume(devSTS, "missing-role", "s1", nil)
	if se := wantCode(t, err, 404, "EntityNotExist.Role"); se.Message() != "The specified Role not exists." {
		t.Fatalf("message %q", se.Message())
	}
	_, err = assume(devSTS, "dev-only", "s1", func(r *sts.AssumeRoleRequest) { r.RoleArn = "acs:ram::1111111111111111:role/dev-only" })
	wantCode(t, err, 404, "EntityNotExist.Role")

	// Success: the response shape and the session's identity.
	resp := must(assume(devSTS, "ram-admin", "alice@laptop", func(r *sts.AssumeRoleRequest) { r.DurationSeconds = requests.NewInteger(900) }))(t)
	cr := resp.Credentials
	if !strings.HasPrefix(cr.AccessKeyId, "STS.") || cr.AccessKeySecret == "" || len(cr.SecurityToken) < 100 {
		t.Fatalf("credentials: id %q, secret %d chars, token %d chars", cr.AccessKeyId, len(cr.AccessKeySecret), len(cr.SecurityToken))
	}
	exp, err := time.Parse("2006-01-02T15:04:05Z", cr.Expiration)
	if err != nil || exp.Sub(e.clock.Now()) > 900*time.Second || exp.Sub(e.clock.Now()) < 899*time.Second {
		t.Fatalf("Expiration %q (now %v): %v", cr.Expiration, e.clock.Now(), err)
	}
	if resp.AssumedRoleUser.Arn != e.roleArn("ram-admin")+"/alice@laptop" || !strings.HasSuffix(resp.AssumedRoleUser.AssumedRoleId, ":alice@laptop") {
		t.Fatalf("AssumedRoleUser: %+v", resp.AssumedRoleUser)
	}
	sessRAM, sessSTS := e.sessionClients(t, cr)
	id := must(sessSTS.GetCallerIdentity(sts.CreateGetCallerIdentityRequest()))(t)
	if id.IdentityType != "AssumedRoleUser" || id.Arn != resp.AssumedRoleUser.Arn || id.PrincipalId != resp.AssumedRoleUser.AssumedRoleId || id.RoleId == "" {
		t.Fatalf("GetCallerIdentity session: %+v", id)
	}

	// The session acts with the role's policies: ram:* except the explicit deny.
	cu := ram.CreateCreateUserRequest()
	cu.UserName = "made-by-session"
	must(sessRAM.CreateUser(cu))(t)
	du := ram.CreateDeleteUserRequest()
	du.UserName = "made-by-session"
	_, err = sessRAM.DeleteUser(du)
	if d := wantCode(t, err, 403, "NoPermission").AccessDeniedDetail(); d["NoPermissionType"] != "ExplicitDeny" ||
		d["AuthPrincipalType"] != "AssumedRoleUser" || d["AuthPrincipalDisplayName"] != "ram-admin:alice@laptop" {
		t.Fatalf("AccessDeniedDetail: %v", d)
	}

	// A session policy narrows the role: role allows ram:*, the session only ram:List*.
	narrow := must(assume(devSTS, "ram-admin", "narrow", func(r *sts.AssumeRoleRequest) {
		r.Policy = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:List*","Resource":"*"}]}`
	}))(t)
	nRAM, _ := e.sessionClients(t, narrow.Credentials)
	must(nRAM.ListUsers(ram.CreateListUsersRequest()))(t)
	cu.UserName = "blocked"
	_, err = nRAM.CreateUser(cu)
	wantCode(t, err, 403, "NoPermission")
	// ... and never widens it: the session policy allows more than the role.
	ro := must(assume(devSTS, "dev-only", "wide", func(r *sts.AssumeRoleRequest) {
		r.Policy = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:*","Resource":"*"}]}`
	}))(t)
	roRAM, roSTS := e.sessionClients(t, ro.Credentials)
	must(roRAM.ListRoles(ram.CreateListRolesRequest()))(t)
	_, err = roRAM.CreateUser(cu)
	wantCode(t, err, 403, "NoPermission")

	// Role chaining: a session may assume a role that trusts the account, given sts:AssumeRole.
	_, err = assume(roSTS, "ram-admin", "chain", nil) // dev-only has no sts:AssumeRole
	wantCode(t, err, 403, "NoPermission")
	ap := ram.CreateAttachPolicyToRoleRequest()
	ap.RoleName, ap.PolicyType, ap.PolicyName = "dev-only", "System", "AliyunSTSAssumeRoleAccess"
	must(root.AttachPolicyToRole(ap))(t)
	_, err = assume(roSTS, "ram-admin", "chain", nil) // the session policy (ram:* only) still says no
	wantCode(t, err, 403, "NoPermission")
	plain := must(assume(devSTS, "dev-only", "plain", nil))(t)
	_, plainSTS := e.sessionClients(t, plain.Credentials)
	chained := must(assume(plainSTS, "ram-admin", "chain", nil))(t)
	if chained.AssumedRoleUser.Arn != e.roleArn("ram-admin")+"/chain" {
		t.Fatalf("chained: %+v", chained.AssumedRoleUser)
	}

	// Expiry: once the account clock passes Expiration, the SDK call fails.
	e.clock.Advance(901 * time.Second)
	_, err = sessRAM.ListUsers(ram.CreateListUsersRequest())
	wantCode(t, err, 400, "InvalidSecurityToken.Expired")
}
