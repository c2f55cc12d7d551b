package switchrole

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen/screentest"
	"github.com/ramtui/ramtui/userdata"
)

// tenThousandRoles is a picker of 120x40 and 10,000 roles role00000…role09999 for it.
func tenThousandRoles(e *switchEnv) (*switchPicker, []ramclient.Role) {
	roles := make([]ramclient.Role, 10000)
	for i := range roles {
		name := fmt.Sprintf("role%05d", i)
		roles[i] = ramclient.Role{RoleName: name, Arn: e.arn(name), Description: "scale"}
	}
	p := NewSwitchPicker(e.d, e.cfg).(*switchPicker)
	p.SetSize(120, 40)
	p.seq = 1
	return p, roles
}

// The role list's arrival and the caller's answer fill the table in one go and check the
// roles on screen, in the table's order, and only those: one GetRole per row a person can see
// (ListRoles carries no trust policy), not one per role. Its speed (each role's Upsert once
// rebuilt the whole table: 10,000 roles took 14 s, the roles on screen were checked after
// 11 s) is for the benchmarks (bench picker-assume at scale:100000): a wall-clock bound here
// failed under load.
func TestPickerTenThousandRolesArriveAtOnce(t *testing.T) {
	e := newSwitchEnv(t, "")
	caller := loadSwitchCaller(context.Background(), e.d.Client())
	p, roles := tenThousandRoles(e)
	var before uint64
	for _, c := range e.d.Client().Log().Entries() {
		before = max(before, c.Seq)
	}
	_, c1 := p.Update(pickRolesMsg{seq: 1, first: true, page: ramclient.Page[ramclient.Role]{Items: roles}, recents: userdata.Roles{}})
	_, c2 := p.Update(pickCallerMsg{c: caller})
	screentest.Collect(c1)
	screentest.Collect(c2)
	if p.table.Len() != len(roles) {
		t.Fatalf("%d rows, want %d", p.table.Len(), len(roles))
	}
	if cur, _ := p.table.Current(); cur.arn.RoleName != "role00000" {
		t.Errorf("first row %q, want the alphabetical first", cur.arn.RoleName)
	}
	var onScreen, asked []string
	for _, r := range p.table.OnScreen() {
		onScreen = append(onScreen, r.arn.RoleName)
	}
	for _, c := range e.d.Client().Log().Entries() {
		if c.Seq <= before {
			continue
		}
		if c.Action != "GetRole" {
			t.Errorf("a %s call: only the roles on screen are read", c.Action)
		}
		asked = append(asked, c.Target)
	}
	slices.Sort(asked) // the calls run at once: their order is the log's, not the table's
	if len(onScreen) < 30 || !slices.Equal(asked, onScreen) {
		t.Fatalf("GetRole for %d roles %v…, want the %d on screen %v…", len(asked), asked[:min(3, len(asked))], len(onScreen), onScreen[:min(3, len(onScreen))])
	}
}
