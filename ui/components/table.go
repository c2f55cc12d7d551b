package components

import (
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/theme"
)

// Column describes one column of a Table.
type Column[T any] struct {
	Title string
	// Min and Max bound the column's display width. Within them the column is as wide as its
	// widest cell seen so far; Max 0 means no upper bound.
	Min, Max int
	Right    bool // align right (counts, durations)
	// Flex columns (descriptions, comments) give way first when space is short and take the
	// space left over.
	Flex bool
	Cell func(T) string
	// Less orders rows when sorting by this column; nil compares the cell text.
	Less func(a, b T) bool
	// Style, when set, colours a cell (e.g. an old AccessKey); ok=false means default style.
	Style func(T) (style lipgloss.Style, ok bool)
}

// row is one item with everything derived from it cached.
type row[T any] struct {
	item  T
	id    string
	seq   int      // arrival order: the stable tie-breaker and the unsorted order
	cells []string // cell text, control characters removed
	hay   string   // lower-case text the filter searches
	name  string   // lower-case first cell: fuzzy (subsequence) matches look only here
	seen  bool     // during a refresh: arrived again

	gen    int    // layout generation the cached lines belong to
	styled string // the rendered line with per-cell styles
	plain  string // the same line without styles (the cursor row re-styles it)
}

// Table is a list of rows keyed by id, built for streaming: pages append while the user moves,
// filters and sorts, and the cursor stays on the same row id. View renders only the visible
// rows and caches each row's rendered line until the row, the layout or the width changes, so
// its cost does not depend on the number of rows.
type Table[T any] struct {
	cols []Column[T]
	id   func(T) string
	th   *theme.Theme
	nav  keymap.Nav
	list keymap.List

	rows    []*row[T] // arrival order
	byID    map[string]*row[T]
	order   []*row[T] // sorted
	visible []*row[T] // order after the filter
	marks   map[string]bool
	nextSeq int

	cursor, offset int
	filter         string
	q              query
	fuzzy          bool // the filter had no exact match and matches fuzzily
	sortCol        int  // -1: arrival order
	sortDesc       bool
	loading        bool
	refreshing     bool
	emptyText      string
	noMatchHint    string // after "No rows match the filter": where else to look

	w, h    int
	natural []int // widest cell seen per column
	widths  []int
	gen     int
}

// NewTable returns an empty table. id must return a stable, unique id per item.
func NewTable[T any](th *theme.Theme, km *keymap.KeyMap, id func(T) string, cols ...Column[T]) *Table[T] {
	t := &Table[T]{
		cols: cols, id: id, th: th, nav: km.Nav, list: km.List,
		byID: map[string]*row[T]{}, marks: map[string]bool{},
		sortCol: -1, emptyText: "Nothing here.",
		natural: make([]int, len(cols)), gen: 1,
	}
	for i, c := range cols {
		t.natural[i] = Width(c.Title)
	}
	return t
}

// SetEmptyText sets what an empty, fully loaded table says.
func (t *Table[T]) SetEmptyText(s string) { t.emptyText = s }

// SetNoMatchHint says, when a filter matches no row, where the rows might be instead (the
// policies list shown narrowed to one type).
func (t *Table[T]) SetNoMatchHint(s string) { t.noMatchHint = s }

// SetLoading marks whether more rows are on their way ("loading…" when still empty).
func (t *Table[T]) SetLoading(v bool) { t.loading = v }

// Loading reports whether more rows are expected.
func (t *Table[T]) Loading() bool { return t.loading }

// SetSize sets the table's exact size: one header line plus h-1 rows.
func (t *Table[T]) SetSize(w, h int) {
	if w == t.w && h == t.h {
		return
	}
	t.w, t.h = w, h
	t.layout()
	t.scroll()
}

// BeginRefresh starts replacing the rows: rows that do not arrive again before EndRefresh are
// removed. Cursor, marks, filter and sort survive.
func (t *Table[T]) BeginRefresh() {
	t.refreshing = true
	t.loading = true
	for _, r := range t.rows {
		r.seen = false
	}
}

// EndRefresh removes the rows that did not arrive since BeginRefresh.
func (t *Table[T]) EndRefresh() {
	t.loading = false
	if !t.refreshing {
		return
	}
	t.refreshing = false
	kept := t.rows[:0]
	for _, r := range t.rows {
		if r.seen {
			kept = append(kept, r)
		} else {
			delete(t.byID, r.id)
			delete(t.marks, r.id)
		}
	}
	for i := len(kept); i < len(t.rows); i++ {
		t.rows[i] = nil
	}
	t.rows = kept
	t.rebuild(true)
}

// Upsert adds items, or replaces those whose id is already present, keeping the cursor on
// the same row.
func (t *Table[T]) Upsert(items ...T) {
	widened := false
	for _, it := range items {
		id := t.id(it)
		r, ok := t.byID[id]
		if !ok {
			r = &row[T]{id: id, seq: t.nextSeq}
			t.nextSeq++
			t.byID[id] = r
			t.rows = append(t.rows, r)
		}
		r.item, r.seen, r.gen = it, true, 0
		r.cells = make([]string, len(t.cols))
		var hay strings.Builder
		for i, c := range t.cols {
			cell := safetext.Line(c.Cell(it))
			r.cells[i] = cell
			if w := Width(cell); w > t.natural[i] {
				t.natural[i] = w
				widened = true
			}
			hay.WriteString(cell)
			hay.WriteByte(' ')
		}
		r.hay = strings.ToLower(hay.String())
		if len(r.cells) > 0 {
			r.name = strings.ToLower(r.cells[0])
		}
	}
	if widened {
		t.layout()
	}
	t.rebuild(true)
}

// Remove deletes rows by id.
func (t *Table[T]) Remove(ids ...string) {
	drop := map[string]bool{}
	for _, id := range ids {
		drop[id] = true
		delete(t.byID, id)
		delete(t.marks, id)
	}
	kept := t.rows[:0]
	for _, r := range t.rows {
		if !drop[r.id] {
			kept = append(kept, r)
		}
	}
	t.rows = kept
	t.rebuild(true)
}

// Len is the number of rows; VisibleLen the number passing the filter.
func (t *Table[T]) Len() int        { return len(t.rows) }
func (t *Table[T]) VisibleLen() int { return len(t.visible) }

// Items returns all items in arrival order.
func (t *Table[T]) Items() []T {
	out := make([]T, len(t.rows))
	for i, r := range t.rows {
		out[i] = r.item
	}
	return out
}

// Current returns the item under the cursor.
func (t *Table[T]) Current() (T, bool) {
	if t.cursor < 0 || t.cursor >= len(t.visible) {
		var zero T
		return zero, false
	}
	return t.visible[t.cursor].item, true
}

// Selected returns what an action applies to: the marked rows that pass the filter (what you
// see is what you act on), or else the current row.
func (t *Table[T]) Selected() []T {
	var out []T
	if len(t.marks) > 0 {
		for _, r := range t.visible {
			if t.marks[r.id] {
				out = append(out, r.item)
			}
		}
	}
	if len(out) == 0 {
		if it, ok := t.Current(); ok {
			out = append(out, it)
		}
	}
	return out
}

// MarkedCount is the number of marked rows (visible or not).
func (t *Table[T]) MarkedCount() int { return len(t.marks) }

// ClearMarks unmarks every row.
func (t *Table[T]) ClearMarks() {
	t.marks = map[string]bool{}
}

// Filter returns the current filter text.
func (t *Table[T]) Filter() string { return t.filter }

// SetFilter changes the filter. A filter that extends the previous one only searches the rows
// that matched before, so typing stays fast on long lists.
func (t *Table[T]) SetFilter(s string) {
	if s == t.filter {
		return
	}
	narrowing := t.filter != "" && strings.HasPrefix(s, t.filter)
	t.filter = s
	t.q = parseQuery(s)
	if !narrowing {
		t.rebuild(false)
		return
	}
	// A longer query matches a subset of what the shorter one matched (in either mode), so
	// only the visible rows are searched. Only when exact matches run out does it go fuzzy,
	// and then over all rows.
	cur := t.currentID()
	kept := t.filterRows(t.visible, t.fuzzy)
	if len(kept) == 0 && !t.fuzzy {
		t.fuzzy = true
		kept = t.filterRows(t.order, true)
	}
	t.visible = kept
	t.restoreCursor(cur)
}

// filterRows keeps the rows matching the query: exactly (every term a substring of the row) or
// fuzzily (a substring, or a subsequence of the name).
func (t *Table[T]) filterRows(rows []*row[T], fuzzy bool) []*row[T] {
	kept := make([]*row[T], 0, min(len(rows), 1024))
	for _, r := range rows {
		if (fuzzy && t.q.match(r.hay, r.name)) || (!fuzzy && t.q.matchExact(r.hay)) {
			kept = append(kept, r)
		}
	}
	return kept
}

// SortColumn returns the sort column (-1 for arrival order) and direction.
func (t *Table[T]) SortColumn() (col int, desc bool) { return t.sortCol, t.sortDesc }

// SetSort sorts by column col (-1: arrival order).
func (t *Table[T]) SetSort(col int, desc bool) {
	if col < -1 || col >= len(t.cols) {
		col = -1
	}
	t.sortCol, t.sortDesc = col, desc
	t.gen++ // the header shows the sort arrow
	t.rebuild(true)
}

// SelectID moves the cursor to the row with this id, if visible.
func (t *Table[T]) SelectID(id string) bool {
	for i, r := range t.visible {
		if r.id == id {
			t.cursor = i
			t.scroll()
			return true
		}
	}
	return false
}

// HandleKey handles movement, marks and sorting; it reports whether it used the key.
func (t *Table[T]) HandleKey(msg tea.KeyMsg) bool {
	n := len(t.visible)
	page := max(1, t.h-1)
	moved, ok := move(t.nav, msg, t.cursor, n, page)
	switch {
	case ok:
		t.cursor = moved
	case key.Matches(msg, t.list.Mark):
		if id := t.currentID(); id != "" {
			if t.marks[id] {
				delete(t.marks, id)
			} else {
				t.marks[id] = true
			}
			t.cursor++
		}
	case key.Matches(msg, t.list.MarkAll):
		all := true
		for _, r := range t.visible {
			if !t.marks[r.id] {
				all = false
				break
			}
		}
		for _, r := range t.visible {
			if all {
				delete(t.marks, r.id)
			} else {
				t.marks[r.id] = true
			}
		}
	case key.Matches(msg, t.list.Sort):
		next := t.sortCol + 1
		if next >= len(t.cols) {
			next = -1
		}
		t.SetSort(next, false)
	case key.Matches(msg, t.list.SortReverse):
		col := t.sortCol
		if col < 0 {
			col = 0
		}
		t.SetSort(col, !t.sortDesc)
	default:
		return false
	}
	t.clamp()
	t.scroll()
	return true
}

// Status summarises the table for a title: "12/340", "/filter" and "loading…".
func (t *Table[T]) Status() string {
	var b strings.Builder
	if t.filter != "" {
		b.WriteString(itoa(len(t.visible)) + "/" + itoa(len(t.rows)))
	} else {
		b.WriteString(itoa(len(t.rows)))
	}
	if len(t.marks) > 0 {
		b.WriteString(" marked " + itoa(len(t.marks)))
	}
	if t.loading {
		b.WriteString(" loading…")
	}
	return b.String()
}

func (t *Table[T]) currentID() string {
	if t.cursor >= 0 && t.cursor < len(t.visible) {
		return t.visible[t.cursor].id
	}
	return ""
}

// rebuild recomputes the sorted order (if resort) and the filtered view, keeping the cursor on
// the same row id.
func (t *Table[T]) rebuild(resort bool) {
	cur := t.currentID()
	if resort || len(t.order) != len(t.rows) {
		t.order = append(t.order[:0], t.rows...)
		if t.sortCol >= 0 {
			c := t.cols[t.sortCol]
			col, desc := t.sortCol, t.sortDesc
			sort.SliceStable(t.order, func(i, j int) bool {
				a, b := t.order[i], t.order[j]
				var less, greater bool
				if c.Less != nil {
					less, greater = c.Less(a.item, b.item), c.Less(b.item, a.item)
				} else {
					less, greater = a.cells[col] < b.cells[col], a.cells[col] > b.cells[col]
				}
				if !less && !greater {
					return a.seq < b.seq
				}
				if desc {
					return greater
				}
				return less
			})
		}
	}
	t.fuzzy = false
	if t.q.empty() {
		t.visible = append(t.visible[:0:0], t.order...)
	} else {
		// Exact (substring) matches when there are any; fuzzy ones only when there are none,
		// so "ecs" lists the ECS policies, not every name with an e, a c and an s in it.
		t.visible = t.filterRows(t.order, false)
		if len(t.visible) == 0 {
			t.fuzzy = true
			t.visible = t.filterRows(t.order, true)
		}
	}
	t.restoreCursor(cur)
}

func (t *Table[T]) restoreCursor(id string) {
	if id != "" {
		// The cursor usually has not moved far; search outwards from where it was.
		for d := 0; d < len(t.visible); d++ {
			if i := t.cursor + d; i < len(t.visible) && t.visible[i].id == id {
				t.cursor = i
				t.scroll()
				return
			}
			if i := t.cursor - d; i >= 0 && i < len(t.visible) && t.visible[i].id == id {
				t.cursor = i
				t.scroll()
				return
			}
			if t.cursor+d >= len(t.visible) && t.cursor-d < 0 {
				break
			}
		}
	}
	t.clamp()
	t.scroll()
}

func (t *Table[T]) clamp() {
	if t.cursor >= len(t.visible) {
		t.cursor = len(t.visible) - 1
	}
	if t.cursor < 0 {
		t.cursor = 0
	}
}

func (t *Table[T]) scroll() {
	body := max(1, t.h-1)
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+body {
		t.offset = t.cursor - body + 1
	}
	if maxOff := len(t.visible) - body; t.offset > maxOff {
		t.offset = max(0, maxOff)
	}
}

// layout fits the columns into the width: each column as wide as its widest cell within
// [Min, Max]; if that is too wide, the widest columns give way first, down to their Min.
func (t *Table[T]) layout() {
	t.gen++
	n := len(t.cols)
	widths := make([]int, n)
	total := 0
	for i, c := range t.cols {
		w := t.natural[i]
		if c.Max > 0 && w > c.Max {
			w = c.Max
		}
		if w < c.Min {
			w = c.Min
		}
		widths[i] = w
		total += w
	}
	avail := t.w - markWidth - colGap*(n-1)
	for total > avail {
		widest := -1
		for pass := 0; pass < 2 && widest < 0; pass++ { // flex columns first, then the rest
			for i, c := range t.cols {
				if (pass == 1 || c.Flex) && widths[i] > c.Min && (widest < 0 || widths[i] > widths[widest]) {
					widest = i
				}
			}
		}
		if widest < 0 {
			break // every column at its minimum: the line is cut at the edge
		}
		widths[widest]--
		total--
	}
	if extra := avail - total; extra > 0 && n > 0 {
		// The last flex column (else the last column) takes the rest, so the cursor bar spans
		// the width.
		take := n - 1
		for i, c := range t.cols {
			if c.Flex {
				take = i
			}
		}
		widths[take] += extra
	}
	t.widths = widths
}

const (
	markWidth = 2 // "* " for marked rows
	colGap    = 2
)

func (t *Table[T]) render(r *row[T]) {
	if r.gen == t.gen {
		return
	}
	var plain, styled strings.Builder
	for i, c := range t.cols {
		if i > 0 {
			plain.WriteString("  ")
			styled.WriteString("  ")
		}
		var cell string
		if c.Right {
			cell = FitRight(r.cells[i], t.widths[i])
		} else {
			cell = Fit(r.cells[i], t.widths[i])
		}
		plain.WriteString(cell)
		if c.Style != nil {
			if st, ok := c.Style(r.item); ok {
				cell = st.Render(cell)
			}
		}
		styled.WriteString(cell)
	}
	lim := t.w - markWidth
	r.plain = Truncate(plain.String(), lim)
	if Width(plain.String()) > lim {
		r.styled = r.plain // rare (80 columns with many minimum widths): drop styles, keep text
	} else {
		r.styled = styled.String()
	}
	r.gen = t.gen
}

// View renders the header and the visible rows, exactly h lines.
func (t *Table[T]) View() string {
	if t.w <= 0 || t.h <= 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(t.header())
	lines := 1
	body := t.h - 1
	if len(t.visible) == 0 {
		msg := t.emptyText
		switch {
		case t.loading:
			msg = "loading…"
		case len(t.rows) > 0:
			msg = "No rows match the filter " + `"` + t.filter + `"` + " (esc clears it)."
			if t.noMatchHint != "" { // short, so the hint fits at 80 columns
				msg = "No match for " + `"` + t.filter + `"` + " here. " + t.noMatchHint
			}
		}
		if body > 0 {
			b.WriteString("\n" + t.th.Dim.Render(Truncate("  "+msg, t.w)))
			lines++
		}
	}
	end := min(len(t.visible), t.offset+body)
	for i := t.offset; i < end; i++ {
		r := t.visible[i]
		t.render(r)
		mark := "  "
		if t.marks[r.id] {
			mark = t.th.Marked.Render("*") + " "
		}
		b.WriteByte('\n')
		if i == t.cursor {
			if t.marks[r.id] {
				b.WriteString(t.th.Cursor.Render("* " + r.plain))
			} else {
				b.WriteString(t.th.Cursor.Render("  " + r.plain))
			}
		} else {
			b.WriteString(mark + r.styled)
		}
		lines++
	}
	for ; lines < t.h; lines++ {
		b.WriteByte('\n')
	}
	return b.String()
}

func (t *Table[T]) header() string {
	var b strings.Builder
	b.WriteString("  ")
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString("  ")
		}
		title := c.Title
		if i == t.sortCol {
			if t.sortDesc {
				title += "↓"
			} else {
				title += "↑"
			}
		}
		if c.Right {
			b.WriteString(FitRight(title, t.widths[i]))
		} else {
			b.WriteString(Fit(title, t.widths[i]))
		}
	}
	return t.th.TableHead.Render(Truncate(b.String(), t.w))
}

func itoa(n int) string { return strconv.Itoa(n) }

// OnScreen returns the items currently drawn (for screens that fill columns lazily, only for
// the rows a user can see).
func (t *Table[T]) OnScreen() []T {
	end := min(len(t.visible), t.offset+max(1, t.h-1))
	var out []T
	for i := t.offset; i < end; i++ {
		out = append(out, t.visible[i].item)
	}
	return out
}

// Get returns the item with this id.
func (t *Table[T]) Get(id string) (T, bool) {
	if r, ok := t.byID[id]; ok {
		return r.item, true
	}
	var zero T
	return zero, false
}

// ID is the id of a row (what marks, the cursor and Get go by).
func (t *Table[T]) ID(it T) string { return t.id(it) }
