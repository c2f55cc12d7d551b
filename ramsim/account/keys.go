package account

import "time"

// AccessKeys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
// GetAccessKeyLastUsed (ram-api.md §3.3). At most two keys per user; the secret is shown only by
// CreateAccessKey.

// addKey creates a key for u, subject to the quota.
func (s *state) addKey(u *user, now time.Time) (*accessKey, *Error) {
	if len(u.Keys) >= maxKeysPerUser {
		return nil, errConflict("LimitExceeded.User.AccessKey",
			"The count of access keys of the user beyond the current limits (%d).", maxKeysPerUser)
	}
	id, secret := newAccessKey()
	k := &accessKey{ID: id, Secret: secret, Active: true, Created: now}
	u.Keys = append(u.Keys, k)
	s.keyOwner[id] = u
	return k, nil
}

// keyUser resolves the optional UserName of the AccessKey actions: omitted means the caller's
// own RAM user. The root account and role sessions have no user of their own, so for them
// UserName is required (the simulator does not manage root keys through the API). A RAM user
// may manage its own keys without a policy when the security preference allows it.
func (c *call) keyUser() (*user, *Error) {
	self := c.s.keyUser(c.req.Caller.AccessKeyID)
	if c.req.Caller.Type != IdentityUser {
		self = nil
	}
	name := c.p("UserName")
	if name == "" && self != nil {
		name = self.Name
	}
	if name == "" {
		return nil, errMissing("UserName")
	}
	if err := checkName("UserName", name, 64, userNameChars); err != nil {
		return nil, err
	}
	if self == nil || key(name) != key(self.Name) || !c.s.Security.AllowUserToManageAccessKeys {
		if err := c.authorize(c.userResource(name)); err != nil {
			return nil, err
		}
	}
	u := c.s.user(name)
	if u == nil {
		return nil, errNoUser()
	}
	return u, nil
}

// userKey validates UserAccessKeyId first, then resolves the user and finds the key.
func (c *call) userKey() (*user, *accessKey, *Error) {
	id, err := c.required("UserAccessKeyId")
	if err != nil {
		return nil, nil, err
	}
	u, err := c.keyUser()
	if err != nil {
		return nil, nil, err
	}
	for _, k := range u.Keys {
		if k.ID == id {
			return u, k, nil
		}
	}
	return nil, nil, errNoKey()
}

func createAccessKey(c *call) (any, *Error) {
	u, err := c.keyUser()
	if err != nil {
		return nil, err
	}
	k, err := c.s.addKey(u, c.now)
	if err != nil {
		return nil, err
	}
	v := k.view()
	v.AccessKeySecret = k.Secret
	return map[string]any{"AccessKey": v}, nil
}

func listAccessKeys(c *call) (any, *Error) {
	u, err := c.keyUser()
	if err != nil {
		return nil, err
	}
	out := keysList{AccessKey: make([]keyView, 0, len(u.Keys))}
	for _, k := range u.Keys {
		out.AccessKey = append(out.AccessKey, k.view())
	}
	return map[string]any{"AccessKeys": out}, nil
}

func updateAccessKey(c *call) (any, *Error) {
	status, err := c.required("Status")
	if err != nil {
		return nil, err
	}
	if status != "Active" && status != "Inactive" {
		return nil, errBadRequest("InvalidParameter.Status", "The parameter Status must be Active or Inactive.")
	}
	_, k, err := c.userKey()
	if err != nil {
		return nil, err
	}
	k.Active = status == "Active"
	return map[string]any{}, nil
}

func deleteAccessKey(c *call) (any, *Error) {
	u, k, err := c.userKey()
	if err != nil {
		return nil, err
	}
	for i, x := range u.Keys {
		if x == k {
			u.Keys = append(u.Keys[:i:i], u.Keys[i+1:]...)
		}
	}
	delete(c.s.keyOwner, k.ID)
	return map[string]any{}, nil
}

func getAccessKeyLastUsed(c *call) (any, *Error) {
	_, k, err := c.userKey()
	if err != nil {
		return nil, err
	}
	return map[string]any{"AccessKeyLastUsed": map[string]string{"LastUsedDate": fmtTime(k.LastUsed)}}, nil
}
