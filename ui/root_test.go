package ui

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/screen/screentest"
	"github.com/ramtui/ramtui/ui/theme"
)

// listScreen is a minimal real screen over the shared table, for exercising the root.
type listScreen struct {
	id    screen.ID
	name  string
	table *components.Table[string]
	km    *keymap.KeyMap
	got   []tea.Msg
}

func newListScreen(km *keymap.KeyMap, name string, rows int) *listScreen {
	s := &listScreen{id: screen.NewID(), name: name, km: km}
	s.table = components.NewTable(theme.New(true), km, func(r string) string { return r },
		components.Column[string]{Title: "NAME", Min: 10, Cell: func(r string) string { return r }})
	for i := range rows {
		s.table.Upsert(fmt.Sprintf("%s-%02d", name, i))
	}
	return s
}

func (s *listScreen) ID() screen.ID      { return s.id }
func (s *listScreen) Init() tea.Cmd      { return nil }
func (s *listScreen) View() string       { return s.table.View() }
func (s *listScreen) SetSize(w, h int)   { s.table.SetSize(w, h) }
func (s *listScreen) Title() string      { return s.name }
func (s *listScreen) Filter() string     { return s.table.Filter() }
func (s *listScreen) SetFilter(f string) { s.table.SetFilter(f) }
func (s *listScreen) KeyMap() help.KeyMap {
	return simpleHelp{s.km.Nav.Down, s.km.List.Open}
}
func (s *listScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	s.got = append(s.got, msg)
	switch f := msg.(type) {
	case flashMe:
		return s, tea.Batch(screen.Flash(string(f)), nil)
	case flashInSequence:
		return s, tea.Sequence(screen.Pop(), screen.Flash(string(f)))
	case flashFromCall:
		return s, screen.Call(0, func() tea.Msg { return screen.FlashMsg{Text: string(f)} })
	}
	if k, ok := msg.(tea.KeyMsg); ok {
		if key.Matches(k, s.km.List.Open) {
			cur, _ := s.table.Current()
			return s, screen.Push(newListScreen(s.km, cur, 3))
		}
		if key.Matches(k, s.km.List.Delete) {
			return s, screen.Cmd(screen.ConfirmMsg{Question: "Delete " + s.name + "?", OnYes: screen.Flash("deleted")})
		}
		s.table.HandleKey(k)
	}
	return s, nil
}

// flashMe makes a listScreen flash its text (as a screen does after a change).
type flashMe string

// flashInSequence makes a listScreen go back and flash, in a tea.Sequence; flashFromCall
// flashes from a call's answer addressed to the root.
type (
	flashInSequence string
	flashFromCall   string
)

// shortTitled is a list screen with a short breadcrumb (as the audit's).
type shortTitled struct {
	*listScreen
	short string
}

func (s shortTitled) ShortTitle() string { return s.short }

type simpleHelp []key.Binding

func (h simpleHelp) ShortHelp() []key.Binding  { return h }
func (h simpleHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h} }

func init() {
	// Timers never fire in these synchronous tests.
	tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
}

func newTestRoot(t *testing.T) (*Model, *keymap.KeyMap) {
	t.Helper()
	km := keymap.Default()
	tabs := []Tab{}
	for _, n := range []string{"Users", "Groups", "Roles", "Policies", "Keys"} {
		tabs = append(tabs, Tab{Name: n, New: func() screen.Screen { return newListScreen(km, strings.ToLower(n), 30) }})
	}
	m := New(Options{Theme: theme.New(true), Keys: km, Tabs: tabs,
		Header: Header{Profile: "default", Endpoint: "127.0.0.1:1", Demo: true},
		Commands: []Command{
			{Name: "users", Aliases: []string{"u"}, Run: func() tea.Cmd { return screen.Cmd(screen.SwitchTabMsg{Index: 0}) }},
			{Name: "groups", Aliases: []string{"g"}, Run: func() tea.Cmd { return screen.Cmd(screen.SwitchTabMsg{Index: 1}) }},
			{Name: "q", Run: func() tea.Cmd { return tea.Quit }},
		}})
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return m, km
}

// send feeds msg to the root and then every message its commands produce (synchronously,
// skipping timers), like the runtime would.
func send(m *Model, msg tea.Msg) (quit bool) {
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		msg, queue = queue[0], queue[1:]
		_, cmd := m.Update(msg)
		for _, out := range screentest.Collect(cmd) {
			if _, ok := out.(tea.QuitMsg); ok {
				return true
			}
			queue = append(queue, out)
		}
	}
	return false
}

func TestTypingInFilterNeverFiresHotkeys(t *testing.T) {
	m, _ := newTestRoot(t)
	send(m, screentest.Key("/"))
	for _, r := range "q2:L?" {
		if send(m, screentest.Key(string(r))) {
			t.Fatal("a key typed into the filter quit the program")
		}
	}
	if m.tab != 0 || m.mode != modeFilter {
		t.Fatalf("tab=%d mode=%d: a hotkey fired while filtering", m.tab, m.mode)
	}
	if got := m.top().(screen.Filterable).Filter(); got != "q2:L?" {
		t.Fatalf("filter = %q", got)
	}
	send(m, screentest.Key("enter"))
	if m.mode != modeNormal || m.top().(screen.Filterable).Filter() != "q2:L?" {
		t.Fatal("enter should keep the filter and leave filter mode")
	}
	send(m, screentest.Key("esc"))
	if m.top().(screen.Filterable).Filter() != "" {
		t.Fatal("esc should clear the filter")
	}
}

func TestEscNeverQuitsAndQGoesBackThenQuitsAtTopLevel(t *testing.T) {
	m, _ := newTestRoot(t)
	for range 3 {
		if send(m, screentest.Key("esc")) {
			t.Fatal("esc quit")
		}
	}
	send(m, screentest.Key("enter")) // open a row: depth 2
	if len(m.stack()) != 2 {
		t.Fatalf("depth %d", len(m.stack()))
	}
	if send(m, screentest.Key("q")) {
		t.Fatal("q quit below the top level")
	}
	if len(m.stack()) != 1 {
		t.Fatal("q did not go back from a pushed screen")
	}
	send(m, screentest.Key("enter"))
	send(m, screentest.Key("esc"))
	if len(m.stack()) != 1 {
		t.Fatal("esc did not go back")
	}
	if !send(m, screentest.Key("q")) {
		t.Fatal("q did not quit at the top level")
	}
}

func TestGoingBackRestoresCursorAndFilter(t *testing.T) {
	m, _ := newTestRoot(t)
	send(m, screentest.Key("j"))
	send(m, screentest.Key("j"))
	users := m.top()
	send(m, screentest.Key("enter"))
	if !strings.Contains(m.View(), "users-02") {
		t.Fatal("breadcrumbs should name the opened row")
	}
	send(m, screentest.Key("2")) // another tab and back: each tab keeps its stack
	send(m, screentest.Key("1"))
	send(m, screentest.Key("esc"))
	if m.top() != users {
		t.Fatal("not the same screen instance after going back")
	}
	cur, _ := users.(*listScreen).table.Current()
	if cur != "users-02" {
		t.Fatalf("cursor on %q after going back", cur)
	}
}

func TestResultsReachTheirScreenEvenWhenNotOnTop(t *testing.T) {
	m, _ := newTestRoot(t)
	users := m.top().(*listScreen)
	send(m, screentest.Key("enter"))
	type payload struct{ n int }
	send(m, screen.CallStarted{})
	if m.inFlight != 1 {
		t.Fatal("in-flight counter not raised")
	}
	send(m, screen.Result{To: users.ID(), Msg: payload{7}, Tracked: true})
	if m.inFlight != 0 {
		t.Fatal("in-flight counter not lowered")
	}
	last := users.got[len(users.got)-1]
	if p, ok := last.(payload); !ok || p.n != 7 {
		t.Fatalf("result not delivered to the screen below: %#v", last)
	}
	send(m, screen.Result{To: 999999, Msg: payload{1}}) // discarded screen: dropped quietly
}

func TestPaletteAliasesAndCompletion(t *testing.T) {
	m, _ := newTestRoot(t)
	send(m, screentest.Key(":"))
	send(m, screentest.Key("g"))
	send(m, screentest.Key("enter"))
	if m.tab != 1 {
		t.Fatalf(":g should open groups, tab=%d", m.tab)
	}
	send(m, screentest.Key(":"))
	send(m, screentest.Key("us"))
	send(m, screentest.Key("tab"))
	if m.input.Value() != "users" {
		t.Fatalf("tab completed to %q", m.input.Value())
	}
	send(m, screentest.Key("enter"))
	if m.tab != 0 {
		t.Fatal(":users did not switch")
	}
	send(m, screentest.Key(":"))
	send(m, screentest.Key("nope"))
	send(m, screentest.Key("enter"))
	if m.flash.Level != screen.Error || !strings.Contains(m.flash.Text, "Unknown command") {
		t.Fatalf("flash = %+v", m.flash)
	}
	send(m, screentest.Key(":"))
	send(m, screentest.Key("q"))
	if !send(m, screentest.Key("enter")) {
		t.Fatal(":q did not quit")
	}
}

func TestConfirmDefaultsToNo(t *testing.T) {
	m, _ := newTestRoot(t)
	send(m, screentest.Key("D"))
	if m.mode != modeConfirm || !strings.Contains(m.View(), "Delete users?") {
		t.Fatal("no confirmation shown")
	}
	send(m, screentest.Key("enter"))
	if m.flash.Text == "deleted" {
		t.Fatal("enter confirmed a destructive action")
	}
	send(m, screentest.Key("D"))
	send(m, screentest.Key("y"))
	if m.flash.Text != "deleted" {
		t.Fatalf("y did not confirm: %+v", m.flash)
	}
}

func TestLayoutFitsAndTooSmall(t *testing.T) {
	m, _ := newTestRoot(t)
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {100, 30}} {
		send(m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		lines := strings.Split(m.View(), "\n")
		if len(lines) != sz[1] {
			t.Fatalf("%v: %d lines", sz, len(lines))
		}
		for _, l := range lines {
			if components.Width(l) > sz[0] {
				t.Fatalf("%v: line too wide: %q", sz, l)
			}
		}
		if !strings.Contains(lines[0], "[DEMO]") {
			t.Fatalf("%v: DEMO badge missing: %q", sz, lines[0])
		}
	}
	send(m, tea.WindowSizeMsg{Width: 70, Height: 20})
	if !strings.Contains(m.View(), "terminal too small: need 80x24, have 70x20") {
		t.Fatalf("too-small message missing: %q", m.View())
	}
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if strings.Contains(m.View(), "too small") {
		t.Fatal("recovered size still says too small")
	}
}

func TestHelpComesFromLiveKeymap(t *testing.T) {
	m, km := newTestRoot(t)
	km.SetReadOnly(true)
	send(m, screentest.Key("?"))
	v := m.View()
	if !strings.Contains(v, "read-only") || !strings.Contains(v, "open") {
		t.Fatalf("help:\n%s", v)
	}
	send(m, screentest.Key("x"))
	if m.mode != modeNormal {
		t.Fatal("any key should close help")
	}
}

func TestStartScreenThenTabs(t *testing.T) {
	km := keymap.Default()
	start := newListScreen(km, "signing-in", 0)
	m := New(Options{Theme: theme.New(true), Keys: km, Start: start,
		Tabs: []Tab{{Name: "Users", New: func() screen.Screen { return newListScreen(km, "users", 3) }}}})
	m.Init()
	send(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	send(m, screentest.Key("1"))
	send(m, screentest.Key(":"))
	if m.top() != start || m.mode != modeNormal {
		t.Fatal("tabs or palette opened before start-up finished")
	}
	send(m, screen.StartedMsg{})
	if m.top() == start || m.top().Title() != "users" {
		t.Fatalf("start screen not replaced: %s", m.top().Title())
	}
}

func TestResetTabsReloadsLists(t *testing.T) {
	m, _ := newTestRoot(t)
	send(m, screentest.Key("enter"))
	send(m, screentest.Key("2"))
	old := m.stacks[0][0]
	send(m, screen.ResetTabsMsg{})
	if m.tab != 0 || len(m.stack()) != 1 || m.top() == old || m.stacks[1] != nil {
		t.Fatalf("tab %d depth %d: not reset", m.tab, len(m.stack()))
	}
}

func TestCopyWritesOSC52(t *testing.T) {
	var buf strings.Builder
	old := clipboardOut
	clipboardOut = &buf
	defer func() { clipboardOut = old }()
	t.Setenv("TMUX", "")
	msg := copyCmd(screen.CopyMsg{Text: "acs:ram::1:role/admin", What: "ARN of role admin"}, "")()
	if f, ok := msg.(screen.FlashMsg); !ok || !strings.Contains(f.Text, "ARN of role admin") {
		t.Fatalf("flash %#v", msg)
	}
	// OSC 52 carries the text base64-encoded.
	if !strings.Contains(buf.String(), "\x1b]52;c;YWNzOnJhbTo6MTpyb2xlL2FkbWlu") {
		t.Fatalf("no OSC52 sequence: %q", buf.String())
	}
}

// A terminal delivers key repeat, fast typing and input over a slow SSH link in bursts, which
// Bubble Tea v1 reads as one KeyRunes message ("jjj"). Each rune must act as its own key, in
// the input mode it lands in.
func TestKeyBurstActsAsSeparateKeys(t *testing.T) {
	m, _ := newTestRoot(t)
	send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
	top := m.top().(*listScreen)
	if cur, _ := top.table.Current(); cur != "users-03" {
		t.Fatalf("after a burst of three j: cursor on %q, want users-03", cur)
	}
	send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/s-1")})
	if got := top.Filter(); got != "s-1" {
		t.Fatalf("burst '/s-1': filter %q, want %q (the / opens the filter, the rest is typed into it)", got, "s-1")
	}
	// A bracketed paste stays one message: it is text, not keys.
	send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("xyz"), Paste: true})
	if got := top.Filter(); got != "s-1xyz" {
		t.Fatalf("paste into the filter: %q", got)
	}
}

// The header keeps the profile in view: the account id is on the line already, so the short
// identity with the profile beats the full ARN without it.
func TestHeaderPrefersProfileOverFullARN(t *testing.T) {
	m, _ := newTestRoot(t)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	send(m, screen.HeaderMsg{AccountID: "1234567890123456", Identity: "acs:ram::1234567890123456:user/ops-admin", Profile: "prod-admin"})
	first := strings.SplitN(m.View(), "\n", 2)[0]
	if !strings.Contains(first, "profile prod-admin") || !strings.Contains(first, "as user/ops-admin") {
		t.Fatalf("header: %q", first)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if first := strings.SplitN(m.View(), "\n", 2)[0]; !strings.Contains(first, "user/ops-admin") {
		t.Fatalf("narrow header lost the identity: %q", first)
	}
}

// TestOutsideTextIsDrawnSafely: flashes, confirmations, prompts, breadcrumbs and the header
// carry names and messages from the API; the root draws them through safetext.
func TestOutsideTextIsDrawnSafely(t *testing.T) {
	const hostile = "x\x1b]0;PWNED\a\x1b[2J"
	m, _ := newTestRoot(t)
	send(m, screen.HeaderMsg{Identity: "acs:ram::1:user/" + hostile, AccountAlias: hostile})
	send(m, screen.PushMsg{Screen: newListScreen(m.keys, hostile, 3)})
	views := map[string]string{}
	send(m, screen.FlashMsg{Level: screen.Error, Text: "Delete: " + hostile})
	views["flash, header and breadcrumbs"] = m.View()
	send(m, screen.ConfirmMsg{Question: "Delete user " + hostile + "?", Details: []string{hostile}})
	views["confirmation"] = m.View()
	send(m, screentest.Key("n"))
	send(m, screen.InputMsg{Prompt: "Display name of " + hostile + ":", Value: hostile})
	views["prompt"] = m.View()
	for what, v := range views {
		if strings.Contains(v, "\x1b]") || strings.Contains(v, "\x1b[2J") || strings.ContainsRune(v, '\a') {
			t.Errorf("%s: an escape sequence from the data reached the view:\n%q", what, v)
		}
		if !strings.Contains(v, `\x1b`) {
			t.Errorf("%s: the escape is not shown visibly:\n%s", what, v)
		}
	}
}

// wideHelpScreen has more keys than fit on the last line.
type wideHelpScreen struct{ *listScreen }

func (s wideHelpScreen) KeyMap() help.KeyMap {
	l := s.km.List
	return simpleHelp{l.Open, l.Filter, l.Refresh, l.Copy, l.New, l.Edit, l.Delete, l.Mark, l.MarkAll, l.Sort, l.SortReverse}
}

// The way out and the help key always fit on the last line, however many keys the screen has:
// the screen's own keys are cut first (issue 10 item 5; a longer list pushed "? help" off).
func TestFooterKeepsHelpAndTheWayOutWhenKeysOverflow(t *testing.T) {
	m, km := newTestRoot(t)
	for _, w := range []int{80, 120} {
		send(m, tea.WindowSizeMsg{Width: w, Height: 24})
		send(m, screen.PushMsg{Screen: wideHelpScreen{newListScreen(km, "wide", 3)}})
		lines := strings.Split(m.View(), "\n")
		last := lines[len(lines)-1]
		for _, want := range []string{"? help", "esc back", "enter open"} {
			if !strings.Contains(last, want) {
				t.Errorf("width %d: footer lacks %q: %q", w, want, last)
			}
		}
		if got := components.Width(last); got > w {
			t.Errorf("width %d: footer is %d cells wide: %q", w, got, last)
		}
		send(m, screen.PopMsg{})
	}
}

// A prompt asked again after a refused answer keeps what was typed and says why, on the
// line under it, with its keys when they fit; a new prompt has no reason.
func TestRefusedPromptSaysWhyAndKeepsTheText(t *testing.T) {
	m, _ := newTestRoot(t)
	for _, w := range []int{80, 120} {
		send(m, tea.WindowSizeMsg{Width: w, Height: 24})
		send(m, screen.InputMsg{Prompt: "New group name:", Value: "bad name!", Err: "CreateGroup: invalid input: GroupName: only a-z A-Z 0-9 . _ - allowed"})
		lines := strings.Split(m.View(), "\n")
		status, last := lines[len(lines)-2], lines[len(lines)-1]
		if !strings.Contains(status, "New group name: > bad name!") || !strings.Contains(last, "✗ CreateGroup: invalid input: GroupName") ||
			components.Width(last) > w {
			t.Fatalf("width %d: refused prompt:\n%s\n%s", w, status, last)
		}
		if w == 120 && !strings.Contains(last, "esc") {
			t.Errorf("the keys do not follow the reason: %q", last)
		}
		send(m, screentest.Key("esc"))
		send(m, screen.InputMsg{Prompt: "New group name:"})
		lines = strings.Split(m.View(), "\n")
		if last = lines[len(lines)-1]; strings.Contains(last, "✗") {
			t.Fatalf("a new prompt shows the old reason: %q", last)
		}
		send(m, screentest.Key("esc"))
	}
}

// capturingScreen takes every key, as a form does.
type capturingScreen struct{ *listScreen }

func (capturingScreen) Capturing() bool { return true }

// In a form ':' and '?' are typed into the field, so the footer does not offer them; the way
// back (esc, which the form obeys) stays. Before, every form's footer ended ": command • ?
// help • esc back".
func TestFooterOfACapturingScreenListsOnlyKeysThatWork(t *testing.T) {
	m, km := newTestRoot(t)
	send(m, screen.PushMsg{Screen: capturingScreen{newListScreen(km, "form", 3)}})
	lines := strings.Split(m.View(), "\n")
	last := lines[len(lines)-1]
	if strings.Contains(last, ": command") || strings.Contains(last, "? help") || !strings.Contains(last, "esc back") ||
		!strings.Contains(last, "enter open") {
		t.Fatalf("footer of a form: %q", last)
	}
	send(m, screen.PopMsg{})
	lines = strings.Split(m.View(), "\n")
	if last = lines[len(lines)-1]; !strings.Contains(last, ": command") || !strings.Contains(last, "? help") {
		t.Fatalf("footer of a list: %q", last)
	}
}

// TestTypedConfirmationNeedsTheNameTyped: the worst changes are confirmed only by typing the
// name; y, a wrong name or esc leave the account alone. Every confirmation of a change names
// the account; a local one (a file) does not.
func TestTypedConfirmationNeedsTheNameTyped(t *testing.T) {
	m, _ := newTestRoot(t)
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(m, screen.HeaderMsg{AccountAlias: "demo", AccountID: "1234567890123456"})
	ask := screen.ConfirmMsg{Question: "Delete the key you are signed in with?", Typed: "LTAIown", OnYes: screen.Flash("deleted")}
	send(m, ask)
	v := m.View()
	if !strings.Contains(v, "in account demo (1234567890123456)") || !strings.Contains(v, "Type LTAIown") ||
		!strings.Contains(v, "enter confirm once typed") {
		t.Fatalf("typed confirmation does not name the account or what to type:\n%s", v)
	}
	send(m, screentest.Key("y"))
	if m.mode != modeConfirm || m.flash.Text == "deleted" {
		t.Fatal("y confirmed a typed confirmation")
	}
	for _, r := range "LTAIow" {
		send(m, screentest.Key(string(r)))
	}
	send(m, screentest.Key("enter"))
	if m.mode == modeConfirm || m.flash.Text == "deleted" {
		t.Fatalf("a wrong name confirmed (mode %v, flash %q)", m.mode, m.flash.Text)
	}
	send(m, ask)
	for _, r := range "LTAIown" {
		send(m, screentest.Key(string(r)))
	}
	send(m, screentest.Key("enter"))
	if m.flash.Text != "deleted" {
		t.Fatalf("the typed name did not confirm: %+v", m.flash)
	}
	send(m, screen.ConfirmMsg{Question: "Replace profile x?", Local: true})
	if strings.Contains(m.View(), "in account") {
		t.Fatal("a local question names the account")
	}
}

// No to a question flashes what the question says happens then (leaving a form: still
// there, what was typed kept), else "Cancelled: nothing changed.": "Cancelled" on staying in a
// form read as if the form had been thrown away (session 5).
func TestConfirmNoFlashesItsOwnWords(t *testing.T) {
	m, _ := newTestRoot(t)
	send(m, screen.ConfirmMsg{Question: "Leave the form?", Local: true, OnNo: "Still here: what was typed is kept.", OnYes: screen.Flash("left")})
	send(m, screentest.Key("n"))
	if m.flash.Text != "Still here: what was typed is kept." {
		t.Fatalf("n flashed %q", m.flash.Text)
	}
	send(m, screen.ConfirmMsg{Question: "Delete x?", OnYes: screen.Flash("deleted")})
	send(m, screentest.Key("esc"))
	if m.flash.Text != "Cancelled: nothing changed." {
		t.Fatalf("esc to a change flashed %q", m.flash.Text)
	}
}

// A flash wider than the status line goes on in the key hints' line while it shows, whole:
// at 80 columns "Browsing as acs:ram::…:assumed-role/…; :renew exte…" lost its keys (session
// 5). The hints come back with the flash's end.
func TestLongFlashWrapsOverTheHintsAt80(t *testing.T) {
	m, _ := newTestRoot(t)
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	text := "Browsing as acs:ram::1234567890123456:assumed-role/finance-export/ops-admin; :renew extends the session, :original goes back"
	send(m, screen.FlashMsg{Text: text})
	lines := strings.Split(m.View(), "\n")
	bottom := lines[len(lines)-2:]
	for _, l := range bottom {
		if components.Width(l) > 80 {
			t.Fatalf("line wider than 80: %q", l)
		}
	}
	if got := strings.Join(strings.Fields(strings.Join(bottom, " ")), " "); got != text {
		t.Fatalf("the bottom two lines say %q, want the flash whole", got)
	}
	send(m, flashExpired{seq: m.flashSeq})
	if last := lines[len(lines)-1]; strings.Contains(m.View(), "original goes back") || !strings.Contains(strings.Split(m.View(), "\n")[23], "help") {
		t.Fatalf("the hints did not come back: %q", last)
	}
	// An error too (its reason was cut: "UserName: "张三": user names …"), after the key that
	// shows it whole.
	why := `CreateUser: invalid input: UserName: "张三": user names are ASCII (a-z A-Z 0-9 . _ -); write 中文 in the display name`
	send(m, screen.FlashMsg{Level: screen.Error, Text: why})
	lines = strings.Split(m.View(), "\n")
	got := strings.Join(strings.Fields(strings.Join(lines[len(lines)-2:], " ")), " ")
	if !strings.HasPrefix(got, "E whole error") || !strings.HasSuffix(got, why) {
		t.Fatalf("the error flash reads %q", got)
	}
}

// TestHeaderKeepsAccountCredentialsEndAndRootAt80: at 80 columns, with a long role-session ARN,
// the header still names the account, when the credentials end (and that they renew), and
// warns when signed in as root; the credential source shows when there is room.
func TestHeaderKeepsAccountCredentialsEndAndRootAt80(t *testing.T) {
	until := time.Date(2026, 1, 2, 15, 4, 0, 0, time.Local)
	m, _ := newTestRoot(t)
	m.opts.Creds = func() CredsInfo { return CredsInfo{Source: "profile prod · RamRoleArn", Until: until, Renews: true} }
	send(m, screen.HeaderMsg{AccountAlias: "prod-main", AccountID: "1234567890123456",
		Identity: "acs:ram::1234567890123456:assumed-role/platform-administrators/alice.long-session-name"})
	for _, w := range []int{80, 120, 200} {
		send(m, tea.WindowSizeMsg{Width: w, Height: 24})
		first := strings.SplitN(m.View(), "\n", 2)[0]
		if components.Width(first) > w || !strings.Contains(first, "acct prod-main (1234567890123456)") ||
			!strings.HasSuffix(first, "[DEMO] until 15:04 ↻") {
			t.Fatalf("%d columns: %q", w, first)
		}
		if w >= 200 && !strings.Contains(first, "via profile prod · RamRoleArn") {
			t.Fatalf("%d columns: no credential source: %q", w, first)
		}
	}
	send(m, screen.HeaderMsg{Identity: "acs:ram::1234567890123456:root"})
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if first := strings.SplitN(m.View(), "\n", 2)[0]; !strings.Contains(first, "[ROOT]") {
		t.Fatalf("signed in as root, no warning: %q", first)
	}
}

// Browsing as a role at 80 columns, the header still says which role (session 6 cut it to
// "as role/ops-read…"): the session's name gives way, then the kind, never the role's name.
func TestHeaderKeepsTheRoleNameAt80(t *testing.T) {
	until := time.Date(2026, 1, 2, 15, 4, 0, 0, time.Local)
	m, _ := newTestRoot(t)
	m.opts.Creds = func() CredsInfo { return CredsInfo{Source: "demo user ops-admin", Until: until} }
	m.header.Profile = ""
	for _, c := range []struct{ alias, identity, want string }{
		{"acme-cloud", "acs:ram::3455520962899624:role/ops-readonly/ops-admin", "as role/ops-readonly/… [DEMO] until 15:04"},
		{"acme", "acs:ram::3455520962899624:role/ops-readonly/ops-admin", "as role/ops-readonly/ops-admin [DEMO]"},
		{"acme-cloud", "acs:ram::3455520962899624:assumed-role/ops-readonly/alice.long-session", "as ops-readonly/… [DEMO]"},
		{"acme-c", "acs:ram::3455520962899624:role/ops-readonly/alice.long-session", "as role/ops-readonly/alic…ion [DEMO]"},
		{"acme-cloud", "acs:ram::3455520962899624:role/platform-administrators-of-everything/s", "as platform-a…verything/… [DEMO]"},
		{"阿里云账号", "acs:ram::3455520962899624:user/张三李四王五赵六", "as user/张三李四王五赵六 [DEMO]"},
		{"阿里云账号很长很长的别名", "acs:ram::3455520962899624:user/张三李四王五赵六", "as 张三…六 [DEMO]"},
	} {
		send(m, screen.HeaderMsg{AccountAlias: c.alias, AccountID: "3455520962899624", Identity: c.identity})
		send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
		first := strings.SplitN(m.View(), "\n", 2)[0]
		if components.Width(first) > 80 || !strings.Contains(first, "acct "+c.alias+" (3455520962899624)") || !strings.Contains(first, c.want) {
			t.Errorf("%s: %q, want %q", c.identity, first, c.want)
		}
	}
}

// E runs the "error" command (the last failed call in full) from any screen, and an error
// flash names the key first, so it is not cut off with the flash.
func TestEOpensTheLastErrorAndTheFlashSaysSo(t *testing.T) {
	m, _ := newTestRoot(t)
	ran := 0
	m.opts.Commands = append(m.opts.Commands, Command{Name: "error", Run: func() tea.Cmd { ran++; return nil }})
	send(m, screentest.Key("enter")) // a pushed screen: still global
	send(m, screentest.Key("E"))
	if ran != 1 {
		t.Fatalf("E ran the error command %d times", ran)
	}
	send(m, screen.FlashMsg{Level: screen.Error, Text: "DeleteUser: NoPermission (RequestId 1234): " + strings.Repeat("you are not authorized ", 10)})
	status := strings.Split(m.View(), "\n")[m.h-2]
	if !strings.HasPrefix(status, "E whole error DeleteUser: NoPermission") {
		t.Fatalf("status line = %q", status)
	}
	send(m, screen.FlashMsg{Text: "Copied ARN"})
	if status := strings.Split(m.View(), "\n")[m.h-2]; strings.Contains(status, "whole error") {
		t.Fatalf("an info flash offers the error view: %q", status)
	}
}

// A flash belongs to the screen that raised it: it does not follow the user to another tab
// (nor onto a screen pushed over it), and is there again on the way back; the root's own
// flashes show wherever the user is.
func TestFlashStaysWithItsScreen(t *testing.T) {
	m, _ := newTestRoot(t)
	status := func() string { return strings.Split(m.View(), "\n")[m.h-2] }
	users := m.top()
	send(m, screen.Result{To: users.ID(), Msg: flashMe("Deleted 1 user.")})
	if !strings.Contains(status(), "Deleted 1 user.") {
		t.Fatalf("the flash is not shown on its screen: %q", status())
	}
	send(m, screentest.Key("2"))
	if strings.Contains(status(), "Deleted") {
		t.Fatalf("the Users flash shows on the Groups tab: %q", status())
	}
	send(m, screentest.Key("1"))
	if !strings.Contains(status(), "Deleted 1 user.") {
		t.Fatalf("the flash is gone on the way back: %q", status())
	}
	send(m, screentest.Key("enter"))
	if strings.Contains(status(), "Deleted") {
		t.Fatalf("the flash shows on a screen pushed over its own: %q", status())
	}
	send(m, screentest.Key("2"))
	send(m, screen.FlashMsg{Text: "Cancelled: nothing changed."})
	if !strings.Contains(status(), "Cancelled") {
		t.Fatalf("the root's flash is not shown: %q", status())
	}
}

// A change is handed to every other open screen, in every tab, and not back to its maker.
func TestChangedReachesEveryOtherScreen(t *testing.T) {
	m, _ := newTestRoot(t)
	users := m.top().(*listScreen)
	send(m, screentest.Key("enter"))
	detail := m.top().(*listScreen)
	send(m, screentest.Key("4"))
	policies := m.top().(*listScreen)
	send(m, screen.ChangedMsg{From: detail.ID(), Kind: "user", Name: "users-00"})
	got := func(s *listScreen) bool {
		for _, msg := range s.got {
			if _, ok := msg.(screen.ChangedMsg); ok {
				return true
			}
		}
		return false
	}
	if !got(users) || !got(policies) || got(detail) {
		t.Fatalf("changed reached users %v, policies %v, its maker %v", got(users), got(policies), got(detail))
	}
}

// Inside tmux a copy goes into tmux's paste buffer and the flash says so; when tmux cannot
// take it, the flash says plainly that nothing was copied (it said "Copied" while nothing
// arrived). A real tmux server on its own socket.
func TestCopyInsideTmuxUsesItsBuffer(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	clipboardOut = io.Discard
	defer func() { clipboardOut = os.Stdout }()
	sock := filepath.Join(t.TempDir(), "tmux.sock")
	if out, err := exec.Command("tmux", "-S", sock, "-f", "/dev/null", "new-session", "-d", "-s", "copy").CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	defer exec.Command("tmux", "-S", sock, "kill-server").Run()
	t.Setenv("TMUX", sock+",1,0")
	t.Setenv("DISPLAY", "") // no X clipboard: the flash is about tmux alone
	t.Setenv("WAYLAND_DISPLAY", "")
	msg := copyCmd(screen.CopyMsg{Text: "acs:ram::1:role/admin", What: "ARN of role admin"}, "osc52")()
	f := msg.(screen.FlashMsg)
	if f.Level != screen.Info || !strings.Contains(f.Text, "tmux's paste buffer") {
		t.Fatalf("flash %#v", f)
	}
	got, err := exec.Command("tmux", "-S", sock, "show-buffer").Output()
	if err != nil || string(got) != "acs:ram::1:role/admin" {
		t.Fatalf("tmux buffer = %q, %v", got, err)
	}

	t.Setenv("TMUX", filepath.Join(t.TempDir(), "gone.sock")+",1,0")
	f = copyCmd(screen.CopyMsg{Text: "x", What: "name"}, "osc52")().(screen.FlashMsg)
	if f.Level != screen.Error || strings.Contains(f.Text, "Copied") || !strings.Contains(f.Text, "Not copied") {
		t.Fatalf("a copy that went nowhere flashed %#v", f)
	}
}

// At 80 columns the tab names stay while the screen the user is on has its title whole; a
// title that would be cut shrinks the other tabs to their numbers instead (walk5: the audit's
// score read "Audit: scor…dium, 9 low", the Keys tab's progress "AccessKeys …0 loading…)", the
// grant wizard "Grant…tory"). Only when even that is not enough is the trail shortened.
// The tab names stay readable at 80 columns and the breadcrumbs give way: session 6 shrank
// the other tabs to "1 2 3 Roles 4 5 6" for a title as short as "Switch to ops-readonly".
func TestTabsStayWholeAndTheTrailGivesWay(t *testing.T) {
	m, km := newTestRoot(t)
	m.opts.Tabs = append(m.opts.Tabs, Tab{Name: "Providers", New: func() screen.Screen { return newListScreen(km, "providers", 3) }})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	tabLine := func() string { return strings.Split(m.View(), "\n")[1] }
	tabNames := []string{"1 Users", "2 Groups", "3 Roles", "4 Policies", "5 Keys", "6 Providers"}
	check := func(want ...string) {
		t.Helper()
		line := tabLine()
		for _, w := range append(want, tabNames...) {
			if !strings.Contains(line, w) {
				t.Errorf("the tab line lacks %q:\n%s", w, line)
			}
		}
		if w := components.Width(line); w > 80 {
			t.Errorf("the tab line is %d cells wide:\n%s", w, line)
		}
	}
	send(m, screen.PushMsg{Screen: newListScreen(km, "Switch to ops-readonly", 3)})
	check("│ Switch to ops-readonly")
	send(m, screen.PushMsg{Screen: newListScreen(km, "Credentials for ops-readonly", 3)})
	check("Credentials…", "-readonly")
	send(m, screentest.Key("esc"))
	send(m, screentest.Key("esc"))
	check("│ users")
	audit := "Audit 18/100: 1 critical, 12 high, 18 medium, 9 low"
	send(m, screen.PushMsg{Screen: newListScreen(km, audit, 3)})
	check("Audit 18/1", "9 low")
	send(m, screentest.Key("esc"))
	// A screen with a short title shows it whole rather than its long one cut ("Audit
	// 18/10…dium, 9 low" hid the score).
	send(m, screen.PushMsg{Screen: shortTitled{newListScreen(km, audit, 3), "Audit 18/100"}})
	check("│ users › Audit 18/100")
	// Longer than the line: cut in its middle, never wider.
	long := strings.Repeat("oss-test-dir111-", 6) + "reader"
	send(m, screen.PushMsg{Screen: newListScreen(km, long, 3)})
	check("reader")
}

func TestCrumbTrail(t *testing.T) {
	for _, c := range []struct {
		titles []string
		w      int
		want   string
	}{
		{[]string{"users", "zhou.jie"}, 40, "users › zhou.jie"},
		{[]string{"users", "zhou.jie", "Simulate", "Result"}, 30, "users › … › Simulate › Result"},
		{[]string{"users", "zhou.jie", "Simulate", "Result"}, 20, "users › … › Result"},
		{[]string{"roles", "oss-test-dir111-dir111-secondline1"}, 24, "roles › oss-test…ndline1"},
		{[]string{"roles", "oss-test-dir111-dir111-secondline1"}, 10, "oss-t…ine1"},
		{[]string{"users", "zhou.jie", "oss-test-dir111-dir111-secondline1"}, 28, "users › … › oss-test…ndline1"},
		{[]string{"Groups (7)", "group auditors"}, 23, "… › group auditors"}, // the first-hour walk at 80 columns
		{[]string{"角色名称很长很长很长"}, 9, "角色…很长"},
		{[]string{"Roles (11)", "Switch to ops-readonly"}, 23, "Switch to ops-readonly"}, // beside six whole tabs at 80
		{[]string{"Roles (11)", "Switch to ops-readonly", "Credentials for ops-readonly"}, 23, "Credentials…ps-readonly"},
	} {
		if got := strings.Join(crumbTrail(c.titles, c.w), crumbSep); got != c.want || components.Width(got) > c.w {
			t.Errorf("crumbTrail(%q, %d) = %q, want %q", c.titles, c.w, got, c.want)
		}
	}
}

// A flash raised inside a tea.Sequence (go back, then say what happened) or by a call's answer
// to the root belongs to the screen that raised it: it is not shown on another tab.
func TestFlashInASequenceStaysWithItsScreen(t *testing.T) {
	for _, msg := range []tea.Msg{flashInSequence("Saved role-x."), flashFromCall("Saved role-x.")} {
		m, _ := newTestRoot(t)
		status := func() string { return strings.Split(m.View(), "\n")[m.h-2] }
		send(m, screentest.Key("enter")) // a screen over Users
		send(m, screen.Result{To: m.top().ID(), Msg: msg})
		if _, seq := msg.(flashInSequence); seq && len(m.stack()) != 1 {
			t.Fatalf("the sequence did not go back first: %d screens", len(m.stack()))
		}
		if !strings.Contains(status(), "Saved role-x.") {
			t.Fatalf("%T: the flash is not shown where it was raised: %q", msg, status())
		}
		send(m, screentest.Key("2"))
		if strings.Contains(status(), "Saved") {
			t.Fatalf("%T: the flash shows on the Groups tab: %q", msg, status())
		}
	}
}

// Session 4 left alone: after a switch to a role session that cannot list users, the Users
// tab's NoPermission flash replaced "Now on …" at once. The flash that says where the user is
// holds the footer its whole time; the error waits and shows when it ends, or at the next key
// (after which flashes replace each other as before).
func TestWhereFlashIsNotHiddenByTheNewListsError(t *testing.T) {
	m, _ := newTestRoot(t)
	status := func() string { return strings.Split(m.View(), "\n")[m.h-2] }
	users := m.top()
	send(m, screen.FlashMsg{Text: "Now on partner (vendor); :previous goes back to acme-cloud", Hold: true})
	send(m, screen.Result{To: users.ID(), Msg: flashMe("ListUsers: NoPermission (RequestId 1)")})
	if !strings.Contains(status(), "Now on partner") {
		t.Fatalf("the error hid where the user is: %q", status())
	}
	send(m, flashExpired{seq: m.flashSeq})
	if !strings.Contains(status(), "ListUsers: NoPermission") {
		t.Fatalf("the error is lost after the switch's flash: %q", status())
	}

	send(m, screen.FlashMsg{Text: "Now on acme-cloud (acme); :previous goes back to partner", Hold: true})
	send(m, screen.FlashMsg{Level: screen.Error, Text: "ListUsers: NoPermission (RequestId 2)"})
	send(m, screentest.Key("j"))
	if !strings.Contains(status(), "RequestId 2") {
		t.Fatalf("a key did not show what waited: %q", status())
	}
	send(m, screen.FlashMsg{Text: "Now on partner (vendor)", Hold: true})
	send(m, screentest.Key("j"))
	send(m, screen.FlashMsg{Text: "Copied ARN"})
	if !strings.Contains(status(), "Copied ARN") {
		t.Fatalf("after a key the switch's flash still held the footer: %q", status())
	}
}

// `?` lists the palette with the names in a column as wide as the longest: ":providers :idp"
// ran into its description with one space. A description too long for 80 columns wraps under
// itself.
func TestHelpAlignsPaletteNames(t *testing.T) {
	m, _ := newTestRoot(t)
	m.opts.Commands = []Command{
		{Name: "users", Aliases: []string{"u"}, Help: "list users"},
		{Name: "providers", Aliases: []string{"idp"}, Help: "list the SAML and OIDC identity providers"},
		{Name: "previous", Aliases: []string{"prev"}, Help: "back to the previous account (:profile), with the filter and the cursor as they were when you left it"},
	}
	send(m, tea.WindowSizeMsg{Width: 80, Height: 40})
	send(m, screentest.Key("?"))
	lines := strings.Split(m.View(), "\n")
	col := -1
	for _, l := range lines {
		if components.Width(l) > 80 {
			t.Fatalf("a line is wider than 80: %q", l)
		}
		for _, d := range []string{"list users", "list the SAML", "back to the previous"} {
			if i := strings.Index(l, d); i >= 0 {
				if col >= 0 && i != col {
					t.Fatalf("descriptions do not line up (%d, %d):\n%s", col, i, m.View())
				}
				col = i
			}
		}
	}
	if col != len(":providers :idp")+2 {
		t.Fatalf("descriptions start at %d, want two spaces after the longest name:\n%s", col, m.View())
	}
	if !strings.Contains(m.View(), "as they were when") || !strings.Contains(m.View(), "you left it") {
		t.Fatalf("the long description is cut:\n%s", m.View())
	}
}

// At 80x24 help is longer than the screen: it says so and scrolls (j, G, pgup), / keeps the
// entries containing a text, esc clears that filter first, and any other key closes help.
// ':grant', last of a long palette, could not be found from '?' at that size.
func TestHelpScrollsAndFilters(t *testing.T) {
	m, _ := newTestRoot(t)
	for i := range 30 {
		m.opts.Commands = append(m.opts.Commands, Command{Name: fmt.Sprintf("cmd%02d", i), Help: fmt.Sprintf("command number %d", i)})
	}
	m.opts.Commands = append(m.opts.Commands, Command{Name: "grant", Help: "give a developer access to OSS buckets"})
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(m, screentest.Key("?"))
	view := func() string { return m.View() }
	if v := view(); strings.Contains(v, ":grant") || !strings.Contains(v, "lines 1-19 of") || !strings.Contains(v, "scroll") {
		t.Fatalf("help at 80x24 should say it scrolls and not show :grant yet:\n%s", v)
	}
	first := strings.Split(view(), "\n")[3] // header, tabs, help's title, its first line
	send(m, screentest.Key("j"))
	if v := view(); !strings.Contains(v, "lines 2-20 of") || strings.Split(v, "\n")[2+1] == first {
		t.Fatalf("j did not scroll one line:\n%s", v)
	}
	send(m, screentest.Key("G"))
	if v := view(); !strings.Contains(v, ":grant") || !strings.Contains(v, "give a developer access") {
		t.Fatalf("G did not reach the end of help:\n%s", v)
	}
	send(m, screentest.Key("pgup"))
	if strings.Contains(view(), ":grant") {
		t.Fatalf("pgup did not go back a page:\n%s", view())
	}
	send(m, screentest.Key("g"))
	for _, k := range []string{"/", "g", "r", "a", "n", "t", "enter"} {
		send(m, screentest.Key(k))
	}
	if v := view(); !strings.Contains(v, ":grant") || strings.Contains(v, ":cmd01") || strings.Contains(v, "lines ") {
		t.Fatalf("/grant should show :grant alone:\n%s", v)
	}
	send(m, screentest.Key("esc")) // clears the filter, help stays
	if m.mode != modeHelp || m.help.filter != "" || !strings.Contains(view(), "lines 1-19 of") {
		t.Fatalf("esc should clear the filter first: mode %d filter %q\n%s", m.mode, m.help.filter, view())
	}
	send(m, screentest.Key("x"))
	if m.mode != modeNormal {
		t.Fatal("another key should close help")
	}
	send(m, screentest.Key("?"))
	if !strings.Contains(view(), "lines 1-19 of") {
		t.Fatalf("help opens at its top again:\n%s", view())
	}
}
