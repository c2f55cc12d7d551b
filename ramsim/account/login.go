package account

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Login profiles (ram-api.md §3.4). The password is kept only as a salted SHA-256 so a --state
// file never holds it; nothing in the simulator checks console passwords.

func hashPassword(accountID, userID, password string) string {
	sum := sha256.Sum256([]byte(accountID + "/" + userID + "/" + password))
	return hex.EncodeToString(sum[:])
}

// checkPassword applies the account's password policy (and the service's 32-character cap).
func (c *call) checkPassword(pw string) *Error {
	pp := c.s.PasswordPolicy
	var lower, upper, digit, symbol bool
	for _, r := range pw {
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
	n := utf8.RuneCountInString(pw)
	if n < pp.MinimumPasswordLength || n > 32 || pp.RequireLowercaseCharacters && !lower ||
		pp.RequireUppercaseCharacters && !upper || pp.RequireNumbers && !digit || pp.RequireSymbols && !symbol {
		return errBadRequest("InvalidParameter.Password.TooWeak",
			"The password does not meet the password policy: %s.", pp.describe())
	}
	return nil
}

func (pp *passwordPolicy) describe() string {
	parts := []string{fmt.Sprintf("%d to 32 characters", pp.MinimumPasswordLength)}
	for _, r := range []struct {
		on   bool
		what string
	}{{pp.RequireLowercaseCharacters, "a lower-case letter"}, {pp.RequireUppercaseCharacters, "an upper-case letter"},
		{pp.RequireNumbers, "a digit"}, {pp.RequireSymbols, "a symbol"}} {
		if r.on {
			parts = append(parts, r.what)
		}
	}
	return strings.Join(parts, ", ")
}

func (c *call) loginProfileFlags() (reset, mfa bool, err *Error) {
	if reset, err = c.boolParam("PasswordResetRequired", false); err != nil {
		return
	}
	mfa, err = c.boolParam("MFABindRequired", false)
	return
}

func (u *user) loginView() loginProfileView {
	return loginProfileView{UserName: u.Name, PasswordResetRequired: u.Login.PasswordResetRequired,
		MFABindRequired: u.Login.MFABindRequired, CreateDate: fmtTime(u.Login.Created)}
}

func createLoginProfile(c *call) (any, *Error) {
	pw, err := c.required("Password")
	if err != nil {
		return nil, err
	}
	if err := c.checkPassword(pw); err != nil {
		return nil, err
	}
	reset, mfa, err := c.loginProfileFlags()
	if err != nil {
		return nil, err
	}
	u, err := c.existingUser("UserName")
	if err != nil {
		return nil, err
	}
	if u.Login != nil {
		return nil, errConflict("EntityAlreadyExists.User.LoginProfile", "The user login profile does already EXIST.")
	}
	u.Login = &loginProfile{PasswordHash: hashPassword(c.s.AccountID, u.ID, pw),
		PasswordResetRequired: reset, MFABindRequired: mfa, Created: c.now}
	return map[string]any{"LoginProfile": u.loginView()}, nil
}

func getLoginProfile(c *call) (any, *Error) {
	u, err := c.existingUser("UserName")
	if err != nil {
		return nil, err
	}
	if u.Login == nil {
		return nil, errNoLoginProfile()
	}
	return map[string]any{"LoginProfile": u.loginView()}, nil
}

func updateLoginProfile(c *call) (any, *Error) {
	pw := c.p("Password")
	if pw != "" {
		if err := c.checkPassword(pw); err != nil {
			return nil, err
		}
	}
	reset, mfa, err := c.loginProfileFlags()
	if err != nil {
		return nil, err
	}
	u, err := c.existingUser("UserName")
	if err != nil {
		return nil, err
	}
	if u.Login == nil {
		return nil, errNoLoginProfile()
	}
	if pw != "" {
		u.Login.PasswordHash = hashPassword(c.s.AccountID, u.ID, pw)
	}
	if c.p("PasswordResetRequired") != "" {
		u.Login.PasswordResetRequired = reset
	}
	if c.p("MFABindRequired") != "" {
		u.Login.MFABindRequired = mfa
	}
	return map[string]any{}, nil
}

func deleteLoginProfile(c *call) (any, *Error) {
	u, err := c.existingUser("UserName")
	if err != nil {
		return nil, err
	}
	if u.Login == nil {
		return nil, errNoLoginProfile()
	}
	u.Login = nil
	return map[string]any{}, nil
}
