package newrole

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/screen/screentest"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/kit"
	"github.com/ramtui/ramtui/views/switchrole"
)

// press sends keys: "down", "up", "enter", "ctrl+e" by type; anything else is typed.
func press(d *viewtest.Driver, keys ...string) {
	for _, k := range keys {
		switch k {
		case "down":
			d.Deliver(tea.KeyMsg{Type: tea.KeyDown})
		case "up":
			d.Deliver(tea.KeyMsg{Type: tea.KeyUp})
		case "enter":
			d.Deliver(tea.KeyMsg{Type: tea.KeyEnter})
		case "ctrl+e":
			d.Deliver(tea.KeyMsg{Type: tea.KeyCtrlE})
		default:
			d.Deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		}
	}
}

func open(t *testing.T, w, h int) (*kit.Deps, *viewtest.Driver) {
	t.Helper()
	d := viewtest.NewDeps(t, "demo")
	a, err := Load(context.Background(), d.Client())
	if err != nil {
		t.Fatal(err)
	}
	return d, viewtest.Drive(t, New(d, a, 0, nil), w, h)
}

// kind picks the n-th trusted entity (0: this account, any).
func kind(d *viewtest.Driver, n int) {
	for i := 0; i < n; i++ {
		press(d, "down")
	}
	press(d, "enter")
}

// roleAndPolicies fills the role page (name, description, max session as offered) and marks
// the policies found by filter (none if "").
func roleAndPolicies(d *viewtest.Driver, name, filter string) {
	press(d, name, "enter", "enter", "enter")
	if filter != "" {
		press(d, "/", filter, "enter", " ")
	}
}

// confirmAndApply submits, answers yes and returns the confirmation.
func confirmAndApply(t *testing.T, d *viewtest.Driver) screen.ConfirmMsg {
	t.Helper()
	d.Others = nil
	press(d, "enter")
	confirm := viewtest.Last[screen.ConfirmMsg](d)
	if confirm.OnYes == nil {
		t.Fatalf("no confirmation; view:\n%s", d.View())
	}
	d.Others = nil
	d.Run(confirm.OnYes)
	return confirm
}

func trustOf(t *testing.T, c *ramclient.Client, name string) *policy.Document {
	t.Helper()
	r, err := c.GetRole(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := policy.Parse(r.TrustPolicy, policy.Trust)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// previewHas fails unless the live preview, drawn wide (no wrapping), has every want.
func previewHas(t *testing.T, w *wizard, wants ...string) {
	t.Helper()
	p := w.preview(400, 100)
	for _, want := range wants {
		if !strings.Contains(p, want) {
			t.Fatalf("the preview lacks %q:\n%s", want, p)
		}
	}
}

// This account, one chosen user, one policy: the trust policy read back names that user only,
// the confirmation says it in words, each step ran and the role's screen opens.
func TestWizardThisAccountForOneUser(t *testing.T) {
	deps, d := open(t, 120, 40)
	w := d.S.(*wizard)
	kind(d, 1)
	d.RequireView("Users and roles")
	press(d, "/", "ops-admin", "enter", " ", "enter")
	d.RequireView("Role name")
	previewHas(t, w, "RAM user ops-admin of account "+w.acct.ID) // the live preview
	roleAndPolicies(d, "app-zhang", "AliyunOSSReadOnlyAccess")
	confirm := confirmAndApply(t, d)
	got := strings.Join(confirm.Details, "\n")
	for _, want := range []string{"RAM user ops-admin of account " + w.acct.ID, "Max session 1h", "Attach AliyunOSSReadOnlyAccess (System)"} {
		if !strings.Contains(got, want) {
			t.Fatalf("the confirmation lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(confirm.Question, "Create role app-zhang (2 steps)?") {
		t.Fatalf("question %q", confirm.Question)
	}
	doc := trustOf(t, deps.Client(), "app-zhang")
	if p := doc.Statement[0].Principal; len(doc.Statement) != 1 || len(p.RAM) != 1 || p.RAM[0] != "acs:ram::"+w.acct.ID+":user/ops-admin" {
		t.Fatalf("trust policy %s", doc.Pretty())
	}
	ps, _ := deps.Client().PoliciesFor(context.Background(), ramclient.RolePrincipal("app-zhang"))
	if len(ps) != 1 || ps[0].PolicyName != "AliyunOSSReadOnlyAccess" {
		t.Fatalf("policies %v", ps)
	}
	if p := d.Pushed(); len(p) != 1 || p[0].Title() != "role app-zhang" {
		t.Fatalf("after creating, pushed %v", p)
	}
	pickerSays(t, deps, "app-zhang", "yes") // the tests sign in as ops-admin
}

// pickerSays fails unless the switch-role picker says want about role for the signed-in user.
func pickerSays(t *testing.T, deps *kit.Deps, role, want string) {
	t.Helper()
	d := viewtest.Drive(t, switchrole.NewSwitchPicker(deps, deps.Switch), 160, 40)
	d.S.(screen.Filterable).SetFilter(role)
	for _, line := range strings.Split(d.View(), "\n") {
		if strings.Contains(line, role+" ") {
			if !strings.Contains(line, want) {
				t.Fatalf("the picker's row of %s does not say %q: %s", role, want, line)
			}
			return
		}
	}
	t.Fatalf("no row for %s in the picker:\n%s", role, d.View())
}

// Another account with an ExternalId and MFA: the read-back trust policy has both conditions.
func TestWizardAnotherAccountWithExternalID(t *testing.T) {
	deps, d := open(t, 120, 40)
	w := d.S.(*wizard)
	kind(d, 2)
	press(d, "12345", "enter")
	d.RequireView("16 digits") // huh's error under the field
	press(d, "67890123456", "enter")
	ext := w.choice.ExternalID
	if len(ext) != 24 {
		t.Fatalf("suggested ExternalId %q", ext)
	}
	press(d, "enter", "y") // ExternalId as suggested; MFA: yes (y goes on)
	d.RequireView("Role name")
	previewHas(t, w, "any RAM user or role of account 1234567890123456 that its own policies allow, with the right ExternalId", "when Bool acs:MFAPresent=true")
	roleAndPolicies(d, "partner-audit", "")
	confirm := confirmAndApply(t, d)
	// The trust in words is read whole in the confirmation box (its lines are cut at 70 cells).
	words := strings.Join(confirm.Details, " ")
	for _, want := range []string{"with the right ExternalId", "acs:MFAPresent=true"} {
		if !strings.Contains(strings.Join(strings.Fields(words), " "), want) {
			t.Fatalf("the confirmation lacks %q:\n%s", want, strings.Join(confirm.Details, "\n"))
		}
	}
	for _, l := range confirm.Details {
		if components.Width(l) > ConfirmWidth {
			t.Fatalf("a confirmation line is cut in the box: %q", l)
		}
	}
	st := trustOf(t, deps.Client(), "partner-audit").Statement[0]
	if len(st.Principal.RAM) != 1 || st.Principal.RAM[0] != "acs:ram::1234567890123456:root" ||
		strings.Join(st.Condition["StringEquals"]["sts:ExternalId"], "") != ext ||
		strings.Join(st.Condition["Bool"]["acs:MFAPresent"], "") != "true" {
		t.Fatalf("trust statement %+v", st)
	}
	pickerSays(t, deps, "partner-audit", "no: trust policy")
}

// An ECS service role, max session 2h: read back, it trusts ecs.aliyuncs.com only.
func TestWizardECSServiceRole(t *testing.T) {
	deps, d := open(t, 120, 40)
	kind(d, 3)
	d.RequireView("ecs.aliyuncs.com")
	press(d, "enter") // ecs, the first
	previewHas(t, d.S.(*wizard), "the cloud service ecs.aliyuncs.com")
	press(d, "ecs-worker", "enter", "enter", "right", "enter") // max session 2h
	confirm := confirmAndApply(t, d)
	if !strings.Contains(strings.Join(confirm.Details, "\n"), "Max session 2h") {
		t.Fatalf("details %q", confirm.Details)
	}
	r, _ := deps.Client().GetRole(context.Background(), "ecs-worker")
	if r.MaxSessionDuration != 2*time.Hour {
		t.Fatalf("max session %v", r.MaxSessionDuration)
	}
	st := trustOf(t, deps.Client(), "ecs-worker").Statement[0]
	if len(st.Principal.Service) != 1 || st.Principal.Service[0] != "ecs.aliyuncs.com" || len(st.Principal.RAM) != 0 {
		t.Fatalf("trust %+v", st.Principal)
	}
	pickerSays(t, deps, "ecs-worker", "no: trust policy")
}

// The demo's OIDC provider: oidc:iss is its issuer, oidc:aud its client ids, oidc:sub typed.
func TestWizardOIDCProviderRole(t *testing.T) {
	deps, d := open(t, 120, 40)
	w := d.S.(*wizard)
	kind(d, 4)
	d.RequireView("SAML azure-ad", "OIDC ack-rrsa-c8f3e2a1b4d5")
	press(d, "down", "enter")
	d.RequireView("oidc:aud")
	press(d, "enter", "system:serviceaccount:prod:uploader", "enter")
	previewHas(t, w, "identities from OIDC provider ack-rrsa-c8f3e2a1b4d5", "oidc:sub=system:serviceaccount:prod:uploader")
	roleAndPolicies(d, "rrsa-uploader", "")
	confirmAndApply(t, d)
	st := trustOf(t, deps.Client(), "rrsa-uploader").Statement[0]
	eq := st.Condition["StringEquals"]
	if st.Principal.Federated[0] != "acs:ram::"+w.acct.ID+":oidc-provider/ack-rrsa-c8f3e2a1b4d5" ||
		eq["oidc:iss"][0] != w.acct.OIDC[0].IssuerURL || strings.Join(eq["oidc:aud"], ",") != "sts.aliyuncs.com" ||
		strings.Join(eq["oidc:sub"], ",") != "system:serviceaccount:prod:uploader" {
		t.Fatalf("trust %+v %+v", st.Principal, st.Condition)
	}
	pickerSays(t, deps, "rrsa-uploader", "no: trust policy")
}

// A SAML provider role gets the console's saml:recipient.
func TestWizardSAMLProviderRole(t *testing.T) {
	deps, d := open(t, 120, 40)
	kind(d, 4)
	press(d, "enter", "enter") // azure-ad, China site
	roleAndPolicies(d, "sso-readers", "")
	confirmAndApply(t, d)
	st := trustOf(t, deps.Client(), "sso-readers").Statement[0]
	if st.Condition["StringEquals"]["saml:recipient"][0] != policy.SAMLRecipientChina {
		t.Fatalf("trust %+v", st.Condition)
	}
}

// ctrl+e finishes the trust policy in $EDITOR: the saved document is what is created; an
// invalid one is refused in place.
func TestWizardTrustFinishedInTheEditor(t *testing.T) {
	deps, d := open(t, 120, 40)
	w := d.S.(*wizard)
	press(d, "ctrl+e")
	edit := viewtest.Last[screen.EditMsg](d)
	if !strings.Contains(edit.Doc, "acs:ram::"+w.acct.ID+":root") {
		t.Fatalf("the editor got %q", edit.Doc)
	}
	d.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}`})
	if w.custom != "" || w.Err == "" {
		t.Fatalf("an invalid trust policy was taken: err %q", w.Err)
	}
	doc := strings.Replace(edit.Doc, "acs:ram::"+w.acct.ID+":root", "acs:ram::"+w.acct.ID+":role/ops-readonly", 1)
	d.Deliver(screen.EditedMsg{Text: doc})
	previewHas(t, w, "Edited in $EDITOR", "sessions of role ops-readonly")
	press(d, "enter") // the kind, as it is: the edit wins
	roleAndPolicies(d, "from-editor", "")
	confirmAndApply(t, d)
	if p := trustOf(t, deps.Client(), "from-editor").Statement[0].Principal; p.RAM[0] != "acs:ram::"+w.acct.ID+":role/ops-readonly" {
		t.Fatalf("trust %+v", p)
	}
}

// A failure part-way says what exists: the role was made, the policy could not be attached.
func TestWizardFailurePartWaySaysWhatExists(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	c := deps.Client()
	ctx := context.Background()
	if _, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: "short-lived", Document: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}`}); err != nil {
		t.Fatal(err)
	}
	a, err := Load(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	d := viewtest.Drive(t, New(deps, a, 0, nil), 120, 40)
	w := d.S.(*wizard)
	kind(d, 0)
	roleAndPolicies(d, "half-made", "short-lived")
	// The policy goes away between the pick and the attach: RAM refuses the attach.
	if err := c.DeletePolicy(ctx, "short-lived"); err != nil {
		t.Fatal(err)
	}
	confirmAndApply(t, d)
	if !strings.Contains(w.Err, "attach short-lived (Custom) failed") || !strings.Contains(w.Err, "create role half-made") ||
		!strings.Contains(w.Err, "the role exists") {
		t.Fatalf("error %q", w.Err)
	}
	if _, err := c.GetRole(ctx, "half-made"); err != nil {
		t.Fatal(err)
	}
	if len(d.Pushed()) != 0 {
		t.Fatal("a failed run left the wizard")
	}
	d.RequireView("failed")
}

// The grant choice hands over to the grant wizard.
func TestWizardGrantChoiceOpensTheGrantWizard(t *testing.T) {
	_, d := open(t, 120, 40)
	kind(d, 5)
	if p := d.Pushed(); len(p) != 1 || !strings.Contains(p[0].Title(), "Grant a developer access") {
		t.Fatalf("pushed %v", p)
	}
}

// At 80x24 the wizard fits and a hostile user name is drawn safe.
func TestWizardFitsSmallTerminals(t *testing.T) {
	_, d := open(t, 80, 24)
	kind(d, 1)
	if lines := strings.Split(d.View(), "\n"); len(lines) > 24 {
		t.Fatalf("%d lines", len(lines))
	}
	d.RequireView("Users and roles")
}

// Answering no to the confirmation leaves the wizard as it was: nothing says a step runs, the
// keys still work (submitting asks again), and nothing was created.
func TestWizardNoToTheConfirmationKeepsItUsable(t *testing.T) {
	deps, d := open(t, 120, 40)
	w := d.S.(*wizard)
	kind(d, 3)
	press(d, "enter") // ecs
	roleAndPolicies(d, "ecs-maybe", "")
	d.Others = nil
	press(d, "enter")
	if viewtest.Last[screen.ConfirmMsg](d).OnYes == nil {
		t.Fatalf("no confirmation; view:\n%s", d.View())
	}
	// The user says no: the root drops OnYes.
	if w.Busy != "" || strings.Contains(d.View(), "Step 1/") {
		t.Fatalf("before any yes the wizard says a step runs: %q", w.Busy)
	}
	if _, err := deps.Client().GetRole(context.Background(), "ecs-maybe"); ramclient.KindOf(err) != ramclient.KindNotFound {
		t.Fatalf("the role exists before a yes: %v", err)
	}
	for i := 0; i < 4; i++ { // the pages again, as they are: the kind, the service, the role, the policies
		press(d, "enter", "enter", "enter")
		if len(viewtest.All[screen.ConfirmMsg](d)) > 1 {
			break
		}
	}
	again := viewtest.All[screen.ConfirmMsg](d)
	if len(again) < 2 {
		t.Fatalf("after no, the wizard took no keys; view:\n%s", d.View())
	}
	d.Others = nil
	d.Run(again[len(again)-1].OnYes)
	if _, err := deps.Client().GetRole(context.Background(), "ecs-maybe"); err != nil {
		t.Fatalf("yes did not create it: %v", err)
	}
}

// The OIDC page names the chosen provider's client ids and issuer (set on the event loop, not
// by huh's evaluators in a command's goroutine); client ids typed right after enter, before
// the program has run the enter's commands, go into the OIDC page's first field.
func TestWizardOIDCFieldSetOnTheEventLoop(t *testing.T) {
	_, d := open(t, 120, 40)
	w := d.S.(*wizard)
	kind(d, 4)
	press(d, "down")
	d.Concurrently(screentest.Key("enter"), func() { press(d, "aud-1") })
	if w.choice.Audiences != "aud-1" {
		t.Fatalf("audiences %q", w.choice.Audiences)
	}
	d.RequireView("oidc:iss is its issuer", "https://oidc-ack-cn-hangzhou") // the provider's, wrapped
	for range "aud-1" {
		d.Deliver(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	d.RequireView(strings.Join(w.acct.OIDC[0].ClientIDs, ", ")) // the placeholder
}

// A Chinese role name is refused under the field with RAM's rule said plainly and where
// Chinese text can go; the preview's wrapped lines keep their indent; at 80 columns the
// header is not cut.
func TestWizardChineseNameAt80Columns(t *testing.T) {
	_, d := open(t, 80, 24)
	if !strings.Contains(d.View(), "Nothing is created before you confirm. ctrl+e edits the trust in $EDITOR.\n") {
		t.Fatalf("the header is cut at 80 columns:\n%s", d.View())
	}
	kind(d, 2)
	press(d, "1234567890123456", "enter", "enter", "y")
	d.RequireView("Role name")
	press(d, "运维角色", "enter")
	// ramclient's message, as every other form says it (it was the wizard's own), wrapped.
	want := ramclient.CheckRoleName("运维角色").Error()
	if flat := strings.Join(strings.Fields(d.View()), " "); !strings.Contains(flat, want) || !strings.Contains(want, "write 中文 in the description") {
		t.Fatalf("the view does not say %q:\n%s", want, d.View())
	}
	for _, l := range strings.Split(d.View(), "\n") {
		if strings.HasPrefix(l, "with the right") {
			t.Fatalf("a wrapped preview line lost its indent:\n%s", d.View())
		}
	}
}

// A trust finished in the editor that trusts every account is confirmed with lint's warning,
// and nothing is created before the answer.
func TestWizardConfirmationWarnsOfLint(t *testing.T) {
	deps, d := open(t, 120, 40)
	press(d, "ctrl+e")
	d.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["*"]}}]}`})
	press(d, "enter")
	roleAndPolicies(d, "open-door", "")
	d.Others = nil
	press(d, "enter")
	confirm := viewtest.Last[screen.ConfirmMsg](d)
	if confirm.OnYes == nil || !strings.Contains(strings.Join(confirm.Warnings, "\n"), "trusts every Alibaba Cloud account") {
		t.Fatalf("the confirmation does not warn: %+v\n%s", confirm, d.View())
	}
	for _, e := range deps.Client().Log().Entries() {
		if e.Action == "CreateRole" {
			t.Fatal("CreateRole was sent before the answer")
		}
	}
}

// "Another account" refuses this account's own id, on the field, pointing to "This account";
// a field's error shows once, under the field (not again in the preview, nor 30 blank lines
// below at 40 rows); the multi-select's filter does not run into its title.
func TestWizardAnotherAccountFieldErrors(t *testing.T) {
	_, d := open(t, 120, 40)
	w := d.S.(*wizard)
	kind(d, 2)
	press(d, "12345", "enter")
	v := d.View()
	if n := strings.Count(v, "an account id is 16 digits"); n != 1 {
		t.Fatalf("the field's error shows %d times:\n%s", n, v)
	}
	lines := strings.Split(v, "\n")
	field, msg := -1, -1
	for i, l := range lines {
		if strings.Contains(l, "> 12345") {
			field = i
		}
		if strings.Contains(l, "an account id is 16 digits") {
			msg = i
		}
	}
	if field < 0 || msg-field > 9 {
		t.Fatalf("the error is %d lines below its field:\n%s", msg-field, v)
	}
	for range 5 {
		d.Press(tea.KeyBackspace)
	}
	press(d, w.acct.ID, "enter")
	d.RequireView(`that is this account: choose "This account"`)
	if strings.Contains(d.View(), "Role name") {
		t.Fatalf("this account's own id went through:\n%s", d.View())
	}
	for range len(w.acct.ID) {
		d.Press(tea.KeyBackspace)
	}
	press(d, "1234567890123456", "enter", "enter", "enter") // ExternalId, MFA: no
	roleAndPolicies(d, "partner", "OSSRead")
	d.RequireView("Policies to attach (optional)  /OSSRead")
}
