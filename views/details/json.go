package details

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// jsonScreen shows one JSON document (a policy version), pretty-printed and highlighted.
type jsonScreen struct {
	kit.Base
	title   string
	pager   *components.Pager
	actions kit.Actions
}

// NewJSON is a screen showing doc.
func NewJSON(d *kit.Deps, title, doc string) screen.Screen {
	p := components.NewPager(d.Keys)
	p.SetJSON(d.Theme, doc)
	s := &jsonScreen{Base: kit.NewBase(d), title: title, pager: p}
	s.actions = kit.Actions{{Key: d.Keys.Detail.Copy, Help: "copy JSON", Do: func() tea.Cmd {
		return screen.Copy(doc, "document of "+title)
	}}}
	return s
}

func (s *jsonScreen) Init() tea.Cmd    { return nil }
func (s *jsonScreen) Title() string    { return s.title }
func (s *jsonScreen) View() string     { return s.pager.View() }
func (s *jsonScreen) SetSize(w, h int) { s.pager.SetSize(w, h) }

func (s *jsonScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && !s.pager.HandleKey(k) {
		cmd, _ := s.actions.Handle(k, s.D.ReadOnly())
		return s, cmd
	}
	return s, nil
}

func (s *jsonScreen) KeyMap() help.KeyMap {
	n := s.D.Keys.Nav
	return s.actions.Help(s.D.ReadOnly(), n.Up, n.Down, n.Top, n.Bottom, n.PageUp, n.PageDown)
}
