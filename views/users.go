package views

import (
	"context"
	"errors"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// userRow is a user with the columns that need their own calls: MFA and the number of
// AccessKeys. ListUsers does not return them, so they are filled lazily, only for the rows on
// screen, each user once (two calls per user, bounded by the client's concurrency).
type userRow struct {
	ramclient.User
	extra *userExtra // nil: not known yet
}

type userExtra struct {
	mfa  string // "yes", "no", "?" (could not tell)
	keys string // "0", "1", "2", "?"
}

type userExtraMsg struct {
	name  string
	extra userExtra
}

type usersScreen struct {
	*listScreen[userRow]
	asked map[string]bool
	known map[string]*userExtra // kept across pages and reloads until r
}

// NewUsers is the Users list: name, display name, created, last login, MFA, keys, comments.
func NewUsers(d *Deps) screen.Screen {
	now := d.CurrentTime()
	extra := func(f func(*userExtra) string) func(userRow) string {
		return func(u userRow) string {
			if u.extra == nil {
				return "…"
			}
			return f(u.extra)
		}
	}
	t := components.NewTable(d.Theme, d.Keys, func(u userRow) string { return u.UserName },
		components.Column[userRow]{Title: "NAME", Min: 12, Max: 32, Cell: func(u userRow) string { return u.UserName }},
		components.Column[userRow]{Title: "DISPLAY NAME", Min: 10, Max: 24, Cell: func(u userRow) string { return u.DisplayName }},
		components.Column[userRow]{Title: "CREATED", Min: 10, Max: 10, Cell: func(u userRow) string { return date(u.CreateDate) },
			Less: func(a, b userRow) bool { return a.CreateDate.Before(b.CreateDate) }},
		components.Column[userRow]{Title: "LAST LOGIN", Min: 10, Max: 12, Cell: func(u userRow) string { return ago(now, u.LastLoginDate) },
			Less: func(a, b userRow) bool { return a.LastLoginDate.Before(b.LastLoginDate) }},
		components.Column[userRow]{Title: "MFA", Min: 3, Max: 3, Cell: extra(func(e *userExtra) string { return e.mfa })},
		components.Column[userRow]{Title: "KEYS", Min: 4, Max: 4, Right: true, Cell: extra(func(e *userExtra) string { return e.keys })},
		components.Column[userRow]{Title: "COMMENTS", Min: 8, Flex: true, Cell: func(u userRow) string { return u.Comments }},
	)
	t.SetEmptyText("No RAM users in this account.")
	s := &usersScreen{asked: map[string]bool{}, known: map[string]*userExtra{}}
	c := d.Client
	s.listScreen = newList(d, "Users", t, func(ctx context.Context, marker string) (ramclient.Page[userRow], error) {
		p, ok := ramclient.Page[ramclient.User]{}, false
		if marker == "" {
			p, ok = d.TakeFirstUsers(c)
		}
		var err error
		if !ok {
			p, err = c.ListUsersPage(ctx, marker)
		}
		rows := make([]userRow, len(p.Items))
		for i, u := range p.Items {
			rows[i] = userRow{User: u}
		}
		return ramclient.Page[userRow]{Items: rows, NextMarker: p.NextMarker, Truncated: p.Truncated}, err
	})
	s.open = func(u userRow) screen.Screen { return NewUser(d, u.UserName) }
	s.copy = func(u userRow) (string, string) { return u.UserName, "user name " + u.UserName }
	s.onPage = func([]userRow) tea.Cmd { return s.fillExtras() }
	l := d.Keys.List
	s.extra = []key.Binding{withHelp(l.New, "new user"), withHelp(l.Edit, "display name"), withHelp(l.Delete, "delete")}
	s.keys = func(msg tea.KeyMsg) tea.Cmd {
		switch {
		case keyIs(msg, l.New):
			return kit.AskThen(&s.Base, "New user name:", "", "Created user", func(ctx context.Context, name string) error {
				_, err := c.CreateUser(ctx, ramclient.NewUser{UserName: name})
				return err
			})
		case keyIs(msg, l.Edit):
			u, ok := s.table.Current()
			if !ok {
				return nil
			}
			return kit.AskThen(&s.Base, "Display name of "+u.UserName+":", u.DisplayName, "Changed display name:", func(ctx context.Context, v string) error {
				_, err := c.UpdateUser(ctx, u.UserName, ramclient.UserUpdate{DisplayName: v})
				return err
			})
		case keyIs(msg, l.Delete):
			sel := s.table.Selected()
			return kit.ConfirmThen(&s.Base, "Delete "+plural(len(sel), "user", "users")+"? RAM refuses while a user still has keys, groups, policies, console login or MFA.", sel,
				func(u userRow) string { return u.UserName + " (" + u.DisplayName + ")" }, "Deleted:",
				func(ctx context.Context, u userRow) error { return c.DeleteUser(ctx, u.UserName) })
		}
		return nil
	}
	s.after = func(m kit.MutatedMsg) tea.Cmd { return kit.AfterMutation(m, s.load()) }
	return s
}

func (s *usersScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch m := msg.(type) {
	case userExtraMsg:
		e := m.extra
		s.known[m.name] = &e
		if cur, ok := s.table.Get(m.name); ok {
			cur.extra = &e
			s.table.Upsert(cur)
		}
		return s, nil
	case pageMsg[userRow]:
		for i, u := range m.page.Items {
			m.page.Items[i].extra = s.known[u.UserName]
		}
		msg = m
	case tea.KeyMsg:
		if keyIs(m, s.D.Keys.List.Refresh) {
			s.asked, s.known = map[string]bool{}, map[string]*userExtra{}
		}
	}
	_, cmd := s.listScreen.Update(msg)
	return s, cmd
}

// fillExtras asks for MFA and keys of on-screen users not asked about yet.
func (s *usersScreen) fillExtras() tea.Cmd {
	var cmds []tea.Cmd
	for _, u := range s.table.OnScreen() {
		if u.extra != nil || s.asked[u.UserName] {
			continue
		}
		s.asked[u.UserName] = true
		ctx, c, name := s.Ctx, s.D.Client, u.UserName
		cmds = append(cmds, screen.Call(s.ID(), func() tea.Msg {
			e := userExtra{mfa: "?", keys: "?"}
			if keys, err := c.AccessKeys(ctx, name); err == nil {
				e.keys = strconv.Itoa(len(keys))
			}
			_, err := c.GetUserMFA(ctx, name)
			switch {
			case err == nil:
				e.mfa = "yes"
			case errors.Is(err, ramclient.ErrNotFound):
				e.mfa = "no"
			}
			return userExtraMsg{name: name, extra: e}
		}))
	}
	return tea.Batch(cmds...)
}

// NewGroups is the Groups list.
func NewGroups(d *Deps) screen.Screen {
	t := components.NewTable(d.Theme, d.Keys, func(g ramclient.Group) string { return g.GroupName },
		components.Column[ramclient.Group]{Title: "NAME", Min: 12, Max: 32, Cell: func(g ramclient.Group) string { return g.GroupName }},
		components.Column[ramclient.Group]{Title: "CREATED", Min: 10, Max: 10, Cell: func(g ramclient.Group) string { return date(g.CreateDate) },
			Less: func(a, b ramclient.Group) bool { return a.CreateDate.Before(b.CreateDate) }},
		components.Column[ramclient.Group]{Title: "COMMENTS", Min: 10, Flex: true, Cell: func(g ramclient.Group) string { return g.Comments }},
	)
	t.SetEmptyText("No groups in this account.")
	s := newList(d, "Groups", t, d.Client.ListGroupsPage)
	s.open = func(g ramclient.Group) screen.Screen { return NewGroup(d, g.GroupName) }
	s.copy = func(g ramclient.Group) (string, string) { return g.GroupName, "group name " + g.GroupName }
	l, c := d.Keys.List, d.Client
	s.extra = []key.Binding{withHelp(l.New, "new group"), withHelp(l.Delete, "delete")}
	s.keys = func(msg tea.KeyMsg) tea.Cmd {
		switch {
		case keyIs(msg, l.New):
			return kit.AskThen(&s.Base, "New group name:", "", "Created group", func(ctx context.Context, name string) error {
				_, err := c.CreateGroup(ctx, name, "")
				return err
			})
		case keyIs(msg, l.Delete):
			sel := s.table.Selected()
			return kit.ConfirmThen(&s.Base, "Delete "+plural(len(sel), "group", "groups")+"? RAM refuses while a group still has members or policies.", sel,
				func(g ramclient.Group) string { return g.GroupName }, "Deleted:",
				func(ctx context.Context, g ramclient.Group) error { return c.DeleteGroup(ctx, g.GroupName) })
		}
		return nil
	}
	s.after = func(m kit.MutatedMsg) tea.Cmd { return kit.AfterMutation(m, s.load()) }
	return s
}
