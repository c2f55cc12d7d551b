package kit

import (
	"context"
	"slices"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
)

// Changes to the account all go the same way: the screen names exactly what will change in a
// y/N question (default No); only on yes do the calls run, one item after another; then the
// screen flashes what happened (with the RAM error of any failure) and reloads what changed.

// MutatedMsg reports a confirmed change: how many items succeeded and the first failure.
type MutatedMsg struct {
	Summary  string // when set, the whole success message ("Created group sre")
	Created  string // the row id of what was created: a list puts its cursor on it once listed
	Done     string // "Detached", "Removed", ...
	OK       int
	Failed   int
	FirstErr error
	// Retry, when set, asks again what was refused, as typed (AskThen's prompt): it takes the
	// place of the failure's flash, since the prompt says why.
	Retry tea.Cmd
	// Of are the entities the change touched when the screen's own kind and name do not say
	// them (the users whose keys a list changed, the user an audit fix changed): each is
	// announced by name, so the lists showing them read only their rows again.
	Of []Entity
}

// Entity is one thing in the account: its kind ("user") and name.
type Entity struct{ Kind, Name string }

// ReloadMsg asks a screen to load again (something it shows was changed elsewhere).
type ReloadMsg struct{}

// Danger is what makes a change need a name typed instead of y: it signs ramtui out (your own
// AccessKey) or gives away the whole account (a policy allowing * on *). The zero Danger is an
// ordinary y/N change; a Consequence without Typed is a y/N question that says more.
type Danger struct {
	Consequence string // said after the question: "you will be signed out"
	Typed       string // what the user types to confirm: the key id, the policy name
}

// ConfirmThen asks question (naming every item) and on yes applies do to each item.
func ConfirmThen[T any](b *Base, question string, items []T, name func(T) string, done string,
	do func(ctx context.Context, it T) error) tea.Cmd {
	return ConfirmDangerThen(b, question, Danger{}, items, name, nil, done, do)
}

// ConfirmDangerThen is ConfirmThen for a change that may be dangerous: with a Danger, the
// question names the consequence and only typing danger.Typed confirms it. of, when not nil,
// names the entity each item belongs to (MutatedMsg.Of).
func ConfirmDangerThen[T any](b *Base, question string, danger Danger, items []T, name func(T) string, of func(T) Entity, done string,
	do func(ctx context.Context, it T) error) tea.Cmd {
	if len(items) == 0 {
		return nil
	}
	details := make([]string, len(items))
	for i, it := range items {
		details[i] = name(it)
	}
	ctx := b.Ctx
	run := screen.Call(b.ID(), func() tea.Msg {
		m := MutatedMsg{Done: done}
		for _, it := range items {
			if of != nil && !slices.Contains(m.Of, of(it)) {
				m.Of = append(m.Of, of(it))
			}
			if err := do(ctx, it); err != nil {
				m.Failed++
				if m.FirstErr == nil {
					m.FirstErr = err
				}
				continue
			}
			m.OK++
		}
		return m
	})
	if danger.Consequence != "" {
		question += " " + danger.Consequence
	}
	return screen.Cmd(screen.ConfirmMsg{Question: question, Details: details, OnYes: run, Typed: danger.Typed})
}

// ConfirmOnce asks question, listing details, and on yes runs do once.
func ConfirmOnce(b *Base, question string, details []string, done string, do func(ctx context.Context) error) tea.Cmd {
	return ConfirmLinted(b, question, details, nil, done, do)
}

// AskThen asks for one line of text (a new name, a display name) and runs do with it; the
// outcome comes back as a MutatedMsg like any other change. Input is checked by ramclient
// before any call, so a bad name is refused with a clear message and nothing is sent. A
// refused answer (the check, or the service: a name taken) asks again with what was typed and
// why: retyping a long name to fix one character lost the rest.
func AskThen(b *Base, prompt, initial, done string, do func(ctx context.Context, text string) error) tea.Cmd {
	return askThen(b, prompt, initial, done, false, do)
}

// CreateThen is AskThen for a name that do creates (a user, a group): once the list shows the
// new row its cursor is on it, ready for enter. Before, "Created user x." left the cursor
// where it was, the new row somewhere in a long list.
func CreateThen(b *Base, prompt, done string, do func(ctx context.Context, name string) error) tea.Cmd {
	return askThen(b, prompt, "", done, true, do)
}

func askThen(b *Base, prompt, initial, done string, creates bool, do func(ctx context.Context, text string) error) tea.Cmd {
	ctx, id := b.Ctx, b.ID()
	var ask func(value, why string) tea.Cmd
	ask = func(value, why string) tea.Cmd {
		return screen.Cmd(screen.InputMsg{Prompt: prompt, Value: value, Err: why, OnSubmit: func(text string) tea.Cmd {
			if text == "" {
				return screen.Flash("Nothing entered: nothing changed.")
			}
			return screen.Call(id, func() tea.Msg {
				if err := do(ctx, text); err != nil {
					return MutatedMsg{Done: done, Failed: 1, FirstErr: err, Retry: ask(text, ErrReason(err))}
				}
				m := MutatedMsg{Summary: done + " " + text, OK: 1}
				if creates {
					m.Created = text
				}
				return m
			})
		}})
	}
	return ask(initial, "")
}

// Changed announces a confirmed change to every other open screen (screen.ChangedMsg), so
// the ones that show what changed load again; nothing when nothing changed. The screen's
// entity (kind and name) is announced, and each of m.Of; a screen that names none (a list)
// announces only m.Of when there are some.
func Changed(b *Base, m MutatedMsg, kind, name string) tea.Cmd {
	if m.OK == 0 {
		return nil
	}
	var cmds []tea.Cmd
	if name != "" || len(m.Of) == 0 {
		cmds = append(cmds, screen.Cmd(screen.ChangedMsg{From: b.ID(), Kind: kind, Name: name}))
	}
	for _, e := range m.Of {
		if e != (Entity{kind, name}) {
			cmds = append(cmds, screen.Cmd(screen.ChangedMsg{From: b.ID(), Kind: e.Kind, Name: e.Name}))
		}
	}
	return tea.Batch(cmds...)
}

// AfterMutation flashes the outcome and reloads.
func AfterMutation(m MutatedMsg, reload tea.Cmd) tea.Cmd {
	if m.OK == 0 && m.Failed == 1 && m.Retry != nil {
		return tea.Batch(m.Retry, reload)
	}
	if m.OK == 0 && m.Failed == 1 { // one thing asked, not done: "Created group 0, failed 1" would mislead
		return tea.Batch(screen.FlashError("Failed: "+ErrLine(m.FirstErr)), reload)
	}
	if m.Failed > 0 {
		text := m.Done + " " + strconv.Itoa(m.OK) + ", failed " + strconv.Itoa(m.Failed) + ": " + ErrLine(m.FirstErr)
		return tea.Batch(screen.FlashError(text), reload)
	}
	if m.Summary != "" {
		return tea.Batch(screen.Flash(m.Summary+"."), reload)
	}
	return tea.Batch(screen.Flash(m.Done+" "+strconv.Itoa(m.OK)+"."), reload)
}
