package kit

import (
	"context"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
)

// Detail is the one detail screen: it shows one entity as a block of fields, then named
// sections (related entities in typed tables, documents in pagers) switched with ←/→. It owns
// the loading: one typed fetch, stale answers dropped, the error shown in place and flashed,
// r to reload, and a reload after every confirmed change. A concrete screen (user, group,
// role, policy) gives the fetch, Show (fields from the fetched value, rows into its sections)
// and its Actions; it keeps typed pointers to its sections, so nothing is addressed by index
// or read back from a display cell.
type Detail[T any] struct {
	Base
	Kind, Name string
	// Show fills the sections from a fetched value and returns the fields to show.
	Show func(T) []Field
	// Actions are the screen's own keys; the base adds open, sections, refresh and copy.
	Actions Actions
	// Copy is what c copies outside a table row (the name, the ARN, the document).
	Copy func() (text, what string)
	// OnMsg takes the screen's own messages (an editor's answer, a created key).
	OnMsg func(tea.Msg) tea.Cmd
	// After runs once a value is shown: a slower read for one section (a user's effective
	// permissions) starts here, so it never holds up the rest of the screen.
	After func(T) tea.Cmd

	fetch    func(ctx context.Context) (T, error)
	load     Loader[T]
	loaded   bool
	fields   []Field
	sections []section
	active   int
	errText  string
}

// Field is a labelled value in a detail screen's field block; Value may come from the API.
type Field struct{ Label, Value string }

// section is what the detail base needs of a section: TableSection and TextSection.
type section interface {
	title() string
	count() (int, bool) // rows, when it has them and they have loaded
	setSize(w, h int)
	view() string
	handleKey(tea.KeyMsg) bool
	open() tea.Cmd                      // enter on the current row; nil: nothing to open
	opens() (help string, ok bool)      // whether enter does something here, and what (help)
	copy() (text, what string, ok bool) // c on the current row
	failed()                            // the load failed: tables say so instead of "loading"
}

// NewDetail is the detail screen of entity kind/name loaded by fetch.
func NewDetail[T any](d *Deps, kind, name string, fetch func(ctx context.Context) (T, error)) *Detail[T] {
	return &Detail[T]{Base: NewBase(d), Kind: kind, Name: name, fetch: fetch,
		Copy: func() (string, string) { return name, kind + " name " + name }}
}

// Loaded reports whether the entity has been shown (actions on it can run).
func (s *Detail[T]) Loaded() bool { return s.loaded }

// Showing reports whether sec is the section on screen.
func (s *Detail[T]) Showing(sec any) bool {
	return len(s.sections) > 0 && any(s.sections[s.active]) == sec
}

func (s *Detail[T]) add(sec section) {
	s.sections = append(s.sections, sec)
	s.layout()
}

// Reload fetches the entity again (r, after a change, or when asked with ReloadMsg).
func (s *Detail[T]) Reload() tea.Cmd { return s.load.Start(&s.Base, s.fetch) }

func (s *Detail[T]) Init() tea.Cmd { return s.Reload() }
func (s *Detail[T]) Title() string { return s.Kind + " " + s.Name }

func (s *Detail[T]) SetSize(w, h int) {
	s.W, s.H = w, h
	s.layout()
}

func (s *Detail[T]) fieldLines() int {
	if len(s.fields) == 0 {
		return 1 // "loading…" or the error
	}
	return strings.Count(s.fieldsView(), "\n") + 1
}

// layout gives every section the space under the fields and the section bar.
func (s *Detail[T]) layout() {
	h := max(3, s.H-s.fieldLines()-2)
	for _, sec := range s.sections {
		sec.setSize(s.W, h)
	}
}

func (s *Detail[T]) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	if m, ok := s.load.Accept(msg); ok {
		return s, s.loadedMsg(m)
	}
	switch m := msg.(type) {
	case Loaded[T]:
		return s, nil // an earlier load: stale
	case MutatedMsg:
		return s, tea.Batch(AfterMutation(m, s.Reload()), Changed(&s.Base, m, s.Kind, s.Name))
	case ReloadMsg:
		return s, s.Reload()
	case screen.ChangedMsg:
		// Another screen changed the account. What it changed may show here (an attachment,
		// a membership, a default version), except a change to another entity of this kind.
		if s.loaded && !(m.Kind == s.Kind && m.Name != s.Name) {
			return s, s.Reload()
		}
		return s, nil
	case tea.KeyMsg:
		return s, s.key(m)
	}
	if s.OnMsg != nil {
		return s, s.OnMsg(msg)
	}
	return s, nil
}

func (s *Detail[T]) loadedMsg(m Loaded[T]) tea.Cmd {
	if m.Err != nil {
		if Canceled(m.Err) {
			return nil
		}
		s.errText = ErrLine(m.Err)
		for _, sec := range s.sections {
			sec.failed()
		}
		return screen.FlashError(s.errText)
	}
	s.errText = ""
	s.loaded = true
	s.fields = s.Show(m.Val)
	s.layout()
	if s.After != nil {
		return s.After(m.Val)
	}
	return nil
}

// actions are the base's keys, then the screen's. enter and c act on the section's current
// row when it has one, on the entity otherwise.
func (s *Detail[T]) actions() Actions {
	k := s.D.Keys.Detail
	cur := func() section {
		if len(s.sections) == 0 {
			return nil
		}
		return s.sections[s.active]
	}
	move := func(by int) func() tea.Cmd {
		return func() tea.Cmd {
			s.active = (s.active + by + len(s.sections)) % len(s.sections)
			return nil
		}
	}
	has := func() bool { return len(s.sections) > 0 }
	// enter is listed only where it does something, saying what ("enter open" on a document
	// or on a section whose rows open nothing read as a dead key).
	openHelp, opens := "", false
	if sec := cur(); sec != nil {
		openHelp, opens = sec.opens()
	}
	base := Actions{
		{Key: k.Open, Help: openHelp, When: func() bool { return opens }, Do: func() tea.Cmd {
			if sec := cur(); sec != nil {
				return sec.open()
			}
			return nil
		}},
		{Key: k.NextSection, When: has, Do: move(1)},
		{Key: k.PrevSection, FullOnly: true, When: has, Do: move(-1)},
		{Key: k.Refresh, Do: s.Reload},
		{Key: k.Copy, Do: func() tea.Cmd {
			if sec := cur(); sec != nil {
				if text, what, ok := sec.copy(); ok {
					return screen.Copy(text, what)
				}
			}
			text, what := s.Copy()
			return screen.Copy(text, what)
		}},
	}
	return append(base, s.Actions...)
}

func (s *Detail[T]) key(msg tea.KeyMsg) tea.Cmd {
	as := s.actions()
	// Movement inside the section comes before the actions: j/k/g/G/pgup/pgdn and marks.
	if len(s.sections) > 0 && s.sections[s.active].handleKey(msg) {
		return nil
	}
	cmd, _ := as.Handle(msg, s.D.ReadOnly())
	return cmd
}

func (s *Detail[T]) KeyMap() help.KeyMap {
	n := s.D.Keys.Nav
	return s.actions().Help(s.D.ReadOnly(), n.Up, n.Down, n.Top, n.Bottom, n.PageUp, n.PageDown)
}

func (s *Detail[T]) View() string {
	th := s.D.Theme
	var b strings.Builder
	switch {
	case s.errText != "" && len(s.fields) == 0:
		b.WriteString(th.Error.Render(components.Truncate(safetext.Line(s.errText), s.W)))
	case len(s.fields) == 0:
		b.WriteString(th.Dim.Render("loading…"))
	default:
		b.WriteString(s.fieldsView())
	}
	if len(s.sections) > 0 { // a detail without sections (an API call) has no section bar
		b.WriteString("\n\n" + s.sectionBar())
		b.WriteString("\n" + s.sections[s.active].view())
	}
	return b.String()
}

// fieldsView lays the fields out in one column, or two from 100 cells on. Values came from
// the API: they are made safe to draw here, for every detail screen. A value too long for its
// place (a description, a comment) wraps under itself instead of being cut, up to
// maxFieldLines lines.
func (s *Detail[T]) fieldsView() string {
	th := s.D.Theme
	labelW := 0
	for _, f := range s.fields {
		labelW = max(labelW, components.Width(f.Label))
	}
	value := func(f Field) string { return safetext.Line(f.Value) }
	render := func(f Field, w int) []string {
		vw := max(1, w-labelW-2)
		wrapped := components.Wrap(value(f), vw)
		if len(wrapped) > maxFieldLines {
			wrapped = wrapped[:maxFieldLines]
			wrapped[maxFieldLines-1] = components.Truncate(wrapped[maxFieldLines-1]+" "+components.Ellipsis, vw)
		}
		lines := make([]string, len(wrapped))
		for i, v := range wrapped {
			label := strings.Repeat(" ", labelW)
			if i == 0 {
				label = th.Label.Render(components.Fit(f.Label, labelW))
			}
			lines[i] = label + "  " + components.Fit(v, vw)
		}
		return lines
	}
	var lines []string
	if s.W >= 100 {
		// Two columns; the left one as wide as its content needs (ARNs), within reason.
		n := (len(s.fields) + 1) / 2
		leftW := 0
		for _, f := range s.fields[:n] {
			leftW = max(leftW, labelW+2+components.Width(value(f)))
		}
		leftW = min(max(leftW, s.W/2-2), s.W*2/3)
		for i := 0; i < n; i++ {
			left := render(s.fields[i], leftW)
			var right []string
			if j := i + n; j < len(s.fields) {
				right = render(s.fields[j], s.W-leftW-2)
			}
			for k := 0; k < max(len(left), len(right)); k++ {
				line := strings.Repeat(" ", leftW)
				if k < len(left) {
					line = left[k]
				}
				if k < len(right) {
					line += "  " + right[k]
				}
				lines = append(lines, line)
			}
		}
	} else {
		for _, f := range s.fields {
			lines = append(lines, render(f, s.W)...)
		}
	}
	return strings.Join(lines, "\n")
}

// maxFieldLines bounds a wrapped field (a 1,024-character description at 80 columns would take
// the screen from the sections); the last line ends with an ellipsis.
const maxFieldLines = 6

func (s *Detail[T]) sectionBar() string {
	th := s.D.Theme
	var parts []string
	for i, sec := range s.sections {
		label := sec.title()
		if n, ok := sec.count(); ok {
			label += " (" + strconv.Itoa(n) + ")"
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

// F is a field.
func F(label, value string) Field { return Field{Label: label, Value: value} }

// Shows is Showing as an Action's When: the action applies while sec is on screen.
func (s *Detail[T]) Shows(sec any) func() bool { return func() bool { return s.Showing(sec) } }
