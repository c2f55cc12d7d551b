// Package components holds ramtui's shared UI pieces: the streaming table, the JSON viewer,
// the y/N confirmation and the text input. They take sizes from their parent and styles from
// a *theme.Theme; none reads the terminal itself.
package components

import (
	"slices"
	"strings"
	"unicode"

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
	end := ansi.TruncateLeft(s, n-tail, "")
	// TruncateLeft keeps a wide character its cut falls in ("赵六" for the last 3 cells of
	// "…王五赵六"), one cell too many: that character goes.
	if ansi.StringWidth(end) > tail {
		end = ansi.TruncateLeft(end, ansi.StringWidth(end)-tail+1, "")
	}
	return ansi.Truncate(s, w-1-tail, "") + Ellipsis + end
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
// when the word alone is wider than w. A word is everything between spaces: a name or an ARN
// with hyphens in it ("oss-dev-zhangwei") stays whole on one line. It is the one word-wrap of
// the program. Spaces before the first word of s (an indent) and between words on a line are
// kept; the spaces where a line breaks are dropped.
func Wrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = wrapLine(lines, para, w)
	}
	return lines
}

// wrapLine appends the lines of s, which has no newline, to lines.
func wrapLine(lines []string, s string, w int) []string {
	var (
		cur    strings.Builder
		curW   int    // the width of cur: it ends with a word, never with a space
		spaces string // the spaces since the last word, written only before the next one
	)
	for len(s) > 0 {
		n := spaceRun(s)
		if n > 0 {
			spaces += s[:n]
			s = s[n:]
			continue
		}
		word := s[:wordLen(s)]
		s = s[len(word):]
		ww, sw := ansi.StringWidth(word), ansi.StringWidth(spaces)
		if curW+sw+ww <= w {
			cur.WriteString(spaces + word)
			curW += sw + ww
			spaces = ""
			continue
		}
		// It does not fit after what the line holds: break at the space before it.
		if curW > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		spaces, curW = "", 0
		if ww > w { // wider than any line: broken inside (at a hyphen where ansi.Wrap can)
			parts := breakWord(word, w)
			lines = append(lines, parts[:len(parts)-1]...)
			word = parts[len(parts)-1]
		}
		cur.WriteString(word)
		curW = ansi.StringWidth(word)
	}
	if curW+ansi.StringWidth(spaces) <= w {
		cur.WriteString(spaces) // trailing spaces, or a line of spaces only, as given
	}
	return append(lines, cur.String())
}

// spaceRun is the length in bytes of the spaces s starts with (a non-breaking space is not one).
func spaceRun(s string) int {
	for i, r := range s {
		if !unicode.IsSpace(r) || r == '\u00a0' {
			return i
		}
	}
	return len(s)
}

// wordLen is the length in bytes of the word s starts with.
func wordLen(s string) int {
	for i, r := range s {
		if unicode.IsSpace(r) && r != '\u00a0' {
			return i
		}
	}
	return len(s)
}

// breakWord breaks a word wider than w into lines of at most w cells: ansi.Wrap breaks it after
// a hyphen where one falls near the end of a line, else inside.
func breakWord(word string, w int) []string {
	lines := strings.Split(ansi.Wrap(word, w, ""), "\n")
	for i := 0; i < len(lines); i++ {
		// ansi.Wrap (x/ansi v0.11.6) lets a line run one cell over when a hyphen falls at
		// the limit: cut it at the limit.
		l := lines[i]
		if ansi.StringWidth(l) <= w {
			continue
		}
		head := ansi.Truncate(l, w, "")
		if head == "" || !strings.HasPrefix(l, head) {
			continue // styled text the cut reset: left to the drawing's own cut
		}
		lines = slices.Insert(lines, i+1, l[len(head):])
		lines[i] = head
	}
	return lines
}
