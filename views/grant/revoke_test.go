package grant

import (
	"context"
	"errors"
	"strings"
	"testing"

	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

func revokeView(d *viewtest.Driver) string {
	s := d.S.(*revoke)
	w, h := s.W, s.H
	s.SetSize(1000, 1000)
	defer s.SetSize(w, h)
	return oneSpace(d.View())
}

// A grant made earlier is listed by :revoke, its reverse plan shown, confirmed once and
// applied with progress; the role, its policy and the caller-side policy are gone, and the
// user keeps what it had before.
func TestRevokeAGrant(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	c := deps.Client()
	ctx := context.Background()
	// wang.fang has no sts:AssumeRole: the grant adds the caller-side policy too.
	p, err := engine.MakePlan(ctx, c, engine.Request{Bucket: "acme-dev", Dir: "team-r/", User: "wang.fang"})
	if err != nil {
		t.Fatal(err)
	}
	// acme-dev is not one of the demo's buckets: a revoke does not look at the bucket.
	if _, err := engine.Apply(ctx, c, p, engine.Options{AllowMissingBucket: true}, nil); err != nil {
		t.Fatal(err)
	}
	before, err := c.PoliciesFor(ctx, ramclient.UserPrincipal("wang.fang"))
	if err != nil {
		t.Fatal(err)
	}

	l := viewtest.Drive(t, NewGrants(deps), 120, 30)
	l.RequireView("acme-dev-team-r", "oss://acme-dev/team-r/")
	if strings.Contains(l.View(), "oss-test-sts") {
		t.Error("a role no grant made is listed")
	}
	l.Key("enter")
	pushed := l.Pushed()
	if len(pushed) != 1 {
		t.Fatalf("enter pushed %v", pushed)
	}
	d := viewtest.Drive(t, pushed[0], 120, 30)
	v := revokeView(d)
	for _, want := range []string{"Plan: 5 steps", "1. detach policy acme-dev-team-r-oss from role acme-dev-team-r", "2. delete role acme-dev-team-r",
		"3. delete policy acme-dev-team-r-oss", "4. detach policy AssumeRole-acme-dev-team-r from User wang.fang", "5. delete policy AssumeRole-acme-dev-team-r"} {
		if !strings.Contains(v, want) {
			t.Fatalf("plan lacks %q:\n%s", want, v)
		}
	}
	d.Key("enter")
	q := yes(t, d)
	if len(q.Details) != 5 {
		t.Errorf("confirmation %q %v", q.Question, q.Details)
	}
	if ch := viewtest.Last[screen.ChangedMsg](d); ch.Name != "acme-dev-team-r" {
		t.Errorf("the other screens were not told: %+v", ch)
	}
	v = revokeView(d)
	if !strings.Contains(v, "Revoked: role acme-dev-team-r no longer exists.") || !strings.Contains(v, "✓ [5/5] done delete policy AssumeRole-acme-dev-team-r") {
		t.Fatalf("after the revocation:\n%s", v)
	}
	if _, err := c.GetRole(ctx, "acme-dev-team-r"); !errors.Is(err, ramclient.ErrNotFound) {
		t.Errorf("role: %v", err)
	}
	for _, name := range []string{"acme-dev-team-r-oss", "AssumeRole-acme-dev-team-r"} {
		if _, err := c.GetPolicy(ctx, name, ramclient.PolicyCustom); !errors.Is(err, ramclient.ErrNotFound) {
			t.Errorf("policy %s: %v", name, err)
		}
	}
	after, err := c.PoliciesFor(ctx, ramclient.UserPrincipal("wang.fang"))
	if err != nil || len(after) != len(before)-1 {
		t.Errorf("user policies %d -> %d (%v)", len(before), len(after), err)
	}
}

// A role no grant made is refused before any change, with the engine's reason.
func TestRevokeRefusesARoleNoGrantMade(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	d := viewtest.Drive(t, NewRevoke(deps, "oss-test-sts"), 100, 30)
	d.RequireView("Cannot revoke", "not made by ramtui grant")
	d.Key("enter")
	if c := viewtest.Last[screen.ConfirmMsg](d); c.OnYes != nil {
		t.Error("asked to revoke a role no grant made")
	}
}
