package account

// Groups and membership (ram-api.md §3.5).

func (c *call) existingGroup(param string) (*group, *Error) {
	name, err := c.groupName(param)
	if err != nil {
		return nil, err
	}
	if err := c.authorize(c.groupResource(name)); err != nil {
		return nil, err
	}
	g := c.s.group(name)
	if g == nil {
		return nil, errNoGroup()
	}
	return g, nil
}

func createGroup(c *call) (any, *Error) {
	name, err := c.groupName("GroupName")
	if err != nil {
		return nil, err
	}
	if err := checkLength("Comments", c.p("Comments"), 128); err != nil {
		return nil, err
	}
	if err := c.authorize(c.groupResource(name)); err != nil {
		return nil, err
	}
	if c.s.group(name) != nil {
		return nil, errConflict("EntityAlreadyExists.Group", "The group does already EXIST.")
	}
	if len(c.s.Groups) >= c.s.Limits.Groups {
		return nil, errConflict("LimitExceeded.Group", "The count of groups beyond the current limits (%d).", c.s.Limits.Groups)
	}
	g := &group{ID: newGroupID(), Name: name, Comments: c.p("Comments"), Created: c.now, Updated: c.now}
	c.s.Groups[key(name)] = g
	c.s.named("groups", key(name))
	return map[string]any{"Group": g.view()}, nil
}

func getGroup(c *call) (any, *Error) {
	g, err := c.existingGroup("GroupName")
	if err != nil {
		return nil, err
	}
	return map[string]any{"Group": g.view()}, nil
}

func updateGroup(c *call) (any, *Error) {
	name, err := c.groupName("GroupName")
	if err != nil {
		return nil, err
	}
	newName := c.p("NewGroupName")
	if newName != "" {
		if err := checkName("NewGroupName", newName, 64, groupNameChars); err != nil {
			return nil, err
		}
	}
	if err := checkLength("NewComments", c.p("NewComments"), 128); err != nil {
		return nil, err
	}
	if err := c.authorize(c.groupResource(name)); err != nil {
		return nil, err
	}
	g := c.s.group(name)
	if g == nil {
		return nil, errNoGroup()
	}
	if newName != "" && key(newName) != key(g.Name) && c.s.group(newName) != nil {
		return nil, errConflict("EntityAlreadyExists.Group", "The group does already EXIST.")
	}
	if newName != "" {
		for _, u := range c.s.groupMembers(g.Name) {
			u.Groups[u.memberOf(g.Name)].Group = newName
		}
		delete(c.s.Groups, key(g.Name))
		c.s.unnamed("groups", key(g.Name))
		c.s.holderRenamed(principalGroup, key(g.Name), key(newName), g.Attached)
		g.Name = newName
		c.s.Groups[key(newName)] = g
		c.s.named("groups", key(newName))
	}
	if c.has("NewComments") {
		g.Comments = c.p("NewComments")
	}
	g.Updated = c.now
	return map[string]any{"Group": g.view()}, nil
}

func deleteGroup(c *call) (any, *Error) {
	g, err := c.existingGroup("GroupName")
	if err != nil {
		return nil, err
	}
	if len(c.s.groupMembers(g.Name)) > 0 {
		return nil, errConflict("DeleteConflict.Group.User", "The group CAN NOT has any user member while deleting the group.")
	}
	if len(g.Attached) > 0 {
		return nil, errConflict("DeleteConflict.Group.Policy", "The group CAN NOT has any attached policy while deleting the group.")
	}
	delete(c.s.Groups, key(g.Name))
	c.s.unnamed("groups", key(g.Name))
	return map[string]any{}, nil
}

func listGroups(c *call) (any, *Error) {
	pg, err := c.pager(100)
	if err != nil {
		return nil, err
	}
	if err := c.authorize(c.accountResource()); err != nil {
		return nil, err
	}
	keys, pageInfo := pg.slice(sortedNames(c.s, "groups", c.s.Groups))
	out := groupsList{Group: make([]groupView, 0, len(keys))}
	for _, k := range keys {
		out.Group = append(out.Group, c.s.Groups[k].view())
	}
	return struct {
		page
		Groups groupsList `json:"Groups"`
	}{pageInfo, out}, nil
}

// membershipArgs validates GroupName and UserName, authorizes on the group and finds both.
func (c *call) membershipArgs() (*group, *user, *Error) {
	gname, err := c.groupName("GroupName")
	if err != nil {
		return nil, nil, err
	}
	uname, err := c.userName("UserName")
	if err != nil {
		return nil, nil, err
	}
	if err := c.authorize(c.groupResource(gname)); err != nil {
		return nil, nil, err
	}
	g, u := c.s.group(gname), c.s.user(uname)
	if u == nil {
		return nil, nil, errNoUser()
	}
	if g == nil {
		return nil, nil, errNoGroup()
	}
	return g, u, nil
}

func addUserToGroup(c *call) (any, *Error) {
	g, u, err := c.membershipArgs()
	if err != nil {
		return nil, err
	}
	if u.memberOf(g.Name) >= 0 {
		return nil, errConflict("EntityAlreadyExists.User.Group", "The user has already joined the group.")
	}
	if len(u.Groups) >= maxGroupsPerUser {
		return nil, errConflict("LimitExceeded.User.Group",
			"The count of groups that the user joined beyond the current limits (%d).", maxGroupsPerUser)
	}
	u.Groups = append(u.Groups, membership{Group: g.Name, Joined: c.now})
	return map[string]any{}, nil
}

func removeUserFromGroup(c *call) (any, *Error) {
	g, u, err := c.membershipArgs()
	if err != nil {
		return nil, err
	}
	i := u.memberOf(g.Name)
	if i < 0 {
		return nil, errNotFound("EntityNotExist.User.Group", "The user has not joined the group.")
	}
	u.Groups = append(u.Groups[:i:i], u.Groups[i+1:]...)
	return map[string]any{}, nil
}

func listGroupsForUser(c *call) (any, *Error) {
	u, err := c.existingUser("UserName")
	if err != nil {
		return nil, err
	}
	out := groupsList{Group: make([]groupView, 0, len(u.Groups))}
	for _, m := range u.Groups {
		if g := c.s.group(m.Group); g != nil {
			out.Group = append(out.Group, groupView{GroupName: g.Name, Comments: g.Comments, JoinDate: fmtTime(m.Joined)})
		}
	}
	return map[string]any{"Groups": out}, nil
}

func listUsersForGroup(c *call) (any, *Error) {
	pg, err := c.pager(1000)
	if err != nil {
		return nil, err
	}
	g, err := c.existingGroup("GroupName")
	if err != nil {
		return nil, err
	}
	members := map[string]*user{}
	for _, u := range c.s.groupMembers(g.Name) {
		members[key(u.Name)] = u
	}
	keys, pageInfo := pg.slice(sortedKeys(members))
	out := usersList{User: make([]userView, 0, len(keys))}
	for _, k := range keys {
		u := members[k]
		out.User = append(out.User, userView{UserName: u.Name, DisplayName: u.DisplayName,
			JoinDate: fmtTime(u.Groups[u.memberOf(g.Name)].Joined)})
	}
	return struct {
		page
		Users usersList `json:"Users"`
	}{pageInfo, out}, nil
}
