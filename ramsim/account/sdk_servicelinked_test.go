package account_test

import (
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ims"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// TestSDKServiceLinkedRole: the demo's service-linked role is there with its fixed policy, and
// RAM refuses what it refuses for such roles, even to the root account.
func TestSDKServiceLinkedRole(t *testing.T) {
	e := startSim(t, "demo")
	c := e.rootRAM(t)
	const name = "AliyunServiceRoleForConfig"
	gr := ram.CreateGetRoleRequest()
	gr.RoleName = name
	r := must(c.GetRole(gr))(t).Role
	if !strings.Contains(r.AssumeRolePolicyDocument, "config.aliyuncs.com") {
		t.Fatalf("trust policy: %s", r.AssumeRolePolicyDocument)
	}
	lp := ram.CreateListPoliciesForRoleRequest()
	lp.RoleName = name
	if ps := must(c.ListPoliciesForRole(lp))(t).Policies.Policy; len(ps) != 1 || ps[0].PolicyName != "AliyunServiceRolePolicyForConfig" || ps[0].PolicyType != "System" {
		t.Fatalf("policies: %+v", ps)
	}

	up := ram.CreateUpdateRoleRequest()
	up.RoleName, up.NewDescription = name, "mine now"
	_, err := c.UpdateRole(up)
	wantCode(t, err, 400, "NotSupported.ServiceLinkedRole")
	at := ram.CreateAttachPolicyToRoleRequest()
	at.RoleName, at.PolicyType, at.PolicyName = name, "System", "AdministratorAccess"
	_, err = c.AttachPolicyToRole(at)
	wantCode(t, err, 400, "NotSupported.ServiceLinkedRole")
	dt := ram.CreateDetachPolicyFromRoleRequest()
	dt.RoleName, dt.PolicyType, dt.PolicyName = name, "System", "AliyunServiceRolePolicyForConfig"
	_, err = c.DetachPolicyFromRole(dt)
	wantCode(t, err, 400, "NotSupported.ServiceLinkedRole")
	dr := ram.CreateDeleteRoleRequest()
	dr.RoleName = name
	_, err = c.DeleteRole(dr)
	wantCode(t, err, 409, "DeleteConflict.Role.ServiceLinkedRole")
	must(c.GetRole(gr))(t) // still there

	// An ordinary role is unaffected.
	up.RoleName = "ops-readonly"
	must(c.UpdateRole(up))(t)
}

// TestSDKDemoProviders: the providers the demo's federated roles trust exist.
func TestSDKDemoProviders(t *testing.T) {
	e := startSim(t, "demo")
	c := e.rootIMS(t)
	s := must(c.ListSAMLProviders(ims.CreateListSAMLProvidersRequest()))(t).SAMLProviders.SAMLProvider
	o := must(c.ListOIDCProviders(ims.CreateListOIDCProvidersRequest()))(t).OIDCProviders.OIDCProvider
	if len(s) != 1 || s[0].SAMLProviderName != "azure-ad" || len(o) != 1 || o[0].OIDCProviderName != "ack-rrsa-c8f3e2a1b4d5" {
		t.Fatalf("demo providers: %+v %+v", s, o)
	}
}
