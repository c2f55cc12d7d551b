package commands

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// The first hour of a new user, in a real tmux at 80x24 with NO_COLOR=1: find
// AdministratorAccess by filter on the Policies tab, add a user to a group and remove them,
// make a change the account refuses, read its error whole with E, and again from the API log
// with enter.
func TestEndToEndFirstHourInTmux(t *testing.T) {
	bin := ramtuiBinary(t)
	home := t.TempDir()
	s := startTmux(t, 80, 24, fmt.Sprintf("env -u CI NO_COLOR=1 HOME=%s XDG_CONFIG_HOME=%s/config XDG_CACHE_HOME=%s/cache %s --demo", home, home, home, bin))
	s.waitFor("first screen", "Users (21)")

	s.keys("4")
	s.waitFor("policies", "All policies")
	s.keys("/", "A", "d", "m", "i", "n", "i", "s", "t", "r", "a", "t", "o", "r", "A", "c", "c", "e", "s", "s", "Enter")
	s.waitFor("AdministratorAccess found", "All policies (1/", "AdministratorAccess", "System")
	// NO_COLOR forbids colour, not attributes: the cursor row is drawn in reverse video. (CI is
	// unset for the program: termenv draws no attributes at all when CI is set, as in CI runs.)
	reverse := regexp.MustCompile(`\x1b\[(?:[0-9]*;)*7m`) // SGR 7, as tmux writes it (e.g. ESC[0;7m)
	cursorShown := false
	for _, line := range strings.Split(s.tmux("capture-pane", "-p", "-e", "-t", "e2e"), "\n") {
		if strings.Contains(line, "AdministratorAccess") && reverse.MatchString(line) {
			cursorShown = true
		}
	}
	if !cursorShown {
		t.Errorf("under NO_COLOR=1 the cursor row is not in reverse video:\n%q", s.tmux("capture-pane", "-p", "-e", "-t", "e2e"))
	}

	// Add a user to a group from the group's Members section, and remove them again.
	s.keys("2")
	s.waitFor("groups", "Groups (")
	s.keys("Enter")
	s.waitFor("the group", "auditors", "Internal audit (read-only)", "Members (2)") // the breadcrumb is shortened at 80 columns
	s.keys("a")
	s.waitFor("the user picker", "Add members", "NOW", "enter add to group")
	s.keys("/", "a", "l", "i", "c", "e", "Enter")
	s.waitFor("alice found", "alice.wong")
	s.keys("Enter")
	s.waitFor("the add confirmation", "Add 1 user to group auditors?", "user alice.wong")
	s.keys("y")
	s.waitFor("alice is a member", "Members (3)", "alice.wong")
	s.keys("g", "x") // members in the listing's (name) order: alice.wong joined first, not last
	s.waitFor("the remove confirmation", "Remove 1 user from group auditors?", "user alice.wong")
	s.keys("y")
	if scr := s.waitFor("alice is not a member", "Members (2)", "wu.hao"); strings.Contains(scr, "alice.wong") {
		t.Errorf("alice.wong is still a member:\n%s", scr)
	}
	s.keys("Escape")
	s.waitFor("back on the groups", "Groups (")

	// A group with members cannot be deleted: the flash is cut, E shows it whole.
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
	// esc, then L once the list is back: an L sent 30 ms after esc can arrive in the same read
	// and be taken for alt+L under load (the walk failed so, never alone).
	s.keys("Escape")
	s.waitFor("back on the groups", "NAME", "COMMENTS")
	s.keys("L")
	s.waitFor("the API log", "API l", "REQUEST ID") // the breadcrumb is shortened at 80 columns
	s.keys("/", "D", "e", "l", "e", "t", "e", "G", "r", "o", "u", "p", "Enter", "Enter")
	s.waitFor("the call from the log", "error DeleteGroup", "DeleteConflict.Group.User", "Request ID")
}
