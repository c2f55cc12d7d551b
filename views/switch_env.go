package views

import (
	"context"
	"net/http"
	"os"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/assume"
	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/userdata"
)

// The switch-role screens: picker (every role, assumable or not and why) -> form (session
// name, duration, session policy, ExternalId) -> result (the credentials and what to do with
// them), with the doctor when a role cannot be assumed. They share SwitchConfig and talk to the
// root through the messages below.
//
// What the root does with them (tui.go's app):
//
//   - OpenSwitchMsg: push NewSwitchPicker(d, cfg) when Role is "", else NewSwitchForm(d, cfg,
//     Role). Sent for `:switch` (palette), `s` on the roles list and on a role screen.
//   - BrowseAsMsg: from now on, build every new screen with Client (signed with the role's
//     temporary credentials, sharing the original call log), show Identity and the expiry in
//     the header, reload the top-level lists, keep the original client. Screens already open
//     keep the client they were opened with (the switch-role screens capture theirs).
//   - BrowseAsOriginalMsg: the reverse (`:original`, and when the role's credentials expire).
//   - RenewBrowseMsg (`:renew`): call BrowseAsMsg.Renew off the event loop and put the new
//     credentials into the same Client (ramclient.Client.SetCredentials), so every open screen
//     keeps working; move the expiry in the header and the timers.

// OpenSwitchMsg asks the root to open the switch-role picker, or the form for one role of the
// current account when Role (a role name or ARN) is set.
type OpenSwitchMsg struct{ Role string }

// OpenSwitch is the command for OpenSwitchMsg.
func OpenSwitch(role string) tea.Cmd { return screen.Cmd(OpenSwitchMsg{Role: role}) }

// BrowseAsMsg asks the root to browse the account as an assumed role: Client is signed with
// the role session's credentials and shares the original client's call log.
type BrowseAsMsg struct {
	Client     *ramclient.Client
	Identity   string    // the assumed-role ARN, for the header
	RoleARN    string    // the role's ARN
	Expiration time.Time // when Client stops working
	// Renew assumes the role again, with the original identity and the same inputs.
	Renew func(context.Context) (ramclient.STSCredentials, error)
}

// RenewBrowseMsg asks the root to renew the role session it is browsing as (`:renew`).
type RenewBrowseMsg struct{}

// BrowseAsOriginalMsg asks the root to return to the identity ramtui started with.
type BrowseAsOriginalMsg struct{}

// SwitchConfig is what the switch-role screens need beyond Deps. The zero value works: every
// field has a default, and nothing is written to the user's files unless asked.
type SwitchConfig struct {
	Keys *keymap.Switch // nil = keymap.DefaultSwitch()
	// Dirs keep the recents and favourites. The zero Dirs remembers nothing: the real start-up
	// passes userdata.DefaultDirs(), so tests and --demo never touch the user's files.
	Dirs userdata.Dirs
	// CLIConfigPath is the aliyun CLI's config.json for "save as profile"; "" =
	// ~/.aliyun/config.json.
	CLIConfigPath string
	// Endpoint is the --endpoint the original client was made with ("" = the real service); the
	// role's client uses the same. When empty it is derived from the client.
	Endpoint string
	// Site is the profile's `site` ("china" or "international"): which console sign-in.
	Site string
	// Shell for the subshell; "" = $SHELL, else /bin/sh.
	Shell string
	// Editor for the session policy; "" = $VISUAL, $EDITOR, else vi.
	Editor string
	// Environ is the subshell's base environment; nil = os.Environ.
	Environ func() []string
	// Signin overrides the console sign-in (tests point it at an httptest server).
	SigninBaseURL string
	SigninClient  *http.Client
	// RealService forces "this is the real service" (console sign-in offered); by default it
	// is derived from the endpoint.
	RealService *bool
}

func (c *SwitchConfig) keys() keymap.Switch {
	if c.Keys != nil {
		return *c.Keys
	}
	return keymap.DefaultSwitch()
}

func (c *SwitchConfig) dirs() userdata.Dirs { return c.Dirs }

func (c *SwitchConfig) cliConfigPath() string {
	if c.CLIConfigPath != "" {
		return c.CLIConfigPath
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ramclient.CLIConfigPath(".")
	}
	return ramclient.CLIConfigPath(home)
}

func (c *SwitchConfig) shell() string {
	if c.Shell != "" {
		return c.Shell
	}
	if s := os.Getenv("SHELL"); s != "" {
		return s
	}
	return "/bin/sh"
}

func (c *SwitchConfig) editor() string {
	if c.Editor != "" {
		return c.Editor
	}
	for _, k := range []string{"VISUAL", "EDITOR"} {
		if e := os.Getenv(k); e != "" {
			return e
		}
	}
	return "vi"
}

func (c *SwitchConfig) environ() []string {
	if c.Environ != nil {
		return c.Environ()
	}
	return os.Environ()
}

// endpointFor is the --endpoint to give a client for the same service as orig.
func (c *SwitchConfig) endpointFor(orig *ramclient.Client) string {
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
func (c *SwitchConfig) realService(orig *ramclient.Client) bool {
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

func nowOr(d *Deps) time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// switchTick is tea.Tick; tests that run commands synchronously replace it so that the
// countdown's endless ticking does not run them forever.
var switchTick = tea.Tick

// tickTo delivers msg to screen id after dur (an untracked timer, for the countdown).
func tickTo(id screen.ID, dur time.Duration, msg tea.Msg) tea.Cmd {
	return switchTick(dur, func(time.Time) tea.Msg { return screen.Result{To: id, Msg: msg} })
}
