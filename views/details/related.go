package details

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// What the detail screens share about related entities: their row ids, how enter opens them,
// and the Policies section of a principal with its attach and detach actions.

func openGroup(d *kit.Deps) func(ramclient.Group) tea.Cmd {
	return func(g ramclient.Group) tea.Cmd { return screen.Push(NewGroup(d, g.GroupName)) }
}

func openUser(d *kit.Deps) func(ramclient.User) tea.Cmd {
	return func(u ramclient.User) tea.Cmd { return screen.Push(NewUser(d, u.UserName)) }
}

// attachedPolicies adds the Policies section of a user, group or role, with a (attach more,
// in the policy picker; from any section) and x (detach the marked policies).
func attachedPolicies[E any](s *kit.Detail[E], to ramclient.Principal, empty string) (*kit.TableSection[ramclient.Policy], kit.Actions) {
	d, c := s.D, s.D.Client()
	sec := kit.AddTable(s, "Policies", empty, kit.PolicyID,
		kit.Col("POLICY", 16, 40, kit.PolicyName), kit.Col("TYPE", 6, 6, func(p ramclient.Policy) string { return string(p.PolicyType) }),
		kit.Col("ATTACHED", 10, 10, func(p ramclient.Policy) string { return kit.Date(p.AttachDate) }),
		kit.Col("DESCRIPTION", 10, 0, func(p ramclient.Policy) string { return p.Description }))
	sec.Open = func(p ramclient.Policy) tea.Cmd { return screen.Push(NewPolicy(d, p.PolicyName, p.PolicyType)) }
	sec.CopyRow = kit.CopyName("policy", kit.PolicyName)
	k := d.Keys.Detail
	return sec, kit.Actions{
		{Key: k.Attach, Mutating: true, Do: func() tea.Cmd {
			return screen.Push(NewAttach(d, to, sec.Items(), s.ID()))
		}},
		{Key: k.Detach, Help: "detach", Mutating: true, When: s.Shows(sec), Do: func() tea.Cmd {
			sel := sec.Selected()
			return kit.ConfirmThen(&s.Base, "Detach "+kit.Plural(len(sel), "policy", "policies")+" from "+kit.PrincipalLabel(to)+"?", sel,
				kit.PolicyLabel, "Detached from "+kit.PrincipalLabel(to)+":",
				func(ctx context.Context, p ramclient.Policy) error {
					return c.DetachPolicy(ctx, to, p.PolicyName, p.PolicyType)
				})
		}},
	}
}

// openPrincipal is the screen of a user, group or role.
func openPrincipal(d *kit.Deps, p ramclient.Principal) screen.Screen {
	switch p.Kind {
	case ramclient.PrincipalUser:
		return NewUser(d, p.Name)
	case ramclient.PrincipalGroup:
		return NewGroup(d, p.Name)
	}
	return NewRole(d, p.Name)
}
