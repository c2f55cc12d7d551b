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
//
// A typed confirmation (Typed set) is for the worst changes (signing yourself out, giving away
// the whole account): y does nothing, the user types Typed and presses enter; enter with
// anything else, or esc, answers no.
type Confirm struct {
	Question string
	Details  []string // what will change, one item per line
	Warnings []string // read before answering (lint warnings): wrapped, never cut
	Account  string   // the account the change is made in ("" = a local change)
	Typed    string   // what must be typed to confirm; "" = y/N
	keys     keymap.Prompt
	th       *theme.Theme
	input    Input
}

// NewConfirm builds a y/N confirmation.
func NewConfirm(th *theme.Theme, km *keymap.KeyMap, question string, details []string) Confirm {
	return Confirm{Question: question, Details: details, keys: km.Prompt, th: th}
}

// NewTypedConfirm builds a confirmation answered yes only by typing typed and enter.
func NewTypedConfirm(th *theme.Theme, km *keymap.KeyMap, question string, details []string, typed string) Confirm {
	c := NewConfirm(th, km, question, details)
	c.Typed = typed
	c.input = NewInput(th, "> ", "")
	return c
}

// Answer interprets a key: done reports whether the question is answered, yes the answer.
func (c *Confirm) Answer(msg tea.KeyMsg) (done, yes bool) {
	if c.Typed != "" {
		switch msg.Type {
		case tea.KeyEsc:
			return true, false
		case tea.KeyEnter:
			return true, c.input.Value() == c.Typed
		}
		c.input.Update(msg)
		return false, false
	}
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

// maxDetailLines caps one detail's wrapped lines, so a long one cannot push the answer keys
// off the box.
const maxDetailLines = 4

// detailLines is one detail indented by two cells and wrapped under its indent (a detail often
// says something: cut, "shown once, on the next screen" lost its last word); past
// maxDetailLines it is cut.
func detailLines(d string, inner int) []string {
	wrapped := Wrap(d, max(1, inner-4))
	out := make([]string, 0, min(len(wrapped), maxDetailLines))
	for i, l := range wrapped {
		if i == maxDetailLines-1 && len(wrapped) > maxDetailLines {
			out = append(out, Truncate("    "+l+" …", inner))
			break
		}
		indent := "    "
		if i == 0 {
			indent = "  "
		}
		out = append(out, indent+l)
	}
	return out
}

// View renders the question in a box at most w cells wide.
func (c Confirm) View(w int) string {
	inner := max(10, w-4)
	var lines []string
	// The question says what changes and what RAM may refuse: wrapped, never cut.
	lines = append(lines, c.th.Warn.Width(inner).Render(safetext.Line(c.Question)))
	if c.Account != "" {
		lines = append(lines, c.th.Title.Width(inner).Render("in account "+safetext.Line(c.Account)))
	}
	lines = append(lines, WarningLines(c.th, c.Warnings, inner)...)
	for i, d := range c.Details {
		if i == maxDetails {
			lines = append(lines, Truncate("  … and "+itoa(len(c.Details)-maxDetails)+" more", inner))
			break
		}
		lines = append(lines, detailLines(safetext.Line(d), inner)...)
	}
	if c.Typed != "" {
		lines = append(lines, "", c.th.Warn.Width(inner).Render("Type "+safetext.Line(c.Typed)+" and enter to confirm; esc cancels."),
			c.input.View(inner))
	} else {
		lines = append(lines, "", c.th.HelpKey.Render("y")+" yes   "+c.th.HelpKey.Render("N")+" no (enter, esc)")
	}
	return c.th.PromptBox.Width(inner + 2).Render(strings.Join(lines, "\n"))
}

// WarningLines draws warnings (outside text, made safe) each marked "! " and wrapped at w
// cells in the warning style: how a confirmation and a form's pane show a document's lint
// warnings alike.
func WarningLines(th *theme.Theme, warnings []string, w int) []string {
	var out []string
	for _, warning := range warnings {
		for i, l := range Wrap(safetext.Line(warning), max(1, w-2)) {
			mark := "! "
			if i > 0 {
				mark = "  "
			}
			out = append(out, th.Warn.Render(mark+l))
		}
	}
	return out
}
