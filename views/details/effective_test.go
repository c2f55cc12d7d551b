package details

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/screen/screentest"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// The Effective section merges the user's own and its groups' policies by service, and lists
// the roles the user may assume.
func TestUserEffectivePermissions(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUser(d, "devops_test"), 160, 40)
	dr.Key("l", "l", "l") // Groups, Policies, AccessKeys, Effective
	dr.RequireView("Effective (", "SERVICE", "sts", "Assume", "role oss-test-sts")

	dr = viewtest.Drive(t, NewUser(d, "zhang.wei"), 160, 40)
	dr.Key("l", "l", "l")
	dr.RequireView("Effective (", "via group ")
}

// The user's own fields and sections show after the user's six calls: what the user may do
// (its groups' policies, every role's trust: 30 calls on the demo) fills its section later. The
// screen waited for it before.
func TestUserScreenDoesNotWaitForEffective(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	s := NewUser(d, "zhang.wei")
	s.SetSize(160, 40)
	sent := func() int { return len(d.Client().Log().Entries()) }
	before := sent()
	first := screentest.Collect(s.Init())
	if n := sent() - before; n > 6 {
		t.Fatalf("the first load made %d calls, want the user's 6", n)
	}
	var after tea.Cmd
	for _, m := range first {
		if r, ok := m.(screen.Result); ok {
			s, after = s.Update(r.Msg)
		}
	}
	if v := s.View(); !strings.Contains(v, "zhang.wei") || !strings.Contains(v, "Groups (2)") {
		t.Fatalf("the user is not shown after its own calls:\n%s", v)
	}
	if after == nil {
		t.Fatal("nothing started the effective permissions' read")
	}
	for _, m := range screentest.Collect(after) {
		if r, ok := m.(screen.Result); ok {
			s, _ = s.Update(r.Msg)
		}
	}
	if v := s.View(); !strings.Contains(v, "Effective (") {
		t.Fatalf("the Effective section did not fill:\n%s", v)
	}
}
