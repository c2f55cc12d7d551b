package details

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/kit"
)

func TestUserDetailSectionsAndLinks(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUser(d, "zhang.wei"), 120, 30)
	dr.RequireView("张伟", "Groups (2)", "ops", "Console login", "MFA required", "bound")
	dr.Key("enter") // the first group
	if p := dr.Pushed(); len(p) != 1 || !strings.HasPrefix(p[0].Title(), "group ") {
		t.Fatalf("enter pushed %v", p)
	}
	dr.Key("l", "l") // AccessKeys
	dr.RequireView("ACCESSKEY ID", "Active")
}

func TestRoleDetailWhoCanAssume(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRole(d, "finance-export"), 120, 30)
	dr.RequireView("acs:ram::", ":role/finance-export", "Who can assume this role", "with the right ExternalId")
	dr.Key("l")
	dr.RequireView(`"Statement"`, `"sts:ExternalId"`)
}

func TestPolicyDetailVersionsAndAttachments(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewPolicy(d, "ci-deploy", ramclient.PolicyCustom), 120, 30)
	dr.RequireView(`"Version"`, `"Statement"`, "Versions (5)")
	dr.Key("l", "j", "enter")
	if p := dr.Pushed(); len(p) != 1 || !strings.HasPrefix(p[0].Title(), "ci-deploy v") {
		t.Fatalf("enter on a version pushed %v", p)
	}
}

func TestTrustSummary(t *testing.T) {
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
	  "Principal":{"RAM":["acs:ram::1234567890123456:user/ops-admin","acs:ram::1234567890123456:root"]},
	  "Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]}`
	if got := TrustSummary(doc); got != "ops-admin(ExtId), acct 1234…(ExtId)" {
		t.Fatalf("got %q", got)
	}
	// The role's own account is said so (as "acct 1234…" it looked like another account).
	if got := trustSummaryIn(doc, "1234567890123456"); got != "ops-admin(ExtId), this account(ExtId)" {
		t.Fatalf("own account: %q", got)
	}
	if got := trustSummaryIn(doc, "1357924680135792"); got != "ops-admin(ExtId), acct 1234…(ExtId)" {
		t.Fatalf("another account: %q", got)
	}
	if got := TrustSummary(`{"Statement":{"Effect":"Allow","Principal":{"Service":"ecs.aliyuncs.com"}}}`); got != "service ecs" {
		t.Fatalf("single statement: %q", got)
	}
	if got := TrustSummary("not json"); !strings.Contains(got, "unreadable") {
		t.Fatalf("bad doc: %q", got)
	}
	_ = errors.New
}

func TestDetachPolicyConfirmsThenRefreshes(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUser(d, "zhang.wei"), 120, 30)
	dr.Key("l") // Policies
	dr.RequireView("assume-ops-roles", "Policies (1)")
	dr.Key("x")
	confirm := viewtest.Last[screen.ConfirmMsg](dr)
	if !strings.Contains(confirm.Question, "Detach 1 policy from user zhang.wei") ||
		len(confirm.Details) != 1 || !strings.Contains(confirm.Details[0], "assume-ops-roles (Custom)") {
		t.Fatalf("question does not name the change: %+v", confirm)
	}
	ps, _ := d.Client().PoliciesFor(context.Background(), ramclient.UserPrincipal("zhang.wei"))
	if len(ps) != 1 {
		t.Fatal("detached before the answer")
	}
	dr.Run(confirm.OnYes) // the user said y
	ps, _ = d.Client().PoliciesFor(context.Background(), ramclient.UserPrincipal("zhang.wei"))
	if len(ps) != 0 {
		t.Fatalf("still attached: %v", ps)
	}
	if f := dr.Flashes(); len(f) == 0 || f[len(f)-1] != "Detached from user zhang.wei: 1." { // was "Detached: 1."
		t.Errorf("flashed %q", f)
	}
	dr.RequireView("Policies (0)")
}

func TestAttachPoliciesFromTheGroupScreen(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	g := viewtest.Drive(t, NewGroup(d, "finance"), 120, 30)
	g.Key("l", "a") // the Policies section (a on Members adds members)
	p := g.Pushed()
	if len(p) != 1 || !strings.HasPrefix(p[0].Title(), "Attach to group finance") {
		t.Fatalf("a pushed %v", p)
	}
	at := viewtest.Drive(t, p[0], 120, 30)
	at.RequireView("AliyunBSSReadOnlyAccess", "attached")
	at.S.(screen.Filterable).SetFilter("billing-export")
	at.Key("enter")
	confirm := viewtest.Last[screen.ConfirmMsg](at)
	if confirm.Question != "Attach 1 policy to group finance?" || confirm.Details[0] != "billing-export (Custom)" {
		t.Fatalf("confirm %+v", confirm)
	}
	at.Others = nil
	at.Run(confirm.OnYes)
	var reload, popped bool
	for _, m := range at.Others {
		switch m.(type) {
		case kit.ReloadMsg: // the driver unwraps results addressed to other screens
			reload = true
		case screen.PopMsg:
			popped = true
		}
	}
	if !reload || !popped {
		t.Fatalf("after attaching: reload=%v pop=%v (%v)", reload, popped, at.Others)
	}
	g.Deliver(kit.ReloadMsg{})
	g.RequireView("billing-export")
}

func TestAttachPolicyToPrincipalsAndDetach(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	p := viewtest.Drive(t, NewPolicy(d, "legacy-unused", ramclient.PolicyCustom), 120, 30)
	p.RequireView("Attached to (0)")
	p.Key("a")
	pushed := p.Pushed()
	if len(pushed) != 1 {
		t.Fatalf("a pushed %v", pushed)
	}
	at := viewtest.Drive(t, pushed[0], 120, 30)
	at.RequireView("zhang.wei", "finance", "ack-rrsa-logging")
	at.S.(screen.Filterable).SetFilter("ops-readonly")
	at.Key("enter")
	confirm := viewtest.Last[screen.ConfirmMsg](at)
	if confirm.Question != "Attach legacy-unused (Custom) to 1 principal?" || confirm.Details[0] != "role ops-readonly" {
		t.Fatalf("confirm %+v", confirm)
	}
	at.Run(confirm.OnYes)
	p.Deliver(kit.ReloadMsg{})
	p.Key("l", "l")
	p.RequireView("Attached to (1)", "ops-readonly")
	p.Others = nil
	p.Key("x")
	for _, m := range p.Others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			confirm = c
		}
	}
	if confirm.Question != "Detach policy legacy-unused from 1 principal?" {
		t.Fatalf("confirm %+v", confirm)
	}
	p.Run(confirm.OnYes)
	p.RequireView("Attached to (0)")
}

func TestEditTrustPolicyAfterTheEditor(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRole(d, "ops-readonly"), 120, 30)
	role, err := d.Client().GetRole(context.Background(), "ops-readonly")
	if err != nil {
		t.Fatal(err)
	}
	// What the editor saved (tea.ExecProcess cannot run in this synchronous driver).
	doc := strings.Replace(role.TrustPolicy, ":user/ops-admin", ":user/zhang.wei", 1)
	dr.Deliver(screen.EditedMsg{Text: kit.PrettyJSON(role.TrustPolicy)}) // saved unchanged
	dr.Deliver(screen.EditedMsg{Text: doc})
	var confirms []screen.ConfirmMsg
	for _, m := range dr.Others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			confirms = append(confirms, c)
		}
	}
	if len(confirms) != 1 || !strings.Contains(strings.Join(confirms[0].Details, "\n"), "RAM user zhang.wei") {
		t.Fatalf("an unchanged document must not ask; the changed one must say who can assume: %+v", confirms)
	}
	dr.Run(confirms[0].OnYes)
	dr.RequireView("RAM user zhang.wei")
	dr.Others = nil
	dr.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}`})
	// Refused before any question about the account: only whether to edit it again.
	if ask := viewtest.Last[screen.ConfirmMsg](dr); !ask.Local || !strings.HasSuffix(ask.Question, "Edit it again?") ||
		!strings.Contains(strings.Join(ask.Details, " "), "Principal") {
		t.Fatalf("a trust policy without Principal was not refused: %+v", ask)
	}
}

func TestNewPolicyVersionAfterTheEditor(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewPolicy(d, "billing-export", ramclient.PolicyCustom), 120, 30)
	pd, err := d.Client().PolicyDetail(context.Background(), "billing-export", ramclient.PolicyCustom)
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Replace(pd.Policy.Document, `"Allow"`, `"Deny"`, 1)
	dr.Deliver(screen.EditedMsg{Text: doc})
	for _, m := range dr.Others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			dr.Run(c.OnYes)
		}
	}
	dr.RequireView(`"Deny"`, "Versions (2)")
}

func TestNewAccessKeySecretMaskedUntilRevealed(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUser(d, "li.na"), 120, 30)
	dr.Key("l", "l", "n")
	confirm := viewtest.Last[screen.ConfirmMsg](dr)
	if confirm.Question != "Create a new AccessKey for user li.na?" {
		t.Fatalf("confirm %+v", confirm)
	}
	dr.Others = nil
	dr.Run(confirm.OnYes)
	p := dr.Pushed()
	if len(p) != 1 {
		t.Fatalf("pushed %v", p)
	}
	dr.RequireView("AccessKeys (1)")
	ks := viewtest.Drive(t, p[0], 120, 30)
	secret := ks.S.(*newKeyScreen).key.Secret
	if secret == "" || strings.Contains(ks.View(), secret) {
		t.Fatal("the secret is shown before v")
	}
	ks.RequireView("LTAI", "v reveals", "never shows it again")
	ks.Key("v")
	ks.RequireView(secret)
	ks.Key("v")
	if strings.Contains(ks.View(), secret) {
		t.Fatal("v does not hide the secret again")
	}
	for _, e := range d.Client().Log().Entries() {
		if strings.Contains(e.Target, secret) || strings.Contains(e.Outcome, secret) {
			t.Fatal("the secret reached the call log")
		}
	}
	ks.S.(interface{ Close() }).Close()
	if ks.S.(*newKeyScreen).key.Secret != "" {
		t.Fatal("the secret outlived its screen")
	}
}

func TestPolicyVersionsMakeDefaultAndDelete(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewPolicy(d, "ci-deploy", ramclient.PolicyCustom), 120, 30)
	dr.Key("l") // Versions
	// The versions in the order the section shows them; the cursor goes to a non-default one
	// by keys, as a user would.
	nonDefault := func() ramclient.PolicyVersion {
		t.Helper()
		pd, err := d.Client().PolicyDetail(context.Background(), "ci-deploy", ramclient.PolicyCustom)
		if err != nil {
			t.Fatal(err)
		}
		dr.Key("g")
		for _, v := range pd.Versions {
			if !v.IsDefault {
				return v
			}
			dr.Key("j")
		}
		t.Fatal("no non-default version")
		return ramclient.PolicyVersion{}
	}
	confirmAndRun := func() {
		t.Helper()
		for _, m := range dr.Others {
			if c, ok := m.(screen.ConfirmMsg); ok {
				dr.Others = nil
				dr.Run(c.OnYes)
				return
			}
		}
		t.Fatal("no question asked")
	}
	v := nonDefault()
	dr.Others = nil
	dr.Key("t")
	confirmAndRun()
	dr.RequireView("Default version  " + v.VersionID)
	v = nonDefault()
	dr.Others = nil
	dr.Key("D")
	confirmAndRun()
	dr.RequireView("Versions (4)")
	if strings.Contains(dr.View(), v.VersionID+" ") {
		t.Fatalf("%s still listed:\n%s", v.VersionID, dr.View())
	}
}

// A service-linked role's screen says its service manages it and offers no edit of the trust
// policy nor attach or detach: RAM refuses them (the simulator too, checked here).
func TestServiceLinkedRoleScreen(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRole(d, "AliyunServiceRoleForConfig"), 120, 30)
	dr.RequireView("Managed by", "config.aliyuncs.com (service-linked)", "This is a service-linked role", "RAM refuses to edit the trust policy")
	dr.Others = nil
	dr.Key("e", "a")
	dr.Key("l", "l") // Policies
	dr.RequireView("AliyunServiceRolePolicyForConfig")
	dr.Key("x")
	if len(dr.Others) != 0 {
		t.Fatalf("e, a or x did something on a service-linked role: %v", dr.Others)
	}
	var help []string
	for _, col := range dr.S.KeyMap().FullHelp() {
		for _, k := range col {
			help = append(help, k.Help().Desc)
		}
	}
	for _, h := range help {
		if h == "edit trust" || h == "detach" || h == "attach" {
			t.Fatalf("help offers %q on a service-linked role: %v", h, help)
		}
	}
	c := d.Client()
	if _, err := c.UpdateTrustPolicy(context.Background(), "AliyunServiceRoleForConfig", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}`); err == nil {
		t.Fatal("the simulator let the trust policy of a service-linked role change")
	}
	if err := c.AttachPolicy(context.Background(), ramclient.RolePrincipal("AliyunServiceRoleForConfig"), "ReadOnlyAccess", ramclient.PolicySystem); err == nil {
		t.Fatal("the simulator let a policy be attached to a service-linked role")
	}

	// An ordinary role keeps them.
	dr = viewtest.Drive(t, NewRole(d, "ops-readonly"), 120, 30)
	dr.Key("e")
	if viewtest.Last[screen.EditMsg](dr).Doc == "" {
		t.Fatal("e did not edit an ordinary role's trust policy")
	}
}

// TestAttachingAdministratorAccessNeedsItsNameTyped (issue 10 item 7): attaching
// AdministratorAccess, or a custom policy allowing * on *, names it and needs its name typed;
// an ordinary policy keeps the y/N.
func TestAttachingAdministratorAccessNeedsItsNameTyped(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	const doc = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	if _, err := d.Client().CreatePolicy(context.Background(), ramclient.NewPolicy{PolicyName: "break-glass", Document: doc}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ filter, typed string }{
		{"AdministratorAccess", "AdministratorAccess"}, {"break-glass", "break-glass"}, {"billing-export", ""},
	} {
		at := viewtest.Drive(t, NewAttach(d, ramclient.GroupPrincipal("finance"), nil, 0), 120, 30)
		at.S.(screen.Filterable).SetFilter(tc.filter)
		at.Key("enter")
		confirm := viewtest.Last[screen.ConfirmMsg](at)
		if confirm.Typed != tc.typed || (tc.typed != "") != strings.Contains(confirm.Question, "controls the whole account") {
			t.Fatalf("%s: typed %q, question %q", tc.filter, confirm.Typed, confirm.Question)
		}
	}
}

// pickAndConfirm drives a picker: the filter finds row, space marks it, enter asks; the
// question is returned with the picker's driver.
func pickAndConfirm(t *testing.T, picker screen.Screen, rows ...string) (*viewtest.Driver, screen.ConfirmMsg) {
	t.Helper()
	pk := viewtest.Drive(t, picker, 120, 30)
	for _, r := range rows {
		pk.S.(screen.Filterable).SetFilter(r)
		pk.Key("space")
	}
	pk.S.(screen.Filterable).SetFilter("")
	pk.Key("enter")
	return pk, viewtest.Last[screen.ConfirmMsg](pk)
}

func groupsOf(t *testing.T, d *kit.Deps, user string) []string {
	t.Helper()
	ud, err := d.Client().UserDetail(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range ud.Groups {
		out = append(out, g.GroupName)
	}
	return out
}

// a on a user's Groups section adds the user to the groups picked (not the policy picker);
// a group's Members section adds users with a and removes them with x.
func TestGroupMembershipFromUserAndGroup(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	u := viewtest.Drive(t, NewUser(d, "zhang.wei"), 120, 30)
	before := groupsOf(t, d, "zhang.wei")
	u.Key("a") // Groups is the first section
	p := u.Pushed()
	if len(p) != 1 || !strings.HasPrefix(p[0].Title(), "Add zhang.wei to groups") {
		t.Fatalf("a on Groups pushed %v (the policy picker?)", p[0].Title())
	}
	pk, confirm := pickAndConfirm(t, p[0], "finance")
	pk.RequireView("member") // the groups the user is in now say so
	if confirm.Question != "Add user zhang.wei to 1 group?" || len(confirm.Details) != 1 || confirm.Details[0] != "group finance" {
		t.Fatalf("question %+v", confirm)
	}
	if len(groupsOf(t, d, "zhang.wei")) != len(before) {
		t.Fatal("added before the answer")
	}
	pk.Run(confirm.OnYes)
	if got := groupsOf(t, d, "zhang.wei"); len(got) != len(before)+1 || !strings.Contains(strings.Join(got, ","), "finance") {
		t.Fatalf("groups after yes: %v", got)
	}
	if viewtest.Last[kit.ReloadMsg](pk) != (kit.ReloadMsg{}) || len(viewtest.All[screen.PopMsg](pk)) != 1 {
		t.Errorf("the picker did not close and reload the user: %v", pk.Others)
	}
	// Policies section: a is the policy picker there.
	u.Key("l", "a")
	if p := u.Pushed(); len(p) != 2 || !strings.HasPrefix(p[1].Title(), "Attach to user zhang.wei") {
		t.Fatalf("a on Policies pushed %v", p)
	}

	// From the group: add li.na (not a member), then remove her.
	g := viewtest.Drive(t, NewGroup(d, "finance"), 120, 30)
	g.Key("a")
	p = g.Pushed()
	if len(p) != 1 || !strings.HasPrefix(p[0].Title(), "Add members to finance") {
		t.Fatalf("a on Members pushed %v", p)
	}
	_, confirm = pickAndConfirm(t, p[0], "li.na", "zhang.wei")
	// zhang.wei is a member now: only li.na is asked for.
	if confirm.Question != "Add 1 user to group finance?" || len(confirm.Details) != 1 || confirm.Details[0] != "user li.na" {
		t.Fatalf("question %+v", confirm)
	}
	g.Run(confirm.OnYes)
	// The outcome names the group ("Added: 2." said neither to what nor who).
	if m := viewtest.Last[kit.MutatedMsg](g); m.Done != "Added to group finance:" || m.OK != 1 {
		t.Errorf("the outcome says %+v", m)
	}
	if got := groupsOf(t, d, "li.na"); !strings.Contains(strings.Join(got, ","), "finance") {
		t.Fatalf("li.na's groups after yes: %v", got)
	}
	g.Deliver(kit.ReloadMsg{})
	g.RequireView("li.na")
	var rm screen.ConfirmMsg
	for range 6 { // x on each member in turn until the question names li.na (No to the others)
		g.Key("x")
		if rm = viewtest.Last[screen.ConfirmMsg](g); len(rm.Details) == 1 && rm.Details[0] == "user li.na" {
			break
		}
		g.Key("j")
	}
	if rm.Question != "Remove 1 user from group finance?" || rm.Details[0] != "user li.na" {
		t.Fatalf("x asked %+v", rm)
	}
	g.Run(rm.OnYes)
	if got := groupsOf(t, d, "li.na"); strings.Contains(strings.Join(got, ","), "finance") {
		t.Fatalf("li.na still in finance: %v", got)
	}
}

// formOf drives the form a key pushed on dr.
func formOf(t *testing.T, dr *viewtest.Driver, title string) *viewtest.Driver {
	t.Helper()
	p := dr.Pushed()
	if len(p) == 0 || p[len(p)-1].Title() != title {
		t.Fatalf("pushed %v, want the form %q", p, title)
	}
	return viewtest.Drive(t, p[len(p)-1], 80, 24)
}

// setInput replaces the focused field's text and moves on.
func setInput(f *viewtest.Driver, text string) {
	f.Press(tea.KeyCtrlU)
	f.Type(text)
	f.Key("enter")
}

// e on a user edits display name, email, mobile and comments (issue 10 item 11): checked as
// typed, one y/N naming each change, then UpdateUser.
func TestEditUserFields(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUser(d, "li.na"), 120, 30)
	dr.Key("e")
	f := formOf(t, dr, "Edit user li.na")
	f.RequireView("李娜", "li.na@acme.example.com", "86-13800000003")
	f.Key("enter") // display name kept
	setInput(f, "not-an-address")
	f.RequireView("is not an email address") // huh shows ramclient's words under the field
	viewtest.Fits(t, f.View(), 80, 24)
	setInput(f, "na.li@acme.example.com")
	setInput(f, "86-13900000009")
	setInput(f, "运维 oncall 负责人") // the last field: submit
	confirm := viewtest.Last[screen.ConfirmMsg](f)
	if len(viewtest.All[screen.PopMsg](f)) != 1 || confirm.Question != "Change user li.na?" || len(confirm.Details) != 3 ||
		confirm.Details[0] != "Email: li.na@acme.example.com → na.li@acme.example.com" {
		t.Fatalf("after submit: %+v (%v)", confirm, f.Others)
	}
	f.Run(confirm.OnYes)
	u, err := d.Client().GetUser(context.Background(), "li.na")
	if err != nil || u.Email != "na.li@acme.example.com" || u.MobilePhone != "86-13900000009" || u.Comments != "运维 oncall 负责人" || u.DisplayName != "李娜" {
		t.Fatalf("user after yes: %+v %v", u, err)
	}
}

// m on a role edits its description and max session (UpdateRole).
func TestEditRoleDescriptionAndMaxSession(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRole(d, "dev-deploy"), 120, 30)
	dr.Key("m")
	f := formOf(t, dr, "Edit role dev-deploy")
	setInput(f, "部署 pipelines")
	f.Key("down", "enter") // 2h -> 4h
	confirm := viewtest.Last[screen.ConfirmMsg](f)
	if confirm.Question != "Change role dev-deploy?" || len(confirm.Details) != 2 || confirm.Details[1] != "Max session: 2h → 4h" {
		t.Fatalf("confirm %+v (%v)", confirm, f.Others)
	}
	f.Run(confirm.OnYes)
	r, err := d.Client().GetRole(context.Background(), "dev-deploy")
	if err != nil || r.Description != "部署 pipelines" || r.MaxSessionDuration != 4*time.Hour {
		t.Fatalf("role after yes: %+v %v", r, err)
	}
	// Nothing changed: nothing asked.
	dr.Others = nil
	dr.Key("m")
	f = formOf(t, dr, "Edit role dev-deploy")
	f.Key("enter", "enter")
	if len(viewtest.All[screen.ConfirmMsg](f)) != 0 {
		t.Fatal("an unchanged form asked to change the role")
	}
}

// e on a group edits its comments (UpdateGroup): a new group could not be given one anywhere
// in the program (n on Groups asks only the name).
func TestEditGroupComments(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewGroup(d, "finance"), 120, 30)
	dr.Key("e")
	f := formOf(t, dr, "Edit group finance")
	f.RequireView("Finance and billing")
	setInput(f, strings.Repeat("长", 129))
	f.RequireView("128") // ramclient's rule, under the field
	setInput(f, "财务组 (finance)")
	confirm := viewtest.Last[screen.ConfirmMsg](f)
	if confirm.Question != "Change group finance?" || len(confirm.Details) != 1 ||
		confirm.Details[0] != "Comments: Finance and billing → 财务组 (finance)" {
		t.Fatalf("confirm %+v (%v)", confirm, f.Others)
	}
	dr.Run(confirm.OnYes) // the change's answer goes to the group's screen
	g, err := d.Client().GetGroup(context.Background(), "finance")
	if err != nil || g.Comments != "财务组 (finance)" {
		t.Fatalf("group after yes: %+v %v", g, err)
	}
	dr.RequireView("财务组 (finance)")
}

// Deleting one key says "it", not "them".
func TestDeleteOneKeySaysIt(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUser(d, "backup-bot"), 120, 30)
	dr.Key("l", "l", "D")
	q := viewtest.Last[screen.ConfirmMsg](dr).Question
	if q != "Delete 1 AccessKey of user backup-bot? Programs using it stop working; this cannot be undone." {
		t.Fatalf("D asked %q", q)
	}
	dr.Run(viewtest.Last[screen.ConfirmMsg](dr).OnYes)
	if f := dr.Flashes(); len(f) == 0 || f[len(f)-1] != "Deleted AccessKeys of user backup-bot: 1." { // was "Deleted: 1."
		t.Errorf("flashed %q", f)
	}
}

// The user's AccessKeys say when each key was last used (the keys tab and the audit did; the
// user's own screen did not): read after the rest of the screen, a GetAccessKeyLastUsed a key.
func TestUserAccessKeysShowLastUse(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	for user, want := range map[string]string{"zhang.wei": "3d ago", "sun.yue": "never"} {
		dr := viewtest.Drive(t, NewUser(d, user), 120, 30)
		dr.Key("l", "l") // AccessKeys
		dr.RequireView("LAST USED", want)
	}
}
