package ramclient

import (
	"context"
	"errors"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

func (c *Client) groups() listing[ram.Group, Group] {
	return listing[ram.Group, Group]{conv: toGroup, fetch: func(ctx context.Context, marker string) (rawPage[ram.Group], error) {
		resp, err := invoke(ctx, c, call{action: "ListGroups", target: markerTarget(marker)},
			func() (requests.AcsRequest, *ram.ListGroupsResponse) {
				req := ram.CreateListGroupsRequest()
				req.Marker, req.MaxItems = marker, requests.NewInteger(pageGroups)
				return req, ram.CreateListGroupsResponse()
			})
		if err != nil {
			return rawPage[ram.Group]{}, err
		}
		return rawPage[ram.Group]{items: resp.Groups.Group, next: resp.Marker, truncated: resp.IsTruncated}, nil
	}}
}

// ListGroupsPage returns the page of groups starting at marker ("" = the first page).
func (c *Client) ListGroupsPage(ctx context.Context, marker string) (Page[Group], error) {
	return c.groups().page(ctx, marker)
}

// StreamGroups calls fn with every page of groups as it arrives.
func (c *Client) StreamGroups(ctx context.Context, fn func([]Group) error) error {
	return c.groups().stream(ctx, fn)
}

// AllGroups returns every group.
func (c *Client) AllGroups(ctx context.Context) ([]Group, error) { return c.groups().all(ctx) }

// GetGroup returns one group.
func (c *Client) GetGroup(ctx context.Context, name string) (Group, error) {
	const action = "GetGroup"
	if err := lookupName(action, "GroupName", name); err != nil {
		return Group{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name},
		func() (requests.AcsRequest, *ram.GetGroupResponse) {
			req := ram.CreateGetGroupRequest()
			req.GroupName = name
			return req, ram.CreateGetGroupResponse()
		})
	if err != nil {
		return Group{}, err
	}
	return toGroup(resp.Group), nil
}

// CreateGroup creates a group (checked against duplicates after an unknown outcome).
func (c *Client) CreateGroup(ctx context.Context, name, comments string) (Group, error) {
	const action = "CreateGroup"
	if err := newGroupName(action, "GroupName", name); err != nil {
		return Group{}, c.refuse(err)
	}
	if err := maxLen(action, "Comments", comments, 128); err != nil {
		return Group{}, c.refuse(err)
	}
	var found Group
	check := func(ctx context.Context) (bool, error) {
		v, err := c.GetGroup(ctx, name)
		return readBack(action, "group "+name, v, err, &found, func(v Group) bool { return v.Comments == comments })
	}
	resp, err := invoke(ctx, c, call{action: action, target: name, safety: checked, check: check},
		func() (requests.AcsRequest, *ram.CreateGroupResponse) {
			req := ram.CreateCreateGroupRequest()
			req.GroupName, req.Comments = name, comments
			return req, ram.CreateCreateGroupResponse()
		})
	if errors.Is(err, errDoneEarlier) {
		return found, nil
	}
	if err != nil {
		return Group{}, err
	}
	return toGroup(resp.Group), nil
}

// UpdateGroup renames a group and/or changes its comments ("" = unchanged).
func (c *Client) UpdateGroup(ctx context.Context, name, newName, newComments string) (Group, error) {
	const action = "UpdateGroup"
	if err := lookupName(action, "GroupName", name); err != nil {
		return Group{}, c.refuse(err)
	}
	if newName != "" {
		if err := newGroupName(action, "NewGroupName", newName); err != nil {
			return Group{}, c.refuse(err)
		}
	}
	if err := maxLen(action, "NewComments", newComments, 128); err != nil {
		return Group{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name},
		func() (requests.AcsRequest, *ram.UpdateGroupResponse) {
			req := ram.CreateUpdateGroupRequest()
			req.GroupName, req.NewGroupName, req.NewComments = name, newName, newComments
			return req, ram.CreateUpdateGroupResponse()
		})
	if renamedEarlier(err, newName) {
		return c.GetGroup(ctx, newName)
	}
	if err != nil {
		return Group{}, err
	}
	return toGroup(resp.Group), nil
}

// DeleteGroup deletes a group (KindConflict while it has members or policies).
func (c *Client) DeleteGroup(ctx context.Context, name string) error {
	const action = "DeleteGroup"
	if err := lookupName(action, "GroupName", name); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: name, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ram.DeleteGroupResponse) {
			req := ram.CreateDeleteGroupRequest()
			req.GroupName = name
			return req, ram.CreateDeleteGroupResponse()
		})
	return err
}

func (c *Client) groupMembers(group string) listing[ram.User, User] {
	return listing[ram.User, User]{conv: toUser, fetch: func(ctx context.Context, marker string) (rawPage[ram.User], error) {
		const action = "ListUsersForGroup"
		if err := lookupName(action, "GroupName", group); err != nil {
			return rawPage[ram.User]{}, c.refuse(err)
		}
		target := group
		if marker != "" {
			target += " " + markerTarget(marker)
		}
		resp, err := invoke(ctx, c, call{action: action, target: target},
			func() (requests.AcsRequest, *ram.ListUsersForGroupResponse) {
				req := ram.CreateListUsersForGroupRequest()
				req.GroupName, req.Marker, req.MaxItems = group, marker, requests.NewInteger(pageGroupMembers)
				return req, ram.CreateListUsersForGroupResponse()
			})
		if err != nil {
			return rawPage[ram.User]{}, err
		}
		return rawPage[ram.User]{items: resp.Users.User, next: resp.Marker, truncated: resp.IsTruncated}, nil
	}}
}

// ListGroupMembersPage returns the page of a group's users starting at marker (User.JoinDate set).
func (c *Client) ListGroupMembersPage(ctx context.Context, group, marker string) (Page[User], error) {
	return c.groupMembers(group).page(ctx, marker)
}

// StreamGroupMembers calls fn with every page of a group's users.
func (c *Client) StreamGroupMembers(ctx context.Context, group string, fn func([]User) error) error {
	return c.groupMembers(group).stream(ctx, fn)
}

// AllGroupMembers returns every user of a group.
func (c *Client) AllGroupMembers(ctx context.Context, group string) ([]User, error) {
	return c.groupMembers(group).all(ctx)
}

// GroupsForUser returns the groups a user belongs to (Group.JoinDate set).
func (c *Client) GroupsForUser(ctx context.Context, user string) ([]Group, error) {
	const action = "ListGroupsForUser"
	if err := lookupName(action, "UserName", user); err != nil {
		return nil, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: user},
		func() (requests.AcsRequest, *ram.ListGroupsForUserResponse) {
			req := ram.CreateListGroupsForUserRequest()
			req.UserName = user
			return req, ram.CreateListGroupsForUserResponse()
		})
	if err != nil {
		return nil, err
	}
	return mapSlice(resp.Groups.Group, toGroup), nil
}

// AddUserToGroup adds a user to a group.
func (c *Client) AddUserToGroup(ctx context.Context, user, group string) error {
	const action = "AddUserToGroup"
	if err := lookupName(action, "UserName", user); err != nil {
		return c.refuse(err)
	}
	if err := lookupName(action, "GroupName", group); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: user + " -> " + group, safety: settled, settledKind: KindAlreadyExists},
		func() (requests.AcsRequest, *ram.AddUserToGroupResponse) {
			req := ram.CreateAddUserToGroupRequest()
			req.UserName, req.GroupName = user, group
			return req, ram.CreateAddUserToGroupResponse()
		})
	return err
}

// RemoveUserFromGroup removes a user from a group.
func (c *Client) RemoveUserFromGroup(ctx context.Context, user, group string) error {
	const action = "RemoveUserFromGroup"
	if err := lookupName(action, "UserName", user); err != nil {
		return c.refuse(err)
	}
	if err := lookupName(action, "GroupName", group); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: user + " <- " + group, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ram.RemoveUserFromGroupResponse) {
			req := ram.CreateRemoveUserFromGroupRequest()
			req.UserName, req.GroupName = user, group
			return req, ram.CreateRemoveUserFromGroupResponse()
		})
	return err
}
