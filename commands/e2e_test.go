package commands

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ramtui/ramtui/ui/components"
)

// tmuxSession drives the real binary in a real terminal: a private tmux server (its own socket,
// so a user's tmux is never touched), keys sent like a user types them, the screen read back.
type tmuxSession struct {
	t      *testing.T
	socket string
}

func startTmux(t *testing.T, width, height int, command string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("ramtui-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	// The shell prints the exit status after ramtui ends and keeps the pane open, so a test can
	// read how it ended (and a crash's output) from the screen.
	wrapped := command + `; echo "ramtui exited with status $?"; sleep 60`
	s.tmux("new-session", "-d", "-s", "e2e", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), "sh", "-c", wrapped)
	t.Cleanup(s.end)
	return s
}

// end quits ramtui if it still runs and waits for its exit, then kills the tmux server. Killed
// at once, ramtui could still be writing its cache (a :profile row's check remembers its
// account) while the test removed the temporary home: "TempDir RemoveAll cleanup: unlinkat
// …/cache/ramtui: directory not empty" failed TestEndToEndAccountsInTmux at load 40.
func (s *tmuxSession) end() {
	defer exec.Command("tmux", "-L", s.socket, "kill-server").Run()
	exited := func() bool {
		out, err := exec.Command("tmux", "-L", s.socket, "capture-pane", "-p", "-t", "e2e").Output()
		return err != nil || strings.Contains(string(out), "ramtui exited with status")
	}
	if exited() {
		return
	}
	exec.Command("tmux", "-L", s.socket, "send-keys", "-t", "e2e", "C-c").Run() // ctrl+c always quits
	for deadline := time.Now().Add(20 * time.Second); !exited() && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.tmux("capture-pane", "-p", "-t", "e2e") }

// keys sends each key on its own, the way a person types.
func (s *tmuxSession) keys(keys ...string) {
	for _, k := range keys {
		s.tmux("send-keys", "-t", "e2e", k)
		time.Sleep(30 * time.Millisecond)
	}
}

// waitFor waits until the screen shows every text, and returns it.
func (s *tmuxSession) waitFor(what string, texts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := s.screen()
		missing := ""
		for _, x := range texts {
			if !strings.Contains(scr, x) {
				missing = x
				break
			}
		}
		if missing == "" {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: the screen never showed %q; it shows:\n%s", what, missing, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestEndToEndBrowseInTmux is the journey of issue 5 on the real binary: users -> a user ->
// back -> roles -> filter -> a role, then quit.
func TestEndToEndBrowseInTmux(t *testing.T) {
	bin := ramtuiBinary(t)
	home := t.TempDir()
	s := startTmux(t, 120, 40, fmt.Sprintf("env HOME=%s XDG_CONFIG_HOME=%s/config XDG_CACHE_HOME=%s/cache %s --demo", home, home, home, bin))

	scr := s.waitFor("first screen", "[DEMO]", "user/ops-admin", "Users (21)", "zhang.wei", "张伟")
	if !strings.Contains(scr, "1 Users") || !strings.Contains(scr, "? help") {
		t.Errorf("tabs or key hints missing:\n%s", scr)
	}

	s.keys("j", "j", "j", "j", "Enter")
	s.waitFor("a user", "user chen.jing", "陈静", "Groups (", "Policies (", "AccessKeys (")

	s.keys("Escape")
	// The list's own column titles: "Users (21)" is in the user screen's breadcrumb too, so
	// under load the check could run before esc was handled.
	scr = s.waitFor("back to users", "Users (21)", "DISPLAY NAME")
	if strings.Contains(scr, "user chen.jing") {
		t.Errorf("esc did not go back:\n%s", scr)
	}

	s.keys("3")
	s.waitFor("roles", "Roles (11)", "ops-readonly", "security-audit")

	s.keys("/", "o", "p", "s", "-", "r")
	s.waitFor("filtered roles", "Roles (1/11)", "ops-readonly")
	s.keys("Enter", "Enter")
	s.waitFor("a role", "role ops-readonly", "Who can assume", "RAM user ops-admin")

	s.keys("C-c")
	scr = s.waitFor("quit", "ramtui exited with status")
	if !strings.Contains(scr, "ramtui exited with status 0") {
		t.Fatalf("ramtui did not exit cleanly:\n%s", scr)
	}
}

// At 80x24 with Chinese names the list still fits and aligns; below it, the screen says so.
func TestEndToEndSmallTerminalInTmux(t *testing.T) {
	bin := ramtuiBinary(t)
	home := t.TempDir()
	s := startTmux(t, 80, 24, fmt.Sprintf("env HOME=%s %s --demo", home, bin))
	scr := s.waitFor("80x24", "Users (21)", "张伟")
	for i, line := range strings.Split(scr, "\n") {
		if w := components.Width(line); w > 80 {
			t.Errorf("line %d is %d cells wide at 80 columns: %q", i+1, w, line)
		}
	}
	s.tmux("resize-window", "-t", "e2e", "-x", "70", "-y", "20")
	s.waitFor("too small", "too small")
}
