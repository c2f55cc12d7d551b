// Package newrole is the create-role wizard (n on the Roles list): who may assume the role
// (this account, chosen users and roles, another account, a cloud service, an identity
// provider, or the grant wizard), then the role's name, description, max session and
// policies, with the trust policy and who can assume it shown live. ctrl+e finishes the trust
// policy in $EDITOR. One confirmation, then the steps run one by one with their progress; a
// failure part-way says what exists.
package newrole

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/parallel"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// MaxListed caps the users, roles and policies offered in the pickers: the first pages are
// enough to pick from, and an account of 100,000 users costs no more. (A principal beyond
// them can still be trusted by editing the policy with ctrl+e.)
const MaxListed = 2000

// Account is what the wizard offers to pick from, read once before it opens.
type Account struct {
	ID        string
	Users     []string
	Roles     []string
	SAML      []ramclient.SAMLProvider
	OIDC      []ramclient.OIDCProvider
	Policies  []ramclient.Policy
	Truncated bool // more users, roles or policies than MaxListed
}

// Load reads the account's id, users, roles, identity providers and policies at once.
func Load(ctx context.Context, c *ramclient.Client) (Account, error) {
	var a Account
	var more [3]bool // each reader its own flag: they run at once
	err := parallel.Each(6, func(i int) error {
		var err error
		switch i {
		case 0:
			var id ramclient.CallerIdentity
			id, err = c.CallerIdentity(ctx)
			a.ID = id.AccountID
		case 1:
			a.Users, err = firstPages(ctx, c.ListUsersPage, func(u ramclient.User) string { return u.UserName }, &more[0])
		case 2:
			a.Roles, err = firstPages(ctx, c.ListRolesPage, func(r ramclient.Role) string { return r.RoleName }, &more[1])
		case 3:
			a.SAML, err = c.ListSAMLProviders(ctx)
		case 4:
			a.OIDC, err = c.ListOIDCProviders(ctx)
		case 5:
			a.Policies, err = firstPages(ctx, func(ctx context.Context, m string) (ramclient.Page[ramclient.Policy], error) {
				return c.ListPoliciesPage(ctx, ramclient.PolicyAny, m)
			}, func(p ramclient.Policy) ramclient.Policy { return p }, &more[2])
		}
		return err
	})
	a.Truncated = more[0] || more[1] || more[2]
	return a, err
}

// firstPages reads pages until MaxListed rows.
func firstPages[T, R any](ctx context.Context, page func(context.Context, string) (ramclient.Page[T], error), conv func(T) R, truncated *bool) ([]R, error) {
	var out []R
	marker := ""
	for {
		p, err := page(ctx, marker)
		if err != nil {
			return nil, err
		}
		for _, it := range p.Items {
			out = append(out, conv(it))
		}
		if !p.Truncated || p.NextMarker == "" {
			return out, nil
		}
		if len(out) >= MaxListed {
			*truncated = true
			return out, nil
		}
		marker = p.NextMarker
	}
}

// Open reads the account, then opens the wizard; origin (the Roles list) reloads after a
// role is created. plain (nil: not offered) is the wizard's last choice, the Roles list's
// plain path: name, description and max session, then the trust policy in $EDITOR.
func Open(d *kit.Deps, origin screen.ID, plain func() tea.Cmd) tea.Cmd {
	c := d.Client()
	return tea.Batch(screen.Flash("Reading the account's users, roles, providers and policies…"),
		screen.Call(0, func() tea.Msg {
			a, err := Load(context.Background(), c)
			if err != nil {
				return screen.FlashMsg{Level: screen.Error, Text: "New role: " + kit.ErrLine(err)}
			}
			return screen.PushMsg{Screen: New(d, a, origin, plain)}
		}))
}

// RandomExternalID is the ExternalId suggested for another account: 24 hex digits.
func RandomExternalID() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return ""
	}
	return hex.EncodeToString(b)
}

// fieldMessage is the part of a ramclient validation error a form shows under a field.
func fieldMessage(err error) error {
	var re *ramclient.Error
	if errors.As(err, &re) && re.Message != "" {
		return errors.New(re.Message)
	}
	return err
}

// splitList splits "a, b,c" into its non-empty items.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
