package views

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// roleScreen shows one role: ARN, max session, the trust policy as "who can assume" and as
// JSON, and its policies. s switches into the role.
type roleScreen struct {
	detail
	arn   string
	trust string
}

type roleMsg struct {
	seq int
	r   ramclient.RoleDetail
	err error
}

// NewRole is the screen of one role.
func NewRole(d *Deps, name string) screen.Screen {
	s := &roleScreen{detail: newDetail(d, "role", name)}
	s.sections = []*section{
		{name: "Who can assume", pager: components.NewPager(d.Keys), count: -1},
		{name: "Trust policy", pager: components.NewPager(d.Keys), count: -1},
		{name: "Policies", table: linkTable(d, "No policies attached.", policyCols...)},
	}
	s.copyText = func() (string, string) {
		if s.arn == "" {
			return name, "role name " + name
		}
		return s.arn, "ARN of role " + name
	}
	s.extraKeys = func(msg tea.KeyMsg) tea.Cmd {
		switch {
		case keyIs(msg, d.Keys.Detail.SwitchRole):
			return switchRoleCmd(name)
		case keyIs(msg, d.Keys.Detail.Edit) && s.trust != "":
			return kit.EditJSON(&s.Base, "trust-policy-"+name, s.trust)
		case keyIs(msg, d.Keys.Detail.Attach):
			return screen.Push(NewAttach(d, ramclient.RolePrincipal(name), s.sections[2].table.Items(), s.ID()))
		case keyIs(msg, d.Keys.Detail.Detach) && s.active == 2:
			c := d.Client
			sel := s.sections[2].table.Selected()
			return kit.ConfirmThen(&s.Base, "Detach "+plural(len(sel), "policy", "policies")+" from role "+name+"?", sel,
				policyLabel, "Detached:",
				func(ctx context.Context, l link) error {
					return c.DetachPolicy(ctx, ramclient.RolePrincipal(name), l.name, l.ptype)
				})
		}
		return nil
	}
	s.helpFor = func(section int) []key.Binding {
		if section == 2 {
			return []key.Binding{d.Keys.Detail.SwitchRole, d.Keys.Detail.Attach, withHelp(d.Keys.Detail.Detach, "detach")}
		}
		return []key.Binding{d.Keys.Detail.SwitchRole, d.Keys.Detail.Attach, withHelp(d.Keys.Detail.Edit, "edit trust")}
	}
	return s
}

func (s *roleScreen) Init() tea.Cmd { return s.load() }

func (s *roleScreen) load() tea.Cmd {
	s.seq++
	seq, ctx, c, name := s.seq, s.Ctx, s.D.Client, s.name
	return screen.Call(s.ID(), func() tea.Msg {
		r, err := c.RoleDetail(ctx, name)
		return roleMsg{seq: seq, r: r, err: err}
	})
}

func (s *roleScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case roleMsg:
		if msg.seq != s.seq {
			return s, nil
		}
		if msg.err != nil {
			return s, s.loadFailed(msg.err)
		}
		r := msg.r.Role
		s.arn, s.trust = r.Arn, r.TrustPolicy
		s.errText = ""
		s.setFields([]field{
			{"Name", r.RoleName}, {"ARN", r.Arn}, {"Max session", duration(r.MaxSessionDuration)},
			{"Created", dateTime(r.CreateDate)}, {"Updated", dateTime(r.UpdateDate)}, {"Description", r.Description},
		})
		s.sections[0].pager.SetContent(whoCanAssume(r.TrustPolicy))
		doc, _ := components.HighlightJSON(s.D.Theme, r.TrustPolicy)
		s.sections[1].pager.SetContent(doc)
		s.fill(2, policyLinks(msg.r.Policies))
	case kit.MutatedMsg:
		return s, kit.AfterMutation(msg, s.load())
	case kit.ReloadMsg:
		return s, s.load()
	case screen.EditedMsg:
		return s, s.edited(msg)
	case tea.KeyMsg:
		return s, s.handleKey(msg, s.load)
	}
	return s, nil
}

// whoCanAssume renders the trust policy as sentences, one trustee per line.
func whoCanAssume(doc string) string {
	ts, ok := parseTrust(doc)
	if !ok {
		return "The trust policy could not be read; see the Trust policy section."
	}
	if len(ts) == 0 {
		return "Nobody: the trust policy names no principal."
	}
	var lines []string
	for _, t := range ts {
		line := "  " + t.Describe
		if t.Deny {
			line = "  NOT " + t.Describe + " (Deny)"
		}
		if t.ExtID {
			line += ", with the right ExternalId"
		}
		lines = append(lines, line)
		for i, c := range t.Conds {
			if i == 0 {
				lines = append(lines, "      when "+c)
			} else {
				lines = append(lines, "       and "+c)
			}
		}
	}
	return "Who can assume this role:\n" + strings.Join(lines, "\n")
}

// edited asks to replace the trust policy with what was saved, showing who could assume the
// role afterwards. ramclient validates the document before any call.
func (s *roleScreen) edited(m screen.EditedMsg) tea.Cmd {
	if m.Err != nil {
		return screen.FlashError(m.Err.Error())
	}
	if sameJSON(m.Text, s.trust) {
		return screen.Flash("Trust policy unchanged: nothing changed.")
	}
	who := strings.Split(whoCanAssume(m.Text), "\n")
	c, name, doc := s.D.Client, s.name, m.Text
	return kit.ConfirmOnce(&s.Base, "Replace the trust policy of role "+name+"? Afterwards:", who,
		"Replaced the trust policy of role "+name,
		func(ctx context.Context) error {
			_, err := c.UpdateTrustPolicy(ctx, name, doc)
			return err
		})
}
