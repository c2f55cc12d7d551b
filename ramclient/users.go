package ramclient

import (
	"context"
	"errors"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

func (c *Client) users() listing[ram.User, User] {
	return listing[ram.User, User]{conv: toUser, fetch: func(ctx context.Context, marker string) (rawPage[ram.User], error) {
		// Users, roles and policies, the listings of 1,000 a page that chain at scale: their
		// items are decoded while the next page is on its way (deferredPage).
		resp, err := invoke(ctx, c, call{action: "ListUsers", target: markerTarget(marker)},
			func() (requests.AcsRequest, *responses.CommonResponse) {
				req := ram.CreateListUsersRequest()
				req.Marker, req.MaxItems = marker, requests.NewInteger(pageUsers)
				return req, responses.NewCommonResponse()
			})
		if err != nil {
			return rawPage[ram.User]{}, err
		}
		return deferredPage("ListUsers", resp, ram.CreateListUsersResponse, func(r *ram.ListUsersResponse) []ram.User { return r.Users.User })
	}}
}

// ListUsersPage returns the page of users starting at marker ("" = the first page).
func (c *Client) ListUsersPage(ctx context.Context, marker string) (Page[User], error) {
	return c.users().page(ctx, marker)
}

// StreamUsers calls fn with every page of users as it arrives.
func (c *Client) StreamUsers(ctx context.Context, fn func([]User) error) error {
	return c.users().stream(ctx, fn)
}

// AllUsers returns every user.
func (c *Client) AllUsers(ctx context.Context) ([]User, error) { return c.users().all(ctx) }

// GetUser returns one user (with LastLoginDate).
func (c *Client) GetUser(ctx context.Context, name string) (User, error) {
	const action = "GetUser"
	if err := lookupName(action, "UserName", name); err != nil {
		return User{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name},
		func() (requests.AcsRequest, *ram.GetUserResponse) {
			req := ram.CreateGetUserRequest()
			req.UserName = name
			return req, ram.CreateGetUserResponse()
		})
	if err != nil {
		return User{}, err
	}
	return toUser(resp.User), nil
}

// NewUser is CreateUser's input. Only UserName is required.
type NewUser struct {
	UserName    string // 1-64 of [A-Za-z0-9._-]
	DisplayName string // up to 128: letters, digits, '.', '@', '-', spaces
	MobilePhone string // <country code>-<number>
	Email       string
	Comments    string // up to 128
}

func (u NewUser) validate(action string) error {
	for _, err := range []error{
		newUserName(action, "UserName", u.UserName), displayName(action, "DisplayName", u.DisplayName),
		mobile(action, "MobilePhone", u.MobilePhone), email(action, "Email", u.Email),
		maxLen(action, "Comments", u.Comments, 128),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// CreateUser creates a user. If a network error leaves the outcome unknown, it looks the user up
// before trying again, so the user is never created twice.
func (c *Client) CreateUser(ctx context.Context, u NewUser) (User, error) {
	const action = "CreateUser"
	if err := u.validate(action); err != nil {
		return User{}, c.refuse(err)
	}
	var found User
	check := func(ctx context.Context) (bool, error) {
		v, err := c.GetUser(ctx, u.UserName)
		return readBack(action, "user "+u.UserName, v, err, &found, func(v User) bool {
			return v.DisplayName == u.DisplayName && v.Comments == u.Comments && v.Email == u.Email && v.MobilePhone == u.MobilePhone
		})
	}
	resp, err := invoke(ctx, c, call{action: action, target: u.UserName, safety: checked, check: check},
		func() (requests.AcsRequest, *ram.CreateUserResponse) {
			req := ram.CreateCreateUserRequest()
			req.UserName, req.DisplayName, req.MobilePhone, req.Email, req.Comments = u.UserName, u.DisplayName, u.MobilePhone, u.Email, u.Comments
			return req, ram.CreateCreateUserResponse()
		})
	if errors.Is(err, errDoneEarlier) {
		return found, nil
	}
	if err != nil {
		return User{}, err
	}
	return toUser(resp.User), nil
}

// UserUpdate lists the fields to change; "" leaves a field unchanged (the API cannot clear one).
type UserUpdate struct {
	NewUserName, DisplayName, MobilePhone, Email, Comments string
}

// UpdateUser changes a user's fields, or renames it, and returns the updated user.
func (c *Client) UpdateUser(ctx context.Context, name string, up UserUpdate) (User, error) {
	const action = "UpdateUser"
	if err := lookupName(action, "UserName", name); err != nil {
		return User{}, c.refuse(err)
	}
	if up.NewUserName != "" {
		if err := newUserName(action, "NewUserName", up.NewUserName); err != nil {
			return User{}, c.refuse(err)
		}
	}
	if err := (NewUser{UserName: "x", DisplayName: up.DisplayName, MobilePhone: up.MobilePhone, Email: up.Email, Comments: up.Comments}).validate(action); err != nil {
		return User{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: name},
		func() (requests.AcsRequest, *ram.UpdateUserResponse) {
			req := ram.CreateUpdateUserRequest()
			req.UserName, req.NewUserName, req.NewDisplayName = name, up.NewUserName, up.DisplayName
			req.NewMobilePhone, req.NewEmail, req.NewComments = up.MobilePhone, up.Email, up.Comments
			return req, ram.CreateUpdateUserResponse()
		})
	if renamedEarlier(err, up.NewUserName) {
		return c.GetUser(ctx, up.NewUserName)
	}
	if err != nil {
		return User{}, err
	}
	return toUser(resp.User), nil
}

// DeleteUser deletes a user. The service refuses (KindConflict, DeleteConflict.User.*) while the
// user still has keys, groups, policies, a login profile or MFA.
func (c *Client) DeleteUser(ctx context.Context, name string) error {
	const action = "DeleteUser"
	if err := lookupName(action, "UserName", name); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: name, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ram.DeleteUserResponse) {
			req := ram.CreateDeleteUserRequest()
			req.UserName = name
			return req, ram.CreateDeleteUserResponse()
		})
	return err
}

// GetLoginProfile returns a user's console login settings; KindNotFound when the user has none.
func (c *Client) GetLoginProfile(ctx context.Context, user string) (LoginProfile, error) {
	const action = "GetLoginProfile"
	if err := lookupName(action, "UserName", user); err != nil {
		return LoginProfile{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: user},
		func() (requests.AcsRequest, *ram.GetLoginProfileResponse) {
			req := ram.CreateGetLoginProfileRequest()
			req.UserName = user
			return req, ram.CreateGetLoginProfileResponse()
		})
	if err != nil {
		return LoginProfile{}, err
	}
	p := resp.LoginProfile
	return LoginProfile{UserName: p.UserName, PasswordResetRequired: p.PasswordResetRequired, MFABindRequired: p.MFABindRequired, CreateDate: parseTime(p.CreateDate)}, nil
}

// GetUserMFA returns the user's MFA device; KindNotFound when none is bound.
func (c *Client) GetUserMFA(ctx context.Context, user string) (MFADevice, error) {
	const action = "GetUserMFAInfo"
	if err := lookupName(action, "UserName", user); err != nil {
		return MFADevice{}, c.refuse(err)
	}
	resp, err := invoke(ctx, c, call{action: action, target: user},
		func() (requests.AcsRequest, *ram.GetUserMFAInfoResponse) {
			req := ram.CreateGetUserMFAInfoRequest()
			req.UserName = user
			return req, ram.CreateGetUserMFAInfoResponse()
		})
	if err != nil {
		return MFADevice{}, err
	}
	return MFADevice{SerialNumber: resp.MFADevice.SerialNumber, Type: resp.MFADevice.Type}, nil
}

// MFAUsers returns the names of the users with an MFA device bound, from ListVirtualMFADevices:
// one call for the whole account where GetUserMFAInfo is one per user. The action does not
// page; the account's device quota (5,000) bounds the answer. A device's seed, should the
// service return one, is not kept.
func (c *Client) MFAUsers(ctx context.Context) (map[string]bool, error) {
	resp, err := invoke(ctx, c, call{action: "ListVirtualMFADevices"},
		func() (requests.AcsRequest, *ram.ListVirtualMFADevicesResponse) {
			return ram.CreateListVirtualMFADevicesRequest(), ram.CreateListVirtualMFADevicesResponse()
		})
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, d := range resp.VirtualMFADevices.VirtualMFADevice {
		if d.User.UserName != "" {
			out[d.User.UserName] = true
		}
	}
	return out, nil
}

// AccountAlias returns the account's alias ("" when none is set).
func (c *Client) AccountAlias(ctx context.Context) (string, error) {
	resp, err := invoke(ctx, c, call{action: "GetAccountAlias"},
		func() (requests.AcsRequest, *ram.GetAccountAliasResponse) {
			return ram.CreateGetAccountAliasRequest(), ram.CreateGetAccountAliasResponse()
		})
	if err != nil {
		return "", err
	}
	return resp.AccountAlias, nil
}

// SetAccountAlias sets the account's alias (3-32 lowercase letters, digits, inner hyphens).
func (c *Client) SetAccountAlias(ctx context.Context, alias string) error {
	const action = "SetAccountAlias"
	if err := accountAlias(action, alias); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: alias},
		func() (requests.AcsRequest, *ram.SetAccountAliasResponse) {
			req := ram.CreateSetAccountAliasRequest()
			req.AccountAlias = alias
			return req, ram.CreateSetAccountAliasResponse()
		})
	return err
}

// readBack is a checked create's check: after an unknown outcome the entity is looked up. Found
// and as requested: the earlier attempt created it (stored in dst). Not found: the create did
// not happen and may be sent again. Found but different: someone else's entity, reported as the
// conflict the create would have met.
func readBack[T any](action, what string, v T, err error, dst *T, same func(T) bool) (bool, error) {
	switch {
	case errors.Is(err, ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	case !same(v):
		return false, &Error{Action: action, Kind: KindAlreadyExists,
			Message: what + " already exists and differs from the one requested: it was not created by this call"}
	}
	*dst = v
	return true, nil
}

// renamedEarlier reports whether a rename failed only because an earlier attempt, whose answer
// was lost, already did it: the old name is gone (NotFound after a lost answer). The caller then
// reads the entity under its new name (which fails plainly if someone else removed it).
func renamedEarlier(err error, newName string) bool {
	var e *Error
	return newName != "" && errors.As(err, &e) && e.afterLost && e.Kind == KindNotFound
}

// exists is readBack for a create with nothing to compare: found means created earlier.
func exists[T any](v T, err error) func(*T) (bool, error) {
	return func(dst *T) (bool, error) { return readBack("", "", v, err, dst, func(T) bool { return true }) }
}

// markerTarget is the call log's target for a list page: "" for the first page.
func markerTarget(marker string) string {
	if marker == "" {
		return ""
	}
	return "page " + truncate(marker, 24)
}
