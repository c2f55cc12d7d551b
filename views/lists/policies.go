package lists

import (
	"context"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/kit"
)

// NewPolicies is the Policies list: all policies, custom first (the ones admins edit), with t
// cycling all / custom / system. A filter that matches nothing in a narrowed view says t shows
// the rest, so /AdministratorAccess on custom policies is not a dead end.
func NewPolicies(d *kit.Deps) screen.Screen {
	t := components.NewTable(d.Theme, d.Keys, kit.PolicyID,
		kit.Col("NAME", 16, 40, kit.PolicyName),
		components.Column[ramclient.Policy]{Title: "TYPE", Min: 6, Max: 6, Less: customFirst,
			Cell: func(p ramclient.Policy) string { return string(p.PolicyType) }},
		components.Column[ramclient.Policy]{Title: "ATTACHED", Min: 8, Max: 8, Right: true,
			Cell: func(p ramclient.Policy) string { return strconv.Itoa(p.AttachmentCount) },
			Less: func(a, b ramclient.Policy) bool { return a.AttachmentCount < b.AttachmentCount }},
		kit.Col("DEFAULT", 7, 7, func(p ramclient.Policy) string { return p.DefaultVersion }),
		kit.Col("DESCRIPTION", 10, 0, func(p ramclient.Policy) string { return p.Description }),
	)
	t.SetSort(1, false) // custom first, then by name
	c := d.Client()
	s := kit.NewList[ramclient.Policy](d, "", t, nil)
	// Default versions and attachment counts change on every kind of screen (and pickers).
	s.Kind, s.Shows = "policy", []string{"policy", "user", "group", "role", ""}
	views := []struct {
		typ         ramclient.PolicyType
		title, hint string
	}{
		{ramclient.PolicyAny, "All policies", ""},
		{ramclient.PolicyCustom, "Custom policies", "Custom only: t shows system policies."},
		{ramclient.PolicySystem, "System policies", "System only: t shows all policies."},
	}
	view := 0
	show := func(i int) tea.Cmd {
		view = i
		v := views[i]
		t.SetEmptyText("No " + strings.ToLower(v.title) + ".")
		t.SetNoMatchHint(v.hint)
		return s.SetSource(v.title, func(ctx context.Context, marker string) (ramclient.Page[ramclient.Policy], error) {
			return c.ListPoliciesPage(ctx, v.typ, marker)
		})
	}
	show(0) // the first load starts in Init
	s.Open = func(p ramclient.Policy) screen.Screen { return details.NewPolicy(d, p.PolicyName, p.PolicyType) }
	s.CopyRow = kit.CopyName("policy", kit.PolicyName)
	var newPolicy creation
	l := d.Keys.List
	s.Actions = kit.Actions{
		{Key: l.Toggle, Help: "all/custom/system", Do: func() tea.Cmd { return show((view + 1) % len(views)) }},
		{Key: l.New, Help: "new policy", Mutating: true, Do: func() tea.Cmd { return askNewPolicy(&s.Base, &newPolicy) }},
		{Key: l.Delete, Help: "delete", Mutating: true, Do: func() tea.Cmd {
			var sel []ramclient.Policy
			for _, p := range s.Table.Selected() {
				if p.PolicyType == ramclient.PolicyCustom {
					sel = append(sel, p)
				}
			}
			if len(sel) == 0 {
				return screen.Flash("System policies cannot be deleted.")
			}
			return kit.ConfirmThen(&s.Base, "Delete "+kit.Plural(len(sel), "custom policy", "custom policies")+"? RAM refuses while a policy is attached or has other versions.", sel,
				func(p ramclient.Policy) string {
					return p.PolicyName + " (attached " + strconv.Itoa(p.AttachmentCount) + "×)"
				}, "Deleted custom policies:",
				func(ctx context.Context, p ramclient.Policy) error { return c.DeletePolicy(ctx, p.PolicyName) })
		}},
	}
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(screen.EditedMsg); ok {
			return created(&s.Base, newPolicy, m)
		}
		return nil
	}
	return s
}

// customFirst orders custom policies before system ones, each by name.
func customFirst(a, b ramclient.Policy) bool {
	if a.PolicyType != b.PolicyType {
		return a.PolicyType == ramclient.PolicyCustom
	}
	return a.PolicyName < b.PolicyName
}
