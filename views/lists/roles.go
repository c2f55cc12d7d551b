package lists

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/kit"
	"github.com/ramtui/ramtui/views/switchrole"
)

// NewRoles is the Roles list. ListRoles does not return trust policies, so the TRUSTS column
// is filled lazily with GetRole, only for rows on screen, each role once.
func NewRoles(d *kit.Deps) screen.Screen {
	t := components.NewTable(d.Theme, d.Keys, kit.RoleName,
		kit.Col("NAME", 12, 28, kit.RoleName),
		kit.Col("TRUSTS", 14, 36, func(r ramclient.Role) string { return details.TrustSummary(r.TrustPolicy) }),
		components.Column[ramclient.Role]{Title: "MAX SESSION", Min: 11, Max: 11, Right: true, Cell: func(r ramclient.Role) string { return kit.Duration(r.MaxSessionDuration) },
			Less: func(a, b ramclient.Role) bool { return a.MaxSessionDuration < b.MaxSessionDuration }},
		kit.Col("DESCRIPTION", 10, 0, func(r ramclient.Role) string { return r.Description }),
	)
	t.SetEmptyText("No roles in this account.")
	c := d.Client()
	s := kit.NewList(d, "Roles", t, c.ListRolesPage)
	s.Open = func(r ramclient.Role) screen.Screen { return details.NewRole(d, r.RoleName) }
	s.CopyRow = func(r ramclient.Role) (string, string) { return r.Arn, "ARN of role " + r.RoleName }
	s.Lazy = &kit.Lazy[ramclient.Role]{
		Missing: func(r ramclient.Role) bool { return r.TrustPolicy == "" },
		Fill: func(ctx context.Context, r ramclient.Role) (ramclient.Role, bool) {
			role, err := c.GetRole(ctx, r.RoleName)
			return role, err == nil
		},
		Merge: func(fresh, known ramclient.Role) ramclient.Role {
			if fresh.TrustPolicy == "" {
				fresh.TrustPolicy = known.TrustPolicy
			}
			return fresh
		},
	}
	var newRole creation
	l := d.Keys.List
	s.Actions = kit.Actions{
		{Key: l.SwitchRole, Do: func() tea.Cmd {
			if r, ok := s.Table.Current(); ok {
				return switchrole.Open(d, r.RoleName)
			}
			return nil
		}},
		{Key: l.New, Help: "new role", Mutating: true, Do: func() tea.Cmd { return askNewRole(&s.Base, &newRole) }},
		{Key: l.Delete, Help: "delete", Mutating: true, Do: func() tea.Cmd {
			sel := s.Table.Selected()
			return kit.ConfirmThen(&s.Base, "Delete "+kit.Plural(len(sel), "role", "roles")+"? RAM refuses while a role still has policies; sessions already issued keep working until they expire.", sel,
				func(r ramclient.Role) string { return r.RoleName + " (" + r.Arn + ")" }, "Deleted:",
				func(ctx context.Context, r ramclient.Role) error { return c.DeleteRole(ctx, r.RoleName) })
		}},
		details.AttachToSelected(s, func(r ramclient.Role) ramclient.Principal { return ramclient.RolePrincipal(r.RoleName) }),
	}
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(screen.EditedMsg); ok {
			return created(&s.Base, newRole, m)
		}
		return nil
	}
	return s
}
