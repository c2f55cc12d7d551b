package account_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"

	"github.com/ramtui/ramtui/ramsim/account"
)

const readOSS = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`

// TestSDKUserLifecycle: users, keys, login profile, MFA, through the SDK as the root account.
func TestSDKUserLifecycle(t *testing.T) {
	e := startSim(t, "empty")
	c := e.rootRAM(t)

	cu := ram.CreateCreateUserRequest()
	cu.UserName, cu.DisplayName, cu.Email, cu.MobilePhone, cu.Comments = "alice", "Alice 张", "alice@example.com", "86-13900001111", "first user"
	u := must(c.CreateUser(cu))(t).User
	if u.UserName != "alice" || u.DisplayName != "Alice 张" || u.Email != "alice@example.com" || len(u.UserId) != 16 {
		t.Fatalf("CreateUser: %+v", u)
	}
	if _, err := time.Parse("2006-01-02T15:04:05Z", u.CreateDate); err != nil {
		t.Fatalf("CreateDate %q: %v", u.CreateDate, err)
	}
	_, err := c.CreateUser(cu)
	wantCode(t, err, 409, "EntityAlreadyExists.User")
	cu.UserName = "ALICE" // names are unique case-insensitively
	_, err = c.CreateUser(cu)
	wantCode(t, err, 409, "EntityAlreadyExists.User")
	cu.UserName = "bad name!"
	_, err = c.CreateUser(cu)
	wantCode(t, err, 400, "InvalidParameter.UserName.InvalidChars")
	cu.UserName = strings.Repeat("a", 65)
	_, err = c.CreateUser(cu)
	wantCode(t, err, 400, "InvalidParameter.UserName.Length")
	_, err = c.CreateUser(ram.CreateCreateUserRequest())
	se := wantCode(t, err, 400, "MissingParameter")
	if !strings.Contains(se.Message(), `"UserName"`) {
		t.Fatalf("MissingParameter message %q does not name UserName", se.Message())
	}

	gu := ram.CreateGetUserRequest()
	gu.UserName = "nobody"
	_, err = c.GetUser(gu)
	wantCode(t, err, 404, "EntityNotExist.User")

	uu := ram.CreateUpdateUserRequest()
	uu.UserName, uu.NewUserName, uu.NewDisplayName = "alice", "alice.w", "Alice W"
	if got := must(c.UpdateUser(uu))(t).User; got.UserName != "alice.w" || got.DisplayName != "Alice W" || got.UserId != u.UserId {
		t.Fatalf("UpdateUser: %+v", got)
	}
	gu.UserName = "alice.w"
	if got := must(c.GetUser(gu))(t).User; got.Email != "alice@example.com" {
		t.Fatalf("GetUser after rename: %+v", got)
	}

	// AccessKeys: two at most, the secret only at creation.
	ck := ram.CreateCreateAccessKeyRequest()
	ck.UserName = "alice.w"
	k1 := must(c.CreateAccessKey(ck))(t).AccessKey
	if !strings.HasPrefix(k1.AccessKeyId, "LTAI") || len(k1.AccessKeyId) != 24 || len(k1.AccessKeySecret) != 30 || k1.Status != "Active" {
		t.Fatalf("CreateAccessKey: id %q (%d), secret length %d, status %s", k1.AccessKeyId, len(k1.AccessKeyId), len(k1.AccessKeySecret), k1.Status)
	}
	must(c.CreateAccessKey(ck))(t)
	_, err = c.CreateAccessKey(ck)
	wantCode(t, err, 409, "LimitExceeded.User.AccessKey")
	lk := ram.CreateListAccessKeysRequest()
	lk.UserName = "alice.w"
	keys := must(c.ListAccessKeys(lk))(t).AccessKeys.AccessKey
	if len(keys) != 2 || keys[0].AccessKeySecret != "" || keys[1].AccessKeySecret != "" {
		t.Fatalf("ListAccessKeys: %d keys, secrets must be absent", len(keys))
	}
	upk := ram.CreateUpdateAccessKeyRequest()
	upk.UserName, upk.UserAccessKeyId, upk.Status = "alice.w", k1.AccessKeyId, "Inactive"
	must(c.UpdateAccessKey(upk))(t)
	if keys := must(c.ListAccessKeys(lk))(t).AccessKeys.AccessKey; keys[0].Status != "Inactive" {
		t.Fatalf("status after UpdateAccessKey: %s", keys[0].Status)
	}
	upk.Status = "Paused"
	_, err = c.UpdateAccessKey(upk)
	wantCode(t, err, 400, "InvalidParameter.Status")
	lu := ram.CreateGetAccessKeyLastUsedRequest()
	lu.UserName, lu.UserAccessKeyId = "alice.w", k1.AccessKeyId
	if got := must(c.GetAccessKeyLastUsed(lu))(t).AccessKeyLastUsed.LastUsedDate; got != "" {
		t.Fatalf("never-used key has LastUsedDate %q", got)
	}
	dk := ram.CreateDeleteAccessKeyRequest()
	dk.UserName, dk.UserAccessKeyId = "alice.w", "LTAI00000000000000000000"
	_, err = c.DeleteAccessKey(dk)
	wantCode(t, err, 404, "EntityNotExist.User.AccessKey")

	// Login profile.
	clp := ram.CreateCreateLoginProfileRequest()
	clp.UserName, clp.Password, clp.PasswordResetRequired = "alice.w", "short", requests.NewBoolean(true)
	_, err = c.CreateLoginProfile(clp)
	wantCode(t, err, 400, "InvalidParameter.Password.TooWeak")
	clp.Password = "Corr3ct-Horse-Battery"
	if lp := must(c.CreateLoginProfile(clp))(t).LoginProfile; lp.UserName != "alice.w" || !lp.PasswordResetRequired || lp.MFABindRequired {
		t.Fatalf("CreateLoginProfile: %+v", lp)
	}
	_, err = c.CreateLoginProfile(clp)
	wantCode(t, err, 409, "EntityAlreadyExists.User.LoginProfile")
	ulp := ram.CreateUpdateLoginProfileRequest()
	ulp.UserName, ulp.MFABindRequired = "alice.w", requests.NewBoolean(true)
	must(c.UpdateLoginProfile(ulp))(t)
	glp := ram.CreateGetLoginProfileRequest()
	glp.UserName = "alice.w"
	if lp := must(c.GetLoginProfile(glp))(t).LoginProfile; !lp.MFABindRequired || !lp.PasswordResetRequired {
		t.Fatalf("GetLoginProfile after update: %+v", lp)
	}

	// Virtual MFA: real TOTP against the seed.
	cv := ram.CreateCreateVirtualMFADeviceRequest()
	cv.VirtualMFADeviceName = "alice-phone"
	dev := must(c.CreateVirtualMFADevice(cv))(t).VirtualMFADevice
	if dev.SerialNumber != "acs:ram::"+e.acct+":mfa/alice-phone" || dev.Base32StringSeed == "" || dev.QRCodePNG == "" {
		t.Fatalf("CreateVirtualMFADevice: %+v", dev)
	}
	bind := ram.CreateBindMFADeviceRequest()
	bind.UserName, bind.SerialNumber, bind.AuthenticationCode1, bind.AuthenticationCode2 = "alice.w", dev.SerialNumber, "000000", "000000"
	_, err = c.BindMFADevice(bind)
	wantCode(t, err, 403, "CheckAuthenticationCodeFail")
	bind.AuthenticationCode1 = "12345"
	_, err = c.BindMFADevice(bind)
	wantCode(t, err, 400, "InvalidParameter.AuthenticationCode.Format")
	now := e.clock.Now()
	bind.AuthenticationCode1 = must(account.TOTP(dev.Base32StringSeed, now.Add(-30*time.Second)))(t)
	bind.AuthenticationCode2 = must(account.TOTP(dev.Base32StringSeed, now))(t)
	must(c.BindMFADevice(bind))(t)
	mi := ram.CreateGetUserMFAInfoRequest()
	mi.UserName = "alice.w"
	if d := must(c.GetUserMFAInfo(mi))(t).MFADevice; d.SerialNumber != dev.SerialNumber || d.Type != "VMFA" {
		t.Fatalf("GetUserMFAInfo: %+v", d)
	}
	lv := must(c.ListVirtualMFADevices(ram.CreateListVirtualMFADevicesRequest()))(t).VirtualMFADevices.VirtualMFADevice
	if len(lv) != 1 || lv[0].User.UserName != "alice.w" || lv[0].ActivateDate == "" || lv[0].Base32StringSeed != "" {
		t.Fatalf("ListVirtualMFADevices: %+v", lv)
	}
	dv := ram.CreateDeleteVirtualMFADeviceRequest()
	dv.SerialNumber = dev.SerialNumber
	_, err = c.DeleteVirtualMFADevice(dv)
	wantCode(t, err, 409, "DeleteConflict.VirtualMFADevice.User")

	// DeleteUser refuses while anything hangs off the user, naming what.
	du := ram.CreateDeleteUserRequest()
	du.UserName = "alice.w"
	_, err = c.DeleteUser(du)
	wantCode(t, err, 409, "DeleteConflict.User.AccessKey")
	for _, k := range keys {
		dk.UserAccessKeyId = k.AccessKeyId
		must(c.DeleteAccessKey(dk))(t)
	}
	_, err = c.DeleteUser(du)
	wantCode(t, err, 409, "DeleteConflict.User.LoginProfile")
	dlp := ram.CreateDeleteLoginProfileRequest()
	dlp.UserName = "alice.w"
	must(c.DeleteLoginProfile(dlp))(t)
	_, err = c.GetLoginProfile(glp)
	wantCode(t, err, 404, "EntityNotExist.User.LoginProfile")
	_, err = c.DeleteUser(du)
	wantCode(t, err, 409, "DeleteConflict.User.MFADevice")
	ub := ram.CreateUnbindMFADeviceRequest()
	ub.UserName = "alice.w"
	if d := must(c.UnbindMFADevice(ub))(t).MFADevice; d.SerialNumber != dev.SerialNumber {
		t.Fatalf("UnbindMFADevice: %+v", d)
	}
	_, err = c.GetUserMFAInfo(mi)
	wantCode(t, err, 404, "EntityNotExist.User.MFADevice")
	must(c.DeleteVirtualMFADevice(dv))(t)
	must(c.DeleteUser(du))(t)
	_, err = c.GetUser(gu)
	wantCode(t, err, 404, "EntityNotExist.User")
}

// TestSDKGroupsRolesPolicies: groups, membership, roles, policies and versions, attachments.
func TestSDKGroupsRolesPolicies(t *testing.T) {
	e := startSim(t, "empty")
	c := e.rootRAM(t)
	for _, n := range []string{"bob", "carol"} {
		cu := ram.CreateCreateUserRequest()
		cu.UserName = n
		must(c.CreateUser(cu))(t)
	}

	// Groups and membership.
	cg := ram.CreateCreateGroupRequest()
	cg.GroupName, cg.Comments = "dev", "developers"
	if g := must(c.CreateGroup(cg))(t).Group; g.GroupName != "dev" || g.Comments != "developers" {
		t.Fatalf("CreateGroup: %+v", g)
	}
	_, err := c.CreateGroup(cg)
	wantCode(t, err, 409, "EntityAlreadyExists.Group")
	ug := ram.CreateUpdateGroupRequest()
	ug.GroupName, ug.NewGroupName, ug.NewComments = "dev", "developers", "all developers"
	must(c.UpdateGroup(ug))(t)
	gg := ram.CreateGetGroupRequest()
	gg.GroupName = "developers"
	if g := must(c.GetGroup(gg))(t).Group; g.Comments != "all developers" {
		t.Fatalf("GetGroup: %+v", g)
	}
	add := ram.CreateAddUserToGroupRequest()
	add.GroupName, add.UserName = "developers", "bob"
	must(c.AddUserToGroup(add))(t)
	_, err = c.AddUserToGroup(add)
	wantCode(t, err, 409, "EntityAlreadyExists.User.Group")
	add.UserName = "carol"
	must(c.AddUserToGroup(add))(t)
	lgu := ram.CreateListGroupsForUserRequest()
	lgu.UserName = "bob"
	if gs := must(c.ListGroupsForUser(lgu))(t).Groups.Group; len(gs) != 1 || gs[0].GroupName != "developers" || gs[0].JoinDate == "" {
		t.Fatalf("ListGroupsForUser: %+v", gs)
	}
	lug := ram.CreateListUsersForGroupRequest()
	lug.GroupName = "developers"
	if us := must(c.ListUsersForGroup(lug))(t).Users.User; len(us) != 2 || us[0].UserName != "bob" || us[1].JoinDate == "" {
		t.Fatalf("ListUsersForGroup: %+v", us)
	}
	if gs := must(c.ListGroups(ram.CreateListGroupsRequest()))(t); len(gs.Groups.Group) != 1 || gs.IsTruncated {
		t.Fatalf("ListGroups: %+v", gs)
	}
	lg := ram.CreateListGroupsRequest()
	lg.MaxItems = requests.NewInteger(101)
	_, err = c.ListGroups(lg)
	wantCode(t, err, 400, "InvalidParameter.MaxItems")

	// Roles.
	cr := ram.CreateCreateRoleRequest()
	cr.RoleName, cr.Description = "deployer", "CI"
	cr.AssumeRolePolicyDocument = fmt.Sprintf(trustAccount, e.acct)
	role := must(c.CreateRole(cr))(t).Role
	if role.Arn != e.roleArn("deployer") || len(role.RoleId) != 19 || role.MaxSessionDuration != 3600 || role.AssumeRolePolicyDocument != cr.AssumeRolePolicyDocument {
		t.Fatalf("CreateRole: %+v", role)
	}
	cr.RoleName = "broken"
	cr.AssumeRolePolicyDocument = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}`
	_, err = c.CreateRole(cr)
	wantCode(t, err, 400, "MalformedPolicyDocument")
	cr.AssumeRolePolicyDocument = fmt.Sprintf(trustAccount, e.acct)
	cr.MaxSessionDuration = requests.NewInteger(60)
	_, err = c.CreateRole(cr)
	wantCode(t, err, 400, "InvalidParameter.MaxSessionDuration")
	ur := ram.CreateUpdateRoleRequest()
	ur.RoleName, ur.NewDescription, ur.NewMaxSessionDuration = "deployer", "CI/CD", requests.NewInteger(7200)
	if r := must(c.UpdateRole(ur))(t).Role; r.Description != "CI/CD" || r.MaxSessionDuration != 7200 {
		t.Fatalf("UpdateRole: %+v", r)
	}
	gr := ram.CreateGetRoleRequest()
	gr.RoleName = "Deployer"
	if r := must(c.GetRole(gr))(t).Role; r.RoleName != "deployer" || r.UpdateDate == "" {
		t.Fatalf("GetRole: %+v", r)
	}
	if rs := must(c.ListRoles(ram.CreateListRolesRequest()))(t).Roles.Role; len(rs) != 1 {
		t.Fatalf("ListRoles: %+v", rs)
	}

	// Policies and versions.
	cp := ram.CreateCreatePolicyRequest()
	cp.PolicyName, cp.Description, cp.PolicyDocument = "read-oss", "read OSS", readOSS
	if p := must(c.CreatePolicy(cp))(t).Policy; p.PolicyType != "Custom" || p.DefaultVersion != "v1" {
		t.Fatalf("CreatePolicy: %+v", p)
	}
	cp.PolicyName, cp.PolicyDocument = "broken", `{"Version":"1","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}`
	_, err = c.CreatePolicy(cp)
	wantCode(t, err, 400, "MalformedPolicyDocument")
	cp.PolicyName, cp.PolicyDocument = "AdministratorAccess", readOSS
	_, err = c.CreatePolicy(cp)
	wantCode(t, err, 409, "EntityAlreadyExists.Policy")

	cv := ram.CreateCreatePolicyVersionRequest()
	cv.PolicyName, cv.PolicyDocument = "read-oss", readOSS
	for i := 2; i <= 5; i++ {
		v := must(c.CreatePolicyVersion(cv))(t).PolicyVersion
		if v.VersionId != fmt.Sprintf("v%d", i) || v.IsDefaultVersion {
			t.Fatalf("CreatePolicyVersion #%d: %+v", i, v)
		}
	}
	_, err = c.CreatePolicyVersion(cv)
	wantCode(t, err, 409, "LimitExceeded.Policy.Version")
	cv.RotateStrategy, cv.SetAsDefault = "DeleteOldestNonDefaultVersionWhenLimitExceeded", requests.NewBoolean(true)
	if v := must(c.CreatePolicyVersion(cv))(t).PolicyVersion; v.VersionId != "v6" || !v.IsDefaultVersion {
		t.Fatalf("rotated CreatePolicyVersion: %+v", v)
	}
	lpv := ram.CreateListPolicyVersionsRequest()
	lpv.PolicyName, lpv.PolicyType = "read-oss", "Custom"
	var ids []string
	for _, v := range must(c.ListPolicyVersions(lpv))(t).PolicyVersions.PolicyVersion {
		ids = append(ids, v.VersionId)
	}
	if strings.Join(ids, ",") != "v1,v3,v4,v5,v6" { // v2 was the oldest non-default one
		t.Fatalf("versions after rotation: %v", ids)
	}
	gp := ram.CreateGetPolicyRequest()
	gp.PolicyName, gp.PolicyType = "read-oss", "Custom"
	if got := must(c.GetPolicy(gp))(t); got.Policy.DefaultVersion != "v6" || got.DefaultPolicyVersion.VersionId != "v6" ||
		!got.DefaultPolicyVersion.IsDefaultVersion || got.DefaultPolicyVersion.PolicyDocument != readOSS {
		t.Fatalf("GetPolicy: %+v", got)
	}
	gp.PolicyType = "System"
	_, err = c.GetPolicy(gp)
	wantCode(t, err, 404, "EntityNotExist.Policy")
	gp.PolicyType = "Managed"
	_, err = c.GetPolicy(gp)
	wantCode(t, err, 400, "InvalidParameter.PolicyType")
	sd := ram.CreateSetDefaultPolicyVersionRequest()
	sd.PolicyName, sd.VersionId = "read-oss", "v3"
	must(c.SetDefaultPolicyVersion(sd))(t)
	gv := ram.CreateGetPolicyVersionRequest()
	gv.PolicyName, gv.PolicyType, gv.VersionId = "read-oss", "Custom", "v3"
	if v := must(c.GetPolicyVersion(gv))(t).PolicyVersion; !v.IsDefaultVersion {
		t.Fatalf("GetPolicyVersion v3: %+v", v)
	}
	gv.VersionId = "v2"
	_, err = c.GetPolicyVersion(gv)
	wantCode(t, err, 404, "EntityNotExist.Policy.Version")
	gv.VersionId = "2"
	_, err = c.GetPolicyVersion(gv)
	wantCode(t, err, 400, "InvalidParameter.VersionId.Format")
	dv := ram.CreateDeletePolicyVersionRequest()
	dv.PolicyName, dv.VersionId = "read-oss", "v3"
	_, err = c.DeletePolicyVersion(dv)
	wantCode(t, err, 409, "DeleteConflict.Policy.Version.Default")
	upd := ram.CreateUpdatePolicyDescriptionRequest()
	upd.PolicyName, upd.NewDescription = "read-oss", "read any OSS object"
	if p := must(c.UpdatePolicyDescription(upd))(t).Policy; p.Description != "read any OSS object" {
		t.Fatalf("UpdatePolicyDescription: %+v", p)
	}
	upd.PolicyName = "ReadOnlyAccess"
	_, err = c.UpdatePolicyDescription(upd)
	wantCode(t, err, 400, "InvalidParameter.PolicyType")
	lp := ram.CreateListPoliciesRequest()
	lp.PolicyType = "Custom"
	if ps := must(c.ListPolicies(lp))(t).Policies.Policy; len(ps) != 1 || ps[0].PolicyName != "read-oss" {
		t.Fatalf("ListPolicies Custom: %+v", ps)
	}
	lp.PolicyType, lp.MaxItems = "System", requests.NewInteger(1000)
	if ps := must(c.ListPolicies(lp))(t).Policies.Policy; len(ps) < 40 || ps[0].PolicyType != "System" {
		t.Fatalf("ListPolicies System: %d", len(ps))
	}

	// Attachments, AttachmentCount and ListEntitiesForPolicy.
	au := ram.CreateAttachPolicyToUserRequest()
	au.PolicyType, au.PolicyName, au.UserName = "Custom", "read-oss", "bob"
	must(c.AttachPolicyToUser(au))(t)
	_, err = c.AttachPolicyToUser(au)
	wantCode(t, err, 409, "EntityAlreadyExists.User.Policy")
	ag := ram.CreateAttachPolicyToGroupRequest()
	ag.PolicyType, ag.PolicyName, ag.GroupName = "Custom", "read-oss", "developers"
	must(c.AttachPolicyToGroup(ag))(t)
	ar := ram.CreateAttachPolicyToRoleRequest()
	ar.PolicyType, ar.PolicyName, ar.RoleName = "Custom", "read-oss", "deployer"
	must(c.AttachPolicyToRole(ar))(t)
	ar.PolicyType, ar.PolicyName = "System", "ReadOnlyAccess"
	must(c.AttachPolicyToRole(ar))(t)
	gp.PolicyType = "Custom"
	if n := must(c.GetPolicy(gp))(t).Policy.AttachmentCount; n != 3 {
		t.Fatalf("AttachmentCount = %d, want 3", n)
	}
	le := ram.CreateListEntitiesForPolicyRequest()
	le.PolicyName, le.PolicyType = "read-oss", "Custom"
	ents := must(c.ListEntitiesForPolicy(le))(t)
	if len(ents.Users.User) != 1 || ents.Users.User[0].UserName != "bob" || ents.Users.User[0].AttachDate == "" ||
		len(ents.Groups.Group) != 1 || len(ents.Roles.Role) != 1 || ents.Roles.Role[0].Arn != e.roleArn("deployer") {
		t.Fatalf("ListEntitiesForPolicy: %+v", ents)
	}
	lpr := ram.CreateListPoliciesForRoleRequest()
	lpr.RoleName = "deployer"
	if ps := must(c.ListPoliciesForRole(lpr))(t).Policies.Policy; len(ps) != 2 || ps[1].PolicyType != "System" || ps[0].AttachDate == "" {
		t.Fatalf("ListPoliciesForRole: %+v", ps)
	}
	lpu := ram.CreateListPoliciesForUserRequest()
	lpu.UserName = "carol" // group-inherited policies are not listed
	if ps := must(c.ListPoliciesForUser(lpu))(t).Policies.Policy; len(ps) != 0 {
		t.Fatalf("ListPoliciesForUser carol: %+v", ps)
	}
	lpg := ram.CreateListPoliciesForGroupRequest()
	lpg.GroupName = "developers"
	if ps := must(c.ListPoliciesForGroup(lpg))(t).Policies.Policy; len(ps) != 1 {
		t.Fatalf("ListPoliciesForGroup: %+v", ps)
	}

	// Deletes refuse while something is attached or joined.
	dp := ram.CreateDeletePolicyRequest()
	dp.PolicyName = "read-oss"
	_, err = c.DeletePolicy(dp)
	wantCode(t, err, 409, "DeleteConflict.Policy.User")
	dr := ram.CreateDeleteRoleRequest()
	dr.RoleName = "deployer"
	_, err = c.DeleteRole(dr)
	wantCode(t, err, 409, "DeleteConflict.Role.Policy")
	dg := ram.CreateDeleteGroupRequest()
	dg.GroupName = "developers"
	_, err = c.DeleteGroup(dg)
	wantCode(t, err, 409, "DeleteConflict.Group.User")
	rm := ram.CreateRemoveUserFromGroupRequest()
	rm.GroupName = "developers"
	for _, n := range []string{"bob", "carol"} {
		rm.UserName = n
		must(c.RemoveUserFromGroup(rm))(t)
	}
	_, err = c.RemoveUserFromGroup(rm)
	wantCode(t, err, 404, "EntityNotExist.User.Group")
	_, err = c.DeleteGroup(dg)
	wantCode(t, err, 409, "DeleteConflict.Group.Policy")

	du := ram.CreateDetachPolicyFromUserRequest()
	du.PolicyType, du.PolicyName, du.UserName = "Custom", "read-oss", "bob"
	must(c.DetachPolicyFromUser(du))(t)
	_, err = c.DetachPolicyFromUser(du)
	wantCode(t, err, 404, "EntityNotExist.User.Policy")
	_, err = c.DeletePolicy(dp)
	wantCode(t, err, 409, "DeleteConflict.Policy.Group")
	dgp := ram.CreateDetachPolicyFromGroupRequest()
	dgp.PolicyType, dgp.PolicyName, dgp.GroupName = "Custom", "read-oss", "developers"
	must(c.DetachPolicyFromGroup(dgp))(t)
	must(c.DeleteGroup(dg))(t)
	_, err = c.DeletePolicy(dp)
	wantCode(t, err, 409, "DeleteConflict.Policy.Role")
	drp := ram.CreateDetachPolicyFromRoleRequest()
	drp.RoleName = "deployer"
	for _, p := range [][2]string{{"Custom", "read-oss"}, {"System", "ReadOnlyAccess"}} {
		drp.PolicyType, drp.PolicyName = p[0], p[1]
		must(c.DetachPolicyFromRole(drp))(t)
	}
	must(c.DeleteRole(dr))(t)
	_, err = c.DeletePolicy(dp)
	wantCode(t, err, 409, "DeleteConflict.Policy.Version")
	for _, v := range []string{"v1", "v4", "v5", "v6"} {
		dv.VersionId = v
		must(c.DeletePolicyVersion(dv))(t)
	}
	must(c.DeletePolicy(dp))(t)
	dp.PolicyName = "AdministratorAccess"
	_, err = c.DeletePolicy(dp)
	wantCode(t, err, 400, "InvalidParameter.PolicyType")
}

// TestSDKAccountAlias and GetCallerIdentity as root.
func TestSDKAccountAliasAndRootIdentity(t *testing.T) {
	e := startSim(t, "empty")
	c := e.rootRAM(t)
	sa := ram.CreateSetAccountAliasRequest()
	for alias, code := range map[string]string{"ab": "InvalidParameter.AccountAlias.Length", "Acme": "InvalidParameter.AccountAlias.Format",
		"-acme": "InvalidParameter.AccountAlias.Format", "ac--me": "InvalidParameter.AccountAlias.Format"} {
		sa.AccountAlias = alias
		_, err := c.SetAccountAlias(sa)
		wantCode(t, err, 400, code)
	}
	sa.AccountAlias = "acme-prod"
	must(c.SetAccountAlias(sa))(t)
	if a := must(c.GetAccountAlias(ram.CreateGetAccountAliasRequest()))(t).AccountAlias; a != "acme-prod" {
		t.Fatalf("alias = %q", a)
	}
	must(c.ClearAccountAlias(ram.CreateClearAccountAliasRequest()))(t)
	if a := must(c.GetAccountAlias(ram.CreateGetAccountAliasRequest()))(t).AccountAlias; a != "" {
		t.Fatalf("alias after clear = %q", a)
	}
	id := must(e.rootSTS(t).GetCallerIdentity(sts.CreateGetCallerIdentityRequest()))(t)
	if id.IdentityType != "Account" || id.AccountId != e.acct || id.Arn != "acs:ram::"+e.acct+":root" || id.UserId != e.acct {
		t.Fatalf("GetCallerIdentity root: %+v", id)
	}
}
