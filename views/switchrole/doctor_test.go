package switchrole

import (
	"context"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// submitExpectingDoctor submits the form for a role and returns the doctor it opens.
func submitExpectingDoctor(t *testing.T, e *switchEnv, role string, w, h int) *driver {
	t.Helper()
	dr, _ := openForm(t, e, role, 120, 40)
	dr.Key("enter")
	p := dr.Pushed()
	if len(p) != 1 {
		t.Fatalf("a refused AssumeRole pushed %v; flashes %v", p, dr.Flashes())
	}
	doc, ok := p[0].(*switchDoctor)
	if !ok {
		t.Fatalf("pushed %T, want the doctor", p[0])
	}
	return drive(t, doc, w, h)
}

func TestDoctorFixesTrustAndRechecks(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr := submitExpectingDoctor(t, e, "security-audit", 120, 40)
	dr.RequireView("AssumeRole said: AssumeRole: NoPermission", "✗ The role's trust policy does not trust the caller.",
		"1. add acs:ram::"+e.acct+":user/ops-admin to the trust policy of role", "security-audit")
	viewtest.Fits(t, dr.View(), 120, 40)

	// enter asks first, naming exactly what changes; nothing changes before yes.
	dr.Key("enter")
	q := viewtest.All[screen.ConfirmMsg](dr)
	if len(q) != 1 || q[0].Question != "Change the trust policy of role security-audit?" ||
		!strings.Contains(strings.Join(q[0].Details, "\n"), "acs:ram::"+e.acct+":user/ops-admin") {
		t.Fatalf("enter asked %+v", q)
	}
	role, _ := e.d.Client().GetRole(context.Background(), "security-audit")
	if strings.Contains(role.TrustPolicy, "ops-admin") {
		t.Fatal("trust policy changed before the answer")
	}
	dr.Run(q[0].OnYes) // the root runs OnYes only on an explicit yes
	doc := dr.S.(*switchDoctor)
	if !doc.diagOK || !doc.diag.Assumable {
		t.Fatalf("after the fix: %s", doc.diag.Explain())
	}
	dr.RequireView("✓ applied: add acs:ram::", "The caller may assume this role.")
	if f := dr.Flashes(); !strings.Contains(strings.Join(f, "|"), "may now assume security-audit") {
		t.Errorf("flashes %v", f)
	}
	// And the service agrees.
	if _, err := e.d.Client().AssumeRole(context.Background(), ramclient.AssumeRoleInput{RoleArn: e.arn("security-audit"), SessionName: "check"}); err != nil {
		t.Fatalf("AssumeRole after the fix: %v", err)
	}
}

func TestDoctorNamesTheMissingStatementAndAttachesAScopedPolicy(t *testing.T) {
	// li.na lacks sts:AssumeRole; the fix is applied by an admin, so sign in as li.na to see
	// the diagnosis and let ops-admin apply it through the same screen.
	e := newSwitchEnv(t, "li.na")
	dr := submitExpectingDoctor(t, e, "prod-admin", 80, 24)
	dr.RequireView("✗ The caller lacks sts:AssumeRole on the role.", `"Action": ["sts:AssumeRole"]`)
	viewtest.Fits(t, dr.View(), 80, 24)
	doc := dr.S.(*switchDoctor)
	if f := doc.diag.Fixes; len(f) != 2 || f[0].PolicyName != "AssumeRole-prod-admin" || f[1].PolicyName != "AliyunSTSAssumeRoleAccess" {
		t.Fatalf("fixes %+v", f)
	}
	golden(t, "doctor_80x24", dr.View(), e.acct)

	// li.na may not change RAM: applying fails with a clear error and nothing changes.
	dr.Key("enter")
	q := viewtest.All[screen.ConfirmMsg](dr)
	dr.Run(q[0].OnYes)
	if f := dr.Flashes(); len(f) == 0 || !strings.Contains(f[len(f)-1], "Fix not applied") || !strings.Contains(f[len(f)-1], "NoPermission") {
		t.Fatalf("flashes %v", f)
	}

	// An admin's doctor applies the scoped policy, and li.na can then assume prod-admin.
	admin := viewtest.DepsAs(t, e.sim, "ops-admin")
	adminDoc := newSwitchDoctor(admin, admin.Client(), &e.cfg, doc.caller, true, doc.target, "", nil)
	ad := drive(t, adminDoc, 120, 40)
	ad.Key("enter")
	ad.Run(viewtest.All[screen.ConfirmMsg](ad)[0].OnYes)
	if _, err := e.d.Client().AssumeRole(context.Background(), ramclient.AssumeRoleInput{RoleArn: e.arn("prod-admin"), SessionName: "li.na"}); err != nil {
		t.Fatalf("li.na after the fix: %v", err)
	}
	pols, _ := admin.Client().PoliciesFor(context.Background(), ramclient.UserPrincipal("li.na"))
	var names []string
	for _, p := range pols {
		names = append(names, p.PolicyName)
	}
	if !strings.Contains(strings.Join(names, ","), "AssumeRole-prod-admin") {
		t.Errorf("li.na's policies: %v", names)
	}
}

func TestDoctorReadOnlyModeAppliesNothing(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	km := keymap.Default()
	km.SetReadOnly(true)
	e.d.Keys = km
	dr := submitExpectingDoctor(t, e, "security-audit", 120, 40)
	dr.RequireView("read-only mode: not applied")
	dr.Key("enter")
	if len(viewtest.All[screen.ConfirmMsg](dr)) != 0 {
		t.Fatal("read-only mode asked to apply a fix")
	}
}

func TestDoctorFromPickerExternalID(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	pk := drive(t, NewSwitchPicker(e.d, e.cfg), 120, 40)
	pk.S.(screen.Filterable).SetFilter("finance-export")
	pk.Key("d")
	p := pk.Pushed()
	if len(p) != 1 {
		t.Fatalf("d pushed %v", p)
	}
	dr := drive(t, p[0], 120, 40)
	dr.RequireView("✗ The role requires an ExternalId.")
}
