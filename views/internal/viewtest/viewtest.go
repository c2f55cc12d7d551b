// Package viewtest runs screens in tests the way the root would, synchronously, against a
// real simulator through the real SDK (no mocks): Drive executes a screen's commands, delivers
// the results addressed to it and keeps every other message for the test to inspect.
package viewtest

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/screen/screentest"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/views/kit"
)

func init() { // tests of screens render without colour, in UTC
	lipgloss.SetColorProfile(termenv.Ascii)
	time.Local = time.UTC
}

// Now is the simulator's and the screens' clock in these tests.
var Now = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// NewDeps starts a simulator with the given seed and signs in as ops-admin (demo) or root.
func NewDeps(t *testing.T, seed string) *kit.Deps {
	t.Helper()
	user := ""
	if seed == "demo" {
		user = "ops-admin"
	}
	return DepsAs(t, Sim(t, seed), user)
}

// Sim starts a simulator with the given seed on the tests' clock, closed with the test.
func Sim(t *testing.T, seed string) *ramsim.Running {
	t.Helper()
	sim, err := ramsim.Start(ramsim.Options{Seed: seed, Clock: func() time.Time { return Now }}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

// DepsAs signs in to sim as user with a new AccessKey ("" = the root account), through the
// real SDK, with the NO_COLOR theme and the tests' clock.
func DepsAs(t *testing.T, sim *ramsim.Running, user string) *kit.Deps {
	t.Helper()
	var id, secret string
	if user == "" {
		id, secret = sim.Account().RootKey()
	} else {
		var err error
		if id, secret, err = sim.Account().IssueAccessKey(user); err != nil {
			t.Fatal(err)
		}
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint,
		Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret, Source: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return &kit.Deps{Session: session.New(c, ""), Theme: theme.New(true), Keys: keymap.Default(), Now: func() time.Time { return Now },
		Drafts: kit.NewDrafts()}
}

// Driver runs a screen like the root would, synchronously: it executes commands, delivers
// results addressed to the screen and keeps every other message for the test to inspect.
type Driver struct {
	T      *testing.T
	S      screen.Screen
	Others []tea.Msg
	Held   []screen.Result // results captured but not delivered (stale-answer tests)
	Hold   bool
}

// Drive sizes and starts s.
func Drive(t *testing.T, s screen.Screen, w, h int) *Driver {
	s.SetSize(w, h)
	d := &Driver{T: t, S: s}
	d.Run(s.Init())
	return d
}

// Run executes cmd and routes its messages.
func (d *Driver) Run(cmd tea.Cmd) { d.route(screentest.Collect(cmd)) }

// Concurrently delivers msg and runs the commands it returns in another goroutine, as Bubble
// Tea does, while during runs on the test's goroutine (the event loop: keys typed, answers
// delivered); then their messages are routed. Under -race, a command that reads what the
// event loop writes is reported.
func (d *Driver) Concurrently(msg tea.Msg, during func()) {
	s, cmd := d.S.Update(msg)
	d.S = s
	done := make(chan []tea.Msg)
	go func() { done <- screentest.Collect(cmd) }()
	during()
	d.route(<-done)
}

func (d *Driver) route(msgs []tea.Msg) {
	for _, msg := range msgs {
		switch m := msg.(type) {
		case screen.Result:
			if d.Hold {
				d.Held = append(d.Held, m)
				continue
			}
			if m.To == d.S.ID() {
				d.Deliver(m.Msg)
				continue
			}
			d.Others = append(d.Others, m.Msg)
		case screen.CallStarted:
		default:
			d.Others = append(d.Others, msg)
		}
	}
}

// Deliver hands msg to the screen.
func (d *Driver) Deliver(msg tea.Msg) {
	s, cmd := d.S.Update(msg)
	d.S = s
	d.Run(cmd)
}

// Key presses keys.
func (d *Driver) Key(keys ...string) {
	for _, k := range keys {
		d.Deliver(screentest.Key(k))
	}
}

// Type sends text as one runes message (non-ASCII safe), like a paste: what a user types
// into a form or a prompt.
func (d *Driver) Type(text string) { d.Deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text)}) }

// Press presses a special key (tea.KeyCtrlE, tea.KeyTab...).
func (d *Driver) Press(k tea.KeyType) { d.Deliver(tea.KeyMsg{Type: k}) }

// View is the screen's view.
func (d *Driver) View() string { return d.S.View() }

// RequireView fails the test unless the view holds every want.
func (d *Driver) RequireView(wants ...string) {
	d.T.Helper()
	v := d.View()
	for _, w := range wants {
		if !strings.Contains(v, w) {
			d.T.Fatalf("view lacks %q:\n%s", w, v)
		}
	}
}

// Pushed returns the screens the screen asked the root to push.
func (d *Driver) Pushed() []screen.Screen {
	var out []screen.Screen
	for _, m := range d.Others {
		if p, ok := m.(screen.PushMsg); ok {
			out = append(out, p.Screen)
		}
	}
	return out
}

// Last is the last message of type M the screen sent up (the zero M if none): the confirmation
// a key asked for, the prompt, the editor request.
func Last[M any](d *Driver) M {
	var last M
	for _, m := range d.Others {
		if v, ok := m.(M); ok {
			last = v
		}
	}
	return last
}

// All is every message of type M the screen sent up, in order.
func All[M any](d *Driver) []M {
	var out []M
	for _, m := range d.Others {
		if v, ok := m.(M); ok {
			out = append(out, v)
		}
	}
	return out
}

// Flashes are the texts of the flashes the screen sent up.
func (d *Driver) Flashes() []string {
	var out []string
	for _, f := range All[screen.FlashMsg](d) {
		out = append(out, f.Text)
	}
	return out
}

// Fits fails the test unless view is at most w x h cells.
func Fits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines, more than %d", len(lines), h)
	}
	for i, l := range lines {
		if n := components.Width(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, n, w, l)
		}
	}
}

// ToSession hands the session's messages the screen sent up (sign-in) to s, as the root
// does, and runs what the session answers.
func (d *Driver) ToSession(s *session.Session) {
	for _, m := range d.Others {
		if ok, cmd := s.Handle(m); ok {
			d.Run(cmd)
		}
	}
}

// RequireWarned checks that the last confirmation warns want (a lint warning: its Warnings)
// and that action was not sent while it waits for y.
func RequireWarned(t *testing.T, d *kit.Deps, dr *Driver, action, want string) {
	t.Helper()
	confirm := Last[screen.ConfirmMsg](dr)
	if confirm.OnYes == nil || !strings.Contains(strings.Join(confirm.Warnings, "\n"), want) {
		t.Fatalf("the confirmation does not warn %q: %+v", want, confirm)
	}
	for _, e := range d.Client().Log().Entries() {
		if e.Action == action {
			t.Fatalf("%s was sent before the answer", action)
		}
	}
}
