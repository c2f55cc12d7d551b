package components

import (
	"fmt"
	"testing"
)

// BenchmarkFilterKeystroke10k measures one filter keystroke on a 10,000-row list: the table
// update (SetFilter, what the root calls on each key) plus the View that follows. Budget: 5 ms.
func BenchmarkFilterKeystroke10k(b *testing.B) {
	tb := newUserTable()
	tb.SetSize(120, 35)
	tb.Upsert(users(0, 10_000)...)
	queries := []string{"u", "us", "use", "user", "user-", "user-0", "user-00", "user-001", ""}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tb.SetFilter(queries[i%len(queries)])
		_ = tb.View()
	}
}

// BenchmarkFilterKeystrokeNoNarrowing10k is the worst case: every keystroke searches all rows
// (e.g. a term that does not extend the last one).
func BenchmarkFilterKeystrokeNoNarrowing10k(b *testing.B) {
	tb := newUserTable()
	tb.SetSize(120, 35)
	tb.Upsert(users(0, 10_000)...)
	queries := []string{"user 12", "user 9"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tb.SetFilter(queries[i%len(queries)])
		_ = tb.View()
	}
}

// BenchmarkView renders a screenful while the cursor moves, at growing list lengths: the cost
// must not grow with the number of rows.
func BenchmarkView(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			tb := newUserTable()
			tb.SetSize(120, 35)
			tb.Upsert(users(0, n)...)
			down, up := keyMsg("j"), keyMsg("k")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%200 < 100 {
					tb.HandleKey(down)
				} else {
					tb.HandleKey(up)
				}
				_ = tb.View()
			}
		})
	}
}
