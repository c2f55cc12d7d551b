package details

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
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

// enter on an Effective row opens what grants it: the policy of its statement (named over the
// policy's screen), or the role an Assume line is about. It did nothing before; the footer
// says what enter does there.
func TestEnterOnEffectiveOpensWhatGrantsIt(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUser(d, "devops_test"), 160, 40)
	dr.Key("l", "l", "l") // Effective
	if !strings.Contains(helpOf(dr.S), "enter open what grants it") {
		t.Fatalf("the footer does not say what enter does: %s", helpOf(dr.S))
	}
	dr.Others = nil
	dr.Key("enter") // the first line: a policy's statement
	pushed := dr.Pushed()
	if len(pushed) != 1 || !strings.HasPrefix(pushed[0].Title(), "policy ") {
		t.Fatalf("enter on a policy's line pushed %v (others %v)", pushed, dr.Others)
	}
	f := viewtest.Last[screen.FlashMsg](dr)
	if !strings.Contains(f.Text, "Statement[") || f.From != pushed[0].ID() {
		t.Fatalf("the statement is not named over the policy's screen: %+v", f)
	}
	dr.Key("G") // the last lines are sts: the roles the user may assume
	dr.Others = nil
	dr.Key("enter")
	if p := dr.Pushed(); len(p) != 1 || !strings.HasPrefix(p[0].Title(), "role ") ||
		!strings.Contains(viewtest.Last[screen.FlashMsg](dr).Text, "may assume "+p[0].Title()) {
		t.Fatalf("enter on an Assume line pushed %v (others %v)", p, dr.Others)
	}
}

// helpOf is the screen's footer keys, as "key desc" pairs.
func helpOf(s screen.Screen) string {
	var out []string
	for _, b := range s.KeyMap().ShortHelp() {
		if b.Enabled() {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(out, " • ")
}

// enter on a user's AccessKey says what the Keys tab says of it (its last use, read now) and
// the keys that act on it; it did nothing before.
func TestEnterOnAUsersKeySaysItsLastUse(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUser(d, "bob.smith"), 160, 40)
	dr.Key("l", "l") // AccessKeys
	if !strings.Contains(helpOf(dr.S), "enter last use") {
		t.Fatalf("the footer does not say what enter does: %s", helpOf(dr.S))
	}
	dr.Others = nil
	dr.Key("enter")
	f := viewtest.Last[screen.FlashMsg](dr)
	if !strings.Contains(f.Text, "AccessKey LTAI") || !strings.Contains(f.Text, "last used") || !strings.Contains(f.Text, "D deletes it") {
		t.Fatalf("enter on a key: %+v (others %v)", f, dr.Others)
	}
	// A document has nothing to open: the footer does not offer enter there.
	pol := viewtest.Drive(t, NewPolicy(d, "AdministratorAccess", ramclient.PolicySystem), 160, 40)
	if strings.Contains(helpOf(pol.S), "enter") {
		t.Fatalf("a policy's document offers enter: %s", helpOf(pol.S))
	}
}
