package commands

import "testing"

// Tab 6 is the identity providers; :idp opens it too; enter shows a provider with the roles
// that trust it.
func TestJourneyProvidersTab(t *testing.T) {
	j := startJourney(t, 120, 40, false)
	j.waitFor("acme-cloud", "Users (21)")
	j.keys("6")
	j.waitFor("Providers (2)", "azure-ad", "in 40d", "ack-rrsa-c8f3e2a1b4d5")
	j.keys("1", ":", "idp", "enter")
	j.waitFor("6 Providers │ Providers (2)")
	j.keys("/", "azure", "enter", "enter")
	j.waitFor("Entity ID", "Roles trusting it (1)", "sso-admin", "breaks")
	j.finish()
}
