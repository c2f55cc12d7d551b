package details

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// newKeyScreen shows an AccessKey just created: the only time its secret exists outside RAM.
// The secret is masked until v reveals it; c copies it (native clipboard and OSC52). It is
// kept only in this screen and dropped when the screen closes; it is never logged.
type newKeyScreen struct {
	kit.Base
	key      ramclient.NewAccessKey
	revealed bool
	actions  kit.Actions
}

// NewKeyScreen shows a freshly created AccessKey.
func NewKeyScreen(d *kit.Deps, k ramclient.NewAccessKey) screen.Screen {
	s := &newKeyScreen{Base: kit.NewBase(d), key: k}
	dk := d.Keys.Detail
	s.actions = kit.Actions{
		{Key: dk.Reveal, Do: func() tea.Cmd { s.revealed = !s.revealed; return nil }},
		{Key: dk.Copy, Help: "copy secret", Do: func() tea.Cmd {
			return screen.Copy(s.key.Secret, "the secret of "+s.key.AccessKeyID)
		}},
	}
	return s
}

func (s *newKeyScreen) Init() tea.Cmd    { return nil }
func (s *newKeyScreen) Title() string    { return "new AccessKey of " + s.key.UserName }
func (s *newKeyScreen) SetSize(w, h int) { s.W, s.H = w, h }

// Close forgets the secret.
func (s *newKeyScreen) Close() {
	s.key.Secret = ""
	s.Base.Close()
}

func (s *newKeyScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	if m, ok := msg.(tea.KeyMsg); ok {
		cmd, _ := s.actions.Handle(m, s.D.ReadOnly())
		return s, cmd
	}
	return s, nil
}

func (s *newKeyScreen) View() string {
	th := s.D.Theme
	secret := "•••••••••••• (" + strconv.Itoa(len(s.key.Secret)) + " characters; v reveals)"
	if s.revealed {
		secret = s.key.Secret
	}
	lines := []string{
		th.Title.Render("New AccessKey for user " + s.key.UserName),
		"",
		th.Label.Render("AccessKeyId      ") + s.key.AccessKeyID,
		th.Label.Render("AccessKeySecret  ") + secret,
		th.Label.Render("Status           ") + s.key.Status,
		"",
		th.Warn.Render("Store the secret now: RAM never shows it again. c copies it; esc closes this screen and forgets it."),
	}
	for i, l := range lines {
		lines[i] = components.Truncate(l, s.W)
	}
	return strings.Join(lines, "\n")
}

func (s *newKeyScreen) KeyMap() help.KeyMap { return s.actions.Help(s.D.ReadOnly()) }
