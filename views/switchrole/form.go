package switchrole

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/limits"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// The form's fields (huh keys), in tab order.
const (
	fName       = "session-name"
	fDuration   = "duration"
	fExternalID = "external-id"
	fPolicyFile = "policy-file"
	fTemplate   = "oss-template"
)

type (
	formIdentityMsg struct {
		id  ramclient.CallerIdentity
		err error
	}
	formTargetMsg struct{ t switchTarget }
	formPolicyMsg struct {
		text, src string
		err       error
	}
	formAssumedMsg struct {
		in    switchInput
		creds ramclient.STSCredentials
		err   error
	}
	formRecordedMsg struct{ err error }
)

// switchForm collects AssumeRole's inputs: session name (default: the caller's RAM user name),
// duration (clamped to the role's MaxSessionDuration, shown), an optional session policy (from
// $EDITOR, a file or a template; validated and size-checked as it changes) and an optional
// ExternalId. It is a kit.Form (huh): what is typed goes into the fields; enter submits from
// any field (or loads the policy file / template named in the focused one); the pane under
// (or beside) the fields says what will be asked, live.
type switchForm struct {
	*kit.Form
	client *ramclient.Client
	cfg    switchCfg
	keys   keymap.Switch

	arn     assume.RoleARN
	caller  switchCaller
	haveCal bool
	haveID  bool
	target  switchTarget

	// The fields' values (huh writes them as they are typed).
	name, dur, ext, file, tmpl string
	nameIn                     *huh.Input // the session name's field: its placeholder is defaultName
	defaultName                string     // the caller's user name once known: an empty name means it
	loadedFile, loadedTmpl     string     // what enter last loaded, so a second enter submits

	needExt bool // the trust policy wants an ExternalId from this caller (the doctor says so)

	policy    string // the session policy text, "" = none
	policySrc string
	policyErr error

	pending bool // enter was pressed before the caller's identity arrived: submit when it does
}

// NewSwitchForm is the form for one role: a role name of the caller's account, or a role ARN
// (also of another account).
func NewSwitchForm(d *Deps, cfg SwitchConfig, role string) screen.Screen {
	var arn assume.RoleARN
	if strings.HasPrefix(strings.TrimSpace(role), "acs:") {
		if a, err := assume.ParseRoleARN(role); err == nil {
			arn = a
		}
	}
	if arn.RoleName == "" {
		arn = assume.RoleARN{RoleName: strings.TrimSpace(role)} // the account is the caller's
	}
	return newSwitchForm(d, d.Client(), &cfg, arn, switchCaller{}, false, switchTarget{arn: arn})
}

func newSwitchForm(d *Deps, client *ramclient.Client, cfg *SwitchConfig, arn assume.RoleARN, caller switchCaller, haveCal bool, target switchTarget) *switchForm {
	f := &switchForm{client: client, cfg: switchCfg{cfg}, keys: switchCfg{cfg}.keys(), arn: arn, caller: caller, haveCal: haveCal,
		haveID: haveCal && caller.id.AccountID != "", target: target}
	f.dur = f.cfg.defaultDuration()
	if f.haveID {
		f.defaultName = f.cfg.sessionName(caller, arn.RoleName)
		f.fillAccount()
	}
	f.Form = kit.NewForm(d, "Switch to "+arn.RoleName, f.fields)
	f.Heading = "Switch into role " + arn.RoleName
	f.Back = f.keys.Cancel
	f.Header = f.header
	f.Preview, f.PreviewBelow = f.preview, true // policy lines are long
	f.Actions = f.actions()
	f.OnMsg = f.onMsg
	f.checkExternalID()
	return f
}

// fields are the form's one page; the labels are padded so the inputs line up.
func (f *switchForm) fields() []kit.Page {
	in := func(key, label, placeholder string, v *string) *huh.Input {
		return huh.NewInput().Key(key).Title(components.Fit(label, 14)).Inline(true).Placeholder(placeholder).Value(v)
	}
	// The default name is set as the placeholder from the event loop when it is learnt
	// (huh's PlaceholderFunc runs in a command's goroutine: it raced with that write).
	f.nameIn = in(fName, "Session name", f.defaultName, &f.name).CharLimit(assume.MaxSessionNameLen)
	return []kit.Page{{Fields: []huh.Field{
		f.nameIn,
		in(fDuration, "Duration", "1h", &f.dur),
		in(fExternalID, "ExternalId", "optional", &f.ext),
		in(fPolicyFile, "Policy file", "path, enter loads it", &f.file),
		in(fTemplate, "OSS template", "bucket/prefix: read-only OSS", &f.tmpl),
	}}}
}

// checkExternalID asks the doctor whether the role wants an ExternalId from this caller, once
// both are known (not on every frame).
func (f *switchForm) checkExternalID() {
	f.needExt = false
	if !f.haveCal || f.caller.err != nil || !f.target.loaded || f.target.target.Trust == nil {
		return
	}
	for _, c := range assume.Diagnose(f.caller.caller, f.target.target, "").Causes {
		if c == assume.CauseExternalIDRequired {
			f.needExt = true
		}
	}
}

// actions are the form's keys, declared once for dispatch and help; any other key types into
// the focused field. Tab and the arrows go round the fields (huh's own tab would submit on
// the last one), and enter submits from any field, as the form always did.
func (f *switchForm) actions() kit.Actions {
	k := f.keys
	return kit.Actions{
		{Key: k.Submit, Do: f.enter},
		{Key: k.NextField, Do: func() tea.Cmd { f.Cycle(1); return nil }},
		{Key: k.EditPolicy, Do: f.editPolicy},
		{Key: k.ClearField, Do: func() tea.Cmd { f.setPolicy("", ""); return nil }},
		{Key: k.PrevField, FullOnly: true, Do: func() tea.Cmd { f.Cycle(-1); return nil }},
	}
}

func (f *switchForm) Init() tea.Cmd {
	cmds := []tea.Cmd{f.Form.Init()}
	ctx, c := f.Ctx, f.client
	if !f.haveID {
		cmds = append(cmds, screen.Call(f.ID(), func() tea.Msg {
			id, err := c.CallerIdentity(ctx)
			return formIdentityMsg{id: id, err: err}
		}))
	}
	// A role of the caller's own account (a bare name, or an ARN once the account is known)
	// is read for its MaxSessionDuration and trust policy; another account's cannot be.
	if !f.target.loaded && (f.arn.AccountID == "" || f.haveID) {
		cmds = append(cmds, f.loadTarget())
	}
	return tea.Batch(cmds...)
}

func (f *switchForm) loadTarget() tea.Cmd {
	ctx, c, arn := f.Ctx, f.client, f.arn
	acct := arn.AccountID // "" for a bare name: LoadTarget then reads it as the caller's own
	if f.haveID {
		acct = f.caller.id.AccountID
	}
	return screen.Call(f.ID(), func() tea.Msg { return formTargetMsg{t: loadSwitchTarget(ctx, c, arn, acct)} })
}

// fillAccount completes a bare role name with the caller's account once it is known.
func (f *switchForm) fillAccount() {
	if f.arn.AccountID == "" {
		f.arn.AccountID = f.caller.id.AccountID
		f.target.arn = f.arn
		f.target.target.ARN = f.arn
	}
}

// Update keeps this screen (not the embedded kit.Form) in the root's stack.
func (f *switchForm) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	_, cmd := f.Form.Update(msg)
	return f, cmd
}

// onMsg takes the answers addressed to the form (huh's own messages are kit.Form's).
func (f *switchForm) onMsg(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case formIdentityMsg:
		if m.err != nil {
			f.pending, f.Busy = false, ""
			if !kit.Canceled(m.err) {
				f.Err = "Who am I? " + kit.ErrLine(m.err)
			}
			return nil
		}
		f.caller.id, f.haveID = m.id, true
		f.defaultName = f.cfg.sessionName(f.caller, f.arn.RoleName)
		if f.nameIn != nil {
			f.nameIn.Placeholder(f.defaultName)
		}
		// A bare name's role is being read already; an ARN's is read now (another account's
		// costs no call: its trust policy is not readable, which LoadTarget says).
		needTarget := f.arn.AccountID != "" && !f.target.loaded
		f.fillAccount()
		var cmds []tea.Cmd
		if needTarget {
			cmds = append(cmds, f.loadTarget())
		}
		if f.pending {
			f.pending, f.Busy = false, ""
			cmds = append(cmds, f.submit())
		}
		return tea.Batch(cmds...)
	case formTargetMsg:
		t := m.t
		if f.arn.AccountID != "" {
			t.arn, t.target.ARN = f.arn, f.arn
		}
		f.target = t
		f.checkExternalID()
		if t.err != nil && !kit.Canceled(t.err) {
			f.Err = "Role " + f.arn.RoleName + ": " + kit.ErrLine(t.err)
		}
		return nil
	case formPolicyMsg:
		if m.err != nil {
			f.Err = m.err.Error()
			return nil
		}
		f.setPolicy(m.text, m.src)
		return nil
	case screen.EditedMsg: // the root's reply to editPolicy
		if m.Err != nil {
			f.Err = m.Err.Error()
			return nil
		}
		f.setPolicy(m.Text, "$EDITOR")
		return nil
	case formAssumedMsg:
		return f.assumed(m)
	}
	return nil // formRecordedMsg: a recents file that cannot be written only costs the ordering
}

// enter reads the policy file or fills the template named in the focused field (the name
// stays in the field; a second enter submits), and otherwise submits the form.
func (f *switchForm) enter() tea.Cmd {
	file, tmpl := strings.TrimSpace(f.file), strings.TrimSpace(f.tmpl)
	switch focus := f.Focused(); {
	case focus == fPolicyFile && file != "" && file != f.loadedFile:
		f.loadedFile = file
		return readPolicyFile(f.ID(), file)
	case focus == fTemplate && tmpl != "" && tmpl != f.loadedTmpl:
		f.templatePolicy(tmpl)
		return nil
	}
	return f.submit()
}

func readPolicyFile(id screen.ID, path string) tea.Cmd {
	return screen.Call(id, func() tea.Msg {
		data, err := limits.ReadFile(path, limits.PolicyFile)
		if err != nil {
			return formPolicyMsg{err: fmt.Errorf("policy file: %w", err)}
		}
		return formPolicyMsg{text: string(data), src: "file " + path}
	})
}

// templatePolicy fills the session policy with read-only access (list + get) to one OSS
// directory: "bucket" or "bucket/prefix/".
func (f *switchForm) templatePolicy(v string) {
	bucket, dir, _ := strings.Cut(v, "/")
	doc, err := policy.OSSDirectoryPolicy(bucket, dir, policy.OSSList|policy.OSSRead)
	if err != nil {
		f.Err = "OSS template: " + err.Error()
		return
	}
	f.loadedTmpl = v
	f.setPolicy(doc.Pretty(), "template: read-only OSS "+v)
}

// setPolicy sets the session policy and validates it at once (grammar and the 2048-character
// limit), so the form says what is wrong before any call.
func (f *switchForm) setPolicy(text, src string) {
	f.Err = ""
	if strings.TrimSpace(text) == "" {
		f.policy, f.policySrc, f.policyErr = "", "", nil
		return
	}
	f.policy, f.policySrc = text, src
	_, f.policyErr = policy.Parse(text, policy.Session)
}

// editPolicy asks the root to open the current policy (or a starting skeleton) in $EDITOR;
// what is saved comes back as screen.EditedMsg and becomes the session policy.
func (f *switchForm) editPolicy() tea.Cmd {
	text := f.policy
	if text == "" {
		text = "{\n  \"Version\": \"1\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [],\n      \"Resource\": []\n    }\n  ]\n}\n"
	}
	return screen.Cmd(screen.EditMsg{From: f.ID(), Doc: text, Name: "session-policy", Ext: "json", Editor: f.cfg.Editor})
}

// parseDuration reads "1h", "90m", "2h30m" or plain seconds; "" is the default hour.
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("duration %q: write e.g. 1h, 90m or 3600", s)
	}
	return d, nil
}

// duration is the duration that will be asked for: clamped to 15 min .. the role's maximum
// (when known; a role of another account keeps what was typed and the service decides).
func (f *switchForm) duration() (d time.Duration, clamped bool, err error) {
	req, err := parseDuration(f.dur)
	if err != nil {
		return 0, false, err
	}
	maxS := f.target.maxSession()
	if maxS == 0 && f.target.role.RoleName == "" {
		// Unknown maximum: only the floor and whole seconds apply.
		if req == 0 {
			req = assume.DefaultDuration
		}
		d, clamped = assume.ClampDuration(req, 12*time.Hour)
		return d, clamped, nil
	}
	d, clamped = assume.ClampDuration(req, maxS)
	return d, clamped, nil
}

// request validates the form into AssumeRole's input, or says what is wrong.
func (f *switchForm) request() (switchInput, error) {
	if f.arn.AccountID == "" {
		return switchInput{}, errors.New("still reading who you are: the role's account is not known yet")
	}
	name := strings.TrimSpace(f.name)
	if name == "" {
		name = f.defaultName
	}
	if err := assume.ValidateSessionName(name); err != nil {
		return switchInput{}, err
	}
	d, _, err := f.duration()
	if err != nil {
		return switchInput{}, err
	}
	ext := strings.TrimSpace(f.ext)
	if ext != "" && (len(ext) < 2 || len(ext) > 1224) {
		return switchInput{}, errors.New("ExternalId must be 2-1224 characters")
	}
	if f.policyErr != nil {
		return switchInput{}, fmt.Errorf("session policy: %w", f.policyErr)
	}
	return switchInput{roleName: f.arn.RoleName, AssumeRoleInput: ramclient.AssumeRoleInput{
		RoleArn: f.arn.String(), SessionName: name, Duration: d, Policy: f.policy, ExternalID: ext}}, nil
}

func (f *switchForm) submit() tea.Cmd {
	if f.Busy != "" {
		return nil
	}
	if f.arn.AccountID == "" && !f.haveID {
		// The identity (and so the role's account and the default session name) is on its way:
		// go as soon as it lands rather than make the user press enter again.
		f.pending, f.Err = true, ""
		f.Busy = "Switching as soon as ramtui knows who you are (waiting for GetCallerIdentity)…"
		return nil
	}
	in, err := f.request()
	if err != nil {
		f.Err = err.Error()
		return nil
	}
	f.Busy, f.Err = "Assuming role…", ""
	return assumeCmd(f.Ctx, f.client, f.ID(), in)
}

// assumeCmd is the one AssumeRole call of a switch (also used to renew).
func assumeCmd(ctx context.Context, c *ramclient.Client, id screen.ID, in switchInput) tea.Cmd {
	return screen.Call(id, func() tea.Msg {
		creds, err := c.AssumeRole(ctx, in.AssumeRoleInput)
		return formAssumedMsg{in: in, creds: creds, err: err}
	})
}

func (f *switchForm) assumed(m formAssumedMsg) tea.Cmd {
	f.Busy = ""
	if m.err != nil {
		if kit.Canceled(m.err) {
			return nil
		}
		if errors.Is(m.err, ramclient.ErrDenied) || errors.Is(m.err, ramclient.ErrNotFound) {
			return screen.Push(newSwitchDoctor(f.D, f.client, f.cfg.SwitchConfig, f.caller, f.haveCal && f.caller.err == nil, f.target, m.in.ExternalID, m.err))
		}
		f.Err = kit.ErrLine(m.err)
		return screen.FlashError(kit.ErrLine(m.err))
	}
	res := newSwitchResult(f.D, f.client, f.cfg.SwitchConfig, m.in, m.creds, f.caller.caller, f.haveCal)
	dirs, arn, now, id := f.cfg.dirs(), m.in.RoleArn, f.D.CurrentTime(), f.ID()
	record := func() tea.Msg { return screen.Result{To: id, Msg: formRecordedMsg{err: dirs.RecordRoleUse(arn, now)}} }
	return tea.Batch(screen.Push(res), record)
}

// header is the role and its maximum session.
func (f *switchForm) header(w int) []string {
	th := f.D.Theme
	label := func(s string) string { return th.Label.Render(components.Fit(s, 16)) }
	maxText := "checking…"
	switch {
	case f.target.maxSession() > 0:
		maxText = kit.Duration(f.target.maxSession()) + " (the role's MaxSessionDuration)"
	case f.target.loaded || f.target.err != nil:
		maxText = "unknown (another account's role, or not readable): the service decides"
	}
	// Each value wraps under itself: at 80 columns the unknown maximum's sentence was cut.
	var lines []string
	for _, l := range [][2]string{{"Role", f.arnText()}, {"Max session", maxText}} {
		for i, part := range components.Wrap(l[1], max(10, w-16)) {
			if i == 0 {
				lines = append(lines, label(l[0])+part)
			} else {
				lines = append(lines, strings.Repeat(" ", 16)+part)
			}
		}
	}
	return append(lines, "")
}

// preview says what will be asked, as the fields change: the session name and duration as
// they will be sent, whether an ExternalId is wanted, and the session policy (the rest of
// the room).
func (f *switchForm) preview(w, h int) string {
	th := f.D.Theme
	label := func(s string) string { return th.Label.Render(components.Fit(s, 16)) }
	lines := []string{label("Session name") + f.nameNote(), label("Duration") + f.durationNote()}
	if f.needExt && strings.TrimSpace(f.ext) == "" {
		lines = append(lines, label("ExternalId")+th.Warn.Render("required by the trust policy"))
	}
	lines = append(lines, label("Session policy")+f.policyNote())
	if f.policyErr == nil && f.policy != "" { // what lint warns of, before the session is asked for
		if warn := kit.LintView(th, kit.Lint(f.policy, policy.Session, ""), w); warn != "" {
			lines = append(lines, strings.Split(warn, "\n")...)
		}
	}
	if f.policy != "" {
		room := h - len(lines)
		pl := strings.Split(strings.TrimRight(f.policy, "\n"), "\n")
		for i := 0; i < len(pl) && i < room; i++ {
			if i == room-1 && i < len(pl)-1 {
				lines = append(lines, th.Dim.Render(fmt.Sprintf("  … %d more lines (ctrl+e to edit)", len(pl)-i)))
				break
			}
			lines = append(lines, th.Dim.Render("  "+strings.ReplaceAll(pl[i], "\t", "  ")))
		}
	}
	return strings.Join(lines, "\n")
}

func (f *switchForm) arnText() string {
	if f.arn.AccountID == "" {
		return "acs:ram::…:role/" + f.arn.RoleName
	}
	return f.arn.String()
}

func (f *switchForm) nameNote() string {
	th := f.D.Theme
	name := strings.TrimSpace(f.name)
	if name == "" {
		if f.defaultName == "" {
			return th.Dim.Render("(your user name, loading…)")
		}
		name = f.defaultName
	}
	if err := assume.ValidateSessionName(name); err != nil {
		return th.Error.Render("✗ 2-64 of A-Z a-z 0-9 . @ _ -")
	}
	return th.Success.Render("✓ " + name)
}

func (f *switchForm) durationNote() string {
	th := f.D.Theme
	d, clamped, err := f.duration()
	switch {
	case err != nil:
		return th.Error.Render("✗ e.g. 1h, 90m, 3600")
	case clamped:
		return th.Warn.Render("→ " + kit.Duration(d) + " (clamped)")
	}
	return th.Success.Render("✓ " + kit.Duration(d))
}

func (f *switchForm) policyNote() string {
	th := f.D.Theme
	if f.policy == "" {
		return th.Dim.Render("none (the session gets all the role's permissions)")
	}
	n := utf8.RuneCountInString(f.policy)
	size := fmt.Sprintf("%d/%d chars", n, policy.MaxSessionChars)
	if f.policyErr != nil {
		var pe *policy.Error
		msg := f.policyErr.Error()
		if errors.As(f.policyErr, &pe) {
			msg = pe.Message
			if pe.Line > 0 {
				msg = fmt.Sprintf("line %d:%d: %s", pe.Line, pe.Column, pe.Message)
			}
		}
		return th.Error.Render("✗ "+size+", "+msg) + th.Dim.Render("  "+f.policySrc)
	}
	return th.Success.Render("✓ "+size+", valid") + th.Dim.Render("  from "+f.policySrc)
}
