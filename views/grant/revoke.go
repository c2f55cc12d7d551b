package grant

import (
	"context"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// NewGrants lists the roles a grant made (their description starts with grant.Marker); enter
// opens the revocation of one (":revoke").
func NewGrants(d *kit.Deps) screen.Screen {
	t := components.NewTable(d.Theme, d.Keys, kit.RoleName,
		kit.Col("ROLE", 12, 40, kit.RoleName),
		kit.Col("GRANT", 20, 0, func(r ramclient.Role) string { return strings.TrimPrefix(r.Description, engine.Marker) }),
	)
	t.SetEmptyText("No roles made by a grant in this account (:grant makes one).")
	c := d.Client()
	s := kit.NewList(d, "Grants", t, func(ctx context.Context, marker string) (ramclient.Page[ramclient.Role], error) {
		p, err := c.ListRolesPage(ctx, marker)
		var mine []ramclient.Role
		for _, r := range p.Items {
			if strings.HasPrefix(r.Description, engine.Marker) {
				mine = append(mine, r)
			}
		}
		p.Items = mine
		return p, err
	})
	s.Shows = []string{"role"} // a grant made or revoked elsewhere shows here
	s.Open = func(r ramclient.Role) screen.Screen { return NewRevoke(d, r.RoleName) }
	s.CopyRow = func(r ramclient.Role) (string, string) { return r.Arn, "ARN of role " + r.RoleName }
	return s
}

// revoke is the reverse of a grant: the plan (what is detached and deleted, what stays and
// why), one confirmation, the steps with progress.
type revoke struct {
	kit.Base
	c      *ramclient.Client
	role   string
	load   kit.Loader[*engine.RevokePlan]
	plan   *engine.RevokePlan
	rows   progressRows
	run    phase // planning, planned, applying, failed (a step failed), verified (revoked), broken
	err    error
	errMsg string
	pager  *components.Pager
}

// NewRevoke plans the revocation of the grant whose role is role (grant.PlanRevoke: only what
// a grant made is deleted; a role a grant did not make is refused).
func NewRevoke(d *kit.Deps, role string) screen.Screen {
	return &revoke{Base: kit.NewBase(d), c: d.Client(), role: role, pager: components.NewPager(d.Keys)}
}

func (s *revoke) Title() string   { return "Revoke " + s.role }
func (s *revoke) Capturing() bool { return s.run == applying }
func (s *revoke) Init() tea.Cmd   { return s.replan() }

func (s *revoke) SetSize(w, h int) {
	s.W, s.H = w, h
	s.pager.SetSize(w, max(1, h-3))
	s.show()
}

func (s *revoke) replan() tea.Cmd {
	s.run, s.rows, s.err, s.errMsg = planning, progressRows{}, nil, ""
	s.show()
	c, role := s.c, s.role
	return s.load.Start(&s.Base, func(ctx context.Context) (*engine.RevokePlan, error) { return engine.PlanRevoke(ctx, c, role) })
}

func (s *revoke) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	if m, ok := s.load.Accept(msg); ok {
		if m.Err != nil {
			if kit.Canceled(m.Err) {
				return s, nil
			}
			s.run, s.errMsg = broken, kit.ErrLine(m.Err)
			s.show()
			return s, screen.FlashError(s.errMsg)
		}
		s.plan, s.run = m.Val, planned
		s.show()
		return s, nil
	}
	switch m := msg.(type) {
	case enterMsg:
		s.run = m.ph
		s.show()
	case startedMsg:
		return s, next(s.ID(), m.ch)
	case eventMsg:
		s.rows.add(m.ev)
		s.show()
		return s, next(s.ID(), m.ch)
	case doneMsg:
		// Steps ran (all, or some before one failed): the other screens load again.
		changed := screen.Cmd(screen.ChangedMsg{From: s.ID(), Kind: "role", Name: s.role})
		s.err = m.err
		if m.err != nil {
			s.run = failed
			s.show()
			return s, tea.Batch(changed, screen.FlashError("The revocation stopped: "+kit.ErrLine(m.err)+" (r plans what is left)"))
		}
		s.run = verified
		s.show()
		return s, tea.Batch(changed, screen.Flash("Revoked: role "+s.role+" no longer exists."))
	case tea.KeyMsg:
		if s.pager.HandleKey(m) {
			return s, nil
		}
		cmd, _ := s.actions().Handle(m, s.D.ReadOnly())
		return s, cmd
	}
	return s, nil
}

func (s *revoke) confirm() tea.Cmd {
	rp, c := s.plan, s.c
	var details []string
	for _, st := range rp.Steps {
		details = append(details, st.Title)
	}
	run := startRun(s.ID(), s.Ctx, func(ctx context.Context, progress func(engine.Event)) doneMsg {
		return doneMsg{err: rp.Apply(ctx, c, progress)}
	})
	return screen.Cmd(screen.ConfirmMsg{Question: "Revoke the grant of role " + s.role + ": " + kit.Plural(len(details), "step", "steps") + "? Sessions already issued keep working until they expire.",
		Details: details, OnYes: tea.Sequence(screen.Send(s.ID(), enterMsg{applying}), run)})
}

func (s *revoke) actions() kit.Actions {
	k, g := s.D.Keys.Detail, s.D.Keys.Global
	return kit.Actions{
		{Key: k.Open, Help: "revoke", Mutating: true, When: func() bool { return s.run == planned }, Do: s.confirm},
		{Key: k.Refresh, Help: "plan again", When: func() bool { return s.run != applying && s.run != verified }, Do: s.replan},
		{Key: g.Back, Help: "back", When: s.Capturing, Do: func() tea.Cmd {
			return screen.Flash("Wait: the revocation is under way.")
		}},
	}
}

func (s *revoke) KeyMap() help.KeyMap {
	n := s.D.Keys.Nav
	return s.actions().Help(s.D.ReadOnly(), n.Up, n.Down, n.PageUp, n.PageDown)
}

func (s *revoke) show() {
	var b strings.Builder
	switch s.run {
	case planning:
		b.WriteString("Reading the role and what hangs on it…\n")
	case broken:
		wrap(&b, "", s.errMsg, s.W)
	default:
		rp := s.plan
		b.WriteString("Role   " + rp.Role.Arn + "\n")
		wrap(&b, "Grant  ", strings.TrimPrefix(rp.Role.Description, engine.Marker), s.W)
		b.WriteString("\nSteps\n")
		for i, st := range rp.Steps {
			wrap(&b, "  "+strconv.Itoa(i+1)+". ", st.Title, s.W)
		}
		for _, k := range rp.Kept {
			wrap(&b, "  kept: ", k, s.W)
		}
		if len(s.rows.rows) > 0 {
			b.WriteString("\nProgress\n" + eventsText(s.rows.rows, s.W))
		}
		if s.run == failed {
			b.WriteString("\n")
			wrap(&b, "Stopped: ", kit.ErrLine(s.err)+". Nothing is rolled back (there is nothing to go back to); r plans what is left.", s.W)
		}
	}
	s.pager.SetText(b.String())
}

func (s *revoke) View() string {
	th := s.D.Theme
	status, style := "Planning…", th.Dim
	switch s.run {
	case broken:
		status, style = "Cannot revoke: "+s.errMsg, th.Error
	case planned:
		status, style = "Plan: "+kit.Plural(len(s.plan.Steps), "step", "steps")+", nothing changed yet. enter revokes (asks first), esc cancels.", th.Info
	case applying:
		status, style = "Revoking…", th.Warn
	case failed:
		status, style = "The revocation stopped part-way: r plans what is left.", th.Error
	case verified:
		status, style = "Revoked: role "+s.role+" no longer exists.", th.Success
	}
	return th.Title.Render(components.Truncate(safetext.Line("Revoke the grant of role "+s.role), s.W)) + "\n" +
		style.Render(components.Truncate(safetext.Line(status), s.W)) + "\n\n" + s.pager.View()
}
