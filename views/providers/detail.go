package providers

import (
	"context"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/limits"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/kit"
)

// Detail is what one provider's screen loads: the provider and the roles that trust it.
type Detail struct {
	P     Provider
	Roles []ramclient.ProviderTrust
}

// Get reads one provider (with its SAML metadata) and the roles that trust it.
func Get(ctx context.Context, c *ramclient.Client, kind, name string) (Detail, error) {
	var out Detail
	if kind == SAML {
		p, err := c.GetSAMLProvider(ctx, name)
		if err != nil {
			return out, err
		}
		out.P = Provider{Kind: SAML, SAML: p}
	} else {
		p, err := c.GetOIDCProvider(ctx, name)
		if err != nil {
			return out, err
		}
		out.P = Provider{Kind: OIDC, OIDC: p}
	}
	roles, err := c.RolesTrustingProvider(ctx, out.P.Arn())
	out.Roles = roles
	return out, err
}

// value is a row of the client ids or fingerprints sections.
type value = string

func same(v value) string { return v }

// detailKind is the kind a provider's screen shows and announces its changes as: "saml provider".
func detailKind(kind string) string { return strings.ToLower(kind) + " provider" }

// NewDetail is one provider's screen. origin (the list) reloads after a delete.
func NewDetail(d *kit.Deps, kind, name string, origin screen.ID) screen.Screen {
	c := d.Client()
	s := kit.NewDetail(d, detailKind(kind), name, func(ctx context.Context) (Detail, error) {
		return Get(ctx, c, kind, name)
	})
	now := d.CurrentTime()
	roles := kit.AddTable(s, "Roles trusting it", "No role trusts it.", func(r ramclient.ProviderTrust) string { return r.Role.RoleName },
		kit.Col("ROLE", 12, 32, func(r ramclient.ProviderTrust) string { return r.Role.RoleName }),
		kit.Col("IF DELETED", 10, 12, func(r ramclient.ProviderTrust) string {
			if r.Only {
				return "breaks"
			}
			return "keeps others"
		}),
		kit.Col("TRUSTS", 14, 40, func(r ramclient.ProviderTrust) string { return details.TrustSummary(r.Role.TrustPolicy) }),
		kit.Col("DESCRIPTION", 10, 0, func(r ramclient.ProviderTrust) string { return r.Role.Description }),
	)
	roles.Open = func(r ramclient.ProviderTrust) tea.Cmd { return screen.Push(details.NewRole(d, r.Role.RoleName)) }
	roles.CopyRow = func(r ramclient.ProviderTrust) (string, string) { return r.Role.Arn, "ARN of role " + r.Role.RoleName }

	var cur Detail
	k := d.Keys.Detail
	s.Copy = func() (string, string) {
		if cur.P.Arn() == "" {
			return name, kind + " provider name " + name
		}
		return cur.P.Arn(), "ARN of " + cur.P.Label()
	}
	editDescription := kit.Action{Key: k.Edit, Help: "edit description", Mutating: true, When: s.Loaded, Do: func() tea.Cmd {
		return kit.AskThen(&s.Base, "Description of "+cur.P.Label()+":", cur.P.Description(), "Changed the description of "+cur.P.Label()+" to",
			func(ctx context.Context, text string) error {
				if kind == SAML {
					_, err := c.UpdateSAMLProvider(ctx, name, ramclient.SAMLProviderUpdate{Description: &text})
					return err
				}
				_, err := c.UpdateOIDCProvider(ctx, name, ramclient.OIDCProviderUpdate{Description: &text})
				return err
			})
	}}
	del := kit.Action{Key: k.Delete, Help: "delete", Mutating: true, When: s.Loaded, Do: func() tea.Cmd {
		return askDelete(&s.Base, cur.P)
	}}

	var fields func(Detail) []kit.Field
	if kind == SAML {
		meta := kit.AddText(s, "Metadata")
		fields = func(pd Detail) []kit.Field {
			p := pd.P.SAML
			meta.SetText(string(p.Metadata))
			return []kit.Field{kit.F("Name", p.Name), kit.F("ARN", p.Arn), kit.F("Entity ID", p.EntityID),
				kit.F("Cert expires", certExpiry(now)(pd.P)), kit.F("Created", kit.DateTime(p.CreateDate)),
				kit.F("Updated", kit.DateTime(p.UpdateDate)), kit.F("Description", p.Description)}
		}
		s.Actions = kit.Actions{{Key: k.Edit, Help: "replace metadata from a file", Mutating: true,
			When: func() bool { return s.Loaded() && s.Showing(meta) },
			Do: func() tea.Cmd {
				return kit.AskThen(&s.Base, "New metadata XML file of "+cur.P.Label()+":", "", "Replaced the metadata of "+cur.P.Label()+" from",
					func(ctx context.Context, path string) error {
						md, err := ReadMetadata(path)
						if err != nil {
							return err
						}
						_, err = c.UpdateSAMLProvider(ctx, name, ramclient.SAMLProviderUpdate{Metadata: md})
						return err
					})
			}}}
	} else {
		clients := kit.AddTable(s, "Client IDs", "No client ids.", same, kit.Col("CLIENT ID (AUDIENCE)", 20, 0, same))
		prints := kit.AddTable(s, "Fingerprints", "No fingerprints.", same, kit.Col("SHA-1 FINGERPRINT OF THE ISSUER'S CA", 40, 0, same))
		// A value has no screen of its own: enter says what it does and the keys that act on it.
		about := func(sec *kit.TableSection[value], what, does string) {
			sec.OpenHelp = "what it is"
			sec.Open = func(v value) tea.Cmd {
				return screen.Flash("The " + what + " " + v + " " + does + " " + k.Attach.Help().Key + " adds one, " +
					k.Detach.Help().Key + " removes the marked.")
			}
		}
		about(clients, "client id", "is an audience (aud) the provider's tokens may carry; roles narrow it with oidc:aud.")
		about(prints, "fingerprint", "names a CA certificate STS trusts when it reads the issuer's keys.")
		fields = func(pd Detail) []kit.Field {
			p := pd.P.OIDC
			clients.Fill(p.ClientIDs)
			prints.Fill(p.Fingerprints)
			limit := "-"
			if p.IssuanceLimit > 0 {
				limit = strconv.Itoa(int(p.IssuanceLimit/time.Hour)) + "h"
			}
			return []kit.Field{kit.F("Name", p.Name), kit.F("ARN", p.Arn), kit.F("Issuer", p.IssuerURL),
				kit.F("Client IDs", strings.Join(p.ClientIDs, ", ")), kit.F("Token age limit", limit),
				kit.F("Created", kit.DateTime(p.CreateDate)), kit.F("Updated", kit.DateTime(p.UpdateDate)), kit.F("Description", p.Description)}
		}
		// Adding and removing a client id or a fingerprint: the IMS actions for one value.
		list := func(sec *kit.TableSection[value], what string, add, remove func(ctx context.Context, v string) error) kit.Actions {
			return kit.Actions{
				{Key: k.Attach, Help: "add " + what, Mutating: true, When: func() bool { return s.Loaded() && s.Showing(sec) },
					Do: func() tea.Cmd {
						return kit.AskThen(&s.Base, "Add a "+what+" to "+cur.P.Label()+":", "", "Added "+what, add)
					}},
				{Key: k.Detach, Help: "remove " + what, Mutating: true, When: func() bool { return s.Loaded() && s.Showing(sec) },
					Do: func() tea.Cmd {
						sel := sec.Selected()
						return kit.ConfirmThen(&s.Base, "Remove "+kit.Plural(len(sel), what, what+"s")+" from "+cur.P.Label()+"?", sel, same, "Removed from "+cur.P.Label()+":", remove)
					}},
			}
		}
		s.Actions = append(list(clients, "client id",
			func(ctx context.Context, v string) error { _, err := c.AddOIDCClientID(ctx, name, v); return err },
			func(ctx context.Context, v string) error { _, err := c.RemoveOIDCClientID(ctx, name, v); return err }),
			list(prints, "fingerprint",
				func(ctx context.Context, v string) error { _, err := c.AddOIDCFingerprint(ctx, name, v); return err },
				func(ctx context.Context, v string) error { _, err := c.RemoveOIDCFingerprint(ctx, name, v); return err })...)
	}
	s.Actions = append(s.Actions, editDescription, del)
	s.Show = func(pd Detail) []kit.Field {
		cur = pd
		roles.Fill(pd.Roles)
		return fields(pd)
	}
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(deletedMsg); ok {
			if m.err != nil {
				return screen.FlashError("Delete " + m.label + " failed: " + kit.ErrLine(m.err))
			}
			return tea.Batch(screen.Flash("Deleted "+m.label+"."), screen.Send(origin, kit.ReloadMsg{}), screen.Pop())
		}
		return deleteAnswer(&s.Base, msg)
	}
	return s
}

// ReadMetadata reads a SAML metadata file, capped at the size RAM accepts, and checks that it
// is an identity provider's metadata before any call.
func ReadMetadata(path string) ([]byte, error) {
	md, err := limits.ReadFile(path, ramclient.MaxSAMLMetadata)
	if err != nil {
		return nil, err
	}
	if _, err := ramclient.ParseSAMLMetadata(md); err != nil {
		return nil, err
	}
	return md, nil
}
