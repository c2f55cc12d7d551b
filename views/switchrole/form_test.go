package switchrole

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// openForm opens the form for a role name as `s` on a role does (no picker before it).
func openForm(t *testing.T, e *switchEnv, role string, w, h int) (*driver, *switchForm) {
	t.Helper()
	dr := drive(t, NewSwitchForm(e.d, e.cfg, role), w, h)
	return dr, dr.S.(*switchForm)
}

// setField replaces a field's text the way a user would: focus it, clear it, type.
func setField(dr *driver, f *switchForm, field string, text string) {
	f.Focus(field)
	dr.Press(tea.KeyCtrlU)
	if text != "" {
		dr.Type(text)
	}
}

func assumeCalls(e *switchEnv) int {
	n := 0
	for _, c := range e.d.Client().Log().Entries() {
		if c.Action == "AssumeRole" {
			n++
		}
	}
	return n
}

func TestFormDefaultsAndDurationClamping(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr, f := openForm(t, e, "ops-readonly", 120, 40)
	dr.RequireView("Max session     1h (the role's MaxSessionDuration)", "acs:ram::"+e.acct+":role/ops-readonly",
		"Session name    ✓ ops-admin") // the default session name: the caller's user name

	cases := []struct {
		typed   string
		want    time.Duration
		clamped bool
	}{
		{"", time.Hour, false},
		{"30m", 30 * time.Minute, false},
		{"3h", time.Hour, true},        // more than the role allows: its maximum, not a failure
		{"5m", 15 * time.Minute, true}, // less than STS allows
		{"1800", 30 * time.Minute, false},
	}
	for _, c := range cases {
		setField(dr, f, fDuration, c.typed)
		d, clamped, err := f.duration()
		if err != nil || d != c.want || clamped != c.clamped {
			t.Errorf("%q: %v clamped=%v err=%v, want %v clamped=%v", c.typed, d, clamped, err, c.want, c.clamped)
		}
	}
	setField(dr, f, fDuration, "3h")
	dr.RequireView("→ 1h (clamped)")

	// The clamped request really is accepted by the service.
	dr.Key("enter")
	res := dr.Pushed()
	if len(res) != 1 {
		t.Fatalf("submit pushed %v; flashes %v; view:\n%s", res, dr.Flashes(), dr.View())
	}
	r := res[0].(*switchResult)
	if r.in.Duration != time.Hour || !r.creds.Expiration.Equal(testNow.Add(time.Hour)) {
		t.Errorf("asked %v, expires %v", r.in.Duration, r.creds.Expiration)
	}
	if r.in.SessionName != "ops-admin" || !strings.HasSuffix(r.creds.AssumedRoleArn, ":role/ops-readonly/ops-admin") {
		t.Errorf("session %q, assumed %s", r.in.SessionName, r.creds.AssumedRoleArn)
	}
	// The switch is remembered for the picker's ordering.
	if rec, _ := e.cfg.Dirs.LoadRoles(); rec[e.arn("ops-readonly")].Count != 1 {
		t.Errorf("recents: %+v", rec)
	}

	// A longer role: dev-deploy allows 2h.
	dr2, f2 := openForm(t, e, "dev-deploy", 120, 40)
	setField(dr2, f2, fDuration, "90m")
	if d, clamped, _ := f2.duration(); d != 90*time.Minute || clamped {
		t.Errorf("dev-deploy 90m: %v clamped=%v", d, clamped)
	}
	setField(dr2, f2, fDuration, "12h")
	if d, _, _ := f2.duration(); d != 2*time.Hour {
		t.Errorf("dev-deploy 12h: %v", d)
	}
}

func TestFormRefusesBadInputBeforeAnyCall(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr, f := openForm(t, e, "ops-readonly", 80, 24)
	before := assumeCalls(e)
	for _, c := range []struct {
		field      string
		text, want string
	}{
		{fName, "张伟", "session name has"},
		{fName, "a", "2-64 characters"},
		{fDuration, "soon", "write e.g. 1h"},
		{fExternalID, "x", "ExternalId must be 2-1224"},
	} {
		setField(dr, f, fName, "ops-admin")
		setField(dr, f, fDuration, "1h")
		setField(dr, f, fExternalID, "")
		setField(dr, f, c.field, c.text)
		dr.Key("enter")
		if !strings.Contains(f.Err, c.want) {
			t.Errorf("%q: error %q, want %q", c.text, f.Err, c.want)
		}
		viewtest.Fits(t, dr.View(), 80, 24)
	}
	if n := assumeCalls(e) - before; n != 0 {
		t.Errorf("%d AssumeRole calls for bad input", n)
	}
	if len(dr.Pushed()) != 0 {
		t.Error("bad input pushed a screen")
	}
}

func TestFormSessionPolicyLiveValidation(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr, f := openForm(t, e, "ops-readonly", 120, 40)

	// Template: read-only OSS on a bucket and prefix.
	setField(dr, f, fTemplate, "oss-test/dir111/")
	dr.Key("enter")
	if f.policyErr != nil || !strings.Contains(f.policy, `"acs:oss:*:*:oss-test/dir111/*"`) {
		t.Fatalf("template: err %v\n%s", f.policyErr, f.policy)
	}
	dr.RequireView("chars, valid", "template: read-only OSS oss-test/dir111/")
	setField(dr, f, fTemplate, "Bad_Bucket")
	dr.Key("enter")
	if !strings.Contains(f.Err, "bucket") {
		t.Errorf("bad bucket: %q", f.Err)
	}

	// A file with a grammar error: the position is shown.
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n  \"Version\": \"1\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"oss:GetObject\"}]\n}"), 0o600)
	setField(dr, f, fPolicyFile, bad)
	dr.Key("enter")
	if f.policyErr == nil {
		t.Fatal("a policy without Resource was accepted")
	}
	dr.RequireView("✗", "line 3:")

	// Over 2048 characters: the size is shown and nothing is sent.
	big := `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject"],"Resource":["acs:oss:*:*:b/` + strings.Repeat("a", 2100) + `"]}]}`
	f.setPolicy(big, "test")
	dr.RequireView("/2048 chars")
	before := assumeCalls(e)
	dr.Key("enter")
	if !strings.Contains(f.Err, "session policy") || assumeCalls(e) != before {
		t.Errorf("oversized policy: err %q, calls %d", f.Err, assumeCalls(e)-before)
	}
	dr.Press(tea.KeyCtrlX)
	if f.policy != "" || f.policyErr != nil {
		t.Error("ctrl+x did not clear the policy")
	}

	// A missing file is a clear error.
	setField(dr, f, fPolicyFile, filepath.Join(dir, "nope.json"))
	dr.Key("enter")
	if !strings.Contains(f.Err, "no such file") {
		t.Errorf("missing file: %q", f.Err)
	}
}

// ctrl+e goes through the root's one $EDITOR path: the form sends screen.EditMsg with the
// current policy (a skeleton when there is none) and the configured editor; the root's reply
// (screen.EditedMsg, what the editor saved) becomes the session policy, validated as it lands.
func TestFormPolicyFromEditor(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	e.cfg.Editor = "my-editor -w"
	dr, f := openForm(t, e, "ops-readonly", 120, 40)
	dr.Press(tea.KeyCtrlE)
	asks := viewtest.All[screen.EditMsg](dr)
	if len(asks) != 1 || asks[0].From != f.ID() || asks[0].Editor != "my-editor -w" || asks[0].Ext != "json" ||
		!strings.Contains(asks[0].Doc, `"Statement"`) {
		t.Fatalf("ctrl+e asked the root %+v", asks)
	}
	dr.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}`})
	if f.policyErr != nil || !strings.Contains(f.policy, "oss:GetObject") || f.policySrc != "$EDITOR" {
		t.Fatalf("policy from the editor: %q err %v", f.policy, f.policyErr)
	}
	// Editing again starts from that policy; a broken save is shown, not taken silently.
	dr.Press(tea.KeyCtrlE)
	if asks := viewtest.All[screen.EditMsg](dr); len(asks) != 2 || !strings.Contains(asks[1].Doc, "oss:GetObject") {
		t.Fatalf("second edit %+v", asks)
	}
	dr.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[`})
	if f.policyErr == nil {
		t.Error("a broken policy from the editor was accepted")
	}
	dr.Deliver(screen.EditedMsg{Err: errors.New("editor: exit status 1")})
	if !strings.Contains(f.Err, "exit status 1") {
		t.Errorf("editor failure: %q", f.Err)
	}
}

func TestFormEscGoesBack(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr, f := openForm(t, e, "ops-readonly", 80, 24)
	if !f.Capturing() {
		t.Fatal("the form must capture keys so letters reach the fields")
	}
	dr.Key("esc") // nothing typed: back at once
	if len(viewtest.All[screen.PopMsg](dr)) != 1 {
		t.Error("esc did not go back")
	}
	dr.Type("q") // typed into the session name, not a quit
	if !strings.HasSuffix(f.name, "q") {
		t.Errorf("q did not reach the field: %q", f.name)
	}
	dr.Key("esc") // something typed: asked first
	c := viewtest.All[screen.ConfirmMsg](dr)
	if len(viewtest.All[screen.PopMsg](dr)) != 1 || len(c) != 1 {
		t.Fatalf("esc after typing: pops %d, questions %v", len(viewtest.All[screen.PopMsg](dr)), c)
	}
	if got := collect(c[0].OnYes); len(got) != 1 || got[0] != (screen.PopMsg{}) {
		t.Errorf("yes does not go back: %v", got)
	}
}

func TestFormGolden(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	for _, size := range []struct {
		name string
		w, h int
	}{{"form_120x40", 120, 40}, {"form_80x24", 80, 24}} {
		dr, f := openForm(t, e, "finance-export", size.w, size.h)
		setField(dr, f, fDuration, "2h")
		setField(dr, f, fTemplate, "finance-bills/2026/")
		dr.Key("enter")
		v := dr.View()
		viewtest.Fits(t, v, size.w, size.h)
		golden(t, size.name, v, e.acct)
	}
}

func TestFormHintsExternalIDWhenOpenedFromThePicker(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	pk := drive(t, NewSwitchPicker(e.d, e.cfg), 120, 40)
	pk.S.(screen.Filterable).SetFilter("finance-export")
	pk.Key("enter")
	p := pk.Pushed()
	if len(p) != 1 {
		t.Fatalf("enter pushed %v", p)
	}
	dr := drive(t, p[0], 120, 40)
	dr.RequireView("required by the trust policy")
	f := dr.S.(*switchForm)
	setField(dr, f, fExternalID, "fin-export-2024")
	if strings.Contains(dr.View(), "required by the trust policy") {
		t.Error("hint still shown with an ExternalId typed")
	}
	dr.Key("enter")
	if res := dr.Pushed(); len(res) != 1 {
		t.Fatalf("with the ExternalId: pushed %v, err %q", res, f.Err)
	}
}

func TestFormAnotherAccountsRole(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr, f := openForm(t, e, "acs:ram::1357924680135792:role/partner", 80, 24)
	dr.RequireView("unknown (another account's role", "acs:ram::1357924680135792:role/partner")
	// At 80 columns the sentence wraps under its label; it was cut before "the service decides".
	if words := strings.Join(strings.Fields(dr.View()), " "); !strings.Contains(words, "Max session unknown (another account's role, or not readable): the service decides") {
		t.Fatalf("the maximum's sentence is cut:\n%s", dr.View())
	}
	setField(dr, f, fDuration, "3h")
	if d, clamped, _ := f.duration(); d != 3*time.Hour || clamped {
		t.Errorf("unknown maximum: %v clamped=%v (the service decides)", d, clamped)
	}
	viewtest.Fits(t, dr.View(), 80, 24)
}

// A user who presses enter before ramtui knows who they are (the identity answer is still on
// its way) gets the switch as soon as it arrives, not an error to dismiss and a second enter.
func TestFormEnterBeforeIdentityArrivesStillSwitches(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	f := NewSwitchForm(e.d, e.cfg, "ops-readonly")
	f.SetSize(120, 40)
	dr := &driver{T: t, S: f, Hold: true}
	dr.Run(f.Init()) // the identity and role answers are held back
	dr.Hold = false
	dr.Press(tea.KeyEnter)
	if v := dr.View(); strings.Contains(v, "✗") {
		t.Fatalf("enter while loading shows an error:\n%s", v)
	}
	dr.RequireView("waiting")
	held := dr.Held
	dr.Held = nil
	for _, m := range held {
		if m.To == dr.S.ID() {
			dr.Deliver(m.Msg)
		}
	}
	if n := assumeCalls(e); n != 1 {
		t.Fatalf("AssumeRole calls after the identity arrived: %d, want 1\n%s", n, dr.View())
	}
	if len(viewtest.All[screen.PushMsg](dr)) != 1 {
		t.Fatalf("no result screen pushed:\n%s", dr.View())
	}
}

// A session policy with a misspelt action shows lint's warning in the form's pane, wrapped
// to the pane, before the session is asked for.
func TestFormSessionPolicyLintWarning(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr, f := openForm(t, e, "ops-readonly", 80, 24)
	before := assumeCalls(e)
	dr.Deliver(screen.EditedMsg{Text: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObjct","Resource":"acs:oss:*:*:b/*"}]}`})
	if f.policyErr != nil {
		t.Fatal(f.policyErr)
	}
	flat := strings.Join(strings.Fields(dr.View()), " ")
	if !strings.Contains(flat, `"oss:GetObjct" is no action of OSS (did you mean oss:GetObject?)`) {
		t.Fatalf("no lint warning in the pane:\n%s", dr.View())
	}
	viewtest.Fits(t, dr.View(), 80, 24)
	if assumeCalls(e) != before {
		t.Error("a call was made")
	}
}
