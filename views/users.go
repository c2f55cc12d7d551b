package views

import (
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
)

// NewUsers is the Users list. Columns are what ListUsers returns (name, display name,
// created, last login); MFA and key counts need one call per user each, so they are shown on
// the user's screen and the Keys list instead of here.
func NewUsers(d *Deps) screen.Screen {
	now := d.now()
	t := components.NewTable(d.Theme, d.Keys, func(u ramclient.User) string { return u.UserName },
		components.Column[ramclient.User]{Title: "NAME", Min: 12, Max: 32, Cell: func(u ramclient.User) string { return u.UserName }},
		components.Column[ramclient.User]{Title: "DISPLAY NAME", Min: 10, Max: 24, Cell: func(u ramclient.User) string { return u.DisplayName }},
		components.Column[ramclient.User]{Title: "CREATED", Min: 10, Max: 10, Cell: func(u ramclient.User) string { return date(u.CreateDate) },
			Less: func(a, b ramclient.User) bool { return a.CreateDate.Before(b.CreateDate) }},
		components.Column[ramclient.User]{Title: "LAST LOGIN", Min: 10, Max: 12, Cell: func(u ramclient.User) string { return ago(now, u.LastLoginDate) },
			Less: func(a, b ramclient.User) bool { return a.LastLoginDate.Before(b.LastLoginDate) }},
		components.Column[ramclient.User]{Title: "COMMENTS", Min: 8, Cell: func(u ramclient.User) string { return u.Comments }},
	)
	t.SetEmptyText("No RAM users in this account.")
	s := newList(d, "Users", t, d.Client.ListUsersPage)
	s.open = func(u ramclient.User) screen.Screen { return NewUser(d, u.UserName) }
	s.copy = func(u ramclient.User) (string, string) { return u.UserName, "user name " + u.UserName }
	return s
}

// NewGroups is the Groups list.
func NewGroups(d *Deps) screen.Screen {
	t := components.NewTable(d.Theme, d.Keys, func(g ramclient.Group) string { return g.GroupName },
		components.Column[ramclient.Group]{Title: "NAME", Min: 12, Max: 32, Cell: func(g ramclient.Group) string { return g.GroupName }},
		components.Column[ramclient.Group]{Title: "CREATED", Min: 10, Max: 10, Cell: func(g ramclient.Group) string { return date(g.CreateDate) },
			Less: func(a, b ramclient.Group) bool { return a.CreateDate.Before(b.CreateDate) }},
		components.Column[ramclient.Group]{Title: "COMMENTS", Min: 10, Cell: func(g ramclient.Group) string { return g.Comments }},
	)
	t.SetEmptyText("No groups in this account.")
	s := newList(d, "Groups", t, d.Client.ListGroupsPage)
	s.open = func(g ramclient.Group) screen.Screen { return NewGroup(d, g.GroupName) }
	s.copy = func(g ramclient.Group) (string, string) { return g.GroupName, "group name " + g.GroupName }
	return s
}
