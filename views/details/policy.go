package details

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// NewPolicy is the screen of one policy: its default version pretty-printed and highlighted,
// the other versions (enter shows one), and who it is attached to.
func NewPolicy(d *kit.Deps, name string, typ ramclient.PolicyType) screen.Screen {
	c := d.Client()
	s := kit.NewDetail(d, "policy", name, func(ctx context.Context) (ramclient.PolicyDetail, error) {
		return c.PolicyDetail(ctx, name, typ)
	})
	document := kit.AddText(s, "Document")
	versions, versionActions := policyVersions(s, name, typ == ramclient.PolicyCustom)
	attached := kit.AddTable(s, "Attached to", "Not attached to anyone.", kit.AttachmentID,
		kit.Col("KIND", 5, 5, kit.AttachmentKind), kit.Col("NAME", 12, 40, func(a kit.Attachment) string { return a.Principal.Name }),
		kit.Col("ATTACHED", 10, 0, func(a kit.Attachment) string { return kit.Date(a.Date) }))
	attached.Open = func(a kit.Attachment) tea.Cmd { return screen.Push(openPrincipal(d, a.Principal)) }
	attached.CopyRow = func(a kit.Attachment) (string, string) { return a.Principal.Name, kit.AttachmentLabel(a) + " name" }

	var pol ramclient.Policy
	s.Show = func(pd ramclient.PolicyDetail) []kit.Field {
		pol = pd.Policy
		p := pd.Policy
		document.SetJSON(p.Document)
		versions.Fill(pd.Versions)
		attached.Fill(kit.Attachments(pd.Entities))
		return []kit.Field{
			kit.F("Name", p.PolicyName), kit.F("Type", string(p.PolicyType)),
			kit.F("Default version", p.DefaultVersion), kit.F("Attachments", strconv.Itoa(p.AttachmentCount)),
			kit.F("Created", kit.DateTime(p.CreateDate)), kit.F("Updated", kit.DateTime(p.UpdateDate)),
			kit.F("Description", p.Description),
		}
	}
	s.Copy = func() (string, string) {
		if pol.Document != "" && s.Showing(document) {
			return pol.Document, "document of policy " + name
		}
		return name, "policy name " + name
	}
	custom := typ == ramclient.PolicyCustom
	k := d.Keys.Detail
	s.Actions = append(kit.Actions{
		{Key: k.Attach, Help: "attach to…", Mutating: true, When: s.Loaded, Do: func() tea.Cmd {
			return screen.Push(NewAttachTo(d, pol, attached.Items(), s.ID()))
		}},
		{Key: k.Edit, Help: "new version", Mutating: true, When: s.Loaded, Do: func() tea.Cmd {
			if !custom {
				return screen.Flash("System policies cannot be edited.")
			}
			return kit.EditJSON(&s.Base, "policy-"+name, pol.Document)
		}},
		{Key: k.Detach, Help: "detach", Mutating: true, When: s.Shows(attached), Do: func() tea.Cmd {
			sel := attached.Selected()
			return kit.ConfirmThen(&s.Base, "Detach policy "+name+" from "+kit.Plural(len(sel), "principal", "principals")+"?", sel,
				kit.AttachmentLabel, "Detached "+name+" from principals:",
				func(ctx context.Context, a kit.Attachment) error { return c.DetachPolicy(ctx, a.Principal, name, typ) })
		}},
		whoCanAction(d, s.Loaded, func() string { return pol.Document }),
	}, versionActions...)
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(screen.EditedMsg); ok {
			return savePolicyVersion(&s.Base, pol, versions.Table.Len(), m)
		}
		return nil
	}
	return s
}
