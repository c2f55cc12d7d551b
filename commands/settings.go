package commands

import (
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ramtui/ramtui/config"
	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
)

// tuiSettings is what config.yaml (and keys.json) change in the TUI for this start.
type tuiSettings struct {
	keys     *keymap.KeyMap
	readOnly bool   // --read-only, or the profile's read_only
	accent   string // the profile's header colour
	profile  string // whose settings apply
	cfg      *config.Config
}

// loadTUISettings reads the settings for the profile the TUI will use. A bad file stops the
// start with file:line (exit 2) before the screen is taken over.
func loadTUISettings(f *rootFlags) (tuiSettings, error) {
	cfg, err := loadSettings(config.Path())
	if err != nil {
		return tuiSettings{}, err
	}
	name := settingsProfile(f)
	prof := cfg.Profile(name)
	s := tuiSettings{readOnly: f.readOnly || prof.ReadOnly, accent: prof.Accent, profile: name, cfg: cfg}
	if s.keys, err = keymap.LoadWith(keymap.ConfigPath(), cfg.Keys, s.readOnly); err != nil {
		return tuiSettings{}, withCode(exitUsage, err)
	}
	switch cfg.Theme {
	case config.ThemeDark:
		lipgloss.SetHasDarkBackground(true)
	case config.ThemeLight:
		lipgloss.SetHasDarkBackground(false)
	}
	return s, nil
}

// programOptions are the Bubble Tea options the settings ask for.
func (s tuiSettings) programOptions() []tea.ProgramOption {
	if s.cfg.Mouse {
		return []tea.ProgramOption{tea.WithMouseCellMotion()}
	}
	return nil
}

// settingsProfile names the profile whose settings apply: "demo" for --demo, else the profile
// the credentials come from (--profile, ALIBABA_CLOUD_PROFILE, or the aliyun CLI's current
// profile when no AccessKey is in the environment).
func settingsProfile(f *rootFlags) string {
	switch {
	case f.demo:
		return "demo"
	case f.profile != "":
		return f.profile
	case os.Getenv("ALIBABA_CLOUD_PROFILE") != "":
		return os.Getenv("ALIBABA_CLOUD_PROFILE")
	case os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID") != "":
		return ""
	}
	ps, _ := ramclient.ListProfiles("")
	for _, p := range ps {
		if p.Current {
			return p.Name
		}
	}
	return ""
}

// appSettings are the settings from config.yaml the TUI's root and switch form use.
type appSettings struct {
	accent      string // the header colour of the profile
	clipboard   string // how "c" copies; "" = auto
	duration    time.Duration
	sessionName func(user, role string) string // nil = the caller's name
}

func (s tuiSettings) app() appSettings {
	a := appSettings{accent: s.accent, clipboard: s.cfg.Clipboard, duration: s.cfg.Session.Duration}
	if s.cfg.Session.Name != config.Default().Session.Name {
		profile, cfg := s.profile, s.cfg
		a.sessionName = func(user, role string) string { return cfg.SessionName(user, profile, role) }
	}
	return a
}

// sessionDefaults applies config.yaml's role-session defaults to `ramtui assume` where the
// command line gave none. Without a file nothing changes; a bad file is a usage error.
func sessionDefaults(f *rootFlags, o *assumeOpts) error {
	cfg, err := loadSettings(config.Path())
	if err != nil || cfg.File == "" {
		return err
	}
	if o.duration == 0 && cfg.Session.Duration != config.Default().Session.Duration {
		o.duration = cfg.Session.Duration
	}
	if o.sessionName == "" && cfg.Session.Name != config.Default().Session.Name {
		profile := settingsProfile(f)
		o.namesFor = func(user, role string) string { return cfg.SessionName(user, profile, role) }
	}
	return nil
}
