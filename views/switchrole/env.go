package switchrole

import (
	"context"
	"os"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/userdata"
	"github.com/ramtui/ramtui/views/kit"
)

// Open opens the switch-role picker, or the form for one role of the current account
// when role (a role name or ARN) is set.
func Open(d *Deps, role string) tea.Cmd {
	if role == "" {
		return screen.Push(NewSwitchPicker(d, d.Switch))
	}
	return screen.Push(NewSwitchForm(d, d.Switch, role))
}

// SwitchConfig is kit.SwitchConfig: what the switch-role screens need beyond the rest of Deps.
type SwitchConfig = kit.SwitchConfig

// switchCfg gives SwitchConfig's empty fields their defaults.
type switchCfg struct{ *SwitchConfig }

func (c switchCfg) keys() keymap.Switch {
	if c.Keys != nil {
		return *c.Keys
	}
	return keymap.DefaultSwitch()
}

func (c switchCfg) dirs() userdata.Dirs { return c.Dirs }

func (c switchCfg) cliConfigPath() string {
	if c.CLIConfigPath != "" {
		return c.CLIConfigPath
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ramclient.CLIConfigPath(".")
	}
	return ramclient.CLIConfigPath(home)
}

func (c switchCfg) shell() string {
	if c.Shell != "" {
		return c.Shell
	}
	if s := os.Getenv("SHELL"); s != "" {
		return s
	}
	return "/bin/sh"
}

func (c switchCfg) environ() []string {
	if c.Environ != nil {
		return c.Environ()
	}
	return os.Environ()
}

// endpointFor is the --endpoint to give a client for the same service as orig.
func (c switchCfg) endpointFor(orig *ramclient.Client) string {
	if c.Endpoint != "" {
		return c.Endpoint
	}
	ep := orig.Endpoint()
	if strings.HasPrefix(ep, "https://ram.aliyuncs.com") {
		return "" // the real service
	}
	return ep
}

// realService reports whether the client talks to Alibaba Cloud itself (console sign-in only
// works there; ramsim has no console).
func (c switchCfg) realService(orig *ramclient.Client) bool {
	if c.RealService != nil {
		return *c.RealService
	}
	ep := c.endpointFor(orig)
	if ep == "" {
		return true
	}
	host := strings.TrimPrefix(strings.TrimPrefix(ep, "https://"), "http://")
	return strings.HasPrefix(ep, "https://") && (strings.HasSuffix(host, ".aliyuncs.com") || strings.HasSuffix(host, ".alibabacloud.com"))
}

// switchCaller is who is switching: the identity and the policies the doctor needs.
type switchCaller struct {
	id     ramclient.CallerIdentity
	caller assume.Caller
	err    error
}

// sessionName is the default RoleSessionName: the caller's RAM user name (or, when chaining,
// the current session's name), sanitised, so audit logs show who it was.
func (c switchCaller) sessionName() string {
	if c.id.IdentityType == "Account" || c.id.Arn == "" {
		return "ramtui"
	}
	return assume.SanitizeSessionName(c.id.Arn[strings.LastIndex(c.id.Arn, "/")+1:])
}

// loadSwitchCaller asks who the client is and reads its policies (for the doctor). Run it in a
// tea.Cmd.
func loadSwitchCaller(ctx context.Context, c *ramclient.Client) switchCaller {
	id, err := c.CallerIdentity(ctx)
	if err != nil {
		return switchCaller{err: err}
	}
	caller, err := assume.LoadCallerFor(ctx, c, id)
	return switchCaller{id: id, caller: caller, err: err}
}

// switchTarget is the role to switch into, as far as it is known.
type switchTarget struct {
	arn    assume.RoleARN
	role   ramclient.Role // zero when unknown (another account, or GetRole denied)
	target assume.Target
	loaded bool // LoadTarget answered
	err    error
}

func loadSwitchTarget(ctx context.Context, c *ramclient.Client, arn assume.RoleARN, callerAccount string) switchTarget {
	t, role, err := assume.LoadTarget(ctx, c, arn, callerAccount)
	return switchTarget{arn: arn, role: role, target: t, loaded: true, err: err}
}

// maxSession is the role's MaxSessionDuration, 0 when unknown.
func (t switchTarget) maxSession() time.Duration { return t.role.MaxSessionDuration }

// switchInput is everything one AssumeRole was made with, kept for renewing.
type switchInput struct {
	ramclient.AssumeRoleInput
	roleName string
}

// switchTick is tea.Tick; tests that run commands synchronously replace it so that the
// countdown's endless ticking does not run them forever.
var switchTick = tea.Tick

// tickTo delivers msg to screen id after dur (an untracked timer, for the countdown).
func tickTo(id screen.ID, dur time.Duration, msg tea.Msg) tea.Cmd {
	return switchTick(dur, func(time.Time) tea.Msg { return screen.Result{To: id, Msg: msg} })
}
