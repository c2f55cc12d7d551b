package details

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// NewUser is the screen of one RAM user: fields, login profile and MFA, then its groups,
// directly attached policies and AccessKeys. UserDetail fires its six calls at once.
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
	keys := kit.AddTable(s, "AccessKeys", "No AccessKeys.", kit.KeyID,
		kit.Col("ACCESSKEY ID", 16, 30, kit.KeyID), kit.Col("STATUS", 8, 8, func(k ramclient.AccessKey) string { return k.Status }),
		kit.Col("CREATED", 10, 10, func(k ramclient.AccessKey) string { return kit.Date(k.CreateDate) }),
		kit.Warn(d, kit.Col("AGE", 6, 0, func(k ramclient.AccessKey) string { return strconv.Itoa(kit.Days(d.CurrentTime(), k.CreateDate)) + "d" }), kit.OldKey(d)))
	keys.CopyRow = kit.CopyName("key", kit.KeyID)

	var display string
	s.Show = func(ud ramclient.UserDetail) []kit.Field {
		u := ud.User
		display = u.DisplayName
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
	showing := func(sec any) func() bool { return func() bool { return s.Showing(sec) } }
	s.Actions = append(policyActions,
		kit.Action{Key: k.Detach, Help: "leave group", Mutating: true, When: showing(groups), Do: func() tea.Cmd {
			sel := groups.Selected()
			return kit.ConfirmThen(&s.Base, "Remove user "+name+" from "+kit.Plural(len(sel), "group", "groups")+"?", sel,
				func(g ramclient.Group) string { return "group " + g.GroupName }, "Removed from groups:",
				func(ctx context.Context, g ramclient.Group) error {
					return c.RemoveUserFromGroup(ctx, name, g.GroupName)
				})
		}},
		kit.Action{Key: k.Edit, Help: "display name", Mutating: true, Do: func() tea.Cmd {
			return kit.AskThen(&s.Base, "Display name of "+name+":", display, "Changed the display name of "+name+" to", func(ctx context.Context, v string) error {
				_, err := c.UpdateUser(ctx, name, ramclient.UserUpdate{DisplayName: v})
				return err
			})
		}},
		kit.Action{Key: k.New, Help: "new key", Mutating: true, When: showing(keys), Do: func() tea.Cmd {
			ctx, id := s.Ctx, s.ID()
			create := screen.Call(id, func() tea.Msg {
				nk, err := c.CreateAccessKey(ctx, name)
				return newKeyMsg{key: nk, err: err}
			})
			return screen.Cmd(screen.ConfirmMsg{Question: "Create a new AccessKey for user " + name + "?",
				Details: []string{"RAM allows 2 keys per user; the secret is shown once, on the next screen"}, OnYes: create})
		}},
		kit.Action{Key: k.Toggle, Help: "on/off", Mutating: true, When: showing(keys), Do: func() tea.Cmd {
			sel := keys.Selected()
			return kit.ConfirmThen(&s.Base, "Change the status of "+kit.Plural(len(sel), "AccessKey", "AccessKeys")+" of user "+name+"?", sel,
				func(k ramclient.AccessKey) string {
					return k.AccessKeyID + ": " + k.Status + " → " + kit.FlipStatus(k.Status)
				}, "Changed:",
				func(ctx context.Context, k ramclient.AccessKey) error {
					return c.SetAccessKeyStatus(ctx, name, k.AccessKeyID, kit.FlipStatus(k.Status))
				})
		}},
		kit.Action{Key: k.Delete, Help: "delete key", Mutating: true, When: showing(keys), Do: func() tea.Cmd {
			sel := keys.Selected()
			return kit.ConfirmThen(&s.Base, "Delete "+kit.Plural(len(sel), "AccessKey", "AccessKeys")+" of user "+name+"? Programs using them stop working; this cannot be undone.", sel,
				func(k ramclient.AccessKey) string {
					return k.AccessKeyID + " (" + k.Status + ", created " + kit.Date(k.CreateDate) + ")"
				}, "Deleted:",
				func(ctx context.Context, k ramclient.AccessKey) error {
					return c.DeleteAccessKey(ctx, name, k.AccessKeyID)
				})
		}},
	)
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		m, ok := msg.(newKeyMsg)
		if !ok {
			return nil
		}
		if m.err != nil {
			return screen.FlashError("New AccessKey: " + kit.ErrLine(m.err))
		}
		return tea.Batch(s.Reload(), screen.Push(NewKeyScreen(d, m.key)))
	}
	return s
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
