package views

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// A detail screen shows one entity: a block of fields, then sections (related entities in
// tables, documents in pagers) switched with ←/→. enter opens the related entity under the
// cursor. The concrete screens (user, group, role, policy) only load and fill.

type field struct{ label, value string }

// link is a row in a detail section: a related entity that enter opens.
type link struct {
	kind  string // "user", "group", "role", "policy", "version", "key"
	name  string
	ptype ramclient.PolicyType
	doc   string // a policy version's document
	cells []string
	warn  bool
}

func linkID(l link) string { return l.kind + ":" + string(l.ptype) + ":" + l.name }

type section struct {
	name  string
	table *components.Table[link]
	pager *components.Pager
	count int // rows, for the section bar; -1 = not applicable
}

// col describes a section table column: title, min and max width.
type col struct {
	title    string
	min, max int
}

func linkTable(d *Deps, empty string, cols ...col) *components.Table[link] {
	var cs []components.Column[link]
	for i, c := range cols {
		i := i
		cs = append(cs, components.Column[link]{Title: c.title, Min: c.min, Max: c.max, Flex: c.max == 0,
			Cell: func(l link) string {
				if i < len(l.cells) {
					return l.cells[i]
				}
				return ""
			},
			Style: func(l link) (lipgloss.Style, bool) { return d.Theme.Warn, l.warn && i == len(cols)-1 },
		})
	}
	t := components.NewTable(d.Theme, d.Keys, linkID, cs...)
	t.SetEmptyText(empty)
	t.SetLoading(true)
	return t
}

// detail is the shared part of the detail screens.
type detail struct {
	kit.Base
	seq        int
	kind, name string
	fields     []field
	sections   []*section
	active     int
	loaded     bool
	errText    string
	copyText   func() (text, what string) // c outside a table row
	extraKeys  func(tea.KeyMsg) tea.Cmd
	extraHelp  []key.Binding
	helpFor    func(section int) []key.Binding // when set, the section's own keys (replaces extraHelp)
}

func newDetail(d *Deps, kind, name string) detail {
	return detail{Base: kit.NewBase(d), kind: kind, name: name}
}

func (s *detail) Title() string { return s.kind + " " + s.name }

func (s *detail) SetSize(w, h int) {
	s.W, s.H = w, h
	s.layout()
}

func (s *detail) fieldLines() int {
	if len(s.fields) == 0 {
		return 1 // "loading…" or the error
	}
	if s.W >= 100 {
		return (len(s.fields) + 1) / 2
	}
	return len(s.fields)
}

// layout gives every section the space under the fields and the section bar.
func (s *detail) layout() {
	h := max(3, s.H-s.fieldLines()-2)
	for _, sec := range s.sections {
		if sec.table != nil {
			sec.table.SetSize(s.W, h)
		}
		if sec.pager != nil {
			sec.pager.SetSize(s.W, h)
		}
	}
}

func (s *detail) setFields(f []field) {
	s.fields = f
	s.layout()
}

// fill puts rows into a section table and marks it loaded.
func (s *detail) fill(i int, rows []link) {
	sec := s.sections[i]
	sec.table.BeginRefresh()
	sec.table.Upsert(rows...)
	sec.table.EndRefresh()
	sec.count = len(rows)
}

func (s *detail) View() string {
	th := s.D.Theme
	var b strings.Builder
	switch {
	case s.errText != "" && len(s.fields) == 0:
		b.WriteString(th.Error.Render(components.Truncate(s.errText, s.W)))
	case len(s.fields) == 0:
		b.WriteString(th.Dim.Render("loading…"))
	default:
		b.WriteString(s.fieldsView())
	}
	b.WriteString("\n\n" + s.sectionBar())
	if len(s.sections) > 0 {
		sec := s.sections[s.active]
		b.WriteString("\n")
		if sec.table != nil {
			b.WriteString(sec.table.View())
		} else if sec.pager != nil {
			b.WriteString(sec.pager.View())
		}
	}
	return b.String()
}

func (s *detail) fieldsView() string {
	th := s.D.Theme
	labelW := 0
	for _, f := range s.fields {
		labelW = max(labelW, components.Width(f.label))
	}
	render := func(f field, w int) string {
		return th.Label.Render(components.Fit(f.label, labelW)) + "  " + components.Fit(f.value, max(1, w-labelW-2))
	}
	var lines []string
	if s.W >= 100 {
		// Two columns; the left one as wide as its content needs (ARNs), within reason.
		n := (len(s.fields) + 1) / 2
		leftW := 0
		for _, f := range s.fields[:n] {
			leftW = max(leftW, labelW+2+components.Width(f.value))
		}
		leftW = min(max(leftW, s.W/2-2), s.W*2/3)
		for i := 0; i < n; i++ {
			line := render(s.fields[i], leftW)
			if j := i + n; j < len(s.fields) {
				line += "  " + render(s.fields[j], s.W-leftW-2)
			}
			lines = append(lines, line)
		}
	} else {
		for _, f := range s.fields {
			lines = append(lines, render(f, s.W))
		}
	}
	return strings.Join(lines, "\n")
}

func (s *detail) sectionBar() string {
	th := s.D.Theme
	var parts []string
	for i, sec := range s.sections {
		label := sec.name
		if sec.count >= 0 && sec.table != nil && !sec.table.Loading() {
			label += " (" + strconv.Itoa(sec.count) + ")"
		}
		if i == s.active {
			parts = append(parts, th.TabActive.Render(label))
		} else {
			parts = append(parts, th.Tab.Render(label))
		}
	}
	hint := th.Dim.Render("  ←/→")
	return components.Truncate(strings.Join(parts, th.Dim.Render(" │ "))+hint, s.W)
}

// handleKey implements the keys every detail screen shares. load restarts the loading.
func (s *detail) handleKey(msg tea.KeyMsg, load func() tea.Cmd) tea.Cmd {
	k := s.D.Keys.Detail
	var sec *section
	if len(s.sections) > 0 {
		sec = s.sections[s.active]
	}
	switch {
	case key.Matches(msg, k.NextSection) && len(s.sections) > 0:
		s.active = (s.active + 1) % len(s.sections)
		return nil
	case key.Matches(msg, k.PrevSection) && len(s.sections) > 0:
		s.active = (s.active + len(s.sections) - 1) % len(s.sections)
		return nil
	case key.Matches(msg, k.Refresh):
		return load()
	case key.Matches(msg, k.Open):
		if sec != nil && sec.table != nil {
			if l, ok := sec.table.Current(); ok {
				return s.open(l)
			}
		}
		return nil
	case key.Matches(msg, k.Copy):
		if sec != nil && sec.table != nil {
			if l, ok := sec.table.Current(); ok && l.kind != "version" {
				return screen.Copy(l.name, l.kind+" name "+l.name)
			}
		}
		if s.copyText != nil {
			text, what := s.copyText()
			return screen.Copy(text, what)
		}
		return nil
	}
	if sec != nil {
		if sec.table != nil && sec.table.HandleKey(msg) {
			return nil
		}
		if sec.pager != nil && sec.pager.HandleKey(msg) {
			return nil
		}
	}
	if s.extraKeys != nil {
		return s.extraKeys(msg)
	}
	return nil
}

func (s *detail) open(l link) tea.Cmd {
	d := s.D
	switch l.kind {
	case "user":
		return screen.Push(NewUser(d, l.name))
	case "group":
		return screen.Push(NewGroup(d, l.name))
	case "role":
		return screen.Push(NewRole(d, l.name))
	case "policy":
		return screen.Push(NewPolicy(d, l.name, l.ptype))
	case "version":
		return screen.Push(NewJSON(d, s.name+" "+l.name, l.doc))
	}
	return nil
}

// loadFailed records a load error: shown in place when nothing loaded, flashed always.
func (s *detail) loadFailed(err error) tea.Cmd {
	if canceled(err) {
		return nil
	}
	s.errText = errLine(err)
	for _, sec := range s.sections {
		if sec.table != nil {
			sec.table.SetLoading(false)
			sec.table.SetEmptyText("Could not load.")
		}
	}
	return screen.FlashError(s.errText)
}

func (s *detail) KeyMap() help.KeyMap {
	n, k := s.D.Keys.Nav, s.D.Keys.Detail
	extra := s.extraHelp
	if s.helpFor != nil {
		extra = s.helpFor(s.active)
	}
	short := append([]key.Binding{k.Open, k.NextSection, k.Refresh, k.Copy}, extra...)
	return helpKeys{short: short, full: [][]key.Binding{
		{n.Up, n.Down, n.Top, n.Bottom, n.PageUp, n.PageDown},
		append([]key.Binding{k.Open, k.NextSection, k.PrevSection, k.Refresh, k.Copy}, extra...),
	}}
}

// policyLinks turns attached policies into section rows.
func policyLinks(ps []ramclient.Policy) []link {
	var out []link
	for _, p := range ps {
		out = append(out, link{kind: "policy", name: p.PolicyName, ptype: p.PolicyType,
			cells: []string{p.PolicyName, string(p.PolicyType), date(p.AttachDate), p.Description}})
	}
	return out
}

var policyCols = []col{{"POLICY", 16, 40}, {"TYPE", 6, 6}, {"ATTACHED", 10, 10}, {"DESCRIPTION", 10, 0}}
