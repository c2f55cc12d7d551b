package ui

import (
	"io"
	"os"

	"github.com/atotto/clipboard"
	osc52 "github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
)

// clipboardOut is where the OSC52 sequence goes: the terminal. Tests point it elsewhere.
var clipboardOut io.Writer = os.Stdout

// copyCmd copies to the native clipboard when one is available and always emits OSC52, so
// copying works locally, over SSH and inside tmux (wrapped in tmux's passthrough).
func copyCmd(c screen.CopyMsg) tea.Cmd {
	return func() tea.Msg {
		native := !clipboard.Unsupported && clipboard.WriteAll(c.Text) == nil
		seq := osc52.New(c.Text)
		if os.Getenv("TMUX") != "" {
			seq = seq.Tmux()
		}
		_, err := seq.WriteTo(clipboardOut)
		if !native && err != nil {
			return screen.FlashMsg{Level: screen.Error, Text: "Copy failed: " + err.Error()}
		}
		return screen.FlashMsg{Text: "Copied " + c.What}
	}
}
