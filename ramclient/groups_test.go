package ramclient

import (
	"errors"
	"testing"

	"github.com/ramtui/ramtui/ramsim"
)

func TestGroupsAndMembership(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)

	g, err := c.CreateGroup(ctx, "testers", "QA")
	mustOK(t, err)
	if g.GroupName != "testers" || g.Comments != "QA" || g.CreateDate.IsZero() {
		t.Fatalf("group = %+v", g)
	}
	mustOK(t, c.AddUserToGroup(ctx, "alice.wong", "testers"))
	if err := c.AddUserToGroup(ctx, "alice.wong", "testers"); !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("second add: %v", err)
	}
	members, err := c.AllGroupMembers(ctx, "testers")
	mustOK(t, err)
	if len(members) != 1 || members[0].UserName != "alice.wong" || members[0].JoinDate.IsZero() {
		t.Fatalf("members = %+v", members)
	}
	groups, err := c.GroupsForUser(ctx, "alice.wong")
	mustOK(t, err)
	found := false
	for _, g := range groups {
		found = found || g.GroupName == "testers"
	}
	if !found {
		t.Fatalf("alice.wong's groups = %+v", groups)
	}
	wantKind(t, c.DeleteGroup(ctx, "testers"), KindConflict)
	mustOK(t, c.RemoveUserFromGroup(ctx, "alice.wong", "testers"))
	wantKind(t, c.RemoveUserFromGroup(ctx, "alice.wong", "testers"), KindNotFound)

	up, err := c.UpdateGroup(ctx, "testers", "qa-team", "Quality")
	mustOK(t, err)
	if up.GroupName != "qa-team" || up.Comments != "Quality" {
		t.Fatalf("updated = %+v", up)
	}
	d, err := c.GroupDetail(ctx, "ops")
	mustOK(t, err)
	if d.Group.GroupName != "ops" || len(d.Members) == 0 || d.Policies == nil {
		t.Fatalf("ops detail = %+v", d)
	}
	all, err := c.AllGroups(ctx)
	mustOK(t, err)
	page, err := c.ListGroupsPage(ctx, "")
	mustOK(t, err)
	if len(all) < 2 || len(page.Items) != len(all) || page.Truncated {
		t.Fatalf("groups: all %d, page %d", len(all), len(page.Items))
	}
	mustOK(t, c.DeleteGroup(ctx, "qa-team"))
	if _, err := c.GetGroup(ctx, "qa-team"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted group: %v", err)
	}
}

func TestGroupsPagedAtHundred(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "empty"})
	ctx := ctxT(t)
	for i := range 130 {
		_, err := c.CreateGroup(ctx, "g"+itoa(i), "")
		mustOK(t, err)
	}
	p, err := c.ListGroupsPage(ctx, "")
	mustOK(t, err)
	if len(p.Items) != pageGroups || !p.Truncated {
		t.Fatalf("first page: %d, truncated %v", len(p.Items), p.Truncated)
	}
	all, err := c.AllGroups(ctx)
	mustOK(t, err)
	if len(all) != 130 {
		t.Fatalf("all groups = %d", len(all))
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
