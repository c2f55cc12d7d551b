package account

import (
	"errors"
	"strings"

	"github.com/ramtui/ramtui/policy"
)

// Roles (ram-api.md §3.6). Trust policies are parsed with policy.Parse(doc, policy.Trust).

// parseDocument parses a policy document for param and turns the parser's error into the API
// error: the parser names the code (MalformedPolicyDocument, ...Length, PolicyGrammar, ...);
// size errors are renamed after the parameter that carried the document.
func parseDocument(param, doc string, kind policy.Kind) (*policy.Document, *Error) {
	d, err := policy.Parse(doc, kind)
	if err == nil {
		return d, nil
	}
	var pe *policy.Error
	if !errors.As(err, &pe) {
		return nil, errBadRequest("MalformedPolicyDocument", "%s", err.Error())
	}
	code := pe.Code
	if strings.HasSuffix(code, ".Length") {
		code = "InvalidParameter." + param + ".Length"
	}
	msg := pe.Message
	if pe.Path != "" {
		msg = pe.Path + ": " + msg
	}
	return nil, errBadRequest(code, "%s", msg)
}

func (c *call) existingRole(param string) (*role, *Error) {
	name, err := c.roleName(param)
	if err != nil {
		return nil, err
	}
	if err := c.authorize(c.roleResource(name)); err != nil {
		return nil, err
	}
	r := c.s.role(name)
	if r == nil {
		return nil, errNoRole()
	}
	return r, nil
}

func createRole(c *call) (any, *Error) {
	name, err := c.roleName("RoleName")
	if err != nil {
		return nil, err
	}
	doc, err := c.required("AssumeRolePolicyDocument")
	if err != nil {
		return nil, err
	}
	trust, err := parseDocument("AssumeRolePolicyDocument", doc, policy.Trust)
	if err != nil {
		return nil, err
	}
	if err := checkLength("Description", c.p("Description"), 1024); err != nil {
		return nil, err
	}
	maxDur, err := c.intParam("MaxSessionDuration", 3600, 3600, 43200)
	if err != nil {
		return nil, err
	}
	if err := c.authorize(c.roleResource(name)); err != nil {
		return nil, err
	}
	if c.s.role(name) != nil {
		return nil, errConflict("EntityAlreadyExists.Role", "The role does already EXIST.")
	}
	if len(c.s.Roles) >= c.s.Limits.Roles {
		return nil, errConflict("LimitExceeded.Role", "The count of roles beyond the current limits (%d).", c.s.Limits.Roles)
	}
	r := &role{ID: newRoleID(), Name: name, Description: c.p("Description"), TrustPolicy: doc,
		MaxSessionDuration: maxDur, Created: c.now, Updated: c.now, trust: trust}
	c.s.Roles[key(name)] = r
	c.s.named("roles", key(name))
	v := r.view(c.s.AccountID)
	v.UpdateDate = "" // CreateRole does not report UpdateDate
	return map[string]any{"Role": v}, nil
}

func getRole(c *call) (any, *Error) {
	r, err := c.existingRole("RoleName")
	if err != nil {
		return nil, err
	}
	return map[string]any{"Role": r.view(c.s.AccountID)}, nil
}

func updateRole(c *call) (any, *Error) {
	name, err := c.roleName("RoleName")
	if err != nil {
		return nil, err
	}
	var trust *policy.Document
	doc := c.p("NewAssumeRolePolicyDocument")
	if doc != "" {
		if trust, err = parseDocument("NewAssumeRolePolicyDocument", doc, policy.Trust); err != nil {
			return nil, err
		}
	}
	if err := checkLength("NewDescription", c.p("NewDescription"), 1024); err != nil {
		return nil, err
	}
	maxDur, err := c.intParam("NewMaxSessionDuration", 0, 3600, 43200)
	if err != nil {
		return nil, err
	}
	if err := c.authorize(c.roleResource(name)); err != nil {
		return nil, err
	}
	r := c.s.role(name)
	if r == nil {
		return nil, errNoRole()
	}
	if err := refuseServiceLinked(r, "UpdateRole"); err != nil {
		return nil, err
	}
	if trust != nil {
		r.TrustPolicy, r.trust = doc, trust
	}
	if c.has("NewDescription") {
		r.Description = c.p("NewDescription")
	}
	if maxDur != 0 {
		r.MaxSessionDuration = maxDur
	}
	r.Updated = c.now
	return map[string]any{"Role": r.view(c.s.AccountID)}, nil
}

func deleteRole(c *call) (any, *Error) {
	r, err := c.existingRole("RoleName")
	if err != nil {
		return nil, err
	}
	if err := refuseServiceLinked(r, "DeleteRole"); err != nil {
		return nil, err
	}
	if len(r.Attached) > 0 {
		return nil, errConflict("DeleteConflict.Role.Policy", "The role CAN NOT has any attached policy while deleting the role.")
	}
	delete(c.s.Roles, key(r.Name))
	c.s.unnamed("roles", key(r.Name))
	return map[string]any{}, nil
}

func listRoles(c *call) (any, *Error) {
	pg, err := c.pager(1000)
	if err != nil {
		return nil, err
	}
	if err := c.authorize(c.accountResource()); err != nil {
		return nil, err
	}
	keys, pageInfo := pg.slice(sortedNames(c.s, "roles", c.s.Roles))
	out := rolesList{Role: make([]roleView, 0, len(keys))}
	for _, k := range keys {
		v := c.s.Roles[k].view(c.s.AccountID)
		v.AssumeRolePolicyDocument = "" // ListRoles leaves the trust policy out (GetRole has it)
		out.Role = append(out.Role, v)
	}
	return struct {
		page
		Roles rolesList `json:"Roles"`
	}{pageInfo, out}, nil
}
