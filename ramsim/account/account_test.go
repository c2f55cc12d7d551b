package account

import (
	"bytes"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// Go-level tests of the account model: what is awkward or slow to reach through the SDK.

// everyActionParams satisfies every action's validation, so a denied caller reaches the
// authorization step of each.
var everyActionParams = map[string]string{
	"UserName": "someone", "GroupName": "some-group", "RoleName": "some-role", "PolicyName": "some-policy",
	"PolicyType": "Custom", "VersionId": "v1", "UserAccessKeyId": "LTAI00000000000000000000", "Status": "Active",
	"Password": "Long-enough-1", "PolicyDocument": `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
	"AssumeRolePolicyDocument": `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1:root"]}}]}`,
	"AccountAlias":             "some-alias", "VirtualMFADeviceName": "dev1", "SerialNumber": "acs:ram::1:mfa/dev1",
	"AuthenticationCode1": "123456", "AuthenticationCode2": "654321", "NewDescription": "x",
	"ResourceType": "role", "ResourceNames": `["some-role"]`, "Tag": `[{"Key":"k","Value":"v"}]`,
	"EncodedDiagnosticMessage": "eyJBdXRoQWN0aW9uIjoicmFtOkxpc3RVc2VycyJ9", "OldPassword": "Long-enough-1", "NewPassword": "Long-enough-2",
}

func TestEveryActionIsAuthorized(t *testing.T) {
	a, _ := newTestAccount(t, "demo")
	nobody := userIdentity(t, a, "sun.yue") // developers group: ECS/Log read, OSS, CR -- nothing in RAM
	for key := range actions() {
		name := key.name
		if key.product != RAM || name == "ChangePassword" { // governed by the security preference, see TestChangePasswordPreference
			continue
		}
		_, err := invoke(t, a, nobody, name, everyActionParams)
		if err == nil || err.Code != "NoPermission" || err.Status != http.StatusForbidden || err.Denied == nil {
			t.Errorf("%s by a user without RAM permissions: %v", name, err)
			continue
		}
		if err.Denied.AuthAction != "ram:"+name {
			t.Errorf("%s: AuthAction %q", name, err.Denied.AuthAction)
		}
	}
}

func TestUnknownActionAndProduct(t *testing.T) {
	a, _ := newTestAccount(t, "empty")
	for _, req := range []Request{
		{Product: RAM, Action: "DescribeInstances"},
		{Product: STS, Action: "ListUsers"},
		{Product: RAM, Action: "AssumeRole"},
	} {
		req.Caller = a.rootIdentity()
		_, _, err := a.Invoke(req)
		if err == nil || err.Code != "InvalidAction.NotFound" || err.Status != 404 {
			t.Errorf("%s/%s: %v", req.Product, req.Action, err)
		}
	}
}

func TestChangedIsReported(t *testing.T) {
	a, _ := newTestAccount(t, "empty")
	root := a.rootIdentity()
	_, changed, err := a.Invoke(Request{Product: RAM, Action: "CreateUser", Params: map[string]string{"UserName": "u1"}, Caller: root})
	if err != nil || !changed {
		t.Fatalf("CreateUser: changed=%v err=%v", changed, err)
	}
	_, changed, _ = a.Invoke(Request{Product: RAM, Action: "GetUser", Params: map[string]string{"UserName": "u1"}, Caller: root})
	if changed {
		t.Fatal("GetUser reported a change")
	}
	_, changed, _ = a.Invoke(Request{Product: RAM, Action: "CreateUser", Params: map[string]string{"UserName": "u1"}, Caller: root})
	if changed {
		t.Fatal("a failed CreateUser reported a change")
	}
}

// Validation happens before any change: a bad later parameter leaves nothing behind.
func TestValidationBeforeChange(t *testing.T) {
	a, _ := newTestAccount(t, "empty")
	root := a.rootIdentity()
	before, _ := a.Snapshot()
	wantErr(t, a, root, "CreateUser", map[string]string{"UserName": "ok", "Email": "not-an-email"}, 400, "InvalidParameter.Email.Format")
	wantErr(t, a, root, "CreateUser", map[string]string{"UserName": "ok", "MobilePhone": "12345"}, 400, "InvalidParameter.MobilePhone.Format")
	wantErr(t, a, root, "CreateUser", map[string]string{"UserName": "ok", "DisplayName": "bad<name>"}, 400, "InvalidParameter.DisplayName.InvalidChars")
	wantErr(t, a, root, "CreateUser", map[string]string{"UserName": "ok", "Comments": strings.Repeat("c", 129)}, 400, "InvalidParameter.Comments.Length")
	wantErr(t, a, root, "CreateRole", map[string]string{"RoleName": "ok", "AssumeRolePolicyDocument": "{}"}, 400, "MalformedPolicyDocument")
	wantErr(t, a, root, "CreateRole", map[string]string{"RoleName": "bad_name", "AssumeRolePolicyDocument": "{}"}, 400, "InvalidParameter.RoleName.InvalidChars")
	wantErr(t, a, root, "CreatePolicy", map[string]string{"PolicyName": "ok", "PolicyDocument": strings.Repeat(" ", 6145)}, 400, "InvalidParameter.PolicyDocument.Length")
	wantErr(t, a, root, "CreatePolicy", map[string]string{"PolicyName": "ok.name", "PolicyDocument": "{}"}, 400, "InvalidParameter.PolicyName.InvalidChars")
	wantErr(t, a, root, "CreateGroup", map[string]string{"GroupName": "g", "Comments": strings.Repeat("c", 129)}, 400, "InvalidParameter.Comments.Length")
	wantErr(t, a, root, "CreateLoginProfile", map[string]string{"UserName": "ok", "Password": "Long-enough-1", "MFABindRequired": "maybe"}, 400, "InvalidParameter.MFABindRequired")
	wantErr(t, a, root, "CreatePolicyVersion", map[string]string{"PolicyName": "p", "PolicyDocument": everyActionParams["PolicyDocument"], "RotateStrategy": "Sometimes"}, 400, "InvalidParameter.RotateStrategy")
	after, _ := a.Snapshot()
	if !bytes.Equal(before, after) {
		t.Fatal("rejected requests changed the state")
	}
}

func TestQuotas(t *testing.T) {
	a, _ := newTestAccount(t, "empty")
	root := a.rootIdentity()
	mustCall(t, a, root, "CreateUser", map[string]string{"UserName": "q"})
	for i := range 11 {
		g := fmt.Sprintf("g%02d", i)
		mustCall(t, a, root, "CreateGroup", map[string]string{"GroupName": g})
		p := map[string]string{"GroupName": g, "UserName": "q"}
		if i < 10 {
			mustCall(t, a, root, "AddUserToGroup", p)
		} else {
			wantErr(t, a, root, "AddUserToGroup", p, 409, "LimitExceeded.User.Group")
		}
	}
	for i := range 11 {
		name := fmt.Sprintf("p%02d", i)
		mustCall(t, a, root, "CreatePolicy", map[string]string{"PolicyName": name, "PolicyDocument": everyActionParams["PolicyDocument"]})
		p := map[string]string{"PolicyType": "Custom", "PolicyName": name, "UserName": "q"}
		if i < 10 {
			mustCall(t, a, root, "AttachPolicyToUser", p)
		} else {
			wantErr(t, a, root, "AttachPolicyToUser", p, 409, "LimitExceeded.User.Policy")
		}
	}
	// System policies have their own quota of 20.
	out := mustCall(t, a, root, "ListPolicies", map[string]string{"PolicyType": "System", "MaxItems": "1000"})
	for i, p := range dig(out, "Policies", "Policy").([]any)[:21] {
		params := map[string]string{"PolicyType": "System", "PolicyName": p.(map[string]any)["PolicyName"].(string), "UserName": "q"}
		if i < 20 {
			mustCall(t, a, root, "AttachPolicyToUser", params)
		} else {
			wantErr(t, a, root, "AttachPolicyToUser", params, 409, "LimitExceeded.User.Policy")
		}
	}
}

func TestRootAndSessionsHaveNoOwnKeys(t *testing.T) {
	a, _ := newTestAccount(t, "demo")
	wantErr(t, a, a.rootIdentity(), "ListAccessKeys", nil, 400, "MissingParameter")
	ops := userIdentity(t, a, "ops-admin")
	out := mustCall(t, a, ops, "AssumeRole", map[string]string{"RoleArn": roleARN(a.ID(), "prod-admin"), "RoleSessionName": "keys"})
	sess, _ := a.Credential(dig(out, "Credentials", "AccessKeyId").(string))
	wantErr(t, a, sess.Identity, "CreateAccessKey", nil, 400, "MissingParameter")
	mustCall(t, a, sess.Identity, "ListAccessKeys", map[string]string{"UserName": "ops-admin"})
}

func TestKeyLastUsedAndInactiveKeys(t *testing.T) {
	a, clk := newTestAccount(t, "demo")
	id, _, err := a.IssueAccessKey("ops-admin")
	if err != nil {
		t.Fatal(err)
	}
	a.RecordKeyUse(id, clk.t.Add(-time.Hour))
	out := mustCall(t, a, a.rootIdentity(), "GetAccessKeyLastUsed", map[string]string{"UserName": "ops-admin", "UserAccessKeyId": id})
	if got, want := dig(out, "AccessKeyLastUsed", "LastUsedDate"), clk.t.Add(-time.Hour).Format(timeFormat); got != want {
		t.Fatalf("LastUsedDate = %v, want %s", got, want)
	}
	mustCall(t, a, a.rootIdentity(), "UpdateAccessKey", map[string]string{"UserName": "ops-admin", "UserAccessKeyId": id, "Status": "Inactive"})
	if cred, _ := a.Credential(id); cred.Active {
		t.Fatal("Credential reports an inactive key as active")
	}
	if _, _, err := a.IssueAccessKey("ops-admin"); err != nil {
		t.Fatalf("second key for ops-admin: %v", err)
	}
	if _, _, err := a.IssueAccessKey("ops-admin"); err == nil {
		t.Fatal("a third key was issued")
	}
	if _, err := a.Credential("LTAI-nope"); err == nil || err.Code != "InvalidAccessKeyId.NotFound" {
		t.Fatalf("unknown key: %v", err)
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	a, clk := newTestAccount(t, "demo")
	ops := userIdentity(t, a, "ops-admin")
	out := mustCall(t, a, ops, "AssumeRole", map[string]string{"RoleArn": roleARN(a.ID(), "ops-readonly"), "RoleSessionName": "snap",
		"Policy": `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:List*","Resource":"*"}]}`})
	stsID := dig(out, "Credentials", "AccessKeyId").(string)

	snap, err := a.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := New(Options{Seed: "empty", Clock: clk.now})
	if err := b.Restore(snap); err != nil {
		t.Fatal(err)
	}
	again, _ := b.Snapshot()
	if !bytes.Equal(snap, again) {
		t.Fatal("Snapshot -> Restore -> Snapshot is not identical")
	}
	if b.ID() != a.ID() {
		t.Fatal("account id not restored")
	}
	// Restored credentials and sessions (with their session policy) still work.
	cred, e := b.Credential(stsID)
	if e != nil || cred.Identity.RoleName != "ops-readonly" {
		t.Fatalf("restored session: %+v %v", cred, e)
	}
	mustCall(t, b, cred.Identity, "ListUsers", nil)
	wantErr(t, b, cred.Identity, "GetUser", map[string]string{"UserName": "ops-admin"}, 403, "NoPermission")
	mustCall(t, b, ops, "CreateUser", map[string]string{"UserName": "after-restore"})

	for _, bad := range []string{``, `{}`, `{"format":"ramsim-account/999"}`, `not json`} {
		if err := b.Restore([]byte(bad)); err == nil {
			t.Errorf("Restore(%q) succeeded", bad)
		}
	}
	if again2, _ := b.Snapshot(); bytes.Equal(again2, snap) {
		t.Fatal("state did not change after CreateUser") // sanity: b is still usable and live
	}
}

func TestSnapshotRoundTripScale(t *testing.T) {
	a, clk := newTestAccount(t, "scale:300")
	snap, _ := a.Snapshot()
	b, _ := New(Options{Seed: "empty", Clock: clk.now})
	if err := b.Restore(snap); err != nil {
		t.Fatal(err)
	}
	again, _ := b.Snapshot()
	if !bytes.Equal(snap, again) {
		t.Fatal("scale snapshot does not round-trip")
	}
}

func TestSeedOptions(t *testing.T) {
	a, err := New(Options{Seed: "empty", RootKeyID: "LTAIrootrootrootroot1234", RootKeySecret: "s3cr3t"})
	if err != nil {
		t.Fatal(err)
	}
	if id, secret := a.RootKey(); id != "LTAIrootrootrootroot1234" || secret != "s3cr3t" {
		t.Fatalf("root key %s", id)
	}
	if len(a.ID()) != 16 {
		t.Fatalf("account id %q", a.ID())
	}
	for _, bad := range []string{"nonsense", "scale:", "scale:-1", "scale:x"} {
		if _, err := New(Options{Seed: bad}); err == nil {
			t.Errorf("seed %q accepted", bad)
		}
	}
	// scale:N names users with five digits, more when N needs them.
	s, _ := New(Options{Seed: "scale:12"})
	if s.s.user("user00012") == nil || len(s.s.Roles) != 1 || len(s.s.Users) != 12 {
		t.Fatalf("scale:12: %d users, %d roles", len(s.s.Users), len(s.s.Roles))
	}
}

func TestDemoIsDeterministic(t *testing.T) {
	names := func() string {
		a, _ := newTestAccount(t, "demo")
		var all []string
		for k := range a.s.Users {
			all = append(all, "u:"+k)
		}
		for k := range a.s.Groups {
			all = append(all, "g:"+k)
		}
		for k, r := range a.s.Roles {
			all = append(all, "r:"+k+fmt.Sprint(len(r.Attached)))
		}
		for k, p := range a.s.Policies {
			all = append(all, "p:"+k+p.DefaultVersion+fmt.Sprint(p.Attachments))
		}
		sort.Strings(all)
		return strings.Join(all, ",")
	}
	if names() != names() {
		t.Fatal("demo data set differs between runs")
	}
	a, clk := newTestAccount(t, "demo")
	var oldKey, inactive bool
	for _, u := range a.s.Users {
		for _, k := range u.Keys {
			oldKey = oldKey || clk.t.Sub(k.Created) > 400*24*time.Hour
			inactive = inactive || !k.Active
		}
	}
	if !oldKey || !inactive {
		t.Fatalf("demo keys: older than 400 days %v, inactive %v", oldKey, inactive)
	}
	if n := len(a.s.user("ops-admin").Keys); n > 1 {
		t.Fatalf("ops-admin has %d keys; IssueAccessKey must be able to add one", n)
	}
}

// TestConcurrentUse runs readers, writers, AssumeRole and snapshots together (run with -race).
func TestConcurrentUse(t *testing.T) {
	a, _ := newTestAccount(t, "demo")
	root := a.rootIdentity()
	ops := userIdentity(t, a, "ops-admin")
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				name := fmt.Sprintf("c%d-%d", w, i)
				a.Invoke(Request{Product: RAM, Action: "CreateUser", Params: map[string]string{"UserName": name}, Caller: root})
				a.Invoke(Request{Product: RAM, Action: "ListUsers", Caller: ops})
				a.Invoke(Request{Product: STS, Action: "AssumeRole", Caller: ops, Params: map[string]string{
					"RoleArn": roleARN(a.ID(), "ops-readonly"), "RoleSessionName": name}})
				a.RecordKeyUse(ops.AccessKeyID, time.Now())
				a.Credential(ops.AccessKeyID)
				if i%10 == 0 {
					a.Snapshot()
				}
			}
		}()
	}
	wg.Wait()
	if n := len(a.s.Users); n != 21+200 {
		t.Fatalf("%d users after concurrent creates", n)
	}
}

// TestScaleSeed checks the shape of scale:10000 (its speed: BenchmarkNewScale10000).
func TestScaleSeed(t *testing.T) {
	a, err := New(Options{Seed: "scale:10000"})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.s.Users) != 10000 || len(a.s.Roles) != 1000 {
		t.Fatalf("scale:10000: %d users, %d roles", len(a.s.Users), len(a.s.Roles))
	}
}

func BenchmarkNewScale10000(b *testing.B) {
	for b.Loop() {
		if _, err := New(Options{Seed: "scale:10000"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAuthorizedListUsers(b *testing.B) {
	a, err := New(Options{Seed: "scale:10000"})
	if err != nil {
		b.Fatal(err)
	}
	id, _, _ := a.IssueAccessKey("user00004") // ReadOnlyAccess
	cred, _ := a.Credential(id)
	req := Request{Product: RAM, Action: "ListUsers", Params: map[string]string{"MaxItems": "100"}, Caller: cred.Identity}
	for b.Loop() {
		if _, _, err := a.Invoke(req); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDemoDatesAreCoherent: nothing is joined, attached or used before it exists, and nothing
// lies in the future.
func TestDemoDatesAreCoherent(t *testing.T) {
	a, clk := newTestAccount(t, "demo")
	s := a.s
	check := func(what string, at, after time.Time) {
		if at.Before(after) || at.After(clk.t) {
			t.Errorf("%s at %v (must be between %v and now)", what, at, after)
		}
	}
	for _, u := range s.Users {
		check("user "+u.Name+" updated", u.Updated, u.Created)
		for _, m := range u.Groups {
			check(u.Name+" joined "+m.Group, m.Joined, s.group(m.Group).Created)
			check(u.Name+" joined "+m.Group, m.Joined, u.Created)
		}
		for _, k := range u.Keys {
			check(u.Name+" key", k.Created, u.Created)
			if !k.LastUsed.IsZero() {
				check(u.Name+" key last used", k.LastUsed, k.Created)
			}
		}
		for _, at := range u.Attached {
			check(u.Name+" attached "+at.Name, at.Attached, u.Created)
		}
	}
	for _, g := range s.Groups {
		for _, at := range g.Attached {
			check(g.Name+" attached "+at.Name, at.Attached, s.policy(at.Name).Created)
		}
	}
	for _, r := range s.Roles {
		for _, at := range r.Attached {
			check(r.Name+" attached "+at.Name, at.Attached, s.policy(at.Name).Created)
		}
	}
	if oldest := clk.t.AddDate(-3, 0, -1); s.user("ops-admin").Created.Before(oldest) {
		t.Errorf("demo dates reach back more than 3 years")
	}
}
