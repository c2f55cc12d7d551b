package account

import (
	"strings"
)

// Account alias (ram-api.md §3.9): 3-32 characters of lower-case letters, digits and single
// hyphens, not at either end.

var aliasChars = lazyRegexp(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

func getAccountAlias(c *call) (any, *Error) {
	if err := c.authorize(c.accountResource()); err != nil {
		return nil, err
	}
	return map[string]any{"AccountAlias": c.s.Alias}, nil
}

func setAccountAlias(c *call) (any, *Error) {
	alias, err := c.required("AccountAlias")
	if err != nil {
		return nil, err
	}
	if n := len(alias); n < 3 || n > 32 {
		return nil, errBadRequest("InvalidParameter.AccountAlias.Length", "The parameter AccountAlias must be 3 to 32 characters long.")
	}
	if !aliasChars.MatchString(alias) || strings.Contains(alias, "--") {
		return nil, errBadRequest("InvalidParameter.AccountAlias.Format",
			"The parameter AccountAlias may hold lower-case letters, digits and single hyphens, not at either end.")
	}
	if err := c.authorize(c.accountResource()); err != nil {
		return nil, err
	}
	c.s.Alias = alias
	return map[string]any{}, nil
}

func clearAccountAlias(c *call) (any, *Error) {
	if err := c.authorize(c.accountResource()); err != nil {
		return nil, err
	}
	c.s.Alias = ""
	return map[string]any{}, nil
}
