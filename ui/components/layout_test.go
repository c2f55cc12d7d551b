package components

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ui/theme"
)

// A policy-like row: a name, a fixed-width type and a description (prose).
type pol struct{ Name, Type, Desc string }

func newPolicyTable(w, h int) *Table[pol] {
	t := NewTable(theme.New(true), keymap.Default(), func(p pol) string { return p.Name },
		Column[pol]{Title: "NAME", Min: 16, Max: 40, Cell: func(p pol) string { return p.Name }},
		Column[pol]{Title: "TYPE", Min: 6, Max: 6, Cell: func(p pol) string { return p.Type }},
		Column[pol]{Title: "DESCRIPTION", Min: 10, Flex: true, Cell: func(p pol) string { return p.Desc }},
	)
	t.SetSize(w, h)
	return t
}

// descAt returns the display column where the header's title starts.
func colStart(line, title string) int {
	i := strings.Index(line, title)
	if i < 0 {
		return -1
	}
	return Width(line[:i])
}

// Item 14 of issue 10: one long name made NAME 40 wide on every row while the descriptions
// were cut. The room goes where text is cut: most names are short, so DESCRIPTION gets it.
func TestOneLongNameDoesNotStarveTheDescription(t *testing.T) {
	tb := newPolicyTable(120, 40)
	var rows []pol
	for i := range 30 {
		rows = append(rows, pol{Name: fmt.Sprintf("custom-policy-%02d", i), Type: "Custom",
			Desc: fmt.Sprintf("D%02d: ", i) + strings.Repeat("read the buckets ", 4) + "end."})
	}
	rows = append(rows, pol{Name: "AliyunECSNetworkInterfaceManagementAccess", Type: "System", Desc: "short"})
	tb.Upsert(rows...)
	out := tb.View()
	for _, r := range rows[:30] {
		if !strings.Contains(out, r.Desc) {
			t.Fatalf("description %q cut while NAME has room to spare:\n%s", r.Desc, out)
		}
		if !strings.Contains(out, r.Name) {
			t.Fatalf("name %q cut:\n%s", r.Name, out)
		}
	}
}

// The widths come from all loaded rows, not the ones on screen: scrolling from short names to
// long ones never moves a column.
func TestColumnsStayPutWhileScrolling(t *testing.T) {
	tb := newPolicyTable(100, 10)
	for i := range 60 {
		name := fmt.Sprintf("p%02d", i)
		if i > 40 {
			name = fmt.Sprintf("a-much-longer-policy-name-%02d", i)
		}
		tb.Upsert(pol{Name: name, Type: "Custom", Desc: strings.Repeat("words ", i%12)})
	}
	first := strings.Split(tb.View(), "\n")[0]
	for range 59 {
		tb.HandleKey(keyMsg("j"))
		if h := strings.Split(tb.View(), "\n")[0]; h != first {
			t.Fatalf("header moved while scrolling:\n%s\n%s", first, h)
		}
	}
}

// When everything the filter leaves is on screen nothing scrolls, so the widths fit those
// rows: the one match shows its description whole.
func TestFilteredRowsOnOneScreenFitTheirText(t *testing.T) {
	tb := newPolicyTable(100, 10)
	long := "Provides full access to all Alibaba Cloud services and resources."
	tb.Upsert(pol{Name: "AdministratorAccess", Type: "System", Desc: long})
	for i := range 30 {
		tb.Upsert(pol{Name: fmt.Sprintf("AliyunSomeServiceWithALongName%02dAccess", i), Type: "System", Desc: "x"})
	}
	tb.SetFilter("admin")
	if out := tb.View(); !strings.Contains(out, long) || !strings.Contains(out, "AdministratorAccess") {
		t.Fatalf("the one match is cut:\n%s", out)
	}
	tb.SetFilter("")
	if out := tb.View(); strings.Contains(out, long) {
		t.Fatalf("without the filter the long names should take room back:\n%s", out)
	}
}

// Double-width descriptions line up at 80, 120 and 200 columns: every row is exactly the width,
// each description starts under its title, and a cut one ends with an ellipsis.
func TestChineseDescriptionsLineUp(t *testing.T) {
	descs := []string{"运维负责人 (ops lead)", "财务经理：导出账单到财务的存储桶，只读访问计费管理和成本中心的全部数据",
		"数据工程师 (data engineer)", "ML engineer", "安全负责人，只有安全负责人可以扮演这个角色并审计所有账号的操作记录和配置变更"}
	for _, w := range []int{80, 120, 200} {
		tb := newPolicyTable(w, 8)
		for i, d := range descs {
			tb.Upsert(pol{Name: fmt.Sprintf("张伟-policy-%d", i), Type: "Custom", Desc: "|" + d})
		}
		lines := strings.Split(tb.View(), "\n")
		at := colStart(lines[0], "DESCRIPTION")
		for _, l := range lines[1 : 1+len(descs)] {
			if Width(l) != w {
				t.Fatalf("width %d: row is %d wide: %q", w, Width(l), l)
			}
			if got := colStart(l, "|"); got != at {
				t.Fatalf("width %d: description at %d, title at %d:\n%s", w, got, at, strings.Join(lines, "\n"))
			}
		}
		whole := strings.Contains(lines[2], descs[1]) // the cursor is on row 1
		if whole != (w >= 120) || (!whole && !strings.HasSuffix(strings.TrimRight(lines[2], " "), Ellipsis)) {
			t.Fatalf("width %d: whole=%v:\n%s", w, whole, strings.Join(lines, "\n"))
		}
	}
}
