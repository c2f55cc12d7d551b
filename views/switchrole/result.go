package switchrole

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/policy"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/safetext"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/kit"
)

// warnBefore is when the countdown turns to a warning.
const warnBefore = 10 * time.Minute

type (
	resultTickMsg  struct{}
	resultPermsMsg struct {
		lines []string
		err   error
	}
	resultSavedMsg struct {
		name, path string
		res        ramclient.SaveResult // the backup written, a mode tightened
		err        error
	}
	resultSigninMsg struct {
		url string
		err error
	}
	resultShellMsg   struct{ err error }
	resultProfileMsg struct {
		name string
		opts ramclient.SaveOptions // the user's answer to replacing an existing profile
	}
	resultBrowseMsg struct {
		msg session.BrowseAsMsg
		err error
	}
)

// shellChoices are the keys offered after "copy export lines", and the format each means.
var shellChoices = []struct {
	key, label string
	format     assume.Format
}{
	{"b", "bash/zsh", assume.FormatBash},
	{"f", "fish", assume.FormatFish},
	{"p", "PowerShell", assume.FormatPowerShell},
	{"c", "cmd", assume.FormatCmd},
}

// switchResult shows the temporary credentials (secret and token masked until revealed), the
// assumed-role ARN, a live countdown to expiry and what the session may do, and hands the
// credentials over: export lines, an aliyun CLI profile, a subshell, browsing as the role,
// renewal, and a console sign-in URL.
type switchResult struct {
	base
	client *ramclient.Client // the identity that assumed the role: renewals use it too
	cfg    switchCfg
	keys   keymap.Switch

	in      switchInput
	creds   ramclient.STSCredentials
	caller  assume.Caller
	haveCal bool

	now      time.Time
	reveal   bool
	choosing bool // waiting for the shell after "copy export lines"
	renewing bool
	signing  bool

	perms    []string
	permsErr error
	permsOK  bool
}

func newSwitchResult(d *Deps, client *ramclient.Client, cfg *SwitchConfig, in switchInput, creds ramclient.STSCredentials, caller assume.Caller, haveCal bool) *switchResult {
	return &switchResult{base: base{Base: kit.NewBase(d)}, client: client, cfg: switchCfg{cfg}, keys: switchCfg{cfg}.keys(), in: in, creds: creds, caller: caller, haveCal: haveCal, now: d.CurrentTime()}
}

func (r *switchResult) Title() string    { return "Credentials for " + r.in.roleName }
func (r *switchResult) SetSize(w, h int) { r.W, r.H = w, h }

// Capturing while choosing a shell, so esc cancels the choice instead of leaving the screen.
func (r *switchResult) Capturing() bool { return r.choosing }

func (r *switchResult) KeyMap() help.KeyMap { return r.actions().Help(r.D.ReadOnly()) }

// actions are the result screen's keys, declared once for dispatch and help. None changes the
// account (the profile and the subshell are the user's own files and processes).
func (r *switchResult) actions() kit.Actions {
	k := r.keys
	console := ""
	if !r.cfg.realService(r.client) {
		console = "console URL (real service only)"
	}
	return kit.Actions{
		{Key: k.Reveal, Do: func() tea.Cmd { r.reveal = !r.reveal; return nil }},
		{Key: k.CopyExport, Do: func() tea.Cmd { r.choosing = true; return nil }},
		{Key: k.SaveProf, Do: r.askProfile},
		{Key: k.Subshell, Do: r.subshell},
		{Key: k.BrowseAs, Do: r.browse},
		{Key: k.Renew, Do: r.renew},
		{Key: k.ConsoleURL, Help: console, Do: r.signin},
		{Key: k.CopyJSON, FullOnly: true, Do: func() tea.Cmd { return r.copyAs(assume.FormatJSON, "credentials JSON") }},
	}
}

func (r *switchResult) Init() tea.Cmd {
	return tea.Batch(tickTo(r.ID(), time.Second, resultTickMsg{}), r.loadPerms())
}

// loadPerms reads the role's policies (with the original identity, which may read RAM) for the
// summary of what the session may do.
func (r *switchResult) loadPerms() tea.Cmd {
	ctx, c, in := r.Ctx, r.client, r.in
	own := !r.haveCal || r.caller.AccountID == "" || strings.Contains(in.RoleArn, "::"+r.caller.AccountID+":")
	return screen.Call(r.ID(), func() tea.Msg {
		if !own {
			return resultPermsMsg{err: errors.New("the role is in another account: its policies are not readable from here")}
		}
		pols, err := rolePolicies(ctx, c, in.roleName)
		if err != nil {
			return resultPermsMsg{err: err}
		}
		return resultPermsMsg{lines: summarisePermissions(pols, in.Policy)}
	})
}

// rolePolicies reads the role's attached policies with their default documents.
func rolePolicies(ctx context.Context, c *ramclient.Client, role string) ([]policy.Named, error) {
	list, err := c.PoliciesFor(ctx, ramclient.RolePrincipal(role))
	if err != nil {
		return nil, err
	}
	out := make([]policy.Named, len(list))
	errs := make([]error, len(list))
	done := make(chan struct{}, len(list))
	for i, p := range list {
		go func() {
			defer func() { done <- struct{}{} }()
			full, err := c.GetPolicy(ctx, p.PolicyName, p.PolicyType)
			if err != nil {
				errs[i] = err
				return
			}
			doc, err := policy.Parse(full.Document, policy.Permission)
			if err != nil {
				errs[i] = fmt.Errorf("policy %s: %w", p.PolicyName, err)
				return
			}
			out[i] = policy.Named{Name: p.PolicyName, Type: string(p.PolicyType), Doc: doc}
		}()
	}
	for range list {
		<-done
	}
	return out, errors.Join(errs...)
}

// summarisePermissions says what a session may do: without a session policy, the role's own
// Allow and Deny statements; with one, each of the session policy's grants checked against the
// role's policies (role policies ∩ session policy), so a grant the role lacks shows as such.
func summarisePermissions(role []policy.Named, session string) []string {
	var out []string
	names := make([]string, len(role))
	for i, p := range role {
		names[i] = p.Name
	}
	sort.Strings(names)
	if len(names) == 0 {
		return []string{"✗ the role has no policies: the session may do nothing"}
	}
	out = append(out, "Role policies: "+strings.Join(names, ", "))
	if session == "" {
		for _, p := range role {
			for _, s := range p.Doc.Statement {
				out = append(out, stmtLine(s, p.Name))
			}
		}
		return out
	}
	sess, err := policy.Parse(session, policy.Session)
	if err != nil {
		return append(out, "✗ session policy: "+err.Error())
	}
	out = append(out, "Narrowed by the session policy to:")
	named := &policy.Named{Name: "session policy", Type: "Session", Doc: sess}
	for _, s := range sess.Statement {
		if s.Effect != policy.Allow || len(s.Action) == 0 {
			out = append(out, stmtLine(s, "session policy"))
			continue
		}
		for _, a := range s.Action {
			for _, res := range s.Resource {
				r := policy.EvaluateSession(policy.Request{Action: a, Resource: res, Context: conditionContext(s)}, role, named)
				if r.Decision == policy.Allowed {
					out = append(out, "✓ "+a+" on "+res)
				} else {
					out = append(out, "✗ "+a+" on "+res+" (the role's policies do not allow it)")
				}
			}
		}
	}
	return out
}

// conditionContext satisfies a statement's own StringLike/StringEquals conditions, so that
// checking a grant against the role does not fail on the grant's condition keys.
func conditionContext(s policy.Statement) policy.Context {
	ctx := policy.Context{}
	for _, keys := range s.Condition {
		for k, vals := range keys {
			ctx[k] = append(ctx[k], vals...)
		}
	}
	return ctx
}

func stmtLine(s policy.Statement, from string) string {
	mark := "✓"
	if s.Effect == policy.Deny {
		mark = "✗ deny"
	}
	acts := s.Action
	if len(s.NotAction) > 0 {
		acts = []string{"everything but " + strings.Join(s.NotAction, ",")}
	}
	res := strings.Join(s.Resource, ",")
	line := mark + " " + strings.Join(acts, ",") + " on " + res
	if len(s.Condition) > 0 {
		line += " (with conditions)"
	}
	return line + "  ← " + from
}

func (r *switchResult) Update(msg tea.Msg) (screen.Screen, tea.Cmd) {
	switch m := msg.(type) {
	case resultTickMsg:
		r.now = r.D.CurrentTime()
		return r, tickTo(r.ID(), time.Second, resultTickMsg{})
	case resultPermsMsg:
		r.perms, r.permsErr, r.permsOK = m.lines, m.err, true
		return r, nil
	case formAssumedMsg: // renewed
		r.renewing = false
		if m.err != nil {
			if kit.Canceled(m.err) {
				return r, nil
			}
			return r, screen.FlashError("Renew failed: " + kit.ErrLine(m.err))
		}
		r.creds, r.now = m.creds, r.D.CurrentTime()
		return r, screen.Flash("Renewed: new credentials until " + m.creds.Expiration.Local().Format("15:04:05"))
	case resultSavedMsg:
		var exists *ramclient.ProfileExistsError
		if errors.As(m.err, &exists) {
			return r, r.askReplace(exists)
		}
		if m.err != nil {
			return r, screen.FlashError("Profile not saved: " + m.err.Error())
		}
		text := fmt.Sprintf("Saved: aliyun --profile %s (in %s", m.name, m.path)
		if m.res.Backup != "" {
			text += "; old file kept as " + filepath.Base(m.res.Backup)
		}
		if m.res.ModeFixed {
			text += fmt.Sprintf("; it was readable by others (%v), now 0600", m.res.PreviousMode)
		}
		return r, screen.Flash(text + ")")
	case resultProfileMsg:
		return r, r.saveProfile(m.name, m.opts)
	case resultSigninMsg:
		r.signing = false
		if m.err != nil {
			return r, screen.FlashError(m.err.Error())
		}
		return r, tea.Batch(screen.Copy(m.url, "console sign-in URL (single use, valid 30 s)"))
	case resultShellMsg:
		if m.err != nil {
			return r, screen.FlashError("Subshell: " + m.err.Error())
		}
		return r, screen.Flash("Back from the subshell of " + r.in.roleName)
	case resultBrowseMsg:
		if m.err != nil {
			return r, screen.FlashError("Browse as role: " + kit.ErrLine(m.err))
		}
		return r, tea.Batch(screen.Cmd(m.msg), screen.Flash("Browsing as "+m.msg.Identity))
	case tea.KeyMsg:
		return r, r.key(m)
	}
	return r, nil
}

func (r *switchResult) assumeCreds() assume.Credentials {
	return assume.Credentials{AccessKeyID: r.creds.AccessKeyID, AccessKeySecret: r.creds.AccessKeySecret,
		SecurityToken: r.creds.SecurityToken, Expiration: r.creds.Expiration, AssumedRoleARN: r.creds.AssumedRoleArn,
		Region: r.client.Region()}
}

func (r *switchResult) key(m tea.KeyMsg) tea.Cmd {
	if r.choosing { // the key after "copy export lines" picks the shell
		r.choosing = false
		for _, c := range shellChoices {
			if m.String() == c.key {
				return r.copyAs(c.format, "export lines for "+c.label)
			}
		}
		return screen.Flash("Nothing copied.")
	}
	cmd, _ := r.actions().Handle(m, r.D.ReadOnly())
	return cmd
}

func (r *switchResult) askProfile() tea.Cmd {
	id := r.ID()
	return screen.Cmd(screen.InputMsg{Prompt: "Save as aliyun CLI profile (StsToken) named", Value: "ramtui-" + r.in.roleName,
		OnSubmit: func(v string) tea.Cmd { return screen.Send(id, resultProfileMsg{name: strings.TrimSpace(v)}) }})
}

func (r *switchResult) renew() tea.Cmd {
	if r.renewing {
		return nil
	}
	r.renewing = true
	return assumeCmd(r.Ctx, r.client, r.ID(), r.in)
}

func (r *switchResult) copyAs(f assume.Format, what string) tea.Cmd {
	text, err := assume.Render(r.assumeCreds(), f)
	if err != nil {
		return screen.FlashError(err.Error())
	}
	return screen.Copy(text, what)
}

// saveProfile writes the StsToken profile. The zero opts refuse to replace an existing
// profile; the refusal comes back as a *ProfileExistsError and askReplace asks the user.
func (r *switchResult) saveProfile(name string, opts ramclient.SaveOptions) tea.Cmd {
	if name == "" || strings.ContainsAny(name, " \t\"\\") {
		return screen.FlashError(fmt.Sprintf("Profile name %q: use letters, digits, - and _", name))
	}
	path, creds := r.cfg.cliConfigPath(), r.creds.Credentials()
	opts.Region = r.client.Region()
	return screen.Call(r.ID(), func() tea.Msg {
		res, err := ramclient.SaveProfile(path, name, creds, opts)
		return resultSavedMsg{name: name, path: path, res: res, err: err}
	})
}

// askReplace asks before replacing an existing profile: y/N (default No) for an StsToken one
// (a disposable session); for any other mode, which may hold the only copy of an AccessKey
// secret, only typing its name replaces it. Either way config.json is backed up first.
func (r *switchResult) askReplace(e *ramclient.ProfileExistsError) tea.Cmd {
	id, name := r.ID(), e.Name
	ask := screen.ConfirmMsg{Local: true,
		Question: fmt.Sprintf("Profile %s exists (mode %s): replace it with the credentials of role %s?", name, e.Mode, r.in.roleName),
		Details:  []string{"a timestamped backup of " + r.cfg.cliConfigPath() + " is kept (the last 5)"},
		OnYes:    screen.Send(id, resultProfileMsg{name: name, opts: ramclient.SaveOptions{ReplaceSts: true}})}
	if e.NeedTyped {
		ask.Question = fmt.Sprintf("Profile %s exists with mode %s: it may hold the only copy of an AccessKey secret. Replace it with the temporary credentials of role %s?", name, e.Mode, r.in.roleName)
		ask.Typed = name
		ask.OnYes = screen.Send(id, resultProfileMsg{name: name, opts: ramclient.SaveOptions{ReplaceTyped: name}})
	}
	return screen.Cmd(ask)
}

// subshell runs $SHELL with the credentials in its environment (every other credential
// variable removed) and RAMTUI_ASSUMED_ROLE set, for a prompt that shows it; ramtui resumes when
// it exits. Inside another ramtui subshell (or `ramtui assume -- CMD`) it asks first, as
// `assume --force` does: nested sessions are how people lose track of who they are.
func (r *switchResult) subshell() tea.Cmd {
	cmd, err := r.subshellCommand()
	if err != nil {
		return screen.FlashError(err.Error())
	}
	run := r.execShell(cmd)
	for _, kv := range r.cfg.environ() {
		if outer, ok := strings.CutPrefix(kv, EnvAssumedRole+"="); ok && outer != "" {
			return screen.Cmd(screen.ConfirmMsg{Local: true, OnYes: run,
				Question: "ramtui already runs inside a role session's shell (" + EnvAssumedRole + "=" + outer +
					"). Start a subshell of role " + r.in.roleName + " inside it? exit goes back one level at a time."})
		}
	}
	return run
}

func (r *switchResult) execShell(sh *shell) tea.Cmd {
	id := r.ID()
	return tea.Exec(sh, func(err error) tea.Msg {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			err = nil // the shell's own exit status is the user's business
		}
		return screen.Result{To: id, Msg: resultShellMsg{err: err}}
	})
}

// EnvAssumedRole names the assumed-role ARN in the subshell, for a prompt that shows it (the
// same variable as `ramtui assume -- CMD`).
const EnvAssumedRole = assume.EnvAssumedRole

func (r *switchResult) subshellCommand() (*shell, error) {
	env, err := assume.Environ(r.cfg.environ(), r.assumeCreds())
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(r.cfg.shell())
	cmd.Env = append(env, EnvAssumedRole+"="+r.creds.AssumedRoleArn)
	// One line at 80 columns for the usual names: the ARN (in $RAMTUI_ASSUMED_ROLE) did not fit.
	banner := "ramtui: role " + safetext.Line(r.in.roleName) + " (session " + safetext.Line(r.in.SessionName) + ")"
	if !r.creds.Expiration.IsZero() {
		banner += " until " + r.creds.Expiration.Local().Format("15:04")
	}
	return &shell{cmd: cmd, banner: banner + "; exit goes back"}, nil
}

// shell is the subshell as tea.Exec runs it: its banner on the terminal first, one line
// naming the role session, its end and the way out (an unmarked shell looked like the one
// ramtui was started from), then the shell.
type shell struct {
	cmd    *exec.Cmd
	banner string
}

func (s *shell) SetStdin(r io.Reader)  { s.cmd.Stdin = r }
func (s *shell) SetStdout(w io.Writer) { s.cmd.Stdout = w }
func (s *shell) SetStderr(w io.Writer) { s.cmd.Stderr = w }

func (s *shell) Run() error {
	if s.cmd.Stderr != nil {
		fmt.Fprintln(s.cmd.Stderr, s.banner)
	}
	return s.cmd.Run()
}

// browse builds a client signed with the session's credentials, sharing the call log, and
// asks the root to browse with it.
func (r *switchResult) browse() tea.Cmd {
	orig, endpoint := r.client, r.cfg.endpointFor(r.client)
	creds, roleARN, in := r.creds, r.in.RoleArn, r.in.AssumeRoleInput
	renew := func(ctx context.Context) (ramclient.STSCredentials, error) { return orig.AssumeRole(ctx, in) }
	return screen.Call(r.ID(), func() tea.Msg {
		c, err := ramclient.New(ramclient.Options{Endpoint: endpoint, Region: orig.Region(), Credentials: creds.Credentials(), CallLog: orig.Log()})
		if err != nil {
			return resultBrowseMsg{err: err}
		}
		return resultBrowseMsg{msg: session.BrowseAsMsg{Client: c, Identity: creds.AssumedRoleArn, RoleARN: roleARN, Expiration: creds.Expiration, Renew: renew}}
	})
}

// signin gets a console sign-in URL (real service only) and copies it.
func (r *switchResult) signin() tea.Cmd {
	if !r.cfg.realService(r.client) {
		return screen.FlashError("Console sign-in is unavailable here: the endpoint is not the real service (ramsim has no console).")
	}
	if r.signing {
		return nil
	}
	r.signing = true
	ctx, creds := r.Ctx, r.assumeCreds()
	opts := assume.SigninOptions{Site: r.cfg.Site, BaseURL: r.cfg.SigninBaseURL, HTTPClient: r.cfg.SigninClient}
	return screen.Call(r.ID(), func() tea.Msg {
		u, err := assume.SigninURL(ctx, creds, opts)
		return resultSigninMsg{url: u, err: err}
	})
}

// countdown is "59m32s", coloured: normal, a warning under 10 minutes, an error when expired.
func (r *switchResult) countdown() string {
	th := r.D.Theme
	left := r.creds.Expiration.Sub(r.now).Truncate(time.Second)
	switch {
	case r.creds.Expiration.IsZero():
		return th.Dim.Render("unknown")
	case left <= 0:
		return th.Error.Render("EXPIRED — press R to renew")
	case left < warnBefore:
		return th.Warn.Render("in " + left.String() + " — R renews")
	}
	return th.Success.Render("in " + left.String())
}

func mask(s string) string {
	if s == "" {
		return ""
	}
	return strings.Repeat("•", 12) + fmt.Sprintf(" (%d chars, v reveals)", len(s))
}

func (r *switchResult) View() string {
	if r.W <= 0 || r.H <= 0 {
		return ""
	}
	th := r.D.Theme
	var lines []string
	add := func(s string) { lines = append(lines, components.Truncate(s, r.W)) }
	label := func(s string) string { return th.Label.Render(components.Fit(s, 17)) }
	valW := max(10, r.W-17)

	add(th.Title.Render("Switched into role "+r.in.roleName) + "  " + th.Dim.Render("session "+r.in.SessionName))
	add(label("AccessKeyId") + r.creds.AccessKeyID)
	if r.reveal {
		add(label("AccessKeySecret") + r.creds.AccessKeySecret)
		tok := r.creds.SecurityToken
		for i := 0; len(tok) > 0 && i < 4; i++ {
			n := min(valW, len(tok))
			prefix := label("SecurityToken")
			if i > 0 {
				prefix = label("")
			}
			if i == 3 && len(tok) > n {
				add(prefix + tok[:n-1] + "…")
				break
			}
			add(prefix + tok[:n])
			tok = tok[n:]
		}
	} else {
		add(label("AccessKeySecret") + th.Dim.Render(mask(r.creds.AccessKeySecret)))
		add(label("SecurityToken") + th.Dim.Render(mask(r.creds.SecurityToken)))
	}
	add(label("Assumed role") + r.creds.AssumedRoleArn)
	exp := "-"
	if !r.creds.Expiration.IsZero() {
		exp = r.creds.Expiration.UTC().Format("2006-01-02 15:04:05 UTC") + "  " + r.countdown()
	}
	add(label("Expires") + exp)
	sp := "none"
	if r.in.Policy != "" {
		sp = fmt.Sprintf("%d chars", len([]rune(r.in.Policy)))
	}
	ext := ""
	if r.in.ExternalID != "" {
		ext = "  ExternalId given"
	}
	add(label("Session policy") + sp + th.Dim.Render("  duration "+kit.Duration(r.in.Duration)+ext))
	switch {
	case r.choosing:
		var parts []string
		for _, c := range shellChoices {
			parts = append(parts, th.HelpKey.Render(c.key)+" "+c.label)
		}
		add(th.Info.Render("Copy export lines for: ") + strings.Join(parts, "  ") + th.Dim.Render("  (any other key cancels)"))
	case r.renewing:
		add(th.Info.Render("Renewing…"))
	case r.signing:
		add(th.Info.Render("Getting a console sign-in token…"))
	default:
		add("")
	}
	add(th.Title.Render("What the session may do"))
	switch {
	case !r.permsOK:
		add(th.Dim.Render("  reading the role's policies…"))
	case r.permsErr != nil:
		add(th.Warn.Render("  not known: " + kit.ErrLine(r.permsErr)))
	}
	room := r.H - len(lines)
	for i, l := range r.perms {
		if i == room-1 && i < len(r.perms)-1 {
			add(th.Dim.Render(fmt.Sprintf("  … %d more", len(r.perms)-i)))
			break
		}
		if i >= room {
			break
		}
		st := th.Dim
		switch {
		case strings.HasPrefix(l, "✓"):
			st = th.Success
		case strings.HasPrefix(l, "✗"):
			st = th.Error
		}
		add("  " + st.Render(l))
	}
	if len(lines) > r.H {
		lines = lines[:r.H]
	}
	return strings.Join(lines, "\n")
}
