package lists

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/kit"
)

type logEntryMsg struct {
	e  ramclient.CallEntry
	ok bool
}

func entryID(e ramclient.CallEntry) string { return strconv.FormatUint(e.Seq, 10) }

// NewLog is the API call log (L, :log): every call ramclient made, newest first, live.
func NewLog(d *kit.Deps) screen.Screen {
	bySeq := func(a, b ramclient.CallEntry) bool { return a.Seq < b.Seq }
	failed := func(e ramclient.CallEntry) (lipgloss.Style, bool) { return d.Theme.Error, !e.OK() }
	t := components.NewTable(d.Theme, d.Keys, entryID,
		components.Column[ramclient.CallEntry]{Title: "TIME", Min: 8, Max: 8, Less: bySeq,
			Cell: func(e ramclient.CallEntry) string { return e.Time.Local().Format("15:04:05") }},
		kit.Col("ACTION", 12, 26, func(e ramclient.CallEntry) string { return e.Action }),
		kit.Col("TARGET", 10, 30, func(e ramclient.CallEntry) string { return e.Target }),
		components.Column[ramclient.CallEntry]{Title: "TOOK", Min: 6, Max: 7, Right: true,
			Cell: callMillis,
			Less: func(a, b ramclient.CallEntry) bool { return a.Duration < b.Duration }},
		components.Column[ramclient.CallEntry]{Title: "OUTCOME", Min: 8, Max: 28, Style: failed, Cell: func(e ramclient.CallEntry) string {
			if e.Refused() {
				return e.Outcome + " (not sent)"
			}
			if e.Attempts > 1 {
				return e.Outcome + " (" + strconv.Itoa(e.Attempts) + " tries)"
			}
			return e.Outcome
		}},
		components.Column[ramclient.CallEntry]{Title: "REQUEST ID", Min: 10, Cell: func(e ramclient.CallEntry) string { return e.RequestID }},
	)
	t.SetEmptyText("No API calls yet.")
	t.SetSort(0, true) // newest first
	log := d.Client().Log()
	s := &logScreen{List: kit.NewList[ramclient.CallEntry](d, "API log", t, nil)}
	s.ch, s.unsub = log.Subscribe(256)
	s.CopyRow = func(e ramclient.CallEntry) (string, string) { return e.RequestID, "RequestId of " + e.Action }
	s.Open = func(e ramclient.CallEntry) screen.Screen { return details.NewCall(d, e) }
	s.Refresh = func() tea.Cmd {
		t.Upsert(log.Entries()...) // catch up on entries a slow reader missed
		return nil
	}
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(logEntryMsg); ok && m.ok {
			t.Upsert(m.e)
			return s.wait()
		}
		return nil
	}
	t.Upsert(log.Entries()...)
	return s
}

// logScreen is the list plus its subscription to the call log.
type logScreen struct {
	*kit.List[ramclient.CallEntry]
	ch    <-chan ramclient.CallEntry
	unsub func()
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
	s.List.Close()
}

func (s *logScreen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	_, cmd := s.List.Update(msg)
	return s, cmd
}

// callMillis is a call's duration as the log shows it, in whole milliseconds ("16ms", not
// "16.146935ms").
func callMillis(e ramclient.CallEntry) string {
	return strconv.FormatInt(e.Duration.Milliseconds(), 10) + "ms"
}
