package ramsim

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
	osssdk "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"

	"github.com/ramtui/ramtui/ramsim/account"
)

// partnerKey issues an AccessKey for a user of the demo's partner account, once per user and
// simulator (a user has at most two keys).
func partnerKey(t *testing.T, sim *Running, user string) (id, secret string) {
	t.Helper()
	if k, ok := issued[sim][user]; ok {
		return k[0], k[1]
	}
	p := sim.AccountByID(account.PartnerAccountID)
	if p == nil {
		t.Fatalf("no partner account among %d", len(sim.Accounts()))
	}
	id, secret, err := p.IssueAccessKey(user)
	if err != nil {
		t.Fatal(err)
	}
	if issued[sim] == nil {
		issued[sim] = map[string][2]string{}
	}
	issued[sim][user] = [2]string{id, secret}
	return id, secret
}

var issued = map[*Running]map[string][2]string{} // no test here runs in parallel

func userNames(t *testing.T, c *ram.Client) []string {
	t.Helper()
	req := ram.CreateListUsersRequest()
	req.MaxItems = "1000"
	resp, err := c.ListUsers(req)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range resp.Users.User {
		out = append(out, u.UserName)
	}
	return out
}

// The demo data set hosts the demo account and its partner on one endpoint; each key is served
// by its own account, and the demo account is the first (what --demo signs in to).
func TestAccountsEachKeyIsServedByItsAccount(t *testing.T) {
	sim := startSim(t, Options{Seed: "demo"})
	hosted := sim.Accounts()
	if len(hosted) != 2 || hosted[0].Account != sim.Account() || hosted[1].Account.ID() != account.PartnerAccountID {
		t.Fatalf("accounts: %+v", hosted)
	}
	pid, psecret := hosted[1].Account.RootKey()
	demo, partner := userNames(t, ramClient(t, sim.Endpoint, rootID, rootSecret)), userNames(t, ramClient(t, sim.Endpoint, pid, psecret))
	if !slices.Contains(demo, "ops-admin") || slices.Contains(demo, "mei.lin") {
		t.Fatalf("demo account's users: %v", demo)
	}
	if !slices.Contains(partner, "mei.lin") || slices.Contains(partner, "ops-admin") {
		t.Fatalf("partner account's users: %v", partner)
	}
	c := stsClient(t, sim.Endpoint, credentials.NewStaticAKCredentialsProvider(pid, psecret))
	who, err := c.GetCallerIdentity(sts.CreateGetCallerIdentityRequest())
	if err != nil {
		t.Fatal(err)
	}
	if who.AccountId != account.PartnerAccountID || who.Arn != "acs:ram::"+account.PartnerAccountID+":root" {
		t.Fatalf("partner root is %s %s", who.AccountId, who.Arn)
	}
}

// assume calls AssumeRole through the SDK as a partner user.
func assumeAs(t *testing.T, sim *Running, user, roleARN, externalID string) (*sts.AssumeRoleResponse, error) {
	t.Helper()
	id, secret := partnerKey(t, sim, user)
	req := sts.CreateAssumeRoleRequest()
	req.RoleArn, req.RoleSessionName, req.ExternalId = roleARN, "from-partner", externalID
	return stsClient(t, sim.Endpoint, credentials.NewStaticAKCredentialsProvider(id, secret)).AssumeRole(req)
}

// A partner user whose own policy allows sts:AssumeRole on the demo's vendor-monitoring role,
// which trusts the partner account with an ExternalId, gets a session that acts inside the demo
// account.
func TestAccountsCrossAccountAssumeRoleAllowed(t *testing.T) {
	sim := startSim(t, Options{Seed: "demo"})
	demo := sim.Account().ID()
	arn := "acs:ram::" + demo + ":role/vendor-monitoring"
	resp, err := assumeAs(t, sim, "mei.lin", arn, account.PartnerExternalID)
	if err != nil {
		t.Fatal(err)
	}
	if resp.AssumedRoleUser.Arn != arn+"/from-partner" {
		t.Fatalf("AssumedRoleUser.Arn = %s", resp.AssumedRoleUser.Arn)
	}
	cr := resp.Credentials
	c := stsClient(t, sim.Endpoint, credentials.NewStaticSTSCredentialsProvider(cr.AccessKeyId, cr.AccessKeySecret, cr.SecurityToken))
	who, err := c.GetCallerIdentity(sts.CreateGetCallerIdentityRequest())
	if err != nil {
		t.Fatal(err)
	}
	if who.AccountId != demo || who.Arn != arn+"/from-partner" || who.IdentityType != "AssumedRoleUser" {
		t.Fatalf("the session is %s %s %s, want the demo account's assumed role", who.AccountId, who.Arn, who.IdentityType)
	}
}

// Each refusal names the side that is missing: the caller's own account
// (AccountLevelIdentityBasedPolicy, owner = the caller's account) or the role's trust policy
// (AssumeRolePolicy), as the service labels them.
func TestAccountsCrossAccountAssumeRoleRefusals(t *testing.T) {
	sim := startSim(t, Options{Seed: "demo"})
	demo := sim.Account().ID()
	role := func(name string) string { return "acs:ram::" + demo + ":role/" + name }
	for _, tc := range []struct {
		name, user, role, ext, policyType string
	}{
		{"no policy of his own", "tom.baker", role("vendor-monitoring"), account.PartnerExternalID, "AccountLevelIdentityBasedPolicy"},
		{"no ExternalId", "mei.lin", role("vendor-monitoring"), "", "AssumeRolePolicy"},
		{"wrong ExternalId", "mei.lin", role("vendor-monitoring"), "guessed-id", "AssumeRolePolicy"},
		{"role does not trust the partner", "vendor-admin", role("prod-admin"), "", "AssumeRolePolicy"},
		{"own policy names another role", "mei.lin", role("prod-admin"), "", "AccountLevelIdentityBasedPolicy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := assumeAs(t, sim, tc.user, tc.role, tc.ext)
			if err == nil {
				t.Fatal("allowed")
			}
			se := serverError(t, err)
			if se.ErrorCode() != "NoPermission" || !strings.Contains(se.Message(), "sts:AssumeRole") {
				t.Fatalf("%s: %s", se.ErrorCode(), se.Message())
			}
			d := se.AccessDeniedDetail()
			if d["PolicyType"] != tc.policyType || d["AuthAction"] != "sts:AssumeRole" || d["AuthPrincipalOwnerId"] != account.PartnerAccountID ||
				d["AuthPrincipalDisplayName"] != tc.user {
				t.Fatalf("AccessDeniedDetail = %v, want PolicyType %s, owner the partner account", d, tc.policyType)
			}
		})
	}
	// The partner's root may not assume roles at all; a role that does not exist is not found.
	pid, psecret := sim.AccountByID(account.PartnerAccountID).RootKey()
	req := sts.CreateAssumeRoleRequest()
	req.RoleArn, req.RoleSessionName, req.ExternalId = role("vendor-monitoring"), "root", account.PartnerExternalID
	if _, err := stsClient(t, sim.Endpoint, credentials.NewStaticAKCredentialsProvider(pid, psecret)).AssumeRole(req); err == nil ||
		serverError(t, err).ErrorCode() != "NoPermission" {
		t.Fatalf("root assumed a role: %v", err)
	}
	if _, err := assumeAs(t, sim, "mei.lin", role("ghost"), account.PartnerExternalID); err == nil ||
		serverError(t, err).ErrorCode() != "EntityNotExist.Role" {
		t.Fatalf("a missing role: %v", err)
	}
}

// A trust policy naming one user of the other account trusts that user only.
func TestAccountsTrustOfOneForeignUser(t *testing.T) {
	sim := startSim(t, Options{Seed: "demo"})
	trust := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` +
		account.PartnerAccountID + `:user/vendor-admin"]}}]}`
	if r := v1(t, sim, "CreateRole", map[string]string{"RoleName": "vendor-admin-only", "AssumeRolePolicyDocument": trust}); r.Status != 200 {
		t.Fatal(r.Raw)
	}
	arn := "acs:ram::" + sim.Account().ID() + ":role/vendor-admin-only"
	if _, err := assumeAs(t, sim, "vendor-admin", arn, ""); err != nil {
		t.Fatalf("the trusted user: %v", err)
	}
	// mei.lin's own policy does not reach this role: refused by her account, before the trust.
	if _, err := assumeAs(t, sim, "mei.lin", arn, ""); err == nil {
		t.Fatal("an untrusted user of the partner assumed it")
	}
}

// --accounts: one account per data set, the demo's partner after the demo; with --state the
// first account keeps the file and the others live beside it, each restored on restart.
func TestAccountsListAndStateFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s, err := New(Options{Accounts: []string{"demo", "empty"}, StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	var ids, seeds []string
	for _, h := range s.Accounts() {
		ids, seeds = append(ids, h.Account.ID()), append(seeds, h.Seed)
	}
	if strings.Join(seeds, ",") != "demo,partner,empty" {
		t.Fatalf("seeds %v", seeds)
	}
	if _, _, err := s.Accounts()[2].Account.IssueAccessKey("nobody"); err == nil {
		t.Fatal("the empty account has users")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := New(Options{Accounts: []string{"demo", "empty"}, StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	for i, h := range again.Accounts() {
		if !h.Loaded || h.Account.ID() != ids[i] || h.StatePath != (Options{StatePath: path}).statePath(i) {
			t.Fatalf("account %d after restart: %+v, want id %s loaded", i+1, h, ids[i])
		}
	}
	for _, bad := range [][]string{{"demo", "partner", "partner"}, {"demo", "nope"}} {
		if err := (Options{Accounts: bad}).Validate(); err == nil {
			t.Errorf("accounts %v accepted", bad)
		}
	}
}

// OSS follows the signing key's account too: each account has its own buckets.
func TestAccountsOSSFollowsTheKeysAccount(t *testing.T) {
	sim := startSim(t, Options{Seed: "demo"})
	pid, psecret := sim.AccountByID(account.PartnerAccountID).RootKey()
	for _, sv := range sigVersions {
		for _, tc := range []struct{ id, secret, owner string }{
			{rootID, rootSecret, sim.Account().ID()}, {pid, psecret, account.PartnerAccountID},
		} {
			lb, err := ossClient(sim.Endpoint, tc.id, tc.secret, "", sv.v).ListBuckets(context.Background(), &osssdk.ListBucketsRequest{})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, b := range lb.Buckets {
				names = append(names, *b.Name)
			}
			if *lb.Owner.ID != tc.owner || slices.Contains(names, "oss-test") != (tc.owner != account.PartnerAccountID) {
				t.Fatalf("%s, key of %s: buckets %v of %s", sv.name, tc.owner, names, *lb.Owner.ID)
			}
		}
	}
}
