package components

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/theme"
)

// Confirm is a y/N question that defaults to No: only the Yes key answers yes; enter, n and
// esc answer no. Other keys are ignored, so a stray key never confirms anything.
type Confirm struct {
	Question string
	Details  []string // what will change, one item per line
	keys     keymap.Prompt
	th       *theme.Theme
}

// NewConfirm builds a confirmation.
func NewConfirm(th *theme.Theme, km *keymap.KeyMap, question string, details []string) Confirm {
	return Confirm{Question: question, Details: details, keys: km.Prompt, th: th}
}

// Answer interprets a key: done reports whether the question is answered, yes the answer.
func (c Confirm) Answer(msg tea.KeyMsg) (done, yes bool) {
	switch {
	case key.Matches(msg, c.keys.Yes):
		return true, true
	case key.Matches(msg, c.keys.No), key.Matches(msg, c.keys.Submit):
		return true, false
	}
	return false, false
}

// maxDetails caps the listed items; the rest are counted.
const maxDetails = 8

// View renders the question in a box at most w cells wide.
func (c Confirm) View(w int) string {
	inner := max(10, w-4)
	var lines []string
	// The question says what changes and what RAM may refuse: wrapped, never cut.
	lines = append(lines, c.th.Warn.Width(inner).Render(safetext.Line(c.Question)))
	for i, d := range c.Details {
		if i == maxDetails {
			lines = append(lines, Truncate("  … and "+itoa(len(c.Details)-maxDetails)+" more", inner))
			break
		}
		lines = append(lines, Truncate("  "+safetext.Line(d), inner))
	}
	lines = append(lines, "", c.th.HelpKey.Render("y")+" yes   "+c.th.HelpKey.Render("N")+" no (enter, esc)")
	return c.th.PromptBox.Width(inner + 2).Render(strings.Join(lines, "\n"))
}
