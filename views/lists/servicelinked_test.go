package lists

import (
	"context"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/kit"
)

// The demo's AliyunServiceRoleForConfig is service-linked: the list marks it, and neither D nor
// a offers a change RAM refuses (the simulator refuses DeleteRole and AttachPolicyToRole).
func TestRolesListMarksServiceLinkedAndRefusesItsChanges(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRoles(d), 120, 30)
	dr.RequireView("AliyunServiceRoleForConfig", "service-linked: config")
	list := dr.S.(*kit.List[ramclient.Role])
	dr.S.(screen.Filterable).SetFilter("AliyunServiceRoleFor")
	if r, ok := list.Table.Current(); !ok || r.RoleName != "AliyunServiceRoleForConfig" {
		t.Fatalf("cursor on %v", r)
	}
	if strings.Contains(helpText(dr.S), "delete") {
		t.Fatalf("help offers delete on a service-linked role:\n%s", helpText(dr.S))
	}
	dr.Others = nil
	dr.Key("D", "a")
	if c := viewtest.Last[screen.ConfirmMsg](dr); c.OnYes != nil || len(dr.Pushed()) != 0 {
		t.Fatalf("D or a on a service-linked role asked or opened something: %v", dr.Others)
	}

	// Marked together with an ordinary role, with the cursor on the ordinary one: refused
	// before any call, naming the service-linked role.
	dr.S.(screen.Filterable).SetFilter("")
	for _, name := range []string{"AliyunServiceRoleForConfig", "ops-readonly"} {
		dr.Key("g")
		for i := 0; i < 100; i++ {
			if r, _ := list.Table.Current(); r.RoleName == name {
				break
			}
			dr.Key("j")
		}
		dr.Key(" ") // mark (the cursor moves on)
	}
	dr.Key("k")
	if r, _ := list.Table.Current(); r.RoleName != "ops-readonly" {
		t.Fatalf("cursor on %s", r.RoleName)
	}
	dr.Others = nil
	dr.Key("D")
	f := viewtest.Last[screen.FlashMsg](dr)
	if f.Level != screen.Error || !strings.Contains(f.Text, "AliyunServiceRoleForConfig") || !strings.Contains(f.Text, "service-linked") {
		t.Fatalf("flash %+v, others %v", f, dr.Others)
	}
	if _, err := d.Client().GetRole(context.Background(), "ops-readonly"); err != nil {
		t.Fatalf("ops-readonly went: %v", err)
	}
	// What the UI does not offer, RAM (the simulator) refuses.
	if err := d.Client().DeleteRole(context.Background(), "AliyunServiceRoleForConfig"); ramclient.KindOf(err) != ramclient.KindConflict {
		t.Fatalf("DeleteRole of a service-linked role: %v", err)
	}
}

// helpText is every key and help text the screen's '?' help lists now.
func helpText(s screen.Screen) string {
	var b strings.Builder
	for _, col := range s.KeyMap().FullHelp() {
		for _, k := range col {
			b.WriteString(k.Help().Key + " " + k.Help().Desc + "\n")
		}
	}
	return b.String()
}
