package views

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// jsonScreen shows one JSON document (a policy version), pretty-printed and highlighted.
type jsonScreen struct {
	kit.Base
	title, doc string
	pager      *components.Pager
}

// NewJSON is a screen showing doc.
func NewJSON(d *Deps, title, doc string) screen.Screen {
	p := components.NewPager(d.Keys)
	out, _ := components.HighlightJSON(d.Theme, doc)
	p.SetContent(out)
	return &jsonScreen{Base: kit.NewBase(d), title: title, doc: doc, pager: p}
}

func (s *jsonScreen) Init() tea.Cmd    { return nil }
func (s *jsonScreen) Title() string    { return s.title }
func (s *jsonScreen) View() string     { return s.pager.View() }
func (s *jsonScreen) SetSize(w, h int) { s.pager.SetSize(w, h) }

func (s *jsonScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if keyIs(k, s.D.Keys.Detail.Copy) {
			return s, screen.Copy(s.doc, "document of "+s.title)
		}
		s.pager.HandleKey(k)
	}
	return s, nil
}

func (s *jsonScreen) KeyMap() help.KeyMap {
	n := s.D.Keys.Nav
	c := withHelp(s.D.Keys.Detail.Copy, "copy JSON")
	return helpKeys{short: []key.Binding{n.Down, n.PageDown, c}, full: [][]key.Binding{{n.Up, n.Down, n.Top, n.Bottom, n.PageUp, n.PageDown, c}}}
}
