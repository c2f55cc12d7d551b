package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/atotto/clipboard"
	osc52 "github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
)

// clipboardOut is where the OSC52 sequence goes: the terminal. Tests point it elsewhere.
var clipboardOut io.Writer = os.Stdout

// copyCmd copies to the native clipboard when one is available and, outside tmux, emits
// OSC52, so copying works locally and over SSH. Inside tmux an OSC52 sequence may never reach
// the terminal (tmux 3.3 turns passthrough off), so the text goes into tmux's own paste
// buffer instead, and the flash says where it went, or plainly that it went nowhere. method
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
		if os.Getenv("TMUX") != "" {
			err := tmuxLoadBuffer(c.Text)
			switch {
			case err == nil && native:
				return screen.FlashMsg{Text: "Copied " + c.What + " (also in tmux's paste buffer)"}
			case err == nil:
				return screen.FlashMsg{Text: "Copied " + c.What + " into tmux's paste buffer (prefix ] pastes it)"}
			case native:
				return screen.FlashMsg{Text: "Copied " + c.What}
			default:
				return screen.FlashMsg{Level: screen.Error, Text: "Not copied: inside tmux, and tmux load-buffer failed (" + err.Error() + ")"}
			}
		}
		_, err := osc52.New(c.Text).WriteTo(clipboardOut)
		if !native && err != nil {
			return screen.FlashMsg{Level: screen.Error, Text: "Copy failed: " + err.Error()}
		}
		return screen.FlashMsg{Text: "Copied " + c.What}
	}
}

// tmuxLoadBuffer puts text into the paste buffer of the tmux server in $TMUX; -w also hands
// it to the terminal's clipboard when tmux's set-clipboard allows (tmux 3.2 on; older ones
// are asked again without it).
func tmuxLoadBuffer(text string) error {
	run := func(args ...string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "tmux", args...)
		cmd.Stdin = strings.NewReader(text)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			if msg := strings.TrimSpace(stderr.String()); msg != "" {
				return errors.New(firstLine(msg))
			}
			return err
		}
		return nil
	}
	err := run("load-buffer", "-w", "-")
	if err != nil && strings.Contains(err.Error(), "-w") {
		err = run("load-buffer", "-")
	}
	return err
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
