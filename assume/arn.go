package assume

import (
	"fmt"
	"strings"
)

// RoleARN is a parsed role ARN, acs:ram::<AccountId>:role/<RoleName>.
type RoleARN struct {
	AccountID string
	RoleName  string
}

func (r RoleARN) String() string { return "acs:ram::" + r.AccountID + ":role/" + r.RoleName }

// ParseRoleARN parses acs:ram::<AccountId>:role/<RoleName>, the form STS requires for RoleArn.
func ParseRoleARN(s string) (RoleARN, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "acs:ram::")
	acct, res, ok2 := strings.Cut(rest, ":")
	name, ok3 := strings.CutPrefix(res, "role/")
	if !ok || !ok2 || !ok3 || !isDigits(acct) || name == "" || strings.ContainsAny(name, "/: ") {
		return RoleARN{}, fmt.Errorf("%q is not a role ARN: expected acs:ram::<AccountId>:role/<RoleName>", s)
	}
	return RoleARN{AccountID: acct, RoleName: name}, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
