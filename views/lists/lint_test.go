package lists

import (
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/kit"
)

// requireWarned checks that the confirmation came with the lint warning and that nothing was
// sent while it waits for y.
func requireWarned(t *testing.T, d *kit.Deps, dr *viewtest.Driver, action, want string) {
	t.Helper()
	confirm := viewtest.Last[screen.ConfirmMsg](dr)
	if confirm.OnYes == nil || !strings.Contains(strings.Join(confirm.Warnings, "\n"), want) {
		t.Fatalf("the confirmation does not warn %q: %+v", want, confirm)
	}
	for _, e := range d.Client().Log().Entries() {
		if e.Action == action {
			t.Fatalf("%s was sent before the answer", action)
		}
	}
}

// Creating a policy that allows everything, or a role trusting every account, is confirmed
// with lint's warnings before anything is sent.
func TestCreatingWarnsBeforeSending(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewPolicies(d), 120, 30)
	newThroughForm(t, dr, "too-wide", "")
	dr.Others = nil
	dr.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","NotAction":"ram:*","Resource":"*"}]}`})
	requireWarned(t, d, dr, "CreatePolicy", "Statement[0]: Allow with NotAction grants every action except ram:*")

	dr = viewtest.Drive(t, NewRoles(d), 120, 30)
	newThroughForm(t, dr, "open-door", "", "↓", "")
	dr.Others = nil
	dr.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["*"]}}]}`})
	requireWarned(t, d, dr, "CreateRole", "trusts every Alibaba Cloud account")
}
