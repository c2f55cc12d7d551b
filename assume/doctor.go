package assume

import (
	"fmt"
	"strings"

	"github.com/ramtui/ramtui/policy"
)

// CallerKind is the kind of identity that wants to assume a role.
type CallerKind int

const (
	CallerRoot        CallerKind = iota // the account's root AccessKey
	CallerUser                          // a RAM user
	CallerRoleSession                   // an STS session of a role (role chaining)
)

// Caller is who wants to assume a role, with the policies that decide what it may do.
type Caller struct {
	Kind      CallerKind
	AccountID string
	UserName  string // CallerUser
	RoleName  string // CallerRoleSession
	// Policies are the caller's identity policies: a user's own and its groups', or a role
	// session's role policies.
	Policies []policy.Named
	// Session is a role session's session policy, if it was given one.
	Session *policy.Named
	// PoliciesUnreadable says why Policies could not be read (the caller may lack RAM read
	// access to itself); the identity side of the diagnosis is then unknown, not failed.
	PoliciesUnreadable error
}

// ARN is the caller's principal ARN as trust policies name it.
func (c Caller) ARN() string {
	switch c.Kind {
	case CallerUser:
		return "acs:ram::" + c.AccountID + ":user/" + c.UserName
	case CallerRoleSession:
		return "acs:ram::" + c.AccountID + ":role/" + c.RoleName
	}
	return "acs:ram::" + c.AccountID + ":root"
}

func (c Caller) trustCaller() policy.Caller {
	switch c.Kind {
	case CallerUser:
		return policy.Caller{Type: policy.CallerUser, AccountID: c.AccountID, Name: c.UserName}
	case CallerRoleSession:
		return policy.Caller{Type: policy.CallerRole, AccountID: c.AccountID, Name: c.RoleName}
	}
	return policy.Caller{Type: policy.CallerAccount, AccountID: c.AccountID}
}

// Target is the role to assume. Trust is nil when it cannot be read (a role of another
// account, or no permission to GetRole): the trust side is then unknown rather than failed.
type Target struct {
	ARN   RoleARN
	Trust *policy.Document
	// TrustUnreadable says why Trust is nil, when it is not simply another account's role.
	TrustUnreadable error
	// Refused is set when AssumeRole was tried and refused with NoPermission: the
	// AccessDeniedDetail's PolicyType, which names the side that refused -- "AssumeRolePolicy"
	// (the role's trust policy) or "AccountLevelIdentityBasedPolicy" (the caller's own
	// policies). For another account's role it is the only word on the trust side.
	Refused string
}

// The PolicyType values of an AssumeRole refusal (ram-api.md).
const (
	RefusedByTrust    = "AssumeRolePolicy"
	RefusedByIdentity = "AccountLevelIdentityBasedPolicy"
)

// Cause is one documented reason an AssumeRole fails.
type Cause int

const (
	CauseRootCaller         Cause = iota + 1 // root AccessKeys cannot assume roles
	CauseNoPermission                        // the caller lacks sts:AssumeRole on the role
	CauseNotTrusted                          // the role's trust policy does not trust the caller
	CauseExternalIDRequired                  // trusted, but only with an ExternalId (missing or wrong)
)

func (c Cause) String() string {
	switch c {
	case CauseRootCaller:
		return "the caller is the root account"
	case CauseNoPermission:
		return "the caller lacks sts:AssumeRole on the role"
	case CauseNotTrusted:
		return "the role's trust policy does not trust the caller"
	case CauseExternalIDRequired:
		return "the role requires an ExternalId"
	}
	return "unknown"
}

// FixKind is one kind of change that makes a role assumable.
type FixKind int

const (
	FixAttachSystemPolicy    FixKind = iota + 1 // attach AliyunSTSAssumeRoleAccess to the caller
	FixCreateAndAttachPolicy                    // create a policy scoped to this role, attach it
	FixUpdateTrustPolicy                        // add the caller to the role's trust policy
)

// Fix is one change an admin may confirm and apply. Alternatives for the same cause share
// the Cause; the first is the narrowest.
type Fix struct {
	Kind        FixKind
	Cause       Cause
	Description string // one line, naming exactly what changes
	// The principal that receives a policy: "User" or "Role", and its name.
	PrincipalType, PrincipalName string
	PolicyName, PolicyType       string // FixAttachSystemPolicy, FixCreateAndAttachPolicy
	PolicyDocument               string // FixCreateAndAttachPolicy: the new policy, pretty JSON
	RoleName                     string // FixUpdateTrustPolicy
	TrustDocument                string // FixUpdateTrustPolicy: the whole new trust policy
}

// Diagnosis says whether a caller can assume a role and, if not, why and how to fix it.
type Diagnosis struct {
	// Assumable means no cause was found: with Unknown set, some check could not be made.
	Assumable bool
	// Unknown is set when a side could not be checked; Unchecked says which and why.
	Unknown   bool
	Unchecked []string
	Causes    []Cause
	// Missing is the statement the caller lacks for CauseNoPermission, as JSON.
	Missing string
	Fixes   []Fix
	// CallerAccount and RoleAccount differ for a cross-account AssumeRole: each side is then
	// a different account's administrator's to fix.
	CallerAccount, RoleAccount string
}

func (d Diagnosis) crossAccount() bool { return d.CallerAccount != d.RoleAccount }

// Summary is a short reason for a list row: "" when assumable.
func (d Diagnosis) Summary() string {
	if len(d.Causes) == 0 {
		if d.Unknown {
			return "not fully checked: " + strings.Join(d.Unchecked, "; ")
		}
		return ""
	}
	parts := make([]string, len(d.Causes))
	for i, c := range d.Causes {
		parts[i] = c.String()
	}
	return strings.Join(parts, "; ")
}

// Explain is the doctor's full text: each cause, what is missing, and the fixes on offer.
func (d Diagnosis) Explain() string {
	var b strings.Builder
	switch {
	case d.Assumable && d.Unknown:
		b.WriteString("No reason found why the caller could not assume this role, but not everything could be checked:\n")
	case d.Assumable:
		b.WriteString("The caller may assume this role.\n")
	}
	for _, u := range d.Unchecked {
		b.WriteString("? " + u + "\n")
	}
	for _, c := range d.Causes {
		fmt.Fprintf(&b, "✗ %s.\n", capitalize(c.String()))
		switch c {
		case CauseRootCaller:
			b.WriteString("  Alibaba Cloud refuses AssumeRole from root AccessKeys. Use a RAM user's AccessKey.\n")
		case CauseNoPermission:
			if d.crossAccount() {
				fmt.Fprintf(&b, "  Your own account (%s) refuses: its administrator must grant this,\n  the role's account cannot.\n", d.CallerAccount)
			}
			b.WriteString("  No identity policy allows sts:AssumeRole on the role. Missing statement:\n")
			for _, l := range strings.Split(strings.TrimSpace(d.Missing), "\n") {
				b.WriteString("    " + l + "\n")
			}
		case CauseNotTrusted:
			if d.crossAccount() {
				fmt.Fprintf(&b, "  The role's account (%s) refused: its trust policy trusts neither\n", d.RoleAccount)
				fmt.Fprintf(&b, "  you nor your account (acs:ram::%s:root), or it requires an\n", d.CallerAccount)
				b.WriteString("  ExternalId or a condition that was not met. Only that account can\n")
				fmt.Fprintf(&b, "  change it: ask its administrator to trust account %s\n  and for the ExternalId they issued.\n", d.CallerAccount)
				continue
			}
			b.WriteString("  The role's trust policy names neither the caller nor its account root.\n")
		case CauseExternalIDRequired:
			b.WriteString("  The trust policy trusts the caller only with a matching sts:ExternalId. Give the ExternalId the role owner issued.\n")
		}
	}
	if len(d.Fixes) > 0 {
		b.WriteString("Fixes an admin can apply:\n")
		for _, f := range d.Fixes {
			b.WriteString("  • " + f.Description + "\n")
		}
	}
	return b.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Diagnose checks the three documented causes of a failed AssumeRole (plus a missing or wrong
// ExternalId) with the policy engine, the same way the service decides: the caller's identity
// policies (and session policy) must allow sts:AssumeRole on the role ARN, and the role's trust
// policy must trust the caller.
func Diagnose(caller Caller, target Target, externalID string) Diagnosis {
	d := Diagnosis{CallerAccount: caller.AccountID, RoleAccount: target.ARN.AccountID}
	if caller.Kind == CallerRoot {
		d.Causes = append(d.Causes, CauseRootCaller)
		return d
	}
	roleARN := target.ARN.String()
	req := policy.Request{Action: "sts:AssumeRole", Resource: roleARN}
	var identity policy.Result
	switch {
	case caller.PoliciesUnreadable != nil && target.Refused == RefusedByIdentity:
		identity.Decision = policy.ImplicitDeny // the service said so
	case caller.PoliciesUnreadable != nil && target.Refused == RefusedByTrust:
		identity.Decision = policy.Allowed // the service judges the caller's side first: it passed
	case caller.PoliciesUnreadable != nil:
		d.Unknown = true
		d.Unchecked = append(d.Unchecked, "the caller's policies could not be read: "+caller.PoliciesUnreadable.Error())
		identity.Decision = policy.Allowed // unknown, not denied
	case caller.Kind == CallerRoleSession:
		identity = policy.EvaluateSession(req, caller.Policies, caller.Session)
	default:
		identity = policy.Evaluate(req, caller.Policies)
	}
	if identity.Decision != policy.Allowed {
		d.Causes = append(d.Causes, CauseNoPermission)
		if missing, err := policy.AssumeRolePolicy(roleARN); err == nil {
			d.Missing = missing.Pretty()
			d.Fixes = append(d.Fixes, permissionFixes(caller, target.ARN, d.Missing)...)
		}
	}

	switch {
	case target.Trust == nil && target.Refused == RefusedByTrust:
		d.Causes = append(d.Causes, CauseNotTrusted) // the service said so; no fix from here
	case target.Trust == nil && target.TrustUnreadable != nil:
		d.Unknown = true
		d.Unchecked = append(d.Unchecked, "the role's trust policy could not be read: "+target.TrustUnreadable.Error())
	case target.Trust == nil:
		d.Unknown = true
		d.Unchecked = append(d.Unchecked, "the role is in account "+target.ARN.AccountID+", whose trust policies are not visible from here (trying to assume it tells which side refuses)")
	default:
		ctx := policy.Context{}
		if externalID != "" {
			ctx["sts:ExternalId"] = []string{externalID}
		}
		if policy.Trusts(target.Trust, caller.trustCaller(), ctx).Decision != policy.Allowed {
			unconditional := withoutConditions(target.Trust)
			if policy.Trusts(unconditional, caller.trustCaller(), ctx).Decision == policy.Allowed && mentionsExternalID(target.Trust) {
				d.Causes = append(d.Causes, CauseExternalIDRequired)
			} else {
				d.Causes = append(d.Causes, CauseNotTrusted)
				if fix, ok := trustFix(caller, target); ok {
					d.Fixes = append(d.Fixes, fix)
				}
			}
		}
	}
	d.Assumable = len(d.Causes) == 0
	return d
}

// permissionFixes offers the narrowest grant first: a policy allowing sts:AssumeRole on this
// one role, then the broad system policy.
func permissionFixes(caller Caller, role RoleARN, missing string) []Fix {
	ptype, pname := "User", caller.UserName
	if caller.Kind == CallerRoleSession {
		ptype, pname = "Role", caller.RoleName
	}
	name := policyNameFor(role.RoleName)
	return []Fix{
		{
			Kind: FixCreateAndAttachPolicy, Cause: CauseNoPermission,
			Description:   fmt.Sprintf("create policy %s (sts:AssumeRole on %s only) and attach it to %s %s", name, role, strings.ToLower(ptype), pname),
			PrincipalType: ptype, PrincipalName: pname,
			PolicyName: name, PolicyType: "Custom", PolicyDocument: missing,
		},
		{
			Kind: FixAttachSystemPolicy, Cause: CauseNoPermission,
			Description:   fmt.Sprintf("attach system policy AliyunSTSAssumeRoleAccess (sts:AssumeRole on every role) to %s %s", strings.ToLower(ptype), pname),
			PrincipalType: ptype, PrincipalName: pname,
			PolicyName: "AliyunSTSAssumeRoleAccess", PolicyType: "System",
		},
	}
}

// policyNameFor names the scoped policy: 1-128 of [A-Za-z0-9-], role names may hold '.'.
func policyNameFor(roleName string) string {
	name := "AssumeRole-" + strings.ReplaceAll(roleName, ".", "-")
	if len(name) > 128 {
		name = name[:128]
	}
	return name
}

// trustFix adds the caller to the trust policy in a statement of its own, leaving every
// existing statement as it was. Only for roles of the caller's own account: another account's
// trust policy is not ours to edit.
func trustFix(caller Caller, target Target) (Fix, bool) {
	if target.ARN.AccountID != caller.AccountID {
		return Fix{}, false
	}
	next := target.Trust.Clone()
	next.Statement = append(next.Statement, policy.Statement{
		Effect:    policy.Allow,
		Action:    []string{"sts:AssumeRole"},
		Principal: &policy.Principal{RAM: []string{caller.ARN()}},
	})
	return Fix{
		Kind: FixUpdateTrustPolicy, Cause: CauseNotTrusted,
		Description:   fmt.Sprintf("add %s to the trust policy of role %s", caller.ARN(), target.ARN.RoleName),
		RoleName:      target.ARN.RoleName,
		TrustDocument: next.Pretty(),
	}, true
}

// withoutConditions is d with the conditions of its Allow statements dropped: if that trusts
// the caller, only a condition (the ExternalId) stands in the way. Clone, not a struct copy:
// a parsed document carries its compiled form, which must not survive the edit.
func withoutConditions(d *policy.Document) *policy.Document {
	out := d.Clone()
	for i := range out.Statement {
		if out.Statement[i].Effect == policy.Allow {
			out.Statement[i].Condition = nil
		}
	}
	return out
}

func mentionsExternalID(d *policy.Document) bool {
	for _, s := range d.Statement {
		for _, keys := range s.Condition {
			for k := range keys {
				if strings.EqualFold(k, "sts:ExternalId") {
					return true
				}
			}
		}
	}
	return false
}
