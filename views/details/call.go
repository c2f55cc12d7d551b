package details

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// callScreen is one API call in full (enter on a row of the API log, E anywhere for the last
// failed one): what a footer flash or a log row cuts at the screen's width, wrapped instead.
// Everything shown comes from the call log, which never holds a secret.
type callScreen struct {
	kit.Base
	e       ramclient.CallEntry
	pager   *components.Pager
	actions kit.Actions
}

// NewCall is the screen of call e.
func NewCall(d *kit.Deps, e ramclient.CallEntry) screen.Screen {
	s := &callScreen{Base: kit.NewBase(d), e: e, pager: components.NewPager(d.Keys)}
	s.actions = kit.Actions{{Key: d.Keys.Detail.Copy, Help: "copy all", Do: func() tea.Cmd {
		return screen.Copy(CallText(e, 0), "call "+e.Action)
	}}}
	return s
}

// LastError is the screen of the last failed call of log, or a flash saying there is none.
func LastError(d *kit.Deps, log *ramclient.CallLog) tea.Cmd {
	es := log.Entries()
	for i := len(es) - 1; i >= 0; i-- {
		if !es[i].OK() {
			return screen.Push(NewCall(d, es[i]))
		}
	}
	return screen.Flash("No failed call so far: nothing to show.")
}

func (s *callScreen) Init() tea.Cmd { return nil }

func (s *callScreen) Title() string {
	if s.e.OK() {
		return "call " + s.e.Action + " #" + strconv.FormatUint(s.e.Seq, 10)
	}
	return "error " + s.e.Action + " #" + strconv.FormatUint(s.e.Seq, 10)
}

func (s *callScreen) View() string { return s.pager.View() }

func (s *callScreen) SetSize(w, h int) {
	s.W, s.H = w, h
	s.pager.SetText(CallText(s.e, w)) // wrapped to the width: nothing is cut
	s.pager.SetSize(w, h)
}

func (s *callScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && !s.pager.HandleKey(k) {
		cmd, _ := s.actions.Handle(k, s.D.ReadOnly())
		return s, cmd
	}
	return s, nil
}

func (s *callScreen) KeyMap() help.KeyMap {
	n := s.D.Keys.Nav
	return s.actions.Help(s.D.ReadOnly(), n.Up, n.Down, n.PageUp, n.PageDown)
}

// CallText is call e as text, each value wrapped to width w under its label (w <= 0: not
// wrapped, for copying). Values are made safe to draw before they are wrapped.
func CallText(e ramclient.CallEntry, w int) string {
	var b strings.Builder
	const labelW = 11
	field := func(label, value string) {
		if value == "" {
			return
		}
		indent := strings.Repeat(" ", labelW+1)
		for i, line := range wrapValue(safetext.Block(value), w-labelW-1) {
			if i == 0 {
				b.WriteString(components.Fit(label, labelW) + " " + line + "\n")
			} else {
				b.WriteString(indent + line + "\n")
			}
		}
	}
	switch {
	case e.Refused():
		b.WriteString(e.Action + " was refused before sending: nothing reached the service.\n\n")
	case e.OK():
		b.WriteString(e.Action + " succeeded.\n\n")
	default:
		b.WriteString(e.Action + " failed (" + e.Kind.String() + ").\n\n")
	}
	if !e.OK() && !e.Refused() {
		field("Code", e.Outcome)
	}
	field("Message", e.Message)
	field("Hint", e.Hint)
	field("Request ID", e.RequestID)
	field("Action", e.Action)
	field("Target", e.Target)
	field("Time", kit.DateTime(e.Time))
	took := strconv.FormatInt(e.Duration.Milliseconds(), 10) + "ms, " + kit.Plural(e.Attempts, "attempt", "attempts")
	if e.Refused() {
		took = "not sent"
	}
	field("Took", took)
	b.WriteString("\nParameters")
	if len(e.Params) == 0 {
		b.WriteString(": none recorded\n")
	} else {
		b.WriteString(" (secrets are never recorded)\n")
	}
	for _, p := range e.Params {
		v := p.Value
		if pretty, ok := prettyJSON(v); ok {
			v = pretty
		}
		field(p.Name, v)
	}
	return strings.TrimRight(b.String(), "\n")
}

// wrapValue splits a value into its lines, each wrapped to w cells (w <= 0: not wrapped).
func wrapValue(v string, w int) []string {
	var out []string
	for _, line := range strings.Split(v, "\n") {
		if w <= 0 {
			out = append(out, line)
			continue
		}
		out = append(out, components.Wrap(line, w)...)
	}
	return out
}

// prettyJSON indents a parameter that is a JSON object (a policy document).
func prettyJSON(v string) (string, bool) {
	t := strings.TrimSpace(v)
	if !strings.HasPrefix(t, "{") || !json.Valid([]byte(t)) {
		return "", false
	}
	return kit.PrettyJSON(t), true
}
