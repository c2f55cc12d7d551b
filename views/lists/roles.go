package lists

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/kit"
	"github.com/ramtui/ramtui/views/newrole"
	"github.com/ramtui/ramtui/views/switchrole"
)

// NewRoles is the Roles list. ListRoles does not return trust policies, so the TRUSTS column
// is filled lazily with GetRole, only for rows on screen, each role once.
func NewRoles(d *kit.Deps) screen.Screen {
	t := components.NewTable(d.Theme, d.Keys, kit.RoleName,
		kit.Col("NAME", 12, 28, kit.RoleName),
		kit.Col("TRUSTS", 14, 36, trusts),
		components.Column[ramclient.Role]{Title: "MAX SESSION", Min: 11, Max: 11, Right: true, Cell: func(r ramclient.Role) string { return kit.Duration(r.MaxSessionDuration) },
			Less: func(a, b ramclient.Role) bool { return a.MaxSessionDuration < b.MaxSessionDuration }},
		kit.Col("DESCRIPTION", 10, 0, func(r ramclient.Role) string { return r.Description }),
	)
	t.SetEmptyText("No roles in this account.")
	c := d.Client()
	s := kit.NewList(d, "Roles", t, c.ListRolesPage)
	// A role changed on its screen or by a grant (trust, description, deleted) is read again
	// alone, by one GetRole; a change that names no role lists them all again.
	s.Kind, s.Shows = "role", []string{"role"}
	s.Rows = &kit.Rows[ramclient.Role]{Kinds: []string{"role"}, Fetch: one(c.GetRole)}
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
		Calls: 1, // GetRole
	}
	var newRole creation
	attach := details.AttachToSelected(s, func(r ramclient.Role) ramclient.Principal { return ramclient.RolePrincipal(r.RoleName) })
	attachAll := attach.Do
	attach.When = notLinked(s)
	attach.Do = func() tea.Cmd {
		if cmd := refuseLinked(s.Table.Selected(), "attach policies to"); cmd != nil {
			return cmd
		}
		return attachAll()
	}
	l := d.Keys.List
	s.Actions = kit.Actions{
		{Key: l.SwitchRole, Do: func() tea.Cmd {
			if r, ok := s.Table.Current(); ok {
				return switchrole.Open(d, r.RoleName)
			}
			return nil
		}},
		{Key: l.New, Help: "new role", Mutating: true, Do: func() tea.Cmd {
			// The wizard's last choice is the plain path: name, description and max session,
			// then the trust policy in $EDITOR; its answer comes back here (OnMsg).
			return newrole.Open(d, s.ID(), func() tea.Cmd { return askNewRole(&s.Base, &newRole) })
		}},
		{Key: l.Delete, Help: "delete", Mutating: true, When: notLinked(s), Do: func() tea.Cmd {
			sel := s.Table.Selected()
			if cmd := refuseLinked(sel, "delete"); cmd != nil {
				return cmd
			}
			return kit.ConfirmThen(&s.Base, "Delete "+kit.Plural(len(sel), "role", "roles")+"? RAM refuses while a role still has policies; sessions already issued keep working until they expire.", sel,
				func(r ramclient.Role) string { return r.RoleName + " (" + r.Arn + ")" }, "Deleted roles:",
				func(ctx context.Context, r ramclient.Role) error { return c.DeleteRole(ctx, r.RoleName) })
		}},
		attach,
		details.SimulateCurrent(s, func(r ramclient.Role) ramclient.Principal { return ramclient.RolePrincipal(r.RoleName) }),
	}
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		switch m := msg.(type) {
		case kit.ReloadMsg: // the new-role wizard created one
			return s.Reload()
		case screen.EditedMsg:
			return created(&s.Base, newRole, m)
		}
		return nil
	}
	return s
}

// trusts is the TRUSTS column; a service-linked role says so first (its service manages it).
func trusts(r ramclient.Role) string {
	if !r.ServiceLinked() {
		return details.RoleTrustSummary(r)
	}
	if r.TrustPolicy == "" {
		return "service-linked"
	}
	return "service-linked: " + strings.TrimPrefix(details.TrustSummary(r.TrustPolicy), "service ")
}

// notLinked is the When of the changes RAM refuses on a service-linked role: the cursor's row
// is not one.
func notLinked(s *kit.List[ramclient.Role]) func() bool {
	return func() bool {
		r, ok := s.Table.Current()
		return !ok || !r.ServiceLinked()
	}
}

// refuseLinked stops a change to marked rows that include a service-linked role, before any
// call: RAM would refuse it for that role.
func refuseLinked(sel []ramclient.Role, what string) tea.Cmd {
	for _, r := range sel {
		if r.ServiceLinked() {
			return screen.FlashError("Cannot " + what + " " + r.RoleName + ": it is a service-linked role, managed by its cloud service. Nothing changed.")
		}
	}
	return nil
}
