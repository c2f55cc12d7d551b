package kit

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/theme"
)

func TestLintLines(t *testing.T) {
	got := Lint(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},`+
		`{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*","Condition":{"StringLike":{"oss:Prefix":"a"}}}]}`, policy.Permission, "")
	want := []string{"Statement[0]: Allow * on *: full administrator access to every service and resource"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") { // the info finding (StringLike without a wildcard) is left out
		t.Errorf("Lint = %q, want %q", got, want)
	}
	if got := Lint(`{not json`, policy.Permission, ""); got != nil {
		t.Errorf("a document that does not parse: %q (its parse error is shown where it is written)", got)
	}
	if got := Lint(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1234567890123456:root"]}}]}`,
		policy.Trust, "6543210987654321"); len(got) != 1 || !strings.Contains(got[0], "trusts account 1234567890123456 without an sts:ExternalId") {
		t.Errorf("another account's trust: %q", got)
	}
}

// The warnings show in a confirmation in full (wrapped, not cut at the box's width), made
// safe, between the question and the details; a pane shows them the same way.
func TestConfirmShowsWarningsWrappedAndSafe(t *testing.T) {
	th := theme.New(true)
	warning := "Statement[0]: Allow * on *: full administrator access to every service and resource \x1b[2J"
	c := components.NewConfirm(th, keymap.Default(), "Create custom policy x?", []string{"with the document you saved"})
	c.Warnings = []string{warning}
	v := c.View(40)
	if strings.Contains(v, "\x1b[2J") || !strings.Contains(v, `\x1b`) {
		t.Fatalf("the warning's escape reached the view, or is not shown visibly: %q", v)
	}
	flat := strings.Join(strings.Fields(strings.NewReplacer("│", " ", "!", " ").Replace(ansi.Strip(v))), " ")
	if !strings.Contains(flat, "full administrator access to every service and resource") {
		t.Errorf("the warning is cut:\n%s", v)
	}
	if q, w, d := strings.Index(flat, "Create custom"), strings.Index(flat, "Statement[0]"), strings.Index(flat, "with the document"); !(q < w && w < d) {
		t.Errorf("order: question %d, warning %d, details %d:\n%s", q, w, d, v)
	}
	for _, l := range strings.Split(v, "\n") {
		if ansi.StringWidth(l) > 40 {
			t.Errorf("wider than 40: %q", l)
		}
	}
	pane := LintView(th, []string{warning}, 30)
	for _, l := range strings.Split(pane, "\n") {
		if ansi.StringWidth(l) > 30 || strings.Contains(l, "\x1b[2J") {
			t.Errorf("pane line %q", l)
		}
	}
	if LintView(th, nil, 30) != "" {
		t.Error("no warnings: the pane is not empty")
	}
}
