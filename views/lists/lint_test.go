package lists

import (
	"testing"

	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// Creating a policy that allows everything, or a role trusting every account, is confirmed
// with lint's warnings before anything is sent.
func TestCreatingWarnsBeforeSending(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewPolicies(d), 120, 30)
	newThroughForm(t, dr, "too-wide", "")
	dr.Others = nil
	dr.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","NotAction":"ram:*","Resource":"*"}]}`})
	viewtest.RequireWarned(t, d, dr, "CreatePolicy", "Statement[0]: Allow with NotAction grants every action except ram:*")

	dr = viewtest.Drive(t, NewRoles(d), 120, 30)
	newThroughForm(t, dr, "open-door", "", "↓", "")
	dr.Others = nil
	dr.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["*"]}}]}`})
	viewtest.RequireWarned(t, d, dr, "CreateRole", "trusts every Alibaba Cloud account")
}
