package ramclient

import (
	"errors"
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
