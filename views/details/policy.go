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
	versions := kit.AddTable(s, "Versions", "No versions.", kit.VersionID,
		kit.Col("VERSION", 8, 8, kit.VersionID), kit.Col("DEFAULT", 7, 7, func(v ramclient.PolicyVersion) string { return yes(v.IsDefault) }),
		kit.Col("CREATED", 16, 0, func(v ramclient.PolicyVersion) string { return kit.DateTime(v.CreateDate) }))
	versions.Open = func(v ramclient.PolicyVersion) tea.Cmd {
		return screen.Push(NewJSON(d, name+" "+v.VersionID, v.Document))
	}
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
	showing := func(sec any) func() bool { return func() bool { return s.Showing(sec) } }
	k := d.Keys.Detail
	s.Actions = kit.Actions{
		{Key: k.Attach, Help: "attach to…", Mutating: true, When: s.Loaded, Do: func() tea.Cmd {
			return screen.Push(NewAttachTo(d, pol, attached.Items(), s.ID()))
		}},
		{Key: k.Edit, Help: "new version", Mutating: true, When: s.Loaded, Do: func() tea.Cmd {
			if !custom {
				return screen.Flash("System policies cannot be edited.")
			}
			return kit.EditJSON(&s.Base, "policy-"+name, pol.Document)
		}},
		{Key: k.Toggle, Help: "make default", Mutating: true, When: func() bool { return custom && s.Showing(versions) }, Do: func() tea.Cmd {
			v, ok := versions.Current()
			if !ok || v.IsDefault {
				return screen.Flash("That version is the default already.")
			}
			return kit.ConfirmOnce(&s.Base, "Make "+v.VersionID+" the default version of policy "+name+"?",
				[]string{"everyone it is attached to gets " + v.VersionID + "'s permissions at once"},
				"Default version of "+name+" is now "+v.VersionID,
				func(ctx context.Context) error { return c.SetDefaultPolicyVersion(ctx, name, v.VersionID) })
		}},
		{Key: k.Delete, Help: "delete version", Mutating: true, When: func() bool { return custom && s.Showing(versions) }, Do: func() tea.Cmd {
			var sel []ramclient.PolicyVersion
			for _, v := range versions.Selected() {
				if !v.IsDefault {
					sel = append(sel, v)
				}
			}
			if len(sel) == 0 {
				return screen.Flash("The default version cannot be deleted.")
			}
			return kit.ConfirmThen(&s.Base, "Delete "+kit.Plural(len(sel), "version", "versions")+" of policy "+name+"?", sel,
				func(v ramclient.PolicyVersion) string {
					return v.VersionID + " (created " + kit.DateTime(v.CreateDate) + ")"
				}, "Deleted versions:",
				func(ctx context.Context, v ramclient.PolicyVersion) error {
					return c.DeletePolicyVersion(ctx, name, v.VersionID)
				})
		}},
		{Key: k.Detach, Help: "detach", Mutating: true, When: showing(attached), Do: func() tea.Cmd {
			sel := attached.Selected()
			return kit.ConfirmThen(&s.Base, "Detach policy "+name+" from "+kit.Plural(len(sel), "principal", "principals")+"?", sel,
				kit.AttachmentLabel, "Detached:",
				func(ctx context.Context, a kit.Attachment) error { return c.DetachPolicy(ctx, a.Principal, name, typ) })
		}},
	}
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(screen.EditedMsg); ok {
			return savePolicyVersion(&s.Base, pol, versions.Table.Len(), m)
		}
		return nil
	}
	return s
}

// savePolicyVersion asks to save what the editor saved as a new default version.
func savePolicyVersion(b *kit.Base, pol ramclient.Policy, versions int, m screen.EditedMsg) tea.Cmd {
	if m.Err != nil {
		return screen.FlashError(m.Err.Error())
	}
	if kit.SameJSON(m.Text, pol.Document) {
		return screen.Flash("Document unchanged: nothing changed.")
	}
	details := []string{"the new version becomes the default (" + pol.DefaultVersion + " stays as an older version)"}
	if versions >= 5 {
		details = append(details, "the policy has 5 versions: the oldest non-default one is deleted")
	}
	c, name, doc := b.D.Client(), pol.PolicyName, m.Text
	return kit.ConfirmOnce(b, "Save a new version of policy "+name+"?", details,
		"Saved a new default version of policy "+name,
		func(ctx context.Context) error {
			_, err := c.CreatePolicyVersion(ctx, name, ramclient.NewPolicyVersion{Document: doc, SetDefault: true, RotateOldest: true})
			return err
		})
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}
