package account_test

import (
	"fmt"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// TestSDKPagination walks 2,500 users with the SDK at MaxItems 1000 and 100: every user exactly
// once, in order, IsTruncated true until the last page.
func TestSDKPagination(t *testing.T) {
	e := startSim(t, "scale:2500")
	c := e.rootRAM(t)
	for _, pageSize := range []int{1000, 100} {
		t.Run(fmt.Sprint(pageSize), func(t *testing.T) {
			var names []string
			marker, pages := "", 0
			for {
				req := ram.CreateListUsersRequest()
				req.MaxItems, req.Marker = requests.NewInteger(pageSize), marker
				resp := must(c.ListUsers(req))(t)
				pages++
				if len(resp.Users.User) > pageSize {
					t.Fatalf("page %d has %d users", pages, len(resp.Users.User))
				}
				for _, u := range resp.Users.User {
					names = append(names, u.UserName)
				}
				if !resp.IsTruncated {
					break
				}
				if resp.Marker == "" {
					t.Fatal("IsTruncated without a Marker")
				}
				marker = resp.Marker
			}
			if want := (2500 + pageSize - 1) / pageSize; pages != want {
				t.Fatalf("%d pages, want %d", pages, want)
			}
			if len(names) != 2500 {
				t.Fatalf("%d users, want 2500", len(names))
			}
			for i, n := range names {
				if want := fmt.Sprintf("user%05d", i+1); n != want {
					t.Fatalf("user #%d is %s, want %s", i, n, want)
				}
			}
		})
	}

	// Other lists page the same way; out-of-range MaxItems and foreign markers are rejected.
	lr := ram.CreateListRolesRequest()
	lr.MaxItems = requests.NewInteger(200)
	if r := must(c.ListRoles(lr))(t); len(r.Roles.Role) != 200 || !r.IsTruncated {
		t.Fatalf("ListRoles: %d roles, truncated %v", len(r.Roles.Role), r.IsTruncated)
	}
	lr.Marker = r0(t, c)
	if r := must(c.ListRoles(lr))(t); len(r.Roles.Role) != 50 || r.IsTruncated {
		t.Fatalf("ListRoles page 2: %d roles, truncated %v", len(r.Roles.Role), r.IsTruncated)
	}
	lp := ram.CreateListPoliciesRequest()
	lp.PolicyType, lp.MaxItems = "Custom", requests.NewInteger(1000)
	if p := must(c.ListPolicies(lp))(t); len(p.Policies.Policy) != 500 || p.IsTruncated {
		t.Fatalf("ListPolicies Custom: %d, truncated %v", len(p.Policies.Policy), p.IsTruncated)
	}
	lug := ram.CreateListUsersForGroupRequest()
	lug.GroupName, lug.MaxItems = "group00001", requests.NewInteger(10)
	if u := must(c.ListUsersForGroup(lug))(t); len(u.Users.User) != 10 || !u.IsTruncated {
		t.Fatalf("ListUsersForGroup: %d, truncated %v", len(u.Users.User), u.IsTruncated)
	}
	for _, n := range []int{0, 1001} {
		req := ram.CreateListUsersRequest()
		req.MaxItems = requests.NewInteger(n)
		_, err := c.ListUsers(req)
		wantCode(t, err, 400, "InvalidParameter.MaxItems")
	}
	req := ram.CreateListUsersRequest()
	req.Marker = "not a marker!"
	_, err := c.ListUsers(req)
	wantCode(t, err, 400, "InvalidParameter.Marker")
}

// r0 is the marker after the first 200 roles.
func r0(t *testing.T, c *ram.Client) string {
	req := ram.CreateListRolesRequest()
	req.MaxItems = requests.NewInteger(200)
	return must(c.ListRoles(req))(t).Marker
}
