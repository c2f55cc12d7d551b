package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/components"
)

// helpState is where '?' help is: the first line shown and the filter. At 80x24 the keys and
// the palette are three screens long; help scrolls with the navigation keys and / keeps the
// entries that contain a text (":grant", "policy").
type helpState struct {
	off    int
	filter string
	typing bool // the filter is being typed (in m.input)
}

// helpEntry is one line of help (a key, or a palette command with its wrapped description):
// the lines drawn, and the plain text the filter looks in.
type helpEntry struct {
	text  string
	lines []string
}

// helpKey scrolls or filters help; any other key closes it.
func (m *Model) helpKey(msg tea.KeyMsg) tea.Cmd {
	h := &m.help
	if h.typing {
		switch {
		case key.Matches(msg, m.keys.Filter.Accept):
			h.typing = false
		case key.Matches(msg, m.keys.Filter.Clear):
			h.typing, h.filter, h.off = false, "", 0
		default:
			cmd := m.input.Update(msg)
			h.filter, h.off = m.input.Value(), 0
			return cmd
		}
		return nil
	}
	n := m.keys.Nav
	page := max(1, m.helpRows()-1)
	switch {
	case key.Matches(msg, n.Down):
		h.off++
	case key.Matches(msg, n.Up):
		h.off--
	case key.Matches(msg, n.PageDown):
		h.off += page
	case key.Matches(msg, n.PageUp):
		h.off -= page
	case key.Matches(msg, n.Top):
		h.off = 0
	case key.Matches(msg, n.Bottom):
		h.off = len(m.helpLines())
	case key.Matches(msg, m.keys.List.Filter):
		h.typing = true
		m.input = components.NewInput(m.th, "/", h.filter)
	case key.Matches(msg, m.keys.Global.Back) && h.filter != "":
		h.filter, h.off = "", 0
	default:
		m.mode = modeNormal
		return nil
	}
	h.off = max(0, min(h.off, len(m.helpLines())-m.helpRows()))
	return nil
}

// helpRows is how many lines of help show under its title.
func (m *Model) helpRows() int {
	_, bh := m.bodySize()
	return max(1, bh-1)
}

// helpView is the '?' page: a title, then the lines of help from where it is scrolled to.
func (m *Model) helpView(w, h int) string {
	title := "Keys"
	if s := m.top(); s != nil {
		title = "Keys: " + safetext.Line(s.Title())
	}
	if m.keys.ReadOnly() {
		title += "  (read-only: actions that change the account are off)"
	}
	lines := m.helpLines()
	rows := max(1, h-1)
	off := max(0, min(m.help.off, len(lines)-rows))
	out := append([]string{m.th.Title.Render(components.Truncate(title, w))}, lines[off:min(len(lines), off+rows)]...)
	return fitLines(strings.Join(out, "\n"), w, h)
}

// helpPosition says which lines show when help is longer than the screen ("" when it fits).
func (m *Model) helpPosition() string {
	n, rows := len(m.helpLines()), m.helpRows()
	if n <= rows {
		return ""
	}
	off := max(0, min(m.help.off, n-rows))
	return "lines " + strconv.Itoa(off+1) + "-" + strconv.Itoa(min(n, off+rows)) + " of " + strconv.Itoa(n)
}

// helpLines is the whole of help at the body's width, filtered: the screen's keys and the
// global keys from the live keymap (so overrides and read-only mode show as they are), then
// the palette. Groups are laid out as columns that wrap onto more rows when the terminal is
// narrow, so nothing is cut off.
func (m *Model) helpLines() []string {
	w, _ := m.bodySize()
	var groups [][]key.Binding
	if s := m.top(); s != nil {
		groups = append(groups, s.KeyMap().FullHelp()...)
	}
	g := m.keys.Global
	groups = append(groups,
		[]key.Binding{g.Users, g.Groups, g.Roles, g.Policies, g.Keys, g.Providers, g.NextTab, g.PrevTab},
		[]key.Binding{g.Palette, g.Log, g.Error, g.Help, g.Back, g.Quit, g.ForceQuit},
	)
	var blocks [][]helpEntry
	for _, grp := range groups {
		blocks = append(blocks, m.helpBlock(grp))
	}
	if len(m.opts.Commands) > 0 && !m.starting {
		blocks = append(blocks, m.paletteHelp(w))
	}
	filter := strings.ToLower(m.help.filter)
	out := []string{""} // under the title
	var row []string
	rowW := 0
	flush := func() {
		if len(row) > 0 {
			out = append(out, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, row...), "\n")...)
			out = append(out, "")
		}
		row, rowW = nil, 0
	}
	for _, entries := range blocks {
		var lines []string
		for _, e := range entries {
			if strings.Contains(strings.ToLower(e.text), filter) {
				lines = append(lines, e.lines...)
			}
		}
		if len(lines) == 0 {
			continue
		}
		b := strings.Join(lines, "\n")
		bw := lipgloss.Width(b) + 3
		if rowW+bw > w && len(row) > 0 {
			flush()
		}
		row = append(row, lipgloss.NewStyle().PaddingRight(3).Render(b))
		rowW += bw
	}
	flush()
	out = out[:len(out)-1] // no blank line after the last row: it would only scroll into view
	if len(out) == 0 && filter != "" {
		out = append(out, m.th.Dim.Render(components.Truncate("  Nothing in help matches "+`"`+safetext.Line(m.help.filter)+`"`+" (esc clears it).", w)))
	}
	return out
}

// helpBlock is one group of bindings as aligned "key  description" entries, leaving out
// disabled bindings.
func (m *Model) helpBlock(bs []key.Binding) []helpEntry {
	kw := 0
	for _, b := range bs {
		if b.Enabled() {
			kw = max(kw, components.Width(b.Help().Key))
		}
	}
	var out []helpEntry
	for _, b := range bs {
		if !b.Enabled() {
			continue
		}
		k, d := b.Help().Key, b.Help().Desc
		out = append(out, helpEntry{text: k + " " + d,
			lines: []string{m.th.HelpKey.Render(components.Fit(k, kw)) + "  " + m.th.HelpDesc.Render(d)}})
	}
	return out
}

// paletteHelp is the palette's commands: names in a column as wide as the longest
// (":providers :idp" ran into its description), each description wrapped under itself where
// the width is short.
func (m *Model) paletteHelp(w int) []helpEntry {
	names := make([]string, len(m.opts.Commands))
	nw := 0
	for i, c := range m.opts.Commands {
		names[i] = ":" + c.Name
		for _, a := range c.Aliases {
			names[i] += " :" + a
		}
		nw = max(nw, components.Width(names[i]))
	}
	out := make([]helpEntry, len(m.opts.Commands))
	for i, c := range m.opts.Commands {
		e := helpEntry{text: names[i] + " " + c.Help}
		for j, l := range components.Wrap(c.Help, max(10, w-nw-2)) {
			name := ""
			if j == 0 {
				name = names[i]
			}
			e.lines = append(e.lines, m.th.HelpKey.Render(components.Fit(name, nw))+"  "+m.th.HelpDesc.Render(l))
		}
		out[i] = e
	}
	return out
}

// helpHints is the last line in help: how to scroll (when it does), filter and close it.
func (m *Model) helpHints() string {
	if m.help.typing {
		return m.helpModel().ShortHelpView([]key.Binding{m.keys.Filter.Accept, m.keys.Filter.Clear})
	}
	n := m.keys.Nav
	var bs []key.Binding
	if pos := m.helpPosition(); pos != "" {
		bs = append(bs, as(n.Down.Help().Key+" "+n.Up.Help().Key, "scroll", n.Down, n.Up),
			as(n.PageDown.Help().Key+" "+n.PageUp.Help().Key, "page", n.PageDown, n.PageUp))
	}
	bs = append(bs, as(m.keys.List.Filter.Help().Key, "filter", m.keys.List.Filter))
	if m.help.filter != "" {
		bs = append(bs, as(m.keys.Global.Back.Help().Key, "clear filter", m.keys.Global.Back))
	}
	out := m.helpModel().ShortHelpView(bs) + m.th.Dim.Render(" · other keys close")
	if pos := m.helpPosition(); pos != "" {
		out = m.th.Dim.Render(pos+" · ") + out
	}
	return components.Truncate(out, m.w)
}

// as is the bindings bs under one help text ("↓/j ↑/k scroll").
func as(k, desc string, bs ...key.Binding) key.Binding {
	var keys []string
	for _, b := range bs {
		keys = append(keys, b.Keys()...)
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
}
