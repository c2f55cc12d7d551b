package commands

import (
	"testing"
	"time"
)

// keysSlowly sends keys with a pause after each: a form moves to its next field through a
// command of its own, which a key sent at once could overtake (a person types slower).
func (j *journey) keysSlowly(ks ...string) {
	for _, k := range ks {
		j.keys(k)
		time.Sleep(300 * time.Millisecond)
	}
}

// The permission simulator through the program: from a user's screen, p opens the form with
// the user filled in; the action is typed; the decision is an explicit deny from the user's
// group auditors, and the Documents section marks the deciding statement.
func TestJourneySimulateFromAUser(t *testing.T) {
	j := startJourney(t, 120, 40, false)
	j.waitFor("acme-cloud", "Users (21)")
	j.keys("/", "zhou.jie", "enter", "enter")
	j.waitFor("Groups (2)", "auditors")
	j.keys("p")
	j.waitFor("Would this principal be allowed", "Principal  user zhou.jie")
	j.keysSlowly("enter", "enter") // the kind (user), the name
	j.waitFor("Request", "Action")
	j.keysSlowly("actiontrail:DeleteTrail")
	j.waitFor("Action     actiontrail:DeleteTrail")
	j.keysSlowly("enter", "enter", "enter") // the action, the resource (*), no context: submit
	j.waitFor("EXPLICIT DENY", "Deciding (1)", "deny-actiontrail-delete", "group auditors")
	j.keysSlowly("right", "right")
	j.waitFor("Explicitly denied by deny-actiontrail-delete", "deciding Statement[0] marked ▶")
	j.finish()
}
