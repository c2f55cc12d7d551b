package components

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ui/theme"
)

type user struct {
	Name, Display string
	Keys          int
}

func newUserTable() *Table[user] {
	t := NewTable(theme.New(true), keymap.Default(), func(u user) string { return u.Name },
		Column[user]{Title: "NAME", Min: 8, Max: 24, Cell: func(u user) string { return u.Name }},
		Column[user]{Title: "DISPLAY NAME", Min: 8, Max: 20, Cell: func(u user) string { return u.Display }},
		Column[user]{Title: "KEYS", Min: 4, Right: true, Cell: func(u user) string { return fmt.Sprint(u.Keys) },
			Less: func(a, b user) bool { return a.Keys < b.Keys }},
	)
	t.SetSize(80, 10)
	return t
}

func users(from, n int) []user {
	out := make([]user, n)
	for i := range out {
		k := from + i
		out[i] = user{Name: fmt.Sprintf("user-%05d", k), Display: fmt.Sprintf("User %d", k), Keys: k % 3}
	}
	return out
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")}
	case "ctrl+a":
		return tea.KeyMsg{Type: tea.KeyCtrlA}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func current(t *testing.T, tb *Table[user]) string {
	t.Helper()
	u, ok := tb.Current()
	if !ok {
		t.Fatal("no current row")
	}
	return u.Name
}

func TestCursorStaysOnRowWhilePagesArrive(t *testing.T) {
	tb := newUserTable()
	tb.Upsert(users(50, 50)...)
	tb.SetSort(0, true) // name descending: new lower names append after the cursor
	for range 5 {
		tb.HandleKey(keyMsg("j"))
	}
	want := current(t, tb)
	tb.Upsert(users(0, 50)...)   // names sort after the current ones
	tb.Upsert(users(100, 50)...) // names sort before: the row moves down, the cursor follows
	if got := current(t, tb); got != want {
		t.Fatalf("cursor moved from %s to %s", want, got)
	}
	if tb.Len() != 150 {
		t.Fatalf("len = %d", tb.Len())
	}
}

func TestFilterNarrowingMatchesFullFilter(t *testing.T) {
	tb := newUserTable()
	tb.Upsert(users(0, 2000)...)
	for _, q := range []string{"1", "12", "123", "user 12", "12", "zz", ""} {
		tb.SetFilter(q)
		got := tb.VisibleLen()
		fresh := newUserTable()
		fresh.Upsert(users(0, 2000)...)
		fresh.SetFilter(q)
		if got != fresh.VisibleLen() {
			t.Fatalf("filter %q: incremental %d rows, full %d", q, got, fresh.VisibleLen())
		}
	}
}

func TestFuzzyMatch(t *testing.T) {
	match := func(q query, hay, name string) bool { return q.match([]byte(hay), []byte(name)) }
	q := parseQuery("OADM")
	if !match(q, "ops-admin x", "ops-admin") || match(q, "admin-ops x", "admin-ops") {
		t.Fatal("subsequence match on the name wrong")
	}
	if match(q, "ack-rrsa the ops-admin logging", "ack-rrsa") {
		t.Fatal("subsequence across the whole row should not match")
	}
	if !match(parseQuery("logging"), "ack-rrsa the logging service", "ack-rrsa") {
		t.Fatal("substring anywhere should match")
	}
	q = parseQuery("张 伟")
	if !match(q, "张小伟", "张小伟") || match(q, "李伟", "李伟") {
		t.Fatal("CJK terms wrong")
	}
	// A non-ASCII needle must not match byte fragments of other runes.
	if match(parseQuery("张"), "弡", "弡") {
		t.Fatal("matched across rune bytes")
	}
}

func TestMarksAndSelection(t *testing.T) {
	tb := newUserTable()
	tb.Upsert(users(0, 10)...)
	if sel := tb.Selected(); len(sel) != 1 || sel[0].Name != "user-00000" {
		t.Fatalf("no marks: want the current row, got %v", sel)
	}
	tb.HandleKey(keyMsg("space")) // marks user-00000 and moves down
	tb.HandleKey(keyMsg("space")) // marks user-00001
	if sel := tb.Selected(); len(sel) != 2 {
		t.Fatalf("want 2 marked, got %d", len(sel))
	}
	tb.SetFilter("00001")
	if sel := tb.Selected(); len(sel) != 1 || sel[0].Name != "user-00001" {
		t.Fatalf("marked rows hidden by the filter must not be acted on: %v", sel)
	}
	tb.SetFilter("")
	tb.HandleKey(keyMsg("ctrl+a"))
	if tb.MarkedCount() != 10 {
		t.Fatalf("ctrl+a marked %d", tb.MarkedCount())
	}
	tb.HandleKey(keyMsg("ctrl+a"))
	if tb.MarkedCount() != 0 {
		t.Fatalf("second ctrl+a should unmark all, %d left", tb.MarkedCount())
	}
}

func TestSortKeys(t *testing.T) {
	tb := newUserTable()
	tb.Upsert(users(0, 9)...)
	tb.HandleKey(keyMsg("o")) // by name
	tb.HandleKey(keyMsg("o")) // by display name
	tb.HandleKey(keyMsg("o")) // by keys
	if col, desc := tb.SortColumn(); col != 2 || desc {
		t.Fatalf("sort = %d %v", col, desc)
	}
	tb.HandleKey(keyMsg("O"))
	tb.HandleKey(keyMsg("g"))
	if u, _ := tb.Current(); u.Keys != 2 {
		t.Fatalf("descending by keys: first row has %d keys", u.Keys)
	}
	tb.HandleKey(keyMsg("o")) // wraps to arrival order
	if col, _ := tb.SortColumn(); col != -1 {
		t.Fatalf("want arrival order, got column %d", col)
	}
}

func TestRefreshDropsVanishedRowsAndKeepsCursor(t *testing.T) {
	tb := newUserTable()
	tb.Upsert(users(0, 10)...)
	tb.HandleKey(keyMsg("G"))
	tb.BeginRefresh()
	tb.Upsert(users(5, 5)...)
	tb.EndRefresh()
	if tb.Len() != 5 || current(t, tb) != "user-00009" {
		t.Fatalf("len %d current %s", tb.Len(), current(t, tb))
	}
}

func TestViewWidthAndHeightWithCJK(t *testing.T) {
	tb := newUserTable()
	tb.Upsert(user{Name: "zhangwei", Display: "张伟张伟张伟张伟张伟张伟张伟张伟张伟张伟张伟"},
		user{Name: "evil\x1b[31mname\nnext", Display: "x"})
	for _, w := range []int{80, 41, 40, 30} {
		tb.SetSize(w, 6)
		out := tb.View()
		lines := strings.Split(out, "\n")
		if len(lines) != 6 {
			t.Fatalf("width %d: %d lines, want 6", w, len(lines))
		}
		for _, l := range lines {
			if Width(l) > w {
				t.Fatalf("width %d: line %q is %d wide", w, l, Width(l))
			}
			if strings.ContainsRune(l, '\x1b') || strings.ContainsRune(l, '\ufffd') {
				t.Fatalf("width %d: escape or broken rune in %q", w, l)
			}
		}
		if !strings.Contains(out, "张伟") || !strings.Contains(out, Ellipsis) {
			t.Fatalf("width %d: CJK name not truncated with an ellipsis:\n%s", w, out)
		}
	}
}

func TestTruncateNeverSplitsWideRune(t *testing.T) {
	for w := 1; w < 8; w++ {
		got := Truncate("张伟张伟张伟", w)
		if Width(got) > w || strings.ContainsRune(got, '\ufffd') {
			t.Fatalf("w=%d: %q (%d cells)", w, got, Width(got))
		}
	}
	if got := Fit("张伟", 5); Width(got) != 5 {
		t.Fatalf("Fit width %d", Width(got))
	}
}

func TestEmptyAndLoadingStates(t *testing.T) {
	tb := newUserTable()
	tb.SetLoading(true)
	if !strings.Contains(tb.View(), "loading…") {
		t.Fatal("no loading state")
	}
	tb.SetLoading(false)
	tb.SetEmptyText("No users.")
	if !strings.Contains(tb.View(), "No users.") {
		t.Fatal("no empty state")
	}
	tb.Upsert(users(0, 3)...)
	tb.SetFilter("nomatch")
	if !strings.Contains(tb.View(), `"nomatch"`) {
		t.Fatal("no-match state should name the filter")
	}
}

func TestFlexColumnsGiveWayFirst(t *testing.T) {
	tb := NewTable(theme.New(true), keymap.Default(), func(u user) string { return u.Name },
		Column[user]{Title: "NAME", Min: 6, Max: 30, Cell: func(u user) string { return u.Name }},
		Column[user]{Title: "COMMENTS", Min: 8, Flex: true, Cell: func(u user) string { return u.Display }},
	)
	tb.Upsert(user{Name: "monitoring-agent", Display: strings.Repeat("long comment ", 10)})
	tb.SetSize(40, 3)
	if !strings.Contains(tb.View(), "monitoring-agent") {
		t.Fatalf("the name was cut before the comment:\n%s", tb.View())
	}
}

func TestExactMatchesWinOverFuzzy(t *testing.T) {
	tb := newUserTable()
	tb.Upsert(user{Name: "AliyunECSFullAccess"}, user{Name: "AliyunALBReadOnlyAccess"}, user{Name: "ops-admin"})
	tb.SetFilter("e")
	tb.SetFilter("ec")
	tb.SetFilter("ecs")
	if tb.VisibleLen() != 1 {
		t.Fatalf("ecs: %d rows, want only the ECS policy", tb.VisibleLen())
	}
	tb.SetFilter("o")
	tb.SetFilter("oa")
	tb.SetFilter("oad")
	tb.SetFilter("oadm") // no exact match: fuzzy on the name finds ops-admin
	if u, _ := tb.Current(); tb.VisibleLen() != 1 || u.Name != "ops-admin" {
		t.Fatalf("oadm: %d rows", tb.VisibleLen())
	}
	tb.SetFilter("oadmz")
	if tb.VisibleLen() != 0 {
		t.Fatal("oadmz should match nothing")
	}
}

// Deleting characters returns to what the shorter filter matched before (kept, not searched
// again); rows arriving in between make those results stale.
func TestFilterDeletionMatchesFullFilter(t *testing.T) {
	tb := newUserTable()
	tb.Upsert(users(0, 2000)...)
	check := func(q string) {
		t.Helper()
		fresh := newUserTable()
		fresh.Upsert(tb.Items()...)
		fresh.SetFilter(q)
		if tb.VisibleLen() != fresh.VisibleLen() {
			t.Fatalf("filter %q: %d rows, a fresh search %d", q, tb.VisibleLen(), fresh.VisibleLen())
		}
	}
	for _, q := range []string{"u", "us", "user-01", "user-019", "user-01", "us", "user-0199x", "user-0199", "user-01"} {
		tb.SetFilter(q)
		check(q)
	}
	tb.Upsert(users(2000, 500)...) // new rows match "user-0" but not the kept results
	tb.SetFilter("user-02")
	tb.SetFilter("user-0")
	check("user-0")
	if tb.VisibleLen() != 2500 {
		t.Fatalf("user-0 matches %d rows after more arrived, want 2500", tb.VisibleLen())
	}
}

func names(us ...string) []user {
	out := make([]user, len(us))
	for i, n := range us {
		out[i] = user{Name: n, Display: strings.ToUpper(n), Keys: len(n) % 2}
	}
	return out
}

// A refresh shows the rows in the order the listing returns them: a row created since goes
// to its place as soon as its page lands (not last, as when rows kept their first arrival),
// a row gone stays until the refresh ends, and a lazy column filled meanwhile neither moves
// a row nor keeps a gone one.
func TestRefreshTakesTheListingsOrder(t *testing.T) {
	tb := newUserTable()
	tb.Upsert(names("amy", "bob", "dan", "eve", "fay")...)
	tb.HandleKey(keyMsg("j")) // on bob
	tb.BeginRefresh()
	tb.Replace(names("fay", "zed")...) // fay filled in before she is listed again; zed unknown
	tb.Upsert(names("amy", "bob", "cat")...)
	if got, want := strings.Join(visibleIDs(tb), " "), "amy bob cat dan eve fay"; got != want {
		t.Fatalf("after the first page: %s, want %s", got, want)
	}
	tb.Upsert(names("eve")...)
	tb.EndRefresh()
	if got, want := strings.Join(visibleIDs(tb), " "), "amy bob cat eve"; got != want {
		t.Fatalf("after the refresh: %s, want %s", got, want)
	}
	if current(t, tb) != "bob" {
		t.Fatalf("cursor on %s, want bob", current(t, tb))
	}

	tb.SetSort(2, false) // KEYS: 0 for amy bob cat eve; ties in the listing's order
	tb.BeginRefresh()
	tb.Upsert(names("eve", "cat", "bob", "amy")...)
	tb.EndRefresh()
	if got, want := strings.Join(visibleIDs(tb), " "), "eve cat bob amy"; got != want {
		t.Fatalf("sorted by keys, ties: %s, want %s", got, want)
	}
	if got := fmt.Sprint(tb.Items()); got != fmt.Sprint(names("eve", "cat", "bob", "amy")) {
		t.Fatalf("Items: %s", got)
	}
}
