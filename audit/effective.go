package audit

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/parallel"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
)

// Effective is what a user may do: its own and its groups' policies merged, one line per
// statement and service, and the roles it may assume (a role's trust policy admits it and its
// policies allow sts:AssumeRole on the role).
type Effective struct {
	Lines []EffectiveLine
	// RolesNote says why the roles were not checked ("" when they were).
	RolesNote string
}

// EffectiveLine is one statement's part for one service, or one role the user may assume
// (Effect "Assume", Service "sts").
type EffectiveLine struct {
	Service   string // "oss", "ecs", "*" (every service)
	Effect    string // "Allow", "Deny" or "Assume"
	Actions   []string
	Resources []string
	Condition bool   // the statement has conditions
	From      string // "ci-deploy (Custom) Statement[0] via group ops"; for a role, what allows it
	// Statements are From's statements, to open (enter on the user's Effective row); Role is
	// the role of an Assume line.
	Statements []access.Statement
	Role       string
}

// maxRolesChecked bounds the roles read (GetRole each) to say which the user may assume.
const maxRolesChecked = 200

// EffectiveFor reads user's policies (own and groups') and the account's roles and merges them.
func EffectiveFor(ctx context.Context, c *ramclient.Client, user string) (Effective, error) {
	sub, err := access.Load(ctx, c, access.Principal{Kind: access.User, Name: user}, "")
	if err != nil {
		return Effective{}, err
	}
	e := Effective{Lines: Summarise(sub)}
	roles, err := c.AllRoles(ctx)
	if err != nil {
		return Effective{}, err
	}
	if len(roles) > maxRolesChecked {
		e.RolesNote = strconv.Itoa(len(roles)) + " roles: too many to read here; :whocan sts:AssumeRole on a role's ARN answers for one"
		return e, nil
	}
	trusts := make([]*policy.Document, len(roles))
	err = parallel.Each(len(roles), func(i int) error {
		full, err := c.GetRole(ctx, roles[i].RoleName)
		if err != nil {
			return gone(err)
		}
		roles[i] = full
		trusts[i], _ = policy.Parse(full.TrustPolicy, policy.Trust)
		return nil
	})
	if err != nil {
		return Effective{}, err
	}
	caller := policy.Caller{Type: policy.CallerUser, AccountID: sub.AccountID, Name: user}
	for i, r := range roles {
		if trusts[i] == nil || policy.Trusts(trusts[i], caller, nil).Decision != policy.Allowed {
			continue
		}
		a := sub.Evaluate(policy.Request{Action: "sts:AssumeRole", Resource: r.Arn})
		if a.Decision != policy.Allowed {
			continue
		}
		from := make([]string, len(a.Deciding))
		for j, st := range a.Deciding {
			from[j] = st.String()
		}
		e.Lines = append(e.Lines, EffectiveLine{Service: "sts", Effect: "Assume", Actions: []string{"role " + r.RoleName},
			Resources: []string{r.Arn}, From: strings.Join(from, "; "), Statements: a.Deciding, Role: r.RoleName})
	}
	sortLines(e.Lines)
	return e, nil
}

// Summarise is a subject's statements split by service: an Allow of oss:Get* and ecs:Describe*
// is two lines, so a reader scans by service. Deny lines come first within a service.
func Summarise(sub *access.Subject) []EffectiveLine {
	var out []EffectiveLine
	for _, p := range sub.Policies {
		if p.Doc == nil {
			continue
		}
		for i, st := range p.Doc.Statement {
			stmt := access.Statement{Policy: p.Name, Type: p.Type, Version: p.Version, Index: i, Effect: st.Effect, Via: p.Via}
			from := stmt.String()
			acts, prefix := st.Action, ""
			if len(st.NotAction) > 0 {
				acts, prefix = st.NotAction, "all but "
			}
			byService := map[string][]string{}
			var services []string
			for _, a := range acts {
				svc, _, ok := strings.Cut(a, ":")
				if !ok || a == "*" {
					svc = "*"
				}
				svc = strings.ToLower(svc)
				if _, seen := byService[svc]; !seen {
					services = append(services, svc)
				}
				byService[svc] = append(byService[svc], prefix+a)
			}
			for _, svc := range services {
				out = append(out, EffectiveLine{Service: svc, Effect: string(st.Effect), Actions: byService[svc],
					Resources: st.Resource, Condition: len(st.Condition) > 0, From: from, Statements: []access.Statement{stmt}})
			}
		}
	}
	sortLines(out)
	return out
}

// sortLines orders lines by service, Deny first within one.
func sortLines(out []EffectiveLine) {
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Service != out[j].Service {
			return out[i].Service < out[j].Service
		}
		return out[i].Effect == string(policy.Deny) && out[j].Effect != string(policy.Deny)
	})
}
