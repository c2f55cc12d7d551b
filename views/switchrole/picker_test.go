package switchrole

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/userdata"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// pickRowOf returns the picker's row for a role name.
func pickRowOf(t *testing.T, d *driver, role string) pickRow {
	t.Helper()
	p := d.S.(*switchPicker)
	for _, r := range p.table.Items() {
		if r.arn.RoleName == role {
			return r
		}
	}
	t.Fatalf("no row for %s", role)
	return pickRow{}
}

func TestPickerGivesTheDoctorsReasonForEachRole(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr := drive(t, NewSwitchPicker(e.d, e.cfg), 120, 40)
	for role, want := range map[string]string{
		"ops-readonly":   "yes",
		"prod-admin":     "yes",
		"dev-deploy":     "yes",
		"finance-export": "no: needs ExternalId",
		"security-audit": "no: trust policy",
		"ecs-app-role":   "no: trust policy",
		"sso-admin":      "no: trust policy",
	} {
		if got := pickRowOf(t, dr, role).canCell(); got != want {
			t.Errorf("%s: %q, want %q", role, got, want)
		}
	}
	if r := pickRowOf(t, dr, "dev-deploy"); r.target.maxSession() != 2*time.Hour {
		t.Errorf("dev-deploy max session %v", r.target.maxSession())
	}
	viewtest.Fits(t, dr.View(), 120, 40)

	// The detail line names the full cause of the current row.
	dr.S.(screen.Filterable).SetFilter("security")
	dr.RequireView("why: the role's trust policy does not trust the caller")
}

func TestPickerReasonNoPermission(t *testing.T) {
	// li.na reads RAM (ReadOnlyAccess) but has no sts:AssumeRole.
	e := newSwitchEnv(t, "li.na")
	dr := drive(t, NewSwitchPicker(e.d, e.cfg), 120, 40)
	if got := pickRowOf(t, dr, "prod-admin").canCell(); got != "no: no sts:AssumeRole" {
		t.Errorf("prod-admin: %q", got)
	}
	if got := pickRowOf(t, dr, "ops-readonly").canCell(); got != "no: no sts:AssumeRole, trust policy" {
		t.Errorf("ops-readonly: %q", got)
	}
}

func TestPickerReasonRootCaller(t *testing.T) {
	e := newSwitchEnv(t, "")
	dr := drive(t, NewSwitchPicker(e.d, e.cfg), 120, 40)
	for _, role := range []string{"ops-readonly", "prod-admin"} {
		if got := pickRowOf(t, dr, role).canCell(); got != "no: caller is root" {
			t.Errorf("%s: %q", role, got)
		}
	}
}

func TestPickerFrecencyFavouritesAndTypedARN(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dirs := e.cfg.Dirs
	if err := dirs.RecordRoleUse(e.arn("finance-export"), testNow.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	other := "acs:ram::1357924680135792:role/partner-read"
	if err := dirs.RecordRoleUse(other, testNow.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	dr := drive(t, NewSwitchPicker(e.d, e.cfg), 120, 40)
	p := dr.S.(*switchPicker)
	items := p.table.OnScreen() // in the order shown
	if items[0].arn.RoleName != "finance-export" || items[1].arn.String() != other {
		t.Fatalf("order: %s, %s", items[0].arn, items[1].arn)
	}
	// Another account's role: its trust policy is not visible, so it is unchecked, not refused.
	if r := pickRowOf(t, dr, "partner-read"); r.state != pickUnknown {
		t.Errorf("another account's role: state %v (%s)", r.state, r.canCell())
	}

	// Pin security-audit: it moves to the top and the pin is saved.
	dr.S.(screen.Filterable).SetFilter("security-audit")
	dr.Key("f")
	dr.S.(screen.Filterable).SetFilter("")
	if first := p.table.OnScreen()[0]; first.arn.RoleName != "security-audit" || !first.rank.Favourite {
		t.Fatalf("after f: first row %s fav=%v", first.arn, first.rank.Favourite)
	}
	if r, _ := dirs.LoadRoles(); !r.Favourite(e.arn("security-audit")) {
		t.Error("favourite not saved")
	}

	// i asks for an ARN; a bad one is refused, a good one opens the form.
	dr.Key("i")
	in := viewtest.All[screen.InputMsg](dr)
	if len(in) != 1 {
		t.Fatalf("i sent %v", dr.Others)
	}
	dr.Run(in[0].OnSubmit("acs:ram::12ab:role/x"))
	if f := dr.Flashes(); len(f) == 0 || !strings.Contains(f[len(f)-1], "not a role ARN") {
		t.Errorf("bad ARN: flashes %v", f)
	}
	dr.Run(in[0].OnSubmit("acs:ram::1357924680135792:role/vendor"))
	pushed := dr.Pushed()
	if len(pushed) != 1 || pushed[0].Title() != "Switch to vendor" {
		t.Fatalf("typed ARN pushed %v", pushed)
	}
}

func TestPickerWhenRolesCannotBeListed(t *testing.T) {
	// devops_test may assume oss-test-sts but may not read RAM.
	e := newSwitchEnv(t, "devops_test")
	dr := drive(t, NewSwitchPicker(e.d, e.cfg), 80, 24)
	dr.RequireView("Cannot list roles: NoPermission", "Press i to type a role ARN")
	viewtest.Fits(t, dr.View(), 80, 24)
	dr.Key("i")
	in := viewtest.All[screen.InputMsg](dr)
	dr.Run(in[0].OnSubmit(e.arn("oss-test-sts")))
	r := pickRowOf(t, dr, "oss-test-sts")
	if r.state != pickUnknown || !strings.Contains(r.diag.Summary(), "could not be read") {
		t.Errorf("oss-test-sts: state %v, %q", r.state, r.diag.Summary())
	}
}

func TestPickerGolden(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	if err := e.cfg.Dirs.SetFavouriteRole(e.arn("dev-deploy"), true); err != nil {
		t.Fatal(err)
	}
	// A description in Chinese: double-width cells must not break the layout.
	if _, err := e.d.Client().CreateRole(context.Background(), ramclient.NewRole{RoleName: "fin-report",
		Description: "财务报表导出角色，仅财务部使用 (finance reports)", TrustPolicy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + e.acct + `:root"]}}]}`}); err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct {
		name string
		w, h int
	}{{"picker_120x40", 120, 40}, {"picker_80x24", 80, 24}} {
		dr := drive(t, NewSwitchPicker(e.d, e.cfg), size.w, size.h)
		dr.Key("j", "j", "j", "j", "j") // onto a role that cannot be assumed
		v := dr.View()
		viewtest.Fits(t, v, size.w, size.h)
		golden(t, size.name, v, e.acct)
	}
}

func TestShortCausesCoverEveryCause(t *testing.T) {
	for _, c := range []assume.Cause{assume.CauseRootCaller, assume.CauseNoPermission, assume.CauseNotTrusted, assume.CauseExternalIDRequired} {
		if shortCause(c) == c.String() {
			t.Errorf("%v has no short form", c)
		}
	}
}

func TestPickerWithADamagedRecentsFile(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	if err := os.WriteFile(filepath.Join(e.cfg.Dirs.Config, "roles.json"), []byte("{oops"), 0o600); err != nil {
		t.Fatal(err)
	}
	dr := drive(t, NewSwitchPicker(e.d, e.cfg), 120, 40)
	if n := dr.S.(*switchPicker).table.Len(); n != 11 { // the demo's 11 roles, the service-linked one included
		t.Fatalf("%d roles listed", n)
	}
	if f := strings.Join(dr.Flashes(), "|"); !strings.Contains(f, "roles.json is damaged") {
		t.Errorf("flashes %q", f)
	}
	// Pinning does not overwrite the damaged file.
	dr.Key("f")
	if f := strings.Join(dr.Flashes(), "|"); !strings.Contains(f, "Favourites not saved") {
		t.Errorf("flashes after f: %q", f)
	}
}

// In a large account the picker reads trust policies for the roles a person can see, not one
// GetRole per role in the account; scrolling and filtering check the rows that come into view.
func TestPickerChecksOnlyTheRolesOnScreen(t *testing.T) {
	sim, err := ramsim.Start(ramsim.Options{Seed: "scale:1000", Clock: func() time.Time { return testNow }}, "127.0.0.1:0") // 100 roles
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	e := &switchEnv{sim: sim, d: viewtest.DepsAs(t, sim, ""), acct: sim.Account().ID()}
	getRoles := func() int {
		n := 0
		for _, c := range e.d.Client().Log().Entries() {
			if c.Action == "GetRole" {
				n++
			}
		}
		return n
	}
	dr := drive(t, NewSwitchPicker(e.d, e.cfg), 80, 24)
	first := getRoles()
	if first == 0 || first > 24 {
		t.Fatalf("opening the picker read %d roles, want about a screenful of 100", first)
	}
	p := dr.S.(*switchPicker)
	for _, r := range p.table.OnScreen() {
		if p.rows[r.id()].asked != p.seq {
			t.Fatalf("%s is on screen but was not checked", r.arn.RoleName)
		}
	}
	dr.Key("G") // to the bottom: those rows come into view and are checked
	if n := getRoles(); n <= first {
		t.Fatalf("moving to the bottom checked nothing new (%d GetRole calls)", n)
	}
	last := p.table.OnScreen()
	if r := last[len(last)-1]; r.canCell() == "…" {
		t.Fatalf("the last role is still unchecked after scrolling to it")
	}
	before := getRoles()
	dr.S.(screen.Filterable).SetFilter("role00050")
	dr.Run(dr.S.(screen.FilterWatcher).FilterChanged())
	if getRoles() != before+1 {
		t.Fatalf("filtering to one unchecked role made %d GetRole calls, want 1", getRoles()-before)
	}
}

// A fix applied in the doctor shows in the picker that opened it: no stale "no" on going back.
func TestPickerUpdatesAfterTheDoctorAppliesAFix(t *testing.T) {
	e := newSwitchEnv(t, "ops-admin")
	dr := drive(t, NewSwitchPicker(e.d, e.cfg), 120, 40)
	if got := pickRowOf(t, dr, "security-audit").canCell(); got != "no: trust policy" {
		t.Fatalf("before: %q", got)
	}
	dr.S.(screen.Filterable).SetFilter("security-audit")
	dr.Key("d")
	pushed := dr.Pushed()
	if len(pushed) != 1 {
		t.Fatalf("d pushed %d screens", len(pushed))
	}
	doc := drive(t, pushed[0], 120, 40)
	doc.Key("enter")
	doc.Run(viewtest.All[screen.ConfirmMsg](doc)[0].OnYes) // the admin says yes
	// What the doctor addressed to the picker reaches it through the root.
	for _, m := range doc.Others {
		if _, ok := m.(pickChangedMsg); ok {
			dr.Deliver(m)
		}
	}
	if got := pickRowOf(t, dr, "security-audit").canCell(); got != "yes" {
		t.Fatalf("after the fix the picker still says %q", got)
	}
}

// The role listing streams: the first page shows in frecency order (a remembered role listed
// on a later page leads it from the start) and the roles on screen are checked at once, while
// the listing goes on; the later pages merge into the order, and when the listing ends the
// screen's roles are all checked with no GetRole spent twice (ramsim lists by name, so the
// first page's screen is the final one). It waited for every page before: 10 pages at
// scale:100000, then ranked 10,000 roles, then checked the screen.
func TestPickerStreamsRolePagesAndChecksTheFirstScreenAtOnce(t *testing.T) {
	// scale:20000: 2,000 roles, two pages. The latency keeps the second page from arriving
	// with the first.
	sim, err := ramsim.Start(ramsim.Options{Seed: "scale:20000", Latency: 30 * time.Millisecond, Clock: func() time.Time { return testNow }}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	e := &switchEnv{sim: sim, d: viewtest.DepsAs(t, sim, ""), acct: sim.Account().ID(),
		cfg: SwitchConfig{Dirs: userdata.Dirs{Config: t.TempDir(), Cache: t.TempDir()}}}
	recent := e.arn("role01500")
	if err := e.cfg.Dirs.RecordRoleUse(recent, testNow.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	p := NewSwitchPicker(e.d, e.cfg).(*switchPicker)
	p.SetSize(120, 40)
	dr := &driver{T: t, S: p, Hold: true}
	dr.Run(p.Init())
	var rest []tea.Cmd
	for _, m := range dr.Held { // the caller, and the first page with the recents
		_, cmd := p.Update(m.Msg)
		rest = append(rest, cmd)
	}
	if n := p.table.Len(); n != 1001 || !strings.Contains(p.Title(), "loading") {
		t.Fatalf("after the first page: %d rows, title %q; want the page and the remembered role, still loading", n, p.Title())
	}
	shown := p.table.OnScreen()
	if shown[0].key != recent || shown[1].arn.RoleName != "role00001" {
		t.Fatalf("first rows %s, %s; want the remembered role, then the alphabetical first", shown[0].key, shown[1].key)
	}
	for _, r := range shown {
		if p.rows[r.key].asked != p.seq {
			t.Fatalf("%s is on screen after the first page but not checked before the listing ends", r.key)
		}
	}
	dr.Hold = false
	dr.Run(tea.Batch(rest...))
	if n := p.table.Len(); n != 2000 || strings.Contains(p.Title(), "loading") {
		t.Fatalf("after the listing: %d rows, title %q", n, p.Title())
	}
	shown = p.table.OnScreen()
	if shown[0].key != recent || shown[1].arn.RoleName != "role00001" || shown[len(shown)-1].arn.RoleName != fmt.Sprintf("role%05d", len(shown)-1) {
		t.Fatalf("rows after the listing: %s, %s … %s", shown[0].key, shown[1].key, shown[len(shown)-1].key)
	}
	gets := 0
	for _, c := range e.d.Client().Log().Entries() {
		if c.Action == "GetRole" {
			gets++
		}
	}
	for _, r := range shown {
		if r.canCell() == "…" {
			t.Fatalf("%s still unchecked", r.key)
		}
	}
	if gets != len(shown) {
		t.Fatalf("%d GetRole calls for %d roles on screen", gets, len(shown))
	}
}
