package ui

import (
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
)

// The ':' palette runs a command by name or alias. As the user types, matching commands are
// listed (names and aliases starting with the text, then those containing it); tab completes
// the highlighted one, up/down move the highlight, enter runs.

func (m *Model) paletteKey(msg tea.KeyMsg) tea.Cmd {
	p := m.keys.Palette
	matches := m.paletteMatches(m.input.Value())
	switch {
	case key.Matches(msg, p.Cancel):
		m.mode = modeNormal
		return nil
	case key.Matches(msg, p.Complete):
		if len(matches) > 0 {
			m.input.SetValue(matches[m.palSel%len(matches)].Name)
		}
		return nil
	case key.Matches(msg, p.Next):
		if len(matches) > 0 {
			m.palSel = (m.palSel + 1) % len(matches)
		}
		return nil
	case key.Matches(msg, p.Prev):
		if len(matches) > 0 {
			m.palSel = (m.palSel + len(matches) - 1) % len(matches)
		}
		return nil
	case key.Matches(msg, p.Run):
		m.mode = modeNormal
		text := strings.TrimSpace(m.input.Value())
		if text == "" {
			return nil
		}
		if c := m.findCommand(text); c != nil {
			return c.Run()
		}
		// Not an exact name: run the highlighted completion when the text selects one.
		if len(matches) > 0 {
			return matches[m.palSel%len(matches)].Run()
		}
		return screen.FlashError("Unknown command :" + text + " (try :users :groups :roles :policies :keys :switch :log :whoami :q)")
	}
	before := m.input.Value()
	cmd := m.input.Update(msg)
	if m.input.Value() != before {
		m.palSel = 0
	}
	return cmd
}

// findCommand returns the command whose name or alias is exactly s.
func (m *Model) findCommand(s string) *Command {
	s = strings.ToLower(s)
	for i := range m.opts.Commands {
		c := &m.opts.Commands[i]
		if c.Name == s {
			return c
		}
		for _, a := range c.Aliases {
			if a == s {
				return c
			}
		}
	}
	return nil
}

// runCommand runs a named command if it is registered.
func (m *Model) runCommand(name string) tea.Cmd {
	if c := m.findCommand(name); c != nil {
		return c.Run()
	}
	return nil
}

// paletteMatches lists commands matching what was typed: prefix matches first.
func (m *Model) paletteMatches(text string) []Command {
	text = strings.ToLower(strings.TrimSpace(text))
	type scored struct {
		c     Command
		score int
	}
	var out []scored
	for _, c := range m.opts.Commands {
		best := -1
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			switch {
			case n == text:
				best = max(best, 3)
			case strings.HasPrefix(n, text):
				best = max(best, 2)
			case strings.Contains(n, text):
				best = max(best, 1)
			}
		}
		if best >= 0 {
			out = append(out, scored{c, best})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	cmds := make([]Command, len(out))
	for i, s := range out {
		cmds[i] = s.c
	}
	return cmds
}
