// Package components holds ramtui's shared UI pieces: the streaming table, the JSON viewer,
// the y/N confirmation and the text input. They take sizes from their parent and styles from
// a *theme.Theme; none reads the terminal itself.
package components

import (
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Ellipsis ends text cut to fit a column.
const Ellipsis = "…"

// Width is the display width of s in terminal cells: a CJK character counts 2, escape
// sequences count 0. It is the measure lipgloss uses, so layouts line up.
func Width(s string) int { return ansi.StringWidth(s) }

// Truncate cuts s to at most w cells, ending with an ellipsis when it cut something. A wide
// rune is never split: when only half of it would fit, it is dropped and the line is shorter.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, Ellipsis)
}

// TruncateMiddle cuts s to at most w cells by taking out its middle, for names whose start
// and end both tell them apart (a breadcrumb): "dev-data-team-a-…-prod-reader".
func TruncateMiddle(s string, w int) string {
	n := ansi.StringWidth(s)
	if n <= w {
		return s
	}
	if w <= 1 {
		return Truncate(s, w)
	}
	tail := (w - 1) / 2
	return ansi.Truncate(s, w-1-tail, "") + Ellipsis + ansi.TruncateLeft(s, n-tail, "")
}

// Fit truncates s to w cells and pads it with spaces to exactly w cells.
func Fit(s string, w int) string {
	s = Truncate(s, w)
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// FitRight is Fit with the text aligned to the right (numbers).
func FitRight(s string, w int) string {
	s = Truncate(s, w)
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s = strings.Repeat(" ", pad) + s
	}
	return s
}

// Wrap breaks s into lines of at most w cells, at spaces where it can and inside a word only
// when the word alone is wider than w. It is the one word-wrap of the program.
func Wrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	lines := strings.Split(ansi.Wrap(s, w, ""), "\n")
	for i := 0; i < len(lines); i++ {
		// ansi.Wrap (x/ansi v0.11.6) lets a line run one cell over when a hyphen falls at
		// the limit ("… devops_test --" at 66 was 67 wide): break it again at its last space.
		l := lines[i]
		if ansi.StringWidth(l) <= w {
			continue
		}
		head := ansi.Truncate(l, w, "")
		if !strings.HasPrefix(l, head) {
			continue // styled text the cut reset: left to the drawing's own cut
		}
		cut := strings.LastIndexByte(head, ' ')
		if cut <= 0 {
			cut = len(head) // no space to break at: inside the word
		}
		rest := strings.TrimLeft(l[cut:], " ")
		lines = slices.Insert(lines, i+1, rest)
		lines[i] = strings.TrimRight(l[:cut], " ")
	}
	return lines
}
