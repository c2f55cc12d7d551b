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
// copying works locally, over SSH and inside tmux (wrapped in tmux's passthrough). method
// (config.yaml's clipboard) can limit it to one of the two, or turn copying off.
func copyCmd(c screen.CopyMsg, method string) tea.Cmd {
	if method == "off" {
		return func() tea.Msg {
			return screen.FlashMsg{Level: screen.Error, Text: "Copying is off (clipboard: off in config.yaml)"}
		}
	}
	return func() tea.Msg {
		native := method != "osc52" && !clipboard.Unsupported && clipboard.WriteAll(c.Text) == nil
		if method == "native" {
			if !native {
				return screen.FlashMsg{Level: screen.Error, Text: "Copy failed: no system clipboard (clipboard: native in config.yaml)"}
			}
			return screen.FlashMsg{Text: "Copied " + c.What}
		}
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
