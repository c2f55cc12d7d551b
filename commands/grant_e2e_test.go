package commands

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ui/components"
)

// The grant workflow on the real binary in a real terminal at 80x24 without colour: the
// wizard typed field by field, the plan, the confirmation, the verification table with live
// probes, every frame within 80 columns, and a clean exit.
func TestEndToEndGrantInTmux(t *testing.T) {
	bin := ramtuiBinary(t)
	home := t.TempDir()
	s := startTmux(t, 80, 24, fmt.Sprintf("env NO_COLOR=1 HOME=%s XDG_CONFIG_HOME=%s/config XDG_CACHE_HOME=%s/cache %s --demo", home, home, home, bin))
	s.waitFor("first screen", "Users (21)")
	fits := func(scr string) {
		t.Helper()
		for i, line := range strings.Split(scr, "\n") {
			if w := components.Width(line); w > 80 {
				t.Errorf("line %d is %d cells wide at 80 columns: %q", i+1, w, line)
			}
		}
	}

	s.keys(":", "grant", "Enter")
	fits(s.waitFor("wizard", "What the developer asked for", "┃ Bucket"))
	s.keys("oss-test", "Enter")
	s.waitFor("directory field", "┃ Directory")
	s.keys("dir111/dir111_secondline1", "Enter")
	s.waitFor("user field", "┃ RAM user")
	s.keys("devops_te", "C-e")
	s.waitFor("completed user", "> devops_test")
	s.keys("Enter")
	s.waitFor("region field", "┃ Region")
	s.keys("Enter")
	fits(s.waitFor("second page", "What the grant makes", "┃ Access"))
	for _, next := range []string{"┃ Role name", "┃ Max session", "┃ Description"} {
		s.keys("Enter")
		s.waitFor("next field", next)
	}
	s.keys("Enter")
	fits(s.waitFor("plan", "Plan: 3 changes, nothing made yet", "1. create   policy oss-test-dir111-dir111-secondline1-oss"))
	s.keys("Enter")
	s.waitFor("confirmation", "Apply the grant: 3 changes?")
	s.keys("y")
	scr := s.waitFor("verified", "Verified: ready to hand over.", "✓  list the directory", "AccessDenied", "#0")
	fits(scr)
	if strings.Contains(scr, "✗") {
		t.Errorf("a probe or check failed:\n%s", scr)
	}

	s.keys("C-c")
	scr = s.waitFor("quit", "ramtui exited with status")
	if !strings.Contains(scr, "ramtui exited with status 0") {
		t.Fatalf("ramtui did not exit cleanly:\n%s", scr)
	}
}
