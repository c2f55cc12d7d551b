// Package ui is ramtui's root model: the screen stacks, explicit input modes, header,
// breadcrumbs, footer (key hints, in-flight spinner, flash), the ':' command palette and '?'
// help. It knows nothing about RAM: screens and palette commands are handed in by the caller
// (commands/tui.go), and screens talk to the root only through the messages of package screen.
package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/theme"
)

// MinWidth and MinHeight are the smallest terminal the layout supports.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Tab is a top-level list (keys 1..6, tab).
type Tab struct {
	Name string
	New  func() screen.Screen
}

// Command is a ':' palette entry.
type Command struct {
	Name    string
	Aliases []string
	Help    string
	Run     func() tea.Cmd
}

// Header is what the first line shows.
type Header struct {
	AccountAlias, AccountID, Identity string
	Profile, Endpoint                 string
	Demo, ReadOnly                    bool
	Accent                            string // the profile's colour (config.yaml): red, green, ...
}

// Options configure the root.
type Options struct {
	Theme    *theme.Theme
	Keys     *keymap.KeyMap
	Tabs     []Tab
	Commands []Command
	Header   Header
	// Start, when set, is shown instead of the first tab (e.g. a "cannot sign in" screen).
	Start screen.Screen
	// Init runs once at start-up, after the first frame (e.g. loading the header).
	Init tea.Cmd
	// Handlers are models below the screens (the session) that own some messages: the root
	// offers each one every message it does not handle itself, before the top screen.
	Handlers []Handler
	// Clipboard is how copying works: "auto" (or ""), "osc52", "native" or "off" (config.yaml).
	Clipboard string
	// Creds says what the client in use signs with, read at every frame (it is renewed behind
	// the screens); nil = nothing to say.
	Creds func() CredsInfo
	// FlashTimer starts the timer that ends a flash (4 s, an error's 12 s); nil = tea.Tick.
	// The journeys give one that never fires: a loaded machine that stalls for seconds then
	// cannot end a flash before the test has read it (a flash then lasts until the next one).
	FlashTimer func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
}

// CredsInfo is what the header says about the credentials in use.
type CredsInfo struct {
	Source string    // in a few words: "profile dev · RamRoleArn", "environment"
	Until  time.Time // when they stop working; zero = no known end (an AccessKey)
	Renews bool      // ramtui renews them before Until, without the user
}

// Handler owns some messages: Handle acts on msg and reports whether it was one of its own.
// Screens reach a handler by returning its typed messages; the root unwraps nothing for it.
type Handler interface {
	Handle(tea.Msg) (bool, tea.Cmd)
}

// mode is the root's explicit input mode: it decides who gets a key.
type mode int

const (
	modeNormal  mode = iota // global keys, then the screen
	modeFilter              // keys edit the current screen's filter
	modePalette             // keys edit the ':' command line
	modeConfirm             // y/N question
	modeInput               // a text prompt
	modeHelp                // '?' help: it scrolls and filters; other keys close it
)

// Model is the root tea.Model.
type Model struct {
	th   *theme.Theme
	keys *keymap.KeyMap
	opts Options

	stacks [][]screen.Screen // one stack per tab; a Start screen uses stacks[0] without tabs
	tab    int
	// stashed are the screens of accounts the session switched away from (SwapTabsMsg).
	stashed map[string]stashedTabs

	mode     mode
	input    components.Input // filter, palette or text prompt
	confirm  components.Confirm
	onYes    tea.Cmd
	onNo     string // the flash of no to the confirmation ("": the default)
	onInput  func(string) tea.Cmd
	inputQ   string
	inputErr string // why the prompt's last answer was refused
	palSel   int    // highlighted palette completion
	help     helpState

	starting bool // the Start screen is up: tabs and the palette wait for it

	header   Header
	flash    screen.FlashMsg
	flashTab int // the tab the flash was raised on
	flashSeq int
	// pending is the flash that arrived while a FlashWhere held the footer: shown when that
	// one ends, or at the next key.
	pending  *screen.FlashMsg
	inFlight int
	spin     spinner.Model

	w, h int
}

// New builds the root model.
func New(opts Options) *Model {
	if opts.Theme == nil {
		opts.Theme = theme.New(theme.NoColorRequested())
	}
	if opts.Keys == nil {
		opts.Keys = keymap.Default()
	}
	sp := spinner.New(spinner.WithSpinner(spinner.Line))
	m := &Model{th: opts.Theme, keys: opts.Keys, opts: opts, header: opts.Header, spin: sp}
	m.stacks = make([][]screen.Screen, max(1, len(opts.Tabs)))
	if opts.Start != nil {
		m.stacks[0] = []screen.Screen{opts.Start}
		m.starting = true
	} else if len(opts.Tabs) > 0 {
		m.stacks[0] = []screen.Screen{opts.Tabs[0].New()}
	}
	return m
}

// Init starts the first screen and the caller's start-up command.
func (m *Model) Init() tea.Cmd {
	var cmds []tea.Cmd
	if s := m.top(); s != nil {
		cmds = append(cmds, s.Init())
	}
	cmds = append(cmds, m.opts.Init)
	return tea.Batch(cmds...)
}

func (m *Model) stack() []screen.Screen { return m.stacks[m.tab] }

func (m *Model) top() screen.Screen {
	st := m.stack()
	if len(st) == 0 {
		return nil
	}
	return st[len(st)-1]
}

func (m *Model) setTop(s screen.Screen) {
	st := m.stack()
	st[len(st)-1] = s
}

// bodySize is the exact size every screen gets: the terminal minus header, tabs/breadcrumbs,
// status line and key hints.
func (m *Model) bodySize() (int, int) { return m.w, max(1, m.h-chromeLines) }

const chromeLines = 4

// Update routes a message: keys by input mode, addressed results to their screen, requests
// from screens to the root's handlers, anything else to the top screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		bw, bh := m.bodySize()
		for _, st := range m.stacks {
			for _, s := range st {
				s.SetSize(bw, bh)
			}
		}
		return m, nil
	case tea.KeyMsg:
		// The user moved on: what waited shows now, and what they do next flashes at once.
		m.flash.Hold = false
		shown := m.showPending()
		if burst := splitBurst(msg); burst != nil {
			cmds := []tea.Cmd{shown}
			for _, k := range burst {
				cmds = append(cmds, m.handleKey(k))
			}
			return m, tea.Batch(cmds...)
		}
		return m, tea.Batch(shown, m.handleKey(msg))
	case screen.Result:
		if msg.Tracked {
			m.inFlight = max(0, m.inFlight-1)
		}
		if msg.To == 0 { // addressed to the root itself
			return m.Update(msg.Msg)
		}
		return m, m.deliver(msg)
	case screen.CallStarted:
		m.inFlight++
		if m.inFlight == 1 {
			return m, m.spinTick()
		}
		return m, nil
	case spinner.TickMsg:
		if m.inFlight == 0 {
			return m, nil // stop ticking when idle
		}
		m.spin, _ = m.spin.Update(msg)
		return m, m.spinTick()
	case screen.PushMsg:
		return m, m.push(msg.Screen)
	case screen.PopMsg:
		m.pop()
		return m, nil
	case screen.StartedMsg:
		if !m.starting {
			return m, nil
		}
		m.starting = false
		if st := m.stacks[0]; len(st) > 0 {
			if c, ok := st[0].(screen.Closer); ok {
				c.Close()
			}
		}
		m.stacks[0] = nil
		return m, m.switchTab(0)
	case screen.ResetTabsMsg:
		if m.starting {
			return m, nil
		}
		for i, st := range m.stacks {
			closeAll(st)
			m.stacks[i] = nil
		}
		m.mode = modeNormal
		return m, m.switchTab(0)
	case screen.SwapTabsMsg:
		return m, m.swapTabs(msg)
	case screen.SwitchTabMsg:
		return m, m.switchTab(msg.Index)
	case screen.FlashMsg:
		if m.flash.Hold && !msg.Hold {
			m.pending = &msg
			return m, nil
		}
		m.pending = nil // a new place: what waited belonged to the one left
		return m, m.setFlash(msg)
	case screen.ChangedMsg:
		return m, m.broadcast(msg)
	case flashExpired:
		if msg.seq == m.flashSeq {
			m.flash = screen.FlashMsg{}
			return m, m.showPending()
		}
		return m, nil
	case screen.ConfirmMsg:
		m.mode = modeConfirm
		if msg.Typed != "" {
			m.confirm = components.NewTypedConfirm(m.th, m.keys, msg.Question, msg.Details, msg.Typed)
		} else {
			m.confirm = components.NewConfirm(m.th, m.keys, msg.Question, msg.Details)
		}
		m.confirm.Warnings = msg.Warnings
		if !msg.Local {
			m.confirm.Account = m.header.account()
		}
		m.onYes, m.onNo = msg.OnYes, msg.OnNo
		return m, nil
	case screen.InputMsg:
		m.mode = modeInput
		m.inputQ, m.inputErr = msg.Prompt, msg.Err
		m.onInput = msg.OnSubmit
		m.input = components.NewInput(m.th, "> ", msg.Value)
		return m, nil
	case screen.CopyMsg:
		return m, copyCmd(msg, m.opts.Clipboard)
	case screen.EditMsg:
		return m, editCmd(msg)
	case editFileReady:
		return m, runEditor(msg)
	case screen.HeaderMsg:
		if msg.NewAccount {
			m.header.AccountAlias, m.header.AccountID, m.header.Identity = msg.AccountAlias, msg.AccountID, msg.Identity
		}
		if msg.AccountAlias != "" {
			m.header.AccountAlias = msg.AccountAlias
		}
		if msg.AccountID != "" {
			m.header.AccountID = msg.AccountID
		}
		if msg.Identity != "" {
			m.header.Identity = msg.Identity
		}
		if msg.Profile != "" {
			m.header.Profile = msg.Profile
		}
		return m, nil
	}
	for _, h := range m.opts.Handlers {
		if ok, cmd := h.Handle(msg); ok {
			return m, cmd
		}
	}
	return m, m.updateTop(msg)
}

func (m *Model) updateTop(msg tea.Msg) tea.Cmd {
	s := m.top()
	if s == nil {
		return nil
	}
	s, cmd := s.Update(msg)
	m.setTop(s)
	return fromScreen(s.ID(), cmd)
}

// deliver hands a result to the screen it is addressed to, wherever it is; results for
// discarded screens are dropped.
func (m *Model) deliver(r screen.Result) tea.Cmd {
	for _, st := range m.stacks {
		for i, s := range st {
			if s.ID() == r.To {
				ns, cmd := s.Update(r.Msg)
				st[i] = ns
				return fromScreen(r.To, cmd)
			}
		}
	}
	return nil
}

func (m *Model) push(s screen.Screen) tea.Cmd {
	if s == nil {
		return nil
	}
	s.SetSize(m.bodySize())
	m.stacks[m.tab] = append(m.stacks[m.tab], s)
	return fromScreen(s.ID(), s.Init())
}

// broadcast hands a change to every open screen but the one that made it.
func (m *Model) broadcast(c screen.ChangedMsg) tea.Cmd {
	var cmds []tea.Cmd
	for _, st := range m.stacks {
		for i, s := range st {
			if s.ID() != c.From {
				ns, cmd := s.Update(c)
				st[i] = ns
				cmds = append(cmds, fromScreen(ns.ID(), cmd))
			}
		}
	}
	return tea.Batch(cmds...)
}

// fromScreen tags the flashes cmd raises with the screen they come from, so a flash shows
// only where it was raised (a flash from one tab does not stay on another): in batches and
// sequences command by command, and in the answers of calls addressed to the root.
func fromScreen(id screen.ID, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		switch msg := cmd().(type) {
		case screen.FlashMsg:
			if msg.From == 0 {
				msg.From = id
			}
			return msg
		case screen.Result:
			if f, ok := msg.Msg.(screen.FlashMsg); ok && msg.To == 0 && f.From == 0 {
				f.From = id
				msg.Msg = f
			}
			return msg
		case tea.BatchMsg:
			for i, c := range msg {
				msg[i] = fromScreen(id, c)
			}
			return msg
		default:
			if cmds, ok := screen.SequenceCmds(msg); ok {
				for i, c := range cmds {
					cmds[i] = fromScreen(id, c)
				}
			}
			return msg
		}
	}
}

// flashShown reports whether the flash belongs on screen now: the root's own flashes always;
// a screen's while it is on top, or, once it has gone (a detail that deleted its entity and
// went back), on the tab it was raised on.
func (m *Model) flashShown() bool {
	if m.flash.From == 0 {
		return true
	}
	if s := m.top(); s != nil && s.ID() == m.flash.From {
		return true
	}
	return m.flashTab == m.tab && m.tabOf(m.flash.From) < 0
}

// tabOf is the tab whose stack holds screen id, or -1.
func (m *Model) tabOf(id screen.ID) int {
	for i, st := range m.stacks {
		for _, s := range st {
			if s.ID() == id {
				return i
			}
		}
	}
	return -1
}

// pop goes back one screen; the bottom screen of a stack is never popped.
func (m *Model) pop() {
	st := m.stack()
	if len(st) <= 1 {
		return
	}
	if c, ok := st[len(st)-1].(screen.Closer); ok {
		c.Close()
	}
	st[len(st)-1] = nil
	m.stacks[m.tab] = st[:len(st)-1]
}

// switchTab shows a top-level list, creating it on first use. Each tab keeps its own stack,
// so coming back restores where the user was.
func (m *Model) switchTab(i int) tea.Cmd {
	if i < 0 || i >= len(m.opts.Tabs) || m.starting {
		return nil
	}
	m.tab = i
	if len(m.stacks[i]) == 0 {
		s := m.opts.Tabs[i].New()
		s.SetSize(m.bodySize())
		m.stacks[i] = []screen.Screen{s}
		return s.Init()
	}
	return nil
}

// swapTabs puts the screens aside under msg.Stash and brings back those under msg.Restore.
func (m *Model) swapTabs(msg screen.SwapTabsMsg) tea.Cmd {
	if m.starting {
		return nil
	}
	if m.stashed == nil {
		m.stashed = map[string]stashedTabs{}
	}
	if old, ok := m.stashed[msg.Stash]; ok {
		for _, st := range old.stacks {
			closeAll(st)
		}
	}
	m.stashed[msg.Stash] = stashedTabs{stacks: m.stacks, tab: m.tab}
	m.mode = modeNormal
	back, ok := m.stashed[msg.Restore]
	delete(m.stashed, msg.Restore)
	if !ok || msg.Restore == msg.Stash {
		m.stacks = make([][]screen.Screen, max(1, len(m.opts.Tabs)))
		return m.switchTab(0)
	}
	m.stacks, m.tab = back.stacks, back.tab
	bw, bh := m.bodySize() // the terminal may have been resized meanwhile
	for _, st := range m.stacks {
		for _, s := range st {
			s.SetSize(bw, bh)
		}
	}
	return nil
}

// stashedTabs are the screens of an account the session switched away from.
type stashedTabs struct {
	stacks [][]screen.Screen
	tab    int
}

func closeAll(st []screen.Screen) {
	for _, s := range st {
		if c, ok := s.(screen.Closer); ok {
			c.Close()
		}
	}
}

// tick is tea.Tick; tests that drive Update synchronously replace it so no timer blocks.
var tick = tea.Tick

// spinTick schedules the next spinner frame (a zero-id TickMsg is accepted by the spinner).
func (m *Model) spinTick() tea.Cmd {
	return tick(m.spin.Spinner.FPS, func(t time.Time) tea.Msg { return spinner.TickMsg{Time: t} })
}

type flashExpired struct{ seq int }

// showPending shows the flash that waited for a FlashWhere to end.
func (m *Model) showPending() tea.Cmd {
	if m.pending == nil {
		return nil
	}
	f := *m.pending
	m.pending = nil
	return m.setFlash(f)
}

func (m *Model) setFlash(f screen.FlashMsg) tea.Cmd {
	m.flash = f
	m.flashTab = m.tab
	if t := m.tabOf(f.From); t >= 0 {
		m.flashTab = t
	}
	m.flashSeq++
	seq := m.flashSeq
	d := 4 * time.Second
	if f.Level == screen.Error {
		d = 12 * time.Second
	}
	timer := tick
	if m.opts.FlashTimer != nil {
		timer = m.opts.FlashTimer
	}
	return timer(d, func(time.Time) tea.Msg { return flashExpired{seq: seq} })
}
