package ramsim

import (
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"

	"github.com/ramtui/ramtui/ramsim/account"
)

// --flow-control: each action of each account has its own budget, as on the real service. At
// half a call a second the budget is one call, refilled after 2 s: the second ListUsers of the
// demo account is refused with the gateway's Throttling.User, while another action and the
// other account's ListUsers still pass.
func TestFlowControlPerActionPerAccount(t *testing.T) {
	sim := startSim(t, Options{Seed: "demo", FlowControl: 0.5})
	demo := ramClient(t, sim.Endpoint, rootID, rootSecret)
	pid, psecret := sim.Accounts()[1].Account.RootKey()
	partner := ramClient(t, sim.Endpoint, pid, psecret)
	listUsers := func(c *ram.Client) error {
		_, err := c.ListUsers(ram.CreateListUsersRequest())
		return err
	}
	if err := listUsers(demo); err != nil {
		t.Fatalf("first ListUsers: %v", err)
	}
	se := serverError(t, listUsers(demo))
	if se.HttpStatus() != 400 || se.ErrorCode() != "Throttling.User" || se.Message() != "Request was denied due to user flow control." {
		t.Fatalf("second ListUsers: %d %s %s", se.HttpStatus(), se.ErrorCode(), se.Message())
	}
	if _, err := demo.ListRoles(ram.CreateListRolesRequest()); err != nil {
		t.Fatalf("ListRoles has a budget of its own: %v", err)
	}
	if err := listUsers(partner); err != nil {
		t.Fatalf("the partner account has a budget of its own: %v", err)
	}
}

// The bucket refills at the rate and holds one second's calls: a client keeping to the rate is
// never refused, a burst above one second's worth is.
func TestFlowControlRefills(t *testing.T) {
	f := newFlowControl(10)
	k := flowKey{product: account.RAM, action: "ListAccessKeys"}
	t0 := time.Now()
	for i := range 10 {
		if !f.allow(k, t0) {
			t.Fatalf("call %d of the first second's 10 refused", i+1)
		}
	}
	if f.allow(k, t0) {
		t.Fatal("an 11th call in the same instant passed")
	}
	for i := 1; i <= 100; i++ { // ten seconds at exactly the rate
		if !f.allow(k, t0.Add(time.Duration(i)*100*time.Millisecond)) {
			t.Fatalf("call at %d00ms refused although the client keeps to 10 a second", i)
		}
	}
	if newFlowControl(0) != nil || !(*flowControl)(nil).allow(k, t0) {
		t.Fatal("flow control 0 is not off")
	}
}

func TestFlowControlOptionValidated(t *testing.T) {
	for _, v := range []float64{-1, 2e9} {
		if err := (Options{FlowControl: v}).Validate(); err == nil {
			t.Errorf("FlowControl %v accepted", v)
		}
	}
}
