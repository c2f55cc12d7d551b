package kit

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
)

// Action is one thing a key does on a screen, declared once: the key, the help text, when it
// applies and what it does. Both the screen's key dispatch (Actions.Handle) and its footer and
// '?' help (Actions.Help) come from the same declaration, so they cannot disagree.
type Action struct {
	Key  key.Binding
	Help string // what the key does here; "" keeps the binding's own text
	// Mutating actions change the account: in read-only mode they are left out of help and
	// pressing their key says "read-only: … is disabled" instead of doing anything.
	Mutating bool
	// When says whether the action applies now (the section shown, a loaded entity, the kind
	// of policy). nil: always. An action that does not apply is not in help and its key falls
	// through to the next action bound to the same key.
	When func() bool
	Do   func() tea.Cmd
	// FullOnly leaves the action out of the footer's key hints ('?' lists every action).
	FullOnly bool
}

func (a Action) applies() bool { return a.When == nil || a.When() }

// binding is the action's key with its help text, enabled (read-only mode disables the
// keymap's mutating bindings; the action decides instead, so it can say so).
func (a Action) binding() key.Binding {
	b := a.Key
	b.SetEnabled(true)
	if a.Help != "" {
		b.SetHelp(b.Help().Key, a.Help)
	}
	return b
}

func (a Action) name() string { return a.binding().Help().Desc }

// pressed matches msg against b's keys whether or not b is enabled.
func pressed(msg tea.KeyMsg, b key.Binding) bool {
	s := msg.String()
	for _, k := range b.Keys() {
		if k == s {
			return true
		}
	}
	return false
}

// Actions is a screen's list of actions, in the order help shows them. When two actions
// share a key, the first that applies wins.
type Actions []Action

// Handle runs the action bound to msg that applies now. handled is false when no action
// took the key. In read-only mode a mutating action is refused here, the one place.
func (as Actions) Handle(msg tea.KeyMsg, readOnly bool) (cmd tea.Cmd, handled bool) {
	for _, a := range as {
		if !pressed(msg, a.Key) || !a.applies() {
			continue
		}
		if a.Mutating && readOnly {
			return screen.Flash("read-only: " + a.name() + " is disabled."), true
		}
		if a.Do == nil {
			return nil, true
		}
		return a.Do(), true
	}
	return nil, false
}

// Bindings are the keys of the actions that apply now, with their help text; short limits
// them to the footer's.
func (as Actions) Bindings(readOnly, short bool) []key.Binding {
	var out []key.Binding
	seen := map[string]bool{}
	for _, a := range as {
		if !a.applies() || (a.Mutating && readOnly) || (short && a.FullOnly) {
			continue
		}
		b := a.binding()
		k := b.Help().Key
		if seen[k] { // a later action on the same key is shadowed
			continue
		}
		seen[k] = true
		out = append(out, b)
	}
	return out
}

// Help is the help.KeyMap of a screen: its movement keys, then its actions.
func (as Actions) Help(readOnly bool, nav ...key.Binding) help.KeyMap {
	full := [][]key.Binding{}
	if len(nav) > 0 {
		full = append(full, nav)
	}
	return HelpKeys{
		Short: as.Bindings(readOnly, true),
		Full:  append(full, as.Bindings(readOnly, false)),
	}
}

// HelpKeys adapts binding lists to help.KeyMap.
type HelpKeys struct {
	Short []key.Binding
	Full  [][]key.Binding
}

func (h HelpKeys) ShortHelp() []key.Binding  { return h.Short }
func (h HelpKeys) FullHelp() [][]key.Binding { return h.Full }

var _ help.KeyMap = HelpKeys{}
