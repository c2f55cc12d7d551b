package details

import (
	"testing"

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
