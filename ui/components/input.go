package components

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/theme"
)

// Input is a one-line text input (filter, command palette, text prompts). It wraps
// bubbles/textinput so editing keys (ctrl+w, ctrl+u, arrows) behave as everywhere else.
type Input struct {
	ti textinput.Model
}

// NewInput returns a focused input with the given prompt (e.g. "/" or ":").
func NewInput(th *theme.Theme, prompt, value string) Input {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.PromptStyle = th.HelpKey
	ti.SetValue(value)
	ti.CursorEnd()
	ti.Focus()
	// A steady cursor: no blink timer, so no redraws while idle and nothing to wait for.
	ti.Cursor.SetMode(cursor.CursorStatic)
	return Input{ti: ti}
}

// Update passes a message to the text input.
func (in *Input) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	in.ti, cmd = in.ti.Update(msg)
	return cmd
}

// Value is the current text.
func (in *Input) Value() string { return in.ti.Value() }

// SetValue replaces the text and moves the cursor to its end.
func (in *Input) SetValue(s string) {
	in.ti.SetValue(s)
	in.ti.CursorEnd()
}

// View renders the input at most w cells wide.
func (in *Input) View(w int) string {
	in.ti.Width = max(1, w-Width(in.ti.Prompt)-1)
	return in.ti.View()
}
