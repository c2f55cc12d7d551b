package account

import (
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
		var names []string
		for _, u := range resp.(struct {
			page
			Users usersList `json:"Users"`
		}).Users.User {
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
