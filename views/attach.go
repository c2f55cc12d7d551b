package views

import (
	"context"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// attachScreen picks policies (System and Custom, filterable, space marks several) to attach
// to a user, group or role. enter asks "Attach N policies to user X?" naming each; on yes the
// policies are attached, the screen closes and the principal's screen reloads.
type attachScreen struct {
	*listScreen[ramclient.Policy]
	to     ramclient.Principal
	origin screen.ID // reloaded after attaching
}

// NewAttach is the policy picker for attaching to principal `to`. already lists the policies
// attached now (shown as such); origin is the screen to reload afterwards.
func NewAttach(d *Deps, to ramclient.Principal, already []link, origin screen.ID) screen.Screen {
	has := map[string]bool{}
	for _, l := range already {
		has[string(l.ptype)+":"+l.name] = true
	}
	t := components.NewTable(d.Theme, d.Keys, policyID,
		components.Column[ramclient.Policy]{Title: "NAME", Min: 16, Max: 40, Cell: func(p ramclient.Policy) string { return p.PolicyName }},
		components.Column[ramclient.Policy]{Title: "TYPE", Min: 6, Max: 6, Cell: func(p ramclient.Policy) string { return string(p.PolicyType) }},
		components.Column[ramclient.Policy]{Title: "NOW", Min: 8, Max: 8, Cell: func(p ramclient.Policy) string {
			if has[policyID(p)] {
				return "attached"
			}
			return ""
		}},
		components.Column[ramclient.Policy]{Title: "DESCRIPTION", Min: 10, Flex: true, Cell: func(p ramclient.Policy) string { return p.Description }},
	)
	t.SetEmptyText("No policies.")
	c := d.Client
	s := &attachScreen{to: to, origin: origin}
	s.listScreen = newList(d, "Attach to "+principalLabel(to), t, func(ctx context.Context, marker string) (ramclient.Page[ramclient.Policy], error) {
		return c.ListPoliciesPage(ctx, ramclient.PolicyAny, marker)
	})
	s.keys = func(msg tea.KeyMsg) tea.Cmd {
		if !keyIs(msg, d.Keys.List.Open) {
			return nil
		}
		var sel []ramclient.Policy
		for _, p := range s.table.Selected() {
			if !has[policyID(p)] {
				sel = append(sel, p)
			}
		}
		if len(sel) == 0 {
			return screen.Flash("Already attached: nothing to do.")
		}
		return kit.ConfirmThen(&s.Base, "Attach "+plural(len(sel), "policy", "policies")+" to "+principalLabel(to)+"?", sel,
			func(p ramclient.Policy) string { return p.PolicyName + " (" + string(p.PolicyType) + ")" }, "Attached:",
			func(ctx context.Context, p ramclient.Policy) error {
				return c.AttachPolicy(ctx, to, p.PolicyName, p.PolicyType)
			})
	}
	return s
}

func principalLabel(p ramclient.Principal) string {
	switch p.Kind {
	case ramclient.PrincipalUser:
		return "user " + p.Name
	case ramclient.PrincipalGroup:
		return "group " + p.Name
	}
	return "role " + p.Name
}

func (s *attachScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	if m, ok := msg.(kit.MutatedMsg); ok {
		flash := kit.AfterMutation(m, nil)
		if m.OK == 0 {
			return s, flash // nothing attached: stay, so the user can pick again
		}
		return s, tea.Batch(flash, screen.Send(s.origin, kit.ReloadMsg{}), screen.Pop())
	}
	_, cmd := s.listScreen.Update(msg)
	return s, cmd
}

func (s *attachScreen) KeyMap() help.KeyMap {
	l, n := s.D.Keys.List, s.D.Keys.Nav
	open := withHelp(l.Open, "attach")
	return helpKeys{
		short: []key.Binding{open, l.Mark, l.Filter},
		full:  [][]key.Binding{{n.Up, n.Down, n.Top, n.Bottom, n.PageUp, n.PageDown}, {open, l.Mark, l.MarkAll, l.Filter, l.Sort, l.SortReverse, l.Refresh}},
	}
}
