package ramclient

import (
	"context"
	"errors"
	"sync"
)

// Detail calls fire their independent requests at once (bounded by the client-wide
// concurrency), so a detail costs about one round trip. The first failing part's error is
// returned, the entity's own Get first.

// UserDetail is everything the user screen shows.
type UserDetail struct {
	User         User
	Policies     []Policy      // attached directly
	Groups       []Group       // JoinDate set
	AccessKeys   []AccessKey   // LastUsed not filled (see AccessKeyLastUsed)
	LoginProfile *LoginProfile // nil: no console login
	MFA          *MFADevice    // nil: no MFA device bound
}

// UserDetail runs GetUser, ListPoliciesForUser, ListGroupsForUser, ListAccessKeys,
// GetLoginProfile and GetUserMFAInfo concurrently.
func (c *Client) UserDetail(ctx context.Context, name string) (UserDetail, error) {
	if err := lookupName("GetUser", "UserName", name); err != nil {
		return UserDetail{}, c.refuse(err)
	}
	var d UserDetail
	err := fanout(ctx,
		func(ctx context.Context) (err error) { d.User, err = c.GetUser(ctx, name); return },
		func(ctx context.Context) (err error) {
			d.Policies, err = c.PoliciesFor(ctx, UserPrincipal(name))
			return
		},
		func(ctx context.Context) (err error) { d.Groups, err = c.GroupsForUser(ctx, name); return },
		func(ctx context.Context) (err error) { d.AccessKeys, err = c.AccessKeys(ctx, name); return },
		func(ctx context.Context) error {
			p, err := c.GetLoginProfile(ctx, name)
			if err == nil {
				d.LoginProfile = &p
			}
			return absentOK(err)
		},
		func(ctx context.Context) error {
			m, err := c.GetUserMFA(ctx, name)
			if err == nil {
				d.MFA = &m
			}
			return absentOK(err)
		},
	)
	if err != nil {
		return UserDetail{}, err
	}
	return d, nil
}

// absentOK treats "the user has none" (EntityNotExist.User.LoginProfile / .MFADevice) as no
// error, but not a missing user.
func absentOK(err error) error {
	var e *Error
	if errors.As(err, &e) && e.Kind == KindNotFound && e.Code != "EntityNotExist.User" {
		return nil
	}
	return err
}

// GroupDetail is everything the group screen shows.
type GroupDetail struct {
	Group    Group
	Policies []Policy
	Members  []User // JoinDate set; every page
}

// GroupDetail runs GetGroup, ListPoliciesForGroup and ListUsersForGroup (all pages) concurrently.
func (c *Client) GroupDetail(ctx context.Context, name string) (GroupDetail, error) {
	if err := lookupName("GetGroup", "GroupName", name); err != nil {
		return GroupDetail{}, c.refuse(err)
	}
	var d GroupDetail
	err := fanout(ctx,
		func(ctx context.Context) (err error) { d.Group, err = c.GetGroup(ctx, name); return },
		func(ctx context.Context) (err error) {
			d.Policies, err = c.PoliciesFor(ctx, GroupPrincipal(name))
			return
		},
		func(ctx context.Context) (err error) { d.Members, err = c.AllGroupMembers(ctx, name); return },
	)
	if err != nil {
		return GroupDetail{}, err
	}
	return d, nil
}

// RoleDetail is everything the role screen shows.
type RoleDetail struct {
	Role     Role
	Policies []Policy
}

// RoleDetail runs GetRole and ListPoliciesForRole concurrently.
func (c *Client) RoleDetail(ctx context.Context, name string) (RoleDetail, error) {
	if err := lookupName("GetRole", "RoleName", name); err != nil {
		return RoleDetail{}, c.refuse(err)
	}
	var d RoleDetail
	err := fanout(ctx,
		func(ctx context.Context) (err error) { d.Role, err = c.GetRole(ctx, name); return },
		func(ctx context.Context) (err error) {
			d.Policies, err = c.PoliciesFor(ctx, RolePrincipal(name))
			return
		},
	)
	if err != nil {
		return RoleDetail{}, err
	}
	return d, nil
}

// PolicyDetail is everything the policy screen shows.
type PolicyDetail struct {
	Policy   Policy // Document = the default version's
	Versions []PolicyVersion
	Entities PolicyEntities
}

// PolicyDetail runs GetPolicy, ListPolicyVersions and ListEntitiesForPolicy concurrently.
func (c *Client) PolicyDetail(ctx context.Context, name string, typ PolicyType) (PolicyDetail, error) {
	if err := lookupName("GetPolicy", "PolicyName", name); err != nil {
		return PolicyDetail{}, c.refuse(err)
	}
	if err := policyType("GetPolicy", typ, false); err != nil {
		return PolicyDetail{}, c.refuse(err)
	}
	var d PolicyDetail
	err := fanout(ctx,
		func(ctx context.Context) (err error) { d.Policy, err = c.GetPolicy(ctx, name, typ); return },
		func(ctx context.Context) (err error) { d.Versions, err = c.PolicyVersions(ctx, name, typ); return },
		func(ctx context.Context) (err error) { d.Entities, err = c.PolicyEntities(ctx, name, typ); return },
	)
	if err != nil {
		return PolicyDetail{}, err
	}
	return d, nil
}

// fanout runs fns concurrently and returns the first error in argument order.
func fanout(ctx context.Context, fns ...func(context.Context) error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, f := range fns {
		wg.Go(func() { errs[i] = f(ctx) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
