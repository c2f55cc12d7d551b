package grant

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ramtui/ramtui/ramclient"
)

// ErrNotAGrant is returned by PlanRevoke for a role a grant did not make.
var ErrNotAGrant = errors.New("the role was not made by ramtui grant (its description does not start with \"" + strings.TrimSpace(Marker) + "\"), so revoke leaves it alone")

// RevokePlan undoes a grant made earlier: the role, its policy and the caller-side permission.
type RevokePlan struct {
	Role  ramclient.Role
	Steps []RevokeStep
	// Kept says what stays and why (a policy the grant did not make, one attached elsewhere).
	Kept []string
}

// RevokeStep is one change of a revocation.
type RevokeStep struct {
	Title string
	run   func(ctx context.Context, c *ramclient.Client) error
}

// PlanRevoke reads a grant's role and what hangs on it and returns the steps that remove it. It
// changes nothing. Only what carries the Marker is deleted; other policies attached to the role
// are detached (a role with policies cannot be deleted) and stay.
func PlanRevoke(ctx context.Context, c *ramclient.Client, roleName string) (*RevokePlan, error) {
	if !roleNameRE.MatchString(roleName) {
		return nil, fieldErr("role", "%q is not a role name (1-64 of letters, digits, . -)", roleName)
	}
	role, err := c.GetRole(ctx, roleName)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(role.Description, Marker) {
		return nil, fmt.Errorf("role %s: %w", roleName, ErrNotAGrant)
	}
	rp := &RevokePlan{Role: role}
	attached, err := c.PoliciesFor(ctx, ramclient.RolePrincipal(roleName))
	if err != nil {
		return nil, err
	}
	onRole := 0 // whether the grant's own policy is attached to the role (0 or 1)
	for _, pol := range attached {
		pol := pol
		rp.Steps = append(rp.Steps, RevokeStep{"detach policy " + pol.PolicyName + " from role " + roleName,
			func(ctx context.Context, c *ramclient.Client) error {
				return c.DetachPolicy(ctx, ramclient.RolePrincipal(roleName), pol.PolicyName, pol.PolicyType)
			}})
		if pol.PolicyType == ramclient.PolicyCustom && pol.PolicyName == PolicyName(roleName) {
			onRole = 1
		} else {
			rp.Kept = append(rp.Kept, "policy "+pol.PolicyName+": not made by this grant, only detached")
		}
	}
	rp.Steps = append(rp.Steps, RevokeStep{"delete role " + roleName, func(ctx context.Context, c *ramclient.Client) error {
		return c.DeleteRole(ctx, roleName)
	}})
	// The grant's permission policy, attached to the role or not (a revoke that stopped after
	// detaching it and is run again must still delete it).
	name := PolicyName(roleName)
	perm, err := c.GetPolicy(ctx, name, ramclient.PolicyCustom)
	switch {
	case errors.Is(err, ramclient.ErrNotFound):
	case err != nil:
		return nil, err
	case !strings.HasPrefix(perm.Description, Marker):
		rp.Kept = append(rp.Kept, "policy "+name+": not made by a grant, only detached")
	default:
		ents, err := c.PolicyEntities(ctx, name, ramclient.PolicyCustom)
		if err != nil {
			return nil, err
		}
		if len(ents.Users)+len(ents.Groups)+len(ents.Roles) > onRole {
			rp.Kept = append(rp.Kept, "policy "+name+": also attached elsewhere, only detached")
		} else {
			rp.Steps = append(rp.Steps, deletePolicyStep(name))
		}
	}

	// The caller-side permission: it allows assuming this role only, which is going away.
	name = CallerPolicyName(roleName)
	caller, err := c.GetPolicy(ctx, name, ramclient.PolicyCustom)
	switch {
	case errors.Is(err, ramclient.ErrNotFound):
	case err != nil:
		return nil, err
	case !strings.HasPrefix(caller.Description, Marker):
		rp.Kept = append(rp.Kept, "policy "+name+": not made by a grant, left alone")
	default:
		ents, err := c.PolicyEntities(ctx, name, ramclient.PolicyCustom)
		if err != nil {
			return nil, err
		}
		var who []ramclient.Principal
		for _, u := range ents.Users {
			who = append(who, ramclient.UserPrincipal(u.UserName))
		}
		for _, g := range ents.Groups {
			who = append(who, ramclient.GroupPrincipal(g.GroupName))
		}
		for _, r := range ents.Roles {
			who = append(who, ramclient.RolePrincipal(r.RoleName))
		}
		for _, p := range who {
			p := p
			rp.Steps = append(rp.Steps, RevokeStep{"detach policy " + name + " from " + p.String(), func(ctx context.Context, c *ramclient.Client) error {
				return c.DetachPolicy(ctx, p, name, ramclient.PolicyCustom)
			}})
		}
		rp.Steps = append(rp.Steps, deletePolicyStep(name))
	}
	return rp, nil
}

// deletePolicyStep deletes a custom policy, its non-default versions first (RAM refuses to
// delete a policy that has them).
func deletePolicyStep(name string) RevokeStep {
	return RevokeStep{"delete policy " + name, func(ctx context.Context, c *ramclient.Client) error {
		versions, err := c.PolicyVersions(ctx, name, ramclient.PolicyCustom)
		if err != nil {
			return err
		}
		for _, v := range versions {
			if !v.IsDefault {
				if err := c.DeletePolicyVersion(ctx, name, v.VersionID); err != nil {
					return err
				}
			}
		}
		return c.DeletePolicy(ctx, name)
	}}
}

// Apply runs the revocation's steps in order, reporting each; it stops at the first failure
// (there is nothing to roll back to: run it again, it plans from what is left).
func (rp *RevokePlan) Apply(ctx context.Context, c *ramclient.Client, progress func(Event)) error {
	if progress == nil {
		progress = func(Event) {}
	}
	for i, st := range rp.Steps {
		ev := Event{Index: i + 1, Total: len(rp.Steps), Title: st.Title, State: Running}
		progress(ev)
		if err := st.run(ctx, c); err != nil {
			ev.State, ev.Err = Failed, err
			progress(ev)
			return fmt.Errorf("%s: %w", st.Title, err)
		}
		ev.State = Done
		progress(ev)
	}
	return nil
}
