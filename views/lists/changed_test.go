package lists

import (
	"context"
	"strings"
	"testing"

	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/details"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

// Making another version the default on a policy's screen reaches the Policies list open in
// its tab: it loads again and shows the new DEFAULT (it kept the old one).
func TestPoliciesListShowsANewDefaultVersionMadeElsewhere(t *testing.T) {
	d := viewtest.NewDeps(t, "demo")
	ctx := context.Background()
	pol, err := d.Client().GetPolicy(ctx, "ci-deploy", ramclient.PolicyCustom)
	if err != nil {
		t.Fatal(err)
	}
	list := viewtest.Drive(t, NewPolicies(d), 160, 40)
	list.S.(screen.Filterable).SetFilter("ci-deploy")
	list.RequireView("ci-deploy", pol.DefaultVersion)

	det := viewtest.Drive(t, details.NewPolicy(d, "ci-deploy", ramclient.PolicyCustom), 160, 40)
	det.Key("l", "g") // Versions, the first (v1: not the default)
	det.Key("t")
	ask := viewtest.Last[screen.ConfirmMsg](det)
	if !strings.Contains(ask.Question, "Make v1 the default") {
		t.Fatalf("asked %q", ask.Question)
	}
	det.Run(ask.OnYes)
	changed := viewtest.Last[screen.ChangedMsg](det)
	if changed.From != det.S.ID() || changed.Kind != "policy" || changed.Name != "ci-deploy" {
		t.Fatalf("the change was not announced: %+v", changed)
	}
	list.Deliver(changed) // what the root does: every other open screen gets it
	row := ""
	for _, line := range strings.Split(list.View(), "\n") {
		if strings.Contains(line, "ci-deploy") {
			row = line
		}
	}
	if strings.Contains(row, pol.DefaultVersion) || !strings.Contains(row, "v1") {
		t.Fatalf("the list still shows the old default %s: %q", pol.DefaultVersion, row)
	}
}
