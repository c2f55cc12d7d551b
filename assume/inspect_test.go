package assume_test

import (
	"context"
	"testing"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
)

func startDemo(t *testing.T) *ramsim.Running {
	t.Helper()
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo"}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

func clientAs(t *testing.T, sim *ramsim.Running, user string) *ramclient.Client {
	t.Helper()
	var id, secret string
	if user == "" {
		id, secret = sim.Account().RootKey()
	} else {
		var err error
		if id, secret, err = sim.Account().IssueAccessKey(user); err != nil {
			t.Fatal(err)
		}
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint,
		Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// diagnose runs the doctor the way the picker and `ramtui assume` do, then checks the verdict
// against what the simulator actually does with a real AssumeRole.
func diagnose(t *testing.T, c *ramclient.Client, role, externalID string) assume.Diagnosis {
	t.Helper()
	ctx := context.Background()
	caller, err := assume.LoadCaller(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	arn := assume.RoleARN{AccountID: caller.AccountID, RoleName: role}
	target, _, err := assume.LoadTarget(ctx, c, arn, caller.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	d := assume.Diagnose(caller, target, externalID)
	_, err = c.AssumeRole(ctx, ramclient.AssumeRoleInput{RoleArn: arn.String(), SessionName: "doctor-check", ExternalID: externalID})
	if d.Assumable != (err == nil) {
		t.Fatalf("%s: doctor says assumable=%v (%s) but AssumeRole returned %v", role, d.Assumable, d.Summary(), err)
	}
	return d
}

func TestDoctorAgreesWithTheServiceOnDemoRoles(t *testing.T) {
	sim := startDemo(t)
	admin := clientAs(t, sim, "ops-admin")
	for _, role := range []string{"ops-readonly", "prod-admin", "dev-deploy"} {
		if d := diagnose(t, admin, role, ""); !d.Assumable {
			t.Errorf("ops-admin should assume %s: %s", role, d.Explain())
		}
	}
	d := diagnose(t, admin, "security-audit", "")
	if len(d.Causes) != 1 || d.Causes[0] != assume.CauseNotTrusted {
		t.Errorf("security-audit: causes %v, want not trusted", d.Causes)
	}
	if d := diagnose(t, admin, "finance-export", ""); len(d.Causes) != 1 || d.Causes[0] != assume.CauseExternalIDRequired {
		t.Errorf("finance-export without ExternalId: %v", d.Causes)
	}
	diagnose(t, admin, "finance-export", "fin-export-2024")

	devops := clientAs(t, sim, "devops_test")
	// devops_test may not read RAM, not even its own groups: the doctor says what it could not
	// check instead of failing or guessing.
	if d := diagnose(t, devops, "oss-test-sts", ""); !d.Assumable || !d.Unknown || len(d.Unchecked) == 0 {
		t.Errorf("devops_test and oss-test-sts: %+v\n%s", d, d.Explain())
	}
}

func TestDoctorFixesWorkAgainstTheService(t *testing.T) {
	sim := startDemo(t)
	ctx := context.Background()
	admin := clientAs(t, sim, "ops-admin")
	d := diagnose(t, admin, "security-audit", "")
	for _, f := range d.Fixes {
		if f.Kind == assume.FixUpdateTrustPolicy {
			if _, err := admin.UpdateTrustPolicy(ctx, f.RoleName, f.TrustDocument); err != nil {
				t.Fatal(err)
			}
		}
	}
	if d := diagnose(t, admin, "security-audit", ""); !d.Assumable {
		t.Fatalf("after applying the trust fix: %s", d.Explain())
	}
}

func TestDoctorRootCaller(t *testing.T) {
	sim := startDemo(t)
	root := clientAs(t, sim, "")
	if d := diagnose(t, root, "ops-readonly", ""); len(d.Causes) != 1 || d.Causes[0] != assume.CauseRootCaller {
		t.Fatalf("root: %v", d.Causes)
	}
}

func TestLoadCallerForARoleSession(t *testing.T) {
	sim := startDemo(t)
	ctx := context.Background()
	admin := clientAs(t, sim, "ops-admin")
	acct := sim.Account().ID()
	creds, err := admin.AssumeRole(ctx, ramclient.AssumeRoleInput{RoleArn: "acs:ram::" + acct + ":role/ops-readonly", SessionName: "s1"})
	if err != nil {
		t.Fatal(err)
	}
	session, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: creds.Credentials()})
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	caller, err := assume.LoadCaller(ctx, session)
	if err != nil {
		t.Fatal(err)
	}
	if caller.Kind != assume.CallerRoleSession || caller.RoleName != "ops-readonly" || len(caller.Policies) == 0 {
		t.Fatalf("caller: %+v", caller)
	}
}
