package details

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// Group membership has two pickers, like the attach pickers: a on a user's Groups section
// lists the groups (space marks several, enter asks "Add user X to N groups?" naming each),
// a on a group's Members section lists the users. Rows that are members already say so and
// are left out of the change.

// NewAddToGroups is the group picker that adds user to the marked groups; in lists the
// groups the user is in now.
func NewAddToGroups(d *kit.Deps, user string, in []ramclient.Group, origin screen.ID) screen.Screen {
	has := ids(in, kit.GroupName)
	t := components.NewTable(d.Theme, d.Keys, kit.GroupName,
		kit.Col("GROUP", 12, 32, kit.GroupName),
		kit.Col("NOW", 6, 6, func(g ramclient.Group) string { return memberNow(has[g.GroupName]) }),
		kit.Col("COMMENTS", 10, 0, func(g ramclient.Group) string { return g.Comments }))
	t.SetEmptyText("No groups.")
	c := d.Client()
	s := kit.NewList(d, "Add "+user+" to groups", t, c.ListGroupsPage)
	pickTo(s, "add to groups", "Member of every marked group already: nothing to do.", has, kit.GroupName, func(sel []ramclient.Group) tea.Cmd {
		return kit.ConfirmThen(&s.Base, "Add user "+user+" to "+kit.Plural(len(sel), "group", "groups")+"?", sel,
			func(g ramclient.Group) string { return "group " + g.GroupName }, "Added user "+user+" to groups:",
			func(ctx context.Context, g ramclient.Group) error { return c.AddUserToGroup(ctx, user, g.GroupName) })
	}, origin)
	return s
}

// NewAddMembers is the user picker that adds the marked users to group; members lists the
// users in it now.
func NewAddMembers(d *kit.Deps, group string, members []ramclient.User, origin screen.ID) screen.Screen {
	has := ids(members, kit.UserName)
	t := components.NewTable(d.Theme, d.Keys, kit.UserName,
		kit.Col("USER", 12, 32, kit.UserName),
		kit.Col("NOW", 6, 6, func(u ramclient.User) string { return memberNow(has[u.UserName]) }),
		kit.Col("DISPLAY NAME", 10, 0, func(u ramclient.User) string { return u.DisplayName }))
	t.SetEmptyText("No users.")
	c := d.Client()
	s := kit.NewList(d, "Add members to "+group, t, c.ListUsersPage)
	pickTo(s, "add to group", "In the group already: nothing to do.", has, kit.UserName, func(sel []ramclient.User) tea.Cmd {
		return kit.ConfirmThen(&s.Base, "Add "+kit.Plural(len(sel), "user", "users")+" to group "+group+"?", sel,
			func(u ramclient.User) string { return "user " + u.UserName }, "Added to group "+group+":",
			func(ctx context.Context, u ramclient.User) error { return c.AddUserToGroup(ctx, u.UserName, group) })
	}, origin)
	return s
}

func memberNow(yes bool) string {
	if yes {
		return "member"
	}
	return ""
}
