package details

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// m on a user gives console access with a first password, a new password and an MFA device
// asked at the next sign-in (the audit's console-no-mfa fix sends the admin to this screen,
// which could not do either before); the question names the password by its length only.
func TestConsoleSignInGivenThenTakenAway(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	ctx := context.Background()
	if _, err := d.Client().CreateUser(ctx, ramclient.NewUser{UserName: "dev.zhou", DisplayName: "周开发"}); err != nil {
		t.Fatal(err)
	}
	dr := viewtest.Drive(t, NewUser(d, "dev.zhou"), 120, 30)
	dr.RequireView("none (no console access)")
	dr.Key("m")
	f := formOf(t, dr, "Console sign-in of user dev.zhou")
	f.Key("enter") // console access: enabled
	f.RequireView("Password")
	setInput(f, strings.Repeat("x", 33))
	f.RequireView("at most 32") // ramclient's rule under the field, nothing sent
	// The account's password policy, read as the form opened (the root hands it the answer):
	// said beside the field, and a password it refuses is refused under the field.
	pp, err := d.Client().GetPasswordPolicy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.Deliver(viewtest.Last[passwordPolicyMsg](dr))
	f.RequireView(pp.Rules())
	setInput(f, "abc")
	f.RequireView("password policy asks for at least")
	const pw = "Welcome-2026-zhou"
	setInput(f, pw)
	viewtest.Fits(t, f.View(), 80, 24)
	if strings.Contains(f.View(), pw) {
		t.Fatal("the password is drawn as typed")
	}
	f.Key("enter", "enter") // new password and MFA at the next sign-in: yes (the defaults)
	confirm := viewtest.Last[screen.ConfirmMsg](f)
	if confirm.Question != "Change the console sign-in of user dev.zhou?" || len(confirm.Details) != 3 ||
		confirm.Details[0] != "Console access: none → enabled, with a password of 17 characters" ||
		confirm.Details[2] != "MFA device at the next sign-in: yes" {
		t.Fatalf("after submit: %+v (%v)", confirm, f.Others)
	}
	if strings.Contains(strings.Join(confirm.Details, "\n"), pw) {
		t.Fatal("the question shows the password")
	}
	dr.Run(confirm.OnYes)
	lp, err := d.Client().GetLoginProfile(ctx, "dev.zhou")
	if err != nil || !lp.PasswordResetRequired || !lp.MFABindRequired {
		t.Fatalf("login profile after yes: %+v %v", lp, err)
	}
	dr.RequireView("enabled, password reset required")

	// Taken away again: one line, DeleteLoginProfile.
	dr.Others = nil
	dr.Key("m")
	f = formOf(t, dr, "Console sign-in of user dev.zhou")
	f.Key("down", "enter")
	confirm = viewtest.Last[screen.ConfirmMsg](f)
	if len(confirm.Details) != 1 || !strings.HasPrefix(confirm.Details[0], "Console access: enabled → none") {
		t.Fatalf("disable asked %+v (%v)", confirm, f.Others)
	}
	dr.Run(confirm.OnYes)
	if _, err := d.Client().GetLoginProfile(ctx, "dev.zhou"); !errors.Is(err, ramclient.ErrNotFound) {
		t.Fatalf("console access after disable: %v", err)
	}
}

// A user who lost their phone: m unbinds the device and asks for a new one at the next
// sign-in; the password is kept (left blank).
func TestConsoleSignInUnbindLostMFA(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	ctx := context.Background()
	before, err := d.Client().GetLoginProfile(ctx, "zhang.wei")
	if err != nil {
		t.Fatal(err)
	}
	dr := viewtest.Drive(t, NewUser(d, "zhang.wei"), 120, 30)
	dr.RequireView("mfa/zhang.wei")
	dr.Key("m")
	f := formOf(t, dr, "Console sign-in of user zhang.wei")
	f.Key("enter")         // console access: enabled
	f.Key("left", "enter") // unbind
	f.Key("enter")         // password: blank keeps it
	f.Key("enter", "enter")
	confirm := viewtest.Last[screen.ConfirmMsg](f)
	if len(confirm.Details) == 0 || !strings.HasPrefix(confirm.Details[0], "MFA device ") || !strings.HasSuffix(confirm.Details[0], ": unbound") {
		t.Fatalf("unbind asked %+v (%v)", confirm, f.Others)
	}
	dr.Run(confirm.OnYes)
	if _, err := d.Client().GetUserMFA(ctx, "zhang.wei"); !errors.Is(err, ramclient.ErrNotFound) {
		t.Fatalf("MFA after unbind: %v", err)
	}
	after, err := d.Client().GetLoginProfile(ctx, "zhang.wei")
	if err != nil || after.MFABindRequired != before.MFABindRequired {
		t.Fatalf("login profile: %+v -> %+v %v", before, after, err)
	}
	dr.RequireView("MFA            none")
}
