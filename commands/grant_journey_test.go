package commands

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// The grant workflow through the whole program: :grant opens the wizard, the request is typed
// (the user completed with ctrl+e), the plan is shown whole, confirmed once, applied with
// progress, verified with live probes against the simulator, and the hand-over note shown;
// then D on the verified grant revokes it again (plan, confirmation, progress), and the grant
// screen under it, told of the change, says it is no longer ready and plans again.
func TestJourneyGrantWizardApplyVerifyRevoke(t *testing.T) {
	j := startJourney(t, 120, 40, false)
	j.waitFor("acme-cloud", "Users (21)")
	j.keys(":", "grant", "enter")
	j.waitFor("What the developer asked for", "Bucket")
	// Each field after the focus moved: huh moves it with a command of its own, and keys sent
	// before it lands go into the field being left.
	j.keys("oss-test", "enter")
	j.waitFor("┃ Directory")
	j.keys("dir111/dir111_secondline1", "enter")
	j.waitFor("┃ RAM user")
	j.keys("devops_te")
	j.waitFor("> devops_te")
	j.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlE}) // huh's "accept the suggestion"
	j.waitFor("> devops_test")
	j.keys("enter")
	j.waitFor("┃ Region")
	j.keys("enter") // no region
	j.waitFor("What the grant makes", "trusted by RAM user devops_test only")
	for _, next := range []string{"┃ Role name", "┃ Max session", "┃ Description"} { // the defaults
		j.keys("enter")
		j.waitFor(next)
	}
	j.keys("enter")
	j.waitFor("Plan: 3 changes, nothing made yet", "Permission policy oss-test-dir111-dir111-secondline1-oss")
	j.keys("enter")
	j.waitFor("Apply the grant: 3 changes?")
	j.keys("y")
	j.waitFor("Verified: ready to hand over.", "✓  list the directory", "AccessDenied", "Hand-over note")
	j.keys("D")
	j.waitFor("Plan: 3 steps, nothing changed yet")
	j.keys("enter")
	j.waitFor("Revoke the grant of role oss-test-dir111-dir111-secondline1: 3 steps?")
	j.keys("y")
	j.waitFor("Revoked: role oss-test-dir111-dir111-secondline1 no longer exists.", "✓ [3/3] done")
	j.keys("esc") // the grant below planned again: everything is to be made anew
	j.waitFor("NOT ready to hand over any more: changed since it was verified. Plan: 3 changes, nothing made yet",
		"1. create   policy oss-test-dir111-dir111-secondline1-oss")
	j.finish()
}
