// Package grant is the TUI of the OSS grant workflow (issue 11) on the grant engine: the
// wizard (:grant, and "n" on the Roles list), the whole plan shown before anything is made,
// one confirmation, the steps applied with progress rows (a failure offers the rollback of
// what this run made), the verification table, the hand-over note (c copies it, s switches
// into the role), and the revocation of a grant made earlier (:revoke). `ramtui grant` is the
// same engine on the command line; the two behave alike.
package grant

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/ui/screen"
)

// Progress of a long run (apply, rollback, revoke) reaches the screen one event at a time:
// the run goes on in a goroutine and a command waits for its next event, so every row shows
// while the calls are made, not after the last one.

// startedMsg says a confirmed run began; ch carries its events, then its outcome.
type startedMsg struct{ ch <-chan tea.Msg }

// eventMsg is one progress event of a run.
type eventMsg struct {
	ev engine.Event
	ch <-chan tea.Msg
}

// doneMsg is a run's outcome: what it changed (apply) and its error.
type doneMsg struct {
	applied *engine.Applied
	err     error
}

// startRun is the command a confirmation runs on yes: it starts run in a goroutine and tells
// screen id that it began. The run does not stop when the screen goes away (its context is
// not the screen's): a grant half-applied because a key was pressed would be worse than one
// that finished.
func startRun(id screen.ID, ctx context.Context, run func(ctx context.Context, progress func(engine.Event)) doneMsg) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan tea.Msg, 8)
		ctx := context.WithoutCancel(ctx)
		go func() {
			defer close(ch)
			ch <- run(ctx, func(e engine.Event) { ch <- eventMsg{ev: e} })
		}()
		return screen.Result{To: id, Msg: startedMsg{ch: ch}}
	}
}

// next waits for the run's next message (counted in the footer's spinner while it waits).
func next(id screen.ID, ch <-chan tea.Msg) tea.Cmd {
	return screen.Call(id, func() tea.Msg {
		m, ok := <-ch
		if !ok {
			return nil
		}
		if e, isEvent := m.(eventMsg); isEvent {
			e.ch = ch
			return e
		}
		return m
	})
}

// progressRows keeps a run's events: one row per step, a running one replaced when it ends
// (an apply runs several steps at once).
type progressRows struct {
	rows []engine.Event
}

func (p *progressRows) add(e engine.Event) {
	for i, r := range p.rows {
		if r.State == engine.Running && r.Index == e.Index && r.Rollback == e.Rollback {
			p.rows[i] = e
			return
		}
	}
	p.rows = append(p.rows, e)
}
