package ramclient

import (
	"context"
	"errors"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/ramtui/ramtui/policy"
)

func (c *Client) roles() listing[ram.Role, Role] {
	return listing[ram.Role, Role]{conv: toRole, fetch: func(ctx context.Context, marker string) (rawPage[ram.Role], error) {
		resp, err := invoke(ctx, c, call{action: "ListRoles", target: markerTarget(marker)},
			func() (requests.AcsRequest, *responses.CommonResponse) {
				req := ram.CreateListRolesRequest()
				req.Marker, req.MaxItems = marker, requests.NewInteger(pageRoles)
				return req, responses.NewCommonResponse()
			})
		if err != nil {
			return rawPage[ram.Role]{}, err
		}
		return deferredPage("ListRoles", resp, ram.CreateListRolesResponse, func(r *ram.ListRolesResponse) []ram.Role { return r.Roles.Role })
	}}
}

// ListRolesPage returns the page of roles starting at marker ("" = the first page).
func (c *Client) ListRolesPage(ctx context.Context, marker string) (Page[Role], error) {
	return c.roles().page(ctx, marker)
}

// StreamRoles calls fn with every page of roles as it arrives.
func (c *Client) StreamRoles(ctx context.Context, fn func([]Role) error) error {
	return c.roles().stream(ctx, fn)
}

// AllRoles returns every role.
func (c *Client) AllRoles(ctx context.Context) ([]Role, error) { return c.roles().all(ctx) }

// GetRole returns one role with its trust policy.
func (c *Client) GetRole(ctx context.Context, name string) (Role, error) {
	const action = "GetRole"
	if err := lookupName(action, "RoleName", name); err != nil {
		return Role{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name},
		func() (requests.AcsRequest, *ram.GetRoleResponse) {
			req := ram.CreateGetRoleRequest()
			req.RoleName = name
			return req, ram.CreateGetRoleResponse()
		})
	if err != nil {
		return Role{}, err
	}
	return toRole(resp.Role), nil
}

// NewRole is CreateRole's input.
type NewRole struct {
	RoleName           string        // 1-64 of [A-Za-z0-9.-]
	TrustPolicy        string        // AssumeRolePolicyDocument (JSON), required
	Description        string        // up to 1024
	MaxSessionDuration time.Duration // 0 = service default (1h); else 1h..12h, whole seconds
}

// CreateRole creates a role (checked against duplicates after an unknown outcome).
func (c *Client) CreateRole(ctx context.Context, r NewRole) (Role, error) {
	const action = "CreateRole"
	for _, err := range []error{
		newRoleName(action, "RoleName", r.RoleName),
		policyDocument(action, "AssumeRolePolicyDocument", r.TrustPolicy, policy.Trust),
		maxLen(action, "Description", r.Description, 1024),
		maxSessionDuration(action, "MaxSessionDuration", r.MaxSessionDuration),
	} {
		if err != nil {
			return Role{}, c.refuse(err)
		}
	}
	var found Role
	check := func(ctx context.Context) (bool, error) {
		v, err := c.GetRole(ctx, r.RoleName)
		return readBack(action, "role "+r.RoleName, v, err, &found, func(v Role) bool { return v.Description == r.Description })
	}
	resp, err := invoke(ctx, c, call{action: action, target: r.RoleName, safety: checked, check: check},
		func() (requests.AcsRequest, *ram.CreateRoleResponse) {
			req := ram.CreateCreateRoleRequest()
			req.RoleName, req.AssumeRolePolicyDocument, req.Description = r.RoleName, r.TrustPolicy, r.Description
			if r.MaxSessionDuration > 0 {
				req.MaxSessionDuration = requests.NewInteger(int(r.MaxSessionDuration / time.Second))
			}
			return req, ram.CreateCreateRoleResponse()
		})
	if errors.Is(err, errDoneEarlier) {
		return found, nil
	}
	if err != nil {
		return Role{}, err
	}
	return toRole(resp.Role), nil
}

// RoleUpdate lists what to change; zero values leave a field unchanged.
type RoleUpdate struct {
	TrustPolicy        string
	Description        string
	MaxSessionDuration time.Duration
}

// UpdateRole changes a role's trust policy, description or maximum session duration.
func (c *Client) UpdateRole(ctx context.Context, name string, up RoleUpdate) (Role, error) {
	const action = "UpdateRole"
	if err := lookupName(action, "RoleName", name); err != nil {
		return Role{}, c.refuse(err)
	}
	if up.TrustPolicy != "" {
		if err := policyDocument(action, "NewAssumeRolePolicyDocument", up.TrustPolicy, policy.Trust); err != nil {
			return Role{}, c.refuse(err)
		}
	}
	if err := maxLen(action, "NewDescription", up.Description, 1024); err != nil {
		return Role{}, c.refuse(err)
	}
	if err := maxSessionDuration(action, "NewMaxSessionDuration", up.MaxSessionDuration); err != nil {
		return Role{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name},
		func() (requests.AcsRequest, *ram.UpdateRoleResponse) {
			req := ram.CreateUpdateRoleRequest()
			req.RoleName, req.NewAssumeRolePolicyDocument, req.NewDescription = name, up.TrustPolicy, up.Description
			if up.MaxSessionDuration > 0 {
				req.NewMaxSessionDuration = requests.NewInteger(int(up.MaxSessionDuration / time.Second))
			}
			return req, ram.CreateUpdateRoleResponse()
		})
	if err != nil {
		return Role{}, err
	}
	return toRole(resp.Role), nil
}

// UpdateTrustPolicy replaces a role's trust policy.
func (c *Client) UpdateTrustPolicy(ctx context.Context, name, doc string) (Role, error) {
	if doc == "" {
		return Role{}, c.refuse(invalidInput("UpdateRole", "NewAssumeRolePolicyDocument", "required"))
	}
	return c.UpdateRole(ctx, name, RoleUpdate{TrustPolicy: doc})
}

// DeleteRole deletes a role (KindConflict while policies are attached).
func (c *Client) DeleteRole(ctx context.Context, name string) error {
	const action = "DeleteRole"
	if err := lookupName(action, "RoleName", name); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: name, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ram.DeleteRoleResponse) {
			req := ram.CreateDeleteRoleRequest()
			req.RoleName = name
			return req, ram.CreateDeleteRoleResponse()
		})
	return err
}
