package policy

import "strings"

// CallerType says what kind of principal wants to assume a role.
type CallerType int

const (
	CallerAccount CallerType = iota
	CallerUser
	CallerRole
	CallerService
	CallerFederated
)

// Caller is who wants to assume a role.
type Caller struct {
	Type      CallerType
	AccountID string // the caller's account (for Account/User/Role)
	Name      string // user name, role name, service ("ecs.aliyuncs.com"), or provider ARN for Federated
}

// ARN is acs:ram::<acct>:root | :user/<n> | :role/<n>, the service name, or the provider ARN.
func (c Caller) ARN() string {
	switch c.Type {
	case CallerAccount:
		return rootARN(c.AccountID)
	case CallerUser:
		return "acs:ram::" + c.AccountID + ":user/" + c.Name
	case CallerRole:
		return "acs:ram::" + c.AccountID + ":role/" + c.Name
	}
	return c.Name
}

func rootARN(account string) string { return "acs:ram::" + account + ":root" }

// normaliseRAMPrincipals turns plain account IDs into the account's root ARN.
func normaliseRAMPrincipals(vals []string) []string {
	out, copied := vals, false
	for i, v := range vals {
		if isDigits(v) {
			if !copied {
				out, copied = append([]string(nil), vals...), true
			}
			out[i] = rootARN(v)
		}
	}
	return out
}

// Trusts decides whether a trust policy lets caller call sts:AssumeRole (ctx carries e.g.
// sts:ExternalId). A statement applies when its Action matches sts:AssumeRole, its Principal
// names the caller and its conditions hold; Deny statements win over Allow ones.
// "acs:ram::ACCOUNT:root" (or the bare account ID) trusts the account and every RAM user and
// role in it; RAM "*" trusts every RAM identity of every account. Principal matching is
// ASCII case-insensitive. On a refusal DeniedBy is DeniedByTrust.
func Trusts(trust *Document, caller Caller, ctx Context) Result {
	if trust == nil {
		return Result{Decision: ImplicitDeny, DeniedBy: DeniedByTrust}
	}
	var t tally
	prog := trust.program()
	arn := caller.ARN()
	for i := range prog.stmts {
		s := &prog.stmts[i]
		if !s.actionMatches("sts:AssumeRole") || !s.principal.matches(caller, arn) || !s.conditionsHold(ctx) {
			continue
		}
		m := Match{Type: "Trust", Statement: i, Effect: s.effect}
		if s.effect == Deny {
			t.denies = append(t.denies, m)
		} else {
			t.allows = append(t.allows, m)
		}
	}
	r := t.result()
	if r.Decision != Allowed {
		r.DeniedBy = DeniedByTrust
	}
	return r
}

func (p *cprincipal) matches(c Caller, arn string) bool {
	switch c.Type {
	case CallerAccount, CallerUser, CallerRole:
		if c.AccountID == "" {
			return false
		}
		if matchAny(p.ram, arn) {
			return true
		}
		return c.Type != CallerAccount && matchAny(p.ram, rootARN(c.AccountID))
	case CallerService:
		return c.Name != "" && matchAny(p.service, strings.TrimSpace(c.Name))
	case CallerFederated:
		return c.Name != "" && matchAny(p.federated, c.Name)
	}
	return false
}
