package ramclient

import (
	"context"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ims"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// The account-wide settings: the password policy and the security preference (RAM 2015-05-01).
// The setters send every field, so a change never leaves one the caller did not mean to
// touch at a service default: read, change, set.

// PasswordPolicy is the account's password policy for RAM users' console passwords.
type PasswordPolicy struct {
	MinimumPasswordLength      int // 8-32
	RequireLowercaseCharacters bool
	RequireUppercaseCharacters bool
	RequireNumbers             bool
	RequireSymbols             bool
	HardExpiry                 bool // an expired password cannot be changed by its user
	MaxPasswordAge             int  // days, 0-1095; 0 = never expires
	PasswordReusePrevention    int  // 0-24 previous passwords refused; 0 = no check
	MaxLoginAttempts           int  // 0-32 failures in an hour before a lock; 0 = no lock
}

// SecurityPreference is the account's security preference for RAM users.
type SecurityPreference struct {
	EnableSaveMFATicket         bool // "remember this device": MFA skipped for 7 days
	AllowUserToChangePassword   bool
	LoginSessionDuration        int    // hours, 1-24
	LoginNetworkMasks           string // console sign-in only from these networks ("" = any)
	AllowUserToManageAccessKeys bool   // users create and delete their own AccessKeys
	AllowUserToManageMFADevices bool
	AllowUserToManagePublicKeys bool
}

// GetPasswordPolicy returns the account's password policy.
func (c *Client) GetPasswordPolicy(ctx context.Context) (PasswordPolicy, error) {
	resp, err := invoke(ctx, c, call{action: "GetPasswordPolicy"},
		func() (requests.AcsRequest, *ram.GetPasswordPolicyResponse) {
			return ram.CreateGetPasswordPolicyRequest(), ram.CreateGetPasswordPolicyResponse()
		})
	if err != nil {
		return PasswordPolicy{}, err
	}
	return toPasswordPolicy(resp.PasswordPolicy), nil
}

func toPasswordPolicy(p ram.PasswordPolicy) PasswordPolicy {
	return PasswordPolicy{MinimumPasswordLength: p.MinimumPasswordLength, RequireLowercaseCharacters: p.RequireLowercaseCharacters,
		RequireUppercaseCharacters: p.RequireUppercaseCharacters, RequireNumbers: p.RequireNumbers, RequireSymbols: p.RequireSymbols,
		HardExpiry: p.HardExpiry, MaxPasswordAge: p.MaxPasswordAge, PasswordReusePrevention: p.PasswordReusePrevention,
		MaxLoginAttempts: p.MaxLoginAttemps}
}

// SetPasswordPolicy replaces the account's password policy with p (every field is sent).
func (c *Client) SetPasswordPolicy(ctx context.Context, p PasswordPolicy) (PasswordPolicy, error) {
	const action = "SetPasswordPolicy"
	for _, f := range []struct {
		name     string
		v        int
		min, max int
	}{
		{"MinimumPasswordLength", p.MinimumPasswordLength, 8, 32},
		{"MaxPasswordAge", p.MaxPasswordAge, 0, 1095},
		{"PasswordReusePrevention", p.PasswordReusePrevention, 0, 24},
		{"MaxLoginAttemps", p.MaxLoginAttempts, 0, 32},
	} {
		if f.v < f.min || f.v > f.max {
			return PasswordPolicy{}, invalidInput(action, f.name, "%d is outside %d-%d", f.v, f.min, f.max)
		}
	}
	resp, err := invoke(ctx, c, call{action: action},
		func() (requests.AcsRequest, *ram.SetPasswordPolicyResponse) {
			req := ram.CreateSetPasswordPolicyRequest()
			req.MinimumPasswordLength = requests.NewInteger(p.MinimumPasswordLength)
			req.RequireLowercaseCharacters = requests.NewBoolean(p.RequireLowercaseCharacters)
			req.RequireUppercaseCharacters = requests.NewBoolean(p.RequireUppercaseCharacters)
			req.RequireNumbers = requests.NewBoolean(p.RequireNumbers)
			req.RequireSymbols = requests.NewBoolean(p.RequireSymbols)
			req.HardExpiry = requests.NewBoolean(p.HardExpiry)
			req.MaxPasswordAge = requests.NewInteger(p.MaxPasswordAge)
			req.PasswordReusePrevention = requests.NewInteger(p.PasswordReusePrevention)
			req.MaxLoginAttemps = requests.NewInteger(p.MaxLoginAttempts)
			return req, ram.CreateSetPasswordPolicyResponse()
		})
	if err != nil {
		return PasswordPolicy{}, err
	}
	return toPasswordPolicy(resp.PasswordPolicy), nil
}

// GetSecurityPreference returns the account's security preference.
func (c *Client) GetSecurityPreference(ctx context.Context) (SecurityPreference, error) {
	resp, err := invoke(ctx, c, call{action: "GetSecurityPreference"},
		func() (requests.AcsRequest, *ram.GetSecurityPreferenceResponse) {
			return ram.CreateGetSecurityPreferenceRequest(), ram.CreateGetSecurityPreferenceResponse()
		})
	if err != nil {
		return SecurityPreference{}, err
	}
	return toSecurityPreference(resp.SecurityPreference), nil
}

func toSecurityPreference(p ram.SecurityPreference) SecurityPreference {
	l := p.LoginProfilePreference
	return SecurityPreference{EnableSaveMFATicket: l.EnableSaveMFATicket, AllowUserToChangePassword: l.AllowUserToChangePassword,
		LoginSessionDuration: l.LoginSessionDuration, LoginNetworkMasks: l.LoginNetworkMasks,
		AllowUserToManageAccessKeys: p.AccessKeyPreference.AllowUserToManageAccessKeys,
		AllowUserToManageMFADevices: p.MFAPreference.AllowUserToManageMFADevices,
		AllowUserToManagePublicKeys: p.PublicKeyPreference.AllowUserToManagePublicKeys}
}

// SetSecurityPreference replaces the account's security preference with p (every field is sent).
func (c *Client) SetSecurityPreference(ctx context.Context, p SecurityPreference) (SecurityPreference, error) {
	const action = "SetSecurityPreference"
	if p.LoginSessionDuration < 1 || p.LoginSessionDuration > 24 {
		return SecurityPreference{}, invalidInput(action, "LoginSessionDuration", "%d hours is outside 1-24", p.LoginSessionDuration)
	}
	resp, err := invoke(ctx, c, call{action: action},
		func() (requests.AcsRequest, *ram.SetSecurityPreferenceResponse) {
			req := ram.CreateSetSecurityPreferenceRequest()
			req.EnableSaveMFATicket = requests.NewBoolean(p.EnableSaveMFATicket)
			req.AllowUserToChangePassword = requests.NewBoolean(p.AllowUserToChangePassword)
			req.LoginSessionDuration = requests.NewInteger(p.LoginSessionDuration)
			req.LoginNetworkMasks = p.LoginNetworkMasks
			req.AllowUserToManageAccessKeys = requests.NewBoolean(p.AllowUserToManageAccessKeys)
			req.AllowUserToManageMFADevices = requests.NewBoolean(p.AllowUserToManageMFADevices)
			req.AllowUserToManagePublicKeys = requests.NewBoolean(p.AllowUserToManagePublicKeys)
			return req, ram.CreateSetSecurityPreferenceResponse()
		})
	if err != nil {
		return SecurityPreference{}, err
	}
	return toSecurityPreference(resp.SecurityPreference), nil
}

// MFA at console sign-in: IMS's preference (2019-08-15) has it, RAM's does not.
const (
	MFALoginMandatory   = "mandatory"   // every user, at every sign-in
	MFALoginIndependent = "independent" // as each user's login profile says (the default)
	MFALoginAdaptive    = "adaptive"    // on sign-ins the service finds unusual
)

// IMSSecurityPreference is the security preference as IMS returns it: RAM's settings (without
// public keys, a Japan-site setting IMS does not carry) and MFA at sign-in.
type IMSSecurityPreference struct {
	SecurityPreference
	MFAOperationForLogin string // MFALoginMandatory, MFALoginIndependent or MFALoginAdaptive
}

// GetIMSSecurityPreference returns the security preference through IMS, with MFA at sign-in.
func (c *Client) GetIMSSecurityPreference(ctx context.Context) (IMSSecurityPreference, error) {
	resp, err := invoke(ctx, c, call{action: "GetSecurityPreference", svc: svcIMS},
		func() (requests.AcsRequest, *ims.GetSecurityPreferenceResponse) {
			return ims.CreateGetSecurityPreferenceRequest(), ims.CreateGetSecurityPreferenceResponse()
		})
	if err != nil {
		return IMSSecurityPreference{}, err
	}
	return toIMSSecurityPreference(resp.SecurityPreference), nil
}

func toIMSSecurityPreference(p ims.SecurityPreference) IMSSecurityPreference {
	l := p.LoginProfilePreference
	op := l.MFAOperationForLogin
	if op == "" { // an answer with only the older switch
		op = MFALoginIndependent
		if l.EnforceMFAForLogin {
			op = MFALoginMandatory
		}
	}
	return IMSSecurityPreference{MFAOperationForLogin: op, SecurityPreference: SecurityPreference{
		EnableSaveMFATicket: l.EnableSaveMFATicket, AllowUserToChangePassword: l.AllowUserToChangePassword,
		LoginSessionDuration: l.LoginSessionDuration, LoginNetworkMasks: l.LoginNetworkMasks,
		AllowUserToManageAccessKeys: p.AccessKeyPreference.AllowUserToManageAccessKeys,
		AllowUserToManageMFADevices: p.MFAPreference.AllowUserToManageMFADevices}}
}

// SetIMSSecurityPreference replaces the security preference through IMS with p (every field is
// sent but AllowUserToManagePublicKeys, which IMS does not carry).
func (c *Client) SetIMSSecurityPreference(ctx context.Context, p IMSSecurityPreference) (IMSSecurityPreference, error) {
	const action = "SetSecurityPreference"
	if p.LoginSessionDuration < 1 || p.LoginSessionDuration > 24 {
		return IMSSecurityPreference{}, invalidInput(action, "LoginSessionDuration", "%d hours is outside 1-24", p.LoginSessionDuration)
	}
	switch p.MFAOperationForLogin {
	case MFALoginMandatory, MFALoginIndependent, MFALoginAdaptive:
	default:
		return IMSSecurityPreference{}, invalidInput(action, "MFAOperationForLogin", "%q is not one of mandatory, independent, adaptive", p.MFAOperationForLogin)
	}
	resp, err := invoke(ctx, c, call{action: action, svc: svcIMS},
		func() (requests.AcsRequest, *ims.SetSecurityPreferenceResponse) {
			req := ims.CreateSetSecurityPreferenceRequest()
			req.EnableSaveMFATicket = requests.NewBoolean(p.EnableSaveMFATicket)
			req.AllowUserToChangePassword = requests.NewBoolean(p.AllowUserToChangePassword)
			req.LoginSessionDuration = requests.NewInteger(p.LoginSessionDuration)
			req.LoginNetworkMasks = p.LoginNetworkMasks
			req.AllowUserToManageAccessKeys = requests.NewBoolean(p.AllowUserToManageAccessKeys)
			req.AllowUserToManageMFADevices = requests.NewBoolean(p.AllowUserToManageMFADevices)
			req.MFAOperationForLogin = p.MFAOperationForLogin
			return req, ims.CreateSetSecurityPreferenceResponse()
		})
	if err != nil {
		return IMSSecurityPreference{}, err
	}
	return toIMSSecurityPreference(resp.SecurityPreference), nil
}
