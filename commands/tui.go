package commands

import (
	"context"
	"fmt"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ui"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/userdata"
	"github.com/ramtui/ramtui/views"
)

// runTUI starts the terminal UI. The first frame never waits for the network: signing in
// (credentials, then GetCallerIdentity) runs behind the start screen, which explains any
// failure and how to fix it.
func runTUI(cmd *cobra.Command, f *rootFlags) error {
	km, err := keymap.Load(keymap.ConfigPath(), f.readOnly)
	if err != nil {
		return err // a bad keys.json: say which entry, before the screen is taken over
	}
	cfg := appConfig{keys: km, theme: theme.New(theme.NoColorRequested()), readOnly: f.readOnly}
	if f.demo {
		sim, err := ramsim.Start(ramsim.Options{Seed: "demo"}, "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("starting the demo simulator: %w", err)
		}
		defer sim.Close()
		// Recents of a throwaway account belong to this run only, not to the user's files.
		demoDir, err := os.MkdirTemp("", "ramtui-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(demoDir)
		cfg.dirs = userdata.Dirs{Config: demoDir, Cache: demoDir}
		cfg.demo = true
		if err := cfg.demoSignIn(sim); err != nil {
			return err
		}
	} else {
		cfg.endpoint = f.endpoint
		cfg.profile = f.profile
		cfg.connect = func(ctx context.Context) (*ramclient.Client, error) { return newClient(ctx, f) }
		cfg.dirs = userdata.DefaultDirs()
		cfg.site = profileSite(f.profile)
	}
	p := tea.NewProgram(newApp(cfg), tea.WithAltScreen(), tea.WithContext(cmd.Context()))
	_, err = p.Run()
	if err != nil && cmd.Context().Err() == nil {
		return err
	}
	return nil
}

// appConfig is everything the TUI is started with; tests build one on an in-process ramsim.
type appConfig struct {
	keys     *keymap.KeyMap
	theme    *theme.Theme
	connect  views.Connect
	endpoint string // as given; "" = the real service
	profile  string
	demo     bool
	readOnly bool
	dirs     userdata.Dirs     // recents and favourites; the zero Dirs remembers nothing
	site     string            // the profile's site, for the console sign-in
	deps     func(*views.Deps) // tests adjust Deps (the clock)
}

// demoSignIn signs in as the demo account's ops-admin, a RAM user (so AssumeRole works), with
// a key issued for this run.
func (c *appConfig) demoSignIn(sim *ramsim.Running) error {
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		return fmt.Errorf("demo sign-in: %w", err)
	}
	c.endpoint = sim.Endpoint
	c.profile = "demo"
	c.connect = func(context.Context) (*ramclient.Client, error) {
		return ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{
			AccessKeyID: id, AccessKeySecret: secret, Source: "demo (RAM user ops-admin)"}})
	}
	return nil
}

// newApp builds the root model: the start screen, then the top-level lists and the palette.
func newApp(c appConfig) tea.Model {
	d := &views.Deps{Theme: c.theme, Keys: c.keys}
	if c.deps != nil {
		c.deps(d)
	}
	where := c.endpoint
	if where == "" {
		where = "ram.aliyuncs.com"
	}
	var tabs []ui.Tab
	for _, t := range views.TopLevels(d) {
		tabs = append(tabs, ui.Tab{Name: t.Name, New: t.New})
	}
	var cmds []ui.Command
	for _, pc := range views.Commands(d) {
		cmds = append(cmds, ui.Command{Name: pc.Name, Aliases: pc.Aliases, Help: pc.Help, Run: pc.Run})
	}
	profile := c.profile
	if profile == "" {
		profile = "default chain"
	}
	root := ui.New(ui.Options{
		Theme: c.theme, Keys: c.keys, Tabs: tabs, Commands: cmds,
		Header: ui.Header{Profile: profile, Endpoint: where, Demo: c.demo, ReadOnly: c.readOnly},
		Start:  views.NewStartup(d, where, c.connect),
	})
	return &app{root: root, d: d, switchCfg: views.SwitchConfig{Keys: &c.keys.Switch, Endpoint: c.endpoint, Dirs: c.dirs, Site: c.site}}
}

// app wires the switch-role screens to the root: it opens them, and swaps the client the
// screens use when the user browses the account as an assumed role (and back). It is the only
// place that changes Deps.Client after sign-in, on the event loop.
type app struct {
	root      *ui.Model
	d         *views.Deps
	switchCfg views.SwitchConfig

	identity string            // the signed-in identity, for the header
	orig     *ramclient.Client // while browsing as a role: the client signed in with
	browsing string            // the assumed-role ARN being browsed as
	renew    func(context.Context) (ramclient.STSCredentials, error)
	gen      int // invalidates the timers and renewals of an earlier role session
}

type (
	roleExpiredMsg  struct{ gen int }
	roleExpiringMsg struct {
		gen int
		at  time.Time
	}
	roleRenewedMsg struct {
		gen   int
		creds ramclient.STSCredentials
		err   error
	}
)

// expiryWarning is how long before a browsed role session ends the user is told (and offered
// :renew): long enough to finish a look, short enough not to nag.
const expiryWarning = 5 * time.Minute

// sessionTimers schedules the warning and the end of the browsed role session.
func (a *app) sessionTimers(exp time.Time) []tea.Cmd {
	if exp.IsZero() {
		return nil
	}
	gen, left := a.gen, exp.Sub(a.d.CurrentTime())
	cmds := []tea.Cmd{tea.Tick(left, func(time.Time) tea.Msg { return roleExpiredMsg{gen} })}
	if left > expiryWarning {
		cmds = append(cmds, tea.Tick(left-expiryWarning, func(time.Time) tea.Msg { return roleExpiringMsg{gen, exp} }))
	}
	return cmds
}

func (a *app) browsingHeader(exp time.Time) tea.Cmd {
	id := a.browsing
	if !exp.IsZero() {
		id += " (until " + exp.Local().Format("15:04") + ")"
	}
	return screen.Cmd(screen.HeaderMsg{Identity: id})
}

func (a *app) Init() tea.Cmd { return a.root.Init() }
func (a *app) View() string  { return a.root.View() }

func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if r, ok := msg.(screen.Result); ok && r.To == 0 {
		// A call addressed to the root: look inside for our messages, count the call down.
		switch r.Msg.(type) {
		case views.OpenSwitchMsg, views.BrowseAsMsg, views.BrowseAsOriginalMsg, views.RenewBrowseMsg, roleRenewedMsg:
			_, cmd := a.root.Update(screen.Result{Tracked: r.Tracked, To: 0})
			_, cmd2 := a.Update(r.Msg)
			return a, tea.Batch(cmd, cmd2)
		}
	}
	switch m := msg.(type) {
	case screen.HeaderMsg:
		if m.Identity != "" && a.orig == nil {
			a.identity = m.Identity
		}
	case views.OpenSwitchMsg:
		if m.Role == "" {
			return a, screen.Push(views.NewSwitchPicker(a.d, a.switchCfg))
		}
		return a, screen.Push(views.NewSwitchForm(a.d, a.switchCfg, m.Role))
	case views.BrowseAsMsg:
		if a.orig == nil {
			a.orig = a.d.Client
		}
		a.d.Client = m.Client
		a.browsing, a.renew = m.Identity, m.Renew
		a.gen++
		cmds := append(a.sessionTimers(m.Expiration), a.browsingHeader(m.Expiration), screen.Cmd(screen.ResetTabsMsg{}),
			screen.Flash("Browsing as "+m.Identity+"; :renew extends the session, :original goes back"))
		return a, tea.Batch(cmds...)
	case views.RenewBrowseMsg:
		if a.orig == nil || a.renew == nil {
			return a, screen.Flash("Not browsing as a role: nothing to renew")
		}
		gen, renew := a.gen, a.renew
		return a, screen.Call(0, func() tea.Msg {
			creds, err := renew(context.Background())
			return roleRenewedMsg{gen: gen, creds: creds, err: err}
		})
	case roleRenewedMsg:
		if m.gen != a.gen || a.orig == nil {
			return a, nil // went back to the original identity meanwhile
		}
		if m.err == nil {
			m.err = a.d.Client.SetCredentials(m.creds.Credentials())
		}
		if m.err != nil {
			return a, screen.FlashError("Renew failed: " + m.err.Error())
		}
		a.gen++ // the old session's timers no longer apply
		cmds := append(a.sessionTimers(m.creds.Expiration), a.browsingHeader(m.creds.Expiration),
			screen.Flash("Renewed: the session now lasts until "+m.creds.Expiration.Local().Format("15:04")))
		return a, tea.Batch(cmds...)
	case roleExpiringMsg:
		if m.gen != a.gen || a.orig == nil {
			return a, nil
		}
		return a, screen.FlashError("The role session ends at " + m.at.Local().Format("15:04") + ": :renew extends it, :original goes back")
	case roleExpiredMsg:
		if m.gen != a.gen || a.orig == nil {
			return a, nil
		}
		return a, tea.Batch(a.backToOriginal(), screen.FlashError("The role session expired; back to "+a.identity))
	case views.BrowseAsOriginalMsg:
		if a.orig == nil {
			return a, screen.Flash("Not browsing as a role: you are " + a.identity)
		}
		return a, tea.Batch(a.backToOriginal(), screen.Flash("Back to "+a.identity))
	}
	_, cmd := a.root.Update(msg)
	return a, cmd
}

func (a *app) backToOriginal() tea.Cmd {
	a.d.Client, a.orig, a.browsing, a.renew = a.orig, nil, "", nil
	a.gen++
	return tea.Batch(screen.Cmd(screen.HeaderMsg{Identity: a.identity}), screen.Cmd(screen.ResetTabsMsg{}))
}
