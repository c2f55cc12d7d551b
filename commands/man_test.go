package commands

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// Help text reaches roff as text: a line starting with a period is not a request, a backslash
// is not an escape, and the columns of a plain-text table stay as they are (no fill).
func TestManPageKeepsTextAsText(t *testing.T) {
	root := &cobra.Command{Use: "ramtui", Short: "root"}
	sub := &cobra.Command{Use: "evil ARG", Short: `back\slash`, Run: func(*cobra.Command, []string) {},
		Long: "first line\n.SH INJECTED\n'br\n  col1   ALICLOUD_*, ALIBABACLOUD_*\n  col2   C:\\path"}
	sub.Flags().String("name", "x", "a .name")
	root.AddCommand(sub)
	var b bytes.Buffer
	writeManPage(&b, sub, manHeader{source: "ramtui test", date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	page := b.String()
	for _, want := range []string{
		`.TH "RAMTUI-EVIL" 1 "Dec 2026" "ramtui test" "ramtui manual"`,
		`ramtui-evil \- back\eslash`,
		".nf\nfirst line\n\\&.SH INJECTED\n\\&'br\n  col1   ALICLOUD_*, ALIBABACLOUD_*\n  col2   C:\\epath\n.fi",
		".TP\n\\fB\\-\\-name\\fP=\"x\"\na .name",
		`\fBramtui\fP(1)`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q:\n%s", want, page)
		}
	}
	if strings.Count(page, "\n.SH ") != 5 { // NAME SYNOPSIS DESCRIPTION OPTIONS SEE ALSO
		t.Errorf("sections:\n%s", page)
	}
}

// ramtui's start does not pay for a Markdown converter's init (blackfriday, 760 allocations,
// came in through cobra/doc for `ramtui man` alone).
func TestNoMarkdownConverterLinked(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/ramtui/ramtui").CombinedOutput()
	if err != nil {
		t.Skipf("go list: %v %s", err, out)
	}
	for _, p := range []string{"github.com/russross/blackfriday", "github.com/cpuguy83/go-md2man", "github.com/spf13/cobra/doc"} {
		if strings.Contains(string(out), p) {
			t.Errorf("ramtui links %s", p)
		}
	}
}
