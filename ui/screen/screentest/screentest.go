// Package screentest is what the tests of the screens, the root and the session share: running
// a command the way the program would, and a key message by its name. Test support only: the
// program never imports it.
package screentest

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
)

// Collect runs a command and everything it batches or sequences, returning the messages in
// order.
func Collect(cmd tea.Cmd) []tea.Msg {
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
			out = append(out, Collect(c)...)
		}
		return out
	}
	if cmds, ok := screen.SequenceCmds(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, Collect(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// Key is the key message of a key name ("enter", "esc", "ctrl+c", …); anything else is typed
// as runes.
func Key(s string) tea.KeyMsg {
	if t, ok := named[s]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

var named = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"space": tea.KeySpace, "ctrl+c": tea.KeyCtrlC, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
	"home": tea.KeyHome, "end": tea.KeyEnd, "backspace": tea.KeyBackspace,
}
