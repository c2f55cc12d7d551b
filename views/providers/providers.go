// Package providers is the identity providers screen (tab 6, :providers, :idp): the account's
// SAML and OIDC providers in one list, one provider's screen with the roles that trust it, and
// creating, updating and deleting them. A delete names the roles it would break first.
package providers

import (
	"context"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// Kinds of provider.
const (
	SAML = "SAML"
	OIDC = "OIDC"
)

// Provider is a row of the list: a SAML or an OIDC provider.
type Provider struct {
	Kind string
	SAML ramclient.SAMLProvider
	OIDC ramclient.OIDCProvider
}

func (p Provider) Name() string {
	if p.Kind == SAML {
		return p.SAML.Name
	}
	return p.OIDC.Name
}

func (p Provider) Arn() string {
	if p.Kind == SAML {
		return p.SAML.Arn
	}
	return p.OIDC.Arn
}

func (p Provider) Description() string {
	if p.Kind == SAML {
		return p.SAML.Description
	}
	return p.OIDC.Description
}

// Label is "SAML provider azure-ad".
func (p Provider) Label() string { return p.Kind + " provider " + p.Name() }

func id(p Provider) string { return p.Kind + ":" + p.Name() }

// issuer is who signs the provider's assertions or tokens: the OIDC issuer, the SAML entity id.
func issuer(p Provider) string {
	if p.Kind == SAML {
		return p.SAML.EntityID
	}
	return p.OIDC.IssuerURL
}

// ExpiryWarnDays is how soon a SAML signing certificate's expiry stands out.
const ExpiryWarnDays = 60

// certExpiry is the SAML column: the signing certificate's last day and how far off it is.
func certExpiry(now time.Time) func(Provider) string {
	return func(p Provider) string {
		if p.Kind != SAML || p.SAML.CertExpiry.IsZero() {
			return ""
		}
		return kit.Date(p.SAML.CertExpiry) + " (" + untilText(now, p.SAML.CertExpiry) + ")"
	}
}

// certExpires is the list's column, short enough for 80 columns: "2026-12-11 in 40d",
// "2026-11-20 expired", "2026-12-02 today" (the provider's screen says it in full).
func certExpires(now time.Time) func(Provider) string {
	return func(p Provider) string {
		if p.Kind != SAML || p.SAML.CertExpiry.IsZero() {
			return ""
		}
		end, when := p.SAML.CertExpiry, "expired"
		if days := int(end.Sub(now).Hours() / 24); !end.Before(now) && days < 1 {
			when = "today"
		} else if !end.Before(now) {
			when = "in " + strconv.Itoa(days) + "d"
		}
		return kit.Date(end) + " " + when
	}
}

// untilText is "in 40 days" or "expired 3d ago".
func untilText(now, t time.Time) string {
	days := int(t.Sub(now).Hours() / 24)
	if t.Before(now) {
		return "expired " + kit.Ago(now, t)
	}
	if days < 1 {
		return "today"
	}
	return "in " + kit.Plural(days, "day", "days")
}

func expiresSoon(now time.Time, p Provider) bool {
	return p.Kind == SAML && !p.SAML.CertExpiry.IsZero() && p.SAML.CertExpiry.Before(now.Add(ExpiryWarnDays*24*time.Hour))
}

// All lists both kinds of provider (a single page: accounts have a handful).
func All(ctx context.Context, c *ramclient.Client) ([]Provider, error) {
	saml, err := c.ListSAMLProviders(ctx)
	if err != nil {
		return nil, err
	}
	oidc, err := c.ListOIDCProviders(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Provider, 0, len(saml)+len(oidc))
	for _, p := range saml {
		out = append(out, Provider{Kind: SAML, SAML: p})
	}
	for _, p := range oidc {
		out = append(out, Provider{Kind: OIDC, OIDC: p})
	}
	return out, nil
}

// narrowBelow is the width under which DESCRIPTION leaves the list (the provider's screen
// says it): at 80 columns, with it, the titles were cut ("ISSUER / ENTITY…", "CLIEN…").
const narrowBelow = 100

// providersTable is the list's table, with DESCRIPTION when wide.
func providersTable(d *kit.Deps, now time.Time, wide bool) *components.Table[Provider] {
	cols := []components.Column[Provider]{
		kit.Col("KIND", 4, 4, func(p Provider) string { return p.Kind }),
		kit.Col("NAME", 21, 32, Provider.Name), // the name tells the rows apart: not cut first
		kit.Col("ISSUER / ENTITY ID", 16, 80, issuer),
		kit.Warn(d, kit.Col("CERT EXPIRES", 17, 19, certExpires(now)), func(p Provider) bool { return expiresSoon(now, p) }),
		kit.Col("CLIENT IDS", 10, 24, func(p Provider) string { return strings.Join(p.OIDC.ClientIDs, ", ") }),
	}
	if wide {
		cols = append(cols, kit.Col("DESCRIPTION", 11, 0, Provider.Description))
	}
	t := components.NewTable(d.Theme, d.Keys, id, cols...)
	t.SetEmptyText("No identity providers in this account. n creates one.")
	return t
}

// NewList is the Providers list. ListSAMLProviders returns no metadata, so a SAML row's entity
// id and certificate expiry are filled with GetSAMLProvider, for the rows on screen.
func NewList(d *kit.Deps) screen.Screen {
	now := d.CurrentTime()
	t := providersTable(d, now, true)
	c := d.Client()
	s := kit.NewList(d, "Providers", t, func(ctx context.Context, _ string) (ramclient.Page[Provider], error) {
		ps, err := All(ctx, c)
		return ramclient.Page[Provider]{Items: ps}, err
	})
	s.Narrow, s.NarrowBelow = providersTable(d, now, false), narrowBelow
	s.Open = func(p Provider) screen.Screen { return NewDetail(d, p.Kind, p.Name(), s.ID()) }
	// A provider's screen announces its edits (description, metadata, client ids) as these
	// kinds: the list loads again to show them.
	s.Shows = []string{detailKind(SAML), detailKind(OIDC)}
	s.CopyRow = func(p Provider) (string, string) { return p.Arn(), "ARN of " + p.Label() }
	s.Lazy = &kit.Lazy[Provider]{
		Missing: func(p Provider) bool { return p.Kind == SAML && p.SAML.Metadata == nil },
		Fill: func(ctx context.Context, p Provider) (Provider, bool) {
			full, err := c.GetSAMLProvider(ctx, p.SAML.Name)
			return Provider{Kind: SAML, SAML: full}, err == nil
		},
		Merge: func(fresh, known Provider) Provider {
			if fresh.Kind == SAML && fresh.SAML.Metadata == nil {
				fresh.SAML.Metadata, fresh.SAML.EntityID, fresh.SAML.CertExpiry = known.SAML.Metadata, known.SAML.EntityID, known.SAML.CertExpiry
			}
			return fresh
		},
	}
	l := d.Keys.List
	s.Actions = kit.Actions{
		{Key: l.New, Help: "new provider", Mutating: true, Do: func() tea.Cmd { return screen.Push(NewCreate(d, s.ID())) }},
		{Key: l.Delete, Help: "delete", Mutating: true, Do: func() tea.Cmd {
			if p, ok := s.Table.Current(); ok {
				return askDelete(&s.Base, p)
			}
			return nil
		}},
	}
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		switch m := msg.(type) {
		case kit.ReloadMsg: // a provider's screen changed or deleted it
			return s.Reload()
		case deletedMsg:
			if m.err != nil {
				return screen.FlashError("Delete " + m.label + " failed: " + kit.ErrLine(m.err))
			}
			return tea.Batch(screen.Flash("Deleted "+m.label+"."), s.Reload())
		}
		return deleteAnswer(&s.Base, msg)
	}
	return s
}

// deleteAsk carries the roles a delete would affect, read before the question is asked.
type deleteAsk struct {
	p     Provider
	roles []ramclient.ProviderTrust
	err   error
}

// askDelete reads which roles trust the provider, then asks (deleteAnswer).
func askDelete(b *kit.Base, p Provider) tea.Cmd {
	c, ctx := b.D.Client(), b.Ctx
	return tea.Batch(screen.Flash("Looking for the roles that trust "+p.Label()+"…"),
		screen.Call(b.ID(), func() tea.Msg {
			roles, err := c.RolesTrustingProvider(ctx, p.Arn())
			return deleteAsk{p: p, roles: roles, err: err}
		}))
}

// deleteAnswer asks to delete, naming every role that would break.
func deleteAnswer(b *kit.Base, msg tea.Msg) tea.Cmd {
	m, ok := msg.(deleteAsk)
	if !ok {
		return nil
	}
	if m.err != nil {
		return screen.FlashError("Not deleted: could not read which roles trust it: " + kit.ErrLine(m.err))
	}
	c, p := b.D.Client(), m.p
	question := "Delete " + p.Label() + "? No role trusts it."
	var details []string
	if len(m.roles) > 0 {
		question = "Delete " + p.Label() + "? " + kit.Plural(len(m.roles), "role trusts", "roles trust") + " it and can no longer be assumed through it:"
		details = BreakLines(m.roles)
	}
	ctx := b.Ctx
	run := screen.Call(b.ID(), func() tea.Msg {
		var err error
		if p.Kind == SAML {
			err = c.DeleteSAMLProvider(ctx, p.Name())
		} else {
			err = c.DeleteOIDCProvider(ctx, p.Name())
		}
		return deletedMsg{label: p.Label(), err: err}
	})
	return screen.Cmd(screen.ConfirmMsg{Question: question, Details: details, OnYes: run})
}

// deletedMsg is a delete's outcome: the list reloads, the provider's screen goes back.
type deletedMsg struct {
	label string
	err   error
}

// BreakLines says, one role a line, what deleting the provider does to each role trusting it.
func BreakLines(roles []ramclient.ProviderTrust) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		if r.Only {
			out[i] = "role " + r.Role.RoleName + ": breaks (nobody else can assume it)"
		} else {
			out[i] = "role " + r.Role.RoleName + ": loses this provider (others it trusts still work)"
		}
	}
	return out
}
