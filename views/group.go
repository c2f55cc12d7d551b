package views

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// groupScreen shows one group: its members and its policies.
type groupScreen struct{ detail }

type groupMsg struct {
	seq int
	g   ramclient.GroupDetail
	err error
}

// NewGroup is the screen of one group.
func NewGroup(d *Deps, name string) screen.Screen {
	s := &groupScreen{newDetail(d, "group", name)}
	s.sections = []*section{
		{name: "Members", table: linkTable(d, "No members.", col{"USER", 12, 32}, col{"DISPLAY NAME", 10, 24}, col{"JOINED", 10, 0})},
		{name: "Policies", table: linkTable(d, "No policies attached.", policyCols...)},
	}
	s.copyText = func() (string, string) { return name, "group name " + name }
	s.helpFor = func(section int) []key.Binding {
		if section == 0 {
			return []key.Binding{d.Keys.Detail.Attach, withHelp(d.Keys.Detail.Detach, "remove member")}
		}
		return []key.Binding{d.Keys.Detail.Attach, withHelp(d.Keys.Detail.Detach, "detach")}
	}
	s.extraKeys = func(msg tea.KeyMsg) tea.Cmd {
		if keyIs(msg, d.Keys.Detail.Attach) {
			return screen.Push(NewAttach(d, ramclient.GroupPrincipal(name), s.sections[1].table.Items(), s.ID()))
		}
		if !keyIs(msg, d.Keys.Detail.Detach) {
			return nil
		}
		c := d.Client
		sel := s.sections[s.active].table.Selected()
		if s.active == 0 {
			return kit.ConfirmThen(&s.Base, "Remove "+plural(len(sel), "user", "users")+" from group "+name+"?", sel,
				func(l link) string { return "user " + l.name }, "Removed:",
				func(ctx context.Context, l link) error { return c.RemoveUserFromGroup(ctx, l.name, name) })
		}
		return kit.ConfirmThen(&s.Base, "Detach "+plural(len(sel), "policy", "policies")+" from group "+name+"?", sel,
			policyLabel, "Detached:",
			func(ctx context.Context, l link) error {
				return c.DetachPolicy(ctx, ramclient.GroupPrincipal(name), l.name, l.ptype)
			})
	}
	return s
}

func (s *groupScreen) Init() tea.Cmd { return s.load() }

func (s *groupScreen) load() tea.Cmd {
	s.seq++
	seq, ctx, c, name := s.seq, s.Ctx, s.D.Client, s.name
	return screen.Call(s.ID(), func() tea.Msg {
		g, err := c.GroupDetail(ctx, name)
		return groupMsg{seq: seq, g: g, err: err}
	})
}

func (s *groupScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case groupMsg:
		if msg.seq != s.seq {
			return s, nil
		}
		if msg.err != nil {
			return s, s.loadFailed(msg.err)
		}
		g := msg.g.Group
		s.errText = ""
		s.setFields([]field{
			{"Name", g.GroupName}, {"Comments", g.Comments},
			{"Created", dateTime(g.CreateDate)}, {"Updated", dateTime(g.UpdateDate)},
		})
		var members []link
		for _, u := range msg.g.Members {
			members = append(members, link{kind: "user", name: u.UserName, cells: []string{u.UserName, u.DisplayName, date(u.JoinDate)}})
		}
		s.fill(0, members)
		s.fill(1, policyLinks(msg.g.Policies))
	case kit.MutatedMsg:
		return s, kit.AfterMutation(msg, s.load())
	case kit.ReloadMsg:
		return s, s.load()
	case tea.KeyMsg:
		return s, s.handleKey(msg, s.load)
	}
	return s, nil
}
