package details

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/views/kit"
	"github.com/ramtui/ramtui/views/simulate"
)

// simulateAction is p on a user, group or role: the permission simulator with it filled in.
func simulateAction(d *kit.Deps, p ramclient.Principal) kit.Action {
	return kit.Action{Key: d.Keys.Detail.Simulate, Help: "simulate a request",
		Do: func() tea.Cmd { return openSimulator(d, p) }}
}

// SimulateCurrent is p on the users, groups and roles lists: the simulator for the cursor's
// row, as p on its screen (a user pressing p on a row got nothing).
func SimulateCurrent[T any](s *kit.List[T], principal func(T) ramclient.Principal) kit.Action {
	return kit.Action{Key: s.D.Keys.List.Simulate, Help: "simulate a request", FullOnly: true, Do: func() tea.Cmd {
		if r, ok := s.Table.Current(); ok {
			return openSimulator(s.D, principal(r))
		}
		return nil
	}}
}

func openSimulator(d *kit.Deps, p ramclient.Principal) tea.Cmd {
	kind := map[ramclient.PrincipalKind]access.Kind{ramclient.PrincipalUser: access.User,
		ramclient.PrincipalGroup: access.Group, ramclient.PrincipalRole: access.Role}[p.Kind]
	return simulate.Open(d, access.Principal{Kind: kind, Name: p.Name}, principalOpener(d))
}
