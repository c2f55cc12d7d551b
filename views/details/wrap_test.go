package details

import (
	"context"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// Issue 10 item 14: a list cuts a long description; the detail shows it whole, wrapped under its
// label, at 80 columns (one column of fields) and 120 and 200 (two), Chinese included.
func TestDetailWrapsLongDescriptionWhole(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	desc := "财务报表导出角色，仅财务部使用：每月一号导出上个月的账单到财务的存储桶 (finance reports, exported on the first of each month to the finance bucket; ask zhao.min)"
	if _, err := d.Client().UpdateRole(context.Background(), "finance-export", ramclient.RoleUpdate{Description: desc}); err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 50}} {
		dr := viewtest.Drive(t, NewRole(d, "finance-export"), size[0], size[1])
		view := dr.S.View()
		// The description's text, in order, joined from the lines it was wrapped onto (spaces
		// aside: Chinese wraps between characters).
		var text []string
		for _, line := range strings.Split(view, "\n") {
			if w := components.Width(line); w > size[0] {
				t.Fatalf("%v: line is %d wide: %q", size, w, line)
			}
			text = append(text, strings.Fields(line)...)
		}
		if joined := strings.Join(text, ""); !strings.Contains(joined, strings.Join(strings.Fields(desc), "")) {
			t.Fatalf("%v: the description is not whole:\n%s", size, view)
		}
		if !strings.Contains(view, "Who can assume this role") {
			t.Fatalf("%v: the sections went:\n%s", size, view)
		}
	}
}

// Session 4 left alone: at 80 columns the role screen cut the who-can sentence of a role
// trusting another account ("…that its own policies allow,…"), hiding the ExternalId it
// needs. The sentence wraps under its own indent instead, every line within the width.
func TestWhoCanAssumeWrapsAt80(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		dr := viewtest.Drive(t, NewRole(d, "vendor-monitoring"), size[0], size[1])
		view := dr.View()
		viewtest.Fits(t, view, size[0], size[1])
		var words []string
		for _, line := range strings.Split(view, "\n") {
			words = append(words, strings.Fields(line)...)
		}
		want := "any RAM user or role of account 1357924680135792 that its own policies allow, with the right ExternalId"
		if !strings.Contains(strings.Join(words, " "), want) {
			t.Fatalf("%v: the who-can sentence is cut:\n%s", size, view)
		}
		if strings.Contains(view, "…") {
			t.Fatalf("%v: something is cut:\n%s", size, view)
		}
	}
}
