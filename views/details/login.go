package details

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// m on a user: its console sign-in. Give or take console access, set a password, ask for a new
// password or an MFA device at the next sign-in, unbind a lost MFA device. The audit's
// console-no-mfa finding sends the admin to the user's screen for exactly this; before, that
// screen could only show the login profile. The password is masked as typed and never named
// in the question (its length only).

// loginState is a user's console sign-in as the screen last showed it.
type loginState struct {
	profile *ramclient.LoginProfile // nil: no console access
	mfa     *ramclient.MFADevice    // nil: none bound
}

const (
	consoleOn  = "enabled"
	consoleOff = "none (no console access)"
)

// passwordPolicyMsg is the account's password policy, read for the form.
type passwordPolicyMsg struct {
	pp  ramclient.PasswordPolicy
	err error
}

// loginForm opens the form for user on the detail b; on submit it closes and asks to apply
// what changed, in one question.
func loginForm(b *kit.Base, user string, now loginState) tea.Cmd {
	c := b.D.Client()
	had := now.profile != nil
	access := consoleOn // opening the form of a user without console access is to give it
	var l ramclient.Login
	var unbind bool
	if had {
		l.PasswordResetRequired, l.MFABindRequired = now.profile.PasswordResetRequired, now.profile.MFABindRequired
	} else {
		l.PasswordResetRequired, l.MFABindRequired = true, true // a first password is the admin's: the user picks their own, and binds MFA
	}
	// The account's password policy is read as the form opens, so a password it refuses is
	// said under the field, not after the question (until it is read, only RAM's 32 cap).
	var pp *ramclient.PasswordPolicy
	checkPassword := func(v string) error {
		if v == "" && had {
			return nil // keeps the present password
		}
		if pp != nil {
			return pp.Check(v)
		}
		return ramclient.CheckPassword(v)
	}
	pwHelp := func(rules string) string {
		h := "masked; " + rules
		if had {
			h = "blank keeps the present one; " + h
		}
		return h
	}
	var pwField *huh.Input
	f := kit.NewForm(b.D, "Console sign-in of user "+user, func() []kit.Page {
		first := []huh.Field{huh.NewSelect[string]().Title("Console access").
			Options(huh.NewOption(consoleOn, consoleOn), huh.NewOption(consoleOff, consoleOff)).Value(&access)}
		if now.mfa != nil {
			first = append(first, huh.NewConfirm().Title("Unbind the MFA device "+now.mfa.SerialNumber+"?").
				Description("for a lost or replaced phone").Affirmative("unbind").Negative("keep").Value(&unbind))
		}
		rules := "the account's password policy applies"
		if pp != nil {
			rules = pp.Rules()
		}
		pwField = huh.NewInput().Title("Password").Description(pwHelp(rules)).EchoMode(huh.EchoModePassword).
			Value(&l.Password).Validate(checkPassword)
		return []kit.Page{{Fields: first}, {
			Hide: func() bool { return access != consoleOn },
			Fields: []huh.Field{
				pwField,
				huh.NewConfirm().Title("New password at the next sign-in?").Affirmative("yes").Negative("no").
					Value(&l.PasswordResetRequired),
				huh.NewConfirm().Title("Bind an MFA device at the next sign-in?").Affirmative("yes").Negative("no").
					Value(&l.MFABindRequired),
			},
		}}
	})
	f.Submit = func() tea.Cmd {
		on := access == consoleOn
		lines := loginChanges(now, on, l, unbind)
		if len(lines) == 0 {
			return tea.Sequence(screen.Pop(), screen.Flash("Nothing changed."))
		}
		want := l // the calls run off the event loop: they get a copy
		return tea.Sequence(screen.Pop(), kit.ConfirmOnce(b, "Change the console sign-in of user "+user+"?", lines,
			"Changed the console sign-in of user "+user, func(ctx context.Context) error {
				if unbind {
					if err := c.UnbindMFADevice(ctx, user); err != nil {
						return err
					}
				}
				switch {
				case !on && had:
					return c.DeleteLoginProfile(ctx, user)
				case on && !had:
					return c.CreateLoginProfile(ctx, user, want)
				case on && had && (want.Password != "" || want.PasswordResetRequired != now.profile.PasswordResetRequired ||
					want.MFABindRequired != now.profile.MFABindRequired):
					return c.UpdateLoginProfile(ctx, user, want)
				}
				return nil
			}))
	}
	f.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(passwordPolicyMsg); ok && m.err == nil {
			pp = &m.pp
			pwField.Description(pwHelp(pp.Rules()))
		}
		return nil // unreadable (no permission): the service says what it refuses
	}
	ctx := f.Ctx
	return tea.Batch(screen.Push(f), screen.Call(f.ID(), func() tea.Msg {
		p, err := c.GetPasswordPolicy(ctx)
		return passwordPolicyMsg{p, err}
	}))
}

// loginChanges names what the form changes, the password by its length only.
func loginChanges(now loginState, on bool, l ramclient.Login, unbind bool) []string {
	var lines []string
	if unbind {
		lines = append(lines, "MFA device "+now.mfa.SerialNumber+": unbound")
	}
	yesNo := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	switch had := now.profile != nil; {
	case !on && had:
		lines = append(lines, "Console access: enabled → none (the password stops working; AccessKeys keep working)")
	case on && !had:
		lines = append(lines, "Console access: none → enabled, with a password of "+strconv.Itoa(len([]rune(l.Password)))+" characters",
			"New password at the next sign-in: "+yesNo(l.PasswordResetRequired),
			"MFA device at the next sign-in: "+yesNo(l.MFABindRequired))
	case on && had:
		if l.Password != "" {
			lines = append(lines, "Password: a new one of "+strconv.Itoa(len([]rune(l.Password)))+" characters")
		}
		if l.PasswordResetRequired != now.profile.PasswordResetRequired {
			lines = append(lines, "New password at the next sign-in: "+yesNo(now.profile.PasswordResetRequired)+" → "+yesNo(l.PasswordResetRequired))
		}
		if l.MFABindRequired != now.profile.MFABindRequired {
			lines = append(lines, "MFA device at the next sign-in: "+yesNo(now.profile.MFABindRequired)+" → "+yesNo(l.MFABindRequired))
		}
	}
	return lines
}
