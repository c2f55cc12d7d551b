package ramclient

import (
	"errors"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

func TestUsersLifecycle(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)

	u, err := c.CreateUser(ctx, NewUser{UserName: "new.user", DisplayName: "New User", Email: "n@example.com", MobilePhone: "86-13800000000", Comments: "hi"})
	mustOK(t, err)
	if u.UserName != "new.user" || u.DisplayName != "New User" || u.UserID == "" || u.CreateDate.IsZero() {
		t.Fatalf("created user = %+v", u)
	}
	_, err = c.CreateUser(ctx, NewUser{UserName: "new.user"})
	if !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("second create: want AlreadyExists, got %v", err)
	}
	got, err := c.GetUser(ctx, "new.user")
	mustOK(t, err)
	if got.Email != "n@example.com" || got.Comments != "hi" {
		t.Fatalf("GetUser = %+v", got)
	}
	up, err := c.UpdateUser(ctx, "new.user", UserUpdate{NewUserName: "renamed.user", DisplayName: "Renamed"})
	mustOK(t, err)
	if up.UserName != "renamed.user" || up.DisplayName != "Renamed" {
		t.Fatalf("UpdateUser = %+v", up)
	}
	if _, err := c.GetUser(ctx, "new.user"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("old name: want NotFound, got %v", err)
	}
	mustOK(t, c.DeleteUser(ctx, "renamed.user"))
	e := wantKind(t, c.DeleteUser(ctx, "renamed.user"), KindNotFound)
	if e.Code != "EntityNotExist.User" || e.RequestID == "" || e.HTTPStatus != 404 || e.Action != "DeleteUser" {
		t.Fatalf("error fields = %+v", e)
	}
}

func TestListUsersPagesAndStream(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "scale:2500"})
	ctx := ctxT(t)
	p, err := c.ListUsersPage(ctx, "")
	mustOK(t, err)
	if len(p.Items) != pageUsers || !p.Truncated || p.NextMarker == "" {
		t.Fatalf("first page: %d items, truncated %v, marker %q", len(p.Items), p.Truncated, p.NextMarker)
	}
	var pages, n int
	seen := map[string]bool{}
	mustOK(t, c.StreamUsers(ctx, func(us []User) error {
		pages++
		n += len(us)
		for _, u := range us {
			if seen[u.UserName] {
				t.Errorf("user %s twice", u.UserName)
			}
			seen[u.UserName] = true
		}
		return nil
	}))
	all, err := c.AllUsers(ctx)
	mustOK(t, err)
	if pages != 3 || n != len(all) || n < 2500 {
		t.Fatalf("stream: %d pages, %d users; all: %d", pages, n, len(all))
	}
	// The page-at-a-time loop a UI runs gives the same users.
	var looped []User
	for marker := ""; ; {
		p, err := c.ListUsersPage(ctx, marker)
		mustOK(t, err)
		looped = append(looped, p.Items...)
		if !p.Truncated {
			break
		}
		marker = p.NextMarker
	}
	if len(looped) != len(all) || looped[len(looped)-1].UserName != all[len(all)-1].UserName {
		t.Fatalf("page loop: %d users, all: %d", len(looped), len(all))
	}
	// fn's error stops the stream.
	stop := errors.New("stop")
	calls := 0
	if err := c.StreamUsers(ctx, func([]User) error { calls++; return stop }); err != stop || calls != 1 {
		t.Fatalf("stop: err %v after %d calls", err, calls)
	}
}

func TestUserDetail(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	d, err := c.UserDetail(ctx, "ops-admin")
	mustOK(t, err)
	if d.User.UserName != "ops-admin" || len(d.Policies) == 0 || len(d.Groups) == 0 || len(d.AccessKeys) == 0 {
		t.Fatalf("detail = %+v", d)
	}
	if d.LoginProfile == nil || d.MFA == nil {
		t.Fatalf("ops-admin has a login profile and MFA in the demo: %+v", d)
	}
	// A user with neither: nil fields, no error.
	u, err := c.CreateUser(ctx, NewUser{UserName: "bare"})
	mustOK(t, err)
	d, err = c.UserDetail(ctx, u.UserName)
	mustOK(t, err)
	if d.LoginProfile != nil || d.MFA != nil || len(d.AccessKeys) != 0 || d.Policies == nil {
		t.Fatalf("bare detail = %+v", d)
	}
	if _, err := c.UserDetail(ctx, "no-such-user"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing user: %v", err)
	}
}

func TestLoginProfileMFAAliasIdentity(t *testing.T) {
	sim, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	lp, err := c.GetLoginProfile(ctx, "ops-admin")
	mustOK(t, err)
	if lp.UserName != "ops-admin" || lp.CreateDate.IsZero() {
		t.Fatalf("login profile = %+v", lp)
	}
	m, err := c.GetUserMFA(ctx, "ops-admin")
	mustOK(t, err)
	if m.SerialNumber == "" {
		t.Fatalf("mfa = %+v", m)
	}
	mustOK(t, c.SetAccountAlias(ctx, "acme-test"))
	alias, err := c.AccountAlias(ctx)
	mustOK(t, err)
	if alias != "acme-test" {
		t.Fatalf("alias = %q", alias)
	}
	id, err := c.CallerIdentity(ctx)
	mustOK(t, err)
	if id.IdentityType != "RAMUser" || id.AccountID != sim.Account().ID() || id.Arn == "" {
		t.Fatalf("identity = %+v", id)
	}
	_ = time.Second
}

// MFAUsers (one ListVirtualMFADevices call) names exactly the users GetUserMFA finds a device
// for; an unbound device names nobody.
func TestMFAUsersAgreesWithGetUserMFA(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	got, err := c.MFAUsers(ctx)
	mustOK(t, err)
	users, err := c.AllUsers(ctx)
	mustOK(t, err)
	bound := 0
	for _, u := range users {
		_, err := c.GetUserMFA(ctx, u.UserName)
		if has := err == nil; has != got[u.UserName] {
			t.Errorf("%s: GetUserMFA found a device = %v (%v), MFAUsers says %v", u.UserName, has, err, got[u.UserName])
		}
		if err == nil {
			bound++
		}
	}
	if bound == 0 || len(got) != bound {
		t.Fatalf("MFAUsers = %v, want the %d users with a device", got, bound)
	}
}
