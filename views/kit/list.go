package kit

import (
	"context"
	"slices"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
)

// Fetch gets one page of a list; marker "" is the first page.
type Fetch[T any] func(ctx context.Context, marker string) (ramclient.Page[T], error)

// List is the one list screen: pages stream into a typed table (the first page shows as soon
// as it lands, later pages append while the user moves and filters), r refreshes, enter opens,
// c copies, and the screen's own Actions do the rest. It loads through the same Loader as
// Detail, and columns that need a call per row are a Lazy hook.
type List[T any] struct {
	Base
	Table *components.Table[T]
	// Open is the screen enter opens on a row; nil: enter is the screen's own action.
	Open func(T) screen.Screen
	// CopyRow is what c copies on a row.
	CopyRow func(T) (text, what string)
	Actions Actions
	// Lazy fills columns that need their own call, for the rows on screen only.
	Lazy *Lazy[T]
	// After runs when a confirmed change finished; nil: flash the outcome and reload.
	After func(MutatedMsg) tea.Cmd
	// Refresh replaces what r does (the API log catches up instead of fetching); nil: reload.
	Refresh func() tea.Cmd
	// OnMsg takes the screen's own messages (an editor's answer, a log entry).
	OnMsg func(tea.Msg) tea.Cmd
	// Kind is what the rows are ("user", "policy"): a change made here is announced as one.
	Kind string
	// Shows are the kinds whose changes made on other screens this list shows (a policy's
	// default version, attachment counts): it loads again after them. nil: none.
	Shows []string
	// Rows reads again, in place, the rows of one entity a change made on another screen
	// named (a user's row after a key was deleted on its screen): a call or two, where Shows
	// lists everything again. A change that names no entity, or one of a kind Rows does not
	// take, does what Shows says. nil: none.
	Rows *Rows[T]
	// Narrow, when set, is the table shown below NarrowBelow columns: the same rows with
	// fewer columns, so that those left are whole at 80 (what it leaves out is read on the
	// row's screen). SetSize swaps the two, keeping the rows, the filter, the cursor and a
	// sort by a column both have.
	Narrow      *components.Table[T]
	NarrowBelow int
	wide        *components.Table[T]

	title  string
	fetch  Fetch[T]
	load   Loader[ramclient.Page[T]]
	loaded bool
	asked  map[string]bool // lazy columns requested
	known  map[string]T    // lazy columns learned, kept across pages and reloads until r
	reread map[string]int  // the latest Rows read of each entity: an earlier one's answer is dropped
	// created is the id of a row just created here: the cursor goes to it when a page lists
	// it; forgotten when the load ends.
	created string
}

// Rows is how a list reads again the rows of one entity that changed (kit.List.Rows).
type Rows[T any] struct {
	Kinds []string // the kinds of change it takes ("user")
	// Of is whether row r stands for the entity name (one of a user's keys); nil: the row whose
	// id is name (the user's own row).
	Of func(r T, name string) bool
	// Fetch reads name's rows as they are now, off the event loop; none (and no error) when
	// the entity is gone. Rows it returns with their lazy columns are taken as learned.
	Fetch func(ctx context.Context, name string) ([]T, error)
}

type rowsMsg[T any] struct {
	name string
	seq  int
	rows []T
	err  error
}

// Lazy describes columns a listing does not return (users' MFA and keys, roles' trust): they
// are fetched for the rows on screen, each row once, and kept across pages and reloads.
type Lazy[T any] struct {
	Missing func(T) bool                             // the row lacks them
	Fill    func(ctx context.Context, r T) (T, bool) // runs off the event loop; false: leave it
	Merge   func(fresh, known T) T                   // carry learned columns into a listed row
	// Calls is how many calls of the list's client one row's Fill makes at once: the list has
	// the client ready that many per row on screen while the listing is on its way
	// (ramclient.Client.Warm). 0: none (a Fill that calls another client, or rarely).
	Calls int
}

type lazyMsg[T any] struct {
	id  string
	row T
}

// NewList is a list screen titled title over table, loading pages with fetch.
func NewList[T any](d *Deps, title string, table *components.Table[T], fetch Fetch[T]) *List[T] {
	return &List[T]{Base: NewBase(d), title: title, Table: table, fetch: fetch,
		asked: map[string]bool{}, known: map[string]T{}, reread: map[string]int{}}
}

// SetSource changes what the list shows (the policies list's System/Custom): the rows go and
// the new listing starts as a first load, not a refresh.
func (s *List[T]) SetSource(title string, fetch Fetch[T]) tea.Cmd {
	s.title, s.fetch, s.loaded = title, fetch, false
	s.Table.BeginRefresh()
	s.Table.EndRefresh()
	return s.Reload()
}

func (s *List[T]) Title() string { return s.title + " (" + s.Table.Status() + ")" }

func (s *List[T]) SetSize(w, h int) {
	s.W, s.H = w, h
	if s.Narrow != nil {
		if s.wide == nil {
			s.wide = s.Table
		}
		if t := map[bool]*components.Table[T]{false: s.wide, true: s.Narrow}[w < s.NarrowBelow]; t != s.Table {
			s.swapTo(t)
		}
	}
	s.Table.SetSize(w, h)
}

// swapTo shows the rows in t, the other table (wide or narrow), with the filter, the cursor
// and the sort (by the column of the same title) as they were. Marks do not carry over.
func (s *List[T]) swapTo(t *components.Table[T]) {
	old := s.Table
	loading := old.Loading()
	t.BeginRefresh()
	t.Upsert(old.Items()...)
	t.EndRefresh()
	t.SetLoading(loading)
	col, desc := old.SortColumn()
	t.SetSort(t.ColumnIndex(old.ColumnTitle(col)), desc)
	t.SetFilter(old.Filter())
	if r, ok := old.Current(); ok {
		t.SelectID(old.ID(r))
	}
	s.Table = t
}

func (s *List[T]) View() string       { return s.Table.View() }
func (s *List[T]) Filter() string     { return s.Table.Filter() }
func (s *List[T]) SetFilter(f string) { s.Table.SetFilter(f) }

// FilterChanged fills lazy columns for the rows the new filter brought on screen.
func (s *List[T]) FilterChanged() tea.Cmd { return s.fillLazy() }

func (s *List[T]) Init() tea.Cmd {
	if s.fetch == nil {
		return nil
	}
	return s.Reload()
}

// Reload starts (or restarts) the listing; answers of earlier loads are dropped.
func (s *List[T]) Reload() tea.Cmd {
	if s.fetch == nil {
		return nil
	}
	if s.loaded {
		s.Table.BeginRefresh()
	} else {
		s.Table.SetLoading(true)
	}
	s.warm()
	return s.load.Start(&s.Base, s.page(""))
}

// warm has the client ready the calls the rows on screen will make when the listing's first
// page lands, if they will make any (nothing asked yet: a first load, or after r).
func (s *List[T]) warm() {
	if s.Lazy == nil || s.Lazy.Calls == 0 || len(s.asked) > 0 || s.H <= 1 {
		return
	}
	if c := s.D.Client(); c != nil {
		c.Warm((s.H - 1) * s.Lazy.Calls) // the table's rows: its height less the header
	}
}

func (s *List[T]) page(marker string) func(context.Context) (ramclient.Page[T], error) {
	fetch := s.fetch
	return func(ctx context.Context) (ramclient.Page[T], error) { return fetch(ctx, marker) }
}

func (s *List[T]) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	if m, ok := s.load.Accept(msg); ok {
		return s, s.pageMsg(m)
	}
	switch m := msg.(type) {
	case Loaded[ramclient.Page[T]]:
		return s, nil // an earlier load: stale
	case lazyMsg[T]:
		s.known[m.id] = m.row
		if cur, ok := s.Table.Get(m.id); ok {
			s.Table.Replace(s.Lazy.Merge(cur, m.row)) // not listed: a refresh under way decides its place
		}
		return s, nil
	case rowsMsg[T]:
		return s, s.rowsMsg(m)
	case MutatedMsg:
		changed := Changed(&s.Base, m, s.Kind, "")
		if s.After != nil {
			return s, tea.Batch(s.After(m), changed)
		}
		s.Table.ClearMarks()
		if m.Created != "" && m.OK > 0 {
			s.created = m.Created
		}
		return s, tea.Batch(AfterMutation(m, s.Reload()), changed)
	case screen.ChangedMsg:
		if m.Name != "" && s.Rows != nil && slices.Contains(s.Rows.Kinds, m.Kind) {
			return s, s.RefreshRows(m.Name)
		}
		if s.loaded && slices.Contains(s.Shows, m.Kind) {
			// What changed may be in a lazy column (a provider's metadata, a role's trust):
			// learn those again, as r does.
			s.asked, s.known = map[string]bool{}, map[string]T{}
			return s, s.Reload()
		}
		return s, nil
	case tea.KeyMsg:
		return s, s.key(m)
	}
	if s.OnMsg != nil {
		return s, s.OnMsg(msg)
	}
	return s, nil
}

func (s *List[T]) pageMsg(m Loaded[ramclient.Page[T]]) tea.Cmd {
	if m.Err != nil {
		s.Table.EndRefresh()
		s.Table.SetLoading(false)
		if Canceled(m.Err) {
			return nil
		}
		if s.Table.Len() == 0 {
			s.Table.SetEmptyText("Could not load: " + ErrLine(m.Err))
		}
		return screen.FlashError(ErrLine(m.Err))
	}
	items := m.Val.Items
	if s.Lazy != nil {
		for i, it := range items {
			if k, ok := s.known[s.Table.ID(it)]; ok {
				items[i] = s.Lazy.Merge(it, k)
			}
		}
	}
	s.Table.Upsert(items...)
	var next tea.Cmd
	if m.Val.Truncated && m.Val.NextMarker != "" {
		next = s.load.Next(&s.Base, s.page(m.Val.NextMarker))
	} else {
		s.Table.EndRefresh()
		s.loaded = true
	}
	if s.created != "" && s.Table.SelectID(s.created) || next == nil {
		s.created = ""
	}
	return tea.Batch(next, s.fillLazy())
}

// RefreshRows reads again the rows of the entities names (Rows.Fetch, one read each, in the
// on-screen lane: they are few) and puts them in place of the rows they had: a row gone is
// removed, a new one added. A listing under way is left alone.
func (s *List[T]) RefreshRows(names ...string) tea.Cmd {
	if s.Rows == nil {
		return nil
	}
	var cmds []tea.Cmd
	for _, name := range names {
		s.reread[name]++
		seq, fetch, ctx := s.reread[name], s.Rows.Fetch, ramclient.OnScreen(s.Ctx)
		cmds = append(cmds, screen.Call(s.ID(), func() tea.Msg {
			rows, err := fetch(ctx, name)
			return rowsMsg[T]{name: name, seq: seq, rows: rows, err: err}
		}))
	}
	return tea.Batch(cmds...)
}

func (s *List[T]) rowsMsg(m rowsMsg[T]) tea.Cmd {
	if m.seq != s.reread[m.name] {
		return nil // a later read of the same entity is under way
	}
	delete(s.reread, m.name)
	if m.err != nil {
		if Canceled(m.err) {
			return nil
		}
		return screen.FlashError("Could not read " + m.name + " again: " + ErrLine(m.err))
	}
	fresh := map[string]bool{}
	var present, added []T
	for _, r := range m.rows {
		id := s.Table.ID(r)
		fresh[id] = true
		if s.Lazy != nil {
			if s.Lazy.Missing(r) {
				if k, ok := s.known[id]; ok {
					r = s.Lazy.Merge(r, k) // what a lazy column learned of it still holds (a key's last use)
				}
			} else {
				s.known[id], s.asked[id] = r, true
			}
		}
		if _, ok := s.Table.Get(id); ok {
			present = append(present, r)
		} else {
			added = append(added, r)
		}
	}
	var had []string
	if s.Rows.Of == nil {
		if _, ok := s.Table.Get(m.name); ok {
			had = []string{m.name}
		}
	} else {
		had = s.Table.IDsWhere(func(r T) bool { return s.Rows.Of(r, m.name) })
	}
	var gone []string
	for _, id := range had {
		if !fresh[id] {
			gone = append(gone, id)
			delete(s.known, id)
			delete(s.asked, id)
		}
	}
	s.Table.Remove(gone...)
	if len(present) > 0 {
		s.Table.Replace(present...)
	}
	if len(added) > 0 {
		s.Table.Upsert(added...)
	}
	return s.fillLazy()
}

// fillLazy asks for the lazy columns of the rows on screen not asked about yet.
func (s *List[T]) fillLazy() tea.Cmd {
	if s.Lazy == nil {
		return nil
	}
	var cmds []tea.Cmd
	for _, r := range s.Table.OnScreen() {
		id := s.Table.ID(r)
		if !s.Lazy.Missing(r) || s.asked[id] {
			continue
		}
		s.asked[id] = true
		// The rows on screen are few and bounded: their calls get the client's on-screen lane,
		// one wave for the whole screen, beside whatever listing runs.
		ctx, fill := ramclient.OnScreen(s.Ctx), s.Lazy.Fill
		cmds = append(cmds, screen.Call(s.ID(), func() tea.Msg {
			if row, ok := fill(ctx, r); ok {
				return lazyMsg[T]{id: id, row: row}
			}
			return nil
		}))
	}
	return tea.Batch(cmds...)
}

func (s *List[T]) actions() Actions {
	l := s.D.Keys.List
	cur := func() (T, bool) { return s.Table.Current() }
	refresh := s.Refresh
	if refresh == nil {
		refresh = func() tea.Cmd {
			s.asked, s.known = map[string]bool{}, map[string]T{}
			return s.Reload()
		}
	}
	base := Actions{
		{Key: l.Open, When: func() bool { return s.Open != nil }, Do: func() tea.Cmd {
			if r, ok := cur(); ok {
				return screen.Push(s.Open(r))
			}
			return nil
		}},
		{Key: l.Filter},                                                 // the root opens the filter; listed for help
		{Key: l.Mark, FullOnly: true}, {Key: l.MarkAll, FullOnly: true}, // the table's keys
		{Key: l.Sort, FullOnly: true}, {Key: l.SortReverse, FullOnly: true},
		{Key: l.Refresh, Do: refresh},
		{Key: l.Copy, When: func() bool { return s.CopyRow != nil }, Do: func() tea.Cmd {
			if text, what, ok := copyRows(s.Table.Selected(), s.CopyRow); ok {
				return screen.Copy(text, what)
			}
			return nil
		}},
	}
	return append(base, s.Actions...)
}

func (s *List[T]) key(msg tea.KeyMsg) tea.Cmd {
	if s.Table.HandleKey(msg) {
		return s.fillLazy() // the visible rows changed
	}
	cmd, _ := s.actions().Handle(msg, s.D.ReadOnly())
	return cmd
}

func (s *List[T]) KeyMap() help.KeyMap {
	n := s.D.Keys.Nav
	return s.actions().Help(s.D.ReadOnly(), n.Up, n.Down, n.Top, n.Bottom, n.PageUp, n.PageDown)
}
