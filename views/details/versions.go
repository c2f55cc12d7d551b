package details

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// policyVersions adds a policy's Versions section (enter shows one) with, on a custom policy,
// t (make the current version the default) and D (delete the marked versions, never the
// default).
func policyVersions(s *kit.Detail[ramclient.PolicyDetail], name string, custom bool) (*kit.TableSection[ramclient.PolicyVersion], kit.Actions) {
	d, c := s.D, s.D.Client()
	versions := kit.AddTable(s, "Versions", "No versions.", kit.VersionID,
		kit.Col("VERSION", 8, 8, kit.VersionID), kit.Col("DEFAULT", 7, 7, func(v ramclient.PolicyVersion) string { return yes(v.IsDefault) }),
		kit.Col("CREATED", 16, 0, func(v ramclient.PolicyVersion) string { return kit.DateTime(v.CreateDate) }))
	versions.Open = func(v ramclient.PolicyVersion) tea.Cmd {
		return screen.Push(NewJSON(d, name+" "+v.VersionID, v.Document))
	}
	showing := func() bool { return custom && s.Showing(versions) }
	k := d.Keys.Detail
	return versions, kit.Actions{
		{Key: k.Toggle, Help: "make default", Mutating: true, When: showing, Do: func() tea.Cmd {
			v, ok := versions.Current()
			if !ok || v.IsDefault {
				return screen.Flash("That version is the default already.")
			}
			return kit.ConfirmOnce(&s.Base, "Make "+v.VersionID+" the default version of policy "+name+"?",
				[]string{"everyone it is attached to gets " + v.VersionID + "'s permissions at once"},
				"Default version of "+name+" is now "+v.VersionID,
				func(ctx context.Context) error { return c.SetDefaultPolicyVersion(ctx, name, v.VersionID) })
		}},
		{Key: k.Delete, Help: "delete version", Mutating: true, When: showing, Do: func() tea.Cmd {
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
	}
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
	if cmd, ok := kit.Unreadable(b, "policy-"+name, doc, policy.Permission); ok {
		return cmd
	}
	return kit.ConfirmEdited(b, kit.EditedDoc{Name: "policy-" + name, Doc: doc, Again: b.D.Keys.Detail.Edit.Help().Key},
		"Save a new version of policy "+name+"?", details, kit.Lint(doc, policy.Permission, ""),
		"Saved a new default version of policy "+name, "",
		func(ctx context.Context) error {
			_, err := c.CreatePolicyVersion(ctx, name, ramclient.NewPolicyVersion{Document: doc, SetDefault: true, RotateOldest: true})
			return err // refused, or no: e reopens on it
		})
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}
