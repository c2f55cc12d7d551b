package account

// Users: CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers (ram-api.md §3.2).

// userFields validates the optional profile fields of CreateUser (prefix "") or UpdateUser
// (prefix "New").
func (c *call) userFields(prefix string) *Error {
	if v := c.p(prefix + "DisplayName"); v != "" {
		if err := checkDisplayName(prefix+"DisplayName", v); err != nil {
			return err
		}
	}
	if v := c.p(prefix + "MobilePhone"); v != "" {
		if err := checkMobile(prefix+"MobilePhone", v); err != nil {
			return err
		}
	}
	if v := c.p(prefix + "Email"); v != "" {
		if err := checkEmail(prefix+"Email", v); err != nil {
			return err
		}
	}
	return checkLength(prefix+"Comments", c.p(prefix+"Comments"), 128)
}

func createUser(c *call) (any, *Error) {
	name, err := c.userName("UserName")
	if err != nil {
		return nil, err
	}
	if err := c.userFields(""); err != nil {
		return nil, err
	}
	if err := c.authorize(c.userResource(name)); err != nil {
		return nil, err
	}
	if c.s.user(name) != nil {
		return nil, errConflict("EntityAlreadyExists.User", "The user does already EXIST.")
	}
	if len(c.s.Users) >= c.s.Limits.Users {
		return nil, errConflict("LimitExceeded.User", "The count of users beyond the current limits (%d).", c.s.Limits.Users)
	}
	u := &user{
		ID: newUserID(), Name: name, DisplayName: c.p("DisplayName"), MobilePhone: c.p("MobilePhone"),
		Email: c.p("Email"), Comments: c.p("Comments"), Created: c.now, Updated: c.now,
	}
	c.s.Users[key(name)] = u
	c.s.named("users", key(name))
	return map[string]any{"User": u.view()}, nil
}

// existingUser validates UserName, authorizes on the user and finds it.
func (c *call) existingUser(param string) (*user, *Error) {
	name, err := c.userName(param)
	if err != nil {
		return nil, err
	}
	if err := c.authorize(c.userResource(name)); err != nil {
		return nil, err
	}
	u := c.s.user(name)
	if u == nil {
		return nil, errNoUser()
	}
	return u, nil
}

func getUser(c *call) (any, *Error) {
	u, err := c.existingUser("UserName")
	if err != nil {
		return nil, err
	}
	return map[string]any{"User": u.view()}, nil
}

func updateUser(c *call) (any, *Error) {
	name, err := c.userName("UserName")
	if err != nil {
		return nil, err
	}
	newName := c.p("NewUserName")
	if newName != "" {
		if err := checkName("NewUserName", newName, 64, userNameChars); err != nil {
			return nil, err
		}
	}
	if err := c.userFields("New"); err != nil {
		return nil, err
	}
	if err := c.authorize(c.userResource(name)); err != nil {
		return nil, err
	}
	u := c.s.user(name)
	if u == nil {
		return nil, errNoUser()
	}
	if newName != "" && key(newName) != key(u.Name) && c.s.user(newName) != nil {
		return nil, errConflict("EntityAlreadyExists.User", "The user does already EXIST.")
	}
	if newName != "" {
		delete(c.s.Users, key(u.Name))
		c.s.unnamed("users", key(u.Name))
		if d := c.s.MFADevices[u.MFASerial]; d != nil {
			d.User = newName
		}
		c.s.holderRenamed(principalUser, key(u.Name), key(newName), u.Attached)
		u.Name = newName
		c.s.Users[key(newName)] = u
		c.s.named("users", key(newName))
	}
	if c.p("NewDisplayName") != "" {
		u.DisplayName = c.p("NewDisplayName")
	}
	if c.has("NewMobilePhone") {
		u.MobilePhone = c.p("NewMobilePhone")
	}
	if c.has("NewEmail") {
		u.Email = c.p("NewEmail")
	}
	if c.has("NewComments") {
		u.Comments = c.p("NewComments")
	}
	u.Updated = c.now
	return map[string]any{"User": u.view()}, nil
}

func deleteUser(c *call) (any, *Error) {
	u, err := c.existingUser("UserName")
	if err != nil {
		return nil, err
	}
	conflict := func(what, code string) *Error {
		return errConflict("DeleteConflict.User."+code, "The user CAN NOT has any %s while deleting the user.", what)
	}
	switch {
	case len(u.Keys) > 0:
		return nil, conflict("access key", "AccessKey")
	case len(u.Groups) > 0:
		return nil, conflict("group", "Group")
	case len(u.Attached) > 0:
		return nil, conflict("policy", "Policy")
	case u.Login != nil:
		return nil, conflict("login profile", "LoginProfile")
	case u.MFASerial != "":
		return nil, conflict("MFA device", "MFADevice")
	}
	delete(c.s.Users, key(u.Name))
	c.s.unnamed("users", key(u.Name))
	return map[string]any{}, nil
}

func listUsers(c *call) (any, *Error) {
	pg, err := c.pager(1000)
	if err != nil {
		return nil, err
	}
	if err := c.authorize(c.accountResource()); err != nil {
		return nil, err
	}
	keys, pageInfo := pg.slice(sortedNames(c.s, "users", c.s.Users))
	return usersPageJSON(c.s, keys, pageInfo), nil // encoding/json's bytes, written faster (encode.go)
}
