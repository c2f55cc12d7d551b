package providers

import (
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// createdMsg is a create's outcome.
type createdMsg struct {
	label string
	err   error
}

// NewCreate is the form creating a SAML provider (metadata XML from a file, size-capped and
// checked before the call) or an OIDC provider (issuer URL, client ids, fingerprints).
// origin (the list) reloads after it.
func NewCreate(d *kit.Deps, origin screen.ID) screen.Screen {
	kind, name, desc, file, issuer, clients, prints := SAML, "", "", "", "", "sts.aliyuncs.com", ""
	f := kit.NewForm(d, "New identity provider", func() []kit.Page {
		required := func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New("required")
			}
			return nil
		}
		return []kit.Page{
			{Title: "Provider", Fields: []huh.Field{
				huh.NewSelect[string]().Title("Kind").Value(&kind).Options(huh.NewOption("SAML 2.0", SAML), huh.NewOption("OpenID Connect", OIDC)),
				huh.NewInput().Title("Name").Value(&name).Validate(required),
				huh.NewInput().Title("Description (optional)").Value(&desc).CharLimit(256)}},
			{Title: "SAML", Hide: func() bool { return kind != SAML }, Fields: []huh.Field{
				huh.NewInput().Title("Metadata XML file").Value(&file).Description("the IdP's metadata, at most 256 KiB").
					Validate(func(p string) error { _, err := ReadMetadata(p); return err })}},
			{Title: "OIDC", Hide: func() bool { return kind != OIDC }, Fields: []huh.Field{
				huh.NewInput().Title("Issuer URL").Value(&issuer).Description("https://…").Validate(required),
				huh.NewInput().Title("Client IDs").Value(&clients).Description("comma-separated"),
				huh.NewInput().Title("Fingerprints").Value(&prints).Description("SHA-1 of the issuer's CA certificate, hex; comma-separated").Validate(required)}},
		}
	})
	c := d.Client()
	f.Submit = func() tea.Cmd {
		f.Busy = "Creating…"
		// The call reads copies: huh writes the bound variables on the event loop while it runs.
		kind, name, desc, file, issuer, clients, prints := kind, name, desc, file, issuer, clients, prints
		ctx, label := f.Ctx, kind+" provider "+name
		return screen.Call(f.ID(), func() tea.Msg {
			var err error
			if kind == SAML {
				var md []byte
				if md, err = ReadMetadata(file); err == nil {
					_, err = c.CreateSAMLProvider(ctx, ramclient.NewSAMLProvider{Name: name, Description: desc, Metadata: md})
				}
			} else {
				_, err = c.CreateOIDCProvider(ctx, ramclient.NewOIDCProvider{Name: name, Description: desc, IssuerURL: strings.TrimSpace(issuer),
					ClientIDs: split(clients), Fingerprints: split(prints)})
			}
			return createdMsg{label: label, err: err}
		})
	}
	f.OnMsg = func(msg tea.Msg) tea.Cmd {
		m, ok := msg.(createdMsg)
		if !ok {
			return nil
		}
		f.Busy = ""
		if m.err != nil {
			f.Err = kit.ErrLine(m.err)
			return nil
		}
		return tea.Batch(screen.Flash("Created "+m.label+"."), screen.Send(origin, kit.ReloadMsg{}), screen.Pop())
	}
	return f
}

func split(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
