// Package audit is the :audit screen: the account's score and findings, most severe first,
// filterable; enter shows a finding's why and fix; f applies the fix (a confirmed plan through
// ramclient) or goes to the screen where it is made; i ignores a finding with a reason (kept in
// the config dir) and I shows the ignored ones. It reads the account through the audit engine,
// so it agrees with `ramtui audit`.
package audit

import (
	"context"
	"fmt"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	engine "github.com/ramtui/ramtui/audit"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/kit"
)

// Row is one finding in the list; Ignore is set when an ignore sets it aside.
type Row struct {
	engine.Finding
	Ignore *engine.Ignore
}

// ID tells findings apart: the check and the entity.
func (r Row) ID() string { return r.Check + " " + r.Entity() }

// Screen is the findings list.
type Screen struct {
	*kit.List[Row]
	c    *ramclient.Client
	path string // the ignore list's file ("" keeps nothing: tests, --demo without a dir)

	mu          sync.Mutex // report and ignores are written off the event loop by the fetch
	report      engine.Report
	all         []engine.Finding // every finding of the last run, ignored ones included
	ignores     engine.Ignores
	loaded      bool
	showIgnored bool
}

// ignoredMsg reports that the ignore list changed (and was saved, or not).
type ignoredMsg struct {
	text string
	err  error
}

// New is the :audit screen.
func New(d *kit.Deps) screen.Screen {
	s := &Screen{c: d.Client(), path: engine.IgnorePath(d.Switch.Dirs.Config)}
	t := components.NewTable(d.Theme, d.Keys, Row.ID,
		kit.Warn(d, kit.Col("SEVERITY", 8, 8, func(r Row) string {
			if r.Ignore != nil {
				return "ignored"
			}
			return r.Severity.String()
		}), func(r Row) bool { return r.Ignore == nil && r.Severity >= engine.High }),
		kit.Col("CHECK", 12, 24, func(r Row) string { return r.Check }),
		kit.Col("ENTITY", 14, 36, entityCell),
		kit.Col("WHY", 20, 0, func(r Row) string {
			if r.Ignore != nil {
				return "ignored: " + r.Ignore.Reason
			}
			return r.Why
		}),
	)
	t.SetEmptyText("No findings: nothing risky was found.")
	s.List = kit.NewList(d, "Audit", t, s.fetch)
	s.Open = func(r Row) screen.Screen { return newFinding(d, s, r) }
	s.CopyRow = func(r Row) (string, string) { return r.Entity() + ": " + r.Why, "finding" }
	s.Actions = append(fixActions(d, s, s.Table.Current, nil),
		kit.Action{Key: d.Keys.Audit.Ignore, Help: "ignore (reason)", When: func() bool { return s.current(false) }, Do: s.ignore},
		kit.Action{Key: d.Keys.Audit.Ignore, Help: "stop ignoring", When: func() bool { return s.current(true) }, Do: s.unignore},
		kit.Action{Key: d.Keys.Audit.ShowIgnored, Help: "show/hide ignored", Do: func() tea.Cmd {
			s.showIgnored = !s.showIgnored
			s.refill()
			return nil
		}},
	)
	s.OnMsg = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(ignoredMsg); ok {
			if m.err != nil {
				return screen.FlashError(kit.ErrLine(m.err))
			}
			s.refill()
			return screen.Flash(m.text)
		}
		return nil
	}
	return s
}

// Update lets the list work and stays the screen (the list returns itself).
func (s *Screen) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	_, cmd := s.List.Update(msg)
	return s, cmd
}

// Title has the score and the counts by severity.
func (s *Screen) Title() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.loaded {
		return "Audit (reading the account…)"
	}
	count := map[engine.Severity]int{}
	for _, f := range s.report.Findings {
		count[f.Severity]++
	}
	var parts []string
	for sev := engine.Critical; sev >= engine.Low; sev-- {
		if count[sev] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[sev], sev))
		}
	}
	// Short enough to be read whole at 80 columns (the breadcrumbs cut a longer one).
	t := fmt.Sprintf("Audit %d/100", s.report.Score)
	if len(parts) > 0 {
		t += ": " + strings.Join(parts, ", ")
	}
	if n := len(s.report.Ignored); n > 0 {
		t += fmt.Sprintf(", %d ignored", n)
	}
	return t
}

// ShortTitle is the score alone, for a breadcrumb with no room for the counts: at 80 columns
// beside the tabs the whole title read "Audit 18/10…dium, 9 low". The list shows the counts.
func (s *Screen) ShortTitle() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.loaded {
		return "Audit (reading…)"
	}
	return fmt.Sprintf("Audit %d/100", s.report.Score)
}

// fetch reads the account and runs the checks: one "page" with every finding.
func (s *Screen) fetch(ctx context.Context, _ string) (ramclient.Page[Row], error) {
	ignores, err := engine.LoadIgnores(s.path)
	if err != nil {
		return ramclient.Page[Row]{}, err
	}
	snap, err := engine.Load(ctx, s.c)
	if err != nil {
		return ramclient.Page[Row]{}, err
	}
	r := engine.Check(snap, s.D.CurrentTime())
	s.mu.Lock()
	s.all, s.ignores, s.loaded = r.Findings, ignores, true
	s.report = r
	s.report.Apply(ignores)
	rows := s.rowsLocked()
	s.mu.Unlock()
	return ramclient.Page[Row]{Items: rows}, nil
}

// rowsLocked are the rows to show: the findings left, then the ignored ones when shown.
func (s *Screen) rowsLocked() []Row {
	rows := make([]Row, 0, len(s.report.Findings)+len(s.report.Ignored))
	for _, f := range s.report.Findings {
		rows = append(rows, Row{Finding: f})
	}
	if s.showIgnored {
		for _, f := range s.report.Ignored {
			ig := f.Ignore
			rows = append(rows, Row{Finding: f.Finding, Ignore: &ig})
		}
	}
	return rows
}

// refill re-applies the ignore list to the last run and shows the rows again (no new calls).
func (s *Screen) refill() {
	s.mu.Lock()
	s.report.Findings = s.all
	s.report.Apply(s.ignores)
	rows := s.rowsLocked()
	s.mu.Unlock()
	s.Table.BeginRefresh()
	s.Table.Upsert(rows...)
	s.Table.EndRefresh()
}

func (s *Screen) current(ignored bool) bool {
	r, ok := s.Table.Current()
	return ok && (r.Ignore != nil) == ignored
}

// ignore asks for the reason, then saves the ignore.
func (s *Screen) ignore() tea.Cmd {
	r, ok := s.Table.Current()
	if !ok {
		return nil
	}
	id := s.ID()
	return screen.Cmd(screen.InputMsg{Prompt: "Why is this finding accepted? ", OnSubmit: func(reason string) tea.Cmd {
		s.mu.Lock()
		ig, err := engine.NewIgnore(s.report.AccountID, r.Finding, reason, s.D.CurrentTime())
		s.mu.Unlock()
		if err != nil {
			return screen.FlashError(err.Error())
		}
		return s.save(id, func(l *engine.Ignores) { l.Add(ig) }, "Ignored "+r.Entity()+" ("+r.Check+").")
	}})
}

func (s *Screen) unignore() tea.Cmd {
	r, ok := s.Table.Current()
	if !ok {
		return nil
	}
	s.mu.Lock()
	account := s.report.AccountID
	s.mu.Unlock()
	return s.save(s.ID(), func(l *engine.Ignores) { l.Remove(account, r.Finding) }, "No longer ignoring "+r.Entity()+" ("+r.Check+").")
}

// save changes the ignore list (read again first, so another ramtui's ignores are kept) and
// writes it; the answer comes back as ignoredMsg.
func (s *Screen) save(id screen.ID, change func(*engine.Ignores), done string) tea.Cmd {
	return screen.Call(id, func() tea.Msg {
		l, err := engine.LoadIgnores(s.path)
		if err != nil {
			return ignoredMsg{err: err}
		}
		change(&l)
		if err := engine.SaveIgnores(s.path, l); err != nil {
			return ignoredMsg{err: err}
		}
		s.mu.Lock()
		s.ignores = l
		s.mu.Unlock()
		if s.path == "" {
			done += " Not kept after this session: no config directory."
		}
		return ignoredMsg{text: done}
	})
}

// fixActions are f on a finding: apply its plan after a confirmation naming every call, or
// open the screen where it is made. The plan's outcome goes to the list (which flashes it and
// reads the account again); pop is run first when asked from a finding's screen.
func fixActions(d *kit.Deps, list *Screen, cur func() (Row, bool), pop tea.Cmd) kit.Actions {
	hasSteps := func() bool { r, ok := cur(); return ok && r.Ignore == nil && len(r.Fix.Steps) > 0 }
	hasScreen := func() bool { r, ok := cur(); return ok && len(r.Fix.Steps) == 0 && canOpen(r.Fix.Screen) }
	return kit.Actions{
		{Key: d.Keys.Audit.Fix, Help: "apply fix", Mutating: true, When: hasSteps, Do: func() tea.Cmd {
			r, _ := cur()
			steps := make([]string, len(r.Fix.Steps))
			for i, st := range r.Fix.Steps {
				steps[i] = st.String()
			}
			c, ctx, fix, of := list.c, list.Ctx, r.Fix, changedBy(r.Finding)
			run := screen.Call(list.ID(), func() tea.Msg {
				if done, err := engine.Apply(ctx, c, fix); err != nil {
					return kit.MutatedMsg{Done: "Fix steps done", OK: done, Failed: 1, FirstErr: err, Of: of}
				}
				return kit.MutatedMsg{Summary: "Fixed " + r.Entity() + " (" + r.Check + ")", OK: 1, Of: of}
			})
			return screen.Cmd(screen.ConfirmMsg{Question: "Fix " + r.Entity() + ": " + r.Fix.Summary + "?",
				Details: steps, OnYes: tea.Batch(pop, run)})
		}},
		{Key: d.Keys.Audit.Fix, Help: "go to fix", When: hasScreen, Do: func() tea.Cmd {
			r, _ := cur()
			return openFix(d, r.Fix.Screen)
		}},
	}
}

// entityCell is the ENTITY column: a key's user first ("user legacy-app, key LTAI…"), since
// the column cuts the end and "accesskey LTAI… of user legacy-app" lost whose key it was at
// 120 columns. The finding's screen and the copied row say Entity() whole.
func entityCell(r Row) string {
	if r.Kind == "accesskey" && r.User != "" {
		return "user " + r.User + ", key " + r.Name
	}
	return r.Entity()
}

// changedBy is the entity a finding's fix changes, as the other screens know it (a key's
// user: its row in the Users list, its keys in the AccessKeys list); nil for the account's
// settings, announced unnamed.
func changedBy(f engine.Finding) []kit.Entity {
	switch f.Kind {
	case "user", "role", "policy":
		return []kit.Entity{{Kind: f.Kind, Name: f.Name}}
	case "accesskey":
		return []kit.Entity{{Kind: "user", Name: f.User}}
	}
	return nil
}

// canOpen reports whether openFix has a screen for where.
func canOpen(where string) bool {
	kind, name, _ := strings.Cut(where, " ")
	return kind == "users" || name != "" && (kind == "user" || kind == "keys" || kind == "role" || kind == "policy")
}

// openFix opens the screen a fix names ("user li.na", "role prod-admin", "policy p",
// "keys u", "users"); nil when there is none to open.
func openFix(d *kit.Deps, where string) tea.Cmd {
	kind, name, _ := strings.Cut(where, " ")
	switch {
	case (kind == "user" || kind == "keys") && name != "":
		return screen.Push(details.NewUser(d, name))
	case kind == "role" && name != "":
		return screen.Push(details.NewRole(d, name))
	case kind == "policy" && name != "":
		return screen.Push(details.NewPolicy(d, name, ramclient.PolicyCustom))
	case kind == "users":
		return screen.Cmd(screen.SwitchTabMsg{Index: 0})
	}
	return nil
}
