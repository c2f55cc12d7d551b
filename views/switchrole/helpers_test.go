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

	"github.com/ramtui/ramtui/ramsim"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/ui/screen/screentest"
	"github.com/ramtui/ramtui/userdata"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// driver is the shared screen driver (views/internal/viewtest).
type driver = viewtest.Driver

func drive(t *testing.T, s screen.Screen, w, h int) *driver { return viewtest.Drive(t, s, w, h) }

var (
	testNow = viewtest.Now
	collect = screentest.Collect
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
	sim := viewtest.Sim(t, "demo")
	return &switchEnv{sim: sim, d: viewtest.DepsAs(t, sim, user), acct: sim.Account().ID(),
		cfg: SwitchConfig{Dirs: userdata.Dirs{Config: t.TempDir(), Cache: t.TempDir()},
			CLIConfigPath: filepath.Join(t.TempDir(), "config.json")}}
}

func (e *switchEnv) arn(role string) string { return "acs:ram::" + e.acct + ":role/" + role }

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
