package account

import (
	"strconv"

	"github.com/ramtui/ramtui/policy"
)

// Policies and versions (ram-api.md §3.7). Version ids are v1, v2, ... and never reused. System
// policies can be read and attached but not created, changed or deleted: such attempts get
// 400 InvalidParameter.PolicyType (the request names a policy of the wrong type for the action).

func errSystemPolicy(name string) *Error {
	return errBadRequest("InvalidParameter.PolicyType",
		"The policy %q is a System policy; only Custom policies can be changed.", name)
}

// typedPolicy validates PolicyType and PolicyName, authorizes on the policy and finds it; a
// policy of the other type does not exist as far as the caller is concerned.
func (c *call) typedPolicy(typeRequired bool) (*policyEnt, *Error) {
	typ, err := c.policyType(typeRequired)
	if err != nil {
		return nil, err
	}
	name, err := c.policyName("PolicyName")
	if err != nil {
		return nil, err
	}
	if err := c.authorize(c.policyResource(name)); err != nil {
		return nil, err
	}
	p := c.s.policy(name)
	if p == nil || typ != "" && p.Type != typ {
		return nil, errNoPolicy()
	}
	return p, nil
}

// customPolicy is typedPolicy for the actions that change a policy: they take no PolicyType
// and work on Custom policies only. extra validates the action's other parameters first.
func (c *call) customPolicy(extra func() *Error) (*policyEnt, *Error) {
	name, err := c.policyName("PolicyName")
	if err != nil {
		return nil, err
	}
	if extra != nil {
		if err := extra(); err != nil {
			return nil, err
		}
	}
	if err := c.authorize(c.policyResource(name)); err != nil {
		return nil, err
	}
	p := c.s.policy(name)
	if p == nil {
		return nil, errNoPolicy()
	}
	if p.Type != "Custom" {
		return nil, errSystemPolicy(p.Name)
	}
	return p, nil
}

func createPolicy(c *call) (any, *Error) {
	name, err := c.policyName("PolicyName")
	if err != nil {
		return nil, err
	}
	text, err := c.required("PolicyDocument")
	if err != nil {
		return nil, err
	}
	doc, err := parseDocument("PolicyDocument", text, policy.Permission)
	if err != nil {
		return nil, err
	}
	if err := checkLength("Description", c.p("Description"), 1024); err != nil {
		return nil, err
	}
	if err := c.authorize(c.ramResource("policy", name)); err != nil {
		return nil, err
	}
	if c.s.policy(name) != nil {
		return nil, errConflict("EntityAlreadyExists.Policy", "The policy does already EXIST.")
	}
	custom := 0
	for _, p := range c.s.Policies {
		if p.Type == "Custom" {
			custom++
		}
	}
	if custom >= c.s.Limits.Policies {
		return nil, errConflict("LimitExceeded.Policy", "The count of policies beyond the current limits (%d).", c.s.Limits.Policies)
	}
	p := &policyEnt{Name: name, Type: "Custom", Description: c.p("Description"), DefaultVersion: "v1",
		NextVersion: 2, Created: c.now, Updated: c.now,
		Versions: []*policyVersion{{ID: "v1", Document: text, Created: c.now, doc: doc}}}
	c.s.Policies[key(name)] = p
	c.s.named("policies", key(name))
	v := p.view()
	v.AttachmentCount, v.UpdateDate = nil, ""
	return map[string]any{"Policy": v}, nil
}

func getPolicy(c *call) (any, *Error) {
	p, err := c.typedPolicy(true)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Policy": p.view(), "DefaultPolicyVersion": p.versionView(p.defaultVersion())}, nil
}

func updatePolicyDescription(c *call) (any, *Error) {
	p, err := c.customPolicy(func() *Error { return checkLength("NewDescription", c.p("NewDescription"), 1024) })
	if err != nil {
		return nil, err
	}
	p.Description = c.p("NewDescription")
	p.Updated = c.now
	return map[string]any{"Policy": p.view()}, nil
}

func deletePolicy(c *call) (any, *Error) {
	p, err := c.customPolicy(nil)
	if err != nil {
		return nil, err
	}
	if p.Attachments > 0 {
		users, groups, roles := c.s.entitiesFor(p)
		kind := "Role"
		switch {
		case len(users) > 0:
			kind = "User"
		case len(groups) > 0:
			kind = "Group"
		case len(roles) == 0:
			kind = "User" // unreachable while AttachmentCount is right
		}
		return nil, errConflict("DeleteConflict.Policy."+kind,
			"The policy CAN NOT be attached to any %s while deleting the policy.", kind)
	}
	if len(p.Versions) > 1 {
		return nil, errConflict("DeleteConflict.Policy.Version",
			"The policy CAN NOT has any non-default version while deleting the policy.")
	}
	delete(c.s.Policies, key(p.Name))
	c.s.unnamed("policies", key(p.Name))
	return map[string]any{}, nil
}

func listPolicies(c *call) (any, *Error) {
	typ, err := c.policyType(false)
	if err != nil {
		return nil, err
	}
	pg, err := c.pager(1000)
	if err != nil {
		return nil, err
	}
	if err := c.authorize(c.accountResource()); err != nil {
		return nil, err
	}
	all := sortedNames(c.s, "policies", c.s.Policies)
	keys := all[:0:0]
	for _, k := range all {
		if typ == "" || c.s.Policies[k].Type == typ {
			keys = append(keys, k)
		}
	}
	keys, pageInfo := pg.slice(keys)
	out := policiesList{Policy: make([]policyView, 0, len(keys))}
	for _, k := range keys {
		out.Policy = append(out.Policy, c.s.Policies[k].view())
	}
	return struct {
		page
		Policies policiesList `json:"Policies"`
	}{pageInfo, out}, nil
}

func createPolicyVersion(c *call) (any, *Error) {
	var (
		doc          *policy.Document
		text, rotate string
		setDefault   bool
	)
	p, err := c.customPolicy(func() *Error {
		var err *Error
		if text, err = c.required("PolicyDocument"); err != nil {
			return err
		}
		if doc, err = parseDocument("PolicyDocument", text, policy.Permission); err != nil {
			return err
		}
		if setDefault, err = c.boolParam("SetAsDefault", false); err != nil {
			return err
		}
		rotate = c.p("RotateStrategy")
		if rotate != "" && rotate != "None" && rotate != "DeleteOldestNonDefaultVersionWhenLimitExceeded" {
			return errBadRequest("InvalidParameter.RotateStrategy",
				"The parameter RotateStrategy must be None or DeleteOldestNonDefaultVersionWhenLimitExceeded.")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(p.Versions) >= maxVersionsPerPolicy {
		if rotate != "DeleteOldestNonDefaultVersionWhenLimitExceeded" {
			return nil, errConflict("LimitExceeded.Policy.Version",
				"The count of versions of the policy beyond the current limits (%d).", maxVersionsPerPolicy)
		}
		for i, v := range p.Versions { // oldest first
			if v.ID != p.DefaultVersion {
				p.Versions = append(p.Versions[:i:i], p.Versions[i+1:]...)
				break
			}
		}
	}
	v := &policyVersion{ID: "v" + strconv.Itoa(p.NextVersion), Document: text, Created: c.now, doc: doc}
	p.NextVersion++
	p.Versions = append(p.Versions, v)
	if setDefault {
		p.DefaultVersion = v.ID
	}
	p.Updated = c.now
	return map[string]any{"PolicyVersion": p.versionView(v)}, nil
}

// policyVersionArgs: PolicyName, VersionId (and PolicyType when the action takes it).
func (c *call) typedPolicyVersion() (*policyEnt, *policyVersion, *Error) {
	if _, err := c.versionID(); err != nil {
		return nil, nil, err
	}
	p, err := c.typedPolicy(true)
	if err != nil {
		return nil, nil, err
	}
	v := p.version(c.p("VersionId"))
	if v == nil {
		return nil, nil, errNoVersion()
	}
	return p, v, nil
}

func (c *call) customPolicyVersion() (*policyEnt, *policyVersion, *Error) {
	p, err := c.customPolicy(func() *Error { _, err := c.versionID(); return err })
	if err != nil {
		return nil, nil, err
	}
	v := p.version(c.p("VersionId"))
	if v == nil {
		return nil, nil, errNoVersion()
	}
	return p, v, nil
}

func getPolicyVersion(c *call) (any, *Error) {
	p, v, err := c.typedPolicyVersion()
	if err != nil {
		return nil, err
	}
	return map[string]any{"PolicyVersion": p.versionView(v)}, nil
}

func listPolicyVersions(c *call) (any, *Error) {
	p, err := c.typedPolicy(true)
	if err != nil {
		return nil, err
	}
	out := versionsList{PolicyVersion: make([]versionView, 0, len(p.Versions))}
	for _, v := range p.Versions {
		out.PolicyVersion = append(out.PolicyVersion, p.versionView(v))
	}
	return map[string]any{"PolicyVersions": out}, nil
}

func deletePolicyVersion(c *call) (any, *Error) {
	p, v, err := c.customPolicyVersion()
	if err != nil {
		return nil, err
	}
	if v.ID == p.DefaultVersion {
		return nil, errConflict("DeleteConflict.Policy.Version.Default", "The default version of the policy CAN NOT be deleted.")
	}
	for i, x := range p.Versions {
		if x == v {
			p.Versions = append(p.Versions[:i:i], p.Versions[i+1:]...)
			break
		}
	}
	p.Updated = c.now
	return map[string]any{}, nil
}

func setDefaultPolicyVersion(c *call) (any, *Error) {
	p, v, err := c.customPolicyVersion()
	if err != nil {
		return nil, err
	}
	p.DefaultVersion = v.ID
	p.Updated = c.now
	return map[string]any{}, nil
}

func listEntitiesForPolicy(c *call) (any, *Error) {
	p, err := c.typedPolicy(true)
	if err != nil {
		return nil, err
	}
	users, groups, roles := c.s.entitiesFor(p)
	ul := usersList{User: make([]userView, 0, len(users))}
	for _, u := range users {
		ul.User = append(ul.User, userView{UserName: u.Name, UserId: u.ID, DisplayName: u.DisplayName,
			AttachDate: fmtTime(u.Attached[findAttachment(u.Attached, p.Name)].Attached)})
	}
	gl := groupsList{Group: make([]groupView, 0, len(groups))}
	for _, g := range groups {
		gl.Group = append(gl.Group, groupView{GroupName: g.Name, Comments: g.Comments,
			AttachDate: fmtTime(g.Attached[findAttachment(g.Attached, p.Name)].Attached)})
	}
	rl := rolesList{Role: make([]roleView, 0, len(roles))}
	for _, r := range roles {
		rl.Role = append(rl.Role, roleView{RoleName: r.Name, RoleId: r.ID, Arn: roleARN(c.s.AccountID, r.Name),
			Description: r.Description, AttachDate: fmtTime(r.Attached[findAttachment(r.Attached, p.Name)].Attached)})
	}
	return map[string]any{"Users": ul, "Groups": gl, "Roles": rl}, nil
}
