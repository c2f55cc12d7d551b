package grant

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	engine "github.com/ramtui/ramtui/grant"
	"github.com/ramtui/ramtui/ramclient"
	"github.com/ramtui/ramtui/ui/screen"
	"github.com/ramtui/ramtui/views/internal/viewtest"
)

var seedReq = engine.Request{Bucket: "oss-test", Dir: "dir111/dir111_secondline1/", User: "devops_test"}

// oneSpace collapses runs of spaces, so table rows can be compared whatever their padding.
func oneSpace(s string) string { return regexp.MustCompile(` +`).ReplaceAllString(s, " ") }

// wholeView is the screen's whole text, not the window's part of it, spaces collapsed.
func wholeView(d *viewtest.Driver) string {
	f := d.S.(*flow)
	w, h := f.W, f.H
	f.SetSize(1000, 1000)
	defer f.SetSize(w, h)
	return oneSpace(d.View())
}

func requireText(t *testing.T, d *viewtest.Driver, wants ...string) {
	t.Helper()
	v := wholeView(d)
	for _, w := range wants {
		if !strings.Contains(v, w) {
			t.Fatalf("view lacks %q:\n%s", w, v)
		}
	}
}

// requireRows fails unless every pattern matches a line of the view.
func requireRows(t *testing.T, d *viewtest.Driver, patterns ...string) {
	t.Helper()
	v := wholeView(d)
	for _, p := range patterns {
		if !regexp.MustCompile("(?m)^ *" + p + " *$").MatchString(v) {
			t.Fatalf("no row matches %q:\n%s", p, v)
		}
	}
}

// yes answers the last confirmation the screen asked for with y, as the root would.
func yes(t *testing.T, d *viewtest.Driver) screen.ConfirmMsg {
	t.Helper()
	c := viewtest.Last[screen.ConfirmMsg](d)
	if c.OnYes == nil {
		t.Fatalf("no confirmation asked; view:\n%s", d.View())
	}
	d.Others = nil
	d.Run(c.OnYes)
	return c
}

// lastSeq is the number of the client's last call.
func lastSeq(c *ramclient.Client) uint64 {
	e := c.Log().Entries()
	if len(e) == 0 {
		return 0
	}
	return e[len(e)-1].Seq
}

// changesSince lists the calls after seq that may change the account.
func changesSince(c *ramclient.Client, seq uint64) []string {
	var out []string
	for _, e := range c.Log().Entries() {
		if e.Seq > seq && !strings.HasPrefix(e.Action, "Get") && !strings.HasPrefix(e.Action, "List") {
			out = append(out, e.Action)
		}
	}
	return out
}

// The seed's request end to end: the whole plan first, one confirmation, progress, the
// verification table, the hand-over note copied with c, s opening the switch into the role;
// then r plans again and the re-run changes nothing.
func TestGrantSeedRequestEndToEnd(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	d := viewtest.Drive(t, NewPlan(deps, seedReq), 120, 40)
	requireText(t, d,
		"Plan: 3 changes, nothing made yet",
		"create policy oss-test-dir111-dir111-secondline1-oss",
		"create role oss-test-dir111-dir111-secondline1",
		"Caller side: nothing needed, user devops_test may already call sts:AssumeRole",
		`"oss:Prefix": [`,
		"Bucket oss-test: exists in this account, region cn-hangzhou",
		"Trust policy of role oss-test-dir111-dir111-secondline1 (trusts RAM user devops_test only)",
		"Probes, evaluated on the planned policy",
	)
	before := lastSeq(deps.Client())
	d.Key("enter")
	c := yes(t, d)
	if !strings.Contains(c.Question, "3 changes") || len(c.Details) != 3 {
		t.Errorf("confirmation: %q %q", c.Question, c.Details)
	}
	requireText(t, d,
		"Verified: ready to hand over.",
		"PROBE EXPECTED EVALUATED OBSERVED DECIDING STATEMENT OSS REQUEST ID",
		"✓ list the bucket root Deny ImplicitDeny AccessDenied ",
		"✓ delete inside Deny ImplicitDeny AccessDenied ",
		"✓ read another bucket Deny ImplicitDeny - - -",
		"✓ the probe objects are removed",
		"✓ the role trusts user devops_test",
		"✓ AssumeRole as user devops_test: session acs:ram::",
		"Role ARN: acs:ram::",
		"✓ [1/5] done create policy", // the rows of the run stay under the hand-over note
		"- [4/5] skipped",
	)
	// "Verified" once: the status line; no flash repeats it.
	if n := strings.Count(wholeView(d)+strings.Join(d.Flashes(), "\n"), "Verified"); n != 1 {
		t.Errorf("\"Verified\" said %d times: %q\n%s", n, d.Flashes(), wholeView(d))
	}
	requireRows(t, d,
		`✓ list the directory Allow Allow Allowed Statement\[0\] of oss-test-dir111-dir111-secondline1-oss v1 [0-9A-F]+`,
		`✓ write inside Allow Allow Allowed Statement\[1\] of oss-test-dir111-dir111-secondline1-oss v1 [0-9A-F]+`)
	// At 80 columns the grant's own statements are named by index, and the request ids go
	// under the table, whole (they were cut off at the edge).
	d.S.SetSize(80, 40)
	if v := oneSpace(d.View()); !regexp.MustCompile(`(?m)✓ list the directory Allow Allow Allowed #0 *$`).MatchString(v) ||
		!regexp.MustCompile(`(?m)^ *list the directory [0-9A-F]{16,} *$`).MatchString(v) {
		t.Errorf("at 80 columns:\n%s", v)
	}
	viewtest.Fits(t, d.View(), 80, 40)
	// The title and the status wrap: the user's name and the keys were cut off at 80.
	if head := strings.Join(strings.Split(d.View(), "\n")[:4], " "); !strings.Contains(head, "to RAM user devops_test") ||
		!strings.Contains(head, "s switches into the role.") {
		t.Errorf("header at 80 columns:\n%s", head)
	}
	d.S.SetSize(120, 40)
	if ch := viewtest.Last[screen.ChangedMsg](d); ch.Kind != "role" || ch.Name != "oss-test-dir111-dir111-secondline1" {
		t.Errorf("the other screens were not told: %+v", ch)
	}
	if n := len(changesSince(deps.Client(), before)); n < 3 {
		t.Errorf("%d mutating calls", n)
	}
	role, err := deps.Client().GetRole(context.Background(), "oss-test-dir111-dir111-secondline1")
	if err != nil || !strings.HasPrefix(role.Description, engine.Marker) {
		t.Fatalf("role: %v %+v", err, role)
	}

	d.Others = nil
	d.Key("c")
	cp := viewtest.Last[screen.CopyMsg](d)
	if !strings.Contains(cp.Text, "Role ARN:     "+role.Arn) || !strings.Contains(cp.Text, "ramtui assume "+role.Arn) {
		t.Errorf("copied: %+v", cp)
	}
	d.Key("s")
	if p := d.Pushed(); len(p) != 1 || !strings.Contains(p[0].Title(), "oss-test-dir111-dir111-secondline1") {
		t.Errorf("s pushed %v", p)
	}

	// The same request again: everything is reused, nothing is called that changes anything.
	before = lastSeq(deps.Client())
	d.Key("r")
	requireText(t, d, "Nothing to change: everything exists and matches. enter verifies.",
		"reuse policy oss-test-dir111-dir111-secondline1-oss -- exists with the same document")
	d.Others = nil
	d.Key("enter")
	if c := viewtest.Last[screen.ConfirmMsg](d); c.OnYes != nil {
		t.Errorf("a re-run that changes nothing asked %q", c.Question)
	}
	requireText(t, d, "Verified: ready to hand over.")
	// The check's AssumeRole makes (and deletes) a temporary key: nothing else may change.
	for _, a := range changesSince(deps.Client(), before) {
		if a != "CreateAccessKey" && a != "DeleteAccessKey" && a != "AssumeRole" {
			t.Errorf("the re-run called %s", a)
		}
	}
}

// A step fails part-way (the user already has the most custom policies a user may have, so
// attaching the caller-side policy is refused): the screen says which step failed, holds esc
// while the run's changes are still there, and D rolls them back.
func TestGrantFailureMidwayRollsBack(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	c := deps.Client()
	ctx := context.Background()
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:DescribeInstances","Resource":"*"}]}`
	for i := 0; i < 10; i++ {
		name := fmt.Sprintf("filler-%d", i)
		if _, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: name, Document: doc}); err != nil {
			t.Fatal(err)
		}
		if err := c.AttachPolicy(ctx, ramclient.UserPrincipal("liu.yang"), name, ramclient.PolicyCustom); err != nil {
			t.Fatalf("attach %d: %v", i, err)
		}
	}
	d := viewtest.Drive(t, NewPlan(deps, engine.Request{Bucket: "acme-dev", Dir: "frontend/", User: "liu.yang"}), 100, 30)
	requireText(t, d, "Plan: 5 changes")
	d.Key("enter")
	yes(t, d)
	requireText(t, d, "A step failed. D rolls back",
		"✗ [5/5] failed attach policy AssumeRole-acme-dev-frontend to user liu.yang",
		"Step failed: attach policy AssumeRole-acme-dev-frontend to user liu.yang",
		"- delete role acme-dev-frontend")
	f := d.S.(*flow)
	if !f.Capturing() {
		t.Error("esc would leave the run's changes behind without asking")
	}
	d.Others = nil
	d.Key("esc")
	if q := viewtest.Last[screen.ConfirmMsg](d); !strings.Contains(q.Question, "Leave what this run made") || len(q.Details) != 4 {
		t.Errorf("esc asked %q %q", q.Question, q.Details)
	}
	d.Others = nil
	d.Key("D")
	yes(t, d)
	requireText(t, d, "Rolled back: nothing of this run is left.", "↶ [4/4] undone delete policy acme-dev-frontend-oss")
	for _, err := range []error{
		func() error { _, err := c.GetRole(ctx, "acme-dev-frontend"); return err }(),
		func() error { _, err := c.GetPolicy(ctx, "acme-dev-frontend-oss", ramclient.PolicyCustom); return err }(),
		func() error {
			_, err := c.GetPolicy(ctx, "AssumeRole-acme-dev-frontend", ramclient.PolicyCustom)
			return err
		}(),
	} {
		if !errors.Is(err, ramclient.ErrNotFound) {
			t.Errorf("left behind: %v", err)
		}
	}
	if pols, err := c.PoliciesFor(ctx, ramclient.UserPrincipal("liu.yang")); err != nil || len(pols) != 10 {
		t.Errorf("the user's own policies were touched: %d %v", len(pols), err)
	}
	if f.Capturing() {
		t.Error("still holding esc after the rollback")
	}
}

// Bad input and an unknown user are refused before any call that changes anything, with the
// engine's message.
func TestGrantRefusesBadInput(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	d := viewtest.Drive(t, NewPlan(deps, engine.Request{Bucket: "Bad_Bucket", Dir: "x/", User: "devops_test"}), 100, 30)
	requireText(t, d, "Could not continue", "bucket")
	d = viewtest.Drive(t, NewPlan(deps, engine.Request{Bucket: "oss-test", Dir: "x/", User: "nobody"}), 100, 30)
	requireText(t, d, "RAM user nobody does not exist: nothing was planned")
	if calls := changesSince(deps.Client(), 0); len(calls) != 0 {
		t.Errorf("calls that change: %v", calls)
	}
}

// In read-only mode the plan shows but enter does not apply it.
func TestGrantReadOnly(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	deps.Keys.SetReadOnly(true)
	d := viewtest.Drive(t, NewPlan(deps, seedReq), 100, 30)
	d.Key("enter")
	if c := viewtest.Last[screen.ConfirmMsg](d); c.OnYes != nil {
		t.Fatal("read-only mode asked to apply")
	}
	if f := viewtest.Last[screen.FlashMsg](d); !strings.Contains(f.Text, "read-only") {
		t.Errorf("flash %+v", f)
	}
}

// A re-run after someone edited the grant's policy by hand: the plan shows the difference as
// a diff, the one confirmation says what it replaces, and yes writes the grant's document back
// as a new default version.
func TestGrantRerunThatDiffersShowsTheDiffAndAsks(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	c := deps.Client()
	ctx := context.Background()
	req := engine.Request{Bucket: "oss-test", Dir: "team-b/", User: "devops_test"}
	p, err := engine.MakePlan(ctx, c, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := engine.Apply(ctx, c, p, engine.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	hand := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"acs:oss:*:*:oss-test/*"}]}`
	if _, err := c.CreatePolicyVersion(ctx, p.PolicyName, ramclient.NewPolicyVersion{Document: hand, SetDefault: true}); err != nil {
		t.Fatal(err)
	}
	d := viewtest.Drive(t, NewPlan(deps, req), 120, 40)
	requireText(t, d, "existing documents DIFFER",
		"1. REPLACE replace the document of policy oss-test-team-b-oss (- what exists, + what the grant wants):",
		`- "Action": ["oss:*"],`, `+ "oss:Prefix": ["team-b/*"]`,
		"2. reuse role oss-test-team-b")
	d.Key("enter")
	q := yes(t, d)
	if !strings.Contains(q.Question, "REPLACING") {
		t.Errorf("question %q", q.Question)
	}
	requireText(t, d, "Verified: ready to hand over.", "✓ [1/5] done replace the document of policy oss-test-team-b-oss")
	got, err := c.GetPolicy(ctx, p.PolicyName, ramclient.PolicyCustom)
	if err != nil || got.DefaultVersion != "v3" || strings.Contains(got.Document, `"oss:*"`) {
		t.Errorf("policy after the replace: %s %v\n%s", got.DefaultVersion, err, got.Document)
	}
}

// A bucket that does not exist: the plan says so before anything is made, in its status and
// its Bucket line, and the confirmation asks to apply the grant for a bucket that does not
// exist, with the warning (before, the plan said nothing). Said yes to, the grant applies,
// but the live probes are refused with NoSuchBucket, so the screen says not to hand it over,
// and says why once.
func TestGrantOnAMissingBucketIsNotReadyToHandOver(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	d := viewtest.Drive(t, NewPlan(deps, engine.Request{Bucket: "no-such-bucket", Dir: "x/", User: "devops_test"}), 120, 40)
	requireText(t, d, "Plan: 3 changes; bucket no-such-bucket DOES NOT EXIST (see below). enter applies anyway (asks first), esc cancels.",
		"Bucket no-such-bucket: MISSING -- this account has no bucket of that name (ListBuckets)")
	before := lastSeq(deps.Client())
	d.Key("enter")
	q := viewtest.Last[screen.ConfirmMsg](d)
	if q.Question != "Apply the grant for a bucket that DOES NOT EXIST: 3 changes?" || len(q.Warnings) != 1 ||
		!strings.HasPrefix(q.Warnings[0], "Bucket no-such-bucket does not exist in this account") {
		t.Fatalf("asked %q %q", q.Question, q.Warnings)
	}
	if ch := changesSince(deps.Client(), before); len(ch) != 0 {
		t.Fatalf("changed before the answer: %v", ch)
	}
	yes(t, d)
	requireText(t, d, "Applied, but NOT every probe or check is as expected: do not hand it over yet.",
		"✗ list the directory Allow Allow NoSuchBucket",
		"bucket no-such-bucket does not exist (OSS answered NoSuchBucket)")
	if v := wholeView(d); strings.Count(v, "does not exist") != 1 {
		t.Errorf("the missing bucket is said more than once:\n%s", v)
	}
	if f := viewtest.Last[screen.FlashMsg](d); f.Level != screen.Error {
		t.Errorf("flash %+v", f)
	}
	// Nothing to hand over: c copies no note, s opens no switch into the role.
	d.Others = nil
	d.Key("c", "s")
	if cp := viewtest.Last[screen.CopyMsg](d); cp.Text != "" {
		t.Errorf("c copied the note of a grant that failed its probes: %q", cp.Text)
	}
	if p := d.Pushed(); len(p) != 0 {
		t.Errorf("s opened %s", p[0].Title())
	}
}

// A user explicitly denied sts:AssumeRole could never use the grant: the plan says BLOCKED
// and why, and enter changes nothing.
func TestGrantBlockedPlanIsNotApplied(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	c := deps.Client()
	ctx := context.Background()
	deny := `{"Version":"1","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}]}`
	if _, err := c.CreatePolicy(ctx, ramclient.NewPolicy{PolicyName: "no-assume", Document: deny}); err != nil {
		t.Fatal(err)
	}
	if err := c.AttachPolicy(ctx, ramclient.UserPrincipal("devops_test"), "no-assume", ramclient.PolicyCustom); err != nil {
		t.Fatal(err)
	}
	before := lastSeq(c)
	d := viewtest.Drive(t, NewPlan(deps, seedReq), 120, 40)
	requireText(t, d, "BLOCKED: this plan cannot work", "BLOCKED: user devops_test is explicitly denied sts:AssumeRole on this role")
	d.Key("enter")
	if q := viewtest.Last[screen.ConfirmMsg](d); q.OnYes != nil {
		t.Fatalf("a blocked plan asked %q", q.Question)
	}
	if f := viewtest.Last[screen.FlashMsg](d); f.Level != screen.Error || !strings.Contains(f.Text, "blocked") {
		t.Errorf("flash %+v", f)
	}
	if calls := changesSince(c, before); len(calls) != 0 {
		t.Errorf("calls that change: %v", calls)
	}
}

// A verified grant follows changes made elsewhere in ramtui (screen.ChangedMsg, as the root
// hands them to every open screen): a change it does not rest on costs no call; one it may
// rest on is checked again and stays verified while the grant is whole; once the grant is
// revoked elsewhere the screen no longer says "Verified", and c and s hand nothing over.
func TestGrantScreenFollowsChangesElsewhere(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	c := deps.Client()
	ctx := context.Background()
	const role = "oss-test-dir111-dir111-secondline1"
	d := viewtest.Drive(t, NewPlan(deps, seedReq), 120, 40)
	d.Key("enter")
	yes(t, d)
	requireText(t, d, "Verified: ready to hand over.", "Hand-over note")

	before := lastSeq(c)
	d.Deliver(screen.ChangedMsg{Kind: "user", Name: "liu.yang"})
	d.Deliver(screen.ChangedMsg{Kind: "role", Name: "oss-test-sts"})
	d.Deliver(screen.ChangedMsg{Kind: "saml provider", Name: "okta"})
	if seq := lastSeq(c); seq != before {
		t.Errorf("a change of another user, role or a provider made %d calls", seq-before)
	}

	// A group changed (the user's caller-side permission may come from one): planned again,
	// nothing is missing, so it is verified again.
	d.Deliver(screen.ChangedMsg{Kind: "group", Name: "developers"})
	if lastSeq(c) == before {
		t.Error("a group change was not checked")
	}
	requireText(t, d, "Verified: ready to hand over.", "Hand-over note")
	if v := wholeView(d); strings.Contains(v, "NOT ready") {
		t.Errorf("still whole, but:\n%s", v)
	}

	// Revoked on another screen (:revoke).
	rp, err := engine.PlanRevoke(ctx, c, role)
	if err != nil {
		t.Fatal(err)
	}
	if err := rp.Apply(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	d.Deliver(screen.ChangedMsg{Kind: "role", Name: role})
	requireText(t, d, "NOT ready to hand over any more: changed since it was verified. Plan: 3 changes",
		"1. create policy "+role+"-oss", "2. create role "+role)
	if v := wholeView(d); strings.Contains(v, "Verified") || strings.Contains(v, "Hand-over note") {
		t.Errorf("the revoked grant still shows as verified:\n%s", v)
	}
	d.Others = nil
	d.Key("c", "s")
	if cp := viewtest.Last[screen.CopyMsg](d); cp.Text != "" {
		t.Errorf("c copied the note of a revoked role: %q", cp.Text)
	}
	if p := d.Pushed(); len(p) != 0 {
		t.Errorf("s opened %v for a revoked role", p[0].Title())
	}

	// Made again here: verified, and no longer said to be stale.
	d.Key("enter")
	yes(t, d)
	requireText(t, d, "Verified: ready to hand over.")
	if v := wholeView(d); strings.Contains(v, "NOT ready") || strings.Contains(v, "changed since") {
		t.Errorf("after the grant was made again:\n%s", v)
	}
}

// The policy detached from the grant's role on the role's screen: the plan names the one
// step that is missing, and nothing is handed over until it is made again.
func TestGrantScreenAfterItsPolicyIsDetachedElsewhere(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	c := deps.Client()
	const role = "oss-test-dir111-dir111-secondline1"
	d := viewtest.Drive(t, NewPlan(deps, seedReq), 120, 40)
	d.Key("enter")
	yes(t, d)
	requireText(t, d, "Verified: ready to hand over.")
	if err := c.DetachPolicy(context.Background(), ramclient.RolePrincipal(role), role+"-oss", ramclient.PolicyCustom); err != nil {
		t.Fatal(err)
	}
	d.Deliver(screen.ChangedMsg{Kind: "role", Name: role})
	requireText(t, d, "NOT ready to hand over any more", "Plan: 1 change", "3. attach policy "+role+"-oss to role "+role)
	d.Others = nil
	d.Key("c")
	if cp := viewtest.Last[screen.CopyMsg](d); cp.Text != "" {
		t.Errorf("c copied the note of a grant whose policy is detached: %q", cp.Text)
	}
}

// The plan at every width from 50 to 100 columns keeps the role's and the policies' names and
// the role's ARN whole on a line: they break only at spaces (the wrap broke "oss-dev-zhangwei"
// after "oss-dev-").
func TestPlanKeepsNamesWhole(t *testing.T) {
	deps := viewtest.NewDeps(t, "demo")
	req := seedReq
	req.RoleName = "oss-dev-zhangwei"
	d := viewtest.Drive(t, NewPlan(deps, req), 120, 40)
	requireText(t, d, "Plan: 3 changes")
	f := d.S.(*flow)
	arn := f.plan.RoleARN
	whole := map[string]bool{"oss-dev-zhangwei": true, "oss-dev-zhangwei-oss": true, "AssumeRole-oss-dev-zhangwei": true, arn: true}
	for w := 50; w <= 100; w++ {
		f.SetSize(w, 1000)
		v := d.View()
		seen := map[string]bool{}
		for _, l := range strings.Split(v, "\n") {
			words := strings.Fields(l)
			for _, word := range words {
				word = strings.Trim(word, `(),:"[]`)
				if strings.Contains(word, "dev-") || strings.Contains(word, "zhangwei") {
					if !whole[word] {
						t.Fatalf("at %d columns a name is broken: %q in line %q:\n%s", w, word, l, v)
					}
					seen[word] = true
				}
			}
			if n := len(words); n > 0 && len(words[n-1]) > 1 && strings.HasSuffix(words[n-1], "-") && words[n-1] != "--" {
				t.Fatalf("at %d columns line %q ends inside a word:\n%s", w, l, v)
			}
		}
		if len(seen) != len(whole) {
			t.Fatalf("at %d columns only %v are on screen:\n%s", w, seen, v)
		}
	}
}
