package components

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// visibleIDs lists the rows a table shows, in order.
func visibleIDs(tb *Table[user]) []string {
	out := make([]string, len(tb.visible))
	for i, r := range tb.visible {
		out[i] = r.id
	}
	return out
}

// fresh builds a table from scratch with what tb holds, sorts and filters it: what an
// incremental change must come to.
func fresh(tb *Table[user]) *Table[user] {
	f := newUserTable()
	f.SetOrder(tb.base)
	f.Upsert(tb.Items()...)
	f.SetSort(tb.sortCol, tb.sortDesc)
	f.SetFilter(tb.filter)
	return f
}

// TestIncrementalChangesMatchARebuild drives a table through random pages, single-row
// updates (some moving the row in the sort order, some changing what the filter sees),
// removals, refreshes, sorts and filters, and after each step compares it with a table
// built from scratch with the same rows: the same rows shown in the same order, the same
// width histograms, the cursor on the same row when that row is still shown.
func TestIncrementalChangesMatchARebuild(t *testing.T) { checkIncremental(t, nil) }

// The same with a base order of the screen's own (the role picker's frecency): pages merge into
// it, and a row whose key under it changes moves.
func TestIncrementalChangesMatchARebuildInABaseOrder(t *testing.T) {
	checkIncremental(t, func(a, b user) int { return cmp.Compare(b.Display, a.Display) })
}

func checkIncremental(t *testing.T, order func(a, b user) int) {
	rng := rand.New(rand.NewPCG(1, 2))
	tb := newUserTable()
	tb.SetOrder(order)
	next := 0
	mk := func(k int) user {
		return user{Name: fmt.Sprintf("user-%05d", k), Display: fmt.Sprintf("User %d", rng.IntN(50)), Keys: rng.IntN(4)}
	}
	var listing []user // what a refresh under way has still to bring
	filters := []string{"", "", "1", "user 3", "2", "zzz", "u0", "us1", "User 4", "user", "user 1", "user 12"}
	for step := range 400 {
		var what string
		before := tb.currentID()
		switch op := rng.IntN(10); {
		case op < 3: // a page of new rows
			n := 1 + rng.IntN(60)
			page := make([]user, n)
			for i := range page {
				page[i] = mk(next)
				next++
			}
			tb.Upsert(page...)
			what = fmt.Sprintf("page of %d", n)
		case op < 6 && tb.Len() > 0: // one row changes (a lazy column filled, an edit)
			items := tb.Items()
			u := items[rng.IntN(len(items))]
			if rng.IntN(2) == 0 {
				u.Keys = rng.IntN(4)
			} else {
				u.Display = fmt.Sprintf("User %d", rng.IntN(50))
			}
			tb.Upsert(u)
			what = "update " + u.Name
		case op < 7 && tb.Len() > 0:
			items := tb.Items()
			id := items[rng.IntN(len(items))].Name
			tb.Remove(id)
			what = "remove " + id
		case op < 8: // a refresh bringing most rows back, some changed, some moved, new ones
			// among them, in pages; it may stay open while other steps run, or restart
			if !tb.refreshing || rng.IntN(3) == 0 {
				tb.BeginRefresh()
				var back []user
				for _, u := range tb.Items() {
					if rng.IntN(10) > 0 {
						if rng.IntN(5) == 0 {
							u.Keys = rng.IntN(4)
						}
						back = append(back, u)
					}
					if rng.IntN(8) == 0 {
						back = append(back, mk(next))
						next++
					}
				}
				for range len(back) / 10 { // the listing's order is not the old one
					i, j := rng.IntN(len(back)), rng.IntN(len(back))
					back[i], back[j] = back[j], back[i]
				}
				listing = back
			}
			n := min(len(listing), rng.IntN(40))
			if rng.IntN(3) == 0 {
				n = len(listing)
			}
			tb.Upsert(listing[:n]...)
			listing = listing[n:]
			what = fmt.Sprintf("refresh page of %d", n)
			if len(listing) == 0 {
				tb.EndRefresh()
				what += ", the last"
			}
		case op < 9:
			col := rng.IntN(4) - 1
			tb.SetSort(col, rng.IntN(2) == 0)
			what = fmt.Sprintf("sort %d", col)
		default:
			f := filters[rng.IntN(len(filters))]
			tb.SetFilter(f)
			what = "filter"
		}
		if _, shown := tb.indexOf(rowOf(tb, before)); shown && what != "filter" && tb.currentID() != before {
			t.Fatalf("step %d (%s): the cursor left %s for %s", step, what, before, tb.currentID())
		}
		for range rng.IntN(3) {
			tb.HandleKey(keyMsg("j"))
		}
		want := fresh(tb)
		if got, exp := visibleIDs(tb), visibleIDs(want); !slices.Equal(got, exp) {
			t.Fatalf("step %d (%s, sort %d desc %v, filter %q): shows %d rows %v…, a rebuild %d rows %v…",
				step, what, tb.sortCol, tb.sortDesc, tb.filter, len(got), got[:min(5, len(got))], len(exp), exp[:min(5, len(exp))])
		}
		for i := range tb.hist {
			if !sameCounts(tb.hist[i], want.hist[i]) {
				t.Fatalf("step %d (%s): column %d's width histogram differs from a rebuild's", step, what, i)
			}
		}
		for i, r := range tb.order {
			if int(r.pos) != i {
				t.Fatalf("step %d (%s): row %s at %d thinks it is at %d", step, what, r.id, i, r.pos)
			}
		}
		if tb.fuzzy != want.fuzzy {
			t.Fatalf("step %d (%s): fuzzy %v, a rebuild %v", step, what, tb.fuzzy, want.fuzzy)
		}
	}
}

// rowOf is the row with this id, or a row shown nowhere.
func rowOf(tb *Table[user], id string) *row[user] {
	if r, ok := tb.byID[id]; ok {
		return r
	}
	return &row[user]{pos: -1}
}

// sameCounts compares two histograms, nil counting as all zero.
func sameCounts(a, b widthHist) bool {
	for w := range histCap + 1 {
		var x, y int32
		if a != nil {
			x = a[w]
		}
		if b != nil {
			y = b[w]
		}
		if x != y {
			return false
		}
	}
	return true
}
