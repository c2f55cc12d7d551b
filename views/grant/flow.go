package grant

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
	"github.com/ramtui/ramtui/views/switchrole"
)

// phase is where a grant is.
type phase int

const (
	planning    phase = iota
	planned           // the whole plan on screen, nothing made yet
	applying          // the confirmed plan runs, step by step
	failed            // a step failed; what this run made is still there (D rolls it back)
	rollingBack       // undoing what this run made
	rolledBack        // the run is undone (or the undo failed: see the rows)
	verifying         // applied; the probes and the chain are being checked
	verified          // the verification table and the hand-over note
	broken            // planning or verifying could not be done (errText says why)
)

// flow is the grant after the wizard: the plan, the confirmation, the progress, the
// verification and the hand-over, on one screen whose text follows the phase.
type flow struct {
	kit.Base
	c   *ramclient.Client
	req engine.Request

	phase   phase
	plan    *engine.Plan
	planRun kit.Loader[*engine.Plan]
	verRun  kit.Loader[*engine.Verification]
	rows    progressRows
	applied *engine.Applied
	runErr  error // Apply's error
	undoErr error
	ver     *engine.Verification
	errText string
	pager   *components.Pager
	liveAt  string   // where the live probes asked for with P went ("" = not asked)
	head    []string // the title and the status, wrapped (show)
	// stale: the account changed elsewhere in ramtui after the grant was verified (a revoke,
	// a detach, a deleted role or policy). The grant is planned again and verified again
	// only if nothing is missing; until then c and s hand nothing over.
	stale bool
}

// NewPlan is the grant of req: it plans at once (nothing is changed before the confirmation).
// req is checked by the engine (grant.Request.Normalize), the same code as `ramtui grant oss`.
func NewPlan(d *kit.Deps, req engine.Request) screen.Screen {
	return &flow{Base: kit.NewBase(d), c: d.Client(), req: req, pager: components.NewPager(d.Keys)}
}

func (f *flow) Init() tea.Cmd { return f.replan() }

func (f *flow) Title() string {
	if f.plan != nil {
		return "Grant " + f.plan.Request.RoleName
	}
	return "Grant"
}

// Capturing keeps esc and q on this screen while a run is under way, and while what a failed
// run made is still in the account: leaving then must be a decision, not a stray key.
func (f *flow) Capturing() bool {
	return f.phase == applying || f.phase == rollingBack || f.phase == failed && f.applied.Changed()
}

func (f *flow) SetSize(w, h int) {
	f.W, f.H = w, h
	f.show() // the text is wrapped to the width
}

func (f *flow) replan() tea.Cmd {
	f.phase, f.errText = planning, ""
	f.rows, f.applied, f.runErr, f.undoErr, f.ver, f.liveAt = progressRows{}, nil, nil, nil, nil, ""
	c, req := f.c, f.req
	f.show()
	return f.planRun.Start(&f.Base, func(ctx context.Context) (*engine.Plan, error) { return engine.MakePlan(ctx, c, req) })
}

func (f *flow) verify() tea.Cmd {
	// As `ramtui grant oss`: against the simulator the chain is proved with a real AssumeRole
	// as the user and the probes are made as real OSS requests; on a real account they are
	// evaluated only, until P asks for them (live.go).
	return f.verifyWith(f.plan, engine.VerifyOptions{AssumeForReal: f.c.Local(), Live: f.c.Local()})
}

func (f *flow) verifyWith(p *engine.Plan, o engine.VerifyOptions) tea.Cmd {
	f.phase = verifying
	c := f.c
	f.show()
	return f.verRun.Start(&f.Base, func(ctx context.Context) (*engine.Verification, error) {
		return engine.Verify(ctx, c, p, o)
	})
}

func (f *flow) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	if m, ok := f.planRun.Accept(msg); ok {
		if m.Err != nil {
			return f, f.fail(m.Err)
		}
		f.plan, f.phase = m.Val, planned
		if f.stale && f.plan.Changes() == 0 && len(f.plan.Blockers) == 0 {
			return f, f.verify() // still whole: verify it again, as before the change
		}
		f.show()
		return f, nil
	}
	if m, ok := f.verRun.Accept(msg); ok {
		if m.Err != nil {
			return f, f.fail(m.Err)
		}
		f.ver, f.phase, f.stale = m.Val, verified, false
		f.show()
		if !f.ver.OK() {
			return f, screen.FlashError("The grant was applied, but not every probe or check is as expected: see the table.")
		}
		return f, nil // the status line says it: "Verified" once
	}
	switch m := msg.(type) {
	case liveMsg:
		f.liveAt = m.at
		return f, f.verifyWith(m.plan, m.o)
	case enterMsg:
		f.phase = m.ph
		f.show()
		return f, nil
	case startedMsg:
		return f, next(f.ID(), m.ch)
	case eventMsg:
		f.rows.add(m.ev)
		f.show()
		return f, next(f.ID(), m.ch)
	case doneMsg:
		return f, f.done(m)
	case kit.ReloadMsg:
		return f, f.replan()
	case screen.ChangedMsg:
		return f, f.changedElsewhere(m)
	case tea.KeyMsg:
		if f.pager.HandleKey(m) {
			return f, nil
		}
		cmd, _ := f.actions().Handle(m, f.D.ReadOnly())
		return f, cmd
	}
	return f, nil
}

// changedElsewhere takes a change another screen made (screen.ChangedMsg): one that may touch
// the grant (its role or user, any policy, group, or an unnamed change) plans it again, so the
// screen never says "Verified" of a role that is gone. A run and its outcome stay on screen:
// what a failed run made must stay undoable, and r plans again when the user wants.
func (f *flow) changedElsewhere(m screen.ChangedMsg) tea.Cmd {
	r := f.req
	if f.plan != nil {
		r = f.plan.Request // the names as normalized (the role name suggested)
	}
	switch {
	case m.Kind == "role" && m.Name != "" && m.Name != r.RoleName,
		m.Kind == "user" && m.Name != "" && m.Name != r.User,
		m.Kind != "" && m.Kind != "role" && m.Kind != "user" && m.Kind != "policy" && m.Kind != "group":
		return nil // another role or user, or what a grant does not rest on (a provider)
	}
	switch f.phase {
	case verified:
		f.stale = true
		return f.replan()
	case planning, planned, broken:
		return f.replan()
	}
	return nil
}

func (f *flow) fail(err error) tea.Cmd {
	if kit.Canceled(err) {
		return nil
	}
	f.phase, f.errText = broken, kit.ErrLine(err)
	if errors.Is(err, engine.ErrUserNotFound) {
		f.errText = "RAM user " + f.req.User + " does not exist: nothing was planned. Check the name (the Users list, 1)."
	}
	f.show()
	return screen.FlashError(f.errText)
}

// done takes the outcome of a run: after Apply, verify (or offer the rollback); after the
// rollback, say what is left.
func (f *flow) done(m doneMsg) tea.Cmd {
	return tea.Batch(f.outcome(m), f.changed(m))
}

// changed tells the other open screens (the Roles and Policies lists, a user's screen) that
// the run changed the account, so they load again.
func (f *flow) changed(m doneMsg) tea.Cmd {
	if f.phase == applying && !m.applied.Changed() {
		return nil
	}
	return screen.Cmd(screen.ChangedMsg{From: f.ID(), Kind: "role", Name: f.plan.Request.RoleName})
}

func (f *flow) outcome(m doneMsg) tea.Cmd {
	switch f.phase {
	case applying:
		f.applied, f.runErr = m.applied, m.err
		if m.err == nil {
			return f.verify()
		}
		f.phase = failed
		f.show()
		if f.applied.Changed() {
			return screen.FlashError("A step failed: D rolls back what this run made, esc leaves it (asks first).")
		}
		return screen.FlashError("Not applied: " + kit.ErrLine(m.err))
	case rollingBack:
		f.phase, f.undoErr = rolledBack, m.err
		f.show()
		if m.err != nil {
			return screen.FlashError("The rollback failed part-way: see the rows, clean up by hand.")
		}
		return screen.Flash("Rolled back: the account is as it was before this run.")
	}
	return nil
}

// apply asks the one confirmation, naming every change; yes starts the run.
func (f *flow) apply() tea.Cmd {
	p := f.plan
	if len(p.Blockers) > 0 {
		return screen.FlashError("The plan is blocked and cannot work: " + p.Blockers[0])
	}
	var details []string
	for _, s := range p.Steps {
		if s.Changes() {
			details = append(details, s.Title)
		}
	}
	what := "Apply the grant"
	if p.Differs() {
		what += ", REPLACING what differs (the diff is in the plan)"
	}
	var warnings []string
	if p.Bucket.Missing() {
		// As `grant oss --allow-missing-bucket`: the question says it, and y is the decision.
		what = "Apply the grant for a bucket that DOES NOT EXIST" + strings.TrimPrefix(what, "Apply the grant")
		warnings = append(warnings, "Bucket "+p.Request.Bucket+" does not exist in this account: the grant can be neither used nor verified until it is created. "+
			"Creating the bucket first is the usual order: n, create it (OSS console, ossutil), then r plans again.")
	}
	q := what + ": " + kit.Plural(len(details), "change", "changes") + "?"
	c, o := f.c, engine.Options{Replace: p.Differs(), AllowMissingBucket: p.Bucket.Missing()}
	run := startRun(f.ID(), f.Ctx, func(ctx context.Context, progress func(engine.Event)) doneMsg {
		a, err := engine.Apply(ctx, c, p, o, progress)
		return doneMsg{applied: a, err: err}
	})
	return screen.Cmd(screen.ConfirmMsg{Question: q, Details: details, Warnings: warnings, OnYes: tea.Sequence(f.enter(applying), run)})
}

// enter moves to a running phase when the confirmation said yes (and not before).
func (f *flow) enter(ph phase) tea.Cmd {
	return screen.Send(f.ID(), enterMsg{ph})
}

type enterMsg struct{ ph phase }

func (f *flow) rollback() tea.Cmd {
	a, c := f.applied, f.c
	run := startRun(f.ID(), f.Ctx, func(ctx context.Context, progress func(engine.Event)) doneMsg {
		return doneMsg{err: engine.Rollback(ctx, c, a, progress)}
	})
	return screen.Cmd(screen.ConfirmMsg{Question: "Roll back what this run made (newest first)?", Details: a.Undoable(),
		OnYes: tea.Sequence(f.enter(rollingBack), run)})
}

// leave asks before going back while what a failed run made is still there.
func (f *flow) leave() tea.Cmd {
	switch f.phase {
	case applying, rollingBack:
		return screen.Flash("Wait: the run is under way (each step is shown as it ends).")
	case failed:
		return screen.Cmd(screen.ConfirmMsg{Question: "Leave what this run made in the account? (D rolls it back instead)",
			Details: f.applied.Undoable(), OnYes: screen.Pop()})
	}
	return screen.Pop()
}

func (f *flow) actions() kit.Actions {
	k, g := f.D.Keys.Detail, f.D.Keys.Global
	is := func(ps ...phase) func() bool {
		return func() bool {
			for _, p := range ps {
				if f.phase == p {
					return true
				}
			}
			return false
		}
	}
	changes := func() bool { return f.phase == planned && f.plan.Changes() > 0 }
	ready := func() bool { return f.phase == verified && f.ver.OK() }
	return kit.Actions{
		{Key: k.Open, Help: "apply the plan", Mutating: true, When: changes, Do: f.apply},
		{Key: k.Open, Help: "verify (nothing to change)", When: func() bool { return f.phase == planned && !changes() }, Do: f.verify},
		{Key: k.Delete, Help: "roll back this run", Mutating: true, When: func() bool { return f.phase == failed && f.applied.Changed() }, Do: f.rollback},
		// c and s hand the grant over: only once every probe and check is as expected (the
		// status says not to hand it over otherwise).
		{Key: k.Copy, Help: "copy the hand-over note", When: ready, Do: func() tea.Cmd {
			return screen.Copy(engine.Handover(f.plan), "hand-over note of role "+f.plan.Request.RoleName)
		}},
		{Key: f.D.Keys.Grant.LiveProbes, Help: "live probes", Mutating: true, When: is(verified), Do: f.probeLive},
		{Key: k.SwitchRole, Help: "switch into the role", When: ready, Do: func() tea.Cmd {
			return switchrole.Open(f.D, f.plan.Request.RoleName)
		}},
		{Key: k.Delete, Help: "revoke this grant", Mutating: true, When: is(verified), Do: func() tea.Cmd {
			return screen.Push(NewRevoke(f.D, f.plan.Request.RoleName)) // once revoked, its ChangedMsg replans this screen
		}},
		{Key: k.Refresh, Help: "plan again", When: func() bool {
			return is(planned, rolledBack, verified, broken)() || f.phase == failed && !f.applied.Changed()
		}, Do: f.replan},
		{Key: g.Back, Help: "back", When: f.Capturing, Do: f.leave},
		{Key: g.Quit, FullOnly: true, When: f.Capturing, Do: f.leave},
	}
}

func (f *flow) KeyMap() help.KeyMap {
	n := f.D.Keys.Nav
	return f.actions().Help(f.D.ReadOnly(), n.Up, n.Down, n.Top, n.Bottom, n.PageUp, n.PageDown)
}

// show puts the text of the phase into the pager, under the header (title and status,
// wrapped: at 80 columns a cut took the user's name off the title and the keys off the status).
func (f *flow) show() {
	f.head = f.header()
	f.pager.SetSize(f.W, max(1, f.H-len(f.head)-1))
	var b strings.Builder
	switch f.phase {
	case planning:
		b.WriteString("Reading the account: the user and its policies, the role, the policies…\n")
	case broken:
		wrap(&b, "", f.errText, f.W)
		b.WriteString("\nr plans again, esc goes back.\n")
	case planned:
		b.WriteString(planText(f.plan, f.W))
	default:
		f.runText(&b)
	}
	f.pager.SetText(b.String())
}

func (f *flow) runText(b *strings.Builder) {
	if f.phase == verified {
		b.WriteString("Verification, as the developer's session after AssumeRole\n")
		b.WriteString(probesText(f.ver.Probes, f.plan.PolicyName, f.W))
		switch {
		case f.liveAt != "":
			wrap(b, "", "Live probes made at "+f.liveAt+"; P makes them again.", f.W)
		case !f.c.Local():
			wrap(b, "", "Evaluated only, nothing was sent to OSS: P makes the probes for real in the bucket (asks first).", f.W)
		}
		b.WriteString("\nChain\n" + chainText(f.ver, f.W))
		if f.ver.OK() {
			b.WriteString("\nHand-over note (c copies it, s switches into the role)\n")
		} else {
			b.WriteString("\n")
			wrap(b, "", "Hand-over note: NOT to be handed over until every probe and check is as expected", f.W)
		}
		b.WriteString(handoverText(f.plan, f.W))
		b.WriteString("\n")
	}
	if len(f.rows.rows) > 0 { // none when the grant was verified without a run (nothing to change)
		b.WriteString("Steps\n")
		b.WriteString(eventsText(f.rows.rows, f.W))
	}
	switch f.phase {
	case verifying:
		b.WriteString("\n")
		wrap(b, "", "Verifying: the probes, the chain, an AssumeRole as the user where it can…", f.W)
	case failed:
		b.WriteString("\n")
		var se *engine.StepError
		if errors.As(f.runErr, &se) {
			wrap(b, "Step failed: ", se.Step.Title+": "+kit.ErrLine(se.Err), f.W)
		} else {
			wrap(b, "Not applied: ", kit.ErrLine(f.runErr), f.W)
		}
		if f.applied.Changed() {
			b.WriteString("\n")
			wrap(b, "", "This run made changes that are still in the account. D rolls them back, newest first:", f.W)
			for _, u := range f.applied.Undoable() {
				wrap(b, "  - ", u, f.W)
			}
			wrap(b, "", "esc leaves them in place (it asks first).", f.W)
		} else {
			b.WriteString("Nothing was changed.\n")
		}
	case rolledBack:
		b.WriteString("\n")
		if f.undoErr != nil {
			wrap(b, "", "The rollback failed part-way ("+kit.ErrLine(f.undoErr)+"): what the rows marked ✗ name is still in the account; remove it by hand.", f.W)
		} else {
			wrap(b, "", "Rolled back: everything this run made is gone; what existed before was not touched.", f.W)
		}
	}
}

func (f *flow) View() string {
	return strings.Join(f.head, "\n") + "\n\n" + f.pager.View()
}

// header is the title (what is granted to whom) and the status line, each wrapped to the
// width, at most two lines each, styled.
func (f *flow) header() []string {
	th := f.D.Theme
	r := f.req
	title := "Grant " + engine.AccessString(orDefault(r.Access)) + " on oss://" + r.Bucket + "/" + r.Dir + " to RAM user " + r.User
	if f.plan != nil {
		pr := f.plan.Request
		title = "Grant " + engine.AccessString(pr.Access) + " on oss://" + pr.Bucket + "/" + pr.Dir + " to RAM user " + pr.User
	}
	status, style := f.status()
	var out []string
	for _, part := range []struct {
		text  string
		style lipgloss.Style
	}{{title, th.Title}, {status, style}} {
		lines := components.Wrap(safetext.Line(part.text), max(20, f.W))
		if len(lines) > 2 {
			lines = []string{lines[0], components.Truncate(strings.Join(lines[1:], " "), f.W)}
		}
		for _, l := range lines {
			out = append(out, part.style.Render(l))
		}
	}
	return out
}

func orDefault(a policy.OSSAccess) policy.OSSAccess {
	if a == 0 {
		return engine.DefaultAccess
	}
	return a
}

// status is the line under the title: where the grant is and what the keys do now.
func (f *flow) status() (string, lipgloss.Style) {
	text, style := f.phaseStatus()
	if f.stale && f.phase == planned {
		// Verified before a change made elsewhere, and now something is missing or differs.
		text = "NOT ready to hand over any more: changed since it was verified. " + text
		if len(f.plan.Blockers) == 0 {
			style = f.D.Theme.Warn
		}
	}
	return text, style
}

func (f *flow) phaseStatus() (string, lipgloss.Style) {
	th := f.D.Theme
	switch f.phase {
	case planning:
		if f.stale {
			return "Changed elsewhere since it was verified: checking the grant again…", th.Warn
		}
		return "Planning…", th.Dim
	case broken:
		return "Could not continue: " + f.errText, th.Error
	case planned:
		p := f.plan
		switch {
		case len(p.Blockers) > 0:
			return "BLOCKED: this plan cannot work (see below); nothing will be changed.", th.Error
		case p.Changes() == 0:
			return "Nothing to change: everything exists and matches. enter verifies.", th.Success
		case p.Bucket.Missing():
			return "Plan: " + kit.Plural(p.Changes(), "change", "changes") + "; bucket " + p.Request.Bucket + " DOES NOT EXIST (see below). enter applies anyway (asks first), esc cancels.", th.Warn
		case p.Differs():
			return "Plan: " + kit.Plural(p.Changes(), "change", "changes") + "; existing documents DIFFER (diff below). enter applies (asks first), esc cancels.", th.Warn
		}
		return "Plan: " + kit.Plural(p.Changes(), "change", "changes") + ", nothing made yet. enter applies (asks first), esc cancels.", th.Info
	case applying:
		return "Applying… " + strconv.Itoa(len(f.rows.rows)) + " of " + strconv.Itoa(len(f.plan.Steps)) + " steps", th.Info
	case failed:
		if f.applied.Changed() {
			return "A step failed. D rolls back what this run made; esc leaves it (asks first).", th.Error
		}
		return "Not applied; nothing was changed. r plans again.", th.Error
	case rollingBack:
		return "Rolling back…", th.Warn
	case rolledBack:
		if f.undoErr != nil {
			return "The rollback failed part-way: clean up by hand (see below).", th.Error
		}
		return "Rolled back: nothing of this run is left. r plans again.", th.Warn
	case verifying:
		switch {
		case f.stale:
			return "Changed elsewhere since it was verified: verifying again…", th.Warn
		case len(f.rows.rows) == 0:
			return "Verifying…", th.Info
		}
		return "Applied. Verifying…", th.Info
	}
	if !f.ver.OK() {
		return "Applied, but NOT every probe or check is as expected: do not hand it over yet.", th.Error
	}
	// One line at 80 columns: the role is named in the breadcrumb and the note.
	return "Verified: ready to hand over. c copies the note, s switches into the role.", th.Success
}
