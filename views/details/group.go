package details

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// NewGroup is the screen of one group: its members and its policies.
func NewGroup(d *kit.Deps, name string) screen.Screen {
	c := d.Client()
	s := kit.NewDetail(d, "group", name, func(ctx context.Context) (ramclient.GroupDetail, error) {
		return c.GroupDetail(ctx, name)
	})
	members := kit.AddTable(s, "Members", "No members.", kit.UserName,
		kit.Col("USER", 12, 32, kit.UserName), kit.Col("DISPLAY NAME", 10, 24, func(u ramclient.User) string { return u.DisplayName }),
		kit.Col("JOINED", 10, 0, func(u ramclient.User) string { return kit.Date(u.JoinDate) }))
	members.Open, members.CopyRow = openUser(d), kit.CopyName("user", kit.UserName)
	policies, policyActions := attachedPolicies(s, ramclient.GroupPrincipal(name), "No policies attached.")
	var group ramclient.Group // as last shown
	s.Show = func(gd ramclient.GroupDetail) []kit.Field {
		g := gd.Group
		group = g
		members.Fill(gd.Members)
		policies.Fill(gd.Policies)
		return []kit.Field{
			kit.F("Name", g.GroupName), kit.F("Comments", g.Comments),
			kit.F("Created", kit.DateTime(g.CreateDate)), kit.F("Updated", kit.DateTime(g.UpdateDate)),
		}
	}
	add := kit.Action{Key: d.Keys.Detail.Attach, Help: "add members", Mutating: true, When: s.Shows(members), Do: func() tea.Cmd {
		return screen.Push(NewAddMembers(d, name, members.Items(), s.ID()))
	}} // before the policies' a, which applies in every section
	s.Actions = append(append(kit.Actions{add}, policyActions...), kit.Action{Key: d.Keys.Detail.Detach, Help: "remove member", Mutating: true,
		When: s.Shows(members), Do: func() tea.Cmd {
			sel := members.Selected()
			return kit.ConfirmThen(&s.Base, "Remove "+kit.Plural(len(sel), "user", "users")+" from group "+name+"?", sel,
				func(u ramclient.User) string { return "user " + u.UserName }, "Removed from group "+name+":",
				func(ctx context.Context, u ramclient.User) error { return c.RemoveUserFromGroup(ctx, u.UserName, name) })
		}})
	s.Actions = append(s.Actions, kit.Action{Key: d.Keys.Detail.Edit, Help: "edit comments", Mutating: true,
		When: func() bool { return group.GroupName != "" }, Do: func() tea.Cmd {
			comments := group.Comments
			return editForm(&s.Base, "Edit group "+name, []edit{{"Comments", group.Comments, &comments, ramclient.CheckUserComments}},
				nil, nil, "Change group "+name+"?", "Updated group "+name, func(ctx context.Context) error {
					_, err := c.UpdateGroup(ctx, name, "", comments)
					return err
				})
		}}, simulateAction(d, ramclient.GroupPrincipal(name)))
	return s
}
