package account_test

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

// TestSDKDemoContract checks what the rest of ramtui relies on in the demo data set.
func TestSDKDemoContract(t *testing.T) {
	e := startSim(t, "demo")
	opsRAM, opsSTS := e.userRAM(t, "ops-admin")

	// ops-admin is an administrator: it can read everything.
	users := must(opsRAM.ListUsers(ram.CreateListUsersRequest()))(t).Users.User
	if len(users) < 18 {
		t.Fatalf("demo has %d users", len(users))
	}
	if a := must(opsRAM.GetAccountAlias(ram.CreateGetAccountAliasRequest()))(t).AccountAlias; a == "" {
		t.Fatal("demo has no account alias")
	}

	assume := func(c *sts.Client, role, ext string) error {
		r := sts.CreateAssumeRoleRequest()
		r.RoleArn, r.RoleSessionName, r.ExternalId = e.roleArn(role), "demo-test", ext
		_, err := c.AssumeRole(r)
		return err
	}
	for _, role := range []string{"ops-readonly", "prod-admin", "dev-deploy"} {
		if err := assume(opsSTS, role, ""); err != nil {
			t.Errorf("ops-admin cannot assume %s: %v", role, err)
		}
	}
	if err := assume(opsSTS, "finance-export", "fin-export-2024"); err != nil {
		t.Errorf("ops-admin cannot assume finance-export with its ExternalId: %v", err)
	}
	for _, role := range []string{"security-audit", "ecs-app-role", "ack-rrsa-logging", "sso-admin", "oss-test-sts", "finance-export"} {
		wantCode(t, assume(opsSTS, role, ""), 403, "NoPermission")
	}

	// devops_test -> oss-test-sts.
	_, devSTS := e.userRAM(t, "devops_test")
	if err := assume(devSTS, "oss-test-sts", ""); err != nil {
		t.Fatalf("devops_test cannot assume oss-test-sts: %v", err)
	}
	lpr := ram.CreateListPoliciesForRoleRequest()
	lpr.RoleName = "oss-test-sts"
	ps := must(opsRAM.ListPoliciesForRole(lpr))(t).Policies.Policy
	if len(ps) != 1 || ps[0].PolicyType != "Custom" {
		t.Fatalf("oss-test-sts policies: %+v", ps)
	}

	// Policy versions and AttachmentCount are consistent with ListEntitiesForPolicy.
	lp := ram.CreateListPoliciesRequest()
	lp.MaxItems = "1000"
	for _, p := range must(opsRAM.ListPolicies(lp))(t).Policies.Policy {
		le := ram.CreateListEntitiesForPolicyRequest()
		le.PolicyName, le.PolicyType = p.PolicyName, p.PolicyType
		ents := must(opsRAM.ListEntitiesForPolicy(le))(t)
		if n := len(ents.Users.User) + len(ents.Groups.Group) + len(ents.Roles.Role); n != p.AttachmentCount {
			t.Errorf("%s: AttachmentCount %d, entities %d", p.PolicyName, p.AttachmentCount, n)
		}
	}
	lv := ram.CreateListPolicyVersionsRequest()
	lv.PolicyName, lv.PolicyType = "ci-deploy", "Custom"
	if vs := must(opsRAM.ListPolicyVersions(lv))(t).PolicyVersions.PolicyVersion; len(vs) != 5 {
		t.Fatalf("ci-deploy has %d versions", len(vs))
	}
}
