package views

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/views/kit"
)

func TestUsersListShowsDemoUsersAndOpensOne(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewUsers(d), 120, 30)
	dr.requireView("zhang.wei", "张伟", "ops-admin")
	if !strings.Contains(dr.s.Title(), "Users (21)") {
		t.Fatalf("title %q", dr.s.Title())
	}
	dr.s.(screen.Filterable).SetFilter("张伟")
	dr.key("enter")
	p := dr.pushed()
	if len(p) != 1 || p[0].Title() != "user zhang.wei" {
		t.Fatalf("enter pushed %v", p)
	}
}

func TestUsersListStreamsPagesAndKeepsCursor(t *testing.T) {
	d := newDeps(t, "scale:2500")
	s := NewUsers(d)
	s.SetSize(120, 30)
	dr := &driver{t: t, s: s, hold: true}
	dr.run(s.Init()) // the first page's answer is held back
	if len(dr.held) != 1 {
		t.Fatalf("held %d results", len(dr.held))
	}
	dr.hold = false
	first := dr.held[0]
	dr.held = nil
	dr.hold = true
	dr.deliver(first.Msg) // first page lands; the next page's answer is held
	list := dr.s.(*kit.List[userRow])
	if n := list.Table.Len(); n != 1000 || !list.Table.Loading() {
		t.Fatalf("after one page: %d rows, loading=%v", n, list.Table.Loading())
	}
	dr.hold = false
	dr.key("G", "k", "k") // the user moves while pages are still coming
	before, _ := list.Table.Current()
	list.SetFilter("user0")
	for len(dr.held) > 0 {
		next := dr.held[0]
		dr.held = dr.held[1:]
		dr.deliver(next.Msg)
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
	d := newDeps(t, "demo")
	s := NewUsers(d)
	s.SetSize(120, 30)
	dr := &driver{t: t, s: s, hold: true}
	dr.run(s.Init())
	old := dr.held
	dr.held = nil
	dr.key("r") // refresh: a new load; its answer is held too
	fresh := dr.held
	dr.hold = false
	for _, r := range old {
		dr.deliver(r.Msg)
	}
	if n := s.(*kit.List[userRow]).Table.Len(); n != 0 {
		t.Fatalf("a stale page was applied: %d rows", n)
	}
	for _, r := range fresh {
		dr.deliver(r.Msg)
	}
	if n := s.(*kit.List[userRow]).Table.Len(); n != 21 {
		t.Fatalf("fresh page: %d rows", n)
	}
}

func TestUsersMFAAndKeysFilledForRowsOnScreen(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewUsers(d), 120, 8) // 7 rows on screen
	u := dr.s.(*kit.List[userRow])
	asked := 0
	for _, e := range d.Client().Log().Entries() {
		if e.Action == "GetUserMFAInfo" {
			asked++
		}
	}
	if asked != 7 {
		t.Fatalf("asked about %d users, want the 7 on screen", asked)
	}
	ops, _ := u.Table.Get("zhang.wei")
	if ops.extra != nil {
		t.Fatal("an off-screen user was filled")
	}
	u.SetFilter("zhang.wei")
	dr.run(u.FilterChanged())
	zw, _ := u.Table.Get("zhang.wei")
	if zw.extra == nil || zw.extra.mfa != "yes" || zw.extra.keys != "1" {
		t.Fatalf("zhang.wei: %+v", zw.extra)
	}
	dr.requireView("MFA", "KEYS", "yes")
}

func TestRolesTrustColumn(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewRoles(d), 120, 30)
	dr.requireView("ops-readonly", "ops-admin", "(ExtId)", "service ecs", "SAML azure-ad")
}

func TestUserDetailSectionsAndLinks(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewUser(d, "zhang.wei"), 120, 30)
	dr.requireView("张伟", "Groups (2)", "ops", "Console login", "MFA required", "bound")
	dr.key("enter") // the first group
	if p := dr.pushed(); len(p) != 1 || !strings.HasPrefix(p[0].Title(), "group ") {
		t.Fatalf("enter pushed %v", p)
	}
	dr.key("l", "l") // AccessKeys
	dr.requireView("ACCESSKEY ID", "Active")
}

func TestRoleDetailWhoCanAssume(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewRole(d, "finance-export"), 120, 30)
	dr.requireView("acs:ram::", ":role/finance-export", "Who can assume this role", "with the right ExternalId")
	dr.key("l")
	dr.requireView(`"Statement"`, `"sts:ExternalId"`)
}

func TestPolicyDetailVersionsAndAttachments(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewPolicy(d, "ci-deploy", ramclient.PolicyCustom), 120, 30)
	dr.requireView(`"Version"`, `"Statement"`, "Versions (5)")
	dr.key("l", "j", "enter")
	if p := dr.pushed(); len(p) != 1 || !strings.HasPrefix(p[0].Title(), "ci-deploy v") {
		t.Fatalf("enter on a version pushed %v", p)
	}
}

func TestPoliciesToggleSystemCustom(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewPolicies(d), 120, 30)
	if !strings.HasPrefix(dr.s.Title(), "Custom policies") {
		t.Fatalf("title %q", dr.s.Title())
	}
	dr.requireView("ci-deploy")
	dr.key("t")
	if !strings.HasPrefix(dr.s.Title(), "System policies") {
		t.Fatalf("title %q", dr.s.Title())
	}
	dr.requireView("AdministratorAccess")
	if strings.Contains(dr.view(), "ci-deploy") {
		t.Fatal("custom policies still listed after the toggle")
	}
}

func TestKeysListOldKeysAndNoSecrets(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewKeys(d), 120, 40)
	dr.requireView("legacy-app", "LTAI", "Active")
	list := dr.s.(*kit.List[ramclient.AccessKey])
	if list.Table.Loading() || list.Table.Len() < 5 {
		t.Fatalf("%d keys, loading=%v", list.Table.Len(), list.Table.Loading())
	}
	old := false
	for _, k := range list.Table.Items() {
		if days(testNow, k.CreateDate) > oldKeyDays {
			old = true
		}
	}
	if !old {
		t.Fatal("demo data has no key older than 90 days")
	}
}

func TestLogScreenShowsCalls(t *testing.T) {
	d := newDeps(t, "demo")
	drive(t, NewUsers(d), 120, 30)
	s := NewLog(d) // not driven: Init waits for the next call forever
	s.SetSize(120, 200)
	if v := s.View(); !strings.Contains(v, "ListUsers") || !strings.Contains(v, "OK") {
		t.Fatalf("log view:\n%s", v)
	}
	// A new call shows up live.
	cmd := s.Init()
	go d.Client().GetUser(context.Background(), "zhang.wei")
	s, _ = s.Update(collect(cmd)[0].(screen.Result).Msg)
	if !strings.Contains(s.View(), "GetUser") {
		t.Fatalf("live entry missing:\n%s", s.View())
	}
	s.(interface{ Close() }).Close()
}

func TestStartupExplainsMissingCredentials(t *testing.T) {
	d := newDeps(t, "demo")
	home := t.TempDir()
	connect := func(ctx context.Context) (*ramclient.Client, error) {
		creds, err := ramclient.ResolveCredentials(ctx, ramclient.CredentialOptions{
			HomeDir: home, Getenv: func(string) string { return "" }})
		if err != nil {
			return nil, err
		}
		return ramclient.New(ramclient.Options{Credentials: creds})
	}
	dr := drive(t, NewStartup(d, "ram.aliyuncs.com", connect), 100, 30)
	dr.requireView("Cannot sign in", "Credentials looked for", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ramtui --demo")
	for _, m := range dr.others {
		if _, ok := m.(screen.StartedMsg); ok {
			t.Fatal("start-up reported success")
		}
	}
}

func TestStartupExplainsUnreachableEndpoint(t *testing.T) {
	d := newDeps(t, "demo")
	connect := func(ctx context.Context) (*ramclient.Client, error) {
		return ramclient.New(ramclient.Options{Endpoint: "127.0.0.1:1",
			Retry:       ramclient.RetryPolicy{MaxAttempts: 1},
			Credentials: ramclient.Credentials{AccessKeyID: "LTAIexample", AccessKeySecret: "x"}})
	}
	dr := drive(t, NewStartup(d, "127.0.0.1:1", connect), 100, 30)
	dr.requireView("Cannot sign in to 127.0.0.1:1", "reachable")
	if strings.Contains(dr.view(), "goroutine") {
		t.Fatal("a stack trace on screen")
	}
}

func TestStartupSignsInAndHandsOver(t *testing.T) {
	d := newDeps(t, "demo")
	c := d.Client()
	d.Session = &session.Session{}
	dr := drive(t, NewStartup(d, "sim", func(context.Context) (*ramclient.Client, error) { return c, nil }), 100, 30)
	dr.toSession(d.Session)
	var started, header bool
	for _, m := range dr.others {
		switch m := m.(type) {
		case screen.StartedMsg:
			started = true
		case screen.HeaderMsg:
			if strings.Contains(m.Identity, ":user/ops-admin") {
				header = true
			}
		}
	}
	if !started || !header || d.Client() != c || d.Session.Identity() == "" {
		t.Fatalf("started=%v header=%v client set=%v", started, header, d.Client() == c)
	}
}

// The first users page is fetched while signing in, alongside GetCallerIdentity, so the lists
// open with rows after one round trip; the Users list uses it once and a refresh fetches anew.
func TestStartupPrefetchesTheFirstUsersPage(t *testing.T) {
	d := newDeps(t, "demo")
	c := d.Client()
	d.Session = &session.Session{}
	drive(t, NewStartup(d, "sim", func(context.Context) (*ramclient.Client, error) { return c, nil }), 100, 30).toSession(d.Session)
	listUsers := func() int {
		n := 0
		for _, e := range c.Log().Entries() {
			if e.Action == "ListUsers" {
				n++
			}
		}
		return n
	}
	if n := listUsers(); n != 1 {
		t.Fatalf("ListUsers calls during sign-in: %d, want 1", n)
	}
	dr := drive(t, NewUsers(d), 120, 30)
	dr.requireView("zhang.wei")
	if n := listUsers(); n != 1 {
		t.Fatalf("the Users list fetched its first page again (%d ListUsers calls)", n)
	}
	dr.key("r")
	if n := listUsers(); n != 2 {
		t.Fatalf("refresh reused the sign-in page (%d ListUsers calls, want 2)", n)
	}
}

func TestTrustSummary(t *testing.T) {
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
	  "Principal":{"RAM":["acs:ram::1234567890123456:user/ops-admin","acs:ram::1234567890123456:root"]},
	  "Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]}`
	if got := trustSummary(doc); got != "ops-admin(ExtId), acct 1234…(ExtId)" {
		t.Fatalf("got %q", got)
	}
	if got := trustSummary(`{"Statement":{"Effect":"Allow","Principal":{"Service":"ecs.aliyuncs.com"}}}`); got != "service ecs" {
		t.Fatalf("single statement: %q", got)
	}
	if got := trustSummary("not json"); !strings.Contains(got, "unreadable") {
		t.Fatalf("bad doc: %q", got)
	}
	_ = errors.New
}

func TestDeniedListSaysWhyWithCodeAndRequestID(t *testing.T) {
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo", Clock: func() time.Time { return testNow }}, "127.0.0.1:0")
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
	d := &Deps{Session: session.New(c, ""), Theme: theme.New(true), Keys: keymap.Default(), Now: func() time.Time { return testNow }}
	dr := drive(t, NewUsers(d), 120, 20)
	dr.requireView("Could not load", "NoPermission", "RequestId")
	var flash screen.FlashMsg
	for _, m := range dr.others {
		if f, ok := m.(screen.FlashMsg); ok {
			flash = f
		}
	}
	if flash.Level != screen.Error || !strings.Contains(flash.Text, "ListUsers") || !strings.Contains(flash.Text, "RequestId") {
		t.Fatalf("flash %+v", flash)
	}
	if strings.Contains(dr.view(), secret) || strings.Contains(flash.Text, secret) {
		t.Fatal("the secret leaked")
	}
}

func TestDetachPolicyConfirmsThenRefreshes(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewUser(d, "zhang.wei"), 120, 30)
	dr.key("l") // Policies
	dr.requireView("assume-ops-roles", "Policies (1)")
	dr.key("x")
	var confirm screen.ConfirmMsg
	for _, m := range dr.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			confirm = c
		}
	}
	if !strings.Contains(confirm.Question, "Detach 1 policy from user zhang.wei") ||
		len(confirm.Details) != 1 || !strings.Contains(confirm.Details[0], "assume-ops-roles (Custom)") {
		t.Fatalf("question does not name the change: %+v", confirm)
	}
	ps, _ := d.Client().PoliciesFor(context.Background(), ramclient.UserPrincipal("zhang.wei"))
	if len(ps) != 1 {
		t.Fatal("detached before the answer")
	}
	dr.run(confirm.OnYes) // the user said y
	ps, _ = d.Client().PoliciesFor(context.Background(), ramclient.UserPrincipal("zhang.wei"))
	if len(ps) != 0 {
		t.Fatalf("still attached: %v", ps)
	}
	dr.requireView("Policies (0)")
}

func TestReadOnlyOffersNoChanges(t *testing.T) {
	d := newDeps(t, "demo")
	d.Keys.SetReadOnly(true)
	dr := drive(t, NewUser(d, "zhang.wei"), 120, 30)
	dr.key("l", "x")
	dr.key("l", "t", "D")
	for _, m := range dr.others {
		if _, ok := m.(screen.ConfirmMsg); ok {
			t.Fatal("a change was offered in read-only mode")
		}
	}
	kd := drive(t, NewKeys(d), 120, 30)
	kd.key("t", "D")
	for _, m := range kd.others {
		if _, ok := m.(screen.ConfirmMsg); ok {
			t.Fatal("the keys list offered a change in read-only mode")
		}
	}
	for _, b := range kd.s.KeyMap().ShortHelp() {
		if b.Enabled() && (b.Help().Desc == "key on/off" || b.Help().Desc == "delete key") {
			t.Fatalf("help shows %q in read-only mode", b.Help().Desc)
		}
	}
}

func TestKeysToggleStatus(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewKeys(d), 120, 30)
	dr.s.(screen.Filterable).SetFilter("bob.smith")
	dr.key("t")
	var confirm screen.ConfirmMsg
	for _, m := range dr.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			confirm = c
		}
	}
	if len(confirm.Details) != 1 || !strings.Contains(confirm.Details[0], "(Inactive) → Active") {
		t.Fatalf("confirm %+v", confirm)
	}
	dr.run(confirm.OnYes)
	keys, _ := d.Client().AccessKeys(context.Background(), "bob.smith")
	if len(keys) != 1 || keys[0].Status != ramclient.KeyActive {
		t.Fatalf("keys %+v", keys)
	}
	dr.requireView("bob.smith", "Active")
}

func TestAttachPoliciesFromTheGroupScreen(t *testing.T) {
	d := newDeps(t, "demo")
	g := drive(t, NewGroup(d, "finance"), 120, 30)
	g.key("a")
	p := g.pushed()
	if len(p) != 1 || !strings.HasPrefix(p[0].Title(), "Attach to group finance") {
		t.Fatalf("a pushed %v", p)
	}
	at := drive(t, p[0], 120, 30)
	at.requireView("AliyunBSSReadOnlyAccess", "attached")
	at.s.(screen.Filterable).SetFilter("billing-export")
	at.key("enter")
	var confirm screen.ConfirmMsg
	for _, m := range at.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			confirm = c
		}
	}
	if confirm.Question != "Attach 1 policy to group finance?" || confirm.Details[0] != "billing-export (Custom)" {
		t.Fatalf("confirm %+v", confirm)
	}
	at.others = nil
	at.run(confirm.OnYes)
	var reload, popped bool
	for _, m := range at.others {
		switch m.(type) {
		case kit.ReloadMsg: // the driver unwraps results addressed to other screens
			reload = true
		case screen.PopMsg:
			popped = true
		}
	}
	if !reload || !popped {
		t.Fatalf("after attaching: reload=%v pop=%v (%v)", reload, popped, at.others)
	}
	g.deliver(kit.ReloadMsg{})
	g.key("l")
	g.requireView("billing-export")
}

func TestNewGroupAndDeleteConflict(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewGroups(d), 120, 30)
	dr.key("n")
	var in screen.InputMsg
	for _, m := range dr.others {
		if i, ok := m.(screen.InputMsg); ok {
			in = i
		}
	}
	if in.OnSubmit == nil || in.Prompt != "New group name:" {
		t.Fatalf("n asked %+v", in)
	}
	dr.run(in.OnSubmit("bad name!")) // refused before any call
	dr.run(in.OnSubmit("sre"))
	dr.requireView("sre")
	var flashes []string
	for _, m := range dr.others {
		if f, ok := m.(screen.FlashMsg); ok {
			flashes = append(flashes, f.Text)
		}
	}
	if len(flashes) != 2 || !strings.Contains(flashes[0], "failed 1") || !strings.Contains(flashes[1], "Created group sre") {
		t.Fatalf("flashes %q", flashes)
	}
	// ops has members and policies: RAM refuses, and the flash says why with the code.
	dr.s.(screen.Filterable).SetFilter("ops")
	dr.others = nil
	dr.key("D")
	var confirm screen.ConfirmMsg
	for _, m := range dr.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			confirm = c
		}
	}
	dr.others = nil
	dr.run(confirm.OnYes)
	conflict := false
	for _, m := range dr.others {
		if f, ok := m.(screen.FlashMsg); ok && f.Level == screen.Error && strings.Contains(f.Text, "DeleteConflict") {
			conflict = true
		}
	}
	if !conflict {
		t.Fatalf("no DeleteConflict flash: %v", dr.others)
	}
	dr.requireView("ops")
}

func TestAttachPolicyToPrincipalsAndDetach(t *testing.T) {
	d := newDeps(t, "demo")
	p := drive(t, NewPolicy(d, "legacy-unused", ramclient.PolicyCustom), 120, 30)
	p.requireView("Attached to (0)")
	p.key("a")
	pushed := p.pushed()
	if len(pushed) != 1 {
		t.Fatalf("a pushed %v", pushed)
	}
	at := drive(t, pushed[0], 120, 30)
	at.requireView("zhang.wei", "finance", "ack-rrsa-logging")
	at.s.(screen.Filterable).SetFilter("ops-readonly")
	at.key("enter")
	var confirm screen.ConfirmMsg
	for _, m := range at.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			confirm = c
		}
	}
	if confirm.Question != "Attach legacy-unused (Custom) to 1 principal?" || confirm.Details[0] != "role ops-readonly" {
		t.Fatalf("confirm %+v", confirm)
	}
	at.run(confirm.OnYes)
	p.deliver(kit.ReloadMsg{})
	p.key("l", "l")
	p.requireView("Attached to (1)", "ops-readonly")
	p.others = nil
	p.key("x")
	for _, m := range p.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			confirm = c
		}
	}
	if confirm.Question != "Detach policy legacy-unused from 1 principal?" {
		t.Fatalf("confirm %+v", confirm)
	}
	p.run(confirm.OnYes)
	p.requireView("Attached to (0)")
}

func TestEditTrustPolicyAfterTheEditor(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewRole(d, "ops-readonly"), 120, 30)
	role, err := d.Client().GetRole(context.Background(), "ops-readonly")
	if err != nil {
		t.Fatal(err)
	}
	// What the editor saved (tea.ExecProcess cannot run in this synchronous driver).
	doc := strings.Replace(role.TrustPolicy, ":user/ops-admin", ":user/zhang.wei", 1)
	dr.deliver(screen.EditedMsg{Text: kit.PrettyJSON(role.TrustPolicy)}) // saved unchanged
	dr.deliver(screen.EditedMsg{Text: doc})
	var confirms []screen.ConfirmMsg
	for _, m := range dr.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			confirms = append(confirms, c)
		}
	}
	if len(confirms) != 1 || !strings.Contains(strings.Join(confirms[0].Details, "\n"), "RAM user zhang.wei") {
		t.Fatalf("an unchanged document must not ask; the changed one must say who can assume: %+v", confirms)
	}
	dr.run(confirms[0].OnYes)
	dr.requireView("RAM user zhang.wei")
	dr.others = nil
	dr.deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}`})
	for _, m := range dr.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			dr.others = nil
			dr.run(c.OnYes)
		}
	}
	refused := false
	for _, m := range dr.others {
		if f, ok := m.(screen.FlashMsg); ok && f.Level == screen.Error {
			refused = true
		}
	}
	if !refused {
		t.Fatal("a trust policy without Principal was not refused")
	}
}

func TestNewPolicyVersionAfterTheEditor(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewPolicy(d, "billing-export", ramclient.PolicyCustom), 120, 30)
	pd, err := d.Client().PolicyDetail(context.Background(), "billing-export", ramclient.PolicyCustom)
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Replace(pd.Policy.Document, `"Allow"`, `"Deny"`, 1)
	dr.deliver(screen.EditedMsg{Text: doc})
	for _, m := range dr.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			dr.run(c.OnYes)
		}
	}
	dr.requireView(`"Deny"`, "Versions (2)")
}

func TestNewAccessKeySecretMaskedUntilRevealed(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewUser(d, "li.na"), 120, 30)
	dr.key("l", "l", "n")
	var confirm screen.ConfirmMsg
	for _, m := range dr.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			confirm = c
		}
	}
	if confirm.Question != "Create a new AccessKey for user li.na?" {
		t.Fatalf("confirm %+v", confirm)
	}
	dr.others = nil
	dr.run(confirm.OnYes)
	p := dr.pushed()
	if len(p) != 1 {
		t.Fatalf("pushed %v", p)
	}
	dr.requireView("AccessKeys (1)")
	ks := drive(t, p[0], 120, 30)
	secret := ks.s.(*newKeyScreen).key.Secret
	if secret == "" || strings.Contains(ks.view(), secret) {
		t.Fatal("the secret is shown before v")
	}
	ks.requireView("LTAI", "v reveals", "never shows it again")
	ks.key("v")
	ks.requireView(secret)
	ks.key("v")
	if strings.Contains(ks.view(), secret) {
		t.Fatal("v does not hide the secret again")
	}
	for _, e := range d.Client().Log().Entries() {
		if strings.Contains(e.Target, secret) || strings.Contains(e.Outcome, secret) {
			t.Fatal("the secret reached the call log")
		}
	}
	ks.s.(interface{ Close() }).Close()
	if ks.s.(*newKeyScreen).key.Secret != "" {
		t.Fatal("the secret outlived its screen")
	}
}

func TestNewRoleThroughTheEditor(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewRoles(d), 120, 30)
	dr.key("n")
	var in screen.InputMsg
	for _, m := range dr.others {
		if i, ok := m.(screen.InputMsg); ok {
			in = i
		}
	}
	dr.run(in.OnSubmit("ci-runner")) // writes the template, then asks for the editor
	id, _ := d.Client().CallerIdentity(context.Background())
	var edit screen.EditMsg
	for _, m := range dr.others {
		if e, ok := m.(screen.EditMsg); ok {
			edit = e
		}
	}
	if edit.From != dr.s.ID() || !strings.Contains(edit.Name, "role") || !strings.Contains(edit.Doc, id.AccountID) {
		t.Fatalf("the editor was not asked for the new role's trust policy: %+v", edit)
	}
	tmpl, _ := policy.TrustAccountPolicy(id.AccountID, "")
	dr.others = nil
	dr.deliver(screen.EditedMsg{Text: tmpl.Pretty()}) // saved as offered
	var confirm screen.ConfirmMsg
	for _, m := range dr.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			confirm = c
		}
	}
	if !strings.HasPrefix(confirm.Question, "Create role ci-runner?") || !strings.Contains(strings.Join(confirm.Details, " "), "any RAM user or role of account "+id.AccountID) {
		t.Fatalf("confirm %+v", confirm)
	}
	dr.run(confirm.OnYes)
	dr.requireView("ci-runner")
}

func TestNewPolicyUnchangedTemplateCreatesNothing(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewPolicies(d), 120, 30)
	dr.key("n")
	var in screen.InputMsg
	for _, m := range dr.others {
		if i, ok := m.(screen.InputMsg); ok {
			in = i
		}
	}
	dr.run(in.OnSubmit("ops-extra"))
	dr.others = nil
	dr.deliver(screen.EditedMsg{Text: newPolicyTemplate})
	for _, m := range dr.others {
		if _, ok := m.(screen.ConfirmMsg); ok {
			t.Fatal("an untouched template asked to create a policy")
		}
	}
	doc := strings.Replace(newPolicyTemplate, "ecs:Describe*", "ecs:RebootInstance", 1)
	dr.deliver(screen.EditedMsg{Text: doc})
	for _, m := range dr.others {
		if c, ok := m.(screen.ConfirmMsg); ok {
			dr.run(c.OnYes)
		}
	}
	dr.requireView("ops-extra")
}

func TestPolicyVersionsMakeDefaultAndDelete(t *testing.T) {
	d := newDeps(t, "demo")
	dr := drive(t, NewPolicy(d, "ci-deploy", ramclient.PolicyCustom), 120, 30)
	dr.key("l") // Versions
	// The versions in the order the section shows them; the cursor goes to a non-default one
	// by keys, as a user would.
	nonDefault := func() ramclient.PolicyVersion {
		t.Helper()
		pd, err := d.Client().PolicyDetail(context.Background(), "ci-deploy", ramclient.PolicyCustom)
		if err != nil {
			t.Fatal(err)
		}
		dr.key("g")
		for _, v := range pd.Versions {
			if !v.IsDefault {
				return v
			}
			dr.key("j")
		}
		t.Fatal("no non-default version")
		return ramclient.PolicyVersion{}
	}
	confirmAndRun := func() {
		t.Helper()
		for _, m := range dr.others {
			if c, ok := m.(screen.ConfirmMsg); ok {
				dr.others = nil
				dr.run(c.OnYes)
				return
			}
		}
		t.Fatal("no question asked")
	}
	v := nonDefault()
	dr.others = nil
	dr.key("t")
	confirmAndRun()
	dr.requireView("Default version  " + v.VersionID)
	v = nonDefault()
	dr.others = nil
	dr.key("D")
	confirmAndRun()
	dr.requireView("Versions (4)")
	if strings.Contains(dr.view(), v.VersionID+" ") {
		t.Fatalf("%s still listed:\n%s", v.VersionID, dr.view())
	}
}

func TestHeaderProfileLabel(t *testing.T) {
	for _, c := range []struct {
		creds ramclient.Credentials
		want  string
	}{
		{ramclient.Credentials{Profile: "prod", Source: `profile "prod" (~/.aliyun/config.json, mode AK)`}, "prod"},
		{ramclient.Credentials{Source: "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)"}, "environment"},
		{ramclient.Credentials{Source: "demo (RAM user ops-admin)"}, "demo"},
		{ramclient.Credentials{Source: "flags"}, "flags"},
		{ramclient.Credentials{Source: "~/.alibabacloud/credentials [default] (type access_key)"}, "~/.alibabacloud/credentials"},
	} {
		if got := headerProfile(c.creds); got != c.want {
			t.Errorf("headerProfile(%q) = %q, want %q", c.creds.Source, got, c.want)
		}
	}
}

// TestHostileTextNeverReachesTheTerminal: text from the API is drawn through the kit's one
// choke point, so an escape sequence in a comment or description shows as `\x1b` and never
// reaches the terminal, in the lists and in the detail screens.
func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	d := newDeps(t, "demo")
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
	check := func(what string, dr *driver) {
		t.Helper()
		v := dr.view()
		if strings.ContainsRune(v, '\x1b') {
			t.Errorf("%s: an ESC byte from the data reached the view:\n%q", what, v)
		}
		if !strings.Contains(v, `\x1b`) {
			t.Errorf("%s: the escape is not shown visibly:\n%s", what, v)
		}
	}
	check("user screen", drive(t, NewUser(d, "esc"), 160, 30))
	check("role screen", drive(t, NewRole(d, "esc-role"), 160, 30))
	users := drive(t, NewUsers(d), 160, 40)
	users.s.(screen.Filterable).SetFilter("esc")
	check("users list", users)
	check("roles list", drive(t, NewRoles(d), 160, 40))
}
