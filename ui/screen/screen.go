// Package screen defines what a screen is and the messages screens send up to the root.
//
// Messages go up, calls go down: a screen never touches the root or another screen; it returns
// a tea.Cmd whose message (PushMsg, PopMsg, FlashMsg, ConfirmMsg, CopyMsg...) the root acts
// on. The root calls SetSize with the screen's exact inner size and hands it every message
// addressed to it (Result), even while it is not on top.
package screen

import (
	"reflect"
	"sync/atomic"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// ID identifies a live screen; results of its calls are addressed to it.
type ID uint64

var lastID atomic.Uint64

// NewID returns a process-unique screen id.
func NewID() ID { return ID(lastID.Add(1)) }

// Screen is one page of the UI.
type Screen interface {
	ID() ID
	Init() tea.Cmd
	Update(tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(w, h int)
	Title() string       // one breadcrumb
	KeyMap() help.KeyMap // the footer hints and the '?' help
}

// ShortTitled screens have a shorter breadcrumb for when their Title would be cut beside the
// tabs: what must be read whole (the audit's score, without its counts by severity).
type ShortTitled interface {
	ShortTitle() string
}

// Filterable screens have a list the root's filter input drives ('/').
type Filterable interface {
	Filter() string
	SetFilter(string)
}

// FilterWatcher screens want to act when the root changed their filter (e.g. load columns
// for the rows now on screen); the root calls FilterChanged after every SetFilter.
type FilterWatcher interface {
	FilterChanged() tea.Cmd
}

// Capturing screens may ask for every key (an embedded form): while Capturing is true the root
// passes all keys but ctrl+c to the screen ("form" input mode).
type Capturing interface {
	Capturing() bool
}

// Closer screens release resources (cancel in-flight calls) when the root discards them.
type Closer interface {
	Close()
}

// Result is a message addressed to one screen, usually the outcome of a call. Tracked
// results were started with Call and count down the footer's in-flight counter.
type Result struct {
	To      ID
	Msg     tea.Msg
	Tracked bool
}

// CallStarted counts up the footer's in-flight counter.
type CallStarted struct{}

// Call runs f off the event loop and delivers its message to screen `to` (0: to the root
// itself, e.g. a FlashMsg), counting the call in the footer spinner while it runs.
func Call(to ID, f func() tea.Msg) tea.Cmd {
	return tea.Sequence(
		func() tea.Msg { return CallStarted{} },
		func() tea.Msg { return Result{To: to, Msg: f(), Tracked: true} },
	)
}

// SequenceCmds is the commands of a tea.Sequence's message, whose type is unexported (a slice
// of commands), and whether msg is one. The slice is the message's own: setting an element
// changes the message.
func SequenceCmds(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return nil, false
	}
	return v.Convert(reflect.TypeOf([]tea.Cmd(nil))).Interface().([]tea.Cmd), true
}

// Send delivers msg to screen `to` (no call counted).
func Send(to ID, msg tea.Msg) tea.Cmd {
	return func() tea.Msg { return Result{To: to, Msg: msg} }
}

// Cmd wraps a message in a command.
func Cmd(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// PushMsg opens a screen on top of the current one.
type PushMsg struct{ Screen Screen }

// PopMsg goes back one screen.
type PopMsg struct{}

// Push and Pop are the commands for PushMsg and PopMsg.
func Push(s Screen) tea.Cmd { return Cmd(PushMsg{Screen: s}) }
func Pop() tea.Cmd          { return Cmd(PopMsg{}) }

// SwitchTabMsg shows top-level list Index (0 Users, 1 Groups, 2 Roles, 3 Policies, 4 Keys).
type SwitchTabMsg struct{ Index int }

// Level of a flash message.
type Level int

const (
	Info Level = iota
	Error
)

// FlashMsg shows a short message in the footer. Error texts should carry the RAM error code
// and RequestId.
type FlashMsg struct {
	Level Level
	Text  string
	// From is the screen that raised it, set by the root: the flash shows while that screen
	// is on top (0: the root's own, shown wherever the user is).
	From ID
	// Hold marks a flash that says where the user is now (FlashWhere).
	Hold bool
}

// ChangedMsg says that a screen changed the account: Kind ("user", "policy", ...) and Name
// say what, when the screen knows. The root hands it to every other open screen, in every
// tab, so the ones showing what changed load again.
type ChangedMsg struct {
	From       ID
	Kind, Name string
}

// Flash and FlashError are the commands for FlashMsg.
func Flash(text string) tea.Cmd      { return Cmd(FlashMsg{Level: Info, Text: text}) }
func FlashError(text string) tea.Cmd { return Cmd(FlashMsg{Level: Error, Text: text}) }

// FlashWhere says where the user is after a switch of account or identity. It holds the
// footer for its whole time: a flash arriving meanwhile (the new lists' NoPermission) waits
// until it ends or a key is pressed, so the user reads both -- the error hid it at once.
func FlashWhere(level Level, text string) tea.Cmd {
	return Cmd(FlashMsg{Level: level, Text: text, Hold: true})
}

// ConfirmMsg asks a y/N question (default No). Question names exactly what will change;
// Details lists the affected items. OnYes runs only on an explicit yes.
type ConfirmMsg struct {
	Question string
	Details  []string
	// Warnings are what the user should read before saying yes (a document's lint warnings:
	// kit.Lint): shown in full, wrapped, between the question and the details.
	Warnings []string
	OnYes    tea.Cmd
	// Typed, when set, is what the user must type (then enter) to confirm, for the changes
	// that lock the user out or give away the whole account: y alone does not confirm them.
	Typed string
	// Local marks a question about this machine (a file, a process), not about the account:
	// the box does not name the account then. Every other confirmation names it.
	Local bool
	// OnNo is flashed when the answer is no (n, esc): what stays as it was, when that is not
	// the account ("" says "Cancelled: nothing changed.").
	OnNo string
}

// InputMsg asks for one line of text; OnSubmit gets the value on enter (esc cancels). Err,
// when set, says why the last answer was refused: the prompt is asked again with what was
// typed (Value) and the reason under it.
type InputMsg struct {
	Prompt   string
	Value    string
	OnSubmit func(string) tea.Cmd
	Err      string
}

// CopyMsg puts Text on the clipboard (native when present, and OSC52 so it works over SSH);
// What names it in the confirmation flash ("ARN of role admin").
type CopyMsg struct {
	Text, What string
}

// Copy is the command for CopyMsg.
func Copy(text, what string) tea.Cmd { return Cmd(CopyMsg{Text: text, What: what}) }

// HeaderMsg updates the header; empty fields keep their value.
type HeaderMsg struct {
	AccountAlias, AccountID, Identity string
	Profile                           string // where the credentials came from
	// NewAccount says the session moved to another account: every field is taken as given,
	// so an account without an alias does not show the previous one's.
	NewAccount bool
}

// StartedMsg tells the root that start-up (sign-in) finished: the start screen is replaced by
// the first top-level list and the tabs, palette and log become available.
type StartedMsg struct{}

// ResetTabsMsg drops every screen (each is closed) and opens the first top-level list afresh,
// e.g. after the identity the lists were loaded with changed.
type ResetTabsMsg struct{}

// SwapTabsMsg puts every open screen aside under Stash (closing those an earlier swap put
// there) and brings back the screens put aside under Restore, as they were (cursor, filter,
// tab); with none under Restore the first top-level list opens afresh. The session sends it
// when it switches to another account, so switching back finds the screens left there.
type SwapTabsMsg struct{ Stash, Restore string }

// EditMsg asks the root to open Doc in the user's editor ($VISUAL, $EDITOR, vi; Editor
// overrides them). The root writes a temporary file (Name and Ext shape its name, e.g.
// "trust-policy", "json"), suspends the program while the editor runs, removes the file and
// replies to screen From with an EditedMsg. It is the one $EDITOR path of the program.
type EditMsg struct {
	From      ID
	Doc       string
	Name, Ext string
	Editor    string
	// Note, when set, is written above the document as "// ramtui: " comment lines (why a
	// document is back: the service refused it, and where); the root removes them again
	// from what is saved.
	Note string
}

// EditedMsg is the root's reply to an EditMsg: what the editor saved, or why not.
type EditedMsg struct {
	Text string
	Err  error
}

// Edit is the command for EditMsg.
func Edit(from ID, doc, name, ext string) tea.Cmd {
	return Cmd(EditMsg{From: from, Doc: doc, Name: name, Ext: ext})
}
