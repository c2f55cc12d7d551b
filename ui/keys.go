package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
)

// handleKey routes a key by input mode. Only normal mode looks at hotkeys, so typing in the
// filter, the palette or a prompt never fires one; ctrl+c quits from every mode.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Global.ForceQuit) {
		return tea.Quit
	}
	switch m.mode {
	case modeFilter:
		return m.filterKey(msg)
	case modePalette:
		return m.paletteKey(msg)
	case modeConfirm:
		done, yes := m.confirm.Answer(msg)
		if !done {
			return nil
		}
		m.mode = modeNormal
		cmd := m.onYes
		m.onYes = nil
		if !yes {
			if m.onNo != "" {
				return screen.Flash(m.onNo)
			}
			return screen.Flash("Cancelled: nothing changed.")
		}
		return cmd
	case modeInput:
		return m.inputKey(msg)
	case modeHelp:
		return m.helpKey(msg)
	}
	if m.w < MinWidth || m.h < MinHeight {
		return nil // the "too small" screen: only ctrl+c
	}
	if c, ok := m.top().(screen.Capturing); ok && c.Capturing() {
		return m.updateTop(msg)
	}
	return m.normalKey(msg)
}

func (m *Model) normalKey(msg tea.KeyMsg) tea.Cmd {
	g := m.keys.Global
	tabKeys := []key.Binding{g.Users, g.Groups, g.Roles, g.Policies, g.Keys, g.Providers}
	for i, b := range tabKeys {
		if key.Matches(msg, b) && i < len(m.opts.Tabs) {
			return m.switchTab(i)
		}
	}
	switch {
	case key.Matches(msg, g.Palette) && !m.starting:
		m.mode = modePalette
		m.palSel = 0
		m.input = components.NewInput(m.th, ":", "")
		return nil
	case key.Matches(msg, g.Help):
		m.mode, m.help = modeHelp, helpState{}
		return nil
	case key.Matches(msg, g.Back):
		if f, ok := m.top().(screen.Filterable); ok && f.Filter() != "" {
			f.SetFilter("")
			return m.filterChanged()
		}
		m.pop()
		return nil
	case key.Matches(msg, g.Quit):
		if len(m.stack()) <= 1 {
			return tea.Quit
		}
		// Below the top level q leaves the pushed screen, as in k9s: a q that did nothing
		// on a detail screen read as a dead key, and quitting from there would lose the place.
		m.pop()
		return nil
	case key.Matches(msg, g.NextTab) && len(m.opts.Tabs) > 0:
		return m.switchTab((m.tab + 1) % len(m.opts.Tabs))
	case key.Matches(msg, g.PrevTab) && len(m.opts.Tabs) > 0:
		return m.switchTab((m.tab + len(m.opts.Tabs) - 1) % len(m.opts.Tabs))
	case key.Matches(msg, g.Log) && !m.starting:
		return m.runCommand("log")
	case key.Matches(msg, g.Error) && !m.starting:
		return m.runCommand("error")
	case key.Matches(msg, m.keys.List.Filter):
		if f, ok := m.top().(screen.Filterable); ok {
			m.mode = modeFilter
			m.input = components.NewInput(m.th, "/", f.Filter())
			return nil
		}
	}
	return m.updateTop(msg)
}

// filterKey edits the current screen's filter live; enter keeps it, esc clears it.
func (m *Model) filterKey(msg tea.KeyMsg) tea.Cmd {
	f, ok := m.top().(screen.Filterable)
	if !ok {
		m.mode = modeNormal
		return nil
	}
	switch {
	case key.Matches(msg, m.keys.Filter.Accept):
		m.mode = modeNormal
		return nil
	case key.Matches(msg, m.keys.Filter.Clear):
		f.SetFilter("")
		m.mode = modeNormal
		return m.filterChanged()
	}
	cmd := m.input.Update(msg)
	f.SetFilter(m.input.Value())
	return tea.Batch(cmd, m.filterChanged())
}

// filterChanged lets the screen react to a new filter (calls go down, its commands go out).
func (m *Model) filterChanged() tea.Cmd {
	if w, ok := m.top().(screen.FilterWatcher); ok {
		return w.FilterChanged()
	}
	return nil
}

func (m *Model) inputKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Palette.Cancel):
		m.mode = modeNormal
		return nil
	case key.Matches(msg, m.keys.Palette.Run):
		m.mode = modeNormal
		if m.onInput != nil {
			return m.onInput(m.input.Value())
		}
		return nil
	}
	return m.input.Update(msg)
}

// splitBurst splits a burst of typed runes into one key each, or returns nil when msg is a
// single key. Bubble Tea v1 reads whatever runes arrive together as one KeyRunes message, so
// key repeat, fast typing or a slow SSH link would turn "jj" into a key no binding matches. A
// bracketed paste stays whole: it is text for an input, not keys.
func splitBurst(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return nil
	}
	out := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		out[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
	}
	return out
}
