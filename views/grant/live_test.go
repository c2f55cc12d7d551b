package grant

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
	"github.com/ramtui/ramtui/views/kit"
)

// verifiedSeed applies the seed's grant on a demo simulator (as ops-admin) and returns the
// driver on its verification.
func verifiedSeed(t *testing.T, deps *kit.Deps) *viewtest.Driver {
	t.Helper()
	d := viewtest.Drive(t, NewPlan(deps, seedReq), 120, 40)
	d.Key("enter")
	yes(t, d)
	requireText(t, d, "Verified: ready to hand over.", "✓ the probe objects are removed")
	return d
}

// requestIDs are the OSS request ids of the verification's probes.
func requestIDs(d *viewtest.Driver) []string {
	var ids []string
	for _, p := range d.S.(*flow).ver.Probes {
		if p.RequestID != "" {
			ids = append(ids, p.RequestID)
		}
	}
	return ids
}

// P on the verification against the simulator, where the live probes already ran, makes them
// again: new OSS requests (new request ids), every one as expected, nothing left behind.
func TestLiveProbesKeyOnTheSimulatorRunsThemAgain(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	d := verifiedSeed(t, deps)
	before := requestIDs(d)
	if len(before) == 0 {
		t.Fatal("no live probe on the simulator")
	}
	d.Others = nil
	d.Key("P")
	if len(d.Pushed()) != 0 {
		t.Fatalf("against the simulator P asked something: %v", d.Pushed())
	}
	requireText(t, d, "Verified: ready to hand over.", "✓ the probe objects are removed")
	after := requestIDs(d)
	if len(after) != len(before) || after[0] == before[0] {
		t.Fatalf("request ids before %v, after %v: the probes were not made again", before, after)
	}
	if !d.S.(*flow).ver.OK() {
		t.Fatalf("not every probe as expected:\n%s", wholeView(d))
	}
}

// The form P opens on a real account, driven against the simulator with its endpoint (the same
// code; only the choice between running again and asking is skipped): region, endpoint and
// the user's own AccessKey pasted; one confirmation naming the bucket, the endpoint and the key
// (never its secret); then the probes as that user's session, the AssumeRole signed with the
// pasted key (no temporary key made), and the secret nowhere on screen or in the API log.
func TestLiveProbesFormWithTheUsersOwnKey(t *testing.T) {
	sim := viewtest.Sim(t, "demo")
	deps := viewtest.DepsAs(t, sim, "ops-admin")
	d := verifiedSeed(t, deps)
	keyID, secret, err := sim.Account().IssueAccessKey(seedReq.User)
	if err != nil {
		t.Fatal(err)
	}
	fl := d.S.(*flow)
	form := viewtest.Drive(t, fl.liveForm(), 80, 24)
	setInput := func(text string) {
		form.Press(tea.KeyCtrlU)
		form.Type(text)
		form.Key("enter")
	}
	setInput("cn hangzhou")
	form.RequireView("is not a region id")
	viewtest.Fits(t, form.View(), 80, 24)
	setInput("cn-hangzhou")
	setInput(deps.Client().Endpoint())
	setInput(keyID)
	setInput("") // no secret: refused before anything is asked
	if c := viewtest.Last[screen.ConfirmMsg](form); c.Question != "" {
		t.Fatalf("asked without the secret: %+v", c)
	}
	form.RequireView("paste the secret of " + keyID)
	form.Type(secret)
	if strings.Contains(form.View(), secret) {
		t.Fatalf("the pasted secret is shown:\n%s", form.View())
	}
	form.Key("enter")
	c := viewtest.Last[screen.ConfirmMsg](form)
	all := c.Question + "\n" + strings.Join(c.Details, "\n")
	for _, want := range []string{"oss://oss-test/ at " + deps.Client().Endpoint(), "with the AccessKey " + keyID + " you pasted",
		"writes one probe object", "deletes it", "tries to write outside"} {
		if !strings.Contains(all, want) {
			t.Errorf("the confirmation lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, secret) {
		t.Fatal("the confirmation shows the secret")
	}
	seq := lastSeq(deps.Client())
	form.Others = nil
	form.Run(c.OnYes)
	live := viewtest.Last[liveMsg](form)
	if live.plan == nil || len(viewtest.All[screen.PopMsg](form)) != 1 {
		t.Fatalf("yes: %v", form.Others)
	}
	d.Deliver(live)
	requireText(t, d, "Verified: ready to hand over.", "✓ the probe objects are removed", "Live probes made at "+deps.Client().Endpoint(),
		"AssumeRole as user devops_test")
	requireRows(t, d, `✓ write inside Allow Allow Allowed Statement\[1\] of oss-test-dir111-dir111-secondline1-oss v1 [0-9A-F]+`)
	if got := changesSince(deps.Client(), seq); strings.Contains(strings.Join(got, " "), "CreateAccessKey") {
		t.Errorf("a temporary key was made although the user's own was pasted: %v", got)
	}
	if !fl.ver.OK() {
		t.Fatalf("not every probe as expected:\n%s", wholeView(d))
	}
	for _, e := range deps.Client().Log().Entries() {
		if strings.Contains(fmt.Sprintf("%+v", e), secret) {
			t.Fatalf("the API log holds the pasted secret: %+v", e)
		}
	}
	if strings.Contains(wholeView(d), secret) {
		t.Fatal("the verification shows the pasted secret")
	}
}
