package switchrole

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

type (
	docLoadedMsg struct {
		seq    int
		caller switchCaller
		target switchTarget
	}
	docAppliedMsg struct {
		fix assume.Fix
		err error
	}
	docApplyMsg struct{ fix assume.Fix }
)

// switchDoctor explains why a role cannot be assumed -- which documented cause applies, with
// the statement that is missing -- and offers an admin the fixes: each is confirmed (y/N,
// default No, naming exactly what changes), applied through ramclient, then re-checked.
type switchDoctor struct {
	base
	client *ramclient.Client
	cfg    switchCfg
	keys   keymap.Switch

	caller     switchCaller
	haveCal    bool
	target     switchTarget
	externalID string
	callErr    error // the AssumeRole error that led here, if any

	diag    assume.Diagnosis
	diagOK  bool
	loadErr error
	cursor  int
	busy    string
	fixed   []string // fixes applied on this screen
	// notify is the screen that opened the doctor (the picker), told when a fix changed the
	// account so it shows the new answer instead of a stale one; 0 = nobody.
	notify screen.ID
}

func newSwitchDoctor(d *Deps, client *ramclient.Client, cfg *SwitchConfig, caller switchCaller, haveCal bool, target switchTarget, externalID string, callErr error) *switchDoctor {
	doc := &switchDoctor{base: base{Base: kit.NewBase(d)}, client: client, cfg: switchCfg{cfg}, keys: switchCfg{cfg}.keys(), caller: caller, haveCal: haveCal && caller.err == nil,
		target: target, externalID: externalID, callErr: callErr}
	doc.rediagnose()
	return doc
}

func (doc *switchDoctor) Title() string    { return "Why not " + doc.target.arn.RoleName + "?" }
func (doc *switchDoctor) SetSize(w, h int) { doc.W, doc.H = w, h }

func (doc *switchDoctor) KeyMap() help.KeyMap { return doc.actions().Help(doc.D.ReadOnly()) }

// actions are the doctor's keys, declared once for dispatch and help. Applying a fix changes
// the account: read-only mode refuses it (kit.Actions.Handle) and shows the fixes only.
func (doc *switchDoctor) actions() kit.Actions {
	nav := doc.D.Keys.Nav
	fixes := func() bool { return doc.diagOK && len(doc.diag.Fixes) > 0 }
	return kit.Actions{
		{Key: doc.keys.ApplyFix, Mutating: true, When: fixes, Do: doc.askFix},
		{Key: doc.keys.Refresh, Do: func() tea.Cmd { doc.busy = "Re-checking…"; return doc.recheck() }},
		{Key: nav.Up, When: fixes, Do: func() tea.Cmd { doc.cursor = max(0, doc.cursor-1); return nil }},
		{Key: nav.Down, When: fixes, Do: func() tea.Cmd {
			doc.cursor = min(max(0, len(doc.diag.Fixes)-1), doc.cursor+1)
			return nil
		}},
	}
}

func (doc *switchDoctor) Init() tea.Cmd {
	if doc.haveCal && doc.target.loaded && doc.target.err == nil {
		return nil
	}
	return doc.recheck()
}

// recheck reads the caller and the role again (after a fix, or because they were not known)
// and runs the doctor on what it finds.
func (doc *switchDoctor) recheck() tea.Cmd {
	doc.seq++
	seq, ctx, c, arn := doc.seq, doc.Ctx, doc.client, doc.target.arn
	return screen.Call(doc.ID(), func() tea.Msg {
		caller := loadSwitchCaller(ctx, c)
		if arn.AccountID == "" {
			arn.AccountID = caller.id.AccountID
		}
		return docLoadedMsg{seq: seq, caller: caller, target: loadSwitchTarget(ctx, c, arn, caller.id.AccountID)}
	})
}

func (doc *switchDoctor) rediagnose() {
	doc.diagOK = false
	if !doc.haveCal || !doc.target.loaded || doc.target.err != nil {
		return
	}
	t := doc.target.target
	t.Refused = refusedBy(doc.callErr) // another account's role: the refusal is the trust side's only word
	doc.diag = assume.Diagnose(doc.caller.caller, t, doc.externalID)
	doc.diagOK = true
	doc.cursor = min(doc.cursor, max(0, len(doc.diag.Fixes)-1))
}

// refusedBy is the side an AssumeRole refusal names (AccessDeniedDetail.PolicyType), "" when
// err is not one.
func refusedBy(err error) string {
	var e *ramclient.Error
	if errors.As(err, &e) && e.Denied != nil && e.Denied.AuthAction == "sts:AssumeRole" {
		return e.Denied.PolicyType
	}
	return ""
}

func (doc *switchDoctor) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch m := msg.(type) {
	case docLoadedMsg:
		if m.seq != doc.seq {
			return doc, nil
		}
		doc.busy = ""
		doc.loadErr = nil
		if m.caller.err != nil {
			doc.loadErr = m.caller.err
		} else if m.target.err != nil {
			doc.loadErr = m.target.err
		}
		doc.caller, doc.haveCal = m.caller, m.caller.err == nil
		doc.target = m.target
		doc.rediagnose()
		if len(doc.fixed) > 0 && doc.diagOK && doc.diag.Assumable {
			return doc, screen.Flash("Re-checked: " + doc.caller.caller.ARN() + " may now assume " + doc.target.arn.RoleName)
		}
		return doc, nil
	case docApplyMsg:
		doc.busy = "Applying: " + m.fix.Description
		return doc, doc.apply(m.fix)
	case docAppliedMsg:
		if m.err != nil {
			doc.busy = ""
			return doc, screen.FlashError("Fix not applied: " + kit.ErrLine(m.err))
		}
		doc.fixed = append(doc.fixed, m.fix.Description)
		doc.busy = "Applied. Re-checking…"
		cmds := []tea.Cmd{screen.Flash("Applied: " + m.fix.Description), doc.recheck()}
		if doc.notify != 0 {
			cmds = append(cmds, screen.Send(doc.notify, pickChangedMsg{arn: doc.target.arn}))
		}
		return doc, tea.Batch(cmds...)
	case tea.KeyMsg:
		return doc, doc.key(m)
	}
	return doc, nil
}

func (doc *switchDoctor) key(m tea.KeyMsg) tea.Cmd {
	cmd, _ := doc.actions().Handle(m, doc.D.ReadOnly())
	return cmd
}

// askFix asks before applying the selected fix.
func (doc *switchDoctor) askFix() tea.Cmd {
	if doc.cursor >= len(doc.diag.Fixes) || doc.busy != "" {
		return nil
	}
	fix := doc.diag.Fixes[doc.cursor]
	id := doc.ID()
	q, details := fixQuestion(fix, doc.caller.caller.ARN())
	return screen.Cmd(screen.ConfirmMsg{Question: q, Details: details, OnYes: screen.Send(id, docApplyMsg{fix: fix})})
}

// fixQuestion asks about a fix in a few words and lists exactly what changes, in lines short
// enough for the confirmation box at 80 columns.
func fixQuestion(f assume.Fix, caller string) (string, []string) {
	who := strings.ToLower(f.PrincipalType) + " " + f.PrincipalName
	switch f.Kind {
	case assume.FixAttachSystemPolicy:
		return "Attach " + f.PolicyName + " to " + who + "?",
			[]string{"system policy " + f.PolicyName + ": sts:AssumeRole on every role", "attached to " + who}
	case assume.FixCreateAndAttachPolicy:
		return "Create policy " + f.PolicyName + " and attach it to " + who + "?",
			[]string{"new custom policy " + f.PolicyName + ": sts:AssumeRole on one role", "(its document is on the doctor screen)", "attached to " + who}
	case assume.FixUpdateTrustPolicy:
		return "Change the trust policy of role " + f.RoleName + "?",
			[]string{"adds a statement trusting:", "  " + caller, "keeps every existing statement"}
	}
	return "Apply? " + f.Description, nil
}

func principalOf(f assume.Fix) ramclient.Principal {
	if f.PrincipalType == "Role" {
		return ramclient.RolePrincipal(f.PrincipalName)
	}
	return ramclient.UserPrincipal(f.PrincipalName)
}

// apply makes the change through ramclient. Creating a policy that already exists (an earlier
// attempt) or attaching one that is attached already are not failures.
func (doc *switchDoctor) apply(f assume.Fix) tea.Cmd {
	ctx, c := doc.Ctx, doc.client
	return screen.Call(doc.ID(), func() tea.Msg { return docAppliedMsg{fix: f, err: applyFix(ctx, c, f)} })
}

func applyFix(ctx context.Context, c *ramclient.Client, f assume.Fix) error {
	attach := func(typ ramclient.PolicyType) error {
		err := c.AttachPolicy(ctx, principalOf(f), f.PolicyName, typ)
		if errors.Is(err, ramclient.ErrAlreadyExists) {
			return nil
		}
		return err
	}
	switch f.Kind {
	case assume.FixAttachSystemPolicy:
		return attach(ramclient.PolicySystem)
	case assume.FixCreateAndAttachPolicy:
		_, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: f.PolicyName, Document: f.PolicyDocument,
			Description: "ramtui doctor: sts:AssumeRole on one role"})
		if err != nil && !errors.Is(err, ramclient.ErrAlreadyExists) {
			return err
		}
		return attach(ramclient.PolicyCustom)
	case assume.FixUpdateTrustPolicy:
		_, err := c.UpdateTrustPolicy(ctx, f.RoleName, f.TrustDocument)
		return err
	}
	return fmt.Errorf("unknown fix %v", f.Kind)
}

func (doc *switchDoctor) View() string {
	if doc.W <= 0 || doc.H <= 0 {
		return ""
	}
	th := doc.D.Theme
	var lines []string
	add := func(s string) { lines = append(lines, components.Truncate(s, doc.W)) }

	who := "you"
	if doc.haveCal {
		who = doc.caller.caller.ARN()
	}
	add(th.Title.Render("Why can't " + who + " assume " + doc.target.arn.RoleName + "?"))
	if doc.callErr != nil {
		add(th.Error.Render("AssumeRole said: " + kit.ErrLine(doc.callErr)))
	}
	switch {
	case doc.loadErr != nil:
		add(th.Warn.Render("Could not check: " + kit.ErrLine(doc.loadErr)))
	case !doc.diagOK:
		add(th.Dim.Render("Checking the caller's policies and the role's trust policy…"))
	default:
		explain, _, _ := strings.Cut(doc.diag.Explain(), "Fixes an admin can apply:")
		for _, l := range strings.Split(strings.TrimRight(explain, "\n"), "\n") {
			st := th.Dim
			switch {
			case strings.HasPrefix(l, "✗"):
				st = th.Error
			case strings.HasPrefix(l, "?"):
				st = th.Warn
			case strings.HasPrefix(l, "The caller may"):
				st = th.Success
			}
			add(st.Render(l))
		}
	}
	if doc.diagOK && len(doc.diag.Fixes) > 0 {
		add("")
		title := "Fixes an admin can apply (enter: apply, asks first):"
		if doc.D.Keys.ReadOnly() {
			title = "Fixes an admin could apply (read-only mode: not applied):"
		}
		add(th.Title.Render(title))
		for i, f := range doc.diag.Fixes {
			cur := "  "
			if i == doc.cursor {
				cur = th.HelpKey.Render("> ")
			}
			for j, l := range components.Wrap(fmt.Sprintf("%d. %s", i+1, f.Description), max(10, doc.W-5)) {
				if j > 0 {
					cur = "     "
				}
				add(cur + l)
			}
		}
	}
	if doc.busy != "" {
		add(th.Info.Render(doc.busy))
	}
	for _, f := range doc.fixed {
		add(th.Success.Render("✓ applied: " + f))
	}
	// The selected fix's document fills the rest.
	if doc.diagOK && doc.cursor < len(doc.diag.Fixes) {
		f := doc.diag.Fixes[doc.cursor]
		text := f.PolicyDocument
		if f.Kind == assume.FixUpdateTrustPolicy {
			text = f.TrustDocument
		}
		if text != "" && len(lines)+2 < doc.H {
			add(th.Label.Render("Document of fix " + fmt.Sprint(doc.cursor+1) + ":"))
			room := doc.H - len(lines)
			dl := strings.Split(strings.TrimRight(text, "\n"), "\n")
			for i := 0; i < len(dl) && i < room; i++ {
				if i == room-1 && i < len(dl)-1 {
					add(th.Dim.Render(fmt.Sprintf("  … %d more lines", len(dl)-i)))
					break
				}
				add("  " + dl[i])
			}
		}
	}
	if len(lines) > doc.H {
		lines = lines[:doc.H]
	}
	return strings.Join(lines, "\n")
}
