package views

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/screen"
	auditview "github.com/ramtui/ramtui/views/audit"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/grant"
	"github.com/ramtui/ramtui/views/lists"
	"github.com/ramtui/ramtui/views/profiles"
	"github.com/ramtui/ramtui/views/providers"
	"github.com/ramtui/ramtui/views/simulate"
	"github.com/ramtui/ramtui/views/switchrole"
	"github.com/ramtui/ramtui/views/whocan"
)

// TopLevel is one of the top-level lists (keys 1..6).
type TopLevel struct {
	Name string
	New  func() screen.Screen
}

// TopLevels lists Users, Groups, Roles, Policies, Keys and Providers, in the order of keys 1..6.
func TopLevels(d *Deps) []TopLevel {
	return []TopLevel{
		{"Users", func() screen.Screen { return lists.NewUsers(d) }},
		{"Groups", func() screen.Screen { return lists.NewGroups(d) }},
		{"Roles", func() screen.Screen { return lists.NewRoles(d) }},
		{"Policies", func() screen.Screen { return lists.NewPolicies(d) }},
		{"Keys", func() screen.Screen { return lists.NewKeys(d) }},
		{"Providers", func() screen.Screen { return providers.NewList(d) }},
	}
}

// Command is a ':' palette command.
type Command struct {
	Name    string
	Aliases []string
	Help    string
	Run     func() tea.Cmd
}

// Commands are the palette's commands (DESIGN.md's key table).
func Commands(d *Deps) []Command {
	tab := func(i int) func() tea.Cmd {
		return func() tea.Cmd { return screen.Cmd(screen.SwitchTabMsg{Index: i}) }
	}
	return []Command{
		{"users", []string{"u"}, "list users", tab(0)},
		{"groups", []string{"g"}, "list groups", tab(1)},
		{"roles", []string{"r"}, "list roles", tab(2)},
		{"policies", []string{"p"}, "list policies", tab(3)},
		{"keys", []string{"ak"}, "list every user's AccessKeys", tab(4)},
		{"providers", []string{"idp"}, "list the SAML and OIDC identity providers", tab(5)},
		{"switch", nil, "switch into a role (STS AssumeRole)", func() tea.Cmd { return switchrole.Open(d, "") }},
		{"original", nil, "stop browsing as a role", func() tea.Cmd { return screen.Cmd(session.OriginalMsg{}) }},
		{"renew", nil, "renew the role session being browsed as", func() tea.Cmd { return screen.Cmd(session.RenewMsg{}) }},
		{"profile", []string{"ctx"}, "switch the whole session to another profile or account", func() tea.Cmd { return screen.Push(profiles.Open(d)) }},
		{"previous", []string{"prev"}, "back to the previous account (:profile)", func() tea.Cmd { return screen.Cmd(session.PreviousMsg{}) }},
		{"grant", nil, "grant a RAM user STS access to one OSS directory (wizard)", func() tea.Cmd { return screen.Push(grant.New(d)) }},
		{"revoke", nil, "revoke a grant made by :grant (lists them)", func() tea.Cmd { return screen.Push(grant.NewGrants(d)) }},
		{"log", nil, "API call log", func() tea.Cmd { return screen.Push(lists.NewLog(d)) }},
		{"error", []string{"err"}, "the last failed call in full", func() tea.Cmd { return details.LastError(d, d.Client().Log()) }},
		{"audit", nil, "the account's risks: score, findings, fixes", func() tea.Cmd { return screen.Push(auditview.New(d)) }},
		{"whocan", []string{"who-can"}, "who can do an action on a resource", func() tea.Cmd { return whocan.Open(d, "", "", OpenPrincipal(d)) }},
		{"simulate", []string{"sim"}, "permission simulator: may a user, group or role do this?", func() tea.Cmd { return simulate.Open(d, access.Principal{}, OpenPrincipal(d)) }},
		{"whoami", nil, "who these credentials belong to", func() tea.Cmd { return whoami(d) }},
		{"q", []string{"quit"}, "quit", func() tea.Cmd { return tea.Quit }},
	}
}

// OpenPrincipal opens a user's, group's or role's screen (for screens below details).
func OpenPrincipal(d *Deps) whocan.Opener {
	return func(kind, name string) screen.Screen {
		switch kind {
		case "group":
			return details.NewGroup(d, name)
		case "role":
			return details.NewRole(d, name)
		}
		return details.NewUser(d, name)
	}
}

// whoami flashes the caller identity and where the credentials came from.
func whoami(d *Deps) tea.Cmd {
	c := d.Client()
	return screen.Call(0, func() tea.Msg {
		id, err := c.CallerIdentity(context.Background())
		if err != nil {
			return screen.FlashMsg{Level: screen.Error, Text: errLine(err)}
		}
		return screen.FlashMsg{Text: id.Arn + " (" + id.IdentityType + ", account " + id.AccountID + ") via " + c.Credentials().Source}
	})
}
