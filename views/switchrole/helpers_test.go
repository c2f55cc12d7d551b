package switchrole

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/keymap"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/session"
	"github.com/ramtui/ramtui/ui/components"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/theme"
	"github.com/ramtui/ramtui/userdata"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// driver is viewtest.Driver plus the switch screens' typing helpers.
type driver struct{ *viewtest.Driver }

func drive(t *testing.T, s screen.Screen, w, h int) *driver {
	return &driver{viewtest.Drive(t, s, w, h)}
}

var (
	testNow = viewtest.Now
	collect = viewtest.Collect
)

var reRequestID = regexp.MustCompile(`RequestId [0-9A-F-]+`)

var updateSwitchGolden = flag.Bool("switch-update", false, "rewrite the switch-role golden files")

func init() {
	// The countdown ticks forever; the synchronous test driver must not follow it.
	switchTick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
}

// switchEnv is a demo simulator and a client signed in as one of its users ("" = root).
type switchEnv struct {
	sim  *ramsim.Running
	d    *Deps
	cfg  SwitchConfig
	acct string
}

func newSwitchEnv(t *testing.T, user string) *switchEnv {
	t.Helper()
	sim, err := ramsim.Start(ramsim.Options{Seed: "demo", Clock: func() time.Time { return testNow }}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return &switchEnv{sim: sim, d: depsAs(t, sim, user), acct: sim.Account().ID(),
		cfg: SwitchConfig{Dirs: userdata.Dirs{Config: t.TempDir(), Cache: t.TempDir()},
			CLIConfigPath: filepath.Join(t.TempDir(), "config.json")}}
}

func depsAs(t *testing.T, sim *ramsim.Running, user string) *Deps {
	t.Helper()
	var id, secret string
	if user == "" {
		id, secret = sim.Account().RootKey()
	} else {
		var err error
		if id, secret, err = sim.Account().IssueAccessKey(user); err != nil {
			t.Fatal(err)
		}
	}
	c, err := ramclient.New(ramclient.Options{Endpoint: sim.Endpoint,
		Credentials: ramclient.Credentials{AccessKeyID: id, AccessKeySecret: secret, Source: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return &Deps{Session: session.New(c, ""), Theme: theme.New(true), Keys: keymap.Default(), Now: func() time.Time { return testNow }}
}

func (e *switchEnv) arn(role string) string { return "acs:ram::" + e.acct + ":role/" + role }

// typeText sends text as one runes message (non-ASCII safe), like a paste.
func (d *driver) typeText(s string) { d.Deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}) }

func (d *driver) special(t tea.KeyType) { d.Deliver(tea.KeyMsg{Type: t}) }

// flashes returns the flash texts the screen sent up.
func (d *driver) flashes() []string {
	var out []string
	for _, m := range d.Others {
		if f, ok := m.(screen.FlashMsg); ok {
			out = append(out, f.Text)
		}
	}
	return out
}

func othersOf[T any](d *driver) []T {
	var out []T
	for _, m := range d.Others {
		if v, ok := m.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// checkFits asserts the view is at most w x h cells.
func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines, more than %d", len(lines), h)
	}
	for i, l := range lines {
		if n := components.Width(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, n, w, l)
		}
	}
}

// golden compares view (with the random account id replaced) to testdata/switch_<name>.golden.
func golden(t *testing.T, name, view, acct string) {
	t.Helper()
	if acct != "" {
		view = strings.ReplaceAll(view, acct, "<account>")
		// A cut ARN may end inside the (random) account id.
		for n := len(acct) - 1; n >= 6; n-- {
			view = strings.ReplaceAll(view, acct[:n]+"…", "<acc…")
		}
	}
	// RequestIds are random; keep their width (a narrow line may cut one).
	view = reRequestID.ReplaceAllStringFunc(view, func(id string) string {
		return "RequestId " + strings.Map(func(r rune) rune {
			if r == '-' {
				return r
			}
			return '0'
		}, strings.TrimPrefix(id, "RequestId "))
	})
	path := filepath.Join("testdata", "switch_"+name+".golden")
	if *updateSwitchGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(view), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -switch-update to create it)", err)
	}
	if string(want) != view {
		t.Errorf("%s differs from the golden file (run with -switch-update to accept):\n--- got\n%s\n--- want\n%s", name, view, want)
	}
}

// typeName is a message's type, e.g. "tea.execMsg" for tea.ExecProcess (unexported).
func typeName(v any) string { return fmt.Sprintf("%T", v) }
