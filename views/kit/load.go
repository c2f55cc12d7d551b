package kit

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
)

// Loader runs a screen's fetches and recognises stale answers: every Start begins a new run,
// and only the answers of the latest run are accepted. It is the one place where screens
// number their requests.
type Loader[T any] struct {
	seq int
}

// Loaded is the answer of one fetch, addressed to the screen that started it.
type Loaded[T any] struct {
	seq int
	Val T
	Err error
}

// Start begins a new run (answers of earlier runs become stale) with one fetch.
func (l *Loader[T]) Start(b *Base, fetch func(ctx context.Context) (T, error)) tea.Cmd {
	l.seq++
	return l.Next(b, fetch)
}

// Next fetches more for the current run (e.g. the next page of a list).
func (l *Loader[T]) Next(b *Base, fetch func(ctx context.Context) (T, error)) tea.Cmd {
	seq, ctx := l.seq, b.Ctx
	return screen.Call(b.ID(), func() tea.Msg {
		v, err := fetch(ctx)
		return Loaded[T]{seq: seq, Val: v, Err: err}
	})
}

// Accept returns msg when it is an answer of the latest run; stale answers and other
// messages give ok == false.
func (l *Loader[T]) Accept(msg tea.Msg) (m Loaded[T], ok bool) {
	m, ok = msg.(Loaded[T])
	return m, ok && m.seq == l.seq
}

// IsLoaded reports whether msg is an answer of this loader, stale or not (so a screen can
// swallow it).
func (l *Loader[T]) IsLoaded(msg tea.Msg) bool {
	_, ok := msg.(Loaded[T])
	return ok
}

// Canceled reports errors that only mean "the screen went away".
func Canceled(err error) bool { return errors.Is(err, context.Canceled) }
