package account

import (
	"maps"
	"slices"
	"testing"
)

// The policy -> principals index follows attach, detach and rename in place: after the changes,
// the index as kept equals one built afresh from the principals (read straight from the index,
// so a missed update cannot hide behind entitiesFor's rebuild), and ListEntitiesForPolicy
// answers what a scan of every principal finds.
func TestHoldersIndexUpdatedInPlace(t *testing.T) {
	a, err := New(Options{Seed: "scale:50"})
	if err != nil {
		t.Fatal(err)
	}
	root := Identity{Type: IdentityRoot, AccountID: a.ID()}
	do := func(action string, params map[string]string) any {
		t.Helper()
		resp, _, e := a.Invoke(Request{Product: RAM, Action: action, Params: params, Caller: root})
		if e != nil {
			t.Fatalf("%s %v: %v", action, params, e)
		}
		return resp
	}
	entities := func(pol, typ string) (names []string) {
		m := do("ListEntitiesForPolicy", map[string]string{"PolicyName": pol, "PolicyType": typ}).(map[string]any)
		for _, u := range m["Users"].(usersList).User {
			names = append(names, "user:"+u.UserName)
		}
		for _, g := range m["Groups"].(groupsList).Group {
			names = append(names, "group:"+g.GroupName)
		}
		for _, r := range m["Roles"].(rolesList).Role {
			names = append(names, "role:"+r.RoleName)
		}
		return names
	}
	entities("policy00001", "Custom") // builds the index
	if a.s.holders.by == nil {
		t.Fatal("ListEntitiesForPolicy did not build the index")
	}
	attach := func(kind, principal, pol, typ string) {
		do("AttachPolicyTo"+kind, map[string]string{kind + "Name": principal, "PolicyName": pol, "PolicyType": typ})
	}
	attach("User", "User00003", "policy00001", "Custom") // the name's case differs from the key
	attach("Group", "group00001", "policy00001", "Custom")
	attach("Role", "role00002", "policy00001", "Custom")
	attach("User", "user00005", "policy00002", "Custom")
	do("DetachPolicyFromUser", map[string]string{"UserName": "user00004", "PolicyName": "ReadOnlyAccess", "PolicyType": "System"})
	do("UpdateUser", map[string]string{"UserName": "user00003", "NewUserName": "renamed-user"})
	do("UpdateUser", map[string]string{"UserName": "user00005", "NewUserName": "User00005"}) // same key
	do("UpdateGroup", map[string]string{"GroupName": "group00001", "NewGroupName": "renamed-group"})

	kept := a.s.holders.by
	fresh := &holdersIndex{}
	fresh.build(a.s)
	for pol := range fresh.by {
		if kept[pol] == nil {
			t.Errorf("%s: not in the index", pol)
			continue
		}
		for k := range 3 {
			if got, want := kept[pol][k], fresh.by[pol][k]; !slices.Equal(got, want) {
				t.Errorf("%s kind %d: index %v, principals %v", pol, k, got, want)
			}
		}
	}
	for _, p := range [][2]string{{"policy00001", "Custom"}, {"policy00002", "Custom"}, {"ReadOnlyAccess", "System"}} {
		if got, want := entities(p[0], p[1]), scanHolders(a.s, p[0]); !slices.Equal(got, want) {
			t.Errorf("%s is attached to %v, a scan finds %v", p[0], got, want)
		}
	}
	if got := entities("policy00001", "Custom"); !slices.Contains(got, "user:renamed-user") || !slices.Contains(got, "group:renamed-group") {
		t.Errorf("renamed principals missing: %v", got)
	}
	// A change that bypasses the hooks is not served stale: the next call rebuilds.
	u := a.s.user("user00007")
	u.Attached = append(u.Attached, attachment{Type: "Custom", Name: "policy00002"})
	a.s.policy("policy00002").Attachments++
	if got := entities("policy00002", "Custom"); !slices.Contains(got, "user:user00007") || !slices.Contains(got, "user:User00005") {
		t.Errorf("policy00002 after an out-of-band attach: %v", got)
	}
}

// scanHolders is what ListEntitiesForPolicy answered before the index: every principal scanned.
func scanHolders(s *state, pol string) (names []string) {
	for _, k := range slices.Sorted(maps.Keys(s.Users)) {
		if findAttachment(s.Users[k].Attached, pol) >= 0 {
			names = append(names, "user:"+s.Users[k].Name)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(s.Groups)) {
		if findAttachment(s.Groups[k].Attached, pol) >= 0 {
			names = append(names, "group:"+s.Groups[k].Name)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(s.Roles)) {
		if findAttachment(s.Roles[k].Attached, pol) >= 0 {
			names = append(names, "role:"+s.Roles[k].Name)
		}
	}
	return names
}
