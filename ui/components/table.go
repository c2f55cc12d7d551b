package components

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
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
	// Min and Max bound the column's display width; Max 0 means no upper bound. Within them
	// the layout decides (see layout): the room goes where it shows the most text.
	Min, Max int
	Right    bool // align right (counts, durations)
	// Flex columns (descriptions, comments) are prose: a cut there costs less than a cut name,
	// and the last flex column takes the room nobody needs.
	Flex bool
	Cell func(T) string
	// Less orders rows when sorting by this column; nil compares the cell text.
	Less func(a, b T) bool
	// Style, when set, colours a cell (e.g. an old AccessKey); ok=false means default style.
	Style func(T) (style lipgloss.Style, ok bool)
}

// filterStep is what one filter matched, kept so deleting a character back to it costs nothing.
type filterStep[T any] struct {
	filter  string
	visible []*row[T] // never changed in place: a new filter makes a new slice
	fuzzy   bool
}

// row is one item and where it is. Its cells are not kept: the filter text and the cells'
// widths are in the table's rowText, and the cells are made again for the rows drawn (a
// screenful, their lines cached in Table.lines).
type row[T any] struct {
	item T
	id   string
	seq  int64   // arrival: where the listing has it (the unsorted order, the tie-breaker)
	pos  int32   // index in Table.order, -1 until placed
	text textRef // the filter text and cell widths in Table.text
	seen bool    // during a refresh: listed again
}

// line is a row's rendered line, for the layout generation gen.
type line struct {
	gen    int
	styled string // with per-cell styles
	plain  string // without (the cursor row re-styles it)
}

// Table is a list of rows keyed by id, built for streaming: pages append while the user moves,
// filters and sorts, and the cursor stays on the same row id. View renders only the visible
// rows and caches the lines of the rows drawn lately, so its cost does not depend on the
// number of rows; nor does a change to one row that leaves its place in the order alone.
type Table[T any] struct {
	cols []Column[T]
	id   func(T) string
	th   *theme.Theme
	nav  keymap.Nav
	list keymap.List

	rows    []*row[T] // by arrival, but during a refresh
	byID    map[string]*row[T]
	order   []*row[T] // sorted; row.pos is the index here
	spare   []*row[T] // the order's previous array, reused when rows are merged in
	visible []*row[T] // order after the filter (order itself when there is none)
	text    rowText[T]
	lines   map[*row[T]]line // the rows drawn lately
	marks   map[string]bool
	lastSeq int64 // the highest seq given
	// During a refresh: the seq of the row listed last, and whether a row got a new one.
	listedSeq int64
	reseq     bool

	cursor, offset int
	filter         string
	q              query
	steps          []filterStep[T] // the filters typed so far, each extending the last: backspace returns to one
	fuzzy          bool            // the filter had no exact match and matches fuzzily
	sortCol        int             // -1: the base order
	sortDesc       bool
	loading        bool
	refreshing     bool
	emptyText      string
	noMatchHint    string // after "No rows match the filter": where else to look

	w, h   int
	hist   []widthHist // per column: how many cells of each width, over all rows
	small  bool        // the widths fit the filtered rows (all of them are on screen)
	widths []int
	gen    int

	// base is the order when no column is sorted (SetOrder); nil: arrival order.
	base func(a, b T) int
}

// NewTable returns an empty table. id must return a stable, unique id per item.
func NewTable[T any](th *theme.Theme, km *keymap.KeyMap, id func(T) string, cols ...Column[T]) *Table[T] {
	t := &Table[T]{
		cols: cols, id: id, th: th, nav: km.Nav, list: km.List,
		byID: map[string]*row[T]{}, marks: map[string]bool{}, lines: map[*row[T]]line{},
		text:    rowText[T]{ncols: len(cols)},
		sortCol: -1, emptyText: "Nothing here.",
		hist: make([]widthHist, len(cols)), gen: 1,
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
// removed. Cursor, marks, filter and sort survive. The rows take the order the new listing
// gives them: a user created since shows in its place (not last) as soon as its page lands,
// and a row listed again where it was stays there.
func (t *Table[T]) BeginRefresh() {
	if t.refreshing && t.reseq { // a refresh restarted: seqs spaced again before new ones go between
		t.renumber()
	}
	t.refreshing = true
	t.loading = true
	t.listedSeq, t.reseq = 0, false
	for _, r := range t.rows {
		r.seen = false
	}
}

// seqGap spaces the seqs of rows in arrival order. A refresh gives a row that arrives after the
// last one listed, but not after it in the old order, the next seq up from that one's (prev+1,
// prev+2 for a run of them): below the next spaced seq for any run shorter than the gap.
const seqGap = 1 << 24

// arrival orders two rows as the listing has them.
func arrival[T any](a, b *row[T]) int { return cmp.Compare(a.seq, b.seq) }

// renumber spaces the seqs again, in arrival order (t.rows ends up in it).
func (t *Table[T]) renumber() {
	if t.sortCol < 0 && t.base == nil && len(t.order) == len(t.rows) {
		copy(t.rows, t.order) // the order is arrival order
	} else {
		slices.SortFunc(t.rows, arrival)
	}
	for i, r := range t.rows {
		r.seq = int64(i+1) * seqGap
	}
	t.lastSeq = int64(len(t.rows)) * seqGap
	t.reseq = false
}

// nextSeq is a new row's seq: after the row listed last in a refresh, else after every row.
func (t *Table[T]) nextSeq(listed bool) int64 {
	if listed && t.refreshing {
		t.listedSeq++
		t.reseq = true
		t.lastSeq = max(t.lastSeq, t.listedSeq)
		return t.listedSeq
	}
	t.lastSeq = (t.lastSeq/seqGap + 1) * seqGap
	return t.lastSeq
}

// EndRefresh removes the rows that did not arrive since BeginRefresh.
func (t *Table[T]) EndRefresh() {
	t.loading = false
	if !t.refreshing {
		return
	}
	t.refreshing = false
	var gone []*row[T]
	for _, r := range t.rows {
		if !r.seen {
			gone = append(gone, r)
		}
	}
	t.drop(gone)
	if t.reseq {
		t.renumber()
	}
}

// Upsert adds items, or replaces those whose id is already present, keeping the cursor on
// the same row: what a listing returned, in its order. New rows are merged into the order; a
// replaced row that stays between its neighbours keeps its place, and only the rows that
// changed are matched against the filter, so one row filled in (a lazy column) costs the same
// at 100,000 rows as at 10.
func (t *Table[T]) Upsert(items ...T) { t.upsert(items, true) }

// Replace changes rows already present (a lazy column filled in) without counting them as
// listed: during a refresh a row replaced keeps its place and still goes if the listing does not
// bring it back. Items whose id is not present are ignored.
func (t *Table[T]) Replace(items ...T) { t.upsert(items, false) }

func (t *Table[T]) upsert(items []T, listed bool) {
	cur := t.cursorRow()
	var added, moved []*row[T]
	refilter := false
	cells := make([]string, len(t.cols))
	for _, it := range items {
		id := t.id(it)
		r, ok := t.byID[id]
		switch {
		case !ok && !listed:
			continue
		case !ok:
			r = &row[T]{id: id, pos: -1, seq: t.nextSeq(listed), seen: true}
			t.byID[id] = r
			t.rows = append(t.rows, r)
			added = append(added, r)
		default:
			// Listed again in this refresh: a row still after the one listed before it keeps
			// its seq, one that is not (the listing's order changed) goes after that one.
			rekey := listed && !r.seen && r.seq <= t.listedSeq
			if r.pos >= 0 && (rekey || t.keyChanged(r.item, it)) {
				moved = append(moved, r)
			}
			if listed && !r.seen {
				if rekey {
					r.seq = t.nextSeq(true)
				}
				t.listedSeq, r.seen = r.seq, true
			}
			t.forget(r)
		}
		r.item = it
		for i, c := range t.cols {
			cells[i] = safetext.Line(c.Cell(it))
		}
		r.text = t.text.add(cells)
		t.count(r, 1)
		if ok && r.pos >= 0 {
			t.setPos(r, int(r.pos)) // the new text learns the row's place
			refilter = refilter || t.matchChanged(r)
		}
	}
	if t.displace(moved) {
		added = append(added, moved...)
		refilter = true
	}
	switch {
	case refilter:
		t.place(added)
		t.refilter()
	default:
		appended := t.place(added)
		switch {
		case t.q.empty():
			t.visible = t.order
		case len(added) == 0:
		case !appended || t.fuzzy:
			t.refilter()
		default: // new rows at the end of the order: only they are searched
			var matched []*row[T]
			for _, r := range added {
				if hay, _ := t.text.hay(r.text); t.q.matchExact(hay) {
					matched = append(matched, r)
				}
			}
			if len(matched) > 0 { // a new array: the filter steps keep theirs
				t.visible = append(t.visible[:len(t.visible):len(t.visible)], matched...)
			}
		}
	}
	if !t.q.empty() { // what shorter filters matched may have changed
		t.steps = append(t.steps[:0], filterStep[T]{t.filter, t.visible, t.fuzzy})
	}
	t.text.compact(t.rows)
	t.layout()
	t.restoreCursor(cur)
}

// matchChanged reports whether a row's new text changes whether the filter shows it (or ends
// the fuzzy mode: an exact match shows only exact matches).
func (t *Table[T]) matchChanged(r *row[T]) bool {
	if t.q.empty() {
		return false
	}
	hay, name := t.text.hay(r.text)
	exact := t.q.matchExact(hay)
	_, was := t.indexOf(r)
	return was != (exact || (t.fuzzy && t.q.match(hay, name))) || (t.fuzzy && exact)
}

// displace takes the rows whose sort key changed out of the order if any of them is no longer
// between its neighbours (they are merged back with the new rows); it reports whether it did.
// The rest of the order stays sorted: its keys did not change.
func (t *Table[T]) displace(moved []*row[T]) bool {
	n := len(t.order)
	out := false
	for _, r := range moved {
		p := int(r.pos)
		if (p > 0 && t.compare(t.order[p-1], r) > 0) || (p < n-1 && t.compare(r, t.order[p+1]) > 0) {
			out = true
			break
		}
	}
	if !out {
		return false
	}
	first := n
	for _, r := range moved {
		first = min(first, int(r.pos))
		r.pos = -1
	}
	t.order = slices.DeleteFunc(t.order, func(r *row[T]) bool { return r.pos < 0 })
	for p := first; p < len(t.order); p++ {
		t.setPos(t.order[p], p)
	}
	return true
}

// keyChanged reports whether replacing old by new may move the row in the sort order.
func (t *Table[T]) keyChanged(old, new T) bool {
	if t.sortCol < 0 {
		return t.base != nil && t.base(old, new) != 0
	}
	c := t.cols[t.sortCol]
	if c.Less != nil {
		return c.Less(old, new) || c.Less(new, old)
	}
	return c.Cell(old) != c.Cell(new)
}

// forget takes a row's text, widths and drawn line out of the table (before it changes or goes).
func (t *Table[T]) forget(r *row[T]) {
	t.count(r, -1)
	t.text.kill(r.text)
	delete(t.lines, r)
}

// setPos records that r is at index p of the order (in the row and beside its filter text,
// where a search of every row reads it).
func (t *Table[T]) setPos(r *row[T], p int) {
	r.pos = int32(p)
	t.text.setPos(r.text, p)
}

// place puts new rows into the order: at its end in arrival order (appended reports this), or
// merged into the sorted order in one pass.
func (t *Table[T]) place(added []*row[T]) (appended bool) {
	n := len(t.order)
	if len(added) == 0 {
		return true
	}
	added = t.sorted(added)
	if n == 0 || t.compare(t.order[n-1], added[0]) < 0 { // the usual page: after every row
		t.order = append(t.order, added...)
		for i, r := range added {
			t.setPos(r, n+i)
		}
		return true
	}
	merged := t.spare[:0]
	first, i := -1, 0
	for _, r := range added {
		j := i + sort.Search(n-i, func(k int) bool { return t.compare(r, t.order[i+k]) < 0 })
		merged = append(merged, t.order[i:j]...)
		if first < 0 {
			first = len(merged)
		}
		merged = append(merged, r)
		i = j
	}
	merged = append(merged, t.order[i:]...)
	clear(t.order) // the old array becomes the spare: it must not keep rows alive
	t.spare, t.order = t.order[:0], merged
	for p := first; p < len(merged); p++ {
		t.setPos(merged[p], p)
	}
	return first == n
}

// compare orders two rows by the sort column, or else the base order (ties by arrival).
func (t *Table[T]) compare(a, b *row[T]) int {
	if t.sortCol < 0 {
		if t.base != nil {
			if c := t.base(a.item, b.item); c != 0 {
				return c
			}
		}
		return arrival(a, b)
	}
	c := t.cols[t.sortCol]
	var less, greater bool
	if c.Less != nil {
		less, greater = c.Less(a.item, b.item), c.Less(b.item, a.item)
	} else {
		ka, kb := c.Cell(a.item), c.Cell(b.item)
		less, greater = ka < kb, ka > kb
	}
	return t.decide(less, greater, a, b)
}

func (t *Table[T]) decide(less, greater bool, a, b *row[T]) int {
	switch {
	case !less && !greater:
		return arrival(a, b)
	case t.sortDesc == greater:
		return -1
	}
	return 1
}

// sorted sorts rows by the sort column. A column without Less compares cell text, made once
// per row here rather than twice per comparison.
func (t *Table[T]) sorted(rows []*row[T]) []*row[T] {
	if t.sortCol < 0 {
		slices.SortFunc(rows, t.compare)
		return rows
	}
	c := t.cols[t.sortCol]
	if c.Less != nil {
		slices.SortFunc(rows, t.compare)
		return rows
	}
	type keyed struct {
		key string
		r   *row[T]
	}
	ks := make([]keyed, len(rows))
	for i, r := range rows {
		ks[i] = keyed{c.Cell(r.item), r}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		return t.decide(a.key < b.key, a.key > b.key, a.r, b.r)
	})
	for i, k := range ks {
		rows[i] = k.r
	}
	return rows
}

// sortOrder sorts every row again (a new sort column, or a row's key changed).
func (t *Table[T]) sortOrder() {
	t.order = t.sorted(append(t.order[:0], t.rows...))
	for i, r := range t.order {
		t.setPos(r, i)
	}
}

// Remove deletes rows by id.
func (t *Table[T]) Remove(ids ...string) {
	var gone []*row[T]
	for _, id := range ids {
		if r, ok := t.byID[id]; ok {
			gone = append(gone, r)
		}
	}
	t.drop(gone)
}

// drop removes rows from the table.
func (t *Table[T]) drop(gone []*row[T]) {
	if len(gone) == 0 {
		return
	}
	cur := t.cursorRow()
	for _, r := range gone {
		delete(t.byID, r.id)
		delete(t.marks, r.id)
		t.forget(r)
		r.pos = -1
	}
	isGone := func(r *row[T]) bool { return r.pos < 0 }
	t.rows = slices.DeleteFunc(t.rows, isGone)
	t.order = slices.DeleteFunc(t.order, isGone)
	for i, r := range t.order {
		t.setPos(r, i)
	}
	t.refilter()
	t.text.compact(t.rows)
	t.layout()
	t.restoreCursor(cur)
}

// count adds (or with n=-1 removes) a row's cells to the width histograms.
func (t *Table[T]) count(r *row[T], n int) {
	for i, w := range t.text.widths(r.text) {
		t.hist[i].add(int(w), n)
	}
}

// Len is the number of rows; VisibleLen the number passing the filter.
func (t *Table[T]) Len() int        { return len(t.rows) }
func (t *Table[T]) VisibleLen() int { return len(t.visible) }

// Items returns all items in arrival order (as the last listing had them).
func (t *Table[T]) Items() []T {
	rows := t.rows
	if t.reseq { // a refresh under way moved some
		rows = slices.SortedFunc(slices.Values(t.rows), arrival)
	}
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = r.item
	}
	return out
}

// IDsWhere are the ids of the rows f holds for, in no particular order (no copy of the rows).
func (t *Table[T]) IDsWhere(f func(T) bool) []string {
	var ids []string
	for _, r := range t.rows {
		if f(r.item) {
			ids = append(ids, r.id)
		}
	}
	return ids
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
	cur := t.cursorRow()
	for i := len(t.steps) - 1; i >= 0; i-- { // a deletion back to a filter typed before
		if st := t.steps[i]; st.filter == s {
			t.filter, t.q = s, parseQuery(s)
			t.visible, t.fuzzy, t.steps = st.visible, st.fuzzy, t.steps[:i+1]
			t.layout()
			t.restoreCursor(cur)
			return
		}
	}
	narrowing := t.filter != "" && strings.HasPrefix(s, t.filter)
	t.filter = s
	t.q = parseQuery(s)
	if !narrowing {
		t.refilter()
		t.layout()
		t.restoreCursor(cur)
		return
	}
	// A longer query matches a subset of what the shorter one matched (in either mode), so
	// only the visible rows are searched. Only when exact matches run out does it go fuzzy,
	// and then over all rows.
	kept := t.filterRows(t.visible, t.fuzzy)
	if len(kept) == 0 && !t.fuzzy {
		t.fuzzy = true
		kept = t.searchAll(true)
	}
	t.visible = kept
	t.steps = append(t.steps, filterStep[T]{s, kept, t.fuzzy})
	t.layout()
	t.restoreCursor(cur)
}

// refilter applies the filter to every row: exact (substring) matches when there are any,
// fuzzy ones only when there are none, so "ecs" lists the ECS policies, not every name with
// an e, a c and an s in it.
func (t *Table[T]) refilter() {
	t.fuzzy = false
	t.steps = t.steps[:0] // the rows or their order changed: what filters matched before is stale
	if t.q.empty() {
		t.visible = t.order
		return
	}
	t.visible = t.searchAll(false)
	if len(t.visible) == 0 {
		t.fuzzy = true
		t.visible = t.searchAll(true)
	}
	t.steps = append(t.steps, filterStep[T]{t.filter, t.visible, t.fuzzy})
}

// searchAll returns the rows matching the filter, in order. The search reads the rows' text
// where it lies (rowText) and notes the matches' places in a bitset, which is then read in
// order: no row is touched but those kept.
func (t *Table[T]) searchAll(fuzzy bool) []*row[T] {
	set := make([]uint64, (len(t.order)+63)/64)
	n := 0
	hit := func(p int32) {
		set[p>>6] |= 1 << (p & 63)
		n++
	}
	if fuzzy {
		t.text.searchFuzzy(t.q, hit)
	} else {
		t.text.search(t.q, hit)
	}
	kept := make([]*row[T], 0, n)
	for w, word := range set {
		for word != 0 {
			kept = append(kept, t.order[w<<6+bits.TrailingZeros64(word)])
			word &= word - 1
		}
	}
	return kept
}

// filterRows keeps the rows matching the query: exactly (every term a substring of the row) or
// fuzzily (a substring, or a subsequence of the name).
func (t *Table[T]) filterRows(rows []*row[T], fuzzy bool) []*row[T] {
	kept := make([]*row[T], 0, min(len(rows), 1024))
	for _, r := range rows {
		hay, name := t.text.hay(r.text)
		if (fuzzy && t.q.match(hay, name)) || (!fuzzy && t.q.matchExact(hay)) {
			kept = append(kept, r)
		}
	}
	return kept
}

// SortColumn returns the sort column (-1 for arrival order) and direction.
func (t *Table[T]) SortColumn() (col int, desc bool) { return t.sortCol, t.sortDesc }

// ColumnTitle is column col's title ("" for none: col -1).
func (t *Table[T]) ColumnTitle(col int) string {
	if col < 0 || col >= len(t.cols) {
		return ""
	}
	return t.cols[col].Title
}

// ColumnIndex is the index of the column titled title, or -1.
func (t *Table[T]) ColumnIndex(title string) int {
	return slices.IndexFunc(t.cols, func(c Column[T]) bool { return title != "" && c.Title == title })
}

// SetSort sorts by column col (-1: the base order, SetOrder's or arrival).
func (t *Table[T]) SetSort(col int, desc bool) {
	if col < -1 || col >= len(t.cols) {
		col = -1
	}
	t.sortCol, t.sortDesc = col, desc
	t.gen++ // the header shows the sort arrow
	t.reorder()
}

// SetOrder sets the rows' order when no column is sorted (the role picker's frecency): rows
// arriving later are merged into it where they belong, rather than appended, so a screen that
// orders its rows itself need not rebuild the table as pages arrive. Ties keep arrival order;
// a row whose item changes its place under order moves. nil: arrival order.
func (t *Table[T]) SetOrder(order func(a, b T) int) {
	t.base = order
	t.reorder()
}

// reorder sorts every row again, keeping the filter and the cursor's row.
func (t *Table[T]) reorder() {
	cur := t.cursorRow()
	t.sortOrder()
	t.refilter()
	t.layout()
	t.restoreCursor(cur)
}

// SelectID moves the cursor to the row with this id, if visible.
func (t *Table[T]) SelectID(id string) bool {
	if r, ok := t.byID[id]; ok {
		if i, ok := t.indexOf(r); ok {
			t.cursor = i
			t.scroll()
			return true
		}
	}
	return false
}

// indexOf finds a row among the visible ones: they keep the order, so by its place there.
func (t *Table[T]) indexOf(r *row[T]) (int, bool) {
	if r.pos < 0 {
		return 0, false
	}
	i, _ := slices.BinarySearchFunc(t.visible, r.pos, func(v *row[T], p int32) int { return cmp.Compare(v.pos, p) })
	return i, i < len(t.visible) && t.visible[i] == r
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
	if r := t.cursorRow(); r != nil {
		return r.id
	}
	return ""
}

func (t *Table[T]) cursorRow() *row[T] {
	if t.cursor >= 0 && t.cursor < len(t.visible) {
		return t.visible[t.cursor]
	}
	return nil
}

// restoreCursor puts the cursor back on row r after the rows changed, if r is still shown.
func (t *Table[T]) restoreCursor(r *row[T]) {
	if r != nil {
		if i, ok := t.indexOf(r); ok {
			t.cursor = i
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

// layout gives each column its width. Every column gets its Min, then its title where there
// is room; the rest goes one cell at a time to the column where that cell shows the most text:
// the one with the most cells still wider than it. A cell of a bounded column (a name, an id, a
// date, a trust: facts, unreadable when cut) counts weightFact times one of prose, up to the
// width most of that column's cells need; beyond it, for its few long cells, it counts the same.
// So a NAME column sized for its one longest name no longer starves DESCRIPTION, a column is
// never wider than its widest cell, and the last flex column takes the room nobody needs so
// the cursor bar spans the width.
//
// The widths come from all the rows loaded, not from the ones on screen, so they do not move
// while scrolling or while a filter narrows a long list (the eye keeps its place, and a
// keystroke re-lays nothing). Only once everything that passes the filter is on screen do the
// widths fit those rows, since then nothing scrolls. A cut cell is read whole in the row's
// detail (enter).
func (t *Table[T]) layout() {
	n := len(t.cols)
	hist := t.hist
	if small := !t.q.empty() && len(t.visible) <= max(1, t.h-1); small || t.small {
		t.small = small
		if small {
			hist = make([]widthHist, n)
			for _, r := range t.visible {
				for i, w := range t.text.widths(r.text) {
					hist[i].add(int(w), 1)
				}
			}
		}
	}
	widths := make([]int, n)
	limit := make([]int, n)
	total := 0
	for i, c := range t.cols {
		widths[i] = c.Min
		limit[i] = histCap
		if c.Max > 0 {
			limit[i] = max(c.Max, c.Min)
		}
		total += c.Min
	}
	avail := t.w - markWidth - colGap*(n-1)
	for i := range t.cols {
		if grow := min(Width(t.title(i)), limit[i], widths[i]+avail-total) - widths[i]; grow > 0 {
			widths[i] += grow
			total += grow
		}
	}
	wider := make([][]int, n) // wider[i][w]: cells of column i wider than w
	for i := range hist {
		wider[i] = hist[i].wider()
	}
	typical := make([]int, n) // a bounded column's cells up to this width weigh more
	for i, c := range t.cols {
		if c.Max > 0 && !c.Flex {
			typical[i] = hist[i].percentile(typicalShare)
		}
	}
	for total < avail {
		best, most := -1, 0
		for i := range t.cols {
			if widths[i] >= limit[i] || wider[i] == nil {
				continue
			}
			gain := wider[i][widths[i]]
			if widths[i] < typical[i] {
				gain *= weightFact
			}
			if gain > most {
				best, most = i, gain
			}
		}
		if best < 0 {
			break
		}
		widths[best]++
		total++
	}
	if extra := avail - total; extra > 0 && n > 0 {
		take := n - 1 // the last flex column, else the last column
		for i, c := range t.cols {
			if c.Flex {
				take = i
			}
		}
		widths[take] += extra
	}
	if !slices.Equal(widths, t.widths) {
		t.widths = widths
		t.gen++ // every cached line is stale
	}
}

// A bounded column (a name, an id, a date: facts, cut they are unreadable) weighs weightFact
// times a column of prose up to the width of typicalShare of its cells; its longer cells (the one
// 41-character policy name) weigh what prose does. Chosen by looking at every list of the demo at
// 80, 120 and 200 columns.
const (
	weightFact   = 6
	typicalShare = 0.95
)

// histCap is the widest cell width the layout tells apart; wider cells count as this wide.
const histCap = 256

// widthHist counts a column's cells by display width (nil until the first cell).
type widthHist []int32

func (h *widthHist) add(w, n int) {
	if *h == nil {
		*h = make(widthHist, histCap+1)
	}
	(*h)[min(w, histCap)] += int32(n)
}

// percentile returns the smallest width at least share of the cells fit in (0: no cells).
func (h widthHist) percentile(share float64) int {
	total := 0
	for _, c := range h {
		total += int(c)
	}
	need, seen := int(math.Ceil(share*float64(total))), 0
	for w, c := range h {
		if seen += int(c); seen >= need && total > 0 {
			return w
		}
	}
	return 0
}

// wider returns, for each width w, how many cells are wider than w (nil: no cells).
func (h widthHist) wider() []int {
	if h == nil {
		return nil
	}
	out := make([]int, histCap+1)
	for w := histCap - 1; w >= 0; w-- {
		out[w] = out[w+1] + int(h[w+1])
	}
	return out
}

const (
	markWidth = 2 // "* " for marked rows
	colGap    = 2
)

// linesKept bounds the cache of drawn lines: a few screens, so moving back and forth over them
// makes no line again, while 100,000 rows keep no line at all.
const linesKept = 256

// line is row r drawn at the current layout.
func (t *Table[T]) line(r *row[T]) line {
	if l, ok := t.lines[r]; ok && l.gen == t.gen {
		return l
	}
	if len(t.lines) >= linesKept {
		clear(t.lines)
	}
	var plain, styled strings.Builder
	for i, c := range t.cols {
		if i > 0 {
			plain.WriteString("  ")
			styled.WriteString("  ")
		}
		cell := safetext.Line(c.Cell(r.item))
		if c.Right {
			cell = FitRight(cell, t.widths[i])
		} else {
			cell = Fit(cell, t.widths[i])
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
	l := line{gen: t.gen, plain: Truncate(plain.String(), lim)}
	if Width(plain.String()) > lim {
		l.styled = l.plain // rare (80 columns with many minimum widths): drop styles, keep text
	} else {
		l.styled = styled.String()
	}
	t.lines[r] = l
	return l
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
		l := t.line(r)
		mark := "  "
		if t.marks[r.id] {
			mark = t.th.Marked.Render("*") + " "
		}
		b.WriteByte('\n')
		if i == t.cursor {
			if t.marks[r.id] {
				b.WriteString(t.th.Cursor.Render("* " + l.plain))
			} else {
				b.WriteString(t.th.Cursor.Render("  " + l.plain))
			}
		} else {
			b.WriteString(mark + l.styled)
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
		title := t.title(i)
		if c.Right {
			b.WriteString(FitRight(title, t.widths[i]))
		} else {
			b.WriteString(Fit(title, t.widths[i]))
		}
	}
	return t.th.TableHead.Render(Truncate(b.String(), t.w))
}

// title is column i's header: its title, with an arrow when the rows are sorted by it.
func (t *Table[T]) title(i int) string {
	switch {
	case i != t.sortCol:
		return t.cols[i].Title
	case t.sortDesc:
		return t.cols[i].Title + "↓"
	}
	return t.cols[i].Title + "↑"
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
