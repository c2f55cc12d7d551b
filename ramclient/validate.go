package ramclient

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ramtui/ramtui/lazyre"
	"github.com/ramtui/ramtui/policy"
)

// Client-side validation: bad input gets a KindInvalidInput error before any API call. The rules
// are the service's (ram-api.md §3, §4). Names used only to look an entity up are checked
// loosely (non-empty, no control characters), so legacy names stay reachable; names given to
// create or rename are checked strictly.

var (
	reUserName     = lazyre.New(`^[A-Za-z0-9._-]{1,64}$`)
	reGroupName    = reUserName
	reRoleName     = lazyre.New(`^[A-Za-z0-9.-]{1,64}$`)
	rePolicyName   = lazyre.New(`^[A-Za-z0-9-]{1,128}$`)
	reVersionID    = lazyre.New(`^v[1-9][0-9]*$`)
	reMobile       = lazyre.New(`^[0-9]{1,4}-[0-9]{4,20}$`)
	reEmail        = lazyre.New(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	reSessionName  = lazyre.New(`^[A-Za-z0-9.@_-]{2,64}$`)
	reExternalID   = lazyre.New(`^[\w+=,.@:/-]+$`)
	reRoleArn      = lazyre.New(`^acs:ram::[0-9]+:role/[^/\s]{1,64}$`)
	reAccountAlias = lazyre.New(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	reAccessKeyID  = lazyre.New(`^[A-Za-z0-9.]{1,64}$`)
	minSessionTime = 900 * time.Second
	maxSessionTime = 43200 * time.Second
	minRoleMaxSess = 3600 * time.Second
)

// lookupName checks a name used to find an existing entity.
func lookupName(action, field, v string) error {
	if v == "" {
		return invalidInput(action, field, "required")
	}
	if utf8.RuneCountInString(v) > 128 {
		return invalidInput(action, field, "longer than 128 characters")
	}
	for _, r := range v {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return invalidInput(action, field, "contains a space or control character")
		}
	}
	return nil
}

// nameRule is what RAM allows in a new name of one kind, said plainly: kind ("user"), the
// characters, and the field where other text (中文) can go instead.
type nameRule struct {
	re               *lazyre.Regexp
	max              int
	kind, chars, alt string
}

var (
	userNameRule   = nameRule{reUserName, 64, "user", "a-z A-Z 0-9 . _ -", "display name"}
	groupNameRule  = nameRule{reGroupName, 64, "group", "a-z A-Z 0-9 . _ -", "comments"}
	roleNameRule   = nameRule{reRoleName, 64, "role", "a-z A-Z 0-9 . -", "description"}
	policyNameRule = nameRule{rePolicyName, 128, "policy", "a-z A-Z 0-9 -", "description"}
)

// check refuses a name RAM would refuse. A name with Chinese (any non-ASCII) letters is told
// where such text goes: "only letters … allowed" read as wrong for 测, which is a letter.
func (n nameRule) check(action, field, v string) error {
	if v == "" {
		return invalidInput(action, field, "required")
	}
	if c := utf8.RuneCountInString(v); c > n.max {
		return invalidInput(action, field, "%d characters, at most %d allowed", c, n.max)
	}
	if n.re.MatchString(v) {
		return nil
	}
	for _, r := range v {
		if r > unicode.MaxASCII {
			return invalidInput(action, field, "%q: %s names are ASCII (%s); write 中文 in the %s", v, n.kind, n.chars, n.alt)
		}
	}
	return invalidInput(action, field, "%q: only %s allowed", v, n.chars)
}

func newUserName(action, field, v string) error   { return userNameRule.check(action, field, v) }
func newGroupName(action, field, v string) error  { return groupNameRule.check(action, field, v) }
func newRoleName(action, field, v string) error   { return roleNameRule.check(action, field, v) }
func newPolicyName(action, field, v string) error { return policyNameRule.check(action, field, v) }

func maxLen(action, field, v string, max int) error {
	if n := utf8.RuneCountInString(v); n > max {
		return invalidInput(action, field, "%d characters, at most %d allowed", n, max)
	}
	return nil
}

func displayName(action, field, v string) error {
	if v == "" {
		return nil
	}
	if err := maxLen(action, field, v, 128); err != nil {
		return err
	}
	for _, r := range v {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".@- _", r)) {
			return invalidInput(action, field, "%q is not allowed (letters, digits, '.', '@', '-', '_' and spaces)", r)
		}
	}
	return nil
}

func mobile(action, field, v string) error {
	if v != "" && !reMobile.MatchString(v) {
		return invalidInput(action, field, "%q: want <country code>-<number>, e.g. 86-18600000000", v)
	}
	return nil
}

func email(action, field, v string) error {
	if v != "" && (!reEmail.MatchString(v) || len(v) > 128) {
		return invalidInput(action, field, "%q is not an email address", v)
	}
	return nil
}

func versionID(action, v string) error {
	if !reVersionID.MatchString(v) {
		return invalidInput(action, "VersionId", "%q: want v<N>, e.g. v2", v)
	}
	return nil
}

func policyType(action string, t PolicyType, allowAny bool) error {
	if t == PolicySystem || t == PolicyCustom || (allowAny && t == PolicyAny) {
		return nil
	}
	return invalidInput(action, "PolicyType", "%q: want System or Custom", string(t))
}

// policyDocument checks a policy document with package policy (size, JSON, grammar for its
// kind) before it is sent; the error carries policy's code, path and line/column.
func policyDocument(action, field, doc string, kind policy.Kind) error {
	if strings.TrimSpace(doc) == "" {
		return invalidInput(action, field, "required")
	}
	if _, err := policy.Parse(doc, kind); err != nil {
		e := invalidInput(action, field, "%v", err)
		e.Err = err // a *policy.Error: its line and column show where the document is wrong
		return e
	}
	return nil
}

func validateAssumeRole(action string, in AssumeRoleInput) error {
	if in.RoleArn == "" {
		return invalidInput(action, "RoleArn", "required")
	}
	if !reRoleArn.MatchString(in.RoleArn) {
		return invalidInput(action, "RoleArn", "%q: want acs:ram::<account id>:role/<role name>", in.RoleArn)
	}
	if !reSessionName.MatchString(in.SessionName) {
		return invalidInput(action, "RoleSessionName", "%q: 2-64 characters of letters, digits, '.', '@', '_' and '-'", in.SessionName)
	}
	if in.Duration != 0 {
		if in.Duration%time.Second != 0 {
			return invalidInput(action, "DurationSeconds", "%s is not a whole number of seconds", in.Duration)
		}
		if in.Duration < minSessionTime || in.Duration > maxSessionTime {
			return invalidInput(action, "DurationSeconds", "%s: must be between 15m and 12h (and at most the role's maximum session duration)", in.Duration)
		}
	}
	if in.Policy != "" {
		if err := policyDocument(action, "Policy", in.Policy, policy.Session); err != nil {
			return err
		}
	}
	if in.ExternalID != "" && (len(in.ExternalID) < 2 || len(in.ExternalID) > 1224 || !reExternalID.MatchString(in.ExternalID)) {
		return invalidInput(action, "ExternalId", "2-1224 characters of letters, digits and +=,.@:/-_")
	}
	return nil
}

func maxSessionDuration(action, field string, d time.Duration) error {
	if d == 0 {
		return nil
	}
	if d%time.Second != 0 || d < minRoleMaxSess || d > maxSessionTime {
		return invalidInput(action, field, "%s: must be whole seconds between 1h and 12h", d)
	}
	return nil
}

func accessKeyID(action, v string) error {
	if !reAccessKeyID.MatchString(v) {
		return invalidInput(action, "UserAccessKeyId", "%q is not an AccessKey id", v)
	}
	return nil
}

func accountAlias(action, v string) error {
	if len(v) < 3 || len(v) > 32 || !reAccountAlias.MatchString(v) {
		return invalidInput(action, "AccountAlias", "%q: 3-32 lowercase letters, digits and single inner hyphens", v)
	}
	return nil
}
