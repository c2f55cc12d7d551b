package components

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/theme"
)

// Pager is a scrollable block of pre-rendered lines (a JSON document, a text view). Lines
// wider than the pager are cut at its edge (SetWrapped: wrapped instead); only the visible
// lines are written per frame.
type Pager struct {
	lines  []string
	offset int
	w, h   int
	nav    keymap.Nav
	prose  string // SetWrapped's text, made safe, wrapped again at each width
	wrap   bool
}

// NewPager returns an empty pager.
func NewPager(km *keymap.KeyMap) *Pager { return &Pager{nav: km.Nav} }

// SetText shows outside text (made safe to draw: control characters and escape sequences are
// shown, not sent); the scroll position is kept when possible.
func (p *Pager) SetText(s string) {
	p.wrap = false
	p.setLines(safetext.Block(s))
}

// SetWrapped shows outside text as SetText does, but sentences: a line wider than the pager
// wraps at spaces, its continuation under the line's own indent, so nothing is cut.
// Documents stay SetText or SetJSON: wrapping would change what they say.
func (p *Pager) SetWrapped(s string) {
	p.prose, p.wrap = safetext.Block(s), true
	p.rewrap()
}

func (p *Pager) rewrap() {
	if p.w <= 0 {
		p.setLines(p.prose)
		return
	}
	var out []string
	for _, line := range strings.Split(strings.TrimRight(p.prose, "\n"), "\n") {
		body := strings.TrimLeft(line, " ")
		indent := line[:len(line)-len(body)]
		if len(indent) > p.w/2 { // a deep indent would leave a ribbon of text
			indent = ""
		}
		for _, l := range Wrap(body, p.w-len(indent)) {
			out = append(out, indent+l)
		}
	}
	p.lines = out
	p.clamp()
}

// SetJSON shows a JSON document pretty-printed and highlighted (HighlightJSON makes every
// token safe to draw before styling it).
func (p *Pager) SetJSON(th *theme.Theme, doc string) {
	p.wrap = false
	out, _ := HighlightJSON(th, doc)
	p.setLines(out)
}

// setLines takes text that is safe to draw already.
func (p *Pager) setLines(s string) {
	p.lines = strings.Split(strings.TrimRight(s, "\n"), "\n")
	p.clamp()
}

// SetSize sets the exact size.
func (p *Pager) SetSize(w, h int) {
	rewrap := p.wrap && w != p.w
	p.w, p.h = w, h
	if rewrap {
		p.rewrap()
	}
	p.clamp()
}

// Lines is the number of content lines.
func (p *Pager) Lines() int { return len(p.lines) }

// HandleKey scrolls; it reports whether it used the key.
func (p *Pager) HandleKey(msg tea.KeyMsg) bool {
	offset, ok := move(p.nav, msg, p.offset, len(p.lines), max(1, p.h-1))
	if !ok {
		return false
	}
	p.offset = offset
	p.clamp()
	return true
}

func (p *Pager) clamp() {
	if m := len(p.lines) - p.h; p.offset > m {
		p.offset = m
	}
	if p.offset < 0 {
		p.offset = 0
	}
}

// View renders exactly h lines.
func (p *Pager) View() string {
	if p.h <= 0 {
		return ""
	}
	out := make([]string, p.h)
	for i := range out {
		if j := p.offset + i; j < len(p.lines) {
			out[i] = Truncate(p.lines[j], p.w)
		}
	}
	return strings.Join(out, "\n")
}

// move is where a movement key takes position pos among n lines, a page being page lines
// (unclamped: the caller keeps it in range); ok is false for any other key. The table's
// cursor and the pager's scroll move the same way.
func move(nav keymap.Nav, msg tea.KeyMsg, pos, n, page int) (int, bool) {
	switch {
	case key.Matches(msg, nav.Up):
		return pos - 1, true
	case key.Matches(msg, nav.Down):
		return pos + 1, true
	case key.Matches(msg, nav.Top):
		return 0, true
	case key.Matches(msg, nav.Bottom):
		return n - 1, true
	case key.Matches(msg, nav.PageUp):
		return pos - page, true
	case key.Matches(msg, nav.PageDown):
		return pos + page, true
	}
	return pos, false
}
