package details

import (
	"encoding/json"
	"strings"

	"github.com/ramtui/ramtui/ramclient"
)

// trustee is one principal a role's trust policy allows (or denies) to assume it.
type trustee struct {
	Kind     string // "RAM", "Service", "Federated"
	Value    string // as written in the policy
	Deny     bool
	ExtID    bool     // a sts:ExternalId condition applies
	Conds    []string // other conditions, "Operator key=value"
	Short    string   // "ops-admin", "acct 1234…", "this account", "service ecs"
	Describe string   // one line for the role screen
}

type rawStatement struct {
	Effect    string
	Principal map[string]json.RawMessage
	Condition map[string]map[string]json.RawMessage
}

// parseTrust reads the trustees of a trust policy. It is tolerant: the policy was accepted by
// RAM, and anything unexpected is shown as written rather than hidden.
func parseTrust(doc string) ([]trustee, bool) { return parseTrustIn(doc, "") }

// parseTrustIn is parseTrust for a role of account own ("" = unknown): its own account's
// root is "this account" in Short.
func parseTrustIn(doc, own string) ([]trustee, bool) {
	var raw struct {
		Statement json.RawMessage
	}
	if doc == "" || json.Unmarshal([]byte(doc), &raw) != nil {
		return nil, false
	}
	var stmts []rawStatement
	if json.Unmarshal(raw.Statement, &stmts) != nil {
		var one rawStatement
		if json.Unmarshal(raw.Statement, &one) != nil {
			return nil, false
		}
		stmts = []rawStatement{one}
	}
	var out []trustee
	for _, st := range stmts {
		extID := false
		var conds []string
		for op, kv := range st.Condition {
			for k, v := range kv {
				if strings.EqualFold(k, "sts:ExternalId") {
					extID = true
					continue
				}
				conds = append(conds, op+" "+k+"="+strings.Join(stringList(v), ","))
			}
		}
		for _, kind := range []string{"RAM", "Service", "Federated"} {
			for _, v := range stringList(st.Principal[kind]) {
				t := trustee{Kind: kind, Value: v, Deny: st.Effect == "Deny", ExtID: extID, Conds: conds}
				t.Short, t.Describe = describeTrustee(kind, v, own)
				out = append(out, t)
			}
		}
	}
	return out, true
}

func stringList(r json.RawMessage) []string {
	if len(r) == 0 {
		return nil
	}
	var s string
	if json.Unmarshal(r, &s) == nil {
		return []string{s}
	}
	var l []string
	if json.Unmarshal(r, &l) == nil {
		return l
	}
	return []string{string(r)}
}

// shortAcct is an account id cut for a column: "1357…" (the role's own account is "this
// account", so a cut id is always another account's).
func shortAcct(id string) string {
	if len(id) > 4 {
		return id[:4] + "…"
	}
	return id
}

// describeTrustee turns a principal into a short column value and a sentence. The role's own
// account (own) is "this account": as "acct 1177…" it looked like a vendor's "acct 1357…" in
// the Roles list.
func describeTrustee(kind, v, own string) (short, long string) {
	switch kind {
	case "Service":
		name := strings.TrimSuffix(v, ".aliyuncs.com")
		return "service " + name, "the cloud service " + v
	case "Federated":
		_, res := splitARN(v)
		switch {
		case strings.HasPrefix(res, "saml-provider/"):
			p := strings.TrimPrefix(res, "saml-provider/")
			return "SAML " + p, "users signed in through SAML provider " + p
		case strings.HasPrefix(res, "oidc-provider/"):
			p := strings.TrimPrefix(res, "oidc-provider/")
			return "OIDC " + p, "identities from OIDC provider " + p
		}
		return v, "federated identities of " + v
	}
	if v == "*" {
		return "anyone", "any RAM identity of any account (*)"
	}
	acct, res := splitARN(v)
	if acct == "" && res == "" {
		acct, res = v, "root" // a bare account id means its root
	}
	switch {
	case res == "root" && own != "" && acct == own:
		return "this account", "any RAM user or role of this account (" + acct + ") that its own policies allow"
	case res == "root":
		return "acct " + shortAcct(acct), "any RAM user or role of account " + acct + " that its own policies allow"
	case strings.HasPrefix(res, "user/"):
		n := strings.TrimPrefix(res, "user/")
		return n, "RAM user " + n + " of account " + acct
	case strings.HasPrefix(res, "role/"):
		n := strings.TrimPrefix(res, "role/")
		return "role " + n, "sessions of role " + n + " of account " + acct
	}
	return v, v
}

// splitARN splits "acs:ram::ACCOUNT:RESOURCE".
func splitARN(arn string) (account, resource string) {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) != 5 || parts[0] != "acs" {
		return "", ""
	}
	return parts[3], parts[4]
}

// TrustSummary is the Roles list's "who it trusts" column: "ops-admin, acct 1234…(ExtId)".
func TrustSummary(doc string) string { return trustSummaryIn(doc, "") }

// RoleTrustSummary is TrustSummary of a role: the role's own account is "this account".
func RoleTrustSummary(r ramclient.Role) string {
	own, _ := splitARN(r.Arn)
	return trustSummaryIn(r.TrustPolicy, own)
}

func trustSummaryIn(doc, own string) string {
	ts, ok := parseTrustIn(doc, own)
	if !ok {
		if doc == "" {
			return "…"
		}
		return "(unreadable trust policy)"
	}
	var parts []string
	for _, t := range ts {
		s := t.Short
		if t.Deny {
			s = "not " + s
		}
		if t.ExtID {
			s += "(ExtId)"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "nobody"
	}
	return strings.Join(parts, ", ")
}

// WhoCanAssume renders the trust policy as sentences, one trustee per line.
func WhoCanAssume(doc string) string {
	ts, ok := parseTrust(doc)
	if !ok {
		return "The trust policy could not be read; see the Trust policy section."
	}
	if len(ts) == 0 {
		return "Nobody: the trust policy names no principal."
	}
	var lines []string
	for _, t := range ts {
		line := "  " + t.Describe
		if t.Deny {
			line = "  NOT " + t.Describe + " (Deny)"
		}
		if t.ExtID {
			line += ", with the right ExternalId"
		}
		lines = append(lines, line)
		for i, c := range t.Conds {
			if i == 0 {
				lines = append(lines, "      when "+c)
			} else {
				lines = append(lines, "       and "+c)
			}
		}
	}
	return "Who can assume this role:\n" + strings.Join(lines, "\n")
}
