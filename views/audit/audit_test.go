package audit

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	engine "github.com/ramtui/ramtui/audit"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

func TestAuditScreenFindingsFixAndIgnore(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	d.Switch.Dirs.Config = filepath.Join(t.TempDir(), "ramtui")
	dr := viewtest.Drive(t, New(d), 140, 40)
	s := dr.S.(*Screen)
	dr.RequireView("SEVERITY", "key-unused-90-days", "console-no-mfa", "policy-unattached", "password-policy-weak")
	if title := s.Title(); !regexp.MustCompile(`^Audit \d+/100: `).MatchString(title) || !strings.Contains(title, " high") {
		t.Fatalf("title: %q", title)
	} else if w := len([]rune(title)); w > 56 {
		// At 80 columns the title has 56 cells beside the tabs' numbers and "… › ": the score and
		// the counts are what the screen is for (walk5: "…1 … high, 18 medium, 9 low").
		t.Errorf("title %q is %d cells, more than 56", title, w)
	}

	// enter shows the whole finding: why and the calls of its fix.
	s.SetFilter("legacy-unused")
	dr.RequireView("policy legacy-unused")
	dr.Key("enter")
	pushed := dr.Pushed()
	if len(pushed) != 1 {
		t.Fatalf("enter pushed %v", pushed)
	}
	fd := viewtest.Drive(t, pushed[0], 120, 30)
	fd.RequireView("Why: the custom policy is attached to nothing", "f applies it", "DeletePolicy PolicyName=legacy-unused")

	// f on the list: a confirmation naming every call; nothing happens before y.
	dr.Key("f")
	confirm := viewtest.Last[screen.ConfirmMsg](dr)
	if !strings.Contains(confirm.Question, "Fix policy legacy-unused") || len(confirm.Details) == 0 ||
		!strings.Contains(confirm.Details[len(confirm.Details)-1], "DeletePolicy PolicyName=legacy-unused") {
		t.Fatalf("confirmation: %+v", confirm)
	}
	if _, err := d.Client().GetPolicy(context.Background(), "legacy-unused", ramclient.PolicyCustom); err != nil {
		t.Fatalf("deleted before the answer: %v", err)
	}
	dr.Run(confirm.OnYes)
	if _, err := d.Client().GetPolicy(context.Background(), "legacy-unused", ramclient.PolicyCustom); ramclient.KindOf(err) != ramclient.KindNotFound {
		t.Fatalf("the fix did not delete the policy: %v", err)
	}
	s.SetFilter("")
	if strings.Contains(dr.View(), "policy-unattached") {
		t.Errorf("the fixed finding is still listed:\n%s", dr.View())
	}

	// i asks for a reason; the finding then leaves the list and the file keeps it (0600).
	s.SetFilter("key-unused")
	dr.Key("i")
	in := viewtest.Last[screen.InputMsg](dr)
	if in.OnSubmit == nil || !strings.Contains(in.Prompt, "Why") {
		t.Fatalf("no reason asked: %+v", in)
	}
	dr.Run(in.OnSubmit("break-glass key, kept on purpose"))
	s.SetFilter("")
	if strings.Contains(dr.View(), "key-unused-90-days") || !strings.Contains(s.Title(), "1 ignored") {
		t.Errorf("ignored finding still listed (title %q):\n%s", s.Title(), dr.View())
	}
	path := engine.IgnorePath(d.Switch.Dirs.Config)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("ignore file: %v %v", fi, err)
	}
	l, err := engine.LoadIgnores(path)
	if err != nil || len(l.Ignores) != 1 || l.Ignores[0].Check != engine.CheckKeyUnused {
		t.Fatalf("ignore file holds %+v %v", l, err)
	}
	// I shows it, marked, with its reason; i on it stops ignoring it.
	dr.Key("I")
	dr.RequireView("ignored", "break-glass key, kept on purpose")
	s.SetFilter("break-glass")
	dr.Key("i")
	s.SetFilter("")
	dr.Key("I")
	dr.RequireView("key-unused-90-days")
	if l, _ := engine.LoadIgnores(path); len(l.Ignores) != 0 {
		t.Errorf("still ignored in the file: %+v", l)
	}
	// A new screen (a new ramtui) reads the ignore list too.
	dr.Key("i")
	in = viewtest.Last[screen.InputMsg](dr)
	if in.OnSubmit("") == nil {
		t.Error("an empty reason was not refused")
	}
}

func TestAuditScreenGoesToTheFixScreen(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, New(d), 140, 40)
	dr.S.(*Screen).SetFilter("li.na")
	dr.RequireView("console-no-mfa")
	dr.Key("f")
	pushed := dr.Pushed()
	if len(pushed) != 1 || pushed[0].Title() != "user li.na" {
		t.Fatalf("f pushed %v", pushed)
	}
}

func TestAuditScreenReadOnly(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	d.Keys.SetReadOnly(true)
	dr := viewtest.Drive(t, New(d), 140, 40)
	dr.S.(*Screen).SetFilter("legacy-unused")
	dr.Key("f")
	if c := viewtest.Last[screen.ConfirmMsg](dr); c.OnYes != nil {
		t.Fatalf("read-only mode asked to fix: %+v", c)
	}
}

// A finding's why and fix are read whole at 80x24: they wrap instead of being cut at the edge
// (walk5: "Why: the root account has 1 active AccessKey(s) (credential report): a secret t…").
func TestFindingWhyAndFixWrapAt80Columns(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	d.Switch.Dirs.Config = filepath.Join(t.TempDir(), "ramtui")
	dr := viewtest.Drive(t, New(d), 80, 24)
	s := dr.S.(*Screen)
	dr.RequireView("SEVERITY")
	s.mu.Lock()
	findings := append([]engine.Finding(nil), s.report.Findings...)
	s.mu.Unlock()
	if len(findings) == 0 {
		t.Fatal("no findings on the demo")
	}
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, f := range findings {
		fd := viewtest.Drive(t, newFinding(d, s, Row{Finding: f}), 80, 24)
		v := flat(fd.View())
		for _, want := range []string{"Why: " + f.Why + ".", "Fix: " + f.Fix.Summary + "."} {
			if !strings.Contains(v, flat(want)) {
				t.Errorf("%s %s: the view lacks %q:\n%s", f.Check, f.Entity(), want, fd.View())
			}
		}
	}
}

// A fix names what it changed: a key's fix its user (the Users list reads that row again, the
// AccessKeys list that user's keys), not an unnamed change no list can place.
func TestAuditFixAnnouncesItsEntity(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, New(d), 140, 40)
	s := dr.S.(*Screen)
	s.SetFilter("key-unused-90-days")
	if r, ok := s.Table.Current(); !ok || r.User != "legacy-app" {
		t.Fatalf("the demo's unused key: %+v", r)
	}
	dr.Key("f")
	yes := viewtest.Last[screen.ConfirmMsg](dr).OnYes
	dr.Others = nil
	dr.Run(yes)
	changed := viewtest.All[screen.ChangedMsg](dr)
	if len(changed) != 1 || changed[0].Kind != "user" || changed[0].Name != "legacy-app" {
		t.Fatalf("the key's fix announced %+v", changed)
	}
}

// A key's finding says whose key it is in the list at 120 columns: the ENTITY column cut
// "accesskey LTAI… of user legacy-app" before the user.
func TestAuditKeyFindingsNameTheUser(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, New(d), 120, 40)
	dr.S.(*Screen).SetFilter("key-unused-90-days")
	dr.RequireView("user legacy-app, key LTAI")
}
