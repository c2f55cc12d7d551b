package ramclient

import (
	"errors"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramsim"
)

// A user's console sign-in from nothing to gone, read back with GetLoginProfile each time; the
// password never reaches the call log, and a password the account's policy refuses is
// refused by the service with the policy's rule.
func TestLoginProfileLifecycle(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	const pw, pw2 = "Onboard-2026-dev", "Rotated-2026-dev!"
	_, err := c.CreateUser(ctx, NewUser{UserName: "dev.new"})
	mustOK(t, err)
	if _, err := c.GetLoginProfile(ctx, "dev.new"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a new user has no console access: %v", err)
	}
	wantKind(t, c.CreateLoginProfile(ctx, "dev.new", Login{Password: "short"}), KindInvalidInput)
	mustOK(t, c.CreateLoginProfile(ctx, "dev.new", Login{Password: pw, PasswordResetRequired: true}))
	lp, err := c.GetLoginProfile(ctx, "dev.new")
	mustOK(t, err)
	if !lp.PasswordResetRequired || lp.MFABindRequired {
		t.Fatalf("after create: %+v", lp)
	}
	wantKind(t, c.CreateLoginProfile(ctx, "dev.new", Login{Password: pw}), KindAlreadyExists)

	// The flags are sent as given (false too); no password keeps the present one.
	mustOK(t, c.UpdateLoginProfile(ctx, "dev.new", Login{MFABindRequired: true}))
	lp, err = c.GetLoginProfile(ctx, "dev.new")
	mustOK(t, err)
	if lp.PasswordResetRequired || !lp.MFABindRequired {
		t.Fatalf("after update: %+v", lp)
	}
	mustOK(t, c.UpdateLoginProfile(ctx, "dev.new", Login{Password: pw2, MFABindRequired: true}))
	before := sentCalls(c)
	wantKind(t, c.UpdateLoginProfile(ctx, "dev.new", Login{Password: "this password is longer than 32 chars"}), KindInvalidInput)
	if sentCalls(c) != before {
		t.Fatal("a 37-character password was sent")
	}

	mustOK(t, c.DeleteLoginProfile(ctx, "dev.new"))
	if _, err := c.GetLoginProfile(ctx, "dev.new"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	wantKind(t, c.DeleteLoginProfile(ctx, "dev.new"), KindNotFound)
	noSecrets(t, c, pw, pw2)
}

// UnbindMFADevice frees a lost device: GetUserMFAInfo finds none after it.
func TestUnbindMFADevice(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	if _, err := c.GetUserMFA(ctx, "zhang.wei"); err != nil {
		t.Fatalf("zhang.wei has MFA in the demo: %v", err)
	}
	mustOK(t, c.UnbindMFADevice(ctx, "zhang.wei"))
	if _, err := c.GetUserMFA(ctx, "zhang.wei"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after unbind: %v", err)
	}
	wantKind(t, c.UnbindMFADevice(ctx, "zhang.wei"), KindNotFound)
}

// PasswordPolicy.Check refuses exactly what the service refuses, under a strict policy and
// the demo's, so the form can say what is missing before any call.
func TestPasswordPolicyCheckAgreesWithTheService(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	_, err := c.CreateUser(ctx, NewUser{UserName: "pw.test"})
	mustOK(t, err)
	mustOK(t, c.CreateLoginProfile(ctx, "pw.test", Login{Password: "Start-2026-Aa1"}))
	demo, err := c.GetPasswordPolicy(ctx)
	mustOK(t, err)
	strict := demo
	strict.MinimumPasswordLength, strict.RequireLowercaseCharacters, strict.RequireUppercaseCharacters = 12, true, true
	strict.RequireNumbers, strict.RequireSymbols = true, true
	for _, pp := range []PasswordPolicy{demo, strict} {
		if _, err := c.SetPasswordPolicy(ctx, pp); err != nil {
			t.Fatal(err)
		}
		for _, pw := range []string{"abc", "abcdefgh", "abcdefghijkl", "Abcdefghijkl", "Abcdefghijk1", "Abcdefghij1!", "密码密码密码密码Aa1x", "Abcdefghij1!Abcdefghij1!Abcdefghij1!"} {
			local := pp.Check(pw)
			served := c.UpdateLoginProfile(ctx, "pw.test", Login{Password: pw})
			if (local == nil) != (served == nil) {
				t.Errorf("policy %+v, password of %d characters: Check says %v, the service %v", pp, len([]rune(pw)), local, served)
			}
		}
	}
	if err := strict.Check("abc"); err == nil || !strings.Contains(err.Error(), "at least 12 characters (3 now), an upper-case letter, a digit, a symbol") {
		t.Fatalf("Check(abc) = %v", err)
	}
}
