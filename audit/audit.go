// Package audit answers the two questions an administrator asks of a RAM account: "what is
// risky here right now?" (Check: findings, each with its severity, why it matters and the fix it
// offers) and "who can do this?" (WhoCan). Load reads the account once into a Snapshot through
// ramclient; everything else is pure and reuses the access and policy packages' engine, so
// `ramtui audit`, `ramtui who-can` and the screens built on them give the same answers.
package audit

import (
	"fmt"
	"strings"
)

// Severity of a finding, lowest first.
type Severity int

const (
	Low Severity = iota
	Medium
	High
	Critical
)

var severityNames = []string{"low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s >= Low && int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// MarshalText writes the name ("high"), so JSON carries words, not numbers.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads "low", "medium", "high" or "critical" (any case).
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return Low, fmt.Errorf("severity %q: expected low, medium, high or critical", s)
}

// Check identifiers: stable, for scripts, SARIF rule ids and ignore lists.
const (
	CheckRootCaller       = "root-caller"
	CheckConsoleNoMFA     = "console-no-mfa"
	CheckKeyOld           = "key-older-than-90-days"
	CheckKeyUnused        = "key-unused-90-days"
	CheckKeyInactive      = "key-inactive"
	CheckKeysMultiple     = "keys-multiple-active"
	CheckConsoleAndKeys   = "console-and-keys"
	CheckUserInactive     = "user-inactive-90-days"
	CheckAdminOnUser      = "admin-on-user"
	CheckTrustAny         = "trust-any"
	CheckTrustNoExternal  = "trust-no-external-id"
	CheckTrustAccount     = "trust-whole-account"
	CheckTrustUnparsable  = "trust-unparsable"
	CheckPolicyUnattached = "policy-unattached"
	CheckPolicyLint       = "policy-lint"
	CheckPasswordPolicy   = "password-policy-weak"
	CheckUsersManageKeys  = "users-manage-own-keys"
	CheckMFARemembered    = "mfa-remembered-device"
	CheckMFALogin         = "mfa-not-required-at-sign-in"
	CheckRoleUnassumable  = "role-unassumable"
	CheckServiceRoleIdle  = "service-role-without-policy"
	CheckRootKey          = "root-accesskey"
)

// Finding is one risk: which entity, why it matters, how bad, and the fix.
type Finding struct {
	Check    string   `json:"check"`
	Severity Severity `json:"severity"`
	// Kind and Name identify the entity ("user", "legacy-app"; "accesskey", "<id>"; "role",
	// "policy", "account"); User is the owner of an AccessKey.
	Kind string `json:"kind"`
	Name string `json:"name"`
	User string `json:"user,omitempty"`
	Why  string `json:"why"`
	Fix  Fix    `json:"fix"`
}

// Entity is e.g. `user legacy-app` or `accesskey LTAI… of user legacy-app`.
func (f Finding) Entity() string {
	e := f.Kind + " " + f.Name
	if f.User != "" {
		e += " of user " + f.User
	}
	return e
}

// Fix is what the finding offers: a plan of API steps that can be confirmed and applied
// (Apply), or, when the fix needs a person's judgement, the screen where it is made.
type Fix struct {
	Summary string `json:"summary"`
	Steps   []Step `json:"steps,omitempty"`
	Screen  string `json:"screen,omitempty"` // e.g. "user legacy-app", "role prod-admin"
}

// Step is one API call of a plan, with its parameters as the API names them.
type Step struct {
	// API is "ims" for an IMS (2019-08-15) action; empty for RAM's.
	API    string            `json:"api,omitempty"`
	Action string            `json:"action"` // e.g. "UpdateAccessKey", "DeletePolicy"
	Params map[string]string `json:"params"`
}

func (s Step) String() string {
	var b strings.Builder
	b.WriteString(s.Action)
	if s.API != "" {
		b.WriteString(" (" + strings.ToUpper(s.API) + ")")
	}
	for _, k := range sortedKeys(s.Params) {
		fmt.Fprintf(&b, " %s=%s", k, s.Params[k])
	}
	return b.String()
}

// Report is an audit's result.
type Report struct {
	AccountID string    `json:"accountId"`
	Caller    string    `json:"caller"`
	Score     int       `json:"score"` // 100 = nothing found; see Score
	Findings  []Finding `json:"findings"`
	// Ignored are the findings an ignore list set aside (Report.Ignore), with their reasons;
	// they do not count in the score.
	Ignored []IgnoredFinding `json:"ignored,omitempty"`
	// Unchecked names what the caller could not read, and so was not checked.
	Unchecked []string `json:"unchecked,omitempty"`
	// CredentialReport says whether the IMS credential report was used, and why not.
	CredentialReport string `json:"credentialReport,omitempty"`
}

// weights of a finding in the score: one critical finding costs as much as 25 low ones.
var weights = [...]int{Low: 1, Medium: 4, High: 10, Critical: 25}

// Score is 100 when nothing is found and falls as the findings' weights (critical 25, high
// 10, medium 4, low 1) add up: 100×50/(50+weights), so a total of 50 halves it. It never
// reaches 0, so a bad account still shows whether it got better: a number to follow over time,
// not a grade.
func Score(fs []Finding) int {
	total := 0
	for _, f := range fs {
		total += weights[f.Severity]
	}
	return (100*50 + (50+total)/2) / (50 + total)
}

// AtLeast returns the findings of severity min or above.
func AtLeast(fs []Finding, min Severity) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Severity >= min {
			out = append(out, f)
		}
	}
	return out
}
