package switchrole

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/userdata"
)

// The role list's arrival and the caller's answer fill the table in one go, not one role at a
// time: each role's Upsert rebuilt the whole table, quadratic in the roles, and the picker
// took 11 s to check the roles on screen with 10,000 roles (bench picker-assume at
// scale:100000, where the calls took 0.7 s). Here 10,000 roles took 14 s before, ~0.2 s
// after (a loaded 2-core machine). A timing test: not under the race detector's slowdown.
func TestPickerTenThousandRolesArriveAtOnce(t *testing.T) {
	if raceEnabled {
		t.Skip("timing test; the race detector slows it several times")
	}
	e := newSwitchEnv(t, "")
	caller := loadSwitchCaller(context.Background(), e.d.Client())
	roles := make([]ramclient.Role, 10000)
	for i := range roles {
		name := fmt.Sprintf("role%05d", i)
		roles[i] = ramclient.Role{RoleName: name, Arn: e.arn(name), Description: "scale"}
	}
	p := NewSwitchPicker(e.d, e.cfg).(*switchPicker)
	p.SetSize(120, 40)
	p.seq = 1
	start := time.Now()
	p.Update(pickRolesMsg{seq: 1, first: true, page: ramclient.Page[ramclient.Role]{Items: roles}, recents: userdata.Roles{}})
	p.Update(pickCallerMsg{c: caller})
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("10,000 roles and the caller took %v to reach the table", d)
	}
	if p.table.Len() != len(roles) {
		t.Fatalf("%d rows, want %d", p.table.Len(), len(roles))
	}
	if cur, _ := p.table.Current(); cur.arn.RoleName != "role00000" {
		t.Errorf("first row %q, want the alphabetical first", cur.arn.RoleName)
	}
}
