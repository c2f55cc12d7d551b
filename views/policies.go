package views

import (
	"context"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// policiesScreen is the Policies list, showing Custom or System policies (t toggles).
type policiesScreen struct {
	*listScreen[ramclient.Policy]
	typ       ramclient.PolicyType
	newPolicy creation
}

func policyID(p ramclient.Policy) string { return string(p.PolicyType) + ":" + p.PolicyName }

// NewPolicies is the Policies list; it starts on Custom policies, the ones admins edit.
func NewPolicies(d *Deps) screen.Screen {
	t := components.NewTable(d.Theme, d.Keys, policyID,
		components.Column[ramclient.Policy]{Title: "NAME", Min: 16, Max: 40, Cell: func(p ramclient.Policy) string { return p.PolicyName }},
		components.Column[ramclient.Policy]{Title: "TYPE", Min: 6, Max: 6, Cell: func(p ramclient.Policy) string { return string(p.PolicyType) }},
		components.Column[ramclient.Policy]{Title: "ATTACHED", Min: 8, Max: 8, Right: true,
			Cell: func(p ramclient.Policy) string { return strconv.Itoa(p.AttachmentCount) },
			Less: func(a, b ramclient.Policy) bool { return a.AttachmentCount < b.AttachmentCount }},
		components.Column[ramclient.Policy]{Title: "DEFAULT", Min: 7, Max: 7, Cell: func(p ramclient.Policy) string { return p.DefaultVersion }},
		components.Column[ramclient.Policy]{Title: "DESCRIPTION", Min: 10, Flex: true, Cell: func(p ramclient.Policy) string { return p.Description }},
	)
	s := &policiesScreen{typ: ramclient.PolicyCustom}
	s.listScreen = newList(d, "", t, nil)
	s.setType(ramclient.PolicyCustom)
	s.open = func(p ramclient.Policy) screen.Screen { return NewPolicy(d, p.PolicyName, p.PolicyType) }
	s.copy = func(p ramclient.Policy) (string, string) { return p.PolicyName, "policy name " + p.PolicyName }
	s.extra = []key.Binding{withHelp(d.Keys.List.Toggle, "system/custom"), withHelp(d.Keys.List.New, "new policy"), withHelp(d.Keys.List.Delete, "delete")}
	c := d.Client
	s.after = func(m kit.MutatedMsg) tea.Cmd { return kit.AfterMutation(m, s.load()) }
	s.keys = func(msg tea.KeyMsg) tea.Cmd {
		if keyIs(msg, d.Keys.List.New) {
			return askNewPolicy(&s.Base, &s.newPolicy)
		}
		if keyIs(msg, d.Keys.List.Delete) {
			var sel []ramclient.Policy
			for _, p := range s.table.Selected() {
				if p.PolicyType == ramclient.PolicyCustom {
					sel = append(sel, p)
				}
			}
			if len(sel) == 0 {
				return screen.Flash("System policies cannot be deleted.")
			}
			return kit.ConfirmThen(&s.Base, "Delete "+plural(len(sel), "custom policy", "custom policies")+"? RAM refuses while a policy is attached or has other versions.", sel,
				func(p ramclient.Policy) string {
					return p.PolicyName + " (attached " + strconv.Itoa(p.AttachmentCount) + "×)"
				}, "Deleted:",
				func(ctx context.Context, p ramclient.Policy) error { return c.DeletePolicy(ctx, p.PolicyName) })
		}
		if keyIs(msg, d.Keys.List.Toggle) {
			if s.typ == ramclient.PolicyCustom {
				s.setType(ramclient.PolicySystem)
			} else {
				s.setType(ramclient.PolicyCustom)
			}
			s.loaded = false // a different list, not a refresh of this one
			s.table.BeginRefresh()
			s.table.EndRefresh()
			return s.load()
		}
		return nil
	}
	return s
}

func (s *policiesScreen) setType(typ ramclient.PolicyType) {
	s.typ = typ
	s.title = string(typ) + " policies"
	s.table.SetEmptyText("No " + string(typ) + " policies.")
	c := s.D.Client
	s.fetch = func(ctx context.Context, marker string) (ramclient.Page[ramclient.Policy], error) {
		return c.ListPoliciesPage(ctx, typ, marker)
	}
}

func (s *policiesScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch m := msg.(type) {
	case screen.EditedMsg:
		return s, created(&s.Base, s.D.Client, s.newPolicy, m)
	}
	_, cmd := s.listScreen.Update(msg)
	return s, cmd
}

// withHelp returns a copy of b with a screen-specific description.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

func keyIs(msg tea.KeyMsg, b key.Binding) bool { return key.Matches(msg, b) }
