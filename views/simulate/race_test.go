package simulate

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/access"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// The account's actions arrive (twice: a second answer meanwhile) while huh would be working
// out the action field's suggestions in a command's goroutine: under go test -race nothing
// the event loop writes is read there, and the completion is the last answer's.
func TestActionSuggestionsAreSetOnTheEventLoop(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	dr := viewtest.Drive(t, NewForm(d, access.Principal{Kind: access.User, Name: "zhang.wei"}, nil), 120, 40)
	dr.Key("enter", "enter") // the kind (user), the name
	dr.RequireView("Action")
	dr.Concurrently(actionsLoaded{actions: []string{"first:Answer"}}, func() {
		dr.Deliver(actionsLoaded{actions: []string{"custom:DoThing", "ecs:RebootInstance"}})
	})
	dr.Type("custom:D")
	dr.Deliver(tea.KeyMsg{Type: tea.KeyCtrlE}) // accept the completion
	dr.RequireView("custom:DoThing")
}
