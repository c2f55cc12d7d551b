package views

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// rolesScreen is the Roles list. ListRoles does not return trust policies, so the TRUSTS column
// is filled lazily with GetRole, only for rows on screen, each role once.
type rolesScreen struct {
	*listScreen[ramclient.Role]
	asked   map[string]bool   // GetRole requested
	trust   map[string]string // trust policies learned, kept across pages and reloads of a row
	newRole creation
}

type trustMsg struct {
	role ramclient.Role
	err  error
}

// NewRoles is the Roles list.
func NewRoles(d *Deps) screen.Screen {
	t := components.NewTable(d.Theme, d.Keys, func(r ramclient.Role) string { return r.RoleName },
		components.Column[ramclient.Role]{Title: "NAME", Min: 12, Max: 28, Cell: func(r ramclient.Role) string { return r.RoleName }},
		components.Column[ramclient.Role]{Title: "TRUSTS", Min: 14, Max: 36, Cell: func(r ramclient.Role) string { return trustSummary(r.TrustPolicy) }},
		components.Column[ramclient.Role]{Title: "MAX SESSION", Min: 11, Max: 11, Right: true, Cell: func(r ramclient.Role) string { return duration(r.MaxSessionDuration) },
			Less: func(a, b ramclient.Role) bool { return a.MaxSessionDuration < b.MaxSessionDuration }},
		components.Column[ramclient.Role]{Title: "DESCRIPTION", Min: 10, Flex: true, Cell: func(r ramclient.Role) string { return r.Description }},
	)
	t.SetEmptyText("No roles in this account.")
	s := &rolesScreen{listScreen: newList(d, "Roles", t, d.Client.ListRolesPage), asked: map[string]bool{}, trust: map[string]string{}}
	s.open = func(r ramclient.Role) screen.Screen { return NewRole(d, r.RoleName) }
	s.copy = func(r ramclient.Role) (string, string) { return r.Arn, "ARN of role " + r.RoleName }
	c := d.Client
	s.keys = func(msg tea.KeyMsg) tea.Cmd {
		if r, ok := s.table.Current(); ok && keyIs(msg, d.Keys.List.SwitchRole) {
			return switchRoleCmd(r.RoleName)
		}
		if keyIs(msg, d.Keys.List.New) {
			return askNewRole(&s.Base, c, &s.newRole)
		}
		if keyIs(msg, d.Keys.List.Delete) {
			sel := s.table.Selected()
			return kit.ConfirmThen(&s.Base, "Delete "+plural(len(sel), "role", "roles")+"? RAM refuses while a role still has policies; sessions already issued keep working until they expire.", sel,
				func(r ramclient.Role) string { return r.RoleName + " (" + r.Arn + ")" }, "Deleted:",
				func(ctx context.Context, r ramclient.Role) error { return c.DeleteRole(ctx, r.RoleName) })
		}
		return nil
	}
	s.after = func(m kit.MutatedMsg) tea.Cmd { return kit.AfterMutation(m, s.load()) }
	s.extra = append(s.extra, d.Keys.List.SwitchRole, withHelp(d.Keys.List.New, "new role"), withHelp(d.Keys.List.Delete, "delete"))
	s.onPage = func([]ramclient.Role) tea.Cmd { return s.fillTrust() }
	return s
}

func (s *rolesScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch m := msg.(type) {
	case screen.EditedMsg:
		return s, created(&s.Base, s.D.Client, s.newRole, m)
	case trustMsg:
		if m.err == nil {
			s.trust[m.role.RoleName] = m.role.TrustPolicy
			if cur, ok := s.table.Get(m.role.RoleName); ok {
				cur.TrustPolicy = m.role.TrustPolicy
				s.table.Upsert(cur)
			}
		}
		return s, nil
	case pageMsg[ramclient.Role]:
		for i, r := range m.page.Items {
			if r.TrustPolicy == "" {
				m.page.Items[i].TrustPolicy = s.trust[r.RoleName]
			}
		}
		msg = m
	case tea.KeyMsg:
		if keyIs(m, s.D.Keys.List.Refresh) {
			s.asked, s.trust = map[string]bool{}, map[string]string{}
		}
	}
	_, cmd := s.listScreen.Update(msg)
	return s, cmd
}

// fillTrust asks GetRole for on-screen roles whose trust policy is not known yet.
func (s *rolesScreen) fillTrust() tea.Cmd {
	var cmds []tea.Cmd
	for _, r := range s.table.OnScreen() {
		if r.TrustPolicy != "" || s.asked[r.RoleName] {
			continue
		}
		s.asked[r.RoleName] = true
		ctx, c, name := s.Ctx, s.D.Client, r.RoleName
		cmds = append(cmds, screen.Call(s.ID(), func() tea.Msg {
			role, err := c.GetRole(ctx, name)
			return trustMsg{role: role, err: err}
		}))
	}
	return tea.Batch(cmds...)
}
