package ramclient

import (
	"context"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// PrincipalKind is what a policy can be attached to.
type PrincipalKind string

const (
	PrincipalUser  PrincipalKind = "User"
	PrincipalGroup PrincipalKind = "Group"
	PrincipalRole  PrincipalKind = "Role"
)

// Principal names a user, group or role.
type Principal struct {
	Kind PrincipalKind
	Name string
}

func (p Principal) String() string { return string(p.Kind) + " " + p.Name }

// UserPrincipal, GroupPrincipal and RolePrincipal build a Principal.
func UserPrincipal(name string) Principal  { return Principal{PrincipalUser, name} }
func GroupPrincipal(name string) Principal { return Principal{PrincipalGroup, name} }
func RolePrincipal(name string) Principal  { return Principal{PrincipalRole, name} }

func (p Principal) validate(action string) error {
	switch p.Kind {
	case PrincipalUser, PrincipalGroup, PrincipalRole:
		return lookupName(action, string(p.Kind)+"Name", p.Name)
	}
	return invalidInput(action, "principal", "unknown kind %q (want User, Group or Role)", string(p.Kind))
}

// AttachPolicy attaches a policy to a user, group or role.
func (c *Client) AttachPolicy(ctx context.Context, to Principal, policy string, typ PolicyType) error {
	action := "AttachPolicyTo" + string(to.Kind)
	if err := c.checkAttach(action, to, policy, typ); err != nil {
		return err
	}
	_, err := invoke(ctx, c, call{action: action, target: policy + " -> " + to.Name, safety: settled, settledKind: KindAlreadyExists},
		func() (requests.AcsRequest, responses.AcsResponse) {
			switch to.Kind {
			case PrincipalUser:
				req := ram.CreateAttachPolicyToUserRequest()
				req.UserName, req.PolicyName, req.PolicyType = to.Name, policy, string(typ)
				return req, ram.CreateAttachPolicyToUserResponse()
			case PrincipalGroup:
				req := ram.CreateAttachPolicyToGroupRequest()
				req.GroupName, req.PolicyName, req.PolicyType = to.Name, policy, string(typ)
				return req, ram.CreateAttachPolicyToGroupResponse()
			default:
				req := ram.CreateAttachPolicyToRoleRequest()
				req.RoleName, req.PolicyName, req.PolicyType = to.Name, policy, string(typ)
				return req, ram.CreateAttachPolicyToRoleResponse()
			}
		})
	return err
}

// DetachPolicy detaches a policy from a user, group or role.
func (c *Client) DetachPolicy(ctx context.Context, from Principal, policy string, typ PolicyType) error {
	action := "DetachPolicyFrom" + string(from.Kind)
	if err := c.checkAttach(action, from, policy, typ); err != nil {
		return err
	}
	_, err := invoke(ctx, c, call{action: action, target: policy + " <- " + from.Name, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, responses.AcsResponse) {
			switch from.Kind {
			case PrincipalUser:
				req := ram.CreateDetachPolicyFromUserRequest()
				req.UserName, req.PolicyName, req.PolicyType = from.Name, policy, string(typ)
				return req, ram.CreateDetachPolicyFromUserResponse()
			case PrincipalGroup:
				req := ram.CreateDetachPolicyFromGroupRequest()
				req.GroupName, req.PolicyName, req.PolicyType = from.Name, policy, string(typ)
				return req, ram.CreateDetachPolicyFromGroupResponse()
			default:
				req := ram.CreateDetachPolicyFromRoleRequest()
				req.RoleName, req.PolicyName, req.PolicyType = from.Name, policy, string(typ)
				return req, ram.CreateDetachPolicyFromRoleResponse()
			}
		})
	return err
}

func (c *Client) checkAttach(action string, p Principal, policy string, typ PolicyType) error {
	if err := p.validate(action); err != nil {
		return c.refuse(err)
	}
	if err := lookupName(action, "PolicyName", policy); err != nil {
		return c.refuse(err)
	}
	return policyType(action, typ, false)
}

// PoliciesFor lists the policies attached directly to a user, group or role (AttachDate set; a
// user's list does not include what its groups grant).
func (c *Client) PoliciesFor(ctx context.Context, p Principal) ([]Policy, error) {
	action := "ListPoliciesFor" + string(p.Kind)
	if err := p.validate(action); err != nil {
		return nil, c.refuse(err)
	}
	cl := call{action: action, target: p.Name}
	var policies []ram.Policy
	var err error
	switch p.Kind {
	case PrincipalUser:
		var resp *ram.ListPoliciesForUserResponse
		resp, err = invoke(ctx, c, cl, func() (requests.AcsRequest, *ram.ListPoliciesForUserResponse) {
			req := ram.CreateListPoliciesForUserRequest()
			req.UserName = p.Name
			return req, ram.CreateListPoliciesForUserResponse()
		})
		if err == nil {
			policies = resp.Policies.Policy
		}
	case PrincipalGroup:
		var resp *ram.ListPoliciesForGroupResponse
		resp, err = invoke(ctx, c, cl, func() (requests.AcsRequest, *ram.ListPoliciesForGroupResponse) {
			req := ram.CreateListPoliciesForGroupRequest()
			req.GroupName = p.Name
			return req, ram.CreateListPoliciesForGroupResponse()
		})
		if err == nil {
			policies = resp.Policies.Policy
		}
	default:
		var resp *ram.ListPoliciesForRoleResponse
		resp, err = invoke(ctx, c, cl, func() (requests.AcsRequest, *ram.ListPoliciesForRoleResponse) {
			req := ram.CreateListPoliciesForRoleRequest()
			req.RoleName = p.Name
			return req, ram.CreateListPoliciesForRoleResponse()
		})
		if err == nil {
			policies = resp.Policies.Policy
		}
	}
	if err != nil {
		return nil, err
	}
	return mapSlice(policies, toPolicy), nil
}
