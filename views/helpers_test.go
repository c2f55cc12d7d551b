package views

import (
	"reflect"
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
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/theme"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
	time.Local = time.UTC
}

// testNow is the simulator's and the screens' clock in these tests.
var testNow = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// newDeps starts a simulator with the given seed and signs in as ops-admin (demo) or root.
func newDeps(t *testing.T, seed string) *Deps {
	t.Helper()
	sim, err := ramsim.Start(ramsim.Options{Seed: seed, Clock: func() time.Time { return testNow }}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	var id, secret string
	if seed == "demo" {
		id, secret, err = sim.Account().IssueAccessKey("ops-admin")
		if err != nil {
			t.Fatal(err)
		}
	} else {
		id, secret = sim.Account().RootKey()
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint,
		Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret, Source: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return &Deps{Session: session.New(c, ""), Theme: theme.New(true), Keys: keymap.Default(), Now: func() time.Time { return testNow }}
}

// driver runs a screen like the root would, synchronously: it executes commands, delivers
// results addressed to the screen and keeps every other message for the test to inspect.
type driver struct {
	t      *testing.T
	s      screen.Screen
	others []tea.Msg
	held   []screen.Result // results captured but not delivered (stale-answer tests)
	hold   bool
}

func drive(t *testing.T, s screen.Screen, w, h int) *driver {
	s.SetSize(w, h)
	d := &driver{t: t, s: s}
	d.run(s.Init())
	return d
}

func (d *driver) run(cmd tea.Cmd) {
	for _, msg := range collect(cmd) {
		switch m := msg.(type) {
		case screen.Result:
			if d.hold {
				d.held = append(d.held, m)
				continue
			}
			if m.To == d.s.ID() {
				d.deliver(m.Msg)
				continue
			}
			d.others = append(d.others, m.Msg)
		case screen.CallStarted:
		default:
			d.others = append(d.others, msg)
		}
	}
}

func (d *driver) deliver(msg tea.Msg) {
	s, cmd := d.s.Update(msg)
	d.s = s
	d.run(cmd)
}

func (d *driver) key(keys ...string) {
	for _, k := range keys {
		d.deliver(keyMsg(k))
	}
}

func (d *driver) view() string { return d.s.View() }

func (d *driver) requireView(wants ...string) {
	d.t.Helper()
	v := d.view()
	for _, w := range wants {
		if !strings.Contains(v, w) {
			d.t.Fatalf("view lacks %q:\n%s", w, v)
		}
	}
}

// toSession hands the session's messages the screen sent up (sign-in) to s, as the root
// does, and runs what the session answers.
func (d *driver) toSession(s *session.Session) {
	for _, m := range d.others {
		if ok, cmd := s.Handle(m); ok {
			d.run(cmd)
		}
	}
}

// pushed returns the screens the screen asked the root to push.
func (d *driver) pushed() []screen.Screen {
	var out []screen.Screen
	for _, m := range d.others {
		if p, ok := m.(screen.PushMsg); ok {
			out = append(out, p.Screen)
		}
	}
	return out
}

// collect runs a command and everything it batches or sequences, returning the messages.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if msg == nil {
		return nil
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, collect(c)...)
		}
		return out
	}
	// tea.Sequence's message type is unexported; it is a slice of commands.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := 0; i < v.Len(); i++ {
			out = append(out, collect(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}
