// Package keymap holds every key binding of ramtui, grouped by scope, with help text.
//
// A KeyMap is a value built by Default or Load and passed down to the root model and the
// screens; nothing mutates a global. Scopes:
//
//	global   always live in normal mode (palette, help, back, quit, top-level lists, log)
//	nav      cursor movement, shared by lists and detail screens
//	list     actions on list screens (open, filter, marks, sort, mutations)
//	detail   actions on detail screens
//	filter   while the filter input has focus (a modal scope: hotkeys are off)
//	prompt   a y/N confirmation (modal)
//	palette  the ':' command line (modal)
//
// Which scopes are live at the same time is listed by Contexts; no two enabled bindings in one
// context may share a key (Validate), also after user overrides.
package keymap

import (
	"github.com/charmbracelet/bubbles/key"
)

// Global bindings are live in normal mode on every screen.
type Global struct {
	Palette   key.Binding
	Help      key.Binding
	Back      key.Binding
	Quit      key.Binding
	ForceQuit key.Binding
	Users     key.Binding
	Groups    key.Binding
	Roles     key.Binding
	Policies  key.Binding
	Keys      key.Binding
	Providers key.Binding
	NextTab   key.Binding
	PrevTab   key.Binding
	Log       key.Binding
	Error     key.Binding // the last failed call in full
}

// Nav bindings move a cursor or scroll a viewport.
type Nav struct {
	Up       key.Binding
	Down     key.Binding
	Top      key.Binding
	Bottom   key.Binding
	PageUp   key.Binding
	PageDown key.Binding
}

// List bindings act on list screens.
type List struct {
	Open        key.Binding
	Filter      key.Binding
	Mark        key.Binding
	MarkAll     key.Binding
	Sort        key.Binding
	SortReverse key.Binding
	Refresh     key.Binding
	Copy        key.Binding
	Toggle      key.Binding // System/Custom on policies; Active/Inactive on keys
	SwitchRole  key.Binding
	Simulate    key.Binding // the permission simulator for the user, group or role of the row
	Attach      key.Binding
	Detach      key.Binding
	New         key.Binding
	Edit        key.Binding
	Delete      key.Binding
}

// Detail bindings act on detail screens (one entity with sections).
type Detail struct {
	Open        key.Binding
	NextSection key.Binding
	PrevSection key.Binding
	Refresh     key.Binding
	Copy        key.Binding
	SwitchRole  key.Binding
	Attach      key.Binding
	Detach      key.Binding
	New         key.Binding
	Edit        key.Binding
	Delete      key.Binding
	Toggle      key.Binding
	Reveal      key.Binding // show a new AccessKey's secret (shown once)
	Simulate    key.Binding // the permission simulator for this user, group or role
	Modify      key.Binding // a role's description and max session (e edits its trust)
	WhoCan      key.Binding // on a policy: who can do what its first Allow statement allows; on the simulator's decision: who else can make its request
}

// Filter bindings are live while the filter input has focus.
type Filter struct {
	Accept key.Binding
	Clear  key.Binding
}

// Prompt bindings answer a y/N confirmation; anything but Yes means No.
type Prompt struct {
	Yes    key.Binding
	No     key.Binding
	Submit key.Binding // enter: the default answer, which is No
}

// Palette bindings drive the ':' command line.
type Palette struct {
	Run      key.Binding
	Complete key.Binding
	Cancel   key.Binding
	Prev     key.Binding
	Next     key.Binding
}

// KeyMap is every binding of the application.
type KeyMap struct {
	Global  Global
	Nav     Nav
	List    List
	Detail  Detail
	Filter  Filter
	Prompt  Prompt
	Palette Palette
	Switch  Switch // the switch-role screens
	Audit   Audit  // the :audit findings
	Grant   Grant  // the grant's verification

	readOnly bool
}

func b(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// Default returns the bindings of DESIGN.md's key table.
func Default() *KeyMap {
	return &KeyMap{
		Switch: DefaultSwitch(),
		Audit:  DefaultAudit(),
		Grant:  DefaultGrant(),
		Global: Global{
			Palette:   b(":", "command", ":"),
			Help:      b("?", "help", "?"),
			Back:      b("esc", "back", "esc"),
			Quit:      b("q", "quit", "q"),
			ForceQuit: b("ctrl+c", "quit", "ctrl+c"),
			Users:     b("1", "users", "1"),
			Groups:    b("2", "groups", "2"),
			Roles:     b("3", "roles", "3"),
			Policies:  b("4", "policies", "4"),
			Keys:      b("5", "keys", "5"),
			Providers: b("6", "providers", "6"),
			NextTab:   b("tab", "next list", "tab"),
			PrevTab:   b("shift+tab", "previous list", "shift+tab"),
			Log:       b("L", "API log", "L"),
			Error:     b("E", "last error in full", "E"),
		},
		Nav: Nav{
			Up:       b("↑/k", "up", "up", "k"),
			Down:     b("↓/j", "down", "down", "j"),
			Top:      b("g", "top", "g", "home"),
			Bottom:   b("G", "bottom", "G", "end"),
			PageUp:   b("pgup", "page up", "pgup"),
			PageDown: b("pgdn", "page down", "pgdown"),
		},
		List: List{
			Open:        b("enter", "open", "enter"),
			Filter:      b("/", "filter", "/"),
			Mark:        b("space", "mark", " "),
			MarkAll:     b("ctrl+a", "mark all", "ctrl+a"),
			Sort:        b("o", "sort", "o"),
			SortReverse: b("O", "reverse sort", "O"),
			Refresh:     b("r", "refresh", "r"),
			Copy:        b("c", "copy", "c"),
			Toggle:      b("t", "toggle", "t"),
			SwitchRole:  b("s", "switch role", "s"),
			Simulate:    b("p", "simulate", "p"),
			Attach:      b("a", "attach", "a"),
			Detach:      b("x", "detach", "x"),
			New:         b("n", "new", "n"),
			Edit:        b("e", "edit", "e"),
			Delete:      b("D", "delete", "D"),
		},
		Detail: Detail{
			Open:        b("enter", "open", "enter"),
			NextSection: b("→/l", "next section", "right", "l"),
			PrevSection: b("←/h", "previous section", "left", "h"),
			Refresh:     b("r", "refresh", "r"),
			Copy:        b("c", "copy", "c"),
			SwitchRole:  b("s", "switch role", "s"),
			Attach:      b("a", "attach", "a"),
			Detach:      b("x", "detach", "x"),
			New:         b("n", "new", "n"),
			Edit:        b("e", "edit", "e"),
			Delete:      b("D", "delete", "D"),
			Toggle:      b("t", "toggle", "t"),
			Reveal:      b("v", "reveal secret", "v"),
			Simulate:    b("p", "simulate", "p"),
			Modify:      b("m", "edit description, max session", "m"),
			WhoCan:      b("w", "who can", "w"),
		},
		Filter: Filter{
			Accept: b("enter", "keep filter", "enter"),
			Clear:  b("esc", "clear filter", "esc"),
		},
		Prompt: Prompt{
			Yes:    b("y", "yes", "y", "Y"),
			No:     b("n", "no", "n", "N", "esc"),
			Submit: b("enter", "no (default)", "enter"),
		},
		Palette: Palette{
			Run:      b("enter", "run", "enter"),
			Complete: b("tab", "complete", "tab"),
			Cancel:   b("esc", "cancel", "esc"),
			Prev:     b("↑", "previous", "up"),
			Next:     b("↓", "next", "down"),
		},
	}
}

// ReadOnly reports whether mutating bindings are disabled.
func (k *KeyMap) ReadOnly() bool { return k.readOnly }

// SetReadOnly disables (or re-enables) every mutating binding. Disabled bindings never match
// and are left out of help, so read-only mode shows only what can be done.
func (k *KeyMap) SetReadOnly(ro bool) {
	k.readOnly = ro
	for _, s := range k.Scopes() {
		for _, e := range s.Entries {
			if e.Mutating {
				e.Binding.SetEnabled(!ro)
			}
		}
	}
}
