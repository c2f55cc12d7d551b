package simulate_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/kit"
	"github.com/ramtui/ramtui/views/simulate"
)

func query(t *testing.T, p access.Principal, action, resource string, pairs ...string) simulate.Query {
	t.Helper()
	req, err := access.NewRequest(action, resource, pairs, viewtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	return simulate.Query{Principal: p, Request: req}
}

func result(t *testing.T, d *kit.Deps, q simulate.Query) *viewtest.Driver {
	t.Helper()
	return viewtest.Drive(t, simulate.NewResult(d, q, nil), 120, 40)
}

// A user is evaluated with its groups' policies: zhou.jie's group auditors denies deleting
// trails, which overrides the allow of AliyunActionTrailFullAccess from the same group. The
// Deny is the deciding statement, marked in its document; the overridden Allow is listed.
func TestUserExplicitDenyFromAGroupPolicy(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := result(t, d, query(t, access.Principal{Kind: access.User, Name: "zhou.jie"}, "actiontrail:DeleteTrail", "*"))
	dr.RequireView("EXPLICIT DENY", "groups: auditors", "Deciding (1)", "Also matched (1)",
		"Deny", "deny-actiontrail-delete", "group auditors")
	dr.Key("right") // Also matched
	dr.RequireView("AliyunActionTrailFullAccess", "Allow")
	dr.Key("right") // Documents
	dr.RequireView("deny-actiontrail-delete (Custom v1) via group auditors, deciding Statement[0] marked ▶", `▶       "Effect": "Deny"`)
	v := dr.View()
	if !strings.Contains(v, `  {`) || strings.Contains(v, `▶ {`) {
		t.Errorf("only the statement's lines are marked:\n%s", v)
	}

	// enter on the deciding statement opens the whole policy with the statement marked.
	dr.Key("left", "left")
	dr.Key("enter")
	pushed := dr.Pushed()
	if len(pushed) != 1 {
		t.Fatalf("enter pushed %d screens", len(pushed))
	}
	st := viewtest.Drive(t, pushed[0], 100, 30)
	st.RequireView("deny-actiontrail-delete (Custom v1) via group auditors", "[0] Deny, marked ▶", `▶         "actiontrail:DeleteTrail",`)
}

// A group, with a condition on acs:SourceIp: oncall may restart ECS from the office network
// only.
func TestGroupConditionOnSourceIp(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	oncall := access.Principal{Kind: access.Group, Name: "oncall"}
	dr := result(t, d, query(t, oncall, "ecs:RebootInstance", "*", "acs:SourceIp=10.1.2.3"))
	dr.RequireView("ALLOW", "acs:SourceIp=10.1.2.3", "ecs-restart-from-office", "Deciding (1)")
	dr = result(t, d, query(t, oncall, "ecs:RebootInstance", "*", "acs:SourceIp=192.0.2.1"))
	dr.RequireView("IMPLICIT DENY", "Deciding (0)", "No statement decided")
	dr.Key("right", "right")
	dr.RequireView("Implicitly denied", "No statement decided.")
}

// A role, and a session of it narrowed by a session policy; r evaluates again after a
// policy changed.
func TestRoleAndRoleSession(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	obj := "acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt"
	role := access.Principal{Kind: access.Role, Name: "oss-test-sts"}
	dr := result(t, d, query(t, role, "oss:PutObject", obj))
	dr.RequireView("ALLOW", "role oss-test-sts", "Session policy", "none", "oss-test-dir111")

	role.SessionPolicy = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`
	dr = result(t, d, query(t, role, "oss:PutObject", obj))
	dr.RequireView("IMPLICIT DENY (the role allows it, the session policy does not)", "Session policy  1 statement")
	dr.Key("right", "right")
	dr.RequireView("the role's policies allow it but the session")
	dr = result(t, d, query(t, role, "oss:GetObject", obj))
	dr.RequireView("ALLOW", "Deciding (2)") // the role's statement and the session's

	// The role loses its policy: r evaluates again and says so.
	c := d.Client()
	if err := c.DetachPolicy(context.Background(), ramclient.RolePrincipal("oss-test-sts"), "oss-test-dir111", ramclient.PolicyCustom); err != nil {
		t.Fatal(err)
	}
	dr.Key("r")
	dr.RequireView("IMPLICIT DENY")
}

// A name that does not exist is an error in place, not a decision.
func TestUnknownPrincipal(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := result(t, d, query(t, access.Principal{Kind: access.User, Name: "nobody-here"}, "oss:GetObject", "*"))
	if v := dr.View(); !strings.Contains(v, "does not exist") || strings.Contains(v, "DENY") || strings.Contains(v, "ALLOW") {
		t.Errorf("unknown user:\n%s", v)
	}
}

func typeText(dr *viewtest.Driver, s string) {
	dr.Deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

// The form, opened from a user's screen (the name filled in): enter keeps the kind and the
// name, the action is typed, a bad resource is refused in place, the context takes one pair
// a line, and submitting pushes the decision.
func TestFormFromAUser(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		f := simulate.NewForm(d, access.Principal{Kind: access.User, Name: "zhang.wei"}, nil)
		dr := viewtest.Drive(t, f, size[0], size[1])
		dr.RequireView("Simulate", "Principal", "zhang.wei")
		dr.Key("enter", "enter") // the kind (user), the name
		dr.RequireView("Action")
		typeText(dr, "ecs:Reb")
		dr.RequireView("ecs:RebootInstance") // the preview lists what completes it
		typeText(dr, "ootInstance")
		dr.Key("enter")
		// The resource: a bad one is refused by the field.
		typeText(dr, "not-an-arn")
		dr.Key("enter")
		dr.RequireView("expected an ARN")
		for range len("not-an-arn") {
			dr.Deliver(tea.KeyMsg{Type: tea.KeyBackspace})
		}
		typeText(dr, "*")
		dr.Key("enter")
		typeText(dr, "acs:SourceIp=203.0.113.9")
		dr.Deliver(tea.KeyMsg{Type: tea.KeyCtrlJ}) // a second line
		typeText(dr, "acs:SecureTransport=true")
		dr.Key("enter") // the last field: the form submits
		pushed := dr.Pushed()
		if len(pushed) != 1 {
			t.Fatalf("%dx%d: submit pushed %d screens:\n%s", size[0], size[1], len(pushed), dr.View())
		}
		res := viewtest.Drive(t, pushed[0], size[0], size[1])
		res.RequireView("ALLOW", "ecs-restart-from-office", "acs:SecureTransport")
	}
}

// A role session in the form: the session policy comes from a file (read through limits,
// parsed) or from $EDITOR (ctrl+e on that field).
func TestFormRoleSession(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	file := filepath.Join(t.TempDir(), "session.json")
	if err := os.WriteFile(file, []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	f := simulate.NewForm(d, access.Principal{Kind: access.Role, Name: "oss-test-sts"}, nil)
	dr := viewtest.Drive(t, f, 120, 40)
	dr.RequireView("> role (a session of it)")
	dr.Deliver(tea.KeyMsg{Type: tea.KeyDown}) // role session
	dr.Key("enter", "enter")
	dr.RequireView("Session policy file")

	// ctrl+e asks the root for the editor; the answer becomes the session policy.
	dr.Deliver(tea.KeyMsg{Type: tea.KeyCtrlE})
	if e := viewtest.Last[screen.EditMsg](dr); e.Name != "session-policy" || !strings.Contains(e.Doc, "oss:GetObject") {
		t.Fatalf("ctrl+e: %+v", e)
	}
	dr.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:ListObjects","Resource":"*"}]}`})
	dr.RequireView("Session policy:", "oss:ListObjects")
	// A file wins over it.
	typeText(dr, file)
	dr.Key("enter")
	typeText(dr, "oss:PutObject")
	dr.Key("enter")
	typeText(dr, "acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt")
	dr.Key("enter", "enter")
	pushed := dr.Pushed()
	if len(pushed) != 1 {
		t.Fatalf("submit pushed %d screens:\n%s", len(pushed), dr.View())
	}
	res := viewtest.Drive(t, pushed[0], 120, 40)
	res.RequireView("IMPLICIT DENY", "role oss-test-sts", "1 statement")
}

// Marked marks exactly the statement's lines.
func TestMarked(t *testing.T) {
	doc, err := policy.Parse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:B","Resource":"*"},{"Effect":"Deny","Action":"c:D","Resource":"*"}]}`, policy.Permission)
	if err != nil {
		t.Fatal(err)
	}
	out := simulate.Marked(doc, 1)
	var marked []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "▶") {
			marked = append(marked, l)
		}
	}
	if len(marked) == 0 || !strings.Contains(strings.Join(marked, "\n"), `"c:D"`) || strings.Contains(strings.Join(marked, "\n"), `"a:B"`) {
		t.Errorf("marked lines:\n%s", out)
	}
}

// A name RAM would refuse is refused by the field, before any call.
func TestFormRefusesABadNameBeforeAnyCall(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, simulate.NewForm(d, access.Principal{}, nil), 80, 24)
	calls := len(d.Client().Log().Entries())
	dr.Key("enter") // user
	typeText(dr, "周杰")
	dr.Key("enter")
	dr.RequireView("is not a RAM user name")
	if n := len(d.Client().Log().Entries()); n != calls {
		t.Errorf("%d calls made", n-calls)
	}
}

// The resource field starts empty (its placeholder says empty means every resource): an ARN
// typed into it is the resource asked about, not "*" followed by the ARN (walk5: a user typing
// an ARN got "*acs:ram::…: expected an ARN").
func TestFormTypedResourceIsTheResource(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, simulate.NewForm(d, access.Principal{Kind: access.User, Name: "devops_test"}, nil), 80, 24)
	dr.Key("enter", "enter") // the kind (user), the name
	typeText(dr, "sts:AssumeRole")
	dr.Key("enter")
	typeText(dr, "acs:ram::*:role/oss-test-sts")
	dr.Key("enter", "enter")
	pushed := dr.Pushed()
	if len(pushed) != 1 {
		t.Fatalf("submit pushed %d screens:\n%s", len(pushed), dr.View())
	}
	res := viewtest.Drive(t, pushed[0], 120, 40)
	res.RequireView("ALLOW", "acs:ram::*:role/oss-test-sts")

	// Left empty, the resource is every resource.
	dr = viewtest.Drive(t, simulate.NewForm(d, access.Principal{Kind: access.User, Name: "devops_test"}, nil), 80, 24)
	dr.Key("enter", "enter")
	typeText(dr, "sts:AssumeRole")
	dr.Key("enter", "enter", "enter")
	if pushed := dr.Pushed(); len(pushed) != 1 {
		t.Fatalf("an empty resource: submit pushed %d screens:\n%s", len(pushed), dr.View())
	}
}

// w on the decision asks who else may make the same request (issue 16: who-can from an action
// in the simulator): :whocan's answer for the simulated action, resource and context, whose
// rows open through the opener the simulator was given.
func TestWhoElseCanFromTheDecision(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	var opened []string
	open := func(kind, name string) screen.Screen { opened = append(opened, kind+" "+name); return nil }
	q := query(t, access.Principal{Kind: access.Role, Name: "oss-test-sts"}, "oss:PutObject",
		"acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt", "acs:SourceIp=10.0.0.1")
	dr := viewtest.Drive(t, simulate.NewResult(d, q, open), 160, 40)
	dr.RequireView("ALLOW")
	dr.Key("w")
	pushed := dr.Pushed()
	if len(pushed) != 1 {
		t.Fatalf("w pushed %d screens", len(pushed))
	}
	who := viewtest.Drive(t, pushed[0], 160, 40)
	who.RequireView("oss:PutObject", "acs:oss:*:*:oss-test/dir111/dir111_secondline1/a.txt", "acs:SourceIp=10.0.0.1",
		"role oss-test-sts", "devops_test", "user ops-admin", "AdministratorAccess")
	who.Key("enter")
	if len(opened) != 1 {
		t.Fatalf("enter on a who-can row opened %v", opened)
	}
}
