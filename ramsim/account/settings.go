package account

import (
	"slices"
	"strings"
)

// Account-wide settings: the password policy (GetPasswordPolicy/SetPasswordPolicy) and the
// security preference (GetSecurityPreference/SetSecurityPreference). The password policy
// governs CreateLoginProfile/UpdateLoginProfile; AllowUserToManageAccessKeys lets RAM users
// manage their own AccessKeys without a policy, as in the service.

type passwordPolicy struct {
	MinimumPasswordLength      int  `json:"MinimumPasswordLength"`
	RequireLowercaseCharacters bool `json:"RequireLowercaseCharacters"`
	RequireUppercaseCharacters bool `json:"RequireUppercaseCharacters"`
	RequireNumbers             bool `json:"RequireNumbers"`
	RequireSymbols             bool `json:"RequireSymbols"`
	HardExpiry                 bool `json:"HardExpiry"`
	MaxPasswordAge             int  `json:"MaxPasswordAge"`
	PasswordReusePrevention    int  `json:"PasswordReusePrevention"`
	MaxLoginAttemps            int  `json:"MaxLoginAttemps"` // sic: the API's spelling
}

func defaultPasswordPolicy() *passwordPolicy {
	return &passwordPolicy{MinimumPasswordLength: 8, MaxLoginAttemps: 5}
}

type securityPreference struct {
	EnableSaveMFATicket         bool   `json:"EnableSaveMFATicket"`
	AllowUserToChangePassword   bool   `json:"AllowUserToChangePassword"`
	LoginSessionDuration        int    `json:"LoginSessionDuration"`
	LoginNetworkMasks           string `json:"LoginNetworkMasks"`
	AllowUserToManageAccessKeys bool   `json:"AllowUserToManageAccessKeys"`
	AllowUserToManageMFADevices bool   `json:"AllowUserToManageMFADevices"`
	AllowUserToManagePublicKeys bool   `json:"AllowUserToManagePublicKeys"`
	// MFAOperationForLogin is whether MFA is asked at console sign-in: "mandatory" (every
	// user), "independent" (as each user's login profile says; "" in older state files) or
	// "adaptive" (on unusual sign-ins). Only the IMS API reads and sets it.
	MFAOperationForLogin string `json:"MFAOperationForLogin,omitempty"`
}

var mfaOperations = []string{"mandatory", "independent", "adaptive"}

// mfaOperation is MFAOperationForLogin with the service's default.
func (p *securityPreference) mfaOperation() string {
	if p.MFAOperationForLogin == "" {
		return "independent"
	}
	return p.MFAOperationForLogin
}

func defaultSecurityPreference() *securityPreference {
	return &securityPreference{EnableSaveMFATicket: true, AllowUserToChangePassword: true,
		LoginSessionDuration: 6, AllowUserToManageMFADevices: true}
}

func (p *securityPreference) view() map[string]any {
	return map[string]any{
		"LoginProfilePreference": map[string]any{"EnableSaveMFATicket": p.EnableSaveMFATicket,
			"AllowUserToChangePassword": p.AllowUserToChangePassword, "LoginSessionDuration": p.LoginSessionDuration,
			"LoginNetworkMasks": p.LoginNetworkMasks},
		"AccessKeyPreference": map[string]any{"AllowUserToManageAccessKeys": p.AllowUserToManageAccessKeys},
		"MFAPreference":       map[string]any{"AllowUserToManageMFADevices": p.AllowUserToManageMFADevices},
		"PublicKeyPreference": map[string]any{"AllowUserToManagePublicKeys": p.AllowUserToManagePublicKeys},
	}
}

// viewIMS is the IMS API's shape: no public keys, and MFA at sign-in (EnforceMFAForLogin is
// the older switch MFAOperationForLogin replaced: true when it is "mandatory").
func (p *securityPreference) viewIMS() map[string]any {
	op := p.mfaOperation()
	return map[string]any{
		"LoginProfilePreference": map[string]any{"EnableSaveMFATicket": p.EnableSaveMFATicket,
			"AllowUserToChangePassword": p.AllowUserToChangePassword, "LoginSessionDuration": p.LoginSessionDuration,
			"LoginNetworkMasks": p.LoginNetworkMasks, "MFAOperationForLogin": op, "EnforceMFAForLogin": op == "mandatory"},
		"AccessKeyPreference": map[string]any{"AllowUserToManageAccessKeys": p.AllowUserToManageAccessKeys},
		"MFAPreference":       map[string]any{"AllowUserToManageMFADevices": p.AllowUserToManageMFADevices},
	}
}

// imsSettingsActions are IMS's Get/SetSecurityPreference: the same settings as RAM's, plus
// MFA at sign-in. A request's Version picks the API (actionKey).
func imsSettingsActions() map[string]action {
	return map[string]action{
		"GetSecurityPreference": {product: IMS, run: getSecurityPreference},
		"SetSecurityPreference": {product: IMS, write: true, run: setSecurityPreference},
	}
}

func getPasswordPolicy(c *call) (any, *Error) {
	if err := c.authorize(c.accountResource()); err != nil {
		return nil, err
	}
	return map[string]any{"PasswordPolicy": c.s.PasswordPolicy}, nil
}

func setPasswordPolicy(c *call) (any, *Error) {
	next := *c.s.PasswordPolicy
	ints := []struct {
		name     string
		dst      *int
		min, max int64
	}{
		{"MinimumPasswordLength", &next.MinimumPasswordLength, 8, 32},
		{"MaxPasswordAge", &next.MaxPasswordAge, 0, 1095},
		{"PasswordReusePrevention", &next.PasswordReusePrevention, 0, 24},
		{"MaxLoginAttemps", &next.MaxLoginAttemps, 0, 32},
	}
	for _, f := range ints {
		v, err := c.intParam(f.name, int64(*f.dst), f.min, f.max)
		if err != nil {
			return nil, err
		}
		*f.dst = int(v)
	}
	bools := []struct {
		name string
		dst  *bool
	}{
		{"RequireLowercaseCharacters", &next.RequireLowercaseCharacters},
		{"RequireUppercaseCharacters", &next.RequireUppercaseCharacters},
		{"RequireNumbers", &next.RequireNumbers},
		{"RequireSymbols", &next.RequireSymbols},
		{"HardExpiry", &next.HardExpiry},
	}
	for _, f := range bools {
		v, err := c.boolParam(f.name, *f.dst)
		if err != nil {
			return nil, err
		}
		*f.dst = v
	}
	if err := c.authorize(c.accountResource()); err != nil {
		return nil, err
	}
	c.s.PasswordPolicy = &next
	return map[string]any{"PasswordPolicy": c.s.PasswordPolicy}, nil
}

func getSecurityPreference(c *call) (any, *Error) {
	if err := c.authorizeAction("ram:GetSecurityPreference", c.accountResource()); err != nil {
		return nil, err
	}
	return map[string]any{"SecurityPreference": c.securityView(c.s.Security)}, nil
}

// securityView is the preference in the shape of the request's API.
func (c *call) securityView(p *securityPreference) map[string]any {
	if c.req.Product == IMS {
		return p.viewIMS()
	}
	return p.view()
}

func setSecurityPreference(c *call) (any, *Error) {
	next := *c.s.Security
	bools := []struct {
		name string
		dst  *bool
	}{
		{"EnableSaveMFATicket", &next.EnableSaveMFATicket},
		{"AllowUserToChangePassword", &next.AllowUserToChangePassword},
		{"AllowUserToManageAccessKeys", &next.AllowUserToManageAccessKeys},
		{"AllowUserToManageMFADevices", &next.AllowUserToManageMFADevices},
	}
	if c.req.Product == IMS {
		// EnforceMFAForLogin, the older switch, first: MFAOperationForLogin wins when both are sent.
		if c.has("EnforceMFAForLogin") {
			enforce, err := c.boolParam("EnforceMFAForLogin", false)
			if err != nil {
				return nil, err
			}
			if enforce {
				next.MFAOperationForLogin = "mandatory"
			} else if next.mfaOperation() == "mandatory" {
				next.MFAOperationForLogin = "independent"
			}
		}
		if c.has("MFAOperationForLogin") {
			op := c.p("MFAOperationForLogin")
			if !slices.Contains(mfaOperations, op) {
				return nil, errBadRequest("InvalidParameter.MFAOperationForLogin",
					"The parameter MFAOperationForLogin must be one of %s.", strings.Join(mfaOperations, ", "))
			}
			next.MFAOperationForLogin = op
		}
	} else {
		bools = append(bools, struct {
			name string
			dst  *bool
		}{"AllowUserToManagePublicKeys", &next.AllowUserToManagePublicKeys})
	}
	for _, f := range bools {
		v, err := c.boolParam(f.name, *f.dst)
		if err != nil {
			return nil, err
		}
		*f.dst = v
	}
	d, err := c.intParam("LoginSessionDuration", int64(next.LoginSessionDuration), 1, 24)
	if err != nil {
		return nil, err
	}
	next.LoginSessionDuration = int(d)
	if c.has("LoginNetworkMasks") {
		next.LoginNetworkMasks = c.p("LoginNetworkMasks")
	}
	if err := c.authorizeAction("ram:SetSecurityPreference", c.accountResource()); err != nil {
		return nil, err
	}
	c.s.Security = &next
	return map[string]any{"SecurityPreference": c.securityView(&next)}, nil
}
