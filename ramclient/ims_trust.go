package ramclient

import (
	"context"
	"strings"
	"sync"

	"github.com/ramtui/ramtui/policy"
)

// ProviderTrust is a role whose trust policy names an identity provider.
type ProviderTrust struct {
	Role Role
	// Only: every principal the trust policy allows is this provider, so deleting the provider
	// leaves a role nobody can assume.
	Only bool
}

// TrustsProvider says whether a trust policy lets providerARN (a saml-provider or oidc-provider
// ARN) assume the role in some Allow statement, and whether it is the only principal allowed.
// Matching is ASCII case-insensitive with the policy language's wildcards, as RAM matches.
func TrustsProvider(trustPolicy, providerARN string) (trusts, only bool) {
	doc, err := policy.Parse(trustPolicy, policy.Trust)
	if err != nil {
		return false, false
	}
	others := false
	for _, s := range doc.Statement {
		if s.Effect != policy.Allow || s.Principal == nil {
			continue
		}
		p := s.Principal
		others = others || len(p.RAM) > 0 || len(p.Service) > 0
		for _, f := range p.Federated {
			if wildcardMatch(strings.ToLower(f), strings.ToLower(providerARN)) {
				trusts = true
			} else {
				others = true
			}
		}
	}
	return trusts, trusts && !others
}

// RolesTrustingProvider lists the roles whose trust policy names the provider: what the
// providers screen shows as "roles trusting it" and, with Only, "roles that would break on
// delete". ListRoles has no trust policies, so every role is read with GetRole (the client's
// concurrency bound applies); a role deleted meanwhile is skipped.
func (c *Client) RolesTrustingProvider(ctx context.Context, providerARN string) ([]ProviderTrust, error) {
	roles, err := c.AllRoles(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	found := make([]*ProviderTrust, len(roles))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	sem := make(chan struct{}, c.conc)
	for i, r := range roles {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			full, err := c.GetRole(ctx, r.RoleName)
			if err != nil {
				if KindOf(err) == KindNotFound {
					return
				}
				mu.Lock()
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				mu.Unlock()
				return
			}
			if trusts, only := TrustsProvider(full.TrustPolicy, providerARN); trusts {
				found[i] = &ProviderTrust{Role: full, Only: only}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	var out []ProviderTrust
	for _, f := range found {
		if f != nil {
			out = append(out, *f)
		}
	}
	return out, nil
}

// wildcardMatch matches s against a policy pattern: '*' any run, '?' one character.
func wildcardMatch(p, s string) bool {
	if p == "" {
		return s == ""
	}
	switch p[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if wildcardMatch(p[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && wildcardMatch(p[1:], s[1:])
	}
	return s != "" && s[0] == p[0] && wildcardMatch(p[1:], s[1:])
}
