package commands

import (
	"fmt"
	"strings"
	"testing"
)

// The first hour of a new user, in a real tmux at 80x24 with NO_COLOR=1: find
// AdministratorAccess by filter on the Policies tab, make a change the account refuses, read
// its error whole with E, and again from the API log with enter.
func TestEndToEndFirstHourInTmux(t *testing.T) {
	bin := ramtuiBinary(t)
	home := t.TempDir()
	s := startTmux(t, 80, 24, fmt.Sprintf("env NO_COLOR=1 HOME=%s XDG_CONFIG_HOME=%s/config XDG_CACHE_HOME=%s/cache %s --demo", home, home, home, bin))
	s.waitFor("first screen", "Users (21)")

	s.keys("4")
	s.waitFor("policies", "All policies")
	s.keys("/", "A", "d", "m", "i", "n", "i", "s", "t", "r", "a", "t", "o", "r", "A", "c", "c", "e", "s", "s", "Enter")
	s.waitFor("AdministratorAccess found", "All policies (1/", "AdministratorAccess", "System")

	// A group with members cannot be deleted: the flash is cut, E shows it whole.
	s.keys("2")
	s.waitFor("groups", "Groups (")
	s.keys("D")
	s.waitFor("confirmation", "Delete 1 group?")
	s.keys("y")
	s.waitFor("the error flash", "E whole error", "DeleteConflict")
	s.keys("E")
	scr := s.waitFor("the whole error", "DeleteGroup failed (conflict)", "Code", "DeleteConflict.Group.User", "Request ID", "GroupName")
	for i, line := range strings.Split(scr, "\n") {
		if len([]rune(line)) > 80 {
			t.Errorf("line %d is wider than 80: %q", i+1, line)
		}
	}
	s.keys("Escape", "L")
	s.waitFor("the API log", "API log")
	s.keys("/", "D", "e", "l", "e", "t", "e", "G", "r", "o", "u", "p", "Enter", "Enter")
	s.waitFor("the call from the log", "error DeleteGroup", "DeleteConflict.Group.User", "Request ID")
}
