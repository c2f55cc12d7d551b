package components

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ui/theme"
)

func TestHighlightJSONColoursTokens(t *testing.T) {
	r := lipgloss.DefaultRenderer()
	old := r.ColorProfile()
	r.SetColorProfile(termenv.ANSI)
	defer r.SetColorProfile(old)
	th := theme.New(false)
	out, ok := HighlightJSON(th, `{"Statement":[{"Effect":"Allow","Action":"ram:Get*","N":1.5,"B":true,"Z":null}],"Version":"1"}`)
	if !ok {
		t.Fatal("valid JSON reported invalid")
	}
	if !strings.Contains(out, th.JSONKey.Render(`"Effect"`)) ||
		!strings.Contains(out, th.JSONString.Render(`"Allow"`)) ||
		!strings.Contains(out, th.JSONNumber.Render("1.5")) ||
		!strings.Contains(out, th.JSONLit.Render("true")) {
		t.Fatalf("tokens not coloured as expected:\n%q", out)
	}
}

func TestHighlightJSONPrettyPrintsAndKeepsInvalidText(t *testing.T) {
	th := theme.New(true)
	out, ok := HighlightJSON(th, `{"a":["x\"y",2]}`)
	want := "{\n  \"a\": [\n    \"x\\\"y\",\n    2\n  ]\n}"
	if !ok || out != want {
		t.Fatalf("got %q ok=%v", out, ok)
	}
	out, ok = HighlightJSON(th, "{not json\x1b[2J")
	if ok || strings.ContainsRune(out, '\x1b') {
		t.Fatalf("invalid JSON: ok=%v out=%q", ok, out)
	}
}

func TestConfirmDefaultsToNo(t *testing.T) {
	c := NewConfirm(theme.New(true), keymap.Default(), "Delete user 张伟?", []string{"user 张伟"})
	for _, k := range []tea.KeyMsg{{Type: tea.KeyEnter}, {Type: tea.KeyEsc}, {Type: tea.KeyRunes, Runes: []rune("n")}} {
		if done, yes := c.Answer(k); !done || yes {
			t.Fatalf("%v: done=%v yes=%v, want a No", k, done, yes)
		}
	}
	if done, _ := c.Answer(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")}); done {
		t.Fatal("a stray key answered the prompt")
	}
	if done, yes := c.Answer(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")}); !done || !yes {
		t.Fatal("y did not confirm")
	}
	if v := c.View(60); !strings.Contains(v, "张伟") || !strings.Contains(v, "no") {
		t.Fatalf("view does not name the change: %s", v)
	}
}

func TestPagerScrollsAndCuts(t *testing.T) {
	p := NewPager(keymap.Default())
	p.SetText(strings.Repeat("0123456789abcdef\n", 30))
	p.SetSize(10, 5)
	p.HandleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("G")})
	lines := strings.Split(p.View(), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		if Width(l) > 10 {
			t.Fatalf("line %q wider than 10", l)
		}
	}
}

// SetWrapped text wraps under each line's indent at the width it is given, and again when the
// width changes; nothing is cut.
func TestPagerWrapsSentences(t *testing.T) {
	p := NewPager(keymap.Default())
	p.SetWrapped("Who:\n  any user of account 1357924680135792 that its policies allow, with the right ExternalId")
	p.SetSize(30, 10)
	want := []string{"Who:", "  any user of account", "  1357924680135792 that its", "  policies allow, with the", "  right ExternalId"}
	if got := strings.Split(strings.TrimRight(p.View(), "\n"), "\n"); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("wrapped at 30:\n%s", strings.Join(got, "\n"))
	}
	p.SetSize(200, 10)
	if p.Lines() != 2 {
		t.Fatalf("at 200 columns %d lines, want 2:\n%s", p.Lines(), p.View())
	}
}

func TestConfirmWrapsALongQuestion(t *testing.T) {
	q := "Delete 3 users? RAM refuses while a user still has keys, groups, policies, console login or MFA."
	c := NewConfirm(theme.New(true), keymap.Default(), q, []string{"alice", "bob", "carol"})
	v := c.View(60)
	for _, word := range []string{"console", "login", "MFA."} {
		if !strings.Contains(v, word) {
			t.Errorf("the question lost %q:\n%s", word, v)
		}
	}
	for i, l := range strings.Split(v, "\n") {
		if w := Width(l); w > 60 {
			t.Errorf("line %d is %d cells wide, more than 60", i+1, w)
		}
	}
}

// A detail that says something (a key's secret is shown once; a backup is kept) is wrapped
// under its indent, never cut: at 120 columns the key-creation box lost "screen".
func TestConfirmWrapsALongDetail(t *testing.T) {
	d := "RAM allows 2 keys per user; the secret is shown once, on the next screen"
	c := NewConfirm(theme.New(true), keymap.Default(), "Create a new AccessKey for user 小明?", []string{d, "user 小明"})
	v := c.View(60)
	for _, word := range []string{"once,", "next", "screen", "user 小明"} {
		if !strings.Contains(v, word) {
			t.Errorf("the details lost %q:\n%s", word, v)
		}
	}
	if strings.Contains(v, "…") {
		t.Errorf("a detail was cut:\n%s", v)
	}
	for i, l := range strings.Split(v, "\n") {
		if w := Width(l); w > 60 {
			t.Errorf("line %d is %d cells wide, more than 60", i+1, w)
		}
	}
}

// A hyphen at the limit: ansi.Wrap let the line run one cell over (the grant plan's "-- not
// needed" at 80 columns lost its last cell to the pager's cut).
func TestWrapHyphenAtTheLimit(t *testing.T) {
	text := "attach policy AssumeRole-no-such-bucket-data to user devops_test -- not needed"
	lines := Wrap(text, 66)
	for _, l := range lines {
		if Width(l) > 66 {
			t.Errorf("line %q is %d cells wide", l, Width(l))
		}
	}
	if got := strings.Join(lines, " "); got != text {
		t.Errorf("text changed in wrapping: %q", lines)
	}
}

func TestWrapKeepsEveryLineWithinWidth(t *testing.T) {
	text := "Attach AdministratorAccess to arn:acs:ram::1234567890123456:role/very-long-role-name-indeed now"
	lines := Wrap(text, 20)
	if len(lines) < 5 {
		t.Fatalf("wrapped into %d lines: %q", len(lines), lines)
	}
	for _, l := range lines {
		if Width(l) > 20 {
			t.Errorf("line %q is %d cells wide", l, Width(l))
		}
	}
	if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(text, " ", "") {
		t.Errorf("text lost in wrapping: %q", lines)
	}
}

// Names and ARNs are words: a line breaks at a space, never at a name's hyphen, unless the
// name alone is wider than a line (ansi.Wrap broke "oss-dev-zhangwei" after "oss-dev-").
func TestWrapKeepsNamesWhole(t *testing.T) {
	text := "create role oss-dev-zhangwei for RAM user zhang-wei (张伟) trusting acs:ram::1234567890123456:user/zhang-wei -- attach policy oss-dev-zhangwei-oss"
	for w := 20; w <= 80; w++ {
		lines := Wrap(text, w)
		if got := strings.Join(lines, " "); w >= 40 && got != text {
			t.Fatalf("at %d: text changed in wrapping: %q", w, lines)
		}
		var fields []string
		for _, l := range lines {
			if Width(l) > w {
				t.Errorf("at %d: line %q is %d cells wide", w, l, Width(l))
			}
			fields = append(fields, strings.Fields(l)...)
		}
		for _, word := range strings.Fields(text) {
			if Width(word) <= w && !slices.Contains(fields, word) {
				t.Errorf("at %d: %q was broken inside, though it fits a line: %q", w, word, lines)
			}
		}
	}
	// A name wider than the line is broken (it cannot be whole), each line within the width.
	long := "role acs:ram::1234567890123456:role/oss-dev-zhangwei-with-a-very-long-name end"
	for _, l := range Wrap(long, 24) {
		if Width(l) > 24 {
			t.Errorf("line %q is %d cells wide", l, Width(l))
		}
	}
	// Indentation before the first word and the spaces between words are kept.
	if got := Wrap("  Key:   value here", 40); len(got) != 1 || got[0] != "  Key:   value here" {
		t.Errorf("spaces changed: %q", got)
	}
	if got := Wrap("a\n\nb", 10); !slices.Equal(got, []string{"a", "", "b"}) {
		t.Errorf("newlines: %q", got)
	}
}

// TruncateMiddle of Chinese text was a cell too wide (w=8 gave "张三…赵六", 9 cells): the end
// kept a wide character its cut fell in.
func TestTruncateMiddleNeverWiderThanAsked(t *testing.T) {
	for _, s := range []string{"张三李四王五赵六", "ab张三李四王五赵六cd", "oss-test-dir111-reader"} {
		for w := 2; w < Width(s); w++ {
			got := TruncateMiddle(s, w)
			if gw := Width(got); gw > w || gw < w-2 || !strings.Contains(got, Ellipsis) {
				t.Errorf("TruncateMiddle(%q, %d) = %q (%d cells)", s, w, got, gw)
			}
		}
	}
}
