package audit

import (
	"context"
	"strings"

	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// newFinding is one finding in full: what, why, and the fix (its API calls, or the screen where
// it is made). f here asks the same confirmation as on the list, and goes back to the list,
// which reads the account again.
func newFinding(d *kit.Deps, list *Screen, r Row) screen.Screen {
	s := kit.NewDetail(d, "finding", r.Entity(), func(context.Context) (Row, error) { return r, nil })
	text := kit.AddText(s, "Why and fix")
	s.Show = func(r Row) []kit.Field {
		var b strings.Builder
		b.WriteString("Why: " + r.Why + ".\n\nFix: " + r.Fix.Summary + ".\n")
		if len(r.Fix.Steps) > 0 {
			b.WriteString("\nf applies it, after a confirmation, with these calls:\n")
			for _, st := range r.Fix.Steps {
				b.WriteString("  " + st.String() + "\n")
			}
		}
		if r.Fix.Screen != "" {
			b.WriteString("\nIt is made on the " + r.Fix.Screen + " screen: f goes there.\n")
		}
		if r.Ignore != nil {
			b.WriteString("\nIgnored on " + r.Ignore.At.Format("2006-01-02") + ": " + r.Ignore.Reason + "\n")
		}
		text.SetWrapped(b.String()) // sentences: wrapped, never cut at the edge
		fields := []kit.Field{kit.F("Severity", r.Severity.String()), kit.F("Check", r.Check), kit.F("Entity", r.Entity())}
		if r.Ignore != nil {
			fields = append(fields, kit.F("Ignored", r.Ignore.Reason))
		}
		return fields
	}
	s.Copy = func() (string, string) { return r.Entity() + ": " + r.Why + ". Fix: " + r.Fix.Summary, "finding" }
	cur := func() (Row, bool) { return r, s.Loaded() }
	s.Actions = fixActions(d, list, cur, screen.Pop())
	return s
}
