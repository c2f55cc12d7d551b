package audit

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ramtui/ramtui/ramclient"
)

// Baselines for the account-wide settings, from the common benchmarks (CIS Alibaba Cloud
// Foundations: passwords of 14 characters or more with every character class, the last 5
// refused, a 90-day lifetime, a lock after 5 failed attempts; users do not manage their own
// AccessKeys; MFA is asked at every sign-in).
var baselinePassword = ramclient.PasswordPolicy{MinimumPasswordLength: 14, RequireLowercaseCharacters: true,
	RequireUppercaseCharacters: true, RequireNumbers: true, RequireSymbols: true, MaxPasswordAge: 90,
	PasswordReusePrevention: 5, MaxLoginAttempts: 5}

// checkSettings compares the password policy and the security preference with the baselines.
// Each fix is one Set call carrying only the fields it changes (Apply reads the rest first).
func checkSettings(s *Snapshot, add func(Finding)) {
	account := func(check string, sev Severity, why string, fix Fix) {
		add(Finding{Check: check, Severity: sev, Kind: "account", Name: s.AccountID, Why: why, Fix: fix})
	}
	if p := s.PasswordPolicy; p != nil {
		var short []string
		change := map[string]string{}
		b := baselinePassword
		if p.MinimumPasswordLength < b.MinimumPasswordLength {
			short = append(short, fmt.Sprintf("minimum length %d (baseline %d)", p.MinimumPasswordLength, b.MinimumPasswordLength))
			change["MinimumPasswordLength"] = strconv.Itoa(b.MinimumPasswordLength)
		}
		for _, f := range []struct {
			name string
			on   bool
			what string
		}{
			{"RequireLowercaseCharacters", p.RequireLowercaseCharacters, "lowercase letters"},
			{"RequireUppercaseCharacters", p.RequireUppercaseCharacters, "uppercase letters"},
			{"RequireNumbers", p.RequireNumbers, "digits"},
			{"RequireSymbols", p.RequireSymbols, "symbols"},
		} {
			if !f.on {
				short = append(short, f.what+" not required")
				change[f.name] = "true"
			}
		}
		if p.PasswordReusePrevention < b.PasswordReusePrevention {
			reuse := "earlier passwords may be reused"
			switch n := p.PasswordReusePrevention; {
			case n == 1:
				reuse = "only the last password refused"
			case n > 1:
				reuse = fmt.Sprintf("only the last %d passwords refused", n)
			}
			short = append(short, fmt.Sprintf("%s (baseline: the last %d refused)", reuse, b.PasswordReusePrevention))
			change["PasswordReusePrevention"] = strconv.Itoa(b.PasswordReusePrevention)
		}
		if p.MaxPasswordAge == 0 || p.MaxPasswordAge > b.MaxPasswordAge {
			age := "passwords never expire"
			if p.MaxPasswordAge > 0 {
				age = fmt.Sprintf("passwords live %d days", p.MaxPasswordAge)
			}
			short = append(short, fmt.Sprintf("%s (baseline %d)", age, b.MaxPasswordAge))
			change["MaxPasswordAge"] = strconv.Itoa(b.MaxPasswordAge)
		}
		if p.MaxLoginAttempts == 0 || p.MaxLoginAttempts > b.MaxLoginAttempts {
			short = append(short, fmt.Sprintf("%d failed sign-ins before a lock (baseline %d)", p.MaxLoginAttempts, b.MaxLoginAttempts))
			change["MaxLoginAttemps"] = strconv.Itoa(b.MaxLoginAttempts)
		}
		if len(short) > 0 {
			account(CheckPasswordPolicy, Medium, "the password policy is below the common baseline: "+strings.Join(short, "; ")+
				": weak or reused console passwords are guessed and replayed",
				Fix{Summary: "raise the password policy to the baseline (existing passwords are checked at their next change)",
					Steps: []Step{{Action: "SetPasswordPolicy", Params: change}}})
		}
	}
	if sp := s.Security; sp != nil {
		if sp.AllowUserToManageAccessKeys {
			account(CheckUsersManageKeys, Medium, "RAM users may create their own AccessKeys: long-lived secrets appear without an administrator knowing",
				Fix{Summary: "let only administrators create AccessKeys", Steps: []Step{{Action: "SetSecurityPreference",
					Params: map[string]string{"AllowUserToManageAccessKeys": "false"}}}})
		}
		if op := sp.MFAOperationForLogin; op != ramclient.MFALoginMandatory {
			why := "MFA is asked at console sign-in only of users whose login profile requires it: one without a bound device signs in with a password alone"
			if op == ramclient.MFALoginAdaptive {
				why = "MFA is asked at console sign-in only when the service finds the sign-in unusual: a stolen password used from a usual place is enough"
			}
			account(CheckMFALogin, Medium, why+" (security preference: MFAOperationForLogin "+op+")",
				Fix{Summary: "ask every user for MFA at every console sign-in (one without a device binds one at the next sign-in)",
					Steps: []Step{{API: "ims", Action: "SetSecurityPreference", Params: map[string]string{"MFAOperationForLogin": ramclient.MFALoginMandatory}}}})
		}
		if sp.EnableSaveMFATicket {
			// Whether MFA may be skipped on a remembered device.
			account(CheckMFARemembered, Low, "users may tick \"remember this device\" and skip MFA for 7 days: a stolen laptop session needs only the password",
				Fix{Summary: "ask for MFA at every sign-in", Steps: []Step{{Action: "SetSecurityPreference",
					Params: map[string]string{"EnableSaveMFATicket": "false"}}}})
		}
	}
}

// applySetting applies a SetPasswordPolicy or SetSecurityPreference step: the current
// settings are read and only the step's fields changed, so nothing else is reset.
func applySetting(ctx context.Context, c *ramclient.Client, st Step) error {
	boolOf := func(v string) (bool, error) { return strconv.ParseBool(v) }
	switch st.Action {
	case "SetPasswordPolicy":
		p, err := c.GetPasswordPolicy(ctx)
		if err != nil {
			return err
		}
		ints := map[string]*int{"MinimumPasswordLength": &p.MinimumPasswordLength, "MaxPasswordAge": &p.MaxPasswordAge,
			"PasswordReusePrevention": &p.PasswordReusePrevention, "MaxLoginAttemps": &p.MaxLoginAttempts}
		bools := map[string]*bool{"RequireLowercaseCharacters": &p.RequireLowercaseCharacters, "RequireUppercaseCharacters": &p.RequireUppercaseCharacters,
			"RequireNumbers": &p.RequireNumbers, "RequireSymbols": &p.RequireSymbols, "HardExpiry": &p.HardExpiry}
		for k, v := range st.Params {
			var err error
			switch {
			case ints[k] != nil:
				*ints[k], err = strconv.Atoi(v)
			case bools[k] != nil:
				*bools[k], err = boolOf(v)
			default:
				err = fmt.Errorf("unknown field")
			}
			if err != nil {
				return fmt.Errorf("%s=%s: %w", k, v, err)
			}
		}
		_, err = c.SetPasswordPolicy(ctx, p)
		return err
	case "SetSecurityPreference":
		var (
			p   ramclient.IMSSecurityPreference
			err error
		)
		if st.API == "ims" {
			p, err = c.GetIMSSecurityPreference(ctx)
		} else {
			p.SecurityPreference, err = c.GetSecurityPreference(ctx)
		}
		if err != nil {
			return err
		}
		bools := map[string]*bool{"EnableSaveMFATicket": &p.EnableSaveMFATicket, "AllowUserToChangePassword": &p.AllowUserToChangePassword,
			"AllowUserToManageAccessKeys": &p.AllowUserToManageAccessKeys, "AllowUserToManageMFADevices": &p.AllowUserToManageMFADevices,
			"AllowUserToManagePublicKeys": &p.AllowUserToManagePublicKeys}
		for k, v := range st.Params {
			switch {
			case k == "MFAOperationForLogin" && st.API == "ims":
				p.MFAOperationForLogin = v
			case bools[k] != nil:
				if *bools[k], err = boolOf(v); err != nil {
					return fmt.Errorf("%s=%s: %w", k, v, err)
				}
			default:
				return fmt.Errorf("%s: unknown field", k)
			}
		}
		if st.API == "ims" {
			_, err = c.SetIMSSecurityPreference(ctx, p)
		} else {
			_, err = c.SetSecurityPreference(ctx, p.SecurityPreference)
		}
		return err
	}
	return fmt.Errorf("unknown step %q", st.Action)
}
