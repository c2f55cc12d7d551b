package ramclient

import (
	"context"
	"fmt"
	"strings"
	"unicode"
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

// Check applies the account's password policy to a new password as the service does
// (InvalidParameter.Password.TooWeak), so a form can say what is missing before any call.
func (p PasswordPolicy) Check(v string) error {
	if err := password("", "Password", v); err != nil {
		return err
	}
	var lower, upper, digit, symbol bool
	for _, r := range v {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			symbol = true
		}
	}
	var missing []string
	if n := utf8.RuneCountInString(v); n < p.MinimumPasswordLength {
		missing = append(missing, fmt.Sprintf("at least %d characters (%d now)", p.MinimumPasswordLength, n))
	}
	for _, r := range []struct {
		want, has bool
		what      string
	}{{p.RequireLowercaseCharacters, lower, "a lower-case letter"}, {p.RequireUppercaseCharacters, upper, "an upper-case letter"},
		{p.RequireNumbers, digit, "a digit"}, {p.RequireSymbols, symbol, "a symbol"}} {
		if r.want && !r.has {
			missing = append(missing, r.what)
		}
	}
	if len(missing) > 0 {
		return invalidInput("", "Password", "the account's password policy asks for %s", strings.Join(missing, ", "))
	}
	return nil
}

// Rules says the policy's rules for a new password in a few words.
func (p PasswordPolicy) Rules() string {
	parts := []string{fmt.Sprintf("%d to 32 characters", max(p.MinimumPasswordLength, 1))}
	for _, r := range []struct {
		on   bool
		what string
	}{{p.RequireLowercaseCharacters, "lower-case"}, {p.RequireUppercaseCharacters, "upper-case"},
		{p.RequireNumbers, "a digit"}, {p.RequireSymbols, "a symbol"}} {
		if r.on {
			parts = append(parts, r.what)
		}
	}
	return strings.Join(parts, ", ")
}
