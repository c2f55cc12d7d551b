package commands

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ramsim/account"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/userdata"
	"github.com/ramtui/ramtui/views"
	"github.com/ramtui/ramtui/views/kit"
)

// tuiMemoryLimit is the Go runtime's soft memory limit in the TUI, unless GOMEMLIMIT sets one.
// The TUI holds whole lists: 100,000 users and every policy are ~36 MB live after a collection,
// and the collector's default (GOGC=100) lets the heap grow to twice that before it runs again:
// 84-89 MB resident at the peak, at the edge of issue 15's 90 MB. Under this limit it collects
// sooner as the heap nears it: 78-80 MB (BenchmarkPeakRSS in bench/). The limit is soft: a list
// far beyond that (RAM's quota is 5,000 users an account) makes the collector work harder, at
// most half the CPU by the runtime's own cap, and the heap grows as it must.
const tuiMemoryLimit = 64 << 20

func limitMemory() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(tuiMemoryLimit)
	}
}

// runTUI starts the terminal UI. The first frame never waits for the network: signing in
// (credentials, then GetCallerIdentity) runs behind the start screen, which explains any
// failure and how to fix it.
func runTUI(cmd *cobra.Command, f *rootFlags) error {
	limitMemory()
	st, err := loadTUISettings(f)
	if err != nil {
		return err // a bad config.yaml or keys.json: file:line, before the screen is taken over
	}
	cfg := appConfig{keys: st.keys, theme: theme.New(theme.NoColorRequested()), readOnly: st.readOnly,
		settings: st.app()}
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
		// An External profile's helper gets the terminal while it runs (an MFA prompt), at
		// sign-in and at every renewal.
		cfg.lender = &terminalLender{ctx: cmd.Context()}
		cfg.connect = func(ctx context.Context) (*ramclient.Client, error) {
			return newClientWith(ctx, f, ramclient.CredentialOptions{ExternalRun: cfg.lender.run})
		}
		cfg.dirs = userdata.DefaultDirs()
		cfg.site = profileSite(f.profile)
		cfg.profiles = kit.ProfilesConfig{Region: f.region}
	}
	if f.debug != "" {
		dbg, err := openDebugLog(f.debug)
		if err != nil {
			return withCode(exitUsage, err)
		}
		defer dbg.Close()
		cfg.debug = dbg
	}
	opts := append(st.programOptions(), tea.WithAltScreen(), tea.WithContext(cmd.Context()))
	p := tea.NewProgram(newApp(cfg), opts...)
	if cfg.lender != nil {
		cfg.lender.send = p.Send // before Run: the helper runs only once signing in starts
	}
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
	settings appSettings
	debug    *debugLog // --debug FILE; nil = none
	profiles kit.ProfilesConfig
	lender   *terminalLender // lends the terminal to an External profile's helper; nil = none
	// flashTimer ends flashes (ui.Options.FlashTimer): the journeys hold them; nil = tea.Tick.
	flashTimer func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
}

// terminalLender lends the terminal to a credential helper (an External profile's
// process_command) while it runs, so that its prompt (an MFA code) works inside the TUI: the
// goroutine signing in or renewing asks the program, which releases the screen
// (tea.ExecProcess, as for $EDITOR and the subshell) and answers when the helper exits.
type terminalLender struct {
	ctx  context.Context
	send func(tea.Msg) // the program's Send
}

type (
	lendTerminalMsg struct {
		cmd  *exec.Cmd
		done chan error
	}
	terminalBackMsg struct{}
)

func (l *terminalLender) run(cmd *exec.Cmd) error {
	done := make(chan error, 1)
	l.send(lendTerminalMsg{cmd: cmd, done: done})
	select {
	case err := <-done:
		return err
	case <-l.ctx.Done():
		return l.ctx.Err()
	}
}

// Handle is the lender's part of the root's messages (a ui.Handler).
func (l *terminalLender) Handle(msg tea.Msg) (bool, tea.Cmd) {
	switch m := msg.(type) {
	case lendTerminalMsg:
		return true, tea.ExecProcess(m.cmd, func(err error) tea.Msg { m.done <- err; return terminalBackMsg{} })
	case terminalBackMsg:
		return true, nil
	}
	return false, nil
}

// handlers are the root's handlers: the session, and the terminal lender when there is one.
func handlers(sess *session.Session, l *terminalLender) []ui.Handler {
	if l == nil {
		return []ui.Handler{sess}
	}
	return []ui.Handler{sess, l}
}

// demoSignIn signs in as the demo account's ops-admin, a RAM user (so AssumeRole works), with
// a key issued for this run.
func (c *appConfig) demoSignIn(sim *ramsim.Running) error {
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		return fmt.Errorf("demo sign-in: %w", err)
	}
	// :profile lists the simulator's accounts: the demo company, and its partner as its admin
	// and as the staff member who works in the demo account through a role.
	partner := sim.AccountByID(account.PartnerAccountID)
	pid, psecret, err := partner.IssueAccessKey("mei.lin")
	if err != nil {
		return fmt.Errorf("demo sign-in: %w", err)
	}
	aid, asecret, err := partner.IssueAccessKey("vendor-admin")
	if err != nil {
		return fmt.Errorf("demo sign-in: %w", err)
	}
	c.profiles = kit.ProfilesConfig{FixedOnly: true, Fixed: []kit.FixedProfile{
		{Name: "acme-cloud (ops-admin)", Mode: "RAM user", Credentials: ramclient.Credentials{
			AccessKeyID: id, AccessKeySecret: secret, Source: "demo (RAM user ops-admin)", Label: "demo user ops-admin"}},
		{Name: "partner (vendor-admin)", Mode: "RAM user", Credentials: ramclient.Credentials{
			AccessKeyID: aid, AccessKeySecret: asecret, Source: "demo partner (RAM user vendor-admin)", Label: "demo user vendor-admin"}},
		{Name: "partner (mei.lin)", Mode: "RAM user", Credentials: ramclient.Credentials{
			AccessKeyID: pid, AccessKeySecret: psecret, Source: "demo partner (RAM user mei.lin)", Label: "demo user mei.lin"}},
	}}
	c.endpoint = sim.Endpoint
	c.profile = "demo"
	c.connect = func(context.Context) (*ramclient.Client, error) {
		return ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{
			AccessKeyID: id, AccessKeySecret: secret, Source: "demo (RAM user ops-admin)", Label: "demo user ops-admin"}})
	}
	return nil
}

// newApp builds the root model: the start screen, then the top-level lists and the palette.
// The session (who ramtui talks to RAM as) is handed to the screens, which read the client
// from it, and to the root, which routes the session's messages to it.
func newApp(c appConfig) tea.Model {
	if d := c.debug; d != nil { // --debug: log the messages and API calls of the app below
		c.connect, c.debug = d.watchCalls(c.connect), nil
		return d.wrap(newApp(c))
	}
	sess := &session.Session{}
	d := &views.Deps{Session: sess, Theme: c.theme, Keys: c.keys, Drafts: kit.NewDrafts(),
		Switch: kit.SwitchConfig{Keys: &c.keys.Switch, Endpoint: c.endpoint, Dirs: c.dirs, Site: c.site,
			Duration: c.settings.duration, SessionName: c.settings.sessionName},
		Profiles: c.profiles}
	if c.deps != nil {
		c.deps(d)
	}
	sess.Now = d.CurrentTime
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
	return ui.New(ui.Options{
		Theme: c.theme, Keys: c.keys, Tabs: tabs, Commands: cmds,
		Header:   ui.Header{Profile: profile, Endpoint: where, Demo: c.demo, ReadOnly: c.readOnly, Accent: c.settings.accent},
		Start:    views.NewStartup(d, where, c.connect),
		Handlers: handlers(sess, c.lender),
		Creds: func() ui.CredsInfo {
			label, until, renews := sess.Credentials()
			return ui.CredsInfo{Source: label, Until: until, Renews: renews}
		},
		Clipboard:  c.settings.clipboard,
		FlashTimer: c.flashTimer,
	})
}
