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

// attachToScreen picks principals (users, groups and roles, filterable, space marks several)
// to attach one policy to: `a` on a policy's screen.
type attachToScreen struct {
	kit.Base
	policy ramclient.Policy
	origin screen.ID
	table  *components.Table[link]
	has    map[string]bool // principals the policy is attached to now
	seq    int
}

type principalsMsg struct {
	seq  int
	rows []link
	err  error
}

// NewAttachTo is the principal picker for attaching policy p; attached lists the principals it
// is attached to now (the policy screen's "Attached to" rows); origin reloads afterwards.
func NewAttachTo(d *Deps, p ramclient.Policy, attached []link, origin screen.ID) screen.Screen {
	s := &attachToScreen{Base: kit.NewBase(d), policy: p, origin: origin, has: map[string]bool{}}
	for _, l := range attached {
		s.has[linkID(l)] = true
	}
	has := s.has
	s.table = components.NewTable(d.Theme, d.Keys, linkID,
		components.Column[link]{Title: "KIND", Min: 5, Max: 5, Cell: func(l link) string { return l.kind }},
		components.Column[link]{Title: "NAME", Min: 12, Max: 40, Cell: func(l link) string { return l.name }},
		components.Column[link]{Title: "NOW", Min: 8, Max: 8, Cell: func(l link) string {
			if has[linkID(l)] {
				return "attached"
			}
			return ""
		}},
		components.Column[link]{Title: "ABOUT", Min: 10, Flex: true, Cell: func(l link) string { return l.cells[0] }},
	)
	s.table.SetLoading(true)
	return s
}

func (s *attachToScreen) Title() string {
	return "Attach " + s.policy.PolicyName + " (" + s.table.Status() + ")"
}
func (s *attachToScreen) SetSize(w, h int)   { s.table.SetSize(w, h) }
func (s *attachToScreen) View() string       { return s.table.View() }
func (s *attachToScreen) Filter() string     { return s.table.Filter() }
func (s *attachToScreen) SetFilter(f string) { s.table.SetFilter(f) }

func (s *attachToScreen) Init() tea.Cmd {
	s.seq++
	seq, ctx, c := s.seq, s.Ctx, s.D.Client
	return screen.Call(s.ID(), func() tea.Msg {
		var rows []link
		users, err := c.AllUsers(ctx)
		if err != nil {
			return principalsMsg{seq: seq, err: err}
		}
		for _, u := range users {
			rows = append(rows, link{kind: "user", name: u.UserName, cells: []string{u.DisplayName}})
		}
		groups, err := c.AllGroups(ctx)
		if err != nil {
			return principalsMsg{seq: seq, err: err}
		}
		for _, g := range groups {
			rows = append(rows, link{kind: "group", name: g.GroupName, cells: []string{g.Comments}})
		}
		roles, err := c.AllRoles(ctx)
		if err != nil {
			return principalsMsg{seq: seq, err: err}
		}
		for _, r := range roles {
			rows = append(rows, link{kind: "role", name: r.RoleName, cells: []string{r.Description}})
		}
		return principalsMsg{seq: seq, rows: rows}
	})
}

func (s *attachToScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch m := msg.(type) {
	case principalsMsg:
		if m.seq != s.seq {
			return s, nil
		}
		s.table.SetLoading(false)
		if m.err != nil {
			s.table.SetEmptyText("Could not load: " + errLine(m.err))
			return s, screen.FlashError(errLine(m.err))
		}
		s.table.Upsert(m.rows...)
	case kit.MutatedMsg:
		flash := kit.AfterMutation(m, nil)
		if m.OK == 0 {
			return s, flash
		}
		return s, tea.Batch(flash, screen.Send(s.origin, kit.ReloadMsg{}), screen.Pop())
	case tea.KeyMsg:
		if s.table.HandleKey(m) {
			return s, nil
		}
		if keyIs(m, s.D.Keys.List.Open) {
			return s, s.attach()
		}
	}
	return s, nil
}

func (s *attachToScreen) attach() tea.Cmd {
	var sel []link
	for _, l := range s.table.Selected() {
		if !s.has[linkID(l)] {
			sel = append(sel, l)
		}
	}
	if len(sel) == 0 {
		return screen.Flash("Already attached: nothing to do.")
	}
	c, p := s.D.Client, s.policy
	return kit.ConfirmThen(&s.Base, "Attach "+p.PolicyName+" ("+string(p.PolicyType)+") to "+plural(len(sel), "principal", "principals")+"?", sel,
		func(l link) string { return l.kind + " " + l.name }, "Attached:",
		func(ctx context.Context, l link) error {
			return c.AttachPolicy(ctx, linkPrincipal(l), p.PolicyName, p.PolicyType)
		})
}

// linkPrincipal turns a user/group/role row into a Principal.
func linkPrincipal(l link) ramclient.Principal {
	switch l.kind {
	case "user":
		return ramclient.UserPrincipal(l.name)
	case "group":
		return ramclient.GroupPrincipal(l.name)
	}
	return ramclient.RolePrincipal(l.name)
}

func (s *attachToScreen) KeyMap() help.KeyMap {
	l, n := s.D.Keys.List, s.D.Keys.Nav
	open := withHelp(l.Open, "attach")
	return helpKeys{
		short: []key.Binding{open, l.Mark, l.Filter},
		full:  [][]key.Binding{{n.Up, n.Down, n.Top, n.Bottom, n.PageUp, n.PageDown}, {open, l.Mark, l.MarkAll, l.Filter, l.Sort, l.SortReverse}},
	}
}
