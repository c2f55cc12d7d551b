package commands

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/views"
)

// movingClock is the simulator's, the client's and the screens' clock: the test moves it past
// a role session's end instead of waiting half an hour.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *movingClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestJourneyRoleProfileOutlivesItsSession (issue 13 item 2): the TUI signed in with a
// RamRoleArn profile (a fixture config.json against ramsim, 30-minute sessions) says so in the
// header with the session's end, and keeps working after that end: a tab opened after expiry
// loads, with the renewed session's end in the header. The simulator really refuses the first
// session by then, so the test would fail without the renewal.
func TestJourneyRoleProfileOutlivesItsSession(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	// Starting at the real time: a client that ignored the test's clock would not renew (and
	// this test would fail), rather than renew before every call.
	start := time.Now().Truncate(time.Minute)
	clk := &movingClock{t: start}
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo", Clock: clk.Now}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	id, secret, err := sim.Account().IssueAccessKey("ops-admin")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := os.ReadFile("../ramclient/testdata/config/roles.json.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	cfgFile := strings.NewReplacer("{{AK}}", id, "{{SECRET}}", secret, "{{ACCOUNT}}", sim.Account().ID()).Replace(string(tmpl))
	if err := os.MkdirAll(filepath.Join(home, ".aliyun"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ramclient.CLIConfigPath(home), []byte(cfgFile), 0o600); err != nil {
		t.Fatal(err)
	}
	var signedIn atomic.Pointer[ramclient.Client]
	cfg := appConfig{keys: keymap.Default(), theme: theme.New(true), endpoint: sim.Endpoint, profile: "role",
		deps: func(d *views.Deps) { d.Now = clk.Now },
		connect: func(ctx context.Context) (*ramclient.Client, error) {
			creds, err := ramclient.ResolveCredentials(ctx, ramclient.CredentialOptions{HomeDir: home, Profile: "role",
				Endpoint: sim.Endpoint, Getenv: func(string) string { return "" }})
			if err != nil {
				return nil, err
			}
			c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: creds, Clock: clk.Now})
			signedIn.Store(c)
			return c, err
		}}
	j := &journey{t: t, acct: sim.Account().ID()}
	j.run(cfg, 120, 30)

	j.waitFor("as role/ops-readonly/fixture-session", "via profile role · RamRoleArn", "until "+start.Add(30*time.Minute).Format("15:04")+" ↻", "zhang.wei")
	first := signedIn.Load().Credentials()
	clk.Add(31 * time.Minute)
	stale, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint, Credentials: ramclient.Credentials{
		AccessKeyID: first.AccessKeyID, AccessKeySecret: first.AccessKeySecret, SecurityToken: first.SecurityToken}})
	if err != nil {
		t.Fatal(err)
	}
	defer stale.Close()
	if _, err := stale.CallerIdentity(context.Background()); err == nil {
		t.Fatal("the simulator still accepts the first session: this test proves nothing")
	}
	j.keys("2") // a screen that loads after the session's end
	j.waitFor("Groups (7)", "auditors", "until "+start.Add(61*time.Minute).Format("15:04")+" ↻")
	j.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	j.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}
