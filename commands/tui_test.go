package commands

import (
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/views"
)

// The journeys run the real start-up (newApp, the demo sign-in) against an in-process ramsim
// with the demo data set and a fixed clock, drive it with keys through teatest, and compare the
// final View with a golden file (go test -run TestJourney -update rewrites them). Random parts
// (account and user ids, AccessKey ids, the port) are replaced by fixed text of the same width,
// so layouts are compared exactly.

var journeyNow = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

func init() {
	// Dates on screen are local time; golden files are in UTC. Set before any goroutine runs
	// (changing time.Local later races with every time.Now).
	time.Local = time.UTC
}

type journey struct {
	t      *testing.T
	tm     *teatest.TestModel
	screen *atomic.Pointer[string] // the last frame the program drew
	secret string
	acct   string
	sim    *ramsim.Running // the simulator the program talks to (tests read the account back)
}

// viewRecorder keeps the last frame drawn. Waiting on teatest's output stream is fragile: the
// renderer writes only the lines that changed, skips frames under load, and every wait consumes
// what it read. The journeys wait on what the screen shows now instead.
type viewRecorder struct {
	tea.Model
	last *atomic.Pointer[string]
}

func (v viewRecorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := v.Model.Update(msg)
	v.Model = m
	return v, cmd
}

func (v viewRecorder) View() string {
	s := v.Model.View()
	v.last.Store(&s)
	return s
}

func startJourney(t *testing.T, w, h int, readOnly bool) *journey {
	t.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)

	sim, err := ramsim.Start(ramsim.Options{Seed: "demo", Clock: func() time.Time { return journeyNow }}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	km := keymap.Default()
	km.SetReadOnly(readOnly)
	cfg := appConfig{keys: km, theme: theme.New(true), demo: true, readOnly: readOnly,
		deps: func(d *views.Deps) { d.Now = func() time.Time { return journeyNow } }}
	if err := cfg.demoSignIn(sim); err != nil {
		t.Fatal(err)
	}
	j := &journey{t: t, acct: sim.Account().ID(), sim: sim}
	j.run(cfg, w, h)
	return j
}

// run starts cfg's program in a w x h terminal. Its flashes are held: they end only when the
// next one replaces them, never by their timer. A loaded machine that stalled past a flash's
// 4 s missed it (the demo switch journey on CI, session 6), and a golden that ends on a flash
// depended on reaching the end within 4 s of it. ui's tests cover the timer.
func (j *journey) run(cfg appConfig, w, h int) {
	j.t.Helper()
	cfg.flashTimer = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	j.screen = new(atomic.Pointer[string])
	tm := teatest.NewTestModel(j.t, viewRecorder{Model: newApp(cfg), last: j.screen}, teatest.WithInitialTermSize(w, h))
	j.tm = tm
	j.t.Cleanup(func() { tm.Quit() })
}

// waitFor waits until the screen shows every text at once.
func (j *journey) waitFor(texts ...string) {
	j.t.Helper()
	j.waitUntil(func(scr string) string {
		for _, s := range texts {
			if !strings.Contains(scr, s) {
				return fmt.Sprintf("the screen never showed %q", s)
			}
		}
		return ""
	})
}

// waitGone waits until the screen no longer shows text (e.g. "…", a lazy column still filling).
func (j *journey) waitGone(text string) {
	j.t.Helper()
	j.waitUntil(func(scr string) string {
		if strings.Contains(scr, text) {
			return fmt.Sprintf("the screen still shows %q", text)
		}
		return ""
	})
}

// waitUntil polls the screen until unmet says nothing is missing, or fails with what it says.
func (j *journey) waitUntil(unmet func(scr string) string) {
	j.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var scr string
		if p := j.screen.Load(); p != nil {
			scr = *p
		}
		why := unmet(scr)
		if why == "" {
			return
		}
		if time.Now().After(deadline) {
			j.t.Fatalf("%s; it shows:\n%s", why, scr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (j *journey) keys(ks ...string) {
	for _, k := range ks {
		switch k {
		case "enter":
			j.tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
		case "esc":
			j.tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
		case "right":
			j.tm.Send(tea.KeyMsg{Type: tea.KeyRight})
		case "down":
			j.tm.Send(tea.KeyMsg{Type: tea.KeyDown})
		default:
			// One message for the whole text: teatest's Type sends a key per byte, which
			// breaks non-ASCII names such as 张伟.
			j.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		}
	}
}

var (
	reID   = regexp.MustCompile(`\b\d{16}\b`)
	reKey  = regexp.MustCompile(`LTAI[0-9A-Za-z]{20}`)
	rePort = regexp.MustCompile(`127\.0\.0\.1:\d{5}`)
	// The footer's in-flight counter depends on timing (lazy columns may still be loading).
	reCalls = regexp.MustCompile(`(?m)[|/\\-] \d+ calls?$`)
)

// finish quits, then compares the final View with the golden file.
func (j *journey) finish() {
	j.t.Helper()
	j.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	view := j.tm.FinalModel(j.t, teatest.WithFinalTimeout(10*time.Second)).View()
	if strings.Contains(view, "goroutine ") {
		j.t.Fatalf("stack trace on screen:\n%s", view)
	}
	// The account id, also where a narrow column cut it ("acct 5983…", "acs:ram::5983…").
	fixed := "1000000000000001"
	for n := len(j.acct); n >= 4; n-- {
		view = strings.ReplaceAll(view, j.acct[:n], fixed[:n])
	}
	view = reID.ReplaceAllString(view, fixed)
	view = reKey.ReplaceAllString(view, "LTAI00000000000000000000")
	view = rePort.ReplaceAllString(view, "127.0.0.1:00000")
	view = reCalls.ReplaceAllStringFunc(view, func(m string) string { return strings.Repeat(" ", len(m)) })
	golden.RequireEqual(j.t, []byte(view))
}

func TestJourneyUsersFilterChineseNameAndOpen(t *testing.T) {
	j := startJourney(t, 120, 40, false)
	j.waitFor("acme-cloud", "zhang.wei", "monitoring-agent")
	j.keys("/", "张伟", "enter", "enter")
	j.waitFor("Groups (2)", "AccessKeys (1)", "Effective (8)")
	j.finish()
}

func TestJourneyRoleTrust(t *testing.T) {
	j := startJourney(t, 120, 40, false)
	j.waitFor("acme-cloud", "Users (21)")
	j.keys("3")
	j.waitFor("Roles (11)", "finance-export", "(ExtId)")
	j.keys("/", "finance", "enter", "enter")
	j.waitFor("Who can assume this role", "Policies (")
	j.finish()
}

func TestJourneyPolicyDocument(t *testing.T) {
	j := startJourney(t, 120, 40, false)
	j.waitFor("acme-cloud", "Users (21)")
	j.keys(":", "p", "enter")
	j.waitFor("All policies (", "ci-deploy ") // not just "ci-deploy": the users list has ci-deployer
	j.keys("/", "ci-deploy", "enter", "enter")
	j.waitFor(`"Statement"`, "Versions (5)")
	j.finish()
}

func TestJourneyKeysSmallTerminalReadOnly(t *testing.T) {
	j := startJourney(t, 80, 24, true)
	j.waitFor("acme-cloud", "Users (21)")
	j.keys("5")
	j.waitFor("AccessKeys (12)")    // every user's keys streamed in (legacy-app alone is also a user)
	j.keys("o", "o", "o", "o", "O") // sort by age, oldest first: stable whatever order keys arrived in
	j.waitFor("AGE↓", "AccessKeys (12)")
	j.waitGone("…") // LAST USED fills for the rows on screen after the list (the golden has them all)
	j.finish()
}

func TestJourneyTooSmall(t *testing.T) {
	j := startJourney(t, 100, 30, false)
	j.waitFor("acme-cloud", "Users (21)")
	j.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 20})
	j.waitFor("terminal too small")
	j.finish()
}

// browseAsOpsReadonly goes from the first screen to browsing the account as ops-readonly:
// roles, filter, s, the form, enter, then b on the result.
func (j *journey) browseAsOpsReadonly() {
	j.t.Helper()
	j.waitFor("acme-cloud", "Users (21)")
	j.keys("3")
	j.waitFor("Roles (11)", "ops-readonly")
	j.keys("/", "ops-readonly", "enter", "s")
	j.waitFor("Switch into role ops-readonly")
	j.keys("enter")
	j.waitFor("Credentials for ops-readonly")
	j.keys("b")
	j.waitFor("role/ops-readonly/ops-admin", "until 10:00", "Users (21)")
}

func TestJourneySwitchRoleBrowseAsAndBack(t *testing.T) {
	j := startJourney(t, 120, 40, false)
	j.browseAsOpsReadonly()
	j.keys("2")
	j.waitFor("Groups (7)")
	j.keys(":", "original", "enter")
	// Settled: the original identity in the header and the lists reset (to Users) and reloaded
	// with its permissions. Header, reset and flash arrive as separate messages.
	j.waitFor("Back to acs:ram::", "user/ops-admin  endpoint", "Users (")
	j.keys("2") // the users list fills MFA/KEYS lazily; groups are stable for the golden file
	j.waitFor("Groups (7)", "user/ops-admin  endpoint")
	j.finish()
}

// Renewing while browsing as a role keeps every screen working on the new session.
func TestJourneyRenewWhileBrowsingAsRole(t *testing.T) {
	j := startJourney(t, 120, 40, false)
	j.browseAsOpsReadonly()
	j.waitFor(":renew extends")
	j.keys(":", "renew", "enter")
	j.waitFor("Renewed: the session now lasts until 10:00")
	j.keys("L")
	j.waitFor("API log (")
	j.keys("/", "AssumeRole", "enter")
	j.waitFor("API log (2/") // the switch and the renewal, both by the original identity
	j.keys("esc", "esc", "2")
	j.waitFor("Groups (7)", "role/ops-readonly/ops-admin", "until 10:00")
	j.finish()
}
