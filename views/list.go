package views

import (
	"context"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// fetchFunc gets one page of a list; marker "" is the first page.
type fetchFunc[T any] func(ctx context.Context, marker string) (ramclient.Page[T], error)

// pageMsg is one page arriving for a list screen, tagged with the load it belongs to.
type pageMsg[T any] struct {
	seq  int
	page ramclient.Page[T]
	err  error
}

// listScreen is the shared machinery of the top-level lists: streaming pages into a table
// (the first page shows as soon as it lands, later pages append while the user moves and
// filters), refresh, open, copy. Each list file configures it and adds its own keys.
type listScreen[T any] struct {
	kit.Base
	seq    int
	title  string
	table  *components.Table[T]
	fetch  fetchFunc[T]
	open   func(T) screen.Screen        // enter; nil = nothing to open
	copy   func(T) (text, what string)  // c
	keys   func(tea.KeyMsg) tea.Cmd     // the screen's own keys
	onPage func([]T) tea.Cmd            // after rows land (e.g. fill columns lazily)
	after  func(kit.MutatedMsg) tea.Cmd // after a confirmed change
	extra  []key.Binding                // the screen's own keys, for help
	loaded bool
}

func newList[T any](d *Deps, title string, table *components.Table[T], fetch fetchFunc[T]) *listScreen[T] {
	return &listScreen[T]{Base: kit.NewBase(d), title: title, table: table, fetch: fetch}
}

func (s *listScreen[T]) Title() string {
	return s.title + " (" + s.table.Status() + ")"
}

func (s *listScreen[T]) SetSize(w, h int) {
	s.W, s.H = w, h
	s.table.SetSize(w, h)
}

func (s *listScreen[T]) View() string { return s.table.View() }

func (s *listScreen[T]) Filter() string     { return s.table.Filter() }
func (s *listScreen[T]) SetFilter(f string) { s.table.SetFilter(f) }

// FilterChanged fills lazy columns for the rows the new filter brought on screen.
func (s *listScreen[T]) FilterChanged() tea.Cmd {
	if s.onPage != nil {
		return s.onPage(nil)
	}
	return nil
}

func (s *listScreen[T]) Init() tea.Cmd { return s.load() }

// load starts (or restarts) the listing; answers of earlier loads are dropped by seq.
func (s *listScreen[T]) load() tea.Cmd {
	s.seq++
	if s.loaded {
		s.table.BeginRefresh()
	} else {
		s.table.SetLoading(true)
	}
	return s.fetchPage(s.seq, "")
}

func (s *listScreen[T]) fetchPage(seq int, marker string) tea.Cmd {
	ctx, fetch := s.Ctx, s.fetch
	return screen.Call(s.ID(), func() tea.Msg {
		p, err := fetch(ctx, marker)
		return pageMsg[T]{seq: seq, page: p, err: err}
	})
}

func (s *listScreen[T]) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pageMsg[T]:
		if msg.seq != s.seq {
			return s, nil // an older load: stale
		}
		if msg.err != nil {
			s.table.EndRefresh()
			s.table.SetLoading(false)
			if canceled(msg.err) {
				return s, nil
			}
			if s.table.Len() == 0 {
				s.table.SetEmptyText("Could not load: " + errLine(msg.err))
			}
			return s, screen.FlashError(errLine(msg.err))
		}
		s.table.Upsert(msg.page.Items...)
		var cmds []tea.Cmd
		if msg.page.Truncated && msg.page.NextMarker != "" {
			cmds = append(cmds, s.fetchPage(msg.seq, msg.page.NextMarker))
		} else {
			s.table.EndRefresh()
			s.loaded = true
		}
		if s.onPage != nil {
			cmds = append(cmds, s.onPage(msg.page.Items))
		}
		return s, tea.Batch(cmds...)
	case kit.MutatedMsg:
		if s.after != nil {
			s.table.ClearMarks()
			return s, s.after(msg)
		}
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *listScreen[T]) handleKey(msg tea.KeyMsg) tea.Cmd {
	l := s.D.Keys.List
	if s.table.HandleKey(msg) {
		if s.onPage != nil {
			return s.onPage(nil) // the visible rows changed
		}
		return nil
	}
	cur, ok := s.table.Current()
	switch {
	case key.Matches(msg, l.Refresh):
		return s.load()
	case key.Matches(msg, l.Open) && s.open != nil:
		if ok {
			return screen.Push(s.open(cur))
		}
		return nil
	case key.Matches(msg, l.Copy):
		if ok && s.copy != nil {
			text, what := s.copy(cur)
			return screen.Copy(text, what)
		}
		return nil
	}
	if s.keys != nil {
		return s.keys(msg)
	}
	return nil
}

func (s *listScreen[T]) KeyMap() help.KeyMap {
	n, l := s.D.Keys.Nav, s.D.Keys.List
	short := append([]key.Binding{l.Open, l.Filter, l.Refresh, l.Copy}, s.extra...)
	return helpKeys{
		short: short,
		full: [][]key.Binding{
			{n.Up, n.Down, n.Top, n.Bottom, n.PageUp, n.PageDown},
			append([]key.Binding{l.Open, l.Filter, l.Mark, l.MarkAll, l.Sort, l.SortReverse, l.Refresh, l.Copy}, s.extra...),
		},
	}
}
