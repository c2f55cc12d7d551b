package details

import (
	"testing"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/kit"
)

// p on a user, group or role opens the simulator with that principal filled in.
func TestPOpensTheSimulatorFilledIn(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	for _, tc := range []struct {
		open func(*kit.Deps, string) screen.Screen
		name string
	}{{NewUser, "zhou.jie"}, {NewGroup, "oncall"}, {NewRole, "oss-test-sts"}} {
		dr := viewtest.Drive(t, tc.open(d, tc.name), 120, 30)
		found := false
		for _, col := range dr.S.KeyMap().FullHelp() {
			for _, b := range col {
				found = found || (b.Help().Key == "p" && b.Help().Desc == "simulate a request")
			}
		}
		if !found {
			t.Errorf("%s: p is not in the help", tc.name)
		}
		dr.Key("p")
		p := dr.Pushed()
		if len(p) != 1 || p[0].Title() != "Simulate" {
			t.Fatalf("%s: p pushed %v", tc.name, p)
		}
		form := viewtest.Drive(t, p[0], 120, 30)
		form.RequireView(tc.name)
	}
}

// w on a policy opens who-can asked what its first Allow statement allows; the form's answer
// lists who is allowed (the principals open through the details' own screens).
func TestWOnAPolicyOpensWhoCanFilledIn(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewPolicy(d, "dev-oss-rw", ramclient.PolicyCustom), 120, 30)
	dr.Key("w")
	p := dr.Pushed()
	if len(p) != 1 || p[0].Title() != "Who can" {
		t.Fatalf("w pushed %v", p)
	}
	form := viewtest.Drive(t, p[0], 120, 30)
	form.RequireView("oss:GetObject")
	form.RequireView("> acs:oss:*:*:acme-dev\n") // the default version (v2)'s first resource
}

func TestFirstAllowed(t *testing.T) {
	for doc, want := range map[string][2]string{
		`{"Version":"1","Statement":[{"Effect":"Deny","Action":"ecs:*","Resource":"*"},{"Effect":"Allow","NotAction":"ram:*","Resource":"*"},` +
			`{"Effect":"Allow","Action":["oss:PutObject","oss:GetObject"],"Resource":["acs:oss:*:*:b/*","*"]}]}`: {"oss:PutObject", "acs:oss:*:*:b/*"},
		`{"Version":"1","Statement":[{"Effect":"Deny","Action":"ecs:*","Resource":"*"}]}`: {"", ""},
		`not json`: {"", ""},
	} {
		if a, r := firstAllowed(doc); a != want[0] || r != want[1] {
			t.Errorf("firstAllowed(%s) = %q, %q; want %q", doc, a, r, want)
		}
	}
}
