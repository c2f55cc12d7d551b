package bench

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/userdata"
	"github.com/ramtui/ramtui/views/kit"
	"github.com/ramtui/ramtui/views/lists"
	"github.com/ramtui/ramtui/views/switchrole"
)

// The screens' tasks run the real screen the way the program does: every command in its own
// goroutine (a tea.Batch's commands concurrently, a tea.Sequence's in order), the answers
// addressed to the screen delivered to its Update one at a time. The screen is 120 x 30.
const screenW, screenH = 120, 30

type loop struct {
	s     screen.Screen
	stack []screen.Screen // every screen shown, to close at the end
	msgs  chan tea.Msg    // screen.Result and screen.PushMsg, in the order they come
	stop  chan struct{}
	wg    sync.WaitGroup
}

func newLoop(s screen.Screen) *loop {
	s.SetSize(screenW, screenH)
	return &loop{s: s, stack: []screen.Screen{s}, msgs: make(chan tea.Msg), stop: make(chan struct{})}
}

func (l *loop) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	l.wg.Go(func() { l.dispatch(cmd()) })
}

// dispatch runs in a command's goroutine: it hands the event loop what it must see and reads
// nothing of the screens (the loop decides whom a Result is for).
func (l *loop) dispatch(msg tea.Msg) {
	switch m := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range m {
			l.exec(c)
		}
	case screen.Result, screen.PushMsg:
		select {
		case l.msgs <- m:
		case <-l.stop:
		}
	default:
		// tea.Sequence's message type is unexported: a slice of commands, run in order.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
			for i := range v.Len() {
				if c := v.Index(i).Interface().(tea.Cmd); c != nil {
					l.dispatch(c())
				}
			}
		}
		// Anything else (flashes, the footer's call counter) is the root's business.
	}
}

// deliver is the event loop's part: an answer goes to the screen on top if it is addressed to
// it (a screen below would get it in the program; no task waits for one), a pushed screen
// goes on top and starts, as the root does.
func (l *loop) deliver(msg tea.Msg) {
	switch m := msg.(type) {
	case screen.PushMsg:
		l.s = m.Screen
		l.stack = append(l.stack, l.s)
		l.s.SetSize(screenW, screenH)
		l.exec(l.s.Init())
	case screen.Result:
		if m.To == l.s.ID() {
			l.update(m.Msg)
		}
	}
}

// update gives the screen on top a message (a key, an answer) on the event loop.
func (l *loop) update(msg tea.Msg) {
	s, cmd := l.s.Update(msg)
	l.s = s
	l.exec(cmd)
}

// until delivers messages until done holds for the screen on top's view.
func (l *loop) until(timeout time.Duration, done func(view string) bool) error {
	deadline := time.After(timeout)
	for !done(l.s.View()) {
		select {
		case m := <-l.msgs:
			l.deliver(m)
		case <-deadline:
			return fmt.Errorf("not done after %v:\n%s", timeout, l.s.View())
		}
	}
	return nil
}

// close closes every screen shown (their calls still in flight cancelled) and waits for the
// commands' goroutines, so the next run finds the client idle.
func (l *loop) close() {
	for _, s := range l.stack {
		if c, ok := s.(screen.Closer); ok {
			c.Close()
		}
	}
	close(l.stop)
	l.wg.Wait()
}

// run starts the screen and delivers its answers until done holds; then it closes.
func (l *loop) run(timeout time.Duration, done func(view string) bool) error {
	defer l.close()
	l.exec(l.s.Init())
	return l.until(timeout, done)
}

func (e *env) deps(dir string) *kit.Deps {
	return &kit.Deps{Session: session.New(e.c, ""), Theme: theme.New(true), Keys: keymap.Default(),
		Now: time.Now, Drafts: kit.NewDrafts(),
		Switch: kit.SwitchConfig{Dirs: userdata.Dirs{Config: dir, Cache: dir}}}
}

// rowsOnScreen are the table rows of view (the lines after the header line holding title that
// show an entity named prefix..., the scale seed's names) and whether every one has its column
// under title filled (no "…" there). Columns are counted in runes: the header may hold "★".
func rowsOnScreen(view, prefix, title string) (rows int, filled bool) {
	col, nameCol := -1, -1
	filled = true
	for _, line := range strings.Split(view, "\n") {
		if col < 0 {
			if i := strings.Index(line, title); i >= 0 {
				col = utf8.RuneCountInString(line[:i])
			}
			continue
		}
		at := strings.Index(line, prefix)
		if at >= 0 {
			at = utf8.RuneCountInString(line[:at])
		}
		if at < 0 || rows > 0 && at != nameCol { // a row names its entity where the first did
			if rows > 0 {
				break
			}
			continue
		}
		nameCol = at
		rows++
		if r := []rune(line); col >= len(r) || strings.HasPrefix(strings.TrimLeft(string(r[col:]), " "), "…") {
			filled = false
		}
	}
	return rows, filled && col >= 0
}

// serverLog keeps, from the simulator's request log, when each request of the actions it
// watches arrived and how long it took to answer: what the server saw, so requests queued in
// the client (whose call log counts from before the queue) do not look concurrent.
type serverLog struct {
	watch     map[string]bool
	mu        sync.Mutex
	reqs      []serverReq
	throttled atomic.Uint64 // answers Throttling.User, of any action
}

type serverReq struct {
	action string
	at     time.Time
	took   time.Duration
}

// Write takes the simulator's log lines: "TIME ACTION KEY STATUS CODE DURATION".
func (l *serverLog) Write(p []byte) (int, error) {
	for line := range strings.SplitSeq(strings.TrimSpace(string(p)), "\n") {
		f := strings.Fields(line)
		if len(f) == 6 && f[4] == "Throttling.User" {
			l.throttled.Add(1)
		}
		if len(f) != 6 || !l.watch[f[1]] {
			continue
		}
		at, err1 := time.Parse("2006-01-02T15:04:05.000Z", f[0])
		took, err2 := time.ParseDuration(f[5])
		if err1 == nil && err2 == nil {
			l.mu.Lock()
			l.reqs = append(l.reqs, serverReq{f[1], at, took})
			l.mu.Unlock()
		}
	}
	return len(p), nil
}

// mark is where the requests logged from now on begin.
func (l *serverLog) mark() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.reqs)
}

// inFlight is the largest number of requests of action logged since mark that the server held
// at one instant: requests sent in one wave overlap (each is held for the latency), requests
// sent under a client bound of n never exceed n.
func (l *serverLog) inFlight(mark int, action string) int {
	type edge struct {
		at time.Time
		d  int
	}
	var edges []edge
	l.mu.Lock()
	for _, r := range l.reqs[mark:] {
		if r.action == action {
			edges = append(edges, edge{r.at, 1}, edge{r.at.Add(r.took), -1})
		}
	}
	l.mu.Unlock()
	sort.Slice(edges, func(i, j int) bool {
		if !edges[i].at.Equal(edges[j].at) {
			return edges[i].at.Before(edges[j].at)
		}
		return edges[i].d < edges[j].d // an end before a start at the same instant
	})
	n, most := 0, 0
	for _, x := range edges {
		n += x.d
		most = max(most, n)
	}
	return most
}

// callsOf counts the client's logged calls of the given actions since seq.
func (e *env) callsOf(since uint64, actions ...string) int {
	n := 0
	for _, en := range e.c.Log().Entries() {
		if en.Seq > since {
			for _, a := range actions {
				if en.Action == a {
					n++
				}
			}
		}
	}
	return n
}

// usersColumnsTask: the Users tab from its start until every row on screen shows its LAST
// LOGIN, MFA and KEYS columns. ramtui: the first ListUsers page and ListVirtualMFADevices
// together, then one GetUser and one ListAccessKeys per row on screen, all at once in the
// client's on-screen lane (apart from the next ListUsers page). Naive: the page, then per row
// GetUser, ListAccessKeys and GetUserMFAInfo, one call after another.
func usersColumnsTask(e *env, screenConc, conc int) task {
	rows := min(e.n, screenH-1) // below the table's header
	return task{
		name: "users-columns", limit: 1 + ceilDiv(rows, screenConc), naiveRTs: 1 + 3*rows,
		boundRTs: 1 + ceilDiv(rows, conc),
		fast: func(ctx context.Context, e *env) error {
			before, mark := e.calls(), e.server.mark()
			var onScreen int
			l := newLoop(lists.NewUsers(e.deps("")))
			err := l.run(time.Minute, func(v string) bool {
				n, filled := rowsOnScreen(v, "user0", "KEYS")
				onScreen = n
				return n > 0 && filled
			})
			if err != nil {
				return err
			}
			keys, mfa := e.callsOf(before, "ListAccessKeys"), e.callsOf(before, "ListVirtualMFADevices", "GetUserMFAInfo")
			if *check && (keys != onScreen || mfa != 1 || onScreen != rows) {
				return fmt.Errorf("users-columns: %d ListAccessKeys and %d MFA calls for %d rows on screen (want %d rows, one ListAccessKeys each and one ListVirtualMFADevices)",
					keys, mfa, onScreen, rows)
			}
			if most := e.server.inFlight(mark, "ListAccessKeys"); *check && rows > conc && most <= conc {
				return fmt.Errorf("users-columns: at most %d ListAccessKeys in flight at once for %d rows: not one wave (an action's lane, Concurrency, holds %d)", most, rows, conc)
			}
			return nil
		},
		naive: func(ctx context.Context, e *env) error {
			p, err := e.c.ListUsersPage(ctx, "")
			if err != nil {
				return err
			}
			for _, u := range p.Items[:min(rows, len(p.Items))] {
				if _, err := e.c.GetUser(ctx, u.UserName); err != nil {
					return err
				}
				if _, err := e.c.AccessKeys(ctx, u.UserName); err != nil {
					return err
				}
				_, _ = e.c.GetUserMFA(ctx, u.UserName) // none at this scale: not found
			}
			return nil
		},
	}
}

// pickerTask: the switch-role picker (:switch) from its start until the role list is complete
// and every role on screen shows whether the caller (root) may assume it. ramtui:
// GetCallerIdentity beside the role list, whose pages stream into the table; one GetRole per
// row on screen, all at once in the on-screen lane, as soon as the first page is on screen
// (ramsim lists by name: that screen is the final one). Naive: the same calls one after
// another, the checks after the list.
func pickerTask(e *env, screenConc, conc int) task {
	nRoles := e.n / 10
	rolePages := max(1, ceilDiv(nRoles, 1000))
	rows := min(nRoles, screenH-3) // below the table's header, above the current role's two lines
	return task{
		name: "picker-assume", limit: rolePages + ceilDiv(rows, screenConc), naiveRTs: 1 + rolePages + rows,
		boundRTs: rolePages + ceilDiv(rows, conc),
		fast: func(ctx context.Context, e *env) error {
			dir := e.dir
			before, mark := e.calls(), e.server.mark()
			var onScreen int
			l := newLoop(switchrole.NewSwitchPicker(e.deps(dir), kit.SwitchConfig{Dirs: userdata.Dirs{Config: dir, Cache: dir}}))
			err := l.run(time.Minute, func(v string) bool {
				n, filled := rowsOnScreen(v, "role0", "ASSUME")
				onScreen = n
				// The roles stream in and the first page's screen is checked at once: the task
				// ends when the listing has too (rows ranked above these could still come).
				return n > 0 && filled && !strings.Contains(l.s.Title(), "loading")
			})
			if err != nil {
				return err
			}
			if got := e.callsOf(before, "GetRole"); *check && (got != onScreen || onScreen != rows) {
				return fmt.Errorf("picker-assume: %d GetRole for %d roles on screen, want %d", got, onScreen, rows)
			}
			if most := e.server.inFlight(mark, "GetRole"); *check && rows > conc && most <= conc {
				return fmt.Errorf("picker-assume: at most %d GetRole in flight at once for %d roles: not one wave (an action's lane, Concurrency, holds %d)", most, rows, conc)
			}
			return nil
		},
		naive: func(ctx context.Context, e *env) error {
			if _, err := e.c.CallerIdentity(ctx); err != nil {
				return err
			}
			roles, err := e.c.AllRoles(ctx)
			if err != nil {
				return err
			}
			for _, r := range roles[:min(rows, len(roles))] {
				if _, err := e.c.GetRole(ctx, r.RoleName); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// assumeTask: AssumeRole in the TUI, from enter on the switch form to the result screen. Each
// run's prep opens the picker (:switch, root), waits for its first role to be checked (and the
// role list complete) and presses enter on it, as a person does: the form then knows the
// caller and the role, and enter costs one AssumeRole. The task ends when the result screen is
// pushed (what the user sees next); recording the role in the recents comes after and is not
// waited for.
func assumeTask(e *env) task {
	var l *loop
	var form screen.Screen
	return task{
		name: "assume-tui", limit: 1, calls: 1,
		prep: func(ctx context.Context, e *env) error {
			dir := e.dir
			l = newLoop(switchrole.NewSwitchPicker(e.deps(dir), kit.SwitchConfig{Dirs: userdata.Dirs{Config: dir, Cache: dir}}))
			l.exec(l.s.Init())
			err := l.until(time.Minute, func(v string) bool {
				n, filled := rowsOnScreen(v, "role0", "ASSUME")
				// The listing's last pages would be counted as the task's calls.
				return n > 0 && filled && !strings.Contains(l.s.Title(), "loading")
			})
			if err == nil {
				l.update(tea.KeyMsg{Type: tea.KeyEnter})
				err = l.until(time.Minute, func(string) bool { return len(l.stack) == 2 })
			}
			if err != nil {
				l.close()
				return err
			}
			form = l.s
			return nil
		},
		fast: func(ctx context.Context, e *env) error {
			defer l.close()
			before := e.calls()
			l.update(tea.KeyMsg{Type: tea.KeyEnter})
			if err := l.until(time.Minute, func(string) bool { return len(l.stack) == 3 }); err != nil {
				return err
			}
			if got := e.callsOf(before, "AssumeRole"); got != 1 || l.s == form {
				return fmt.Errorf("assume-tui: %d AssumeRole calls before the result screen, want 1", got)
			}
			return nil
		},
	}
}
