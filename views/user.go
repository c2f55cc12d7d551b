package views

import (
	"context"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// userScreen shows one RAM user: fields, login profile and MFA, then its groups, directly
// attached policies and AccessKeys. UserDetail fires its six calls at once (one round trip).
type userScreen struct {
	detail
	display string
}

type userMsg struct {
	seq int
	u   ramclient.UserDetail
	err error
}

// NewUser is the screen of one user.
func NewUser(d *Deps, name string) screen.Screen {
	s := &userScreen{detail: newDetail(d, "user", name)}
	s.sections = []*section{
		{name: "Groups", table: linkTable(d, "Not in any group.", col{"GROUP", 12, 32}, col{"JOINED", 10, 10}, col{"COMMENTS", 10, 0})},
		{name: "Policies", table: linkTable(d, "No policies attached directly (groups may grant more).", policyCols...)},
		{name: "AccessKeys", table: linkTable(d, "No AccessKeys.", col{"ACCESSKEY ID", 16, 30}, col{"STATUS", 8, 8}, col{"CREATED", 10, 10}, col{"AGE", 6, 0})},
	}
	s.copyText = func() (string, string) { return name, "user name " + name }
	s.extraKeys = s.mutations
	k := d.Keys.Detail
	s.helpFor = func(section int) []key.Binding {
		switch section {
		case 0:
			return []key.Binding{k.Attach, withHelp(k.Detach, "leave group"), withHelp(k.Edit, "display name")}
		case 1:
			return []key.Binding{k.Attach, withHelp(k.Detach, "detach"), withHelp(k.Edit, "display name")}
		}
		return []key.Binding{withHelp(k.New, "new key"), withHelp(k.Toggle, "on/off"), withHelp(k.Delete, "delete key")}
	}
	return s
}

// mutations: x detaches policies or leaves groups, t turns keys on/off, D deletes keys; each
// on the marked rows of the current section (or the current row), after a y/N question.
func (s *userScreen) mutations(msg tea.KeyMsg) tea.Cmd {
	k, c, name := s.D.Keys.Detail, s.D.Client, s.name
	sel := s.sections[s.active].table.Selected()
	switch {
	case keyIs(msg, k.Edit):
		return kit.AskThen(&s.Base, "Display name of "+name+":", s.display, "Changed the display name of "+name+" to", func(ctx context.Context, v string) error {
			_, err := c.UpdateUser(ctx, name, ramclient.UserUpdate{DisplayName: v})
			return err
		})
	case keyIs(msg, k.Attach):
		return screen.Push(NewAttach(s.D, ramclient.UserPrincipal(name), s.sections[1].table.Items(), s.ID()))
	case keyIs(msg, k.Detach) && s.active == 0:
		return kit.ConfirmThen(&s.Base, "Remove user "+name+" from "+plural(len(sel), "group", "groups")+"?", sel,
			func(l link) string { return "group " + l.name }, "Removed from groups:",
			func(ctx context.Context, l link) error { return c.RemoveUserFromGroup(ctx, name, l.name) })
	case keyIs(msg, k.Detach) && s.active == 1:
		return kit.ConfirmThen(&s.Base, "Detach "+plural(len(sel), "policy", "policies")+" from user "+name+"?", sel,
			policyLabel, "Detached:",
			func(ctx context.Context, l link) error {
				return c.DetachPolicy(ctx, ramclient.UserPrincipal(name), l.name, l.ptype)
			})
	case keyIs(msg, k.New) && s.active == 2:
		ctx, id := s.Ctx, s.ID()
		create := screen.Call(id, func() tea.Msg {
			nk, err := c.CreateAccessKey(ctx, name)
			return newKeyMsg{key: nk, err: err}
		})
		return screen.Cmd(screen.ConfirmMsg{Question: "Create a new AccessKey for user " + name + "?",
			Details: []string{"RAM allows 2 keys per user; the secret is shown once, on the next screen"}, OnYes: create})
	case keyIs(msg, k.Toggle) && s.active == 2:
		return kit.ConfirmThen(&s.Base, "Change the status of "+plural(len(sel), "AccessKey", "AccessKeys")+" of user "+name+"?", sel,
			func(l link) string { return l.name + ": " + l.cells[1] + " → " + flipStatus(l.cells[1]) }, "Changed:",
			func(ctx context.Context, l link) error {
				return c.SetAccessKeyStatus(ctx, name, l.name, flipStatus(l.cells[1]))
			})
	case keyIs(msg, k.Delete) && s.active == 2:
		return kit.ConfirmThen(&s.Base, "Delete "+plural(len(sel), "AccessKey", "AccessKeys")+" of user "+name+"? Programs using them stop working; this cannot be undone.", sel,
			func(l link) string { return l.name + " (" + l.cells[1] + ", created " + l.cells[2] + ")" }, "Deleted:",
			func(ctx context.Context, l link) error { return c.DeleteAccessKey(ctx, name, l.name) })
	}
	return nil
}

func policyLabel(l link) string { return l.name + " (" + string(l.ptype) + ")" }

func flipStatus(st string) string {
	if st == ramclient.KeyActive {
		return ramclient.KeyInactive
	}
	return ramclient.KeyActive
}

func (s *userScreen) Init() tea.Cmd { return s.load() }

func (s *userScreen) load() tea.Cmd {
	s.seq++
	seq, ctx, c, name := s.seq, s.Ctx, s.D.Client, s.name
	return screen.Call(s.ID(), func() tea.Msg {
		u, err := c.UserDetail(ctx, name)
		return userMsg{seq: seq, u: u, err: err}
	})
}

func (s *userScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case userMsg:
		if msg.seq != s.seq {
			return s, nil
		}
		if msg.err != nil {
			return s, s.loadFailed(msg.err)
		}
		s.show(msg.u)
	case kit.MutatedMsg:
		return s, kit.AfterMutation(msg, s.load())
	case kit.ReloadMsg:
		return s, s.load()
	case newKeyMsg:
		if msg.err != nil {
			return s, screen.FlashError("New AccessKey: " + errLine(msg.err))
		}
		return s, tea.Batch(s.load(), screen.Push(NewKeyScreen(s.D, msg.key)))
	case tea.KeyMsg:
		return s, s.handleKey(msg, s.load)
	}
	return s, nil
}

func (s *userScreen) show(ud ramclient.UserDetail) {
	now := s.D.CurrentTime()
	u := ud.User
	s.display = u.DisplayName
	login := "none (no console access)"
	if lp := ud.LoginProfile; lp != nil {
		login = "enabled"
		if lp.PasswordResetRequired {
			login += ", password reset required"
		}
		if lp.MFABindRequired {
			login += ", MFA required"
		}
	}
	mfa := "none"
	if ud.MFA != nil {
		mfa = "bound (" + ud.MFA.SerialNumber + ")"
	}
	s.errText = ""
	s.setFields([]field{
		{"Name", u.UserName}, {"Display name", u.DisplayName}, {"User ID", u.UserID},
		{"Created", dateTime(u.CreateDate)}, {"Last login", ago(now, u.LastLoginDate)},
		{"Email", u.Email}, {"Phone", u.MobilePhone}, {"Comments", u.Comments},
		{"Console login", login}, {"MFA", mfa},
	})
	var groups []link
	for _, g := range ud.Groups {
		groups = append(groups, link{kind: "group", name: g.GroupName, cells: []string{g.GroupName, date(g.JoinDate), g.Comments}})
	}
	s.fill(0, groups)
	s.fill(1, policyLinks(ud.Policies))
	var keys []link
	for _, k := range ud.AccessKeys {
		age := days(now, k.CreateDate)
		keys = append(keys, link{kind: "key", name: k.AccessKeyID, warn: age > oldKeyDays,
			cells: []string{k.AccessKeyID, k.Status, date(k.CreateDate), strconv.Itoa(age) + "d"}})
	}
	s.fill(2, keys)
}
