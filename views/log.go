package views

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
)

// logScreen is the API call log (L, :log): every call ramclient made, newest first, live.
type logScreen struct {
	*listScreen[ramclient.CallEntry]
	ch    <-chan ramclient.CallEntry
	unsub func()
}

type logEntryMsg struct {
	e  ramclient.CallEntry
	ok bool
}

func entryID(e ramclient.CallEntry) string { return strconv.FormatUint(e.Seq, 10) }

// NewLog is the API call log screen.
func NewLog(d *Deps) screen.Screen {
	bySeq := func(a, b ramclient.CallEntry) bool { return a.Seq < b.Seq }
	failed := func(e ramclient.CallEntry) (lipgloss.Style, bool) { return d.Theme.Error, !e.OK() }
	t := components.NewTable(d.Theme, d.Keys, entryID,
		components.Column[ramclient.CallEntry]{Title: "TIME", Min: 8, Max: 8, Less: bySeq,
			Cell: func(e ramclient.CallEntry) string { return e.Time.Local().Format("15:04:05") }},
		components.Column[ramclient.CallEntry]{Title: "ACTION", Min: 12, Max: 26, Cell: func(e ramclient.CallEntry) string { return e.Action }},
		components.Column[ramclient.CallEntry]{Title: "TARGET", Min: 10, Max: 30, Cell: func(e ramclient.CallEntry) string { return e.Target }},
		components.Column[ramclient.CallEntry]{Title: "TOOK", Min: 6, Max: 7, Right: true,
			Cell: func(e ramclient.CallEntry) string { return strconv.FormatInt(e.Duration.Milliseconds(), 10) + "ms" },
			Less: func(a, b ramclient.CallEntry) bool { return a.Duration < b.Duration }},
		components.Column[ramclient.CallEntry]{Title: "OUTCOME", Min: 8, Max: 28, Style: failed, Cell: func(e ramclient.CallEntry) string {
			if e.Attempts > 1 {
				return e.Outcome + " (" + strconv.Itoa(e.Attempts) + " tries)"
			}
			return e.Outcome
		}},
		components.Column[ramclient.CallEntry]{Title: "REQUEST ID", Min: 10, Cell: func(e ramclient.CallEntry) string { return e.RequestID }},
	)
	t.SetEmptyText("No API calls yet.")
	t.SetSort(0, true) // newest first
	log := d.Client.Log()
	s := &logScreen{listScreen: newList[ramclient.CallEntry](d, "API log", t, nil)}
	s.ch, s.unsub = log.Subscribe(256)
	s.copy = func(e ramclient.CallEntry) (string, string) { return e.RequestID, "RequestId of " + e.Action }
	t.Upsert(log.Entries()...)
	return s
}

func (s *logScreen) Init() tea.Cmd { return s.wait() }

// wait takes the next entry off the subscription; it is not a call, so it is not counted.
func (s *logScreen) wait() tea.Cmd {
	ch, id := s.ch, s.ID()
	return func() tea.Msg {
		e, ok := <-ch
		return screen.Result{To: id, Msg: logEntryMsg{e: e, ok: ok}}
	}
}

func (s *logScreen) Close() {
	s.unsub()
	s.listScreen.Close()
}

func (s *logScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case logEntryMsg:
		if !msg.ok {
			return s, nil
		}
		s.table.Upsert(msg.e)
		return s, s.wait()
	case tea.KeyMsg:
		if keyIs(msg, s.D.Keys.List.Refresh) {
			s.table.Upsert(s.D.Client.Log().Entries()...) // catch up on entries a slow reader missed
			return s, nil
		}
	}
	_, cmd := s.listScreen.Update(msg)
	return s, cmd
}
