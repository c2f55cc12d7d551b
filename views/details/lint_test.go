package details

import (
	"testing"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// A new version that misspells an action is confirmed with lint's warning, before any call.
func TestNewPolicyVersionWarnsBeforeSending(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewPolicy(d, "dev-oss-rw", ramclient.PolicyCustom), 120, 30)
	dr.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObjct","oss:PutObject"],"Resource":"acs:oss:*:*:acme-dev/*"}]}`})
	viewtest.RequireWarned(t, d, dr, "CreatePolicyVersion", `Statement[0].Action[0]: "oss:GetObjct" is no action of OSS (did you mean oss:GetObject?)`)
}

// A trust policy that trusts every account is confirmed with lint's warning, before any call.
func TestTrustPolicyEditWarnsBeforeSending(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRole(d, "ops-readonly"), 120, 30)
	dr.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["*"]}}]}`})
	viewtest.RequireWarned(t, d, dr, "UpdateRole", "trusts every Alibaba Cloud account")
}
