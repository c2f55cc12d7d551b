package details

import (
	"testing"

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
