package details

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/audit"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// NewUser is the screen of one RAM user: fields, login profile and MFA (m changes them), then
// its groups, directly attached policies and AccessKeys. UserDetail fires its six calls at once.
func NewUser(d *kit.Deps, name string) screen.Screen {
	c := d.Client()
	s := kit.NewDetail(d, "user", name, func(ctx context.Context) (ramclient.UserDetail, error) {
		return c.UserDetail(ctx, name)
	})
	groups := kit.AddTable(s, "Groups", "Not in any group.", kit.GroupName,
		kit.Col("GROUP", 12, 32, kit.GroupName), kit.Col("JOINED", 10, 10, func(g ramclient.Group) string { return kit.Date(g.JoinDate) }),
		kit.Col("COMMENTS", 10, 0, func(g ramclient.Group) string { return g.Comments }))
	groups.Open, groups.CopyRow = openGroup(d), kit.CopyName("group", kit.GroupName)
	policies, policyActions := attachedPolicies(s, ramclient.UserPrincipal(name), "No policies attached directly (groups may grant more).")
	keys, keyActions, readLastUse := accessKeys(s, name)

	var user ramclient.User
	var login loginState
	// What the user may do takes several round trips (its groups' policies, every role's trust)
	// and may be refused on its own: it fills its section after the rest is shown.
	effective := effectiveSection(s)
	effective.Open, effective.OpenHelp = openEffective(d), "open what grants it"
	var effectiveLoad kit.Loader[audit.Effective]
	s.After = func(ramclient.UserDetail) tea.Cmd {
		effective.Table.SetEmptyText("Reading what the user may do…")
		return tea.Batch(readLastUse(), effectiveLoad.Start(&s.Base, func(ctx context.Context) (audit.Effective, error) {
			return audit.EffectiveFor(ctx, c, name)
		}))
	}
	keysMsg := s.OnMsg // the AccessKeys section's (a created key)
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := effectiveLoad.Accept(msg); ok {
			if !kit.Canceled(m.Err) {
				effective.fill(m.Val, m.Err)
			}
			return nil
		}
		if effectiveLoad.IsLoaded(msg) || keysMsg == nil {
			return nil // an earlier read's answer
		}
		return keysMsg(msg)
	}
	s.Show = func(ud ramclient.UserDetail) []kit.Field {
		u := ud.User
		user = u
		login = loginState{profile: ud.LoginProfile, mfa: ud.MFA}
		groups.Fill(ud.Groups)
		policies.Fill(ud.Policies)
		keys.Fill(ud.AccessKeys)
		return []kit.Field{
			kit.F("Name", u.UserName), kit.F("Display name", u.DisplayName), kit.F("User ID", u.UserID),
			kit.F("Created", kit.DateTime(u.CreateDate)), kit.F("Last login", kit.Ago(d.CurrentTime(), u.LastLoginDate)),
			kit.F("Email", u.Email), kit.F("Phone", u.MobilePhone), kit.F("Comments", u.Comments),
			kit.F("Console login", consoleLogin(ud.LoginProfile)), kit.F("MFA", mfa(ud.MFA)),
		}
	}
	k := d.Keys.Detail
	join := kit.Action{Key: k.Attach, Help: "add to groups", Mutating: true, When: s.Shows(groups), Do: func() tea.Cmd {
		return screen.Push(NewAddToGroups(d, name, groups.Items(), s.ID()))
	}} // before the policies' a, which applies in every section
	s.Actions = append(append(append(kit.Actions{join}, policyActions...), keyActions...),
		kit.Action{Key: k.Detach, Help: "leave group", Mutating: true, When: s.Shows(groups), Do: func() tea.Cmd {
			sel := groups.Selected()
			return kit.ConfirmThen(&s.Base, "Remove user "+name+" from "+kit.Plural(len(sel), "group", "groups")+"?", sel,
				func(g ramclient.Group) string { return "group " + g.GroupName }, "Removed user "+name+" from groups:",
				func(ctx context.Context, g ramclient.Group) error {
					return c.RemoveUserFromGroup(ctx, name, g.GroupName)
				})
		}},
		kit.Action{Key: k.Edit, Help: "edit user", Mutating: true, When: func() bool { return user.UserName != "" }, Do: func() tea.Cmd {
			u := user
			up := ramclient.UserUpdate{DisplayName: u.DisplayName, Email: u.Email, MobilePhone: u.MobilePhone, Comments: u.Comments}
			return editForm(&s.Base, "Edit user "+name, []edit{
				{"Display name", u.DisplayName, &up.DisplayName, ramclient.CheckDisplayName},
				{"Email", u.Email, &up.Email, ramclient.CheckEmail},
				{"Mobile phone", u.MobilePhone, &up.MobilePhone, ramclient.CheckMobilePhone},
				{"Comments", u.Comments, &up.Comments, ramclient.CheckUserComments},
			}, nil, nil, "Change user "+name+"?", "Updated user "+name, func(ctx context.Context) error {
				_, err := c.UpdateUser(ctx, name, up)
				return err
			})
		}},
	)
	s.Actions = append(s.Actions, kit.Action{Key: k.Modify, Help: "console sign-in, MFA", Mutating: true,
		When: func() bool { return user.UserName != "" }, Do: func() tea.Cmd { return loginForm(&s.Base, name, login) }},
		simulateAction(d, ramclient.UserPrincipal(name)))
	return s
}

// effectiveUser is the Effective section: the user's own and groups' policies merged, per
// service, and the roles it may assume (as the switch result summarises a session).
type effectiveUser struct {
	*kit.TableSection[audit.EffectiveLine]
}

func effectiveSection(s *kit.Detail[ramclient.UserDetail]) effectiveUser {
	join := func(xs []string) string { return strings.Join(xs, ", ") }
	t := kit.AddTable(s, "Effective", "Allowed nothing: no policy of its own or of its groups.",
		func(l audit.EffectiveLine) string {
			return l.Service + l.Effect + join(l.Actions) + join(l.Resources) + l.From
		},
		kit.Col("SERVICE", 5, 10, func(l audit.EffectiveLine) string { return l.Service }),
		kit.Col("EFFECT", 5, 6, func(l audit.EffectiveLine) string { return l.Effect }),
		kit.Col("ACTIONS", 12, 32, func(l audit.EffectiveLine) string { return join(l.Actions) }),
		kit.Col("ON", 8, 30, func(l audit.EffectiveLine) string {
			if l.Condition {
				return join(l.Resources) + " (conditions)"
			}
			return join(l.Resources)
		}),
		kit.Col("FROM", 10, 0, func(l audit.EffectiveLine) string { return l.From }))
	return effectiveUser{t}
}

// openEffective opens what an Effective line is about: a role it may assume (the role's screen),
// else the policy of the statement it comes from, and says over that screen which statement.
func openEffective(d *kit.Deps) func(audit.EffectiveLine) tea.Cmd {
	return func(l audit.EffectiveLine) tea.Cmd {
		if len(l.Statements) == 0 {
			return screen.Flash(l.From) // the roles that were not checked, and why
		}
		st := l.Statements[0]
		if l.Role != "" {
			return pushSaying(NewRole(d, l.Role), "The user may assume role "+l.Role+": its trust policy allows it, and "+st.String()+".")
		}
		return pushSaying(NewPolicy(d, st.Policy, ramclient.PolicyType(st.Type)), "The user's line comes from "+st.String()+".")
	}
}

// pushSaying opens s with a note flashed over it (a flash belongs to the screen that raised
// it: the screen left behind would keep it).
func pushSaying(s screen.Screen, note string) tea.Cmd {
	return tea.Sequence(screen.Push(s), screen.Cmd(screen.FlashMsg{Level: screen.Info, Text: note, From: s.ID()}))
}

func (e effectiveUser) fill(eff audit.Effective, err error) {
	if err != nil {
		e.Table.SetEmptyText("Could not read what the user may do: " + kit.ErrLine(err))
		e.Fill(nil)
		return
	}
	e.Table.SetEmptyText("Allowed nothing: no policy of its own or of its groups.")
	lines := eff.Lines
	if eff.RolesNote != "" {
		lines = append(lines, audit.EffectiveLine{Service: "sts", Effect: "Assume", Actions: []string{"roles not checked"}, From: eff.RolesNote})
	}
	e.Fill(lines)
}

func consoleLogin(lp *ramclient.LoginProfile) string {
	if lp == nil {
		return "none (no console access)"
	}
	login := "enabled"
	if lp.PasswordResetRequired {
		login += ", password reset required"
	}
	if lp.MFABindRequired {
		login += ", MFA required"
	}
	return login
}

func mfa(m *ramclient.MFADevice) string {
	if m == nil {
		return "none"
	}
	return "bound (" + m.SerialNumber + ")"
}
