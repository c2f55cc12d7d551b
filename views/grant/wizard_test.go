package grant

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

func typeText(d *viewtest.Driver, s string) {
	d.Deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

// The engine's validation (grant.Request.Normalize, as `ramtui grant oss`) refuses a bad
// bucket and a bad directory in place, under the field, before any call; the user names for
// completion are loaded; the wizard fits 80x24.
func TestWizardValidatesOnTheEnginesCode(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		d := viewtest.Drive(t, New(deps), size[0], size[1])
		if w := d.S.(*wizard); len(w.users) == 0 {
			t.Fatal("no user names loaded for completion")
		}
		d.RequireView("Bucket", "Directory", "RAM user")
		typeText(d, "Bad_Bucket")
		d.Key("enter")
		d.RequireView("✗ a bucket name has only lower-case letters, digits and") // under the fields
		if lines := strings.Split(d.View(), "\n"); len(lines) > size[1] {
			t.Errorf("%d lines at %v", len(lines), size)
		}
		d = viewtest.Drive(t, NewWizard(deps, engine.Request{Bucket: "oss-test"}), size[0], size[1])
		d.Key("enter")
		typeText(d, "/dir111")
		d.Key("enter")
		d.RequireView(`must not start with "/"`)
		if len(d.Pushed()) != 0 {
			t.Fatal("a bad request opened the plan")
		}
	}
}

// Submitting a complete request opens the plan of the normalised request; the form stays
// under it with the values.
func TestWizardSubmitOpensThePlan(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	d := viewtest.Drive(t, NewWizard(deps, engine.Request{Bucket: "oss-test", Dir: "dir111/dir111_secondline1"}), 120, 40)
	d.Key("enter", "enter") // bucket and directory as prefilled
	typeText(d, "devops_te")
	d.Deliver(tea.KeyMsg{Type: tea.KeyCtrlE}) // accept the completion
	if w := d.S.(*wizard); w.user != "devops_test" {
		t.Fatalf("user %q", w.user)
	}
	d.Key("enter")                                                             // user
	d.Key("enter")                                                             // region (optional)
	d.RequireView("Access", "Role name", "oss-test-dir111-dir111-secondline1") // the preview names the role
	d.Key("enter", "enter", "enter", "enter")                                  // access (default), role name (suggested), max session, description
	pushed := d.Pushed()
	if len(pushed) != 1 {
		t.Fatalf("pushed %v; view:\n%s", pushed, d.View())
	}
	f, ok := pushed[0].(*flow)
	if !ok {
		t.Fatalf("pushed %T", pushed[0])
	}
	want := engine.Request{Bucket: "oss-test", Dir: "dir111/dir111_secondline1", User: "devops_test", Access: engine.DefaultAccess, MaxSession: engine.MinMaxSession}
	if f.req != want {
		t.Errorf("request %+v, want %+v", f.req, want)
	}
	d.RequireView("devops_test") // the form keeps its values under the plan
}

// huh would work out a field's suggestions in a command's goroutine (Bubble Tea runs commands
// concurrently with the event loop): the user names arriving again must not race with it (go
// test -race). The completion and the suggested role name follow what was loaded and typed.
func TestWizardFieldsAreSetOnTheEventLoop(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	d := viewtest.Drive(t, New(deps), 120, 40)
	d.Concurrently(usersMsg{names: []string{"first.answer"}}, func() {
		d.Deliver(usersMsg{names: []string{"devops_test", "zhou.jie"}}) // a second answer meanwhile
	})
	typeText(d, "oss-test")
	d.Key("enter")
	typeText(d, "dir1")
	d.Key("enter")
	typeText(d, "devops_te")
	d.Deliver(tea.KeyMsg{Type: tea.KeyCtrlE}) // completes from the last answer
	if w := d.S.(*wizard); w.user != "devops_test" {
		t.Fatalf("user %q", w.user)
	}
	d.Key("enter", "enter") // the region: the second page
	// The suggestion is the role name's placeholder: "<oss-test-dir1>" where a terminal has no
	// attributes, as under go test.
	d.RequireView("What the grant makes", "> <oss-test-dir1>")
	d.Key("shift+tab", "shift+tab", "shift+tab") // back to the directory
	typeText(d, "x")
	if w := d.S.(*wizard); w.dir != "dir1x" {
		t.Fatalf("dir %q; view:\n%s", w.dir, d.View())
	}
	d.Key("enter", "enter", "enter")
	d.RequireView("What the grant makes", "Role name", "> <oss-test-dir1x>") // the placeholder follows
}

// A display name typed as the user (the Users list shows them, "张伟" in the demo) is named as
// whose it is, so the user name can be typed; it was only "not a RAM user name".
func TestWizardNamesTheUserOfADisplayName(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	d := viewtest.Drive(t, NewWizard(deps, engine.Request{Bucket: "oss-test", Dir: "data/"}), 80, 24)
	d.Key("enter", "enter")
	typeText(d, "张伟")
	d.Key("enter")
	d.RequireView(`"张伟" is the display name of RAM user zhang.wei`)
	// The pane under the form says the same, not the bare "not a RAM user name" beside it.
	if v := d.View(); strings.Contains(v, "is not a RAM user name") {
		t.Errorf("the pane contradicts the field's error:\n%s", v)
	}
	if len(d.Pushed()) != 0 {
		t.Fatal("a display name opened the plan")
	}
}
