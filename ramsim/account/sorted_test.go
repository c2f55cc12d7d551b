package account

import (
	"encoding/json"
	"slices"
	"testing"
)

// The sorted-name index must follow every change: a created, renamed or deleted user shows up
// (or disappears) in the very next ListUsers.
func TestSortedIndexFollowsChanges(t *testing.T) {
	a, err := New(Options{Seed: "scale:30"})
	if err != nil {
		t.Fatal(err)
	}
	root := Identity{Type: IdentityRoot, AccountID: a.ID()}
	list := func() []string {
		resp, _, e := a.Invoke(Request{Product: RAM, Action: "ListUsers", Params: map[string]string{"MaxItems": "1000"}, Caller: root})
		if e != nil {
			t.Fatal(e)
		}
		var page struct{ Users usersList }
		if err := json.Unmarshal(resp.(*Encoded).JSON, &page); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range page.Users.User {
			names = append(names, u.UserName)
		}
		return names
	}
	do := func(action string, params map[string]string) {
		if _, _, e := a.Invoke(Request{Product: RAM, Action: action, Params: params, Caller: root}); e != nil {
			t.Fatalf("%s: %v", action, e)
		}
	}
	before := list()
	do("CreateUser", map[string]string{"UserName": "aaa-new"})
	if got := list(); !slices.Contains(got, "aaa-new") || len(got) != len(before)+1 {
		t.Fatalf("created user missing from the next list")
	}
	do("UpdateUser", map[string]string{"UserName": "aaa-new", "NewUserName": "zzz-renamed"})
	got := list()
	if slices.Contains(got, "aaa-new") || got[len(got)-1] != "zzz-renamed" || !slices.IsSorted(got) {
		t.Fatalf("rename not reflected in order: last %q", got[len(got)-1])
	}
	do("DeleteUser", map[string]string{"UserName": "zzz-renamed"})
	if got := list(); slices.Contains(got, "zzz-renamed") {
		t.Fatal("deleted user still listed")
	}
}

// BenchmarkFirstPageAfterChange is the simulator's share of "first rows" at 100,000 users
// when the account changes between listings (a user created and deleted, then the first page
// of ListUsers): the sorted index must follow the change, not be rebuilt.
//
//	go test -run '^$' -bench FirstPageAfterChange ./ramsim/account/
func BenchmarkFirstPageAfterChange(b *testing.B) {
	a, err := New(Options{Seed: "scale:100000"})
	if err != nil {
		b.Fatal(err)
	}
	root := Identity{Type: IdentityRoot, AccountID: a.ID()}
	do := func(action string, params map[string]string) {
		if _, _, e := a.Invoke(Request{Product: RAM, Action: action, Params: params, Caller: root}); e != nil {
			b.Fatalf("%s: %v", action, e)
		}
	}
	for b.Loop() {
		do("CreateUser", map[string]string{"UserName": "bench-new"})
		do("DeleteUser", map[string]string{"UserName": "bench-new"})
		do("ListUsers", map[string]string{"MaxItems": "1000"})
	}
}

// The index is kept current by the actions themselves, not rebuilt: after creating, renaming
// and deleting in each large collection, every built entry already equals the map's sorted keys
// (read straight from the index, so a missed update cannot hide behind a rebuild).
func TestSortedIndexUpdatedInPlace(t *testing.T) {
	a, err := New(Options{Seed: "scale:50"})
	if err != nil {
		t.Fatal(err)
	}
	root := Identity{Type: IdentityRoot, AccountID: a.ID()}
	do := func(action string, params map[string]string) {
		t.Helper()
		if _, _, e := a.Invoke(Request{Product: RAM, Action: action, Params: params, Caller: root}); e != nil {
			t.Fatalf("%s: %v", action, e)
		}
	}
	for _, l := range []string{"ListUsers", "ListGroups", "ListRoles", "ListPolicies"} {
		do(l, map[string]string{"MaxItems": "10"}) // builds the entries
	}
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"*"}]}`
	trust := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + a.ID() + `:root"]}}]}`
	do("CreateUser", map[string]string{"UserName": "Mid-User"})
	do("CreateUser", map[string]string{"UserName": "aaa"})
	do("UpdateUser", map[string]string{"UserName": "aaa", "NewUserName": "zzz"})
	do("UpdateUser", map[string]string{"UserName": "Mid-User", "NewUserName": "mid-user"}) // same key
	do("CreateUser", map[string]string{"UserName": "gone"})
	do("DeleteUser", map[string]string{"UserName": "gone"})
	do("CreateGroup", map[string]string{"GroupName": "aaa"})
	do("UpdateGroup", map[string]string{"GroupName": "aaa", "NewGroupName": "zzz"})
	do("CreateGroup", map[string]string{"GroupName": "gone"})
	do("DeleteGroup", map[string]string{"GroupName": "gone"})
	do("CreateRole", map[string]string{"RoleName": "aaa", "AssumeRolePolicyDocument": trust})
	do("CreateRole", map[string]string{"RoleName": "gone", "AssumeRolePolicyDocument": trust})
	do("DeleteRole", map[string]string{"RoleName": "gone"})
	do("CreatePolicy", map[string]string{"PolicyName": "aaa", "PolicyDocument": doc})
	do("CreatePolicy", map[string]string{"PolicyName": "gone", "PolicyDocument": doc})
	do("DeletePolicy", map[string]string{"PolicyName": "gone"})

	s := a.s
	want := map[string][]string{"users": sortedKeys(s.Users), "groups": sortedKeys(s.Groups),
		"roles": sortedKeys(s.Roles), "policies": sortedKeys(s.Policies)}
	for coll, w := range want {
		got, ok := s.sorted.keys[coll]
		if !ok {
			t.Fatalf("%s: index entry dropped by a change", coll)
		}
		if !slices.Equal(got, w) {
			t.Errorf("%s: index %d names, map %d; index is not the map's sorted keys", coll, len(got), len(w))
		}
	}
}

// BenchmarkEntitiesForPolicy is the simulator's share of a policy's detail at 100,000 users
// (ListEntitiesForPolicy: the policy's principals from the reverse index, holders.go).
//
//	go test -run '^$' -bench EntitiesForPolicy ./ramsim/account/
func BenchmarkEntitiesForPolicy(b *testing.B) {
	a, err := New(Options{Seed: "scale:100000"})
	if err != nil {
		b.Fatal(err)
	}
	root := Identity{Type: IdentityRoot, AccountID: a.ID()}
	params := map[string]string{"PolicyName": "policy000001", "PolicyType": "Custom"}
	call := func() {
		if _, _, e := a.Invoke(Request{Product: RAM, Action: "ListEntitiesForPolicy", Params: params, Caller: root}); e != nil {
			b.Fatal(e)
		}
	}
	call() // builds the derived indexes once, as the first policy detail of a session does
	for b.Loop() {
		call()
	}
}

// sameKey must agree with comparing key()s, ASCII or not.
func TestSameKey(t *testing.T) {
	for _, c := range [][2]string{{"ReadOnlyAccess", "readonlyaccess"}, {"ReadOnlyAccess", "ReadOnlyAcces"},
		{"a-B_c.1", "A-b_C.1"}, {"", ""}, {"x", ""}, {"Ünï", "üNÏ"}, {"İ", "i"}, {"K", "k"}, {"[", "{"}, {"@", "`"}} {
		if got, want := sameKey(c[0], c[1]), key(c[0]) == key(c[1]); got != want {
			t.Errorf("sameKey(%q, %q) = %v, key()s equal: %v", c[0], c[1], got, want)
		}
	}
}
