package views

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
)

// Changes to the account all go the same way: the screen names exactly what will change in a
// y/N question (default No); only on yes do the calls run, one item after another; then the
// screen flashes what happened (with the RAM error of any failure) and reloads what changed.

// mutatedMsg reports a confirmed change: how many items succeeded and the first failure.
type mutatedMsg struct {
	summary  string // when set, the whole success message ("Created group sre")
	done     string // "Detached", "Removed", ...
	ok       int
	failed   int
	firstErr error
}

// confirmThen asks question (naming every item) and on yes applies do to each item.
func confirmThen[T any](b *base, question string, items []T, name func(T) string, done string,
	do func(ctx context.Context, it T) error) tea.Cmd {
	if len(items) == 0 {
		return nil
	}
	details := make([]string, len(items))
	for i, it := range items {
		details[i] = name(it)
	}
	ctx, id := b.ctx, b.id
	run := screen.Call(id, func() tea.Msg {
		m := mutatedMsg{done: done}
		for _, it := range items {
			if err := do(ctx, it); err != nil {
				m.failed++
				if m.firstErr == nil {
					m.firstErr = err
				}
				continue
			}
			m.ok++
		}
		return m
	})
	return screen.Cmd(screen.ConfirmMsg{Question: question, Details: details, OnYes: run})
}

// afterMutation flashes the outcome and reloads.
func afterMutation(m mutatedMsg, reload tea.Cmd) tea.Cmd {
	if m.failed > 0 {
		text := m.done + " " + strconv.Itoa(m.ok) + ", failed " + strconv.Itoa(m.failed) + ": " + errLine(m.firstErr)
		return tea.Batch(screen.FlashError(text), reload)
	}
	if m.summary != "" {
		return tea.Batch(screen.Flash(m.summary+"."), reload)
	}
	return tea.Batch(screen.Flash(m.done+" "+strconv.Itoa(m.ok)+"."), reload)
}

// plural says "1 policy" / "3 policies".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// askThen asks for one line of text (a new name, a display name) and runs do with it; the
// outcome comes back as a mutatedMsg like any other change. Input is checked by ramclient
// before any call, so a bad name is refused with a clear message and nothing is sent.
func askThen(b *base, prompt, initial, done string, do func(ctx context.Context, text string) error) tea.Cmd {
	ctx, id := b.ctx, b.id
	return screen.Cmd(screen.InputMsg{Prompt: prompt, Value: initial, OnSubmit: func(text string) tea.Cmd {
		if text == "" {
			return screen.Flash("Nothing entered: nothing changed.")
		}
		return screen.Call(id, func() tea.Msg {
			if err := do(ctx, text); err != nil {
				return mutatedMsg{done: done, failed: 1, firstErr: err}
			}
			return mutatedMsg{summary: done + " " + text, ok: 1}
		})
	}})
}

// confirmOnce asks question, listing details, and on yes runs do once.
func confirmOnce(b *base, question string, details []string, done string, do func(ctx context.Context) error) tea.Cmd {
	ctx, id := b.ctx, b.id
	run := screen.Call(id, func() tea.Msg {
		if err := do(ctx); err != nil {
			return mutatedMsg{done: done, failed: 1, firstErr: err}
		}
		return mutatedMsg{summary: done, ok: 1}
	})
	return screen.Cmd(screen.ConfirmMsg{Question: question, Details: details, OnYes: run})
}
