package lists

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/screen/screentest"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/kit"
)

func TestUsersListShowsDemoUsersAndOpensOne(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUsers(d), 120, 30)
	dr.RequireView("zhang.wei", "张伟", "ops-admin")
	if !strings.Contains(dr.S.Title(), "Users (21)") {
		t.Fatalf("title %q", dr.S.Title())
	}
	dr.S.(screen.Filterable).SetFilter("张伟")
	dr.Key("enter")
	p := dr.Pushed()
	if len(p) != 1 || p[0].Title() != "user zhang.wei" {
		t.Fatalf("enter pushed %v", p)
	}
}

func TestUsersListStreamsPagesAndKeepsCursor(t *testing.T) {
	d := viewtest.NewDeps(t, "scale:2500")
	s := NewUsers(d)
	s.SetSize(120, 30)
	dr := &viewtest.Driver{T: t, S: s, Hold: true}
	dr.Run(s.Init()) // the first page's answer is held back
	if len(dr.Held) != 1 {
		t.Fatalf("held %d results", len(dr.Held))
	}
	dr.Hold = false
	first := dr.Held[0]
	dr.Held = nil
	dr.Hold = true
	dr.Deliver(first.Msg) // first page lands; the next page's answer is held
	list := dr.S.(*kit.List[userRow])
	if n := list.Table.Len(); n != 1000 || !list.Table.Loading() {
		t.Fatalf("after one page: %d rows, loading=%v", n, list.Table.Loading())
	}
	dr.Hold = false
	dr.Key("G", "k", "k") // the user moves while pages are still coming
	before, _ := list.Table.Current()
	list.SetFilter("user0")
	for len(dr.Held) > 0 {
		next := dr.Held[0]
		dr.Held = dr.Held[1:]
		dr.Deliver(next.Msg)
	}
	after, _ := list.Table.Current()
	if after.UserName != before.UserName {
		t.Fatalf("cursor moved from %s to %s while pages arrived", before.UserName, after.UserName)
	}
	if list.Table.Len() < 2500 || list.Table.Loading() {
		t.Fatalf("%d rows, loading=%v", list.Table.Len(), list.Table.Loading())
	}
}

func TestStaleListAnswersAreDropped(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	s := NewUsers(d)
	s.SetSize(120, 30)
	dr := &viewtest.Driver{T: t, S: s, Hold: true}
	dr.Run(s.Init())
	old := dr.Held
	dr.Held = nil
	dr.Key("r") // refresh: a new load; its answer is held too
	fresh := dr.Held
	dr.Hold = false
	for _, r := range old {
		dr.Deliver(r.Msg)
	}
	if n := s.(*kit.List[userRow]).Table.Len(); n != 0 {
		t.Fatalf("a stale page was applied: %d rows", n)
	}
	for _, r := range fresh {
		dr.Deliver(r.Msg)
	}
	if n := s.(*kit.List[userRow]).Table.Len(); n != 21 {
		t.Fatalf("fresh page: %d rows", n)
	}
}

// The MFA and KEYS columns of the rows on screen cost one ListAccessKeys per row and one
// ListVirtualMFADevices for the whole listing (not a GetUserMFAInfo per row after the keys),
// and say what GetUserMFAInfo says.
func TestUsersMFAAndKeysFilledForRowsOnScreen(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUsers(d), 120, 8) // 7 rows on screen
	u := dr.S.(*kit.List[userRow])
	count := func() map[string]int {
		n := map[string]int{}
		for _, e := range d.Client().Log().Entries() {
			n[e.Action]++
		}
		return n
	}
	if n := count(); n["ListAccessKeys"] != 7 || n["ListVirtualMFADevices"] != 1 || n["GetUserMFAInfo"] != 0 {
		t.Fatalf("calls for the 7 rows on screen: %v, want 7 ListAccessKeys, 1 ListVirtualMFADevices, no GetUserMFAInfo", n)
	}
	ops, _ := u.Table.Get("zhang.wei")
	if ops.extra != nil {
		t.Fatal("an off-screen user was filled")
	}
	u.SetFilter("zhang.wei")
	dr.Run(u.FilterChanged())
	zw, _ := u.Table.Get("zhang.wei")
	if zw.extra == nil || zw.extra.mfa != "yes" || zw.extra.keys != "1" {
		t.Fatalf("zhang.wei: %+v", zw.extra)
	}
	if n := count(); n["ListVirtualMFADevices"] != 1 || n["GetUserMFAInfo"] != 0 {
		t.Fatalf("a row brought on screen asked for MFA again: %v", n)
	}
	dr.RequireView("MFA", "KEYS", "yes")
	// Every row's column agrees with GetUserMFAInfo.
	u.SetFilter("")
	dr.Run(u.FilterChanged())
	ctx := context.Background()
	for _, r := range u.Table.OnScreen() {
		if r.extra == nil {
			t.Fatalf("%s on screen not filled", r.UserName)
		}
		_, err := d.Client().GetUserMFA(ctx, r.UserName)
		if want := map[bool]string{true: "yes", false: "no"}[err == nil]; r.extra.mfa != want {
			t.Errorf("%s: MFA %q, GetUserMFAInfo says %q (%v)", r.UserName, r.extra.mfa, want, err)
		}
	}
}

// A caller allowed GetUserMFAInfo but not ListVirtualMFADevices still sees the MFA column,
// asked per row.
func TestUsersMFAColumnWithoutListVirtualMFADevices(t *testing.T) {
	sim := viewtest.Sim(t, "demo")
	root := viewtest.DepsAs(t, sim, "").Client()
	ctx := context.Background()
	const doc = `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:ListUsers","ram:ListAccessKeys","ram:GetUserMFAInfo"],"Resource":"*"}]}`
	if _, err := root.CreateUser(ctx, ramclient.NewUser{UserName: "viewer"}); err != nil {
		t.Fatal(err)
	}
	if _, err := root.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: "users-no-mfa-list", Document: doc}); err != nil {
		t.Fatal(err)
	}
	if err := root.AttachPolicy(ctx, ramclient.UserPrincipal("viewer"), "users-no-mfa-list", ramclient.PolicyCustom); err != nil {
		t.Fatal(err)
	}
	d := viewtest.DepsAs(t, sim, "viewer")
	dr := viewtest.Drive(t, NewUsers(d), 120, 30)
	u := dr.S.(*kit.List[userRow])
	ops, _ := u.Table.Get("ops-admin")
	if ops.extra == nil || ops.extra.mfa != "yes" {
		t.Fatalf("ops-admin (MFA bound in the demo): %+v", ops.extra)
	}
	denied := false
	for _, e := range d.Client().Log().Entries() {
		denied = denied || e.Action == "ListVirtualMFADevices" && e.Kind == ramclient.KindDenied
	}
	if !denied {
		t.Fatal("ListVirtualMFADevices was not refused: the test does not test the fallback")
	}
}

func TestRolesTrustColumn(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRoles(d), 120, 30)
	dr.RequireView("ops-readonly", "ops-admin", "(ExtId)", "service ecs", "SAML azure-ad")
}

func TestPoliciesToggleSystemCustom(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewPolicies(d), 120, 30)
	if !strings.HasPrefix(dr.S.Title(), "All policies") {
		t.Fatalf("title %q", dr.S.Title())
	}
	// One list of all policies, custom first: /AdministratorAccess finds the system policy.
	list := dr.S.(*kit.List[ramclient.Policy])
	if first, _ := list.Table.Current(); first.PolicyType != ramclient.PolicyCustom {
		t.Fatalf("first row %s (%s), want a custom policy", first.PolicyName, first.PolicyType)
	}
	dr.RequireView("ci-deploy")
	list.SetFilter("AdministratorAccess")
	dr.RequireView("AdministratorAccess", "System")
	list.SetFilter("")
	dr.Key("t")
	if !strings.HasPrefix(dr.S.Title(), "Custom policies") {
		t.Fatalf("title %q", dr.S.Title())
	}
	dr.RequireView("ci-deploy")
	// A filter that finds nothing among custom policies says where to look.
	list.SetFilter("AdministratorAccess")
	dr.RequireView(`No match for "AdministratorAccess" here. Custom only: t shows system policies.`)
	list.SetFilter("")
	dr.Key("t")
	if !strings.HasPrefix(dr.S.Title(), "System policies") {
		t.Fatalf("title %q", dr.S.Title())
	}
	dr.RequireView("AdministratorAccess")
	if strings.Contains(dr.View(), "ci-deploy") {
		t.Fatal("custom policies still listed after the toggle")
	}
	dr.Key("t")
	if !strings.HasPrefix(dr.S.Title(), "All policies") {
		t.Fatalf("t did not cycle back to all: %q", dr.S.Title())
	}
}

func TestKeysListOldKeysAndNoSecrets(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewKeys(d), 120, 40)
	dr.RequireView("legacy-app", "LTAI", "Active")
	list := dr.S.(*kit.List[keyRow])
	if list.Table.Loading() || list.Table.Len() < 5 {
		t.Fatalf("%d keys, loading=%v", list.Table.Len(), list.Table.Loading())
	}
	// The last use is asked for the rows on screen, one call per key, and shown.
	lastUsed := 0
	for _, e := range d.Client().Log().Entries() {
		if e.Action == "GetAccessKeyLastUsed" {
			lastUsed++
		}
	}
	for _, k := range list.Table.OnScreen() {
		if !k.lastUsedKnown {
			t.Fatalf("key %s on screen has no last use", k.AccessKeyID)
		}
	}
	if on := len(list.Table.OnScreen()); lastUsed != on {
		t.Fatalf("%d GetAccessKeyLastUsed calls for %d rows on screen", lastUsed, on)
	}
	dr.RequireView("never")
	old := false
	for _, k := range list.Table.Items() {
		if kit.Days(viewtest.Now, k.CreateDate) > kit.OldKeyDays {
			old = true
		}
	}
	if !old {
		t.Fatal("demo data has no key older than 90 days")
	}
}

func TestLogScreenShowsCalls(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	viewtest.Drive(t, NewUsers(d), 120, 30)
	s := NewLog(d) // not driven: Init waits for the next call forever
	s.SetSize(120, 200)
	if v := s.View(); !strings.Contains(v, "ListUsers") || !strings.Contains(v, "OK") {
		t.Fatalf("log view:\n%s", v)
	}
	// A new call shows up live.
	cmd := s.Init()
	go d.Client().GetUser(context.Background(), "zhang.wei")
	s, _ = s.Update(screentest.Collect(cmd)[0].(screen.Result).Msg)
	if !strings.Contains(s.View(), "GetUser") {
		t.Fatalf("live entry missing:\n%s", s.View())
	}
	s.(interface{ Close() }).Close()
}

func TestDeniedListSaysWhyWithCodeAndRequestID(t *testing.T) {
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo", Clock: func() time.Time { return viewtest.Now }}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	id, secret, err := sim.Account().IssueAccessKey("sun.yue") // an intern: no RAM permissions
	if err != nil {
		t.Fatal(err)
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint,
		Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	d := &kit.Deps{Session: session.New(c, ""), Theme: theme.New(true), Keys: keymap.Default(), Now: func() time.Time { return viewtest.Now }}
	dr := viewtest.Drive(t, NewUsers(d), 120, 20)
	dr.RequireView("Could not load", "NoPermission", "RequestId")
	flash := viewtest.Last[screen.FlashMsg](dr)
	if flash.Level != screen.Error || !strings.Contains(flash.Text, "ListUsers") || !strings.Contains(flash.Text, "RequestId") {
		t.Fatalf("flash %+v", flash)
	}
	if strings.Contains(dr.View(), secret) || strings.Contains(flash.Text, secret) {
		t.Fatal("the secret leaked")
	}
}

func TestReadOnlyOffersNoChanges(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	d.Keys.SetReadOnly(true)
	dr := viewtest.Drive(t, details.NewUser(d, "zhang.wei"), 120, 30)
	dr.Key("l", "x")
	dr.Key("l", "t", "D")
	for _, m := range dr.Others {
		if _, ok := m.(screen.ConfirmMsg); ok {
			t.Fatal("a change was offered in read-only mode")
		}
	}
	kd := viewtest.Drive(t, NewKeys(d), 120, 30)
	kd.Key("t", "D")
	for _, m := range kd.Others {
		if _, ok := m.(screen.ConfirmMsg); ok {
			t.Fatal("the keys list offered a change in read-only mode")
		}
	}
	for _, b := range kd.S.KeyMap().ShortHelp() {
		if b.Enabled() && (b.Help().Desc == "key on/off" || b.Help().Desc == "delete key") {
			t.Fatalf("help shows %q in read-only mode", b.Help().Desc)
		}
	}
}

func TestKeysToggleStatus(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewKeys(d), 120, 30)
	dr.S.(screen.Filterable).SetFilter("bob.smith")
	dr.Key("t")
	confirm := viewtest.Last[screen.ConfirmMsg](dr)
	if len(confirm.Details) != 1 || !strings.Contains(confirm.Details[0], "(Inactive) → Active") {
		t.Fatalf("confirm %+v", confirm)
	}
	dr.Run(confirm.OnYes)
	keys, _ := d.Client().AccessKeys(context.Background(), "bob.smith")
	if len(keys) != 1 || keys[0].Status != ramclient.KeyActive {
		t.Fatalf("keys %+v", keys)
	}
	// The outcome says what happened ("Changed: 1." did not).
	if f := dr.Flashes(); len(f) == 0 || f[len(f)-1] != "Enabled AccessKeys: 1." {
		t.Errorf("flashed %q", f)
	}
	dr.RequireView("bob.smith", "Active")
}

func TestNewGroupAndDeleteConflict(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewGroups(d), 120, 30)
	dr.Key("n")
	in := viewtest.Last[screen.InputMsg](dr)
	if in.OnSubmit == nil || in.Prompt != "New group name:" {
		t.Fatalf("n asked %+v", in)
	}
	dr.Others = nil
	dr.Run(in.OnSubmit("bad name!")) // refused before any call
	// Refused, the prompt is asked again with what was typed and why (it was lost before),
	// not "Created group 0, failed 1" (it created nothing).
	again := viewtest.Last[screen.InputMsg](dr)
	if again.Prompt != "New group name:" || again.Value != "bad name!" || !strings.HasPrefix(again.Err, "invalid input: GroupName") {
		t.Fatalf("after a refused name: %+v, others %v", again, dr.Others)
	}
	// The service's refusal too: ops exists.
	dr.Others = nil
	dr.Run(again.OnSubmit("ops"))
	if again = viewtest.Last[screen.InputMsg](dr); again.Value != "ops" || !strings.Contains(again.Err, "EntityAlreadyExists") {
		t.Fatalf("after a taken name: %+v, others %v", again, dr.Others)
	}
	dr.Others = nil
	dr.Run(again.OnSubmit("sre"))
	dr.RequireView("sre")
	var flashes []string
	for _, m := range dr.Others {
		if f, ok := m.(screen.FlashMsg); ok {
			flashes = append(flashes, f.Text)
		}
	}
	if len(flashes) != 1 || !strings.Contains(flashes[0], "Created group sre") || len(viewtest.All[screen.InputMsg](dr)) != 0 {
		t.Fatalf("flashes %q, others %v", flashes, dr.Others)
	}
	// ops has members and policies: RAM refuses, and the flash says why with the code.
	dr.S.(screen.Filterable).SetFilter("ops")
	dr.Others = nil
	dr.Key("D")
	confirm := viewtest.Last[screen.ConfirmMsg](dr)
	dr.Others = nil
	dr.Run(confirm.OnYes)
	conflict := false
	for _, m := range dr.Others {
		if f, ok := m.(screen.FlashMsg); ok && f.Level == screen.Error && strings.Contains(f.Text, "DeleteConflict") {
			conflict = true
		}
	}
	if !conflict {
		t.Fatalf("no DeleteConflict flash: %v", dr.Others)
	}
	dr.RequireView("ops")
}

// newThroughForm presses n on a list and fills the form it opens: each value is typed into
// a field and enter moves on (an empty value keeps the field's default); the last enter
// submits. It returns the form's driver (what it sent up: back, the editor request).
func newThroughForm(t *testing.T, dr *viewtest.Driver, values ...string) *viewtest.Driver {
	t.Helper()
	dr.Key("n")
	p := dr.Pushed()
	if len(p) == 0 {
		t.Fatal("n opened nothing")
	}
	f := viewtest.Drive(t, p[len(p)-1], 80, 24)
	if strings.Contains(f.View(), "Who may assume the role") {
		// Roles: n opens the create-role wizard; its last choice is this plain path.
		for i := 0; i < 6; i++ {
			f.Key("down")
		}
		f.Key("enter")
		if p = f.Pushed(); len(p) == 0 {
			t.Fatalf("the wizard's last choice opened nothing:\n%s", f.View())
		}
		f = viewtest.Drive(t, p[len(p)-1], 80, 24)
	}
	for _, v := range values {
		if v == "↓" {
			f.Key("down")
			continue
		}
		f.Type(v)
		f.Key("enter")
	}
	return f
}

func TestNewRoleThroughTheFormAndTheEditor(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRoles(d), 120, 30)
	// A bad name is refused under the field, with ramclient's words, before anything else.
	f := newThroughForm(t, dr, "bad name!")
	f.RequireView("New role", "RoleName:")
	if len(viewtest.All[screen.EditMsg](f)) != 0 {
		t.Fatal("a bad name went on to the editor")
	}
	viewtest.Fits(t, f.View(), 80, 24)

	f = newThroughForm(t, dr, "ci-runner", "CI 构建机器", "↓", "")
	if len(viewtest.All[screen.PopMsg](f)) != 1 {
		t.Fatalf("the form did not close: %v", f.Others)
	}
	id, _ := d.Client().CallerIdentity(context.Background())
	edit := viewtest.Last[screen.EditMsg](f)
	if edit.From != dr.S.ID() || !strings.Contains(edit.Name, "role") || !strings.Contains(edit.Doc, id.AccountID) {
		t.Fatalf("the editor was not asked for the new role's trust policy: %+v", edit)
	}
	tmpl, _ := policy.TrustAccountPolicy(id.AccountID, "")
	dr.Others = nil
	dr.Deliver(screen.EditedMsg{Text: tmpl.Pretty()}) // saved as offered
	confirm := viewtest.Last[screen.ConfirmMsg](dr)
	if !strings.HasPrefix(confirm.Question, "Create role ci-runner?") || !strings.Contains(strings.Join(confirm.Details, " "), "any RAM user or role of account "+id.AccountID) ||
		!strings.Contains(strings.Join(confirm.Details, " "), "max session 2h") || !strings.Contains(strings.Join(confirm.Details, " "), "CI 构建机器") {
		t.Fatalf("confirm %+v", confirm)
	}
	dr.Run(confirm.OnYes)
	dr.RequireView("ci-runner")
	r, err := d.Client().GetRole(context.Background(), "ci-runner")
	if err != nil || r.Description != "CI 构建机器" || r.MaxSessionDuration != 2*time.Hour {
		t.Fatalf("created %+v, %v", r, err)
	}
}

// n on Roles opens the create-role wizard (views/newrole, tested there) once the account's
// users, roles, providers and policies are read; a role it creates shows after a reload.
func TestNewRoleOpensTheWizard(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRoles(d), 120, 30)
	dr.Key("n")
	p := dr.Pushed()
	if len(p) != 1 || p[0].Title() != "New role" {
		t.Fatalf("n pushed %v", p)
	}
	if w := viewtest.Drive(t, p[0], 120, 30); !strings.Contains(w.View(), "Grant a developer access to an OSS directory") {
		t.Fatalf("not the wizard:\n%s", w.View())
	}
	id, _ := d.Client().CallerIdentity(context.Background())
	tmpl, _ := policy.TrustAccountPolicy(id.AccountID, "")
	if _, err := d.Client().CreateRole(context.Background(), ramclient.NewRole{RoleName: "ci-runner", TrustPolicy: tmpl.Pretty()}); err != nil {
		t.Fatal(err)
	}
	dr.Deliver(kit.ReloadMsg{}) // what the wizard sends the list after creating
	dr.RequireView("ci-runner")
}

func TestNewPolicyUnchangedTemplateCreatesNothing(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewPolicies(d), 120, 30)
	f := newThroughForm(t, dr, "ops-extra", "reboot ECS")
	if e := viewtest.Last[screen.EditMsg](f); e.From != dr.S.ID() || e.Doc != newPolicyTemplate {
		t.Fatalf("editor request %+v", e)
	}
	dr.Others = nil
	dr.Deliver(screen.EditedMsg{Text: newPolicyTemplate})
	for _, m := range dr.Others {
		if _, ok := m.(screen.ConfirmMsg); ok {
			t.Fatal("an untouched template asked to create a policy")
		}
	}
	doc := strings.Replace(newPolicyTemplate, "ecs:Describe*", "ecs:RebootInstance", 1)
	dr.Deliver(screen.EditedMsg{Text: doc})
	for _, m := range dr.Others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			dr.Run(c.OnYes)
		}
	}
	dr.RequireView("ops-extra")
	p, err := d.Client().GetPolicy(context.Background(), "ops-extra", ramclient.PolicyCustom)
	if err != nil || p.Description != "reboot ECS" {
		t.Fatalf("created %+v, %v", p, err)
	}
}

func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	ctx := context.Background()
	const hostile = "hi\x1b]0;PWNED\a\x1b[2J"
	if _, err := d.Client().CreateUser(ctx, ramclient.NewUser{UserName: "esc", Comments: hostile}); err != nil {
		t.Fatal(err)
	}
	id, _ := d.Client().CallerIdentity(ctx)
	trust, _ := policy.TrustAccountPolicy(id.AccountID, "")
	if _, err := d.Client().CreateRole(ctx, ramclient.NewRole{RoleName: "esc-role", TrustPolicy: trust.Pretty(), Description: "role\x1b[31m red"}); err != nil {
		t.Fatal(err)
	}
	check := func(what string, dr *viewtest.Driver) {
		t.Helper()
		v := dr.View()
		if strings.ContainsRune(v, '\x1b') {
			t.Errorf("%s: an ESC byte from the data reached the view:\n%q", what, v)
		}
		if !strings.Contains(v, `\x1b`) {
			t.Errorf("%s: the escape is not shown visibly:\n%s", what, v)
		}
	}
	check("user screen", viewtest.Drive(t, details.NewUser(d, "esc"), 160, 30))
	check("role screen", viewtest.Drive(t, details.NewRole(d, "esc-role"), 160, 30))
	users := viewtest.Drive(t, NewUsers(d), 160, 40)
	users.S.(screen.Filterable).SetFilter("esc")
	check("users list", users)
	check("roles list", viewtest.Drive(t, NewRoles(d), 160, 40))
}

// TestEnterOpensKeysUserAndLogCall: the footer says "enter open" on the keys list and the API
// log; enter on a key row opens its user, on a log row a detail of the call.
func TestEnterOpensKeysUserAndLogCall(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewKeys(d), 120, 30)
	dr.S.(screen.Filterable).SetFilter("bob.smith")
	dr.Key("enter")
	if p := dr.Pushed(); len(p) != 1 || p[0].Title() != "user bob.smith" {
		t.Fatalf("enter on a key pushed %v", p)
	}

	d.Client().GetUser(context.Background(), "no.such.user")
	s := NewLog(d)
	defer s.(interface{ Close() }).Close()
	s.SetSize(120, 30)
	ldr := &viewtest.Driver{T: t, S: s}
	s.(screen.Filterable).SetFilter("no.such.user")
	ldr.Key("enter")
	p := ldr.Pushed()
	if len(p) != 1 {
		t.Fatalf("enter on a log row pushed %v", p)
	}
	cdr := viewtest.Drive(t, p[0], 120, 30)
	cdr.RequireView("GetUser", "no.such.user", "EntityNotExist.User", "Request ID", "Took")
	// The call has no sections: no empty section bar, and its duration in whole milliseconds.
	view := cdr.S.View()
	if strings.Contains(view, "←/→") {
		t.Errorf("the call detail shows an empty section bar:\n%s", view)
	}
	if !regexp.MustCompile(`Took\s+\d+ms\b`).MatchString(view) {
		t.Errorf("the call's duration is not in whole milliseconds:\n%s", view)
	}
}

// TestCopyCopiesEveryMarkedRow: c with marked rows copies them all, one a line (it copied
// only the cursor's row).
func TestCopyCopiesEveryMarkedRow(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewGroups(d), 120, 30)
	list := dr.S.(*kit.List[ramclient.Group])
	dr.Key(" ", " ", "c") // space marks and moves down
	sel := list.Table.Selected()
	if len(sel) != 2 {
		t.Fatalf("%d rows marked", len(sel))
	}
	cp := viewtest.Last[screen.CopyMsg](dr)
	want := sel[0].GroupName + "\n" + sel[1].GroupName
	if cp.Text != want || cp.What != "2 rows" {
		t.Fatalf("copied %q (%s), want %q", cp.Text, cp.What, want)
	}
}

// TestAttachOnMarkedListRows: a on marked rows of the Users list (as the README says) opens the
// policy picker for all of them; enter attaches each picked policy to each user.
func TestAttachOnMarkedListRows(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUsers(d), 120, 30)
	dr.Key(" ", " ") // space marks and moves down
	sel := dr.S.(*kit.List[userRow]).Table.Selected()
	if len(sel) != 2 {
		t.Fatalf("%d rows marked", len(sel))
	}
	dr.Key("a")
	p := dr.Pushed()
	if len(p) != 1 || !strings.Contains(p[0].Title(), "Attach to 2 principals") {
		t.Fatalf("a pushed %v", p)
	}
	pdr := viewtest.Drive(t, p[0], 120, 30)
	pdr.S.(screen.Filterable).SetFilter("ReadOnlyAccess")
	want, _ := pdr.S.(*kit.List[ramclient.Policy]).Table.Current()
	pdr.Key("enter")
	confirm := viewtest.Last[screen.ConfirmMsg](pdr)
	if len(confirm.Details) != 2 {
		t.Fatalf("confirm %+v", confirm)
	}
	pdr.Run(confirm.OnYes)
	for _, u := range sel {
		ps, err := d.Client().PoliciesFor(context.Background(), ramclient.UserPrincipal(u.UserName))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range ps {
			found = found || p.PolicyName == want.PolicyName
		}
		if !found {
			t.Errorf("%s: %s not attached: %v", u.UserName, want.PolicyName, ps)
		}
	}
}

// TestOwnKeyNeedsItsIDTyped (issue 10 item 7): ctrl+a D on the keys tab with ramtui's own key
// among the marked ones, and t deactivating it, say "you will be signed out" and need the key
// id typed; other keys keep the plain y/N.
func TestOwnKeyNeedsItsIDTyped(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	own := d.Client().Credentials().AccessKeyID
	dr := viewtest.Drive(t, NewKeys(d), 120, 30)
	dr.Key("ctrl+a", "D")
	del := viewtest.Last[screen.ConfirmMsg](dr)
	if del.Typed != own || !strings.Contains(del.Question, "you will be signed out") || len(del.Details) < 3 {
		t.Fatalf("delete with own key marked: typed %q, %q, %d keys", del.Typed, del.Question, len(del.Details))
	}
	dr = viewtest.Drive(t, NewKeys(d), 120, 30)
	dr.S.(screen.Filterable).SetFilter(own)
	dr.Key("t")
	if off := viewtest.Last[screen.ConfirmMsg](dr); off.Typed != own || len(off.Details) != 1 {
		t.Fatalf("deactivating own key: typed %q, %v", off.Typed, off.Details)
	}
	dr = viewtest.Drive(t, NewKeys(d), 120, 30)
	dr.S.(screen.Filterable).SetFilter("bob.smith")
	dr.Key("D")
	if other := viewtest.Last[screen.ConfirmMsg](dr); other.Typed != "" || strings.Contains(other.Question, "signed out") {
		t.Fatalf("another user's key: %+v", other)
	}
}

// The TRUSTS column calls the role's own account "this account" (as "acct 1177…" it looked like
// the partner's "acct 1357…").
func TestRolesTrustColumnNamesAccounts(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewRoles(d), 120, 30)
	dr.RequireView("this account", "acct 1357…(ExtId)")
	for _, l := range strings.Split(dr.View(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "dev-deploy") && !strings.Contains(l, "this account") {
			t.Fatalf("dev-deploy trusts its own account: %q", l)
		}
	}
}

// p on a users, groups or roles list row opens the permission simulator for that row, as p on
// its screen does (walk5: p on a row did nothing, and a user expects it there like s on a role).
func TestSimulateFromAListRow(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	for _, c := range []struct {
		list       func(*kit.Deps) screen.Screen
		name, kind string
	}{
		{NewUsers, "devops_test", "> user (with its groups' policies)"},
		{NewGroups, "oncall", "> group"},
		{NewRoles, "oss-test-sts", "> role (a session of it)"},
	} {
		dr := viewtest.Drive(t, c.list(d), 120, 30)
		dr.S.(screen.Filterable).SetFilter(c.name)
		dr.Key("p")
		p := dr.Pushed()
		if len(p) != 1 || p[0].Title() != "Simulate" {
			t.Fatalf("p on %s pushed %v", c.name, p)
		}
		viewtest.Drive(t, p[0], 120, 30).RequireView(c.kind, c.name)
	}
}

// RAM's ListUsers does not return the last sign-in (GetUser does): the LAST LOGIN column of the
// rows on screen comes from one GetUser per row, beside their ListAccessKeys, and says what
// GetUser says. It said "never" for everyone when it read the listing's empty date.
func TestUsersLastLoginFromGetUser(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUsers(d), 120, 8) // 7 rows on screen
	u := dr.S.(*kit.List[userRow])
	gets := 0
	for _, e := range d.Client().Log().Entries() {
		if e.Action == "GetUser" {
			gets++
		}
	}
	if gets != 7 {
		t.Fatalf("%d GetUser calls for the 7 rows on screen", gets)
	}
	ctx, now, signedIn := context.Background(), d.CurrentTime(), 0
	for _, r := range u.Table.OnScreen() {
		full, err := d.Client().GetUser(ctx, r.UserName)
		if err != nil || r.extra == nil {
			t.Fatalf("%s: %v, %+v", r.UserName, err, r.extra)
		}
		if want := kit.Ago(now, full.LastLoginDate); r.extra.login != want {
			t.Errorf("%s: LAST LOGIN %q, GetUser says %q", r.UserName, r.extra.login, want)
		}
		if !full.LastLoginDate.IsZero() {
			signedIn++
		}
	}
	if signedIn == 0 {
		t.Fatal("no user on screen has signed in: the demo data proves nothing here")
	}
}

// A new policy saved with a syntax error is not offered to be created (y only got ramclient's
// refusal); y to "Edit it again?" reopens the editor on what was typed, then the fixed
// document creates the policy with the name and description of the form.
func TestNewPolicyUnreadableEditAgain(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewPolicies(d), 120, 30)
	newThroughForm(t, dr, "ops-extra", "reboot ECS")
	broken := strings.Replace(newPolicyTemplate, `"Allow",`, `"Allow"`, 1) // a comma missing
	dr.Others = nil
	dr.Deliver(screen.EditedMsg{Text: broken})
	ask := viewtest.Last[screen.ConfirmMsg](dr)
	if !ask.Local || !strings.HasSuffix(ask.Question, "Edit it again?") {
		t.Fatalf("asked %+v", ask)
	}
	dr.Run(ask.OnYes)
	if e := viewtest.Last[screen.EditMsg](dr); e.Doc != broken || !strings.Contains(e.Note, "was not sent") {
		t.Fatalf("reopened %+v", e)
	}
	dr.Others = nil
	dr.Deliver(screen.EditedMsg{Text: strings.Replace(newPolicyTemplate, "ecs:Describe*", "ecs:RebootInstance", 1)}) // fixed
	dr.Run(viewtest.Last[screen.ConfirmMsg](dr).OnYes)
	if p, err := d.Client().GetPolicy(context.Background(), "ops-extra", ramclient.PolicyCustom); err != nil || p.Description != "reboot ECS" {
		t.Fatalf("created %+v, %v", p, err)
	}
}

// A user created in ramtui shows in the place the listing gives it (RAM's, here the
// simulator's, name order), not last: a reload used to keep each row's first arrival.
func TestCreatedUserShowsInTheListingsOrder(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewUsers(d), 120, 40)
	dr.Key("n")
	in := viewtest.Last[screen.InputMsg](dr)
	dr.Run(in.OnSubmit("bella.li"))
	list := dr.S.(*kit.List[userRow])
	var shown []string
	for _, u := range list.Table.OnScreen() {
		shown = append(shown, u.UserName)
	}
	page, err := d.Client().ListUsersPage(context.Background(), "")
	if err != nil || page.Truncated {
		t.Fatal(err, page.Truncated)
	}
	var want []string
	for _, u := range page.Items {
		want = append(want, u.UserName)
	}
	if !slices.Contains(want, "bella.li") || !slices.Equal(shown, want) {
		t.Fatalf("the list shows\n%v\nListUsers returns\n%v", shown, want)
	}
}

// After n creates a user or a group, the cursor is on it, ready for enter: "Created user x."
// used to leave the cursor where it was and the new row somewhere down a long list.
func TestCreatedRowGetsTheCursor(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	users := viewtest.Drive(t, NewUsers(d), 120, 10)
	users.Key("n")
	users.Run(viewtest.Last[screen.InputMsg](users).OnSubmit("zz.tester"))
	if u, ok := users.S.(*kit.List[userRow]).Table.Current(); !ok || u.UserName != "zz.tester" {
		t.Fatalf("after creating zz.tester the cursor is on %+v", u)
	}
	users.RequireView("zz.tester")

	groups := viewtest.Drive(t, NewGroups(d), 120, 10)
	groups.Key("n")
	groups.Run(viewtest.Last[screen.InputMsg](groups).OnSubmit("qa-team"))
	if g, ok := groups.S.(*kit.List[ramclient.Group]).Table.Current(); !ok || g.GroupName != "qa-team" {
		t.Fatalf("after creating qa-team the cursor is on %+v", g)
	}

	policies := viewtest.Drive(t, NewPolicies(d), 120, 10)
	newThroughForm(t, policies, "zz-read-logs", "")
	policies.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"log:Get*","Resource":"*"}]}`})
	policies.Run(viewtest.Last[screen.ConfirmMsg](policies).OnYes)
	if p, ok := policies.S.(*kit.List[ramclient.Policy]).Table.Current(); !ok || p.PolicyName != "zz-read-logs" {
		t.Fatalf("after creating zz-read-logs the cursor is on %+v", p)
	}
}
