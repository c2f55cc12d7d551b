package ramclient

import (
	"context"
	"unicode/utf8"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// A user's console sign-in: the login profile (password, reset and MFA at the next sign-in)
// and the MFA device bound to it. The audit's console-no-mfa finding is fixed here. The
// password is a request parameter only: the call log leaves it out (secretParam), and no
// error message repeats it.

// Login is a console sign-in as it should be after CreateLoginProfile or UpdateLoginProfile.
type Login struct {
	// Password is the new console password; "" keeps the present one (UpdateLoginProfile
	// only: CreateLoginProfile needs one).
	Password string
	// PasswordResetRequired asks for a new password at the next sign-in.
	PasswordResetRequired bool
	// MFABindRequired asks the user to bind an MFA device at the next sign-in.
	MFABindRequired bool
}

// CheckPassword checks what RAM accepts of any password (1 to 32 characters); the account's
// password policy (GetPasswordPolicy) may ask for more, and the service says what.
func CheckPassword(v string) error { return password("", "Password", v) }

func password(action, field, v string) error {
	if v == "" {
		return invalidInput(action, field, "required")
	}
	if n := utf8.RuneCountInString(v); n > 32 {
		return invalidInput(action, field, "%d characters, at most 32 allowed", n)
	}
	return nil
}

// CreateLoginProfile gives a user console access.
func (c *Client) CreateLoginProfile(ctx context.Context, user string, l Login) error {
	const action = "CreateLoginProfile"
	if err := lookupName(action, "UserName", user); err != nil {
		return c.refuse(err)
	}
	if err := password(action, "Password", l.Password); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: user, safety: settled, settledKind: KindAlreadyExists},
		func() (requests.AcsRequest, *ram.CreateLoginProfileResponse) {
			req := ram.CreateCreateLoginProfileRequest()
			req.UserName, req.Password = user, l.Password
			req.PasswordResetRequired = requests.NewBoolean(l.PasswordResetRequired)
			req.MFABindRequired = requests.NewBoolean(l.MFABindRequired)
			return req, ram.CreateCreateLoginProfileResponse()
		})
	return err
}

// UpdateLoginProfile changes a user's console sign-in: both flags are sent as given, the
// password only when set.
func (c *Client) UpdateLoginProfile(ctx context.Context, user string, l Login) error {
	const action = "UpdateLoginProfile"
	if err := lookupName(action, "UserName", user); err != nil {
		return c.refuse(err)
	}
	if l.Password != "" {
		if err := password(action, "Password", l.Password); err != nil {
			return c.refuse(err)
		}
	}
	_, err := invoke(ctx, c, call{action: action, target: user},
		func() (requests.AcsRequest, *ram.UpdateLoginProfileResponse) {
			req := ram.CreateUpdateLoginProfileRequest()
			req.UserName, req.Password = user, l.Password
			req.PasswordResetRequired = requests.NewBoolean(l.PasswordResetRequired)
			req.MFABindRequired = requests.NewBoolean(l.MFABindRequired)
			return req, ram.CreateUpdateLoginProfileResponse()
		})
	return err
}

// DeleteLoginProfile takes a user's console access away (its AccessKeys keep working).
func (c *Client) DeleteLoginProfile(ctx context.Context, user string) error {
	const action = "DeleteLoginProfile"
	if err := lookupName(action, "UserName", user); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: user, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ram.DeleteLoginProfileResponse) {
			req := ram.CreateDeleteLoginProfileRequest()
			req.UserName = user
			return req, ram.CreateDeleteLoginProfileResponse()
		})
	return err
}

// UnbindMFADevice unbinds a user's MFA device (a lost phone): the user binds a new one at the
// next sign-in when the login profile asks for it.
func (c *Client) UnbindMFADevice(ctx context.Context, user string) error {
	const action = "UnbindMFADevice"
	if err := lookupName(action, "UserName", user); err != nil {
		return c.refuse(err)
	}
	_, err := invoke(ctx, c, call{action: action, target: user, safety: settled, settledKind: KindNotFound},
		func() (requests.AcsRequest, *ram.UnbindMFADeviceResponse) {
			req := ram.CreateUnbindMFADeviceRequest()
			req.UserName = user
			return req, ram.CreateUnbindMFADeviceResponse()
		})
	return err
}
