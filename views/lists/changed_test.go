package lists

import (
	"context"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/kit"
)

// Making another version the default on a policy's screen reaches the Policies list open in
// its tab: it loads again and shows the new DEFAULT (it kept the old one).
func TestPoliciesListShowsANewDefaultVersionMadeElsewhere(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	ctx := context.Background()
	pol, err := d.Client().GetPolicy(ctx, "ci-deploy", ramclient.PolicyCustom)
	if err != nil {
		t.Fatal(err)
	}
	list := viewtest.Drive(t, NewPolicies(d), 160, 40)
	list.S.(screen.Filterable).SetFilter("ci-deploy")
	list.RequireView("ci-deploy", pol.DefaultVersion)

	det := viewtest.Drive(t, details.NewPolicy(d, "ci-deploy", ramclient.PolicyCustom), 160, 40)
	det.Key("l", "g") // Versions, the first (v1: not the default)
	det.Key("t")
	ask := viewtest.Last[screen.ConfirmMsg](det)
	if !strings.Contains(ask.Question, "Make v1 the default") {
		t.Fatalf("asked %q", ask.Question)
	}
	det.Run(ask.OnYes)
	changed := viewtest.Last[screen.ChangedMsg](det)
	if changed.From != det.S.ID() || changed.Kind != "policy" || changed.Name != "ci-deploy" {
		t.Fatalf("the change was not announced: %+v", changed)
	}
	list.Deliver(changed) // what the root does: every other open screen gets it
	row := ""
	for _, line := range strings.Split(list.View(), "\n") {
		if strings.Contains(line, "ci-deploy") {
			row = line
		}
	}
	if strings.Contains(row, pol.DefaultVersion) || !strings.Contains(row, "v1") {
		t.Fatalf("the list still shows the old default %s: %q", pol.DefaultVersion, row)
	}
}

// rowOf is the view's line of name (its last line naming it).
func rowOf(view, name string) string {
	row := ""
	for _, line := range strings.Split(view, "\n") {
		if strings.Contains(line, name+" ") {
			row = line
		}
	}
	return row
}

// calls counts the client's calls by action since the log had n entries.
func callsSince(d *kit.Deps, n int) map[string]int {
	got := map[string]int{}
	for _, e := range d.Client().Log().Entries()[n:] {
		got[e.Action]++
	}
	return got
}

// A key created or deleted on a user's screen, MFA unbound elsewhere: the Users list reads that
// user's row again (its KEYS and MFA showed the old values) with a call or three, and lists
// nobody again.
func TestUsersListReadsAChangedUsersRowAgain(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	list := viewtest.Drive(t, NewUsers(d), 160, 40)
	users := list.S.(*kit.List[userRow])
	users.SetFilter("li.na")
	list.Run(users.FilterChanged())
	keys := func() string {
		u, _ := list.S.(*kit.List[userRow]).Table.Get("li.na")
		if u.extra == nil {
			return "not filled"
		}
		return u.extra.keys
	}
	if keys() != "0" {
		t.Fatalf("li.na's keys before: %s", keys())
	}

	det := viewtest.Drive(t, details.NewUser(d, "li.na"), 160, 40)
	det.Key("l", "l", "n") // AccessKeys, new key
	yes := viewtest.Last[screen.ConfirmMsg](det).OnYes
	det.Others = nil
	det.Run(yes)
	changed := viewtest.All[screen.ChangedMsg](det)
	if len(changed) != 1 || changed[0].Kind != "user" || changed[0].Name != "li.na" {
		t.Fatalf("a new key announced %+v", changed)
	}
	n := len(d.Client().Log().Entries())
	list.Deliver(changed[0])
	if keys() != "1" {
		t.Fatalf("after a key was created on li.na's screen the list says KEYS %s", keys())
	}
	if got := callsSince(d, n); got["ListUsers"] != 0 || len(got) > 3 || got["ListAccessKeys"] != 1 {
		t.Fatalf("one row read again with %v", got)
	}

	det.RequireView("AccessKeys (1)") // still on that section
	det.Key("D")
	yes = viewtest.Last[screen.ConfirmMsg](det).OnYes
	det.Others = nil
	det.Run(yes)
	list.Deliver(viewtest.Last[screen.ChangedMsg](det))
	if keys() != "0" {
		t.Fatalf("after the key was deleted the list says KEYS %s", keys())
	}

	// A change made anywhere that names the user: MFA unbound.
	ctx := context.Background()
	users.SetFilter("zhang.wei")
	list.Run(users.FilterChanged())
	if row := rowOf(list.View(), "zhang.wei"); !strings.Contains(row, " yes ") {
		t.Fatalf("zhang.wei has MFA in the demo: %q", row)
	}
	if err := d.Client().UnbindMFADevice(ctx, "zhang.wei"); err != nil {
		t.Fatal(err)
	}
	list.Deliver(screen.ChangedMsg{Kind: "user", Name: "zhang.wei"})
	if row := rowOf(list.View(), "zhang.wei"); !strings.Contains(row, " no ") {
		t.Fatalf("MFA unbound, the row still says %q", row)
	}
}

// A key created on a user's screen shows in the AccessKeys list and one deleted there goes,
// by one ListAccessKeys of that user (it listed every user's keys again); a key turned off on
// the list is announced by its user's name, so the Users list reads only that row.
func TestKeysListFollowsOneUsersKeys(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	list := viewtest.Drive(t, NewKeys(d), 160, 40)
	ks := list.S.(*kit.List[keyRow])
	of := func(user string) []keyRow {
		var out []keyRow
		for _, k := range ks.Table.Items() {
			if k.UserName == user {
				out = append(out, k)
			}
		}
		return out
	}
	if len(of("li.na")) != 0 || len(of("zhang.wei")) != 1 {
		t.Fatalf("demo keys: li.na %v, zhang.wei %v", of("li.na"), of("zhang.wei"))
	}
	det := viewtest.Drive(t, details.NewUser(d, "li.na"), 160, 40)
	det.Key("l", "l", "n")
	yes := viewtest.Last[screen.ConfirmMsg](det).OnYes
	det.Others = nil
	det.Run(yes)
	n := len(d.Client().Log().Entries())
	list.Deliver(viewtest.Last[screen.ChangedMsg](det))
	if got := callsSince(d, n); got["ListAccessKeys"] != 1 || got["ListUsers"] != 0 {
		t.Fatalf("li.na's keys read again with %v", got)
	}
	if k := of("li.na"); len(k) != 1 || !strings.Contains(list.View(), k[0].AccessKeyID) {
		t.Fatalf("the key created on li.na's screen: %v", k)
	}

	zw := viewtest.Drive(t, details.NewUser(d, "zhang.wei"), 160, 40)
	zw.Key("l", "l", "D")
	yes = viewtest.Last[screen.ConfirmMsg](zw).OnYes
	zw.Others = nil
	zw.Run(yes)
	list.Deliver(viewtest.Last[screen.ChangedMsg](zw))
	if k := of("zhang.wei"); len(k) != 0 {
		t.Fatalf("zhang.wei's key deleted on its screen is still listed: %v", k)
	}

	// t on li.na's key here: the change names li.na.
	list.S.(screen.Filterable).SetFilter("li.na")
	list.Key("t")
	yes = viewtest.Last[screen.ConfirmMsg](list).OnYes
	list.Others = nil
	list.Run(yes)
	changed := viewtest.All[screen.ChangedMsg](list)
	if len(changed) != 1 || changed[0].Kind != "user" || changed[0].Name != "li.na" {
		t.Fatalf("turning li.na's key off announced %+v", changed)
	}
	if k := of("li.na"); len(k) != 1 || k[0].Status != ramclient.KeyInactive {
		t.Fatalf("li.na's key after t: %+v", k)
	}
}

// A role or group changed elsewhere is read again alone (one GetRole, one GetGroup), not
// listed again with the rest; one deleted elsewhere leaves the list.
func TestRolesAndGroupsListsReadAChangedRowAgain(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	ctx := context.Background()
	c := d.Client()
	roles := viewtest.Drive(t, NewRoles(d), 160, 40)
	groups := viewtest.Drive(t, NewGroups(d), 160, 40)
	rs := roles.S.(*kit.List[ramclient.Role])
	gs := groups.S.(*kit.List[ramclient.Group])
	if _, ok := rs.Table.Get("finance-export"); !ok {
		t.Fatal("no finance-export role in the demo")
	}
	if _, err := c.UpdateRole(ctx, "finance-export", ramclient.RoleUpdate{Description: "exports, read again"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateGroup(ctx, "ops", "", "ops, read again"); err != nil {
		t.Fatal(err)
	}
	n := len(c.Log().Entries())
	roles.Deliver(screen.ChangedMsg{Kind: "role", Name: "finance-export"})
	groups.Deliver(screen.ChangedMsg{Kind: "group", Name: "ops"})
	if got := callsSince(d, n); len(got) != 2 || got["GetRole"] != 1 || got["GetGroup"] != 1 {
		t.Fatalf("calls to read one role and one group again: %v", got)
	}
	if r, _ := rs.Table.Get("finance-export"); r.Description != "exports, read again" || r.TrustPolicy == "" {
		t.Fatalf("finance-export after the change: %+v", r)
	}
	if g, _ := gs.Table.Get("ops"); g.Comments != "ops, read again" {
		t.Fatalf("ops after the change: %+v", g)
	}
	roles.RequireView("exports, read again")
	groups.RequireView("ops, read again")

	if _, err := c.CreateRole(ctx, ramclient.NewRole{RoleName: "short-lived", TrustPolicy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}`}); err != nil {
		t.Fatal(err)
	}
	roles.Deliver(screen.ChangedMsg{Kind: "role", Name: "short-lived"})
	if _, ok := rs.Table.Get("short-lived"); !ok {
		t.Fatal("a role created elsewhere and named did not show")
	}
	if err := c.DeleteRole(ctx, "short-lived"); err != nil {
		t.Fatal(err)
	}
	roles.Deliver(screen.ChangedMsg{Kind: "role", Name: "short-lived"})
	if _, ok := rs.Table.Get("short-lived"); ok {
		t.Fatal("a role deleted elsewhere is still listed")
	}
}
