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
	kind := map[ramclient.PrincipalKind]access.Kind{ramclient.PrincipalUser: access.User,
		ramclient.PrincipalGroup: access.Group, ramclient.PrincipalRole: access.Role}[p.Kind]
	return kit.Action{Key: d.Keys.Detail.Simulate, Help: "simulate a request",
		Do: func() tea.Cmd { return simulate.Open(d, access.Principal{Kind: kind, Name: p.Name}) }}
}
