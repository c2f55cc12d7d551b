package ramclient

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ramsim"
)

func trustAccount(acct string) string {
	return fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::%s:root"]}}]}`, acct)
}

func TestRolesLifecycle(t *testing.T) {
	sim, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	acct := sim.Account().ID()

	r, err := c.CreateRole(ctx, NewRole{RoleName: "ci-runner", TrustPolicy: trustAccount(acct), Description: "CI", MaxSessionDuration: 2 * time.Hour})
	mustOK(t, err)
	if r.Arn != "acs:ram::"+acct+":role/ci-runner" || r.MaxSessionDuration != 2*time.Hour || r.RoleID == "" {
		t.Fatalf("role = %+v", r)
	}
	if _, err := c.CreateRole(ctx, NewRole{RoleName: "ci-runner", TrustPolicy: trustAccount(acct)}); !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("duplicate: %v", err)
	}
	newTrust := strings.Replace(trustAccount(acct), ":root", ":user/ops-admin", 1)
	up, err := c.UpdateTrustPolicy(ctx, "ci-runner", newTrust)
	mustOK(t, err)
	if !strings.Contains(up.TrustPolicy, "user/ops-admin") {
		t.Fatalf("trust = %s", up.TrustPolicy)
	}
	up, err = c.UpdateRole(ctx, "ci-runner", RoleUpdate{Description: "CI runners", MaxSessionDuration: 3 * time.Hour})
	mustOK(t, err)
	if up.Description != "CI runners" || up.MaxSessionDuration != 3*time.Hour {
		t.Fatalf("updated = %+v", up)
	}
	mustOK(t, c.AttachPolicy(ctx, RolePrincipal("ci-runner"), "ReadOnlyAccess", PolicySystem))
	d, err := c.RoleDetail(ctx, "ci-runner")
	mustOK(t, err)
	if d.Role.RoleName != "ci-runner" || len(d.Policies) != 1 || d.Policies[0].PolicyName != "ReadOnlyAccess" || d.Policies[0].AttachDate.IsZero() {
		t.Fatalf("detail = %+v", d)
	}
	wantKind(t, c.DeleteRole(ctx, "ci-runner"), KindConflict)
	mustOK(t, c.DetachPolicy(ctx, RolePrincipal("ci-runner"), "ReadOnlyAccess", PolicySystem))
	mustOK(t, c.DeleteRole(ctx, "ci-runner"))

	all, err := c.AllRoles(ctx)
	mustOK(t, err)
	if len(all) == 0 {
		t.Fatal("no roles in demo")
	}
}

func TestRoleValidationBeforeCall(t *testing.T) {
	_, c := startSim(t, ramsim.Options{Seed: "demo"})
	ctx := ctxT(t)
	before := sentCalls(c)
	for _, in := range []NewRole{
		{RoleName: "bad name", TrustPolicy: trustAccount("1")},
		{RoleName: "ok", TrustPolicy: `{"Version":"1",`},
		{RoleName: "ok", TrustPolicy: `[]`},
		{RoleName: "ok", TrustPolicy: trustAccount("1"), MaxSessionDuration: time.Minute},
		{RoleName: strings.Repeat("r", 65), TrustPolicy: trustAccount("1")},
	} {
		wantKind(t, func() error { _, err := c.CreateRole(ctx, in); return err }(), KindInvalidInput)
	}
	if n := sentCalls(c); n != before {
		t.Fatalf("validation failures reached the API: %d calls", n-before)
	}
}
