package kit

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/ui/components"
)

// TableSection is a detail section of typed rows (a user's groups, a policy's versions).
// Actions read its rows as values (Selected, Current), never its display cells.
type TableSection[T any] struct {
	name  string
	Table *components.Table[T]
	// Open is what enter does on a row (push its screen); nil: nothing.
	Open func(T) tea.Cmd
	// OpenHelp says what Open does, for the footer and help ("" : the key's own "open").
	OpenHelp string
	// CopyRow is what c copies on a row; nil: the detail's own Copy.
	CopyRow func(T) (text, what string)
}

// AddTable adds a table section named name to a detail screen; empty is shown when it has no
// rows, id tells rows apart (marks and the cursor survive reloads).
func AddTable[T, E any](s *Detail[E], name, empty string, id func(T) string, cols ...components.Column[T]) *TableSection[T] {
	t := components.NewTable(s.D.Theme, s.D.Keys, id, cols...)
	t.SetEmptyText(empty)
	t.SetLoading(true)
	sec := &TableSection[T]{name: name, Table: t}
	s.add(sec)
	return sec
}

// Fill replaces the rows (after a load).
func (t *TableSection[T]) Fill(rows []T) {
	t.Table.BeginRefresh()
	t.Table.Upsert(rows...)
	t.Table.EndRefresh()
}

// Selected are the marked rows, or the current one.
func (t *TableSection[T]) Selected() []T { return t.Table.Selected() }

// Current is the row under the cursor.
func (t *TableSection[T]) Current() (T, bool) { return t.Table.Current() }

// Items are all rows.
func (t *TableSection[T]) Items() []T { return t.Table.Items() }

func (t *TableSection[T]) title() string { return t.name }
func (t *TableSection[T]) count() (int, bool) {
	return t.Table.Len(), !t.Table.Loading()
}
func (t *TableSection[T]) setSize(w, h int)            { t.Table.SetSize(w, h) }
func (t *TableSection[T]) view() string                { return t.Table.View() }
func (t *TableSection[T]) handleKey(m tea.KeyMsg) bool { return t.Table.HandleKey(m) }
func (t *TableSection[T]) failed() {
	t.Table.SetLoading(false)
	t.Table.SetEmptyText("Could not load.")
}

func (t *TableSection[T]) open() tea.Cmd {
	if r, ok := t.Current(); ok && t.Open != nil {
		return t.Open(r)
	}
	return nil
}

func (t *TableSection[T]) opens() (string, bool) { return t.OpenHelp, t.Open != nil }

func (t *TableSection[T]) copy() (string, string, bool) {
	if t.CopyRow == nil {
		return "", "", false
	}
	return copyRows(t.Selected(), t.CopyRow)
}

// TextSection is a detail section showing a text or a JSON document in a pager.
type TextSection struct {
	name  string
	Pager *components.Pager
	d     *Deps
}

// AddText adds a text section named name to a detail screen.
func AddText[E any](s *Detail[E], name string) *TextSection {
	sec := &TextSection{name: name, Pager: components.NewPager(s.D.Keys), d: s.D}
	s.add(sec)
	return sec
}

// SetText shows outside text (made safe to draw by the pager).
func (p *TextSection) SetText(text string) { p.Pager.SetText(text) }

// SetWrapped shows outside text as sentences, wrapped to the width (Pager.SetWrapped).
func (p *TextSection) SetWrapped(text string) { p.Pager.SetWrapped(text) }

// SetJSON shows a JSON document, pretty-printed and highlighted.
func (p *TextSection) SetJSON(doc string) { p.Pager.SetJSON(p.d.Theme, doc) }

func (p *TextSection) title() string                      { return p.name }
func (p *TextSection) count() (int, bool)                 { return 0, false }
func (p *TextSection) setSize(w, h int)                   { p.Pager.SetSize(w, h) }
func (p *TextSection) view() string                       { return p.Pager.View() }
func (p *TextSection) handleKey(m tea.KeyMsg) bool        { return p.Pager.HandleKey(m) }
func (p *TextSection) failed()                            {}
func (p *TextSection) open() tea.Cmd                      { return nil }
func (p *TextSection) opens() (string, bool)              { return "", false }
func (p *TextSection) copy() (text, what string, ok bool) { return "", "", false }

// Col is a table column: title, width bounds (max 0: takes the room left) and the cell text.
func Col[T any](title string, min, max int, cell func(T) string) components.Column[T] {
	return components.Column[T]{Title: title, Min: min, Max: max, Flex: max == 0, Cell: cell}
}

// Warn styles a column's cells with the theme's warning colour where warn says so.
func Warn[T any](d *Deps, c components.Column[T], warn func(T) bool) components.Column[T] {
	c.Style = func(r T) (lipgloss.Style, bool) { return d.Theme.Warn, warn(r) }
	return c
}
