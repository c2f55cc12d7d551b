package account

import (
	"sync"
	"time"
)

// call is one Invoke in progress: the request, the state it works on, and the time it happens.
type call struct {
	a   *Account
	s   *state
	req Request
	now time.Time
}

type handler func(c *call) (any, *Error)

type action struct {
	product Product
	write   bool // changes state (taken under the write lock; Invoke reports changed)
	run     handler
}

// actionKey names an action as a request does: its API (product and version) and its name.
// Two APIs may have an action of the same name: RAM's GetSecurityPreference and IMS's differ.
type actionKey struct {
	product Product
	name    string
}

// actions is every action the simulator serves. Each handler validates its parameters, then
// authorizes (c.authorize), then acts. The table is built on the first call, not at package
// init: commands that never start a simulator (`ramtui version`) do not pay for it.
var actions = sync.OnceValue(buildActions)

func buildActions() map[actionKey]action {
	out := map[actionKey]action{}
	for _, m := range []map[string]action{ramAndSTSActions(), providerActions(), reportActions(), imsSettingsActions()} {
		for name, act := range m {
			out[actionKey{act.product, name}] = act
		}
	}
	return out
}

func ramAndSTSActions() map[string]action {
	ram := func(write bool, h handler) action { return action{product: RAM, write: write, run: h} }
	sts := func(write bool, h handler) action { return action{product: STS, write: write, run: h} }
	const r, w = false, true
	actions := map[string]action{
		// users
		"CreateUser": ram(w, createUser), "GetUser": ram(r, getUser), "UpdateUser": ram(w, updateUser),
		"DeleteUser": ram(w, deleteUser), "ListUsers": ram(r, listUsers),
		// access keys
		"CreateAccessKey": ram(w, createAccessKey), "ListAccessKeys": ram(r, listAccessKeys),
		"UpdateAccessKey": ram(w, updateAccessKey), "DeleteAccessKey": ram(w, deleteAccessKey),
		"GetAccessKeyLastUsed": ram(r, getAccessKeyLastUsed),
		// login profiles and MFA
		"CreateLoginProfile": ram(w, createLoginProfile), "GetLoginProfile": ram(r, getLoginProfile),
		"UpdateLoginProfile": ram(w, updateLoginProfile), "DeleteLoginProfile": ram(w, deleteLoginProfile),
		"GetUserMFAInfo": ram(r, getUserMFAInfo), "CreateVirtualMFADevice": ram(w, createVirtualMFADevice),
		"ListVirtualMFADevices": ram(r, listVirtualMFADevices), "DeleteVirtualMFADevice": ram(w, deleteVirtualMFADevice),
		"BindMFADevice": ram(w, bindMFADevice), "UnbindMFADevice": ram(w, unbindMFADevice),
		// groups
		"CreateGroup": ram(w, createGroup), "GetGroup": ram(r, getGroup), "UpdateGroup": ram(w, updateGroup),
		"DeleteGroup": ram(w, deleteGroup), "ListGroups": ram(r, listGroups),
		"AddUserToGroup": ram(w, addUserToGroup), "RemoveUserFromGroup": ram(w, removeUserFromGroup),
		"ListGroupsForUser": ram(r, listGroupsForUser), "ListUsersForGroup": ram(r, listUsersForGroup),
		// roles
		"CreateRole": ram(w, createRole), "GetRole": ram(r, getRole), "UpdateRole": ram(w, updateRole),
		"DeleteRole": ram(w, deleteRole), "ListRoles": ram(r, listRoles),
		// policies
		"CreatePolicy": ram(w, createPolicy), "GetPolicy": ram(r, getPolicy),
		"UpdatePolicyDescription": ram(w, updatePolicyDescription), "DeletePolicy": ram(w, deletePolicy),
		"ListPolicies": ram(r, listPolicies), "CreatePolicyVersion": ram(w, createPolicyVersion),
		"GetPolicyVersion": ram(r, getPolicyVersion), "ListPolicyVersions": ram(r, listPolicyVersions),
		"DeletePolicyVersion": ram(w, deletePolicyVersion), "SetDefaultPolicyVersion": ram(w, setDefaultPolicyVersion),
		"ListEntitiesForPolicy": ram(r, listEntitiesForPolicy),
		// attachments
		"AttachPolicyToUser": ram(w, attachTo(principalUser)), "AttachPolicyToGroup": ram(w, attachTo(principalGroup)),
		"AttachPolicyToRole":   ram(w, attachTo(principalRole)),
		"DetachPolicyFromUser": ram(w, detachFrom(principalUser)), "DetachPolicyFromGroup": ram(w, detachFrom(principalGroup)),
		"DetachPolicyFromRole": ram(w, detachFrom(principalRole)),
		"ListPoliciesForUser":  ram(r, listPoliciesFor(principalUser)), "ListPoliciesForGroup": ram(r, listPoliciesFor(principalGroup)),
		"ListPoliciesForRole": ram(r, listPoliciesFor(principalRole)),
		// account
		"GetAccountAlias": ram(r, getAccountAlias), "SetAccountAlias": ram(w, setAccountAlias),
		"ClearAccountAlias": ram(w, clearAccountAlias),
		"GetPasswordPolicy": ram(r, getPasswordPolicy), "SetPasswordPolicy": ram(w, setPasswordPolicy),
		"GetSecurityPreference": ram(r, getSecurityPreference), "SetSecurityPreference": ram(w, setSecurityPreference),
		"ChangePassword": ram(w, changePassword), "DecodeDiagnosticMessage": ram(r, decodeDiagnosticMessage),
		"TagResources": ram(w, tagResources), "UntagResources": ram(w, untagResources),
		"ListTagResources": ram(r, listTagResources),
		// STS
		"AssumeRole": sts(w, assumeRole), "GetCallerIdentity": sts(r, getCallerIdentity),
	}
	return actions
}
