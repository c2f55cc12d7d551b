package assume

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ramtui/ramtui/parallel"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
)

// The functions in this file gather what Diagnose needs through ramclient. They are the only
// part of the package that talks to the network, and they are meant to run inside a tea.Cmd or
// a command, never in a UI update.

// LoadCaller asks who the client's credentials belong to and reads that identity's policies
// with their default documents: a RAM user's own and its groups' policies, or a role session's
// role policies. Only a failed GetCallerIdentity is an error: when the policies cannot be read
// (many users may not read RAM, not even about themselves) Caller.PoliciesUnreadable says why.
// A role session's session policy cannot be read back from the service; callers that know it
// (because they assumed the role themselves) set Caller.Session.
func LoadCaller(ctx context.Context, c *ramclient.Client) (Caller, error) {
	id, err := c.CallerIdentity(ctx)
	if err != nil {
		return Caller{}, err
	}
	return LoadCallerFor(ctx, c, id)
}

// LoadCallerFor is LoadCaller for an identity already known.
func LoadCallerFor(ctx context.Context, c *ramclient.Client, id ramclient.CallerIdentity) (Caller, error) {
	caller := Caller{AccountID: id.AccountID}
	var principals []ramclient.Principal
	switch id.IdentityType {
	case "Account":
		caller.Kind = CallerRoot
		return caller, nil
	case "RAMUser":
		caller.Kind = CallerUser
		caller.UserName = nameAfter(id.Arn, ":user/")
		principals = append(principals, ramclient.UserPrincipal(caller.UserName))
		groups, err := c.GroupsForUser(ctx, caller.UserName)
		if err != nil {
			caller.PoliciesUnreadable = err
			return caller, nil
		}
		for _, g := range groups {
			principals = append(principals, ramclient.GroupPrincipal(g.GroupName))
		}
	case "AssumedRoleUser":
		caller.Kind = CallerRoleSession
		caller.RoleName = SessionRoleName(id.Arn)
		principals = append(principals, ramclient.RolePrincipal(caller.RoleName))
	default:
		return caller, fmt.Errorf("unknown identity type %q for %s", id.IdentityType, id.Arn)
	}
	pols, err := loadPolicies(ctx, c, principals)
	if err != nil {
		caller.PoliciesUnreadable = err
		return caller, nil
	}
	caller.Policies = pols
	return caller, nil
}

// SessionRoleName is the role name in a session ARN: acs:ram::<acct>:role/<role>/<session>
// (also accepted: the assumed-role/<role>/<session> form).
func SessionRoleName(arn string) string {
	rest := nameAfter(arn, ":role/")
	if rest == "" {
		rest = nameAfter(arn, ":assumed-role/")
	}
	role, _, _ := strings.Cut(rest, "/")
	return role
}

func nameAfter(arn, marker string) string {
	if i := strings.Index(arn, marker); i >= 0 {
		return arn[i+len(marker):]
	}
	return ""
}

// loadPolicies lists the policies attached to each principal and reads every distinct policy's
// default document once, all concurrently (ramclient bounds how many calls are in flight).
func loadPolicies(ctx context.Context, c *ramclient.Client, principals []ramclient.Principal) ([]policy.Named, error) {
	lists := make([][]ramclient.Policy, len(principals))
	if err := parallel.Each(len(principals), func(i int) (err error) {
		lists[i], err = c.PoliciesFor(ctx, principals[i])
		return err
	}); err != nil {
		return nil, err
	}
	type key struct {
		name string
		typ  ramclient.PolicyType
	}
	seen := map[key]bool{}
	var todo []key
	for _, l := range lists {
		for _, p := range l {
			k := key{p.PolicyName, p.PolicyType}
			if !seen[k] {
				seen[k] = true
				todo = append(todo, k)
			}
		}
	}
	out := make([]policy.Named, len(todo))
	err := parallel.Each(len(todo), func(i int) error {
		p, err := c.GetPolicy(ctx, todo[i].name, todo[i].typ)
		if err != nil {
			return err
		}
		doc, err := policy.Parse(p.Document, policy.Permission)
		if err != nil {
			return fmt.Errorf("policy %s: %w", p.PolicyName, err)
		}
		out[i] = policy.Named{Name: p.PolicyName, Type: string(p.PolicyType), Doc: doc}
		return nil
	})
	return out, err
}

// LoadTarget reads a role's trust policy when the role is in the caller's own account; a role
// of another account comes back with a nil Trust (its trust policy is not readable from here),
// and so does one the caller may not read (Target.TrustUnreadable says why). The role itself is
// returned too, for its MaxSessionDuration; it is zero when unknown. A role that does not exist
// is an error (ramclient.ErrNotFound).
func LoadTarget(ctx context.Context, c *ramclient.Client, arn RoleARN, callerAccount string) (Target, ramclient.Role, error) {
	t := Target{ARN: arn}
	if arn.AccountID != callerAccount {
		return t, ramclient.Role{}, nil
	}
	role, err := c.GetRole(ctx, arn.RoleName)
	if errors.Is(err, ramclient.ErrDenied) {
		t.TrustUnreadable = err
		return t, role, nil
	}
	if err != nil {
		return t, role, err
	}
	doc, err := policy.Parse(role.TrustPolicy, policy.Trust)
	if err != nil {
		return t, role, fmt.Errorf("role %s has a trust policy the engine cannot read: %w", arn.RoleName, err)
	}
	t.Trust = doc
	return t, role, nil
}
