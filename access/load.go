package access

import (
	"context"
	"fmt"

	"github.com/ramtui/ramtui/parallel"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
)

// Load gathers the policies in force for p: for a user its own and its groups' policies, for a
// group its policies, for a role its policies (and p.SessionPolicy, parsed as a session policy).
// Each distinct policy's default document is read once. accountID names the account for ARNs;
// "" asks GetCallerIdentity. A principal that does not exist is ramclient.ErrNotFound; a session
// policy that does not parse is a *policy.Error, reported before any call.
func Load(ctx context.Context, c *ramclient.Client, p Principal, accountID string) (*Subject, error) {
	s := &Subject{Principal: p, AccountID: accountID}
	if p.SessionPolicy != "" {
		if p.Kind != Role {
			return nil, fmt.Errorf("a session policy applies to a role session only, not to a %s", p.Kind)
		}
		doc, err := policy.Parse(p.SessionPolicy, policy.Session)
		if err != nil {
			return nil, err
		}
		s.Session = &Policy{Name: "session policy", Type: "Session", Via: []string{"session"}, Document: p.SessionPolicy, Doc: doc}
	}
	if accountID == "" {
		id, err := c.CallerIdentity(ctx)
		if err != nil {
			return nil, err
		}
		s.AccountID = id.AccountID
	}
	type source struct {
		principal ramclient.Principal
		via       string
	}
	var sources []source
	switch p.Kind {
	case User:
		groups, err := c.GroupsForUser(ctx, p.Name) // also tells whether the user exists
		if err != nil {
			return nil, err
		}
		sources = append(sources, source{ramclient.UserPrincipal(p.Name), "user " + p.Name})
		for _, g := range groups {
			s.Groups = append(s.Groups, g.GroupName)
			sources = append(sources, source{ramclient.GroupPrincipal(g.GroupName), "group " + g.GroupName})
		}
	case Group:
		sources = append(sources, source{ramclient.GroupPrincipal(p.Name), "group " + p.Name})
	case Role:
		sources = append(sources, source{ramclient.RolePrincipal(p.Name), "role " + p.Name})
	default:
		return nil, fmt.Errorf("unknown principal kind %v", p.Kind)
	}

	lists := make([][]ramclient.Policy, len(sources))
	if err := parallel.Each(len(sources), func(i int) (err error) {
		lists[i], err = c.PoliciesFor(ctx, sources[i].principal)
		return err
	}); err != nil {
		return nil, err
	}
	index := map[[2]string]int{}
	for i, l := range lists {
		for _, rp := range l {
			k := [2]string{rp.PolicyName, string(rp.PolicyType)}
			if j, ok := index[k]; ok {
				s.Policies[j].Via = append(s.Policies[j].Via, sources[i].via)
				continue
			}
			index[k] = len(s.Policies)
			s.Policies = append(s.Policies, Policy{Name: rp.PolicyName, Type: string(rp.PolicyType), Via: []string{sources[i].via}})
		}
	}
	err := parallel.Each(len(s.Policies), func(i int) error {
		pol := &s.Policies[i]
		got, err := c.GetPolicy(ctx, pol.Name, ramclient.PolicyType(pol.Type))
		if err != nil {
			return err
		}
		doc, err := policy.Parse(got.Document, policy.Permission)
		if err != nil {
			return fmt.Errorf("policy %s: %w", pol.Name, err)
		}
		pol.Version, pol.Document, pol.Doc = got.DefaultVersion, got.Document, doc
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}
